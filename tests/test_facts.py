"""The overview's numbers, each checked against a value worked out by hand or by pandas.

The hand-made cases pin one rule each (credit notes, costs, period edges, churn window edges,
CRM lost dates, filters). The last part builds a random but seeded portfolio and recomputes every
number with an independent pandas implementation of docs/metrics.md.
"""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from kapanalytics import facts
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, Period
from kapanalytics.keyaccounts import current_key_accounts, record_decision
from kapanalytics.staging import refresh_staged_tables

YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))
_invoice_numbers = itertools.count(1)
NEW_INVOICE = object()
"""Default of :func:`line`: a fresh invoice id, so each line is an invoice of its own."""


# --- building the data ------------------------------------------------------------------------


def d(text: str) -> date:
    return date.fromisoformat(text)


def line(
    account_id: str,
    day: str,
    amount: float,
    *,
    cost: float | None = None,
    invoice: object = NEW_INVOICE,
    group: str | None = None,
    product: str | None = None,
    credit_note: bool | None = None,
) -> dict:
    """One invoice line; ``invoice=None`` leaves the invoice id out (grouped per day)."""
    invoice_id = f"INV{next(_invoice_numbers)}" if invoice is NEW_INVOICE else invoice
    return {
        "invoice_id": invoice_id,
        "account_id": account_id,
        "invoice_date": d(day),
        "product_id": product,
        "product_group": group,
        "net_amount": float(amount),
        "cost_amount": None if cost is None else float(cost),
        "is_credit_note": credit_note,
    }


def add_accounts(con, *accounts: dict) -> None:
    frame = pd.DataFrame(list(accounts))
    for column in ("created_date", "lost_date"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column]).dt.date
    con.register("new_accounts_frame", frame)
    con.execute("insert into accounts by name select * from new_accounts_frame")
    con.unregister("new_accounts_frame")


def add_lines(con, *lines: dict) -> None:
    frame = pd.DataFrame(list(lines)).astype(
        {
            "invoice_id": "object",
            "product_id": "object",
            "product_group": "object",
            "cost_amount": "float64",
            "is_credit_note": "object",
        }
    )
    frame["line_no"] = range(1, len(frame) + 1)
    con.register("new_lines_frame", frame)
    con.execute(
        "insert into transactions by name"
        " select * replace (cast(is_credit_note as boolean) as is_credit_note)"
        " from new_lines_frame"
    )
    con.unregister("new_lines_frame")
    refresh_staged_tables(con)


def kpis(con, filters: Filters, **kwargs) -> pd.DataFrame:
    return facts.overview_kpis(con, filters, **kwargs).set_index("kpi")


def current(con, filters: Filters, kpi: str, **kwargs) -> float:
    return kpis(con, filters, **kwargs).loc[kpi, "current"]


# --- analysis date ----------------------------------------------------------------------------


def test_analysis_date_is_none_without_lines(con):
    assert facts.analysis_date(con) is None


def test_analysis_date_is_the_last_invoice_date(con):
    add_accounts(con, {"account_id": "A"})
    add_lines(con, line("A", "2026-09-30", 10), line("A", "2021-01-04", 5))
    assert facts.analysis_date(con) == date(2026, 9, 30)


# --- revenue and contribution margin ----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "counted"),
    [
        ("2023-12-31", False),
        ("2024-01-01", True),
        ("2024-06-15", True),
        ("2024-12-31", True),
        ("2025-01-01", False),
    ],
)
def test_a_line_counts_when_dated_in_the_period_both_edges_included(con, day, counted):
    add_accounts(con, {"account_id": "A"})
    add_lines(con, line("A", day, 100))
    assert current(con, Filters(YEAR_2024), "revenue") == (100 if counted else 0)


def test_credit_notes_reduce_revenue(con):
    add_accounts(con, {"account_id": "A"})
    add_lines(
        con,
        line("A", "2024-02-01", 1000),
        line("A", "2024-03-01", -250, credit_note=True),
        line("A", "2024-04-01", 300, invoice="I-9"),
        line("A", "2024-04-01", -50, invoice="I-9"),
    )
    assert current(con, Filters(YEAR_2024), "revenue") == 1000


