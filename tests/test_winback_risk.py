"""Win-back candidates and rates, the early-warning score, its saved weights and its backtest."""

from __future__ import annotations

import itertools
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from kapanalytics import risk, risk_backtest, winback
from kapanalytics.errors import ConfigurationError, EditConflictError
from kapanalytics.filters import Filters, Period
from tests.test_facts import add_accounts, add_lines, d, line

ALL = Filters(Period(d("2020-01-01"), d("2025-12-31")))


@pytest.fixture
def lost_ones(con):
    add_accounts(
        con,
        {"account_id": "P", "status": "lost", "lost_date": "2025-06-30", "lost_reason": "Price"},
        {
            "account_id": "I",
            "status": "lost",
            "lost_date": "2025-06-30",
            "lost_reason": "insolvency",
        },
        {"account_id": "U", "status": "lost", "lost_date": "2025-06-30"},
        {"account_id": "O", "status": "lost", "lost_date": "2024-06-30", "lost_reason": "price"},
        {"account_id": "Z"},
    )
    add_lines(
        con,
        line("P", "2025-05-01", 1000),
        line("I", "2025-05-01", 5000),
        line("U", "2025-05-01", 800),
        line("O", "2024-05-01", 1000),
        line("Z", "2025-12-31", 1),
    )
    return con


def test_candidates_rank_by_value_times_recoverability_and_time(lost_ones):
    config = winback.WinBackConfig(half_life_days=365)
    table = winback.candidates(lost_ones, ALL, config).set_index("account_id")
    assert table.loc["P", "recoverability"] == 1.0  # case and blanks do not matter
    assert table.loc["I", "recoverability"] == 0.0
    assert table.loc["U", "recoverability"] == 0.5
    days = (pd.Timestamp("2025-12-31") - pd.Timestamp("2025-06-30")).days
    assert table.loc["P", "score"] == pytest.approx(1000 * 0.5 ** (days / 365))
    assert table.loc["O", "score"] == pytest.approx(1000 * 0.5 ** ((days + 365) / 365))
    # U: 800 * 0.5 * 0.71 = 282 ranks below O: 1000 * 0.35 = 353; I can never come back
    assert table.sort_values("rank").index.tolist() == ["P", "O", "U", "I"]


def test_candidates_look_back_only_max_years(lost_ones):
    table = winback.candidates(lost_ones, ALL, winback.WinBackConfig(max_years=1))
    assert "O" not in set(table["account_id"])


def test_reason_classes_are_saved_with_versions(con):
    assert winback.load_config(con) == (winback.WinBackConfig(), 0)
    mine = winback.WinBackConfig(recoverable=("price",), unknown_factor=0.2)
    assert winback.save_config(con, mine, "anna", expected_version=0) == 1
    assert winback.load_config(con) == (mine, 1)
    with pytest.raises(EditConflictError, match="win-back classes"):
        winback.save_config(con, winback.WinBackConfig(), "bert", expected_version=0)
    with pytest.raises(ConfigurationError, match="both"):
        winback.WinBackConfig(recoverable=("price",), unrecoverable=("Price",))


def test_win_back_rate_is_the_share_of_losses_that_bought_again(con):
    add_accounts(con, *({"account_id": a} for a in "ABCZ"))
    add_lines(
        con,
        line("A", "2021-03-01", 100),
        line("A", "2023-01-15", 400),  # lost 2022-03-01, back
        line("B", "2021-04-01", 100),  # lost 2022-04-01 for good
        line("C", "2021-05-01", 100),
        line("C", "2022-04-01", 10),  # still a customer then, lost 2023-04-01
        line("Z", "2025-12-31", 1),
    )
    rates = winback.win_back_rates(con, ALL, "year").set_index("period_start")
    y2022 = rates.loc[pd.Timestamp("2022-01-01")]
    assert (y2022["lost"], y2022["won_back"]) == (2, 1)
    assert y2022["win_back_rate"] == pytest.approx(0.5)
    assert y2022["revenue_brought_back"] == pytest.approx(400)
    back = winback.reactivated_accounts(con, ALL, "year")
    assert back["account_id"].tolist() == ["A"]
    assert back["days_away"].tolist() == [
        (pd.Timestamp("2023-01-15") - pd.Timestamp("2022-03-01")).days
    ]


