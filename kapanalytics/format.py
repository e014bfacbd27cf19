"""Numbers, money, percentages and dates as each language writes them.

English: 1,234,567.89 and 2026-09-30. German: 1.234.567,89 and 30.09.2026.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime

import numpy as np
import pandas as pd

# Currency symbols written after the number in German, before it in English.
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(value)  # type: ignore[arg-type]
    except TypeError:
        return False


MISSING = "–"


def format_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """``1234567.891`` -> ``1,234,567.89`` (en) or ``1.234.567,89`` (de) with 2 decimals."""
    if _is_missing(value):
        return MISSING
    text = f"{value:,.{decimals}f}"
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_money(
    value: float | None, lang: str, currency: str = "EUR", decimals: int = 0, compact: bool = False
) -> str:
    """Money with its currency symbol; ``compact`` writes 1.2 M / 1,2 Mio. for large amounts."""
    if _is_missing(value):
        return MISSING
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    number = format_compact(value, lang) if compact else format_number(value, lang, decimals)
    if lang == "de":
        return f"{number} {symbol}"
    if len(symbol) == 1:
        return f"-{symbol}{number[1:]}" if number.startswith("-") else f"{symbol}{number}"
    return f"{symbol} {number}"


def format_compact(value: float, lang: str) -> str:
    """``1_234_567`` -> ``1.23 M`` (en) or ``1,23 Mio.`` (de); below 10,000 unchanged."""
    magnitude = abs(value)
    units = (
        (1e9, "bn", "Mrd."),
        (1e6, "M", "Mio."),
        (1e3, "k", "Tsd."),
    )
    for size, en, de in units:
        if magnitude >= size and magnitude >= 1e4:
            scaled = value / size
            decimals = 2 if abs(scaled) < 10 else 1 if abs(scaled) < 100 else 0
            return f"{format_number(scaled, lang, decimals)} {de if lang == 'de' else en}"
    return format_number(value, lang, 0)


def format_percent(value: float | None, lang: str, decimals: int = 1) -> str:
    """A share (0.123) as a percentage: ``12.3%`` (en) or ``12,3 %`` (de)."""
    if _is_missing(value):
        return MISSING
    number = format_number(value * 100, lang, decimals)
    return f"{number} %" if lang == "de" else f"{number}%"


def format_date(value: date | datetime | None, lang: str) -> str:
    """``2026-09-30`` (en, unambiguous everywhere) or ``30.09.2026`` (de)."""
    if value is None:
        return MISSING
    if isinstance(value, datetime):
        value = value.date()
    return value.strftime("%d.%m.%Y") if lang == "de" else value.isoformat()


def plotly_separators(lang: str) -> str:
    """Plotly's ``separators`` layout value: decimal mark then thousands mark."""
    return ",." if lang == "de" else ".,"


def format_value(value: float | None, kind: str, lang: str, currency: str = "EUR") -> str:
    """A figure by its kind: 'money' (compact), 'percent' (a share) or 'count'."""
    if kind == "money":
        return format_money(value, lang, currency, compact=True)
    if kind == "percent":
        return format_percent(value, lang)
    return format_number(value, lang)


def format_change(
    change: float | None,
    change_pct: float | None,
    kind: str,
    lang: str,
    currency: str = "EUR",
) -> str | None:
    """How a figure moved against the previous period, signed; None when there is nothing to
    compare with.

    Shares move in percentage points (``+1.2 pp`` / ``+1,2 Pp.``); other figures by their
    relative change (``+5.0%``), or by the absolute change when the previous value was zero.
    """
    if _is_missing(change):
        return None
    sign = "+" if change >= 0 else ""
    if kind == "percent":
        unit = "Pp." if lang == "de" else "pp"
        return f"{sign}{format_number(change * 100, lang, 1)} {unit}"
    if not _is_missing(change_pct):
        return f"{'+' if change_pct >= 0 else ''}{format_percent(change_pct, lang)}"
    return f"{sign}{format_value(change, kind, lang, currency)}"


def codes_as_labels(values: pd.Series, labels: Mapping[object, object]) -> pd.Series:
    """``values.map(labels)``, each distinct value looked up once: for the 100,000s of rows of
    a few codes (quadrants, classes) a lookup per row took 80 ms of every rerun at size L.
    A value without a label, and a missing value, becomes missing."""
    codes, distinct = pd.factorize(values)
    # the missing values' code, -1, picks the last entry: missing
    looked_up = np.array([labels.get(value, np.nan) for value in distinct] + [np.nan], dtype=object)
    return pd.Series(looked_up[codes], index=values.index, name=values.name)