def test_previous_period_has_equal_length_and_ends_the_day_before(con):
    add_accounts(con, {"account_id": "A"})
    quarter = Period(d("2024-01-01"), d("2024-03-31"))  # 91 days
    add_lines(
        con,
        line("A", "2023-10-01", 7),  # 92 days before: outside the previous period
        line("A", "2023-10-02", 20),  # the previous period's first day
        line("A", "2023-12-31", 30),  # its last day
        line("A", "2024-01-01", 100),
    )
    table = kpis(con, Filters(quarter))
    assert table.loc["revenue", "current"] == 100
    assert table.loc["revenue", "previous"] == 50
    assert table.loc["revenue", "change"] == 50
    assert table.loc["revenue", "change_pct"] == pytest.approx(1.0)


def test_contribution_margin_counts_only_lines_with_a_cost(con):
    add_accounts(con, {"account_id": "A"})
    add_lines(
        con,
        line("A", "2024-01-10", 1000, cost=600),
        line("A", "2024-02-10", 500),  # no cost: in revenue, not in the margin
        line("A", "2024-03-10", -200, cost=-120),  # a credit note with its cost
    )
    table = kpis(con, Filters(YEAR_2024))
    assert table.loc["revenue", "current"] == 1300
    assert table.loc["contribution_margin", "current"] == pytest.approx(320)
    assert table.loc["contribution_margin_pct", "current"] == pytest.approx(320 / 800)


def test_margin_is_nan_when_no_line_has_a_cost(con):
    add_accounts(con, {"account_id": "A"})
    add_lines(con, line("A", "2024-01-10", 1000), line("A", "2023-01-10", 1000, cost=100))
    table = kpis(con, Filters(YEAR_2024))
    assert math.isnan(table.loc["contribution_margin", "current"])
    assert math.isnan(table.loc["contribution_margin_pct", "current"])
    assert table.loc["contribution_margin", "previous"] == 900
    assert math.isnan(table.loc["contribution_margin", "change"])


def test_empty_period_has_zero_revenue_and_no_ratios(con):
    add_accounts(con, {"account_id": "A"})
    table = kpis(con, Filters(YEAR_2024))
    assert table.loc["revenue", "current"] == 0
    assert table.loc["active_accounts", "current"] == 0
    assert math.isnan(table.loc["key_account_revenue_share", "current"])
    assert math.isnan(table.loc["revenue", "change_pct"])


def test_kpis_come_in_the_documented_order_with_the_documented_columns(con):
    table = facts.overview_kpis(con, Filters(YEAR_2024))
    assert table["kpi"].tolist() == list(facts.OVERVIEW_KPIS)
    assert list(table.columns) == ["kpi", "current", "previous", "change", "change_pct"]


def test_change_pct_is_relative_to_the_size_of_a_negative_previous_value(con):
    add_accounts(con, {"account_id": "A"})
    add_lines(con, line("A", "2023-05-01", -100), line("A", "2024-05-01", 50))
    row = kpis(con, Filters(YEAR_2024)).loc["revenue"]
    assert row["change"] == 150
    assert row["change_pct"] == pytest.approx(1.5)


# --- invoices, purchases, active accounts -----------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "active"),
    [
        pytest.param([line("A", "2024-03-01", 100)], 1, id="a plain sale"),
        pytest.param([line("A", "2024-03-01", -100)], 0, id="only a credit note"),
        pytest.param(
            [line("A", "2024-03-01", 100, invoice="X"), line("A", "2024-03-01", -40, invoice="X")],
            1,
            id="negative line inside a positive invoice",
        ),
        pytest.param(
            [line("A", "2024-03-01", 100, invoice="X"), line("A", "2024-03-01", -100, invoice="X")],
            0,
            id="invoice netting to zero",
        ),
        pytest.param(
            [
                line("A", "2024-03-01", 100, invoice=None),
                line("A", "2024-03-01", -150, invoice=None),
            ],
            0,
            id="lines without invoice id form one invoice per day",
        ),
        pytest.param(
            [
                line("A", "2024-03-01", 100, invoice=None),
                line("A", "2024-03-02", -150, invoice=None),
            ],
            1,
            id="lines without invoice id on different days are different invoices",
        ),
        pytest.param(
            [line("A", "2024-03-01", 80, credit_note=True)],
            0,
            id="a flagged credit note is no purchase whatever its sign",
        ),
        pytest.param([line("A", "2023-12-31", 100)], 0, id="purchase before the period"),
    ],
)
def test_active_accounts_need_a_purchase_in_the_period(con, lines, active):
    add_accounts(con, {"account_id": "A"})
    add_lines(con, *lines)
    assert current(con, Filters(YEAR_2024), "active_accounts") == active