# ---- early warning ---------------------------------------------------------------------------

_ids = itertools.count(1)


def activity(account: str, day: str, kind: str) -> dict:
    return {
        "activity_id": f"ACT{next(_ids)}",
        "account_id": account,
        "activity_date": date.fromisoformat(day),
        "type": kind,
    }


@pytest.fixture
def two_customers(con):
    add_accounts(con, {"account_id": "STEADY"}, {"account_id": "SHAKY"}, {"account_id": "Z"})
    steady = [
        line("STEADY", f"2025-{m:02d}-10", 100, group=g)
        for m in range(1, 13)
        for g in ("Pumps", "Valves", "Seals", "Hoses")
    ]
    shaky = [line("SHAKY", f"2024-{m:02d}-05", 400, group="Pumps") for m in range(1, 13)]
    shaky += [line("SHAKY", "2025-06-01", 100, group="Pumps")]
    add_lines(con, *steady, *shaky, line("Z", "2025-12-31", 1))
    frame = pd.DataFrame(
        [
            activity("SHAKY", "2025-09-01", "complaint"),
            activity("SHAKY", "2025-10-01", "Complaint"),
            activity("STEADY", "2025-12-01", "visit"),
        ]
    )
    con.register("activities_frame", frame)
    con.execute("insert into activities by name select * from activities_frame")
    contacts = pd.DataFrame(
        [
            {"contact_id": "c1", "account_id": "SHAKY", "influence": 5, "attitude": "enemy"},
            {"contact_id": "c2", "account_id": "SHAKY", "influence": 2, "attitude": "mentor"},
            {"contact_id": "c3", "account_id": "STEADY", "influence": 4, "attitude": "mentor"},
            {"contact_id": "c4", "account_id": "STEADY", "influence": 4, "attitude": "positive"},
        ]
    )
    con.register("contacts_frame", contacts)
    con.execute("insert into contacts by name select * from contacts_frame")
    return con


def test_factor_points_follow_their_documented_mappings(two_customers):
    scored = risk.risk_scores(two_customers, ALL, risk.RiskWeights()).set_index("account_id")
    shaky, steady = scored.loc["SHAKY"], scored.loc["STEADY"]
    # SHAKY: usual interval ~30 days, 213 days since the last purchase: far beyond 3 intervals
    assert shaky["recency"] == 100
    # revenue 100 against 4,400 the year before: a fall of 98 %
    assert shaky["revenue_trend"] == 100
    assert shaky["order_frequency"] == 100  # one purchase in 12 months
    assert shaky["product_breadth"] == 100  # one group
    assert shaky["complaints"] == 100  # two in the last 6 months
    assert shaky["touchpoint_gap"] == pytest.approx(100 * (91 - 90) / 275)
    assert math.isnan(shaky["lost_opportunities"])
    assert shaky["contact_attitude"] == 100  # the most influential is an enemy
    assert steady["contact_attitude"] == pytest.approx(12.5)  # mean of the two most influential
    assert steady["order_frequency"] == 0
    assert steady["product_breadth"] == 0
    assert steady["touchpoint_gap"] == 0
    assert shaky["risk_score"] > 90 > 10 > steady["risk_score"]


def test_score_is_the_weighted_mean_of_the_available_factors(two_customers):
    weights = risk.RiskWeights(
        {
            **dict.fromkeys(risk.FACTORS, 0.0),
            "complaints": 1.0,
            "lost_opportunities": 3.0,
            "product_breadth": 1.0,
        }
    )
    scored = risk.risk_scores(two_customers, ALL, weights).set_index("account_id")
    shaky = scored.loc["SHAKY"]
    # lost_opportunities is missing: it leaves both sums
    assert shaky["risk_score"] == pytest.approx((100 + 100) / 2)
    assert shaky["complaints_contribution"] == pytest.approx(50)
    assert {shaky["driver_1"], shaky["driver_2"]} == {"complaints", "product_breadth"}
    assert shaky["driver_3"] is None


def test_undated_factors_are_left_out_as_of_a_past_day(two_customers):
    past = risk.risk_scores(two_customers, ALL, risk.RiskWeights(), as_of=d("2025-07-01"))
    assert past["contact_attitude"].isna().all()
    assert past["contact_attitude_contribution"].fillna(0).eq(0).all()


