"""The shared filters: periods and account attributes mean the same on every page."""

from __future__ import annotations

from datetime import date

import pytest

from kapanalytics.filters import (
    ACCOUNT_FILTER_FIELDS,
    Filters,
    Period,
    account_filter_sql,
    count_accounts,
    default_period,
    filter_options,
    last_12_months,
    previous_year,
    year_to_date,
)

PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))


def test_previous_period_has_the_same_length_and_ends_the_day_before():
    previous = Period(date(2025, 3, 1), date(2025, 3, 31)).previous()
    assert previous == Period(date(2025, 1, 29), date(2025, 2, 28))
    assert previous.days == 31


def test_last_12_months_ends_on_the_day_and_starts_a_year_later_plus_one():
    assert last_12_months(date(2026, 9, 30)) == Period(date(2025, 10, 1), date(2026, 9, 30))
    assert last_12_months(date(2024, 2, 29)) == Period(date(2023, 3, 1), date(2024, 2, 29))


def test_year_to_date_and_previous_year():
    assert year_to_date(date(2026, 9, 30)) == Period(date(2026, 1, 1), date(2026, 9, 30))
    assert previous_year(date(2026, 9, 30)) == Period(date(2025, 1, 1), date(2025, 12, 31))


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="ends"):
        Period(date(2025, 2, 1), date(2025, 1, 1))


def _accounts(con):
    con.execute(
        """insert into accounts (account_id, region, country, industry, owner, segment) values
        ('A', 'DACH', 'Germany', 'Chemicals', 'Weber', 'Large'),
        ('B', 'DACH', 'Austria', 'Food', 'Weber', 'Small'),
        ('C', 'Nordics', 'Sweden', 'Food', 'Koch', 'Small'),
        ('D', null, null, null, null, null)"""
    )


@pytest.mark.parametrize(
    ("field", "values", "expected"),
    [
        ("region", ("DACH",), {"A", "B"}),
        ("country", ("Sweden", "Austria"), {"B", "C"}),
        ("industry", ("Food",), {"B", "C"}),
        ("owner", ("Koch",), {"C"}),
        ("segment", ("Large",), {"A"}),
    ],
)
def test_each_account_filter_selects_its_accounts(con, field, values, expected):
    _accounts(con)
    condition, params = account_filter_sql(Filters(period=PERIOD, **{field: values}))
    rows = con.execute(f"select account_id from accounts a where {condition}", params).fetchall()
    assert {r[0] for r in rows} == expected
    assert count_accounts(con, Filters(period=PERIOD, **{field: values})) == len(expected)


def test_filters_combine_with_and_and_no_filter_selects_all(con):
    _accounts(con)
    both = Filters(period=PERIOD, region=("DACH",), industry=("Food",))
    assert count_accounts(con, both) == 1
    assert count_accounts(con, Filters(period=PERIOD)) == 4
    assert account_filter_sql(Filters(period=PERIOD)) == ("true", [])


def test_account_ids_restrict_the_population(con):
    _accounts(con)
    assert count_accounts(con, Filters(period=PERIOD, account_ids=("A", "C"))) == 2
    assert count_accounts(con, Filters(period=PERIOD, account_ids=())) == 0


def test_a_value_that_looks_like_sql_is_only_a_value(con):
    _accounts(con)
    evil = Filters(period=PERIOD, owner=("x') or true --",))
    assert count_accounts(con, evil) == 0
    assert con.execute("select count(*) from accounts").fetchone()[0] == 4


def test_filter_options_are_distinct_sorted_and_skip_empty(con):
    _accounts(con)
    options = filter_options(con)
    assert list(options) == list(ACCOUNT_FILTER_FIELDS)
    assert options["industry"] == ["Chemicals", "Food"]
    assert options["region"] == ["DACH", "Nordics"]


def test_default_period_is_the_last_12_months_of_data(con):
    assert default_period(con) is None
    con.execute(
        "insert into transactions (invoice_id, line_no, account_id, invoice_date, net_amount)"
        " values ('1', 1, 'A', '2024-01-05', 10), ('2', 1, 'A', '2025-06-30', 10)"
    )
    assert default_period(con) == Period(date(2024, 7, 1), date(2025, 6, 30))