def test_active_accounts_count_each_account_once(con):
    add_accounts(con, {"account_id": "A"}, {"account_id": "B"}, {"account_id": "C"})
    add_lines(
        con,
        line("A", "2024-01-05", 10),
        line("A", "2024-07-05", 10),
        line("B", "2024-03-05", 10),
        line("C", "2024-03-05", -10),
    )
    assert current(con, Filters(YEAR_2024), "active_accounts") == 2


# --- new accounts -----------------------------------------------------------------------------


def test_new_accounts_have_their_first_purchase_ever_in_the_period(con):
    add_accounts(
        con,
        {"account_id": "OLD", "region": "North"},
        {"account_id": "NEW", "region": "North"},
        {"account_id": "CREDIT_FIRST", "region": "North"},
        {"account_id": "LATER", "region": "North"},
    )
    add_lines(
        con,
        line("OLD", "2021-06-01", 100),
        line("OLD", "2024-02-01", 100),
        line("NEW", "2024-02-01", 100),
        line("NEW", "2024-09-01", 100),
        line("CREDIT_FIRST", "2023-06-01", -50),  # a credit note is no first purchase
        line("CREDIT_FIRST", "2024-05-01", 70),
        line("LATER", "2025-01-01", 100),
    )
    filters = Filters(YEAR_2024, region=("North",))
    assert current(con, filters, "new_accounts") == 2


def test_a_filter_does_not_hide_an_accounts_earlier_history(con):
    # the 2021 purchase lies outside the period and the filter: the account is still not new
    add_accounts(con, {"account_id": "OLD", "owner": "Weber"})
    add_lines(con, line("OLD", "2021-06-01", 100), line("OLD", "2024-02-01", 100))
    filters = Filters(YEAR_2024, owner=("Weber",), account_ids=("OLD",))
    table = kpis(con, filters)
    assert table.loc["new_accounts", "current"] == 0
    assert table.loc["active_accounts", "current"] == 1


# --- lost accounts ----------------------------------------------------------------------------


@pytest.mark.parametrize("window_days", [365, 90])
@pytest.mark.parametrize(
    ("days_before_end", "lost"),
    [
        pytest.param(0, True, id="churn date on the period's last day"),
        pytest.param(-1, False, id="churn date one day after the period"),
        pytest.param(365, True, id="churn date on the period's first day"),
        pytest.param(366, False, id="churn date the day before the period"),
    ],
)
def test_lost_window_edges(con, window_days, days_before_end, lost):
    """The churn date last purchase + W is lost in P when it lies in P, both edges included."""
    churn_date = YEAR_2024.end - timedelta(days=days_before_end)
    last_purchase = churn_date - timedelta(days=window_days)
    add_accounts(con, {"account_id": "A"})
    add_lines(con, line("A", last_purchase.isoformat(), 100))
    assert current(con, Filters(YEAR_2024), "lost_accounts", window_days=window_days) == lost


def test_a_credit_note_does_not_postpone_the_churn_date(con):
    add_accounts(con, {"account_id": "A"})
    add_lines(con, line("A", "2023-03-01", 100), line("A", "2023-09-01", -30))
    assert current(con, Filters(YEAR_2024), "lost_accounts") == 1


@pytest.mark.parametrize(
    ("status", "lost_date", "lost"),
    [
        pytest.param("lost", "2024-06-30", True, id="CRM lost date earlier than the window"),
        pytest.param("Lost", "2024-06-30", True, id="status compared without case"),
        pytest.param("lost", "2025-03-01", False, id="CRM lost date after the period"),
        pytest.param("active", "2024-06-30", False, id="a lost date without lost status"),
        pytest.param("lost", None, False, id="lost status without a date"),
    ],
)
def test_crm_lost_date_counts_when_earlier_than_the_window(con, status, lost_date, lost):
    # last purchase 2024-02-01: by the window alone it churns on 2025-01-31, after 2024
    add_accounts(con, {"account_id": "A", "status": status, "lost_date": lost_date})
    add_lines(con, line("A", "2024-02-01", 100))
    assert current(con, Filters(YEAR_2024), "lost_accounts") == lost


def test_window_churn_wins_when_earlier_than_the_crm_date(con):
    # window churn 2023-03-01 (lost in 2023); CRM lost date 2024-05-01 comes later
    add_accounts(con, {"account_id": "A", "status": "lost", "lost_date": "2024-05-01"})
    add_lines(con, line("A", "2022-03-01", 100))
    table = kpis(con, Filters(YEAR_2024))
    assert table.loc["lost_accounts", "current"] == 0
    assert table.loc["lost_accounts", "previous"] == 1


