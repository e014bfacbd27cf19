"""Lost accounts, their reasons and rivals, and opportunity win rates, on hand-made cases."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from kapanalytics import facts, lost, opportunities
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, Period
from tests.test_facts import add_accounts, add_lines, d, line, random_portfolio

YEAR_2025 = Filters(Period(d("2025-01-01"), d("2025-12-31")))


@pytest.fixture
def losses(con):
    add_accounts(
        con,
        {
            "account_id": "A",
            "owner": "Weber",
            "status": "lost",
            "lost_date": "2025-03-01",
            "lost_reason": "price",
            "lost_to_competitor": "Rival",
        },
        {
            "account_id": "B",
            "owner": "Weber",
            "status": "lost",
            "lost_date": "2025-06-01",
            "lost_reason": " Other ",
        },
        {"account_id": "C", "owner": "Koch"},
        {
            "account_id": "D",
            "owner": "Koch",
            "status": "lost",
            "lost_date": "2025-02-01",
            "lost_reason": "price",
            "lost_to_competitor": "Rival",
        },
        {"account_id": "Z"},
    )
    add_lines(
        con,
        line("A", "2023-11-30", 999),  # 12 months before the last purchase: outside
        line("A", "2024-02-01", 300),
        line("A", "2024-11-30", 200),
        line("B", "2024-08-01", 50),
        line("C", "2024-04-10", 700),  # window churn on 2025-04-10, no CRM reason
        line("D", "2024-12-01", 100),
        line("D", "2025-01-15", -40, credit_note=True),
        line("Z", "2025-12-31", 1),
    )
    return con


def test_lost_accounts_are_the_overviews_with_their_last_years_revenue(losses):
    table = lost.lost_accounts(losses, YEAR_2025).set_index("account_id")
    overview = facts.overview_kpis(losses, YEAR_2025).set_index("kpi")
    assert len(table) == overview.loc["lost_accounts", "current"] == 4
    assert table.loc["A", "lost_revenue"] == pytest.approx(500)
    assert table.loc["A", "churn_source"] == "crm"
    assert table.loc["C", "churn_source"] == "window"
    assert table.loc["C", "churn_date"] == pd.Timestamp("2025-04-10")
    assert table.loc["C", "lost_reason"] == "(none)"
    # the credit note after the last purchase is not part of the year before it
    assert table.loc["D", "lost_revenue"] == pytest.approx(100)
    assert table.index.tolist() == ["C", "A", "D", "B"]  # largest lost revenue first


def test_pareto_by_count_and_by_revenue(losses):
    table = lost.lost_accounts(losses, YEAR_2025)
    by_count = lost.pareto(table, "lost_reason", "accounts")
    assert by_count["lost_reason"].tolist()[0] == "price"
    assert by_count["accounts"].tolist()[0] == 2
    assert by_count["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    by_revenue = lost.pareto(table, "lost_reason", "lost_revenue")
    assert by_revenue["lost_reason"].tolist()[0] == "(none)"  # C's 700
    rivals = lost.pareto(table, "lost_to_competitor").set_index("lost_to_competitor")
    assert rivals.loc["Rival", "lost_revenue"] == pytest.approx(600)
    with pytest.raises(ConfigurationError):
        lost.pareto(table, "colour")


def test_reason_coding_counts_missing_and_other_per_owner(losses):
    coding = lost.reason_coding_by_owner(lost.lost_accounts(losses, YEAR_2025))
    rows = coding.set_index("owner")
    assert rows.loc["Weber", "other_reason"] == 1  # " Other " counts as other
    assert rows.loc["Koch", "without_reason"] == 1
    assert rows.loc["Weber", "uncoded_share"] == pytest.approx(0.5)
    assert rows.loc["Koch", "uncoded_share"] == pytest.approx(0.5)


def test_reasons_over_time_count_each_loss_in_its_period(losses):
    over_time = lost.reasons_over_time(losses, YEAR_2025, "year")
    y2025 = over_time[over_time["period_start"] == pd.Timestamp("2025-01-01")]
    assert y2025.set_index("lost_reason")["accounts"].to_dict() == {
        "price": 2,
        "(none)": 1,
        "Other": 1,
    }


def test_lost_revenue_sums_match_pandas_on_a_random_portfolio(con):
    accounts, lines = random_portfolio(seed=3)
    add_accounts(con, *accounts.to_dict("records"))
    add_lines(con, *lines.to_dict("records"))
    table = lost.lost_accounts(con, YEAR_2025)
    dated = lines.assign(invoice_date=pd.to_datetime(lines["invoice_date"]))
    for row in table.itertuples():
        last = pd.Timestamp(row.last_purchase_date)
        mine = dated[
            (dated["account_id"] == row.account_id)
            & (dated["invoice_date"] <= last)
            & (dated["invoice_date"] > last - pd.DateOffset(years=1))
        ]
        assert row.lost_revenue == pytest.approx(mine["net_amount"].sum())
    assert len(table) > 3


def opportunity(oid, account, status, amount, close, **extra) -> dict:
    return {
        "opportunity_id": oid,
        "account_id": account,
        "status": status,
        "amount": amount,
        "close_date": date.fromisoformat(close),
        **extra,
    }


@pytest.fixture
def deals(con):
    add_accounts(con, {"account_id": "A", "region": "N"}, {"account_id": "B", "region": "S"})
    rows = [
        opportunity("1", "A", "won", 100.0, "2025-02-01", owner="Weber", competitor="Rival"),
        opportunity(
            "2",
            "A",
            "Lost",
            300.0,
            "2025-03-01",
            owner="Weber",
            competitor="Rival",
            lost_reason="price",
        ),
        opportunity("3", "B", "lost", None, "2025-04-01", owner="Koch", lost_reason="price"),
        opportunity("4", "B", "won", 50.0, "2025-05-01", owner="Koch"),
        opportunity("5", "B", "open", 900.0, "2025-06-01", owner="Koch"),
        opportunity("6", "B", "won", 70.0, "2024-12-31", owner="Koch"),
    ]
    frame = pd.DataFrame(rows)
    con.register("deals_frame", frame)
    con.execute("insert into opportunities by name select * from deals_frame")
    return con


def test_win_rate_by_count_and_by_value(deals):
    overall = opportunities.win_rates(deals, YEAR_2025).iloc[0]
    assert (overall["won"], overall["lost"]) == (2, 2)
    assert overall["win_rate"] == pytest.approx(0.5)
    # the lost one without an amount counts in the count, not in the value
    assert overall["win_rate_value"] == pytest.approx(150 / 450)


def test_win_rates_by_owner_and_competitor(deals):
    by_owner = opportunities.win_rates(deals, YEAR_2025, "owner").set_index("owner")
    assert by_owner.loc["Koch", "win_rate"] == pytest.approx(0.5)
    assert by_owner.loc["Weber", "win_rate_value"] == pytest.approx(0.25)
    by_rival = opportunities.win_rates(deals, YEAR_2025, "competitor").set_index("competitor")
    assert by_rival.loc["Rival", "won"] == 1
    assert by_rival.loc["(none)", "lost"] == 1
    by_region = opportunities.win_rates(deals, Filters(YEAR_2025.period, region=("S",)), "region")
    assert by_region["region"].tolist() == ["S"]
    with pytest.raises(ConfigurationError):
        opportunities.win_rates(deals, YEAR_2025, "moon_phase")


def test_lost_opportunities_by_reason_and_competitor(deals):
    table = opportunities.lost_opportunities(deals, YEAR_2025)
    assert table[["lost_reason", "competitor", "opportunities"]].values.tolist() == [
        ["price", "(none)", 1],
        ["price", "Rival", 1],
    ]


def test_an_account_filter_narrows_breakdowns_by_the_opportunitys_own_columns(deals):
    south = Filters(YEAR_2025.period, region=("S",))
    # owner and lost reason are the opportunity's columns: only B's deals (region S) count
    by_owner = opportunities.win_rates(deals, south, "owner")
    assert by_owner[["owner", "won", "lost"]].values.tolist() == [["Koch", 1, 1]]
    lost = opportunities.lost_opportunities(deals, south)
    assert lost[["lost_reason", "competitor", "opportunities"]].values.tolist() == [
        ["price", "(none)", 1]
    ]


def test_no_closed_opportunity_gives_no_rate(con):
    overall = opportunities.win_rates(con, YEAR_2025).iloc[0]
    assert overall["won"] == 0
    assert math.isnan(overall["win_rate"])
