"""Churn per account and per period: window edges, churn and return, credit notes, CRM dates.

Hand-made cases pin one rule each; a seeded random portfolio is then checked against the
literal pandas version of the definitions (tests/retention_reference.py).
"""

from __future__ import annotations

import pandas as pd
import pytest

from kapanalytics import churn, facts
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, Period
from tests import retention_reference as ref
from tests.test_facts import add_accounts, add_lines, d, line, random_portfolio

ALL = Filters(Period(d("2020-01-01"), d("2025-12-31")))
END = "2025-12-31"


def customers(con, *rows: dict) -> None:
    """Accounts with the given CRM fields, plus an account that keeps the data going to END."""
    add_accounts(con, *rows, {"account_id": "ZZZ"})
    add_lines(con, line("ZZZ", END, 1.0))


def flow_row(con, period_start: str, **kwargs) -> pd.Series:
    frame = churn.customer_flow(con, ALL, "year", **kwargs).set_index("period_start")
    row = frame.loc[pd.Timestamp(period_start)]
    return row[["start", "new", "reactivated", "lost", "end"]]


def test_first_purchase_makes_a_customer_until_w_days_without_one(con):
    customers(con, {"account_id": "A"})
    add_lines(con, line("A", "2023-03-01", 100))
    assert flow_row(con, "2023-01-01").tolist() == [0, 1, 0, 0, 1]
    # 2023-03-01 + 365 days = 2024-02-29: lost in 2024
    assert flow_row(con, "2024-01-01").tolist() == [1, 0, 0, 1, 0]
    events = churn.churn_events(con, ALL, "year")
    assert events[events["account_id"] == "A"]["churn_date"].tolist() == [
        pd.Timestamp("2024-02-29")
    ]


def test_last_purchase_exactly_w_days_before_the_end_is_lost_one_day_later_is_not(con):
    customers(con, {"account_id": "A"}, {"account_id": "B"})
    add_lines(con, line("A", "2024-12-31", 10), line("B", "2025-01-01", 10))
    lost = churn.customer_flow(con, ALL, "year", window_days=365)
    row = lost.set_index("period_start").loc[pd.Timestamp("2025-01-01")]
    # A: 2024-12-31 + 365 = 2025-12-31, on the period's end: lost; B: 2026-01-01, not yet
    assert row["lost"] == 1
    assert row["end"] == 2  # B and the account that keeps the data going


def test_an_account_that_churns_and_returns_is_lost_then_reactivated(con):
    customers(con, {"account_id": "A"})
    add_lines(
        con, line("A", "2021-05-10", 100), line("A", "2023-06-01", 250), line("A", "2024-05-01", 40)
    )
    assert flow_row(con, "2022-01-01").tolist() == [1, 0, 0, 1, 0]
    assert flow_row(con, "2023-01-01").tolist() == [0, 0, 1, 0, 1]
    events = churn.churn_events(con, ALL, "year")
    mine = events[events["account_id"] == "A"].iloc[0]
    assert mine["churn_date"] == pd.Timestamp("2022-05-10")
    assert bool(mine["won_back"])
    assert mine["returned_date"] == pd.Timestamp("2023-06-01")
    assert mine["revenue_brought_back"] == pytest.approx(290)


def test_a_credit_note_does_not_postpone_churn(con):
    customers(con, {"account_id": "A"})
    add_lines(
        con,
        line("A", "2022-03-01", 500),
        line("A", "2022-11-15", -200, credit_note=True),
    )
    events = churn.churn_events(con, ALL, "year")
    assert events[events["account_id"] == "A"]["churn_date"].tolist() == [
        pd.Timestamp("2023-03-01")
    ]


def test_crm_lost_date_ends_the_customer_earlier_than_the_window(con):
    customers(con, {"account_id": "A", "status": "Lost", "lost_date": "2022-07-01"})
    add_lines(con, line("A", "2022-02-01", 100))
    assert flow_row(con, "2022-01-01").tolist() == [0, 1, 0, 1, 0]
    assert flow_row(con, "2023-01-01").tolist() == [0, 0, 0, 0, 0]


def test_a_crm_lost_account_that_buys_again_stays_lost_until_the_crm_is_corrected(con):
    customers(con, {"account_id": "A", "status": "lost", "lost_date": "2022-07-01"})
    add_lines(con, line("A", "2022-02-01", 100), line("A", "2023-03-01", 100))
    assert flow_row(con, "2023-01-01").tolist() == [0, 0, 0, 0, 0]
    as_of = churn.account_churn(con, ALL, d("2023-12-31")).set_index("account_id")
    assert as_of.loc["A", "churn_date"] == pd.Timestamp("2022-07-01")
    assert not as_of.loc["A", "is_customer"]