def test_a_crm_lost_account_without_any_purchase_is_not_counted(con):
    add_accounts(con, {"account_id": "P", "status": "lost", "lost_date": "2024-04-01"})
    assert current(con, Filters(YEAR_2024), "lost_accounts") == 0


def test_an_account_that_returns_later_still_counts_as_lost_then(con):
    """Lost in 2023 (as of 2023-12-31), bought again in 2024: a win-back, not lost in 2024."""
    add_accounts(con, {"account_id": "A"})
    add_lines(con, line("A", "2022-03-01", 100), line("A", "2024-06-01", 100))
    table = kpis(con, Filters(YEAR_2024))
    assert table.loc["lost_accounts", "previous"] == 1
    assert table.loc["lost_accounts", "current"] == 0
    assert table.loc["active_accounts", "current"] == 1
    year_2023 = Period(d("2023-01-01"), d("2023-12-31"))
    assert current(con, Filters(year_2023), "lost_accounts") == 1


@pytest.mark.parametrize("window_days", [0, -5, 30.5, True])
def test_window_must_be_whole_positive_days(con, window_days):
    with pytest.raises(ConfigurationError, match="window"):
        facts.overview_kpis(con, Filters(YEAR_2024), window_days=window_days)


# --- key-account share ------------------------------------------------------------------------


def test_key_account_share_follows_the_current_decisions(con):
    add_accounts(con, {"account_id": "A"}, {"account_id": "B"})
    add_lines(
        con,
        line("A", "2024-03-01", 300),
        line("B", "2024-03-01", 100),
        line("A", "2023-03-01", 100),
        line("B", "2023-03-01", 100),
    )
    filters = Filters(YEAR_2024)
    assert current(con, filters, "key_account_revenue_share") == 0

    record_decision(con, "A", True, "largest customer", "board")
    row = kpis(con, filters).loc["key_account_revenue_share"]
    assert row["current"] == pytest.approx(0.75)
    # the previous period is measured with today's key accounts too
    assert row["previous"] == pytest.approx(0.5)

    record_decision(con, "A", False, "strategy changed", "board")
    assert current_key_accounts(con) == []
    assert current(con, filters, "key_account_revenue_share") == 0


def test_key_account_share_is_of_the_filtered_revenue(con):
    add_accounts(con, {"account_id": "A", "region": "N"}, {"account_id": "B", "region": "S"})
    add_lines(con, line("A", "2024-03-01", 300), line("B", "2024-03-01", 100))
    record_decision(con, "B", True, None, "board")
    assert current(con, Filters(YEAR_2024), "key_account_revenue_share") == pytest.approx(0.25)
    assert current(con, Filters(YEAR_2024, region=("S",)), "key_account_revenue_share") == 1
    assert current(con, Filters(YEAR_2024, region=("N",)), "key_account_revenue_share") == 0


# --- revenue by month -------------------------------------------------------------------------


def test_every_month_of_the_period_is_present_and_zero_filled(con):
    add_accounts(con, {"account_id": "A"})
    add_lines(
        con,
        line("A", "2024-01-10", 999),  # before the period's first day
        line("A", "2024-01-15", 10, cost=4),
        line("A", "2024-02-20", 100, cost=70),
        line("A", "2024-02-21", 50),
        line("A", "2024-04-10", 5),
        line("A", "2024-04-11", 999),  # after the period's last day
    )
    period = Period(d("2024-01-15"), d("2024-04-10"))
    monthly = facts.revenue_by_month(con, Filters(period))
    assert list(monthly.columns) == ["month", "revenue", "contribution_margin"]
    assert [m.date() for m in monthly["month"]] == [
        d("2024-01-01"),
        d("2024-02-01"),
        d("2024-03-01"),
        d("2024-04-01"),
    ]
    assert monthly["revenue"].tolist() == [10, 150, 0, 5]
    margins = monthly["contribution_margin"].tolist()
    assert margins[:2] == [6, 30]
    assert math.isnan(margins[2])  # no line at all
    assert math.isnan(margins[3])  # lines, but none with a cost


