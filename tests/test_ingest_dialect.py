"""Dialect sniffing on its own: delimiters, headers, number and date styles."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kapanalytics.ingest import dialect, import_file
from tests.ingest_support import rows, write_text

DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["a;b;c", "1;2,5;3", "4;5,5;6"], ";"),
        (["a,b,c", "1,2.5,3", '4,"5,5",6'], ","),
        (["a\tb", "1\t2"], "\t"),
        (["a|b", "1|2"], "|"),
        (["Report of 2024", "a;b", "1;2"], ";"),
        ([" id  date amount", " 1 19970101  2.5"], dialect.WHITESPACE),
        (["Record ID", "1", "2"], ","),
    ],
    ids=["semicolon", "comma-with-quotes", "tab", "pipe", "title-line", "blanks", "one-column"],
)
def test_detect_delimiter(lines, expected):
    assert dialect.detect_delimiter(lines) == expected


def test_detect_header_row_skips_titles_and_blank_lines():
    lines = ["Umsatzliste", "Stand: 31.12.2024", "", "Kunde;Datum;Betrag", "K1;01.01.2024;5"]
    assert dialect.detect_header_row(lines, ";") == 3


@pytest.mark.parametrize(
    ("values", "delimiter", "expected"),
    [
        (["1.234,56", "7"], ",", (",", ".")),
        (["12,5"], ",", (",", ".")),
        (["2.55", "1,234.56"], ";", (".", ",")),
        (["1.234"], ";", (",", ".")),
        (["1,234"], ",", (".", ",")),
        (["text", "31.12.2024"], ",", (".", ",")),
    ],
)
def test_detect_number_format(values, delimiter, expected):
    assert dialect.detect_number_format([[v] for v in values], delimiter) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(DATES, min_size=1, max_size=30), st.sampled_from(["dmy", "mdy"]))
def test_a_day_above_12_decides_the_order(dates, default):
    """Slashed dates: whenever a value can only be day-first, day-first is chosen."""
    text = [d.strftime("%d/%m/%Y") for d in dates]
    date_format, ambiguous = dialect.choose_date_format(dialect.date_stats(text), default)
    if any(d.day > 12 for d in dates):
        assert (date_format, ambiguous) == ("%d/%m/%Y", False)
        assert [dt.datetime.strptime(v, date_format).date() for v in text] == dates
    else:
        # no value decides: the default order is used, and the report says so
        expected = "%d/%m/%Y" if default == "dmy" else "%m/%d/%Y"
        assert (date_format, ambiguous) == (expected, True)


@settings(max_examples=100, deadline=None)
@given(st.lists(DATES, min_size=1, max_size=30))
def test_dotted_compact_and_iso_dates_need_no_guess(dates):
    for written_as in ("%d.%m.%Y", "%Y-%m-%d", "%Y%m%d"):
        text = [d.strftime(written_as) for d in dates]
        date_format, ambiguous = dialect.choose_date_format(dialect.date_stats(text), "mdy")
        assert (date_format, ambiguous) == (written_as, False)
        assert [dt.datetime.strptime(v, date_format).date() for v in text] == dates


@settings(max_examples=15, deadline=None)
@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_german_numbers_survive_the_import(tmp_path_factory, amount):
    con_path = tmp_path_factory.mktemp("n")
    from kapanalytics.store import connect

    con = connect(":memory:")
    con.execute("insert into accounts (account_id) values ('K1')")
    whole, _, cents = f"{abs(amount):.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    text = f"{'-' if amount < 0 else ''}{grouped},{cents}"
    path = write_text(con_path / "b.csv", f"Kundennummer;Jahr;Monat;Budget\nK1;2024;1;{text}\n")
    import_file(con, path, preset="generic_de", table="budgets")
    assert rows(con, "select budget_amount from budgets") == [(pytest.approx(float(amount)),)]
    con.close()
