"""The criteria frame against hand-worked numbers and an independent pandas computation.

The hand-made company (tests/selection_support.py) pins the rules: credit notes, lines without
an invoice id, product groups from the product, windows ending on the analysis date, win-rate
window edges, buying roles written differently, the latest rating, and a group with two
divisions. Every data criterion is then recomputed from the raw rows with pandas.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from kapanalytics import facts
from kapanalytics.criteria import (
    BUYING_ROLES,
    CRITERIA,
    FRAME_COLUMNS,
    RATING_CRITERIA,
    TOUCHPOINTS_PER_YEAR_TARGET,
    account_criteria_frame,
)
from kapanalytics.demo import build_demo
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, last_12_months
from kapanalytics.keyaccounts import record_decision
from kapanalytics.metrics_catalog import metric_definitions
from kapanalytics.store import connect
from tests.selection_support import (
    ACCOUNTS,
    ACTIVITIES,
    AS_OF,
    CONTACTS,
    OPPORTUNITIES,
    lines_frame,
    load_company,
)


@pytest.fixture(scope="module")
def company():
    """The hand-made company, with D2 made a key account; shared by the read-only tests."""
    connection = connect(":memory:")
    load_company(connection)
    record_decision(connection, "D2", True, "growth", "test")
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def accounts(company) -> pd.DataFrame:
    return account_criteria_frame(company, None).set_index("account_id")


# --- an independent pandas computation of docs/metrics.md -------------------------------------


def window(end: date) -> tuple[date, date]:
    start = end.replace(year=end.year - 1) + timedelta(days=1)
    return start, end


def pandas_criteria(as_of: date = AS_OF) -> pd.DataFrame:
    """Every data criterion per account, from the raw rows, without any of the library's SQL."""
    lines = lines_frame()
    product_groups = {"p-pump": "Pumps"}
    lines["group"] = lines["product_group"].fillna(lines["product_id"].map(product_groups))
    lines["group"] = lines["group"].fillna("(none)")
    lines["key"] = lines["invoice_id"].fillna(
        "day:" + lines["account_id"] + ":" + lines["invoice_date"].astype(str)
    )
    invoices = lines.groupby(["account_id", "key"]).agg(
        day=("invoice_date", "min"),
        total=("net_amount", "sum"),
        credit=("is_credit_note", lambda s: s.fillna(False).astype(bool).all()),
    )
    invoices["purchase"] = (invoices["total"] > 0) & ~invoices["credit"]
    lines = lines.join(invoices["purchase"], on=["account_id", "key"])

    def in_window(days: pd.Series, end: date) -> pd.Series:
        start, stop = window(end)
        return (days >= start) & (days <= stop)

    rows = {}
    for account_id, _, _, _, potential, _, _ in ACCOUNTS:
        own = lines[lines["account_id"] == account_id]
        recent = own[in_window(own["invoice_date"], as_of)]
        revenue = recent["net_amount"].sum()
        prior = own[in_window(own["invoice_date"], as_of.replace(year=as_of.year - 1))]
        base = own[in_window(own["invoice_date"], as_of.replace(year=as_of.year - 3))]
        costed = recent[recent["cost_amount"].notna()]
        bought = recent[recent["purchase"] & (recent["net_amount"] > 0)]
        own_invoices = invoices.loc[account_id] if account_id in invoices.index else None
        purchases = 0
        if own_invoices is not None:
            purchases = int(
                (own_invoices["purchase"] & in_window(own_invoices["day"], as_of)).sum()
            )
        opportunities = [o for o in OPPORTUNITIES if o[1] == account_id]
        closed_start = as_of.replace(year=as_of.year - 3)

        def closed(status: str, opps=opportunities, start=closed_start) -> int:
            return sum(
                1
                for o in opps
                if o[2].strip().lower() == status
                and o[4] is not None
                and start < date.fromisoformat(o[4]) <= as_of
            )

        won, lost = closed("won"), closed("lost")
        roles = {c[2].strip().lower() for c in CONTACTS if c[1] == account_id} & set(BUYING_ROLES)
        touchpoints = sum(
            n
            for a, day, n in ACTIVITIES
            if a == account_id and in_window(pd.Series([date.fromisoformat(day)]), as_of).iloc[0]
        )
        base_revenue = base["net_amount"].sum()
        prior_revenue = prior["net_amount"].sum()
        rows[account_id] = {
            "revenue_l12m": revenue,
            "revenue_cagr_3y": (revenue / base_revenue) ** (1 / 3) - 1
            if revenue > 0 and base_revenue > 0
            else np.nan,
            "revenue_growth_1y": (revenue - prior_revenue) / abs(prior_revenue)
            if prior_revenue != 0
            else np.nan,
            "contribution_margin_pct_l12m": (costed["net_amount"] - costed["cost_amount"]).sum()
            / costed["net_amount"].sum()
            if len(costed) and costed["net_amount"].sum() != 0
            else np.nan,
            "annual_potential": potential,
            "white_space": potential - revenue,
            "share_of_wallet": revenue / potential if potential > 0 else np.nan,
            "purchase_frequency": purchases,
            "product_group_breadth": bought.loc[bought["group"] != "(none)", "group"].nunique(),
            "win_rate": won / (won + lost) if won + lost else np.nan,
            "open_pipeline": sum(o[3] or 0 for o in opportunities if o[2] == "open"),
            "relationship_strength": 50 * len(roles) / len(BUYING_ROLES)
            + 50 * min(touchpoints, TOUCHPOINTS_PER_YEAR_TARGET) / TOUCHPOINTS_PER_YEAR_TARGET,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


DATA_CRITERIA = [
    key for key, c in CRITERIA.items() if c.source == "data" and key != "credit_rating"
]


@pytest.mark.parametrize("criterion", DATA_CRITERIA)
def test_criterion_matches_an_independent_pandas_computation(accounts, criterion):
    expected = pandas_criteria()[criterion]
    actual = accounts.loc[expected.index, criterion].astype("float64")
    pd.testing.assert_series_equal(actual, expected.astype("float64"), check_names=False)


# --- hand-worked values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criterion", "value"),
    [
        # 1000 + 500 + 200 - 300 (credit note) + 100 + 50 (one day, no id) + 400 - 50
        ("revenue_l12m", 1900.0),
        ("revenue_prior_l12m", 800.0),
        ("revenue_l12m_3y_ago", 1500.0),
        ("revenue_cagr_3y", (1900 / 1500) ** (1 / 3) - 1),
        ("revenue_growth_1y", (1900 - 800) / 800),
        # costed lines only: (400 + 100 - 120 + 150) / (1000 + 200 - 300 + 400)
        ("contribution_margin_pct_l12m", 530 / 1300),
        ("white_space", 100_000 - 1900),
        ("share_of_wallet", 1900 / 100_000),
        # INV1, INV2, the day invoice of 2026-03-03 and INV5; the credit note is no purchase
        ("purchase_frequency", 4),
        # Valves, Pumps (from the product), Seals; not "(none)", not the negative Service line
        ("product_group_breadth", 3),
        # won O1, O2 ("Won "); lost O3; O4 closed exactly three years back is outside
        ("win_rate", 2 / 3),
        ("open_pipeline", 10_000.0),
        # decision maker and buyer ("Buyer " is the same role, "chief" none); 6 touchpoints
        ("roles_covered", 2),
        ("touchpoints_l12m", 6),
        ("relationship_strength", 50 * 2 / 7 + 50 * 6 / 12),
        ("credit_rating", 2.0),
        ("attitude_score", 75.0),
        ("product_fit", 4.0),  # the latest of 2 (2025) and 4 (2026)
        ("strategic_importance", 5.0),
    ],
)
def test_stand_alone_account_by_hand(accounts, criterion, value):
    assert accounts.loc["A1", criterion] == pytest.approx(value)


