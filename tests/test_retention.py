"""Retention rates, GRR and NRR, the revenue bridge and cohorts, by hand and against pandas."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kapanalytics import abc, retention
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, Period
from tests import retention_reference as ref
from tests.test_facts import add_accounts, add_lines, d, line, random_portfolio

ALL = Filters(Period(d("2020-01-01"), d("2025-12-31")))


def year_row(frame: pd.DataFrame, year: int) -> pd.Series:
    return frame.set_index("period_start").loc[pd.Timestamp(year, 1, 1)]


@pytest.fixture
def four_accounts(con):
    """2024 -> 2025: A grows, B shrinks, C leaves with a credit note, D is new, E returns."""
    add_accounts(
        con, *({"account_id": a, "region": r} for a, r in zip("ABCDE", "NNSSN", strict=True))
    )
    add_lines(
        con,
        line("E", "2023-02-01", 80),
        line("A", "2024-03-01", 100),
        line("B", "2024-03-01", 100),
        line("C", "2024-03-01", 100),
        line("A", "2025-03-01", 150),
        line("B", "2025-03-01", 50),
        line("C", "2025-04-01", -20, credit_note=True),
        line("D", "2025-05-01", 100),
        line("E", "2025-06-01", 30),
    )
    return con


def test_customer_retention_rate_is_the_share_of_last_periods_buyers_who_buy_again(four_accounts):
    row = year_row(retention.retention_rates(four_accounts, ALL, "year"), 2025)
    assert (row["base_accounts"], row["retained_accounts"]) == (3, 2)
    assert row["customer_retention_rate"] == pytest.approx(2 / 3)


def test_grr_caps_growth_and_nrr_keeps_it_and_credit_notes_count_as_zero(four_accounts):
    row = year_row(retention.retention_rates(four_accounts, ALL, "year"), 2025)
    assert row["base_revenue"] == pytest.approx(300)
    # A: min(150, 100) = 100, B: 50, C: max(-20, 0) = 0; D and E were not in the base
    assert row["gross_revenue_retention"] == pytest.approx(150 / 300)
    assert row["net_revenue_retention"] == pytest.approx(200 / 300)


def test_the_first_period_has_no_rate_and_a_lost_base_retains_nothing(four_accounts):
    rates = retention.retention_rates(four_accounts, ALL, "year")
    assert rates["period_start"].iloc[0] == pd.Timestamp("2024-01-01")  # 2023 has no base
    row = year_row(rates, 2024)
    assert row["base_accounts"] == 1  # E bought in 2023 and not in 2024
    assert row["customer_retention_rate"] == 0
    assert row["gross_revenue_retention"] == 0


def test_rates_are_nan_over_an_empty_base(con):
    add_accounts(con, {"account_id": "A"})
    add_lines(con, line("A", "2024-03-01", 100), line("A", "2024-04-01", -100, credit_note=True))
    add_lines(con, line("A", "2025-03-01", -5, credit_note=True))
    row = year_row(retention.retention_rates(con, ALL, "year"), 2025)
    assert row["base_revenue"] == 0
    assert math.isnan(row["gross_revenue_retention"])
    assert row["customer_retention_rate"] == 0


def test_revenue_bridge_sorts_every_change_and_adds_up(four_accounts):
    row = year_row(retention.revenue_bridge(four_accounts, ALL, "year"), 2025)
    assert row["start"] == pytest.approx(300)
    assert row["new"] == pytest.approx(100)  # D
    assert row["reactivated"] == pytest.approx(30)  # E
    assert row["expansion"] == pytest.approx(50)  # A
    assert row["contraction"] == pytest.approx(-50)  # B
    assert row["churned"] == pytest.approx(-120)  # C: -100 and its credit note
    assert row["end"] == pytest.approx(310)
    steps = list(retention.BRIDGE_STEPS[:-1])
    assert row[steps].sum() == pytest.approx(row["end"])


def test_segments_split_the_rate_by_the_accounts_attribute(four_accounts):
    rates = retention.retention_rates(four_accounts, ALL, "year", "region")
    y2025 = rates[rates["period_start"] == pd.Timestamp("2025-01-01")].set_index("region")
    assert y2025.loc["N", "retained_accounts"] == 2
    assert y2025.loc["S", "base_accounts"] == 1
    assert y2025.loc["S", "customer_retention_rate"] == 0


def test_period_retention_compares_the_chosen_period_with_the_one_before(four_accounts):
    chosen = Filters(Period(d("2025-01-01"), d("2025-12-31")))
    values = retention.period_retention(four_accounts, chosen)
    assert values["customer_retention_rate"] == pytest.approx(2 / 3)
    assert values["gross_revenue_retention"] == pytest.approx(0.5)


def test_unknown_segment_is_refused(four_accounts):
    with pytest.raises(ConfigurationError, match="abc_class"):
        retention.retention_rates(four_accounts, ALL, "year", "colour")


def test_cohorts_keep_their_members_whatever_the_filter(con):
    add_accounts(con, {"account_id": "A", "region": "N"}, {"account_id": "B", "region": "S"})
    add_lines(
        con,
        line("A", "2023-05-01", 10),
        line("A", "2024-05-01", 10),
        line("B", "2023-07-01", 10),
        line("B", "2025-01-10", 10),
    )
    every = retention.cohort_retention(con, ALL, "year")
    north = retention.cohort_retention(con, Filters(ALL.period, region=("N",)), "year")
    assert every["cohort_start"].unique().tolist() == [pd.Timestamp("2023-01-01")]
    assert north["cohort_start"].unique().tolist() == [pd.Timestamp("2023-01-01")]
    assert every.set_index("period_offset")["customer_retention"].tolist() == [1.0, 0.5, 0.5]
    assert north.set_index("period_offset")["customer_retention"].tolist() == [1.0, 1.0, 0.0]
    matrix = retention.cohort_matrix(every, "revenue")
    assert matrix.loc[pd.Timestamp("2023-01-01")].tolist() == [1.0, 0.5, 0.5]


def test_unknown_cohort_measure_is_refused(con):
    with pytest.raises(ConfigurationError, match="customers, revenue"):
        retention.cohort_matrix(pd.DataFrame(), "margin")


@pytest.fixture(scope="module")
def random_data():
    return random_portfolio(seed=20240707)


@pytest.fixture
def random_con(con, random_data):
    accounts, lines = random_data
    add_accounts(con, *accounts.to_dict("records"))
    add_lines(con, *lines.to_dict("records"))
    return con


def _periods(lines: pd.DataFrame, grain: str):
    dates = pd.to_datetime(lines["invoice_date"])
    return ref.periods_of(dates.min().date(), dates.max().date(), grain)


@pytest.mark.parametrize("grain", ["year", "quarter", "month"])
def test_rates_match_pandas(random_con, random_data, grain):
    _, lines = random_data
    got = retention.retention_rates(random_con, ALL, grain)
    expected = ref.retention(lines, ref.purchases_of(lines), _periods(lines, grain))
    assert got["period_start"].tolist() == expected["period_start"].tolist()
    for column in expected.columns[1:]:
        assert got[column].to_numpy() == pytest.approx(expected[column].to_numpy(), nan_ok=True)


@pytest.mark.parametrize("grain", ["year", "quarter"])
def test_cohort_cells_match_pandas(random_con, random_data, grain):
    _, lines = random_data
    got = retention.cohort_retention(random_con, ALL, grain)
    expected = ref.cohorts(lines, ref.purchases_of(lines), _periods(lines, grain))
    columns = ["cohort_accounts", "active_accounts", "period_offset"]
    assert got[columns].to_numpy().tolist() == expected[columns].to_numpy().tolist()
    assert got["customer_retention"].to_numpy() == pytest.approx(
        expected["customer_retention"].to_numpy()
    )


@pytest.mark.parametrize("grain", ["year", "quarter"])
def test_bridge_adds_up_in_every_period(random_con, grain):
    bridge = retention.revenue_bridge(random_con, ALL, grain)
    steps = list(retention.BRIDGE_STEPS[:-1])
    assert bridge[steps].sum(axis=1).to_numpy() == pytest.approx(bridge["end"].to_numpy())
    assert bridge["end"].iloc[:-1].to_numpy() == pytest.approx(bridge["start"].iloc[1:].to_numpy())


def test_abc_segment_uses_the_domains_rule_over_all_accounts(random_con, random_data):
    _, lines = random_data
    region = Filters(ALL.period, region=("North",))
    rates = retention.retention_rates(random_con, region, "year", "abc_class")
    year = rates["period_start"].iloc[-1]
    # the classes of the base year, by the independent pandas implementation of abc.py
    dated = lines.assign(invoice_date=pd.to_datetime(lines["invoice_date"]))
    base = dated[dated["invoice_date"].dt.year == year.year - 1]
    revenue = base.groupby("account_id", as_index=False)["net_amount"].sum()
    classes = abc.classify(revenue, "net_amount").set_index("account_id")["abc_class"]
    accounts, _ = random_data
    north = set(accounts[accounts["region"] == "North"]["account_id"])
    buyers = ref.purchases_of(lines)
    active = set(buyers[buyers["date"].dt.year == year.year - 1]["account_id"]) & north
    expected = pd.Series([classes.get(a, "C") for a in active]).value_counts()
    got = rates[rates["period_start"] == year].set_index("abc_class")["base_accounts"]
    assert got.to_dict() == expected.to_dict()


@pytest.mark.parametrize("grain", ["year", "quarter"])
def test_rates_cohorts_and_period_retention_of_one_region_match_pandas_on_its_lines(
    random_con, random_data, grain
):
    accounts, lines = random_data
    north = set(accounts.loc[accounts["region"] == "North", "account_id"])
    theirs = lines[lines["account_id"].isin(north)]
    assert 0 < len(theirs) < len(lines)
    region = Filters(ALL.period, region=("North",))
    # the periods span every account's lines: a filter never shifts them
    periods = _periods(lines, grain)
    purchases = ref.purchases_of(theirs)
    got = retention.retention_rates(random_con, region, grain)
    expected = ref.retention(theirs, purchases, periods)
    assert got["period_start"].tolist() == expected["period_start"].tolist()
    for column in expected.columns[1:]:
        assert got[column].to_numpy() == pytest.approx(expected[column].to_numpy(), nan_ok=True)
    cells = retention.cohort_retention(random_con, region, grain)
    expected_cells = ref.cohorts(theirs, purchases, periods)
    columns = ["cohort_accounts", "active_accounts", "period_offset"]
    assert cells[columns].to_numpy().tolist() == expected_cells[columns].to_numpy().tolist()
    # one period against the one before: the last whole period of the table above
    last = expected.dropna(subset=["customer_retention_rate"]).iloc[-1]
    start = last["period_start"]
    end = periods[[p[0] for p in periods].index(start)][1]
    chosen = retention.period_retention(
        random_con, Filters(Period(start.date(), end.date()), region=("North",))
    )
    if grain == "year":  # the period before is then the previous calendar year, as in the table
        assert chosen["base_accounts"] == last["base_accounts"]
        assert chosen["retained_accounts"] == last["retained_accounts"]
        assert chosen["customer_retention_rate"] == pytest.approx(last["customer_retention_rate"])