def test_weights_are_checked_saved_and_loaded(con):
    with pytest.raises(ConfigurationError):
        risk.RiskWeights({"recency": -1.0})
    with pytest.raises(ConfigurationError):
        risk.RiskWeights({"weather": 1.0})
    assert risk.load_weights(con) == (risk.RiskWeights(), 0)
    mine = risk.RiskWeights({**risk.DEFAULT_WEIGHTS, "complaints": 40.0})
    assert risk.save_weights(con, mine, "anna", expected_version=0) == 1
    loaded, version = risk.load_weights(con)
    assert version == 1
    assert loaded.weights["complaints"] == 40.0
    with pytest.raises(EditConflictError):
        risk.save_weights(con, risk.RiskWeights(), "bert", expected_version=0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_roc_auc_equals_the_pairwise_probability(seed):
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 8, 60).astype(float)  # many ties
    churned = rng.random(60) < 0.3
    pairs = [
        1.0 if p > n else 0.5 if p == n else 0.0 for p in scores[churned] for n in scores[~churned]
    ]
    assert risk_backtest.roc_auc(scores, churned) == pytest.approx(np.mean(pairs))


def test_lift_and_calibration_by_hand():
    frame = pd.DataFrame(
        {
            "account_id": [f"K{i:02d}" for i in range(20)],
            "risk_score": [95, 85, *range(10, 28)],
            "churned": [True, False, True, *[False] * 17],
        }
    )
    # top decile: 2 accounts, 1 churned: rate 0.5 against 2 / 20 overall
    assert risk_backtest.top_decile_lift(frame, "risk_score") == pytest.approx(0.5 / 0.1)
    bands = risk_backtest.calibration(frame).set_index("band")
    assert len(bands) == 10
    assert bands.loc["90-100", "churn_rate"] == 1.0
    assert bands.loc["80-90", "churn_rate"] == 0.0
    assert bands.loc["10-20", "accounts"] == 10
    assert bands.loc["10-20", "churn_rate"] == pytest.approx(0.1)
    assert math.isnan(bands.loc["50-60", "churn_rate"])


def test_backtest_needs_w_days_after_its_date(two_customers):
    with pytest.raises(ConfigurationError, match="needs 365 days"):
        risk_backtest.backtest_frame(two_customers, ALL, as_of=d("2025-06-01"))


def test_backtest_marks_who_churned_within_w(con):
    add_accounts(con, {"account_id": "GONE"}, {"account_id": "KEPT"}, {"account_id": "Z"})
    add_lines(
        con,
        line("GONE", "2024-02-01", 100),
        line("KEPT", "2024-02-01", 100),
        line("KEPT", "2024-11-01", 100),
        line("KEPT", "2025-06-01", 100),
        line("Z", "2024-01-01", 1),
        line("Z", "2025-06-01", 1),
    )
    frame = risk_backtest.backtest_frame(con, ALL, as_of=d("2024-06-01"), window_days=365)
    churned = frame.set_index("account_id")["churned"].to_dict()
    assert churned == {"GONE": True, "KEPT": False, "Z": False}
    summary = risk_backtest.backtest_summary(frame)
    assert summary["model"].tolist() == list(risk_backtest.MODELS)
    assert (summary["churned"] == 1).all()


def test_driver_summary_names_each_driver_with_its_points_rounded_half_to_even():
    scored = pd.DataFrame(
        {
            "driver_1": ["recency", "complaints", None],
            "driver_2": ["complaints", None, None],
            "driver_3": ["revenue_trend", None, None],
        },
        index=[10, 11, 12],
    )
    contributions = {
        "recency": [32.5, 0.0, 0.0],
        "complaints": [15.4, 2.5, 0.0],
        "revenue_trend": [3.5, 0.0, 0.0],
    }
    for factor in risk.FACTORS:
        scored[f"{factor}_contribution"] = contributions.get(factor, [0.0, 0.0, 0.0])
    labels = {"recency": "Recency", "complaints": "Complaints"}  # no label: the key

    texts = risk.driver_summary(scored, labels)

    # round half to even: 32.5 -> 32, 3.5 -> 4, 2.5 -> 2
    assert texts.tolist() == [
        "Recency (32), Complaints (15), revenue_trend (4)",
        "Complaints (2)",
        "",
    ]
    assert texts.index.tolist() == [10, 11, 12]