def test_monthly_revenue_adds_up_to_the_kpi(con):
    add_accounts(con, {"account_id": "A"}, {"account_id": "B"})
    add_lines(
        con,
        line("A", "2024-01-31", 10),
        line("B", "2024-02-01", 20),
        line("B", "2024-12-31", -5),
    )
    filters = Filters(YEAR_2024)
    monthly = facts.revenue_by_month(con, filters)
    assert len(monthly) == 12
    assert monthly["revenue"].sum() == current(con, filters, "revenue") == 25


# --- revenue by dimension ---------------------------------------------------------------------


@pytest.fixture
def portfolio(con):
    """Three accounts in two regions with product groups from the line or the product."""
    add_accounts(
        con,
        {"account_id": "A", "name": "Alpha", "region": "North", "owner": "Weber"},
        {"account_id": "B", "name": "Beta", "region": "South", "owner": "Koch"},
        {"account_id": "C", "name": "Gamma", "region": " ", "owner": "Weber"},
    )
    con.execute(
        "insert into products (product_id, name, product_group) values"
        " ('P1', 'Pump', 'Pumps'), ('P2', 'Valve', null)"
    )
    add_lines(
        con,
        line("A", "2024-02-01", 500, group="Valves", product="P1"),  # the line's group wins
        line("A", "2024-03-01", 300, product="P1"),  # the product's group
        line("B", "2024-03-01", 150, product="P2"),  # no group anywhere
        line("C", "2024-05-01", 50, group="Valves"),
        line("C", "2023-05-01", 9999, group="Valves"),  # outside the period
    )
    return con


@pytest.mark.parametrize(
    ("dimension", "expected"),
    [
        ("product_group", {"Valves": 550, "Pumps": 300, "(none)": 150}),
        ("region", {"North": 800, "South": 150, "(none)": 50}),
        ("owner", {"Weber": 850, "Koch": 150}),
        ("industry", {"(none)": 1000}),
    ],
)
def test_revenue_by_dimension(portfolio, dimension, expected):
    table = facts.revenue_by_dimension(portfolio, Filters(YEAR_2024), dimension)
    assert list(table.columns) == [dimension, "revenue", "share"]
    assert dict(zip(table[dimension], table["revenue"], strict=True)) == expected
    assert table["revenue"].tolist() == sorted(expected.values(), reverse=True)
    assert table["share"].sum() == pytest.approx(1.0)
    assert table["share"].iloc[0] == pytest.approx(max(expected.values()) / 1000)


@pytest.mark.parametrize("dimension", ["name", "region; drop table accounts", "", "Region"])
def test_unknown_dimension_is_refused(portfolio, dimension):
    with pytest.raises(ConfigurationError, match="product_group, region"):
        facts.revenue_by_dimension(portfolio, Filters(YEAR_2024), dimension)


# --- top accounts -----------------------------------------------------------------------------


def test_top_accounts_rank_by_revenue_then_id(con):
    add_accounts(
        con,
        {"account_id": "B", "name": "Beta", "industry": "Food", "country": "AT", "owner": "K"},
        {"account_id": "A", "name": "Alpha", "industry": "Chem", "country": "DE", "owner": "W"},
        {"account_id": "C", "name": "Gamma"},
        {"account_id": "D", "name": "Delta"},
    )
    add_lines(
        con,
        line("A", "2024-03-01", 200, cost=150),
        line("B", "2024-03-01", 200),
        line("C", "2024-03-01", 600),
        line("A", "2023-03-01", 100),
        line("C", "2023-03-01", 800),
        line("D", "2023-03-01", 50),  # no line in 2024: not listed
    )
    record_decision(con, "C", True, None, "board")
    top = facts.top_accounts(con, Filters(YEAR_2024))
    assert list(top.columns) == [
        "account_id",
        "name",
        "industry",
        "country",
        "owner",
        "revenue",
        "previous_revenue",
        "change_pct",
        "contribution_margin",
        "is_key_account",
        "share_of_revenue",
    ]
    assert top["account_id"].tolist() == ["C", "A", "B"]
    assert top["revenue"].tolist() == [600, 200, 200]
    assert top["previous_revenue"].tolist() == [800, 100, 0]
    assert top["change_pct"].iloc[0] == pytest.approx(-0.25)
    assert top["change_pct"].iloc[1] == pytest.approx(1.0)
    assert math.isnan(top["change_pct"].iloc[2])
    assert top["contribution_margin"].iloc[1] == 50
    assert math.isnan(top["contribution_margin"].iloc[0])
    assert top["is_key_account"].tolist() == [True, False, False]
    assert top["share_of_revenue"].tolist() == pytest.approx([0.6, 0.2, 0.2])
    assert top.loc[1, "name"] == "Alpha"
    assert top.loc[1, "industry"] == "Chem"

    top_two = facts.top_accounts(con, Filters(YEAR_2024), n=2)
    assert top_two["account_id"].tolist() == ["C", "A"]
    # the share stays a share of all filtered accounts, not of the two shown
    assert top_two["share_of_revenue"].tolist() == pytest.approx([0.6, 0.2])