def test_a_lost_date_without_the_lost_status_is_ignored(con):
    customers(con, {"account_id": "A", "status": "active", "lost_date": "2022-07-01"})
    add_lines(con, line("A", "2022-02-01", 100))
    assert flow_row(con, "2022-01-01").tolist() == [0, 1, 0, 0, 1]


def test_flow_lost_equals_the_overviews_lost_accounts(con):
    accounts, lines = random_portfolio(seed=7)
    add_accounts(con, *accounts.to_dict("records"))
    add_lines(con, *lines.to_dict("records"))
    flows = churn.customer_flow(con, ALL, "year")
    for row in flows.itertuples():
        period = Period(row.period_start.date(), row.period_end.date())
        kpis = facts.overview_kpis(con, Filters(period)).set_index("kpi")
        assert row.lost == kpis.loc["lost_accounts", "current"]
    assert flows["lost"].sum() > 0


@pytest.mark.parametrize("grain", ["year", "quarter", "month"])
@pytest.mark.parametrize("window_days", [365, 120])
def test_flow_matches_the_definitions_day_by_day(con, grain, window_days):
    accounts, lines = random_portfolio(seed=11)
    add_accounts(con, *accounts.to_dict("records"))
    add_lines(con, *lines.to_dict("records"))
    got = churn.customer_flow(con, ALL, grain, window_days=window_days)
    purchases = ref.purchases_of(lines)
    dates = pd.to_datetime(lines["invoice_date"])
    periods = ref.periods_of(dates.min().date(), dates.max().date(), grain)
    expected = ref.flow(purchases, ref.crm_lost_dates(accounts), periods, window_days)
    columns = ["start", "new", "reactivated", "lost", "end"]
    assert got[columns].to_numpy().tolist() == expected[columns].to_numpy().tolist()
    identity = got["start"] + got["new"] + got["reactivated"] - got["lost"]
    assert (identity == got["end"]).all()
    assert got["reactivated"].sum() > 0
    assert got["lost"].sum() > 0


@pytest.mark.parametrize("grain", ["year", "quarter"])
def test_flow_of_one_region_matches_the_definitions_on_its_accounts(con, grain):
    accounts, lines = random_portfolio(seed=11)
    add_accounts(con, *accounts.to_dict("records"))
    add_lines(con, *lines.to_dict("records"))
    chosen = accounts[accounts["region"] == "North"]
    theirs = lines[lines["account_id"].isin(set(chosen["account_id"]))]
    assert 0 < len(theirs) < len(lines)
    got = churn.customer_flow(con, Filters(ALL.period, region=("North",)), grain)
    # the periods span every account's lines: a filter never shifts them
    dates = pd.to_datetime(lines["invoice_date"])
    periods = ref.periods_of(dates.min().date(), dates.max().date(), grain)
    expected = ref.flow(ref.purchases_of(theirs), ref.crm_lost_dates(chosen), periods, 365)
    columns = ["start", "new", "reactivated", "lost", "end"]
    assert got[columns].to_numpy().tolist() == expected[columns].to_numpy().tolist()
    assert got["end"].sum() > 0


def test_filters_choose_accounts_but_not_their_history(con):
    customers(con, {"account_id": "A", "region": "North"}, {"account_id": "B", "region": "South"})
    add_lines(con, line("A", "2021-05-10", 100), line("A", "2023-06-01", 100))
    add_lines(con, line("B", "2023-06-01", 100))
    north = Filters(ALL.period, region=("North",))
    flows = churn.customer_flow(con, north, "year").set_index("period_start")
    # A was a customer before 2023, so it returns there: reactivated, never new
    assert flows.loc[pd.Timestamp("2023-01-01"), ["new", "reactivated"]].tolist() == [0, 1]


def test_periods_span_the_data_and_flag_the_cut_off_ones(con):
    customers(con, {"account_id": "A"})
    add_lines(con, line("A", "2023-03-15", 100))
    flows = churn.customer_flow(con, ALL, "year")
    assert flows["period_start"].dt.year.tolist() == [2023, 2024, 2025]
    assert flows["is_complete"].tolist() == [False, True, True]
    quarters = churn.customer_flow(con, ALL, "quarter")
    assert quarters["period_start"].iloc[0] == pd.Timestamp("2023-01-01")


def test_no_invoice_lines_give_an_empty_flow(con):
    assert churn.customer_flow(con, ALL, "year").empty
    assert churn.churn_events(con, ALL, "year").empty


@pytest.mark.parametrize("window_days", [0, -5, 2.5, True, "365"])
def test_window_must_be_whole_positive_days(con, window_days):
    with pytest.raises(ConfigurationError, match="whole number of days"):
        churn.customer_flow(con, ALL, "year", window_days=window_days)


def test_unknown_grain_is_refused(con):
    with pytest.raises(ConfigurationError, match="year, quarter, month"):
        churn.customer_flow(con, ALL, "week")