def test_frame_has_the_documented_columns_and_one_row_per_account(accounts):
    assert list(accounts.reset_index().columns) == list(FRAME_COLUMNS)
    assert sorted(accounts.index) == sorted(a[0] for a in ACCOUNTS)


def test_undefined_values_are_missing_not_zero(accounts):
    prospect = accounts.loc["A3"]
    assert prospect["revenue_l12m"] == 0
    assert math.isnan(prospect["revenue_cagr_3y"])
    assert math.isnan(prospect["contribution_margin_pct_l12m"])
    assert math.isnan(prospect["win_rate"])
    assert math.isnan(prospect["credit_rating"])
    assert all(math.isnan(prospect[key]) for key in RATING_CRITERIA)
    assert math.isnan(accounts.loc["A2", "revenue_cagr_3y"])  # nothing three years back


def test_analysis_date_defaults_to_the_last_invoice_date(company):
    frame = account_criteria_frame(company, None)
    assert frame.attrs["as_of"] == AS_OF == facts.analysis_date(company)


def test_an_earlier_analysis_date_moves_every_window(company):
    frame = account_criteria_frame(company, None, as_of=date(2025, 9, 30)).set_index("account_id")
    # L12M is now 2024-10-01 .. 2025-09-30: INV3 (800) only for A1
    assert frame.loc["A1", "revenue_l12m"] == 800.0
    assert frame.loc["A1", "touchpoints_l12m"] == 1