@pytest.mark.parametrize("n", [0, -1, 2.5])
def test_top_accounts_need_a_positive_whole_number(con, n):
    with pytest.raises(ConfigurationError, match="whole number"):
        facts.top_accounts(con, Filters(YEAR_2024), n=n)


# --- account period facts ---------------------------------------------------------------------


def test_account_period_facts_one_row_per_filtered_account(con):
    add_accounts(
        con,
        {"account_id": "A", "segment": "Large"},
        {"account_id": "B", "segment": "Large"},
        {"account_id": "C", "segment": "Small"},
    )
    add_lines(
        con,
        line("A", "2024-02-01", 100, cost=60, invoice="I1"),
        line("A", "2024-02-01", 50, invoice="I1"),
        line("A", "2024-05-01", -30, cost=-20),
        line("A", "2024-08-01", 40, cost=10),
        line("A", "2025-01-01", 999),
        line("C", "2024-03-01", 10),
    )
    table = facts.account_period_facts(con, Filters(YEAR_2024, segment=("Large",)))
    assert tuple(table.columns) == facts.ACCOUNT_PERIOD_COLUMNS
    assert table["account_id"].tolist() == ["A", "B"]
    a, b = table.iloc[0], table.iloc[1]
    assert a["revenue"] == 160
    assert a["costed_revenue"] == 110
    assert a["contribution_margin"] == 110 - 50
    assert (a["lines"], a["invoices"], a["purchases"]) == (4, 3, 2)
    assert a["first_purchase_date"].date() == d("2024-02-01")
    assert a["last_purchase_date"].date() == d("2024-08-01")
    assert (b["revenue"], b["lines"], b["invoices"], b["purchases"]) == (0, 0, 0, 0)
    assert pd.isna(b["first_purchase_date"])
    assert pd.isna(b["contribution_margin"])


# --- filters apply to every function ----------------------------------------------------------


FILTER_CASES = [
    pytest.param({"region": ("North",)}, {"A"}, id="region"),
    pytest.param({"owner": ("Koch",)}, {"B"}, id="owner"),
    pytest.param({"owner": ("Weber",)}, {"A", "C"}, id="owner with two accounts"),
    pytest.param({"region": ("North",), "owner": ("Koch",)}, set(), id="filters combine"),
    pytest.param({"account_ids": ("B", "C")}, {"B", "C"}, id="account ids"),
    pytest.param({"account_ids": ()}, set(), id="no account ids: nothing"),
]
REVENUE_2024 = {"A": 800, "B": 150, "C": 50}


@pytest.mark.parametrize(("chosen", "accounts"), FILTER_CASES)
def test_filters_restrict_the_kpis(portfolio, chosen, accounts):
    table = kpis(portfolio, Filters(YEAR_2024, **chosen))
    assert table.loc["revenue", "current"] == sum(REVENUE_2024[a] for a in accounts)
    assert table.loc["active_accounts", "current"] == len(accounts)


@pytest.mark.parametrize(("chosen", "accounts"), FILTER_CASES)
def test_filters_restrict_the_breakdowns(portfolio, chosen, accounts):
    filters = Filters(YEAR_2024, **chosen)
    expected = sum(REVENUE_2024[a] for a in accounts)
    assert facts.revenue_by_month(portfolio, filters)["revenue"].sum() == expected
    for dimension in facts.DIMENSIONS:
        assert facts.revenue_by_dimension(portfolio, filters, dimension)["revenue"].sum() == (
            expected
        )
    assert set(facts.top_accounts(portfolio, filters)["account_id"]) == accounts
    assert set(facts.account_period_facts(portfolio, filters)["account_id"]) == accounts


# --- against an independent pandas computation ------------------------------------------------