def test_usual_interval_is_the_median_gap_between_an_accounts_own_purchase_days(con):
    add_accounts(con, {"account_id": "A"}, {"account_id": "B"}, {"account_id": "C"})
    add_lines(
        con,
        # A: gaps of 10 and 30 days
        line("A", "2025-01-01", 100),
        line("A", "2025-01-11", 100, invoice="A-2"),
        line("A", "2025-01-11", 50, invoice="A-2"),
        line("A", "2025-02-10", 100),
        line("A", "2025-03-01", -80, credit_note=True),  # no purchase: no day of its own
        # B's days fall between A's: a gap never runs from one account to the next
        line("B", "2025-01-05", 100),
        line("B", "2025-03-06", 100),
        line("B", "2025-12-01", 100),  # after the day asked for
        line("C", "2025-02-01", 100),  # one purchase day: no gap yet
        line("C", "2022-01-01", 100),  # more than 3 years before: left out
    )
    inputs = risk.risk_inputs(con, ALL, d("2025-06-30")).set_index("account_id")
    assert inputs.loc["A", "usual_interval_days"] == 20.0
    assert inputs.loc["B", "usual_interval_days"] == 60.0
    assert math.isnan(inputs.loc["C", "usual_interval_days"])
    assert inputs.loc["A", "purchases_12m"] == 3
    assert inputs.loc["A", "revenue_12m"] == pytest.approx(270)


def test_attitude_is_the_mean_of_the_most_influential_known_attitudes(con):
    names = ("TIES", "NONE", "BLANK", "Z")
    add_accounts(con, *({"account_id": a} for a in names))
    # Z's purchase sets the analysis date a month after the others'
    add_lines(con, *(line(a, "2025-06-01", 100) for a in names[:3]), line("Z", "2025-07-01", 1))
    contacts = pd.DataFrame(
        [
            # the two with influence 4 tie; the unknown attitude with 9 does not count
            {"contact_id": "t1", "account_id": "TIES", "influence": 4, "attitude": "enemy"},
            {"contact_id": "t2", "account_id": "TIES", "influence": 4, "attitude": " Neutral"},
            {"contact_id": "t3", "account_id": "TIES", "influence": 1, "attitude": "mentor"},
            {"contact_id": "t4", "account_id": "TIES", "influence": 9, "attitude": "grumpy"},
            # no influence known at all: every contact with an attitude counts
            {"contact_id": "n1", "account_id": "NONE", "influence": None, "attitude": "mentor"},
            {"contact_id": "n2", "account_id": "NONE", "influence": None, "attitude": "positive"},
            # an influence known for one: it ranks before the unknown ones
            {"contact_id": "b1", "account_id": "BLANK", "influence": None, "attitude": "enemy"},
            {"contact_id": "b2", "account_id": "BLANK", "influence": 1, "attitude": "positive"},
        ]
    ).astype({"influence": "Int64"})
    con.register("contacts_frame", contacts)
    con.execute("insert into contacts by name select * from contacts_frame")
    today = risk.risk_inputs(con, ALL).set_index("account_id")["attitude_points"]
    assert math.isnan(today["Z"])  # no contacts
    assert today.drop("Z").to_dict() == {"BLANK": 25.0, "NONE": 12.5, "TIES": 75.0}
    past = risk.risk_inputs(con, ALL, d("2025-06-30"))
    assert len(past) == 3
    assert past["attitude_points"].isna().all()
    assert past["attitude_points"].dtype == "float64"