# --- the group level ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def groups(company) -> pd.DataFrame:
    return account_criteria_frame(company, None, level="group").set_index("account_id")


def test_divisions_roll_up_into_their_parent(groups):
    assert sorted(groups.index) == ["A1", "A2", "A3", "P"]
    assert groups.loc["P", "name"] == "Pi Holding"
    assert groups.loc["P", "members"] == 3
    assert groups.loc["A1", "members"] == 1


@pytest.mark.parametrize(
    ("criterion", "value"),
    [
        ("revenue_l12m", 500 + 3000 + 1000),  # money is summed
        ("revenue_l12m_3y_ago", 1000.0),
        ("revenue_cagr_3y", (4500 / 1000) ** (1 / 3) - 1),  # ratios come from the sums
        ("contribution_margin_pct_l12m", (1000 + 300) / (3000 + 1000)),
        ("annual_potential", 350_000.0),
        ("white_space", 350_000 - 4500),
        ("share_of_wallet", 4500 / 350_000),
        ("purchase_frequency", 3),
        ("product_group_breadth", 3),  # Drives, Valves, Seals: distinct over the group
        ("win_rate", 1 / 2),  # won O7, lost O8
        ("open_pipeline", 2500.0),
        ("roles_covered", 3),  # decision maker, user (twice), influencer
        ("touchpoints_l12m", 15),
        ("relationship_strength", 50 * 3 / 7 + 50),  # 15 touchpoints count as the full 12
        # ratings weighted by L12M revenue: P 500, D1 3000, D2 1000
        ("credit_rating", (1 * 500 + 2 * 3000 + 5 * 1000) / 4500),
        ("product_fit", (5 * 3000 + 1 * 1000) / 4000),  # P has no rating: left out
        ("attitude_score", (100 * 500 + 75 * 3000 + 25 * 1000) / 4500),
    ],
)
def test_group_values_by_hand(groups, criterion, value):
    assert groups.loc["P", criterion] == pytest.approx(value)


def test_group_attitude_label_is_the_nearest_to_its_mean(groups):
    assert groups.loc["P", "attitude"] == "positive"  # 66.7 is nearest to 75


def test_group_is_a_key_account_when_a_division_is(groups):
    assert groups.loc["P", "is_key_account"]
    assert not groups.loc["A1", "is_key_account"]
    assert groups.loc["P", "parent_account_id"] is None


def test_group_ratings_fall_back_to_the_plain_mean_without_revenue(company):
    frame = account_criteria_frame(company, None, as_of=date(2021, 1, 1), level="group")
    group = frame.set_index("account_id").loc["P"]
    assert group["revenue_l12m"] == 0
    assert group["product_fit"] == pytest.approx((5 + 1) / 2)
    assert group["credit_rating"] == pytest.approx((1 + 2 + 5) / 3)