def random_portfolio(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A seeded portfolio: accounts and invoice lines with every oddity the rules speak of."""
    rng = np.random.default_rng(seed)
    n_accounts = 60
    ids = [f"K{i:03d}" for i in range(n_accounts)]
    lost = rng.random(n_accounts) < 0.25
    accounts = pd.DataFrame(
        {
            "account_id": ids,
            "name": [f"Customer {i}" for i in range(n_accounts)],
            "region": rng.choice(["North", "South", "East", None], n_accounts),
            "owner": rng.choice(["Weber", "Koch", "Lang"], n_accounts),
            "segment": rng.choice(["Large", "Small"], n_accounts),
            "status": np.where(lost, "lost", "active"),
            "lost_date": [
                date(2021, 1, 1) + timedelta(days=int(rng.integers(0, 1800))) if is_lost else None
                for is_lost in lost
            ],
        }
    )
    rows = []
    first_day = date(2021, 1, 1)
    for number in range(900):
        account = ids[int(rng.integers(0, n_accounts))]
        day = first_day + timedelta(days=int(rng.integers(0, 1826)))
        kind = rng.random()
        invoice = f"R{number}" if rng.random() > 0.1 else None
        for position in range(int(rng.integers(1, 4))):
            amount = round(float(rng.gamma(2.0, 300.0)), 2)
            if kind < 0.12 or (position > 0 and rng.random() < 0.2):
                amount = -amount  # credit notes, and negative lines inside invoices
            cost = round(amount * float(rng.uniform(0.4, 0.9)), 2) if rng.random() < 0.7 else None
            rows.append(
                {
                    "invoice_id": invoice,
                    "account_id": account,
                    "invoice_date": day,
                    "product_id": None,
                    "product_group": rng.choice(["Pumps", "Valves", None]),
                    "net_amount": amount,
                    "cost_amount": cost,
                    "is_credit_note": bool(kind < 0.12),
                }
            )
    return accounts, pd.DataFrame(rows)


def expected_kpis(
    accounts: pd.DataFrame,
    lines: pd.DataFrame,
    key_accounts: set[str],
    period: Period,
    window_days: int,
) -> dict[str, float]:
    """docs/metrics.md, written again in pandas, for the given accounts."""
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    lines = lines[lines["account_id"].isin(accounts["account_id"])].copy()
    lines["invoice_date"] = pd.to_datetime(lines["invoice_date"])
    lines["invoice_key"] = lines["invoice_id"].fillna(
        "day:" + lines["account_id"] + ":" + lines["invoice_date"].dt.strftime("%Y-%m-%d")
    )
    invoices = lines.groupby(["account_id", "invoice_key"], as_index=False).agg(
        date=("invoice_date", "min"),
        total=("net_amount", "sum"),
        credit_note=("is_credit_note", "all"),
    )
    purchases = invoices[(invoices["total"] > 0) & ~invoices["credit_note"]]

    in_period = lines[lines["invoice_date"].between(start, end)]
    costed = in_period[in_period["cost_amount"].notna()]
    revenue = in_period["net_amount"].sum()
    margin = (costed["net_amount"] - costed["cost_amount"]).sum() if len(costed) else math.nan
    margin_pct = margin / costed["net_amount"].sum() if len(costed) else math.nan

    active = purchases[purchases["date"].between(start, end)]["account_id"].nunique()
    first = purchases.groupby("account_id")["date"].min()
    new = int(first.between(start, end).sum())

    known = purchases[purchases["date"] <= end]
    last = known.groupby("account_id")["date"].max()
    window_churn = last + pd.Timedelta(days=window_days)
    window_churn = window_churn.where(window_churn <= end)
    crm = accounts.set_index("account_id")
    crm_lost = pd.to_datetime(crm["lost_date"]).where(crm["status"] == "lost")
    crm_lost = crm_lost.reindex(last.index)
    crm_lost = crm_lost.where(crm_lost <= end)
    churn = pd.concat([window_churn, crm_lost], axis=1).min(axis=1)
    lost = int(churn.between(start, end).sum())

    key_revenue = in_period[in_period["account_id"].isin(key_accounts)]["net_amount"].sum()
    return {
        "revenue": revenue,
        "contribution_margin": margin,
        "contribution_margin_pct": margin_pct,
        "active_accounts": active,
        "new_accounts": new,
        "lost_accounts": lost,
        "key_account_revenue_share": key_revenue / revenue if revenue else math.nan,
    }


@pytest.fixture(scope="module")
def random_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    return random_portfolio(seed=20240601)


@pytest.fixture
def random_con(con, random_data):
    accounts, lines = random_data
    add_accounts(con, *accounts.to_dict("records"))
    add_lines(con, *lines.to_dict("records"))
    for account_id in ("K001", "K005", "K017", "K030"):
        record_decision(con, account_id, True, None, "board")
    record_decision(con, "K005", False, None, "board")
    return con


PANDAS_CASES = [
    pytest.param(Period(d("2024-01-01"), d("2024-12-31")), {}, 365, id="2024"),
    pytest.param(Period(d("2025-01-01"), d("2025-06-30")), {}, 365, id="H1 2025"),
    pytest.param(Period(d("2023-04-15"), d("2023-05-14")), {}, 180, id="a month, W=180"),
    pytest.param(Period(d("2022-10-01"), d("2023-09-30")), {"region": ("North",)}, 365, id="North"),
    pytest.param(
        Period(d("2024-01-01"), d("2025-12-31")),
        {"owner": ("Weber", "Koch"), "segment": ("Large",)},
        270,
        id="owners and segment",
    ),
]


def _chosen_accounts(accounts: pd.DataFrame, chosen: dict) -> pd.DataFrame:
    mask = pd.Series(True, index=accounts.index)
    for field_name, values in chosen.items():
        mask &= accounts[field_name].isin(values)
    return accounts[mask]


@pytest.mark.parametrize(("period", "chosen", "window_days"), PANDAS_CASES)
def test_kpis_match_an_independent_pandas_computation(
    random_con, random_data, period, chosen, window_days
):
    accounts, lines = random_data
    chosen_accounts = _chosen_accounts(accounts, chosen)
    key_accounts = set(current_key_accounts(random_con))
    assert key_accounts == {"K001", "K017", "K030"}
    table = kpis(random_con, Filters(period, **chosen), window_days=window_days)
    for which, measured in (("current", period), ("previous", period.previous())):
        expected = expected_kpis(chosen_accounts, lines, key_accounts, measured, window_days)
        for kpi, value in expected.items():
            got = table.loc[kpi, which]
            assert got == pytest.approx(value, nan_ok=True), (which, kpi)
    assert table.loc["revenue", "current"] != 0  # the case compares something real
    assert table.loc["lost_accounts", ["current", "previous"]].sum() > 0


@pytest.mark.parametrize(("period", "chosen", "window_days"), PANDAS_CASES)
def test_breakdowns_match_pandas(random_con, random_data, period, chosen, window_days):
    accounts, lines = random_data
    chosen_accounts = _chosen_accounts(accounts, chosen)
    filters = Filters(period, **chosen)
    frame = lines.merge(chosen_accounts, on="account_id")
    frame = frame[frame["invoice_date"].between(period.start, period.end)]

    monthly = facts.revenue_by_month(random_con, filters)
    months = pd.to_datetime(frame["invoice_date"]).dt.to_period("M").dt.to_timestamp()
    expected_monthly = frame.groupby(months)["net_amount"].sum()
    got_monthly = monthly.set_index("month")["revenue"]
    assert got_monthly.loc[expected_monthly.index].tolist() == pytest.approx(
        expected_monthly.tolist()
    )
    assert got_monthly.drop(expected_monthly.index).eq(0).all()

    by_group = facts.revenue_by_dimension(random_con, filters, "product_group")
    expected_groups = frame.groupby(frame["product_group"].fillna("(none)"))["net_amount"].sum()
    got_groups = by_group.set_index("product_group")["revenue"]
    assert got_groups.sort_index().tolist() == pytest.approx(expected_groups.sort_index().tolist())

    per_account = frame.groupby("account_id")["net_amount"].sum()
    top = facts.top_accounts(random_con, filters, n=5)
    expected_top = (
        per_account.reset_index()
        .sort_values(["net_amount", "account_id"], ascending=[False, True])
        .head(5)
    )
    assert top["account_id"].tolist() == expected_top["account_id"].tolist()
    assert top["share_of_revenue"].tolist() == pytest.approx(
        (expected_top["net_amount"] / per_account.sum()).tolist()
    )

    facts_table = facts.account_period_facts(random_con, filters).set_index("account_id")
    assert sorted(facts_table.index) == sorted(chosen_accounts["account_id"])
    assert facts_table["revenue"].reindex(per_account.index).tolist() == pytest.approx(
        per_account.tolist()
    )
    assert facts_table["revenue"].sum() == pytest.approx(per_account.sum())
