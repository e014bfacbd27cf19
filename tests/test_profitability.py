"""CM I, cost to serve, CM II, the whale curve and the C-customer rule on a hand-made company."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from kapanalytics import profitability as pf
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, Period
from tests.test_facts import add_accounts, add_lines, line

YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))
# only visits, calls and invoices cost money here, so every figure is easy to follow
RATES = pf.CostRates(
    visit=100, meeting=0, event=0, call=10, email=0, complaint=0, service=0, invoice=5
)
A, B = 0.5, 0.75


def activities(con, *rows: tuple[str, str, str]) -> None:
    for number, (account_id, day, kind) in enumerate(rows):
        con.execute(
            "insert into activities (activity_id, account_id, activity_date, type)"
            " values (?, ?, ?, ?)",
            [f"ACT{number}", account_id, date.fromisoformat(day), kind],
        )


@pytest.fixture
def company(con):
    """Revenue 2024: A 1000, D 500, C 200, B 100, F 80, E 50 (total 1930).

    With a = 0.5 and b = 0.75 the shares before are 0, .518, .777, .881, .933, .974: A is an
    A, D a B, and C, B, F, E are C-customers. The smallest A revenue (1000) is the default
    line for high potential.
    """
    add_accounts(
        con,
        {"account_id": "A", "name": "Big", "annual_potential": 2000.0},
        {"account_id": "B", "name": "Promising", "annual_potential": 5000.0},
        {"account_id": "C", "name": "Quiet", "annual_potential": 100.0},
        {"account_id": "D", "name": "Underpriced", "annual_potential": 3000.0},
        {"account_id": "E", "name": "Cheap", "annual_potential": 20.0},
        {"account_id": "F", "name": "Needy", "annual_potential": 10.0},
    )
    add_lines(
        con,
        line("A", "2024-02-01", 400, cost=240),
        line("A", "2024-03-01", 300, cost=180),
        line("A", "2024-04-01", 300, cost=180),
        line("D", "2024-05-01", 500, cost=550),
        line("C", "2024-06-01", 200, cost=100),
        line("B", "2024-07-01", 100, cost=50),
        line("F", "2024-08-01", 80, cost=40),
        line("E", "2024-09-01", 50, cost=60),
    )
    activities(
        con,
        ("A", "2024-02-10", "visit"),
        ("A", "2024-02-11", "call"),
        ("A", "2024-02-12", " Call "),
        ("A", "2023-12-31", "visit"),  # before the period
        ("A", "2024-03-01", "lunch"),  # not a type we know: costs nothing
        ("B", "2024-01-05", "visit"),
        ("B", "2024-12-31", "visit"),
        ("F", "2024-06-06", "Visit"),
        ("C", "2024-06-06", "email"),  # costs 0 at these rates
    )
    return con


def profit(con, **kwargs) -> pd.DataFrame:
    frame = pf.with_classes(con, Filters(period=YEAR_2024), RATES, a=A, b=B, **kwargs)
    return frame.set_index("account_id")


def test_cm1_is_revenue_minus_cost_of_goods(company):
    frame = profit(company)
    assert frame.loc["A", "cm1"] == pytest.approx(400)
    assert frame.loc["D", "cm1"] == pytest.approx(-50)


def test_cost_to_serve_counts_activities_of_the_period_and_invoices(company):
    frame = profit(company)
    assert frame.loc["A", ["visit_count", "call_count", "invoice_count"]].tolist() == [1, 2, 3]
    assert frame.loc["A", "cost_to_serve"] == 100 + 2 * 10 + 3 * 5
    assert frame.loc["B", "cost_to_serve"] == 2 * 100 + 5
    assert frame.loc["C", "email_count"] == 1
    assert frame.loc["C", "cost_to_serve"] == 5


def test_cm2_is_cm1_minus_cost_to_serve(company):
    cm2 = profit(company)["cm2"]
    assert cm2.to_dict() == pytest.approx(
        {"A": 265, "C": 95, "E": -15, "D": -55, "F": -65, "B": -155}
    )
    assert profit(company).loc["A", "cm2_pct"] == pytest.approx(0.265)


def test_an_account_without_costs_has_no_margins(con):
    add_accounts(con, {"account_id": "X"})
    add_lines(con, line("X", "2024-01-01", 100))
    frame = pf.account_profitability(con, Filters(period=YEAR_2024), RATES)
    assert math.isnan(frame.loc[0, "cm1"])
    assert math.isnan(frame.loc[0, "cm2"])
    assert frame.loc[0, "cost_to_serve"] == 5
    summary = pf.whale_summary(pf.whale_curve(frame))
    assert math.isnan(summary["total_cm2"]), "unknown, not zero"
    assert summary["loss_making_accounts"] == 0


def test_the_whale_curve_rises_peaks_and_falls_to_the_total(company):
    curve = pf.whale_curve(pf.account_profitability(company, Filters(period=YEAR_2024), RATES))
    assert curve["account_id"].tolist() == ["A", "C", "E", "D", "F", "B"]
    assert curve["cumulative_cm2"].tolist() == pytest.approx([265, 360, 345, 290, 225, 70])
    assert curve["cumulative_cm2_share"].iloc[1] == pytest.approx(360 / 70)
    assert curve["account_share"].iloc[-1] == 1.0
    summary = pf.whale_summary(curve)
    assert summary["total_cm2"] == pytest.approx(70)
    assert summary["peak_cm2"] == pytest.approx(360)
    assert summary["accounts_at_peak"] == 2
    assert summary["peak_share"] == pytest.approx(360 / 70)
    assert summary["profit_destroyed"] == pytest.approx(15 + 55 + 65 + 155)
    assert (summary["profitable_accounts"], summary["loss_making_accounts"]) == (2, 4)


def test_the_whale_curve_has_no_shares_when_the_total_is_a_loss():
    frame = pd.DataFrame({"account_id": ["x", "y"], "name": ["x", "y"], "cm2": [10.0, -30.0]})
    curve = pf.whale_curve(frame)
    assert curve["cumulative_cm2"].tolist() == [10.0, -20.0]
    assert curve["cumulative_cm2_share"].isna().all()
    assert math.isnan(pf.whale_summary(curve)["peak_share"])


def test_profitability_by_abc_class(company):
    classes = pf.by_class(profit(company).reset_index()).set_index("abc_class")
    assert classes["accounts"].tolist() == [1, 1, 4]
    assert classes.loc["C", "revenue"] == 430
    assert classes.loc["C", "cm1"] == pytest.approx(180)
    assert classes.loc["C", "cost_to_serve"] == pytest.approx(320)
    assert classes.loc["C", "cm2"] == pytest.approx(-140)
    assert classes.loc["C", "loss_making_accounts"] == 3
    assert classes.loc["B", "loss_making_accounts"] == 1


def test_each_c_customer_gets_the_treatment_of_the_first_rule_that_applies(company):
    frame = profit(company)
    assert frame.attrs["high_potential_from"] == 1000
    assert frame["treatment"].dropna().to_dict() == {
        "B": "develop",  # loses money, but its potential reaches an A's revenue
        "C": "keep",
        "E": "review_prices",  # loses money on the goods already
        "F": "inside_sales",  # CM II < 0 from a visit, little potential
    }
    assert frame.loc[["A", "D"], "treatment"].isna().all(), "the rule is for C-customers"
    assert frame.loc["D", "is_high_potential"], "flagged, whatever its class"


def test_a_stated_potential_line_changes_who_is_developed(company):
    frame = profit(company, high_potential_from=10_000)
    assert frame.loc["B", "treatment"] == "inside_sales"
    assert not frame["is_high_potential"].any()


def test_the_main_cost_driver_is_the_largest_cost(company):
    drivers = profit(company)["main_cost_driver"]
    assert drivers["B"] == "visit"
    assert drivers["D"] == "invoice"


def test_lists_of_loss_makers_and_c_customers(company):
    frame = profit(company).reset_index()
    assert pf.loss_makers(frame)["account_id"].tolist() == ["B", "F", "D", "E"]
    assert pf.c_customers(frame)["account_id"].tolist() == ["B", "F", "E", "C"]


def test_rates_must_be_numbers_not_below_zero():
    with pytest.raises(ConfigurationError, match="visit must be a number >= 0"):
        pf.CostRates(visit=-1)
    with pytest.raises(ConfigurationError, match="invoice"):
        pf.CostRates(invoice=float("nan"))


def test_the_filters_choose_the_accounts(company):
    company.execute("update accounts set region = 'North' where account_id in ('A', 'B')")
    frame = pf.account_profitability(company, Filters(period=YEAR_2024, region=("North",)), RATES)
    assert sorted(frame["account_id"]) == ["A", "B"]