def _sorted_by_score(inputs: pd.DataFrame, weights: risk.RiskWeights) -> pd.DataFrame:
    """score() done the plain way: every column added, then one sort of the whole frame."""
    points = risk.factor_points(inputs)
    w = weights.vector()
    values = points.to_numpy(float)
    available = ~np.isnan(values) & (w > 0)
    weight_sum = (available * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        contributions = np.where(available, np.nan_to_num(values) * w, 0.0) / weight_sum[:, None]
    scored = inputs.copy()
    scored["risk_score"] = np.where(weight_sum > 0, contributions.sum(axis=1), np.nan)
    for i, factor in enumerate(risk.FACTORS):
        scored[factor] = values[:, i]
        scored[f"{factor}_contribution"] = np.where(weight_sum > 0, contributions[:, i], np.nan)
    order = np.argsort(-np.nan_to_num(contributions), axis=1, kind="stable")
    for place in range(risk.DRIVERS):
        picked = order[:, place]
        positive = np.take_along_axis(contributions, picked[:, None], axis=1)[:, 0] > 0
        scored[f"driver_{place + 1}"] = np.where(
            positive, np.array(risk.FACTORS, dtype=object)[picked], None
        )
    return scored.sort_values(
        ["risk_score", "account_id"], ascending=[False, True], ignore_index=True, na_position="last"
    )


@pytest.mark.parametrize("shuffled", [False, True])
def test_score_ranks_by_score_then_account_id_as_a_plain_sort_does(shuffled):
    rng = np.random.default_rng(5)
    n = 300
    inputs = pd.DataFrame(
        {
            "account_id": pd.array([f"K{i:04d}" for i in range(n)], dtype="str"),
            "name": pd.array([f"Name {i}" for i in range(n)], dtype="str"),
            "days_since_purchase": rng.integers(0, 400, n),
            "usual_interval_days": rng.choice([np.nan, 0.0, 30.0, 90.0], n),
            "revenue_12m": rng.choice([0.0, 50.0, 100.0], n),
            "revenue_prev_12m": rng.choice([0.0, 100.0], n),
            "purchases_12m": rng.integers(0, 15, n),
            "product_groups_12m": rng.integers(0, 6, n),
            "complaints_6m": rng.integers(0, 3, n),
            "days_since_touchpoint": rng.choice([np.nan, 10.0, 200.0, 500.0], n),
            "opportunities_closed": rng.integers(0, 3, n),
            "opportunities_lost": 0,
            "attitude_points": rng.choice([np.nan, 0.0, 100.0], n),
        }
    )
    inputs["opportunities_lost"] = np.minimum(inputs["opportunities_closed"], 1)
    if shuffled:
        inputs = inputs.sample(frac=1, random_state=3)
    # few factors with few values: many ties, and rows with no weighted factor at all
    weights = risk.RiskWeights(
        {**dict.fromkeys(risk.FACTORS, 0.0), "lost_opportunities": 1.0, "contact_attitude": 1.0}
    )
    expected = _sorted_by_score(inputs, weights)
    scored = risk.score(inputs, weights)
    assert expected["risk_score"].isna().any()
    assert expected["risk_score"].duplicated().sum() > n / 2
    pd.testing.assert_frame_equal(scored, expected)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_top_decile_lift_equals_a_plain_sort_with_ties_by_account_id(seed):
    rng = np.random.default_rng(seed)
    n = 95
    frame = pd.DataFrame(
        {
            # shuffled ids, some twice; few score values: the tenth place is always tied
            "account_id": pd.array(rng.choice([f"K{i:03d}" for i in range(80)], n), dtype="str"),
            "risk_score": rng.choice([10.0, 20.0, 30.0, np.nan], n, p=[0.5, 0.3, 0.1, 0.1]),
            "churned": rng.random(n) < 0.4,
        }
    )
    ranked = frame.sort_values(["risk_score", "account_id"], ascending=[False, True])
    top = ranked.head(math.ceil(n / 10))
    expected = top["churned"].mean() / frame["churned"].mean()
    assert risk_backtest.top_decile_lift(frame, "risk_score") == expected


def test_driver_summary_skips_unnamed_places_anywhere():
    scored = pd.DataFrame(
        {
            "driver_1": pd.array([None, "recency", None, "complaints"], dtype="str"),
            "driver_2": pd.array(["complaints", None, None, "recency"], dtype="str"),
            "driver_3": pd.array([None, "complaints", None, None], dtype="str"),
        }
    )
    for factor in risk.FACTORS:
        scored[f"{factor}_contribution"] = 0.0
    scored["recency_contribution"] = [1.0, 7.6, 0.0, np.nan]
    scored["complaints_contribution"] = [2.4, 3.0, 0.0, 4.0]
    texts = risk.driver_summary(scored, {"recency": "Recency"})
    assert texts.tolist() == [
        "complaints (2)",
        "Recency (8), complaints (3)",
        "",
        "complaints (4), Recency (<NA>)",
    ]
    assert texts.dtype == object
