"""Budget vs actual: closed months, variances, both forecasts and the lights, by hand."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
import pytest

from kapanalytics import budget as bg
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, Period
from kapanalytics.keyaccounts import record_decision
from tests.test_facts import add_accounts, add_lines, line

FILTERS = Filters(period=Period(date(2026, 1, 1), date(2026, 7, 15)))


def budgets(con, *rows: tuple[str, int, str, float], months=range(1, 13)) -> None:
    for account_id, year, group, amount in rows:
        for month in months:
            con.execute(
                "insert into budgets values (?, ?, ?, ?, ?)",
                [account_id, year, month, group, amount],
            )


@pytest.fixture
def company(con):
    """The analysis date is 2026-07-15, so six months of 2026 are closed.

    K1: Valves 100 and Pumps 50 a month budgeted; Valves sold 80 a month in January..June, and
    in the year before 10 a month in the first half and 30 in the second (240, of it 60 by June).
    K2: a budget of 100 a month for all groups plus 20 for Valves; sells Seals and Valves.
    K3: a key account without a budget. K4: a budget of last year only, no key account.
    """
    add_accounts(
        con,
        {"account_id": "K1", "name": "One", "owner": "Ann", "region": "North"},
        {"account_id": "K2", "name": "Two", "owner": "Bob", "region": "South"},
        {"account_id": "K3", "name": "Three", "owner": "Ann", "region": "North"},
        {"account_id": "K4", "name": "Four", "owner": "Bob", "region": "North"},
    )
    budgets(con, ("K1", 2026, "Valves", 100.0), ("K1", 2026, "Pumps", 50.0))
    budgets(con, ("K2", 2026, "", 100.0), ("K2", 2026, "Valves", 20.0))
    budgets(con, ("K4", 2025, "Valves", 10.0))
    lines = []
    for month in range(1, 13):
        lines.append(line("K1", f"2025-{month:02d}-10", 10 if month <= 6 else 30, group="Valves"))
    for month in range(1, 7):
        lines.append(line("K1", f"2026-{month:02d}-10", 80, group="Valves"))
        lines.append(line("K2", f"2026-{month:02d}-11", 50, group="Seals"))
        lines.append(line("K2", f"2026-{month:02d}-12", 25, group="Valves"))
    lines.append(line("K1", "2026-07-15", 999, group="Valves"))  # July is not closed yet
    lines.append(line("K3", "2026-03-03", 70, group="Tools"))
    lines.append(line("K4", "2026-03-03", 70, group="Valves"))
    add_lines(con, *lines)
    for account_id in ("K1", "K2", "K3"):
        record_decision(con, account_id, True, None, "board", decided_at=datetime(2025, 1, 1))
    return con


def rows(con, level: str, **kwargs) -> pd.DataFrame:
    return bg.budget_vs_actual(con, FILTERS, level=level, **kwargs)


@pytest.mark.parametrize(
    ("year", "as_of", "closed"),
    [
        (2026, date(2026, 7, 15), 6),
        (2026, date(2026, 7, 31), 7),
        (2026, date(2026, 1, 1), 0),
        (2028, date(2028, 2, 29), 2),
        (2025, date(2026, 7, 15), 12),
        (2027, date(2026, 7, 15), 0),
    ],
)
def test_closed_months(year, as_of, closed):
    assert bg.closed_months(year, as_of) == closed


def test_ytd_compares_closed_months_only(company):
    valves = rows(company, "product_group").set_index(["account_id", "product_group"])
    k1 = valves.loc[("K1", "Valves")]
    assert k1["budget_year"] == 1200
    assert k1["budget_ytd"] == 600
    assert k1["actual_ytd"] == 480, "the half month of July is left out"
    assert k1["variance_ytd"] == -120
    assert k1["variance_ytd_pct"] == pytest.approx(-0.2)
    assert k1["attainment_ytd"] == pytest.approx(0.8)


def test_both_forecasts_to_year_end(company):
    k1 = rows(company, "product_group").set_index(["account_id", "product_group"])
    valves = k1.loc[("K1", "Valves")]
    assert valves["forecast_run_rate"] == pytest.approx(480 / 6 * 12)
    # last year the second half sold three times the first: the rest of the year follows
    assert valves["forecast_seasonal"] == pytest.approx(480 * 240 / 60)
    assert valves["forecast"] == pytest.approx(1920), "seasonal where it is defined"
    pumps = k1.loc[("K1", "Pumps")]
    assert pumps["actual_ytd"] == 0
    assert math.isnan(pumps["forecast_seasonal"]), "no prior-year revenue to follow"
    assert pumps["forecast"] == 0, "falls back to the run rate"


def test_lights_on_ytd_and_forecast_attainment(company):
    k1 = rows(company, "product_group").set_index(["account_id", "product_group"])
    assert k1.loc[("K1", "Valves"), "ytd_light"] == "red"  # 80 %
    assert k1.loc[("K1", "Valves"), "forecast_light"] == "green"  # 160 %
    amber = rows(company, "product_group", amber_from=0.8).set_index(
        ["account_id", "product_group"]
    )
    assert amber.loc[("K1", "Valves"), "ytd_light"] == "amber"


def test_a_budget_for_all_groups_takes_the_groups_without_their_own(company):
    k2 = rows(company, "product_group").set_index(["account_id", "product_group"]).loc["K2"]
    assert sorted(k2.index) == [bg.ALL_GROUPS, "Valves"]
    assert k2.loc[bg.ALL_GROUPS, "actual_ytd"] == 300  # the Seals
    assert k2.loc[bg.ALL_GROUPS, "budget_ytd"] == 600
    assert k2.loc["Valves", "actual_ytd"] == 150


def test_account_rows_add_up_their_groups(company):
    accounts = rows(company, "account").set_index("account_id")
    assert sorted(accounts.index) == ["K1", "K2", "K3"], "K4 has no budget this year"
    assert accounts.loc["K1", "budget_ytd"] == 900
    assert accounts.loc["K1", "actual_ytd"] == 480
    # recomputed from the sums, not added up: 480 x 240 / 60
    assert accounts.loc["K1", "forecast_seasonal"] == pytest.approx(1920)
    assert accounts.loc["K2", "actual_ytd"] == 450
    assert accounts.index.tolist()[0] == "K1", "the largest shortfall first"


def test_a_key_account_without_budget_shows_its_revenue_without_a_light(company):
    k3 = rows(company, "account").set_index("account_id").loc["K3"]
    assert k3["budget_year"] == 0
    assert k3["actual_ytd"] == 70
    assert math.isnan(k3["variance_ytd_pct"])
    assert pd.isna(k3["ytd_light"])


def test_the_portfolio_row_and_the_filters(company):
    total = rows(company, "portfolio")
    assert len(total) == 1
    assert total.loc[0, "actual_ytd"] == 480 + 450 + 70
    north = bg.budget_vs_actual(
        company, Filters(period=FILTERS.period, region=("North",)), level="portfolio"
    )
    assert north.loc[0, "actual_ytd"] == 480 + 70


def test_months_of_one_account_with_the_forecast_for_the_open_months(company):
    months = bg.budget_by_month(company, FILTERS, account_id="K1")
    assert len(months) == 12
    assert months["budget"].tolist() == [150.0] * 12
    assert months["actual"].iloc[:6].tolist() == [80.0] * 6
    assert months["actual"].iloc[6:].isna().all()
    assert months["cumulative_actual"].iloc[5] == 480
    assert months["forecast_run_rate"].iloc[6:].tolist() == pytest.approx([80.0] * 6)
    assert months["forecast_seasonal"].iloc[6:].tolist() == pytest.approx([240.0] * 6)
    assert months["forecast_seasonal"].iloc[:6].isna().all()
    assert months["month"].iloc[0] == pd.Timestamp("2026-01-01")
    # the months add up to the year's forecast
    total = months["actual"].sum() + months["forecast_seasonal"].sum()
    assert total == pytest.approx(
        rows(company, "account").set_index("account_id").loc["K1", "forecast_seasonal"]
    )


def test_a_past_year_is_closed_in_full(company):
    k4 = bg.budget_vs_actual(company, FILTERS, year=2025, level="account").set_index("account_id")
    assert k4.loc["K4", "budget_ytd"] == 120
    assert k4.loc["K4", "forecast"] == k4.loc["K4", "actual_ytd"]
    assert bg.budget_years(company) == [2026, 2025]


@pytest.mark.parametrize(("green", "amber"), [(0.9, 1.0), (1.0, -0.1)])
def test_light_thresholds_must_be_ordered(green, amber):
    with pytest.raises(ConfigurationError, match="amber_from <= green_from"):
        bg.LightThresholds(green_from=green, amber_from=amber)


def test_lights_at_their_edges():
    lights = bg.LightThresholds().light(pd.Series([1.0, 0.9999, 0.9, 0.8999, float("nan")]))
    assert lights.tolist()[:4] == ["green", "amber", "amber", "red"]
    assert pd.isna(lights.iloc[4])


def test_months_of_one_product_group(company):
    valves = bg.budget_by_month(company, FILTERS, account_id="K1", product_group="Valves")
    assert valves["budget"].tolist() == [100.0] * 12
    assert valves["actual"].iloc[:6].tolist() == [80.0] * 6
    assert valves["forecast_seasonal"].iloc[6:].tolist() == pytest.approx([240.0] * 6)
    pumps = bg.budget_by_month(company, FILTERS, account_id="K1", product_group="Pumps")
    assert pumps["actual"].iloc[:6].tolist() == [0.0] * 6
    assert pumps["forecast_seasonal"].isna().all()


@pytest.mark.parametrize("level", ["account", "product_group"])
def test_one_account_is_its_rows_of_every_account(company, level):
    everyone = rows(company, level)
    for account_id in ("K1", "K2", "K3"):
        mine = rows(company, level, account_id=account_id)
        expected = everyone[everyone["account_id"] == account_id].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, expected)
    assert rows(company, level, account_id="K9").empty  # no such account


def test_one_account_outside_the_allowed_accounts_has_no_rows(company):
    own = Filters(period=FILTERS.period, account_ids=("K2",))
    assert bg.budget_vs_actual(company, own, level="account", account_id="K1").empty
    months = bg.budget_by_month(company, own, account_id="K1")
    assert (months["budget"] == 0).all()  # the year's months, with nothing in them
    assert months["actual"].fillna(0).eq(0).all()
    mine = bg.budget_vs_actual(company, own, level="account", account_id="K2")
    assert mine["account_id"].tolist() == ["K2"]


@pytest.mark.parametrize("year", [2026, 2025])
@pytest.mark.parametrize("region", [(), ("North",)])
def test_an_accounts_months_are_the_sums_of_its_groups(company, year, region):
    filters = Filters(period=FILTERS.period, region=region)
    as_of = date(2026, 7, 15)
    by_group = bg.monthly_facts(company, filters, year, as_of)
    expected = (
        by_group.groupby(["account_id", "name", "owner", "month"], as_index=False)[
            ["budget", "actual", "prior_actual"]
        ]
        .sum(min_count=1)
        .fillna({"budget": 0.0, "prior_actual": 0.0})
    )
    by_account = bg.monthly_facts(company, filters, year, as_of, product_groups=False)
    pd.testing.assert_frame_equal(by_account, expected)
    assert by_account.attrs == by_group.attrs
    assert len(by_account) == 12 * by_group["account_id"].nunique()


def test_equal_variances_are_ordered_by_account_whatever_their_last_bits(company):
    add_accounts(
        company,
        {"account_id": "K5", "name": "Five", "owner": "Cy"},
        {"account_id": "K6", "name": "Six", "owner": "Cy"},
    )
    budgets(company, ("K5", 2026, "Valves", 0.0), ("K6", 2026, "Valves", 0.0))
    # 0.1 + 0.2 is 0.30000000000000004 in floating point, a hair above K6's 0.3
    add_lines(
        company,
        line("K5", "2026-02-02", 0.1, group="Valves"),
        line("K5", "2026-02-02", 0.2, group="Valves"),
        line("K6", "2026-02-02", 0.3, group="Valves"),
    )
    for level in ("account", "product_group"):
        table = rows(company, level)
        tied = table[table["account_id"].isin(["K5", "K6"])]
        assert tied["variance_ytd"].iloc[0] != tied["variance_ytd"].iloc[1]
        assert tied["account_id"].tolist() == ["K5", "K6"]
        assert tied.index[1] == tied.index[0] + 1
