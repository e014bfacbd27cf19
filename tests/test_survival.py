"""Customer lifetimes and Kaplan-Meier: durations by hand, the estimate by an independent
product-limit computation, the log-rank test by its textbook formula."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2

from kapanalytics import survival
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, Period
from tests.test_facts import add_accounts, add_lines, d, line

ALL = Filters(Period(d("2020-01-01"), d("2025-12-31")))


def product_limit(durations: np.ndarray, events: np.ndarray) -> pd.Series:
    """S(t) at each event time: the product of (1 - d_i / n_i), written out."""
    times = np.unique(durations[events])
    values, s = [], 1.0
    for t in times:
        at_risk = (durations >= t).sum()
        died = ((durations == t) & events).sum()
        s *= 1 - died / at_risk
        values.append(s)
    return pd.Series(values, index=times)


def log_rank_by_hand(durations, events, groups) -> float:
    """The log-rank chi-square for two groups: (O - E)^2 / V of the first group."""
    first = groups == groups[0]
    observed = expected = variance = 0.0
    for t in np.unique(durations[events]):
        at_risk = durations >= t
        n, n1 = at_risk.sum(), (at_risk & first).sum()
        died = (durations == t) & events
        dead, dead1 = died.sum(), (died & first).sum()
        observed += dead1
        expected += dead * n1 / n
        if n > 1:
            variance += dead * (n1 / n) * (1 - n1 / n) * (n - dead) / (n - 1)
    return (observed - expected) ** 2 / variance


def test_lifetime_runs_from_first_purchase_to_churn_or_is_censored(con):
    add_accounts(
        con,
        {"account_id": "A"},
        {"account_id": "B", "status": "lost", "lost_date": "2024-01-31"},
        {"account_id": "C", "status": "lost", "lost_date": "2022-01-01"},
        {"account_id": "Z"},
    )
    add_lines(
        con,
        line("A", "2023-01-01", 10),
        line("B", "2023-06-01", 10),
        line("C", "2023-06-01", 10),  # the CRM lost it before it ever bought: never a customer
        line("Z", "2025-12-31", 10),
    )
    lives = survival.lifetimes(con, ALL).set_index("account_id")
    assert lives.loc["A", "duration_days"] == 365
    assert bool(lives.loc["A", "churned"])
    assert (
        lives.loc["B", "duration_days"]
        == (pd.Timestamp("2024-01-31") - pd.Timestamp("2023-06-01")).days
    )
    assert lives.loc["Z", "duration_days"] == 0
    assert not lives.loc["Z", "churned"]
    assert "C" not in lives.index


def test_segments_come_from_the_account_or_the_first_purchase_year(con):
    add_accounts(con, {"account_id": "A", "segment": "Large"}, {"account_id": "B"})
    add_lines(con, line("A", "2023-01-01", 10), line("B", "2024-02-01", 10))
    by_segment = survival.lifetimes(con, ALL, "segment").set_index("account_id")["segment"]
    assert by_segment.to_dict() == {"A": "Large", "B": "(none)"}
    by_year = survival.lifetimes(con, ALL, "cohort_year").set_index("account_id")["segment"]
    assert by_year.to_dict() == {"A": "2023", "B": "2024"}
    with pytest.raises(ConfigurationError, match="cohort_year"):
        survival.lifetimes(con, ALL, "shoe_size")


@pytest.fixture(scope="module")
def lives() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    n = 400
    group = np.where(rng.random(n) < 0.5, "x", "y")
    true_life = rng.exponential(np.where(group == "x", 700, 1100), n).round()
    follow_up = rng.uniform(100, 1800, n).round()
    return pd.DataFrame(
        {
            "account_id": [f"K{i}" for i in range(n)],
            "segment": group,
            "duration_days": np.minimum(true_life, follow_up),
            "churned": true_life <= follow_up,
        }
    )


def test_kaplan_meier_equals_the_product_limit_by_hand(lives):
    curves, summary = survival.kaplan_meier(lives, max_points=10_000)
    for segment in ("x", "y"):
        group = lives[lives["segment"] == segment]
        expected = product_limit(group["duration_days"].to_numpy(), group["churned"].to_numpy())
        curve = curves[curves["segment"] == segment].set_index("days")["survival"]
        assert curve.iloc[0] == 1.0
        assert curve.iloc[1:].to_numpy() == pytest.approx(expected.to_numpy())
        row = summary.set_index("segment").loc[segment]
        below_half = expected[expected <= 0.5]
        if below_half.empty:
            assert math.isnan(row["median_days"])
        else:
            assert row["median_days"] == below_half.index[0]
        at_year = expected[expected.index <= 365].iloc[-1]
        assert row["survival_1y"] == pytest.approx(at_year)


def test_the_band_holds_the_curve_and_stays_within_0_and_1(lives):
    curves, _ = survival.kaplan_meier(lives)
    assert (curves["lower"] <= curves["survival"] + 1e-12).all()
    assert (curves["upper"] >= curves["survival"] - 1e-12).all()
    assert curves[["lower", "upper"]].stack().between(0, 1).all()
    inner = curves[(curves["survival"] < 1) & (curves["survival"] > 0)]
    assert (inner["upper"] - inner["lower"] > 0).all()


def test_long_curves_are_thinned_for_the_browser(lives):
    curves, _ = survival.kaplan_meier(lives, max_points=50)
    assert curves.groupby("segment").size().max() <= 50
    assert (curves.groupby("segment")["days"].min() == 0).all()


def test_log_rank_equals_the_textbook_statistic(lives):
    test = survival.log_rank(lives)
    by_hand = log_rank_by_hand(
        lives["duration_days"].to_numpy(), lives["churned"].to_numpy(), lives["segment"].to_numpy()
    )
    assert test["chi2"] == pytest.approx(by_hand, rel=1e-9)
    assert test["dof"] == 1
    assert test["p_value"] == pytest.approx(chi2.sf(by_hand, 1))
    assert test["p_value"] < 0.05  # the two groups differ by construction


def test_log_rank_needs_two_segments(lives):
    assert math.isnan(survival.log_rank(lives, ["x"])["p_value"])
