"""Share of wallet and white space: totals, size bands, and white-space cells found by peers."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from kapanalytics import potential
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, Period
from kapanalytics.staging import NONE_LABEL
from tests.test_facts import add_accounts, add_lines, line

# the 12 months ending on the period's end: 2025-10-01 .. 2026-09-30
PERIOD = Period(date(2026, 1, 1), date(2026, 9, 30))


def food(account_id: str, employees: int | None, region: str = "North", **extra) -> dict:
    return {
        "account_id": account_id,
        "name": f"Food {account_id}",
        "industry": "food",
        "employees": employees,
        "region": region,
        **extra,
    }


@pytest.fixture
def peers_company(con):
    """Five active food accounts of 50-249 employees, and accounts that are not their peers.

    Valves: F2, F3, F4 buy it (3 of the 4 peers of F1 and of F5). Seals: only F5.
    """
    add_accounts(
        con,
        food("F1", 100),
        food("F2", 50, region="South"),
        food("F3", 100),
        food("F4", 200, region="South"),
        food("F5", 200),
        food("BIG", 5000),  # another size band
        food("IDLE", 120),  # same band, but no revenue in the 12 months: no peer
        {"account_id": "M1", "industry": "metal", "employees": 100},  # another industry
    )
    add_lines(
        con,
        line("F1", "2026-03-01", 500, group="Pumps"),
        line("F1", "2026-04-01", -20, group="Valves", credit_note=True),  # a credit is no buying
        line("F2", "2026-03-01", 100, group="Pumps"),
        line("F2", "2026-03-02", 100, group="Valves"),
        line("F3", "2026-03-01", 100, group="Pumps"),
        line("F3", "2026-03-02", 300, group="Valves"),
        line("F4", "2025-10-01", 100, group="Pumps"),
        line("F4", "2025-10-01", 1000, group="Valves"),
        line("F5", "2026-03-01", 100, group="Pumps"),
        line("F5", "2026-03-02", 80, group="Seals"),
        line("BIG", "2026-03-01", 9000, group="Valves"),
        line("M1", "2026-03-01", 9000, group="Valves"),
        line("IDLE", "2025-09-30", 700, group="Valves"),  # a day before the 12 months
    )
    return con


def cells_of(con, filters=None, **rule) -> pd.DataFrame:
    return potential.white_space_cells(con, filters or Filters(period=PERIOD), **rule)


def test_a_group_most_peers_buy_is_white_space_for_an_account_that_buys_none(peers_company):
    cells = cells_of(peers_company)
    assert sorted(zip(cells["account_id"], cells["product_group"], strict=True)) == [
        ("F1", "Valves"),
        ("F5", "Valves"),
    ]
    f1 = cells.set_index("account_id").loc["F1"]
    assert (f1["peers"], f1["peers_buying"]) == (4, 3)
    assert f1["peer_buying_share"] == pytest.approx(0.75)


def test_expected_value_is_the_peer_median_scaled_to_the_accounts_size(peers_company):
    cells = cells_of(peers_company).set_index("account_id")
    # buyers of valves: F2 100 (50 staff), F3 300 (100), F4 1000 (200): medians 300 and 100
    assert cells.loc["F1", "peer_median_spend"] == 300
    assert cells.loc["F1", "size_factor"] == pytest.approx(1.0)
    assert cells.loc["F1", "expected_value"] == pytest.approx(300)
    assert cells.loc["F5", "size_factor"] == pytest.approx(2.0)
    assert cells.loc["F5", "expected_value"] == pytest.approx(600)
    assert cells.index.tolist() == ["F5", "F1"], "ranked by expected value"


def test_an_account_of_unknown_size_gets_the_plain_peer_median(peers_company):
    peers_company.execute("update accounts set employees = 150 where account_id = 'F5'")
    cells = cells_of(peers_company).set_index("account_id")
    assert cells.loc["F5", "expected_value"] == pytest.approx(450)
    # F1 without employees falls out of its band, so give it a band of its own with peers
    peers_company.execute("update accounts set employees = null where account_id = 'F1'")
    add_accounts(peers_company, food("N1", None), food("N2", None), food("N3", None))
    add_lines(
        peers_company,
        *(line(n, "2026-05-05", 70, group="Seals") for n in ("N1", "N2", "N3")),
    )
    cells = cells_of(peers_company).set_index(["account_id", "product_group"])
    unknown = cells.loc[("F1", "Seals")]
    assert unknown["size_band"] == NONE_LABEL
    assert unknown["size_factor"] == 1.0
    assert unknown["expected_value"] == 70


def test_half_of_the_peers_is_not_most(peers_company):
    cells = cells_of(peers_company, min_peer_share=0.75)
    assert cells.empty, "3 of 4 is not more than 0.75"


def test_too_few_peers_say_nothing(peers_company):
    assert cells_of(peers_company, min_peers=5).empty


def test_filters_list_accounts_but_peers_come_from_everyone(peers_company):
    north = cells_of(peers_company, Filters(period=PERIOD, region=("North",)))
    assert north["account_id"].tolist() == ["F5", "F1"]
    # F2 and F4 (South) still count as peers
    assert north["peers"].tolist() == [4, 4]


def test_the_peers_behind_a_cell_are_shown_with_their_spend(peers_company):
    peers = potential.white_space_peers(peers_company, Filters(period=PERIOD), "F1", "Valves")
    assert peers["account_id"].tolist() == ["F4", "F3", "F2", "F5"]
    assert peers["group_revenue"].tolist() == [1000, 300, 100, 0]
    assert peers["buys_group"].tolist() == [True, True, True, False]
    assert potential.white_space_peers(
        peers_company, Filters(period=PERIOD), "nobody", "Valves"
    ).empty


def test_product_matrix_holds_revenue_per_group_with_zeros(peers_company):
    matrix = potential.product_matrix(peers_company, Filters(period=PERIOD), top_n=3)
    assert matrix["account_id"].tolist() == ["BIG", "M1", "F4"]
    row = matrix.set_index("account_id").loc["F4"]
    assert (row["Valves"], row["Pumps"], row["Seals"]) == (1000, 100, 0)


def test_a_period_without_lines_gives_an_empty_cross_sell_list(peers_company):
    long_ago = Period(date(2001, 1, 1), date(2001, 6, 30))
    accounts, spend = potential.group_spend(peers_company, Filters(period=long_ago))
    assert spend.empty
    assert not accounts["is_active"].any()
    cells = potential.find_white_space(accounts, spend)
    assert cells.empty
    assert list(cells.columns) == list(potential.CELL_COLUMNS)


def test_lines_that_cancel_out_are_no_buying_whatever_their_order(peers_company):
    # 0.1 + 0.2 - 0.3 is 5.6e-17 in floating point, not 0
    add_lines(
        peers_company,
        line("F5", "2026-05-01", 0.1, group="Valves"),
        line("F5", "2026-05-02", 0.2, group="Valves"),
        line("F5", "2026-05-03", -0.3, group="Valves"),
        line("IDLE", "2026-05-01", 0.1, group="Seals"),
        line("IDLE", "2026-05-02", 0.2, group="Seals"),
        line("IDLE", "2026-05-03", -0.3, group="Seals"),
    )
    accounts, spend = potential.group_spend(peers_company, Filters(period=PERIOD))
    valves = spend.set_index(["account_id", "product_group"]).loc[("F5", "Valves"), "revenue"]
    assert valves == 0
    assert not accounts.set_index("account_id").loc["IDLE", "is_active"]
    # F5 still buys no valves: its cell stays, and F1's peers buying valves stay 3
    cells = cells_of(peers_company).set_index(["account_id", "product_group"])
    assert ("F5", "Valves") in cells.index
    assert cells.loc[("F1", "Valves"), "peers_buying"] == 3


def reference_white_space(
    accounts: pd.DataFrame, spend: pd.DataFrame, rule: potential.PeerRule
) -> pd.DataFrame:
    """find_white_space as plain pandas merges: every listed account x every product group."""
    band = ["industry", "size_band"]
    active = accounts[accounts["is_active"]]
    listed = active[active["is_listed"]]
    buyers = spend[spend["revenue"] > 0].merge(active[["account_id", *band, "employees"]])
    by_group = (
        buyers.groupby([*band, "product_group"])
        .agg(
            peers_buying=("account_id", "size"),
            peer_median_spend=("revenue", "median"),
            peer_median_employees=("employees", "median"),
        )
        .reset_index()
    )
    band_sizes = active.groupby(band).size().rename("active_in_band").reset_index()
    groups = sorted(set(spend["product_group"]) - {NONE_LABEL})
    cells = listed.merge(pd.DataFrame({"product_group": groups}), how="cross")
    bought = spend.loc[spend["revenue"] > 0, ["account_id", "product_group"]].assign(buys=True)
    cells = cells.merge(bought, on=["account_id", "product_group"], how="left")
    cells = cells[cells["buys"].isna()]
    cells = cells.merge(band_sizes, on=band).merge(by_group, on=[*band, "product_group"])
    cells["peers"] = cells["active_in_band"] - 1
    cells["peer_buying_share"] = cells["peers_buying"] / cells["peers"].where(cells["peers"] > 0)
    cells = cells[
        (cells["peers"] >= rule.min_peers) & (cells["peer_buying_share"] > rule.min_peer_share)
    ]
    ratio = cells["employees"] / cells["peer_median_employees"]
    cells["size_factor"] = ratio.where(np.isfinite(ratio) & (ratio > 0), 1.0).astype(float)
    cells["expected_value"] = cells["peer_median_spend"] * cells["size_factor"]
    return cells[list(potential.CELL_COLUMNS)].sort_values(
        ["expected_value", "account_id", "product_group"],
        ascending=[False, True, True],
        ignore_index=True,
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(
    "rule", [potential.PeerRule(), potential.PeerRule(0.2, 2), potential.PeerRule(0.0, 1)]
)
def test_white_space_equals_every_account_x_group_compared_with_its_peers(seed, rule):
    rng = np.random.default_rng(seed)
    n = 400
    employees = rng.choice([np.nan, 0.0, 5.0, 20.0, 60.0, 120.0, 400.0, 2000.0], size=n)
    accounts = pd.DataFrame(
        {
            "account_id": [f"A{i:04d}" for i in rng.permutation(n)],
            "name": [f"Account {i}" for i in range(n)],
            "industry": rng.choice(["food", "metal", "wood", None], size=n, p=[0.4, 0.3, 0.2, 0.1]),
            "employees": employees,
            "is_listed": rng.random(n) < 0.6,
        }
    )
    pairs = pd.DataFrame(
        {
            # a few lines of accounts that are not among the accounts
            "account_id": rng.choice([*accounts["account_id"], "X1", "X2"], size=3 * n),
            "product_group": rng.choice(["Pumps", "Valves", "Seals", NONE_LABEL], size=3 * n),
            "revenue": rng.choice([-50.0, 0.0, 10.0, 30.0, 70.0, 250.0], size=3 * n),
        }
    )
    spend = pairs.drop_duplicates(["account_id", "product_group"], ignore_index=True)
    totals = spend.groupby("account_id")["revenue"].sum()
    accounts["revenue_l12m"] = accounts["account_id"].map(totals).fillna(0.0)
    accounts["is_active"] = accounts["revenue_l12m"] > 0
    accounts["size_band"] = potential.size_band(accounts["employees"])
    cells = potential.find_white_space(accounts, spend, rule)
    assert len(cells) > 0
    pd.testing.assert_frame_equal(cells, reference_white_space(accounts, spend, rule))


@pytest.mark.parametrize(
    ("employees", "band"),
    [
        (1, "1-49"),
        (49, "1-49"),
        (50, "50-249"),
        (249, "50-249"),
        (250, "250-999"),
        (999, "250-999"),
        (1000, "1000+"),
        (None, NONE_LABEL),
        (0, NONE_LABEL),
    ],
)
def test_size_bands_by_employees(employees, band):
    assert potential.size_band(pd.Series([employees], dtype="Float64")).tolist() == [band]


def test_a_peer_rule_outside_its_range_is_refused():
    with pytest.raises(ConfigurationError, match="min_peer_share"):
        potential.PeerRule(min_peer_share=1.0)
    with pytest.raises(ConfigurationError, match="min_peers"):
        potential.PeerRule(min_peers=0)


# --- share of wallet and totals ---------------------------------------------------------------


def test_wallet_per_account_uses_the_twelve_months_ending_with_the_period(con):
    add_accounts(
        con,
        {"account_id": "A", "annual_potential": 1000.0, "region": "North"},
        {"account_id": "B", "annual_potential": 100.0, "region": "North"},
        {"account_id": "C", "region": "South"},
    )
    add_lines(
        con,
        line("A", "2025-10-01", 250),
        line("A", "2025-09-30", 999),  # outside the 12 months
        line("B", "2026-09-30", 150),
        line("C", "2026-01-01", 40),
    )
    frame = potential.wallet(con, Filters(period=PERIOD)).set_index("account_id")
    assert frame.loc["A", "revenue_l12m"] == 250
    assert frame.loc["A", "share_of_wallet"] == pytest.approx(0.25)
    assert frame.loc["A", "white_space"] == 750
    assert frame.loc["B", "white_space"] == -50, "we sell more than the potential"
    assert np.isnan(frame.loc["C", "share_of_wallet"])
    assert frame.index.tolist() == ["A", "B", "C"], "sorted by white space, unknown last"


def test_totals_add_up_and_untapped_potential_ignores_overachievers():
    accounts = pd.DataFrame(
        {
            "region": ["North", "North", "North", "South", None],
            "annual_potential": [1000.0, 100.0, np.nan, 0.0, 50.0],
            "revenue_l12m": [250.0, 150.0, 40.0, 10.0, 0.0],
            "white_space": [750.0, -50.0, np.nan, -10.0, 50.0],
        }
    )
    totals = potential.wallet_totals(accounts, "region").set_index("region")
    north = totals.loc["North"]
    assert north["accounts"] == 3
    assert north["annual_potential"] == 1100
    assert north["revenue_l12m"] == 400, "C without a potential is left out"
    assert north["share_of_wallet"] == pytest.approx(400 / 1100)
    assert north["white_space"] == 700
    assert north["untapped_potential"] == 750
    assert np.isnan(totals.loc["South", "share_of_wallet"]), "no positive potential"
    assert totals.loc[NONE_LABEL, "untapped_potential"] == 50
    assert totals.index.tolist() == ["North", NONE_LABEL, "South"]


def test_totals_refuse_an_unknown_dimension():
    with pytest.raises(ConfigurationError, match="Cannot total by 'country'"):
        potential.wallet_totals(pd.DataFrame(), "country")


def test_overall_totals_compute_the_share_from_the_sums():
    accounts = pd.DataFrame(
        {
            "region": ["North", "South", None],
            "annual_potential": [1000.0, 100.0, np.nan],
            "revenue_l12m": [250.0, 150.0, 40.0],
            "white_space": [750.0, -50.0, np.nan],
        }
    )
    overall = potential.wallet_overall(accounts)
    assert overall["accounts"] == 3
    assert overall["share_of_wallet"] == pytest.approx(400 / 1100)
    assert overall["untapped_potential"] == 750
    assert overall["white_space"] == 700
    assert np.isnan(potential.wallet_overall(accounts.head(0))["share_of_wallet"])


def test_without_any_potential_the_totals_are_unknown_not_zero():
    accounts = pd.DataFrame(
        {
            "region": ["North", "North"],
            "annual_potential": [np.nan, np.nan],
            "revenue_l12m": [250.0, 150.0],
            "white_space": [np.nan, np.nan],
        }
    )
    north = potential.wallet_totals(accounts, "region").iloc[0]
    assert north["accounts"] == 2
    assert np.isnan(north["annual_potential"])
    assert np.isnan(north["untapped_potential"])


def test_an_empty_cross_sell_list_keeps_plain_number_columns(peers_company):
    cells = cells_of(peers_company, min_peers=50)
    assert cells.empty
    assert cells["peer_median_employees"].dtype == float