def test_group_totals_equal_account_totals(company, accounts):
    groups = account_criteria_frame(company, None, level="group")
    for column in ("revenue_l12m", "annual_potential", "purchase_frequency", "open_pipeline"):
        assert groups[column].sum() == pytest.approx(accounts[column].sum())


@pytest.mark.parametrize("level", ["account", "group"])
def test_filters_choose_the_accounts_that_count(company, level):
    south = Filters(period=last_12_months(AS_OF), region=("South",))
    frame = account_criteria_frame(company, south, level=level).set_index("account_id")
    if level == "account":
        assert sorted(frame.index) == ["A2", "D2"]
    else:
        # the group keeps its parent's name, but only its South division counts
        assert sorted(frame.index) == ["A2", "P"]
        assert frame.loc["P", "members"] == 1
        assert frame.loc["P", "revenue_l12m"] == 1000.0
        assert frame.loc["P", "name"] == "Pi Holding"


def test_a_cycle_of_parents_does_not_hang(con):
    con.execute(
        "insert into accounts (account_id, parent_account_id) values ('X', 'Y'), ('Y', 'X')"
    )
    frame = account_criteria_frame(con, None, as_of=AS_OF, level="group")
    assert frame["members"].sum() == 2


def test_unknown_level_and_missing_analysis_date_are_explained(con):
    with pytest.raises(ConfigurationError, match="level"):
        account_criteria_frame(con, None, as_of=AS_OF, level="division")
    with pytest.raises(ConfigurationError, match="no invoice lines"):
        account_criteria_frame(con, None)


# --- the catalogue -----------------------------------------------------------------------------


def test_every_rating_criterion_is_in_the_catalogue_as_a_rating():
    for key in RATING_CRITERIA:
        assert CRITERIA[key].source == "rating"
        assert CRITERIA[key].normalisation == "rating"


@pytest.mark.parametrize("key", sorted(CRITERIA))
def test_catalogue_entry_is_complete_and_in_the_metric_catalogue(key):
    criterion = CRITERIA[key]
    assert criterion.key == key
    assert criterion.direction in ("higher", "lower")
    assert criterion.normalisation in ("percentile", "minmax", "rating")
    assert criterion.label_en
    assert criterion.label_de
    assert criterion.definition_en != criterion.definition_de
    assert metric_definitions()[key]["label_de"] == criterion.label_de


def test_credit_rating_is_lower_is_better():
    assert CRITERIA["credit_rating"].direction == "lower"


# --- the demo company ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    connection = connect(":memory:")
    build_demo(connection, seed=7, accounts=300)
    yield connection
    connection.close()


def test_demo_revenue_l12m_equals_the_overview_facts(demo):
    frame = account_criteria_frame(demo, None)
    period = last_12_months(facts.analysis_date(demo))
    overview = facts.account_period_facts(demo, Filters(period=period))
    merged = frame.merge(overview, on="account_id")
    assert len(merged) == len(frame) == 300
    np.testing.assert_allclose(merged["revenue_l12m"], merged["revenue"])
    np.testing.assert_array_equal(merged["purchase_frequency"], merged["purchases"])


def test_demo_invariants_hold(demo):
    frame = account_criteria_frame(demo, None)
    np.testing.assert_allclose(
        frame["white_space"], frame["annual_potential"] - frame["revenue_l12m"]
    )
    has_potential = frame["annual_potential"] > 0
    np.testing.assert_allclose(
        (frame["share_of_wallet"] * frame["annual_potential"])[has_potential],
        frame["revenue_l12m"][has_potential],
    )
    assert frame["win_rate"].dropna().between(0, 1).all()
    assert frame["relationship_strength"].between(0, 100).all()
    for key in RATING_CRITERIA:
        assert frame[key].dropna().between(1, 5).all()
    groups = account_criteria_frame(demo, None, level="group")
    assert groups["members"].sum() == len(frame)
    assert groups["revenue_l12m"].sum() == pytest.approx(frame["revenue_l12m"].sum())
