"""Numbers, money, percentages and dates as each language writes them."""

from __future__ import annotations

import math
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from kapanalytics.format import (
    MISSING,
    codes_as_labels,
    format_change,
    format_compact,
    format_date,
    format_money,
    format_number,
    format_percent,
    format_value,
    plotly_separators,
)


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234567.891, "en", 2, "1,234,567.89"),
        (1234567.891, "de", 2, "1.234.567,89"),
        (-1234.5, "de", 1, "-1.234,5"),
        (0, "en", 0, "0"),
        (999, "de", 0, "999"),
    ],
)
def test_format_number(value, lang, decimals, expected):
    assert format_number(value, lang, decimals) == expected


@pytest.mark.parametrize("missing", [None, math.nan, float("nan")])
@pytest.mark.parametrize("lang", ["en", "de"])
def test_missing_values_show_a_dash(missing, lang):
    assert format_number(missing, lang) == MISSING
    assert format_money(missing, lang) == MISSING
    assert format_percent(missing, lang) == MISSING


@pytest.mark.parametrize(
    ("value", "lang", "currency", "expected"),
    [
        (1234.0, "en", "EUR", "€1,234"),
        (1234.0, "de", "EUR", "1.234 €"),
        (-1234.0, "en", "GBP", "-£1,234"),
        (50.0, "en", "CHF", "CHF 50"),
    ],
)
def test_format_money(value, lang, currency, expected):
    assert format_money(value, lang, currency) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1_234_567, "en", "1.23 M"),
        (1_234_567, "de", "1,23 Mio."),
        (45_600, "en", "45.6 k"),
        (2_500_000_000, "de", "2,50 Mrd."),
        (9_999, "en", "9,999"),
    ],
)
def test_format_compact(value, lang, expected):
    assert format_compact(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [(0.1234, "en", "12.3%"), (0.1234, "de", "12,3 %"), (-0.05, "de", "-5,0 %")],
)
def test_format_percent(value, lang, expected):
    assert format_percent(value, lang) == expected


def test_format_date_per_language():
    assert format_date(date(2026, 9, 30), "en") == "2026-09-30"
    assert format_date(date(2026, 9, 30), "de") == "30.09.2026"
    assert format_date(datetime(2026, 1, 2, 13, 5), "de") == "02.01.2026"


def test_plotly_separators_follow_the_language():
    assert plotly_separators("de") == ",."
    assert plotly_separators("en") == ".,"


@pytest.mark.parametrize(
    ("change", "change_pct", "kind", "lang", "expected"),
    [
        (0.012, float("nan"), "percent", "en", "+1.2 pp"),
        (-0.012, float("nan"), "percent", "de", "-1,2 Pp."),
        (5.0, 0.05, "count", "en", "+5.0%"),
        (-3e6, -0.094, "money", "de", "-9,4 %"),
        (250_000.0, float("nan"), "money", "en", "+€250 k"),
        (None, None, "count", "en", None),
    ],
)
def test_format_change_against_the_previous_period(change, change_pct, kind, lang, expected):
    assert format_change(change, change_pct, kind, lang) == expected


@pytest.mark.parametrize(
    ("value", "kind", "lang", "expected"),
    [
        (71_100_000.0, "money", "en", "€71.1 M"),
        (71_100_000.0, "money", "de", "71,1 Mio. €"),
        (0.383, "percent", "de", "38,3 %"),
        (1388, "count", "de", "1.388"),
    ],
)
def test_format_value_by_kind(value, kind, lang, expected):
    assert format_value(value, kind, lang) == expected


@pytest.mark.parametrize("dtype", ["str", object, "category"])
def test_codes_as_labels_is_a_map_looked_up_once_per_code(dtype):
    rng = np.random.default_rng(7)
    codes = rng.choice(["star", "develop", "maintain", "unknown", None], 5_000)
    values = pd.Series(codes, index=np.arange(5_000) * 3, name="quadrant", dtype=dtype)
    labels = {"star": "Stars", "develop": "Develop", "maintain": "Maintain"}
    expected = values.astype(object).map(labels)
    got = codes_as_labels(values, labels)
    pd.testing.assert_series_equal(got, expected, check_dtype=False)
    assert got.isna().sum() == (values.isna() | (values.astype(object) == "unknown")).sum()
    # by hand, the first rows
    for value, label in zip(values.iloc[:50], got.iloc[:50], strict=True):
        assert (label == labels[value]) if value in labels else pd.isna(label)
