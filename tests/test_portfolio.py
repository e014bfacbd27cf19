"""The portfolio matrix's quadrants and the prospects for account-based selling."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kapanalytics.errors import ConfigurationError
from kapanalytics.portfolio import QUADRANT_LABELS, portfolio_matrix, prospects_and_underserved

FRAME = pd.DataFrame(
    {
        "account_id": ["A", "B", "C", "D", "E", "F"],
        "name": ["Anna", "Bert", "Cara", "Dora", "Emil", "Fritz"],
        "score": [90.0, 80.0, 20.0, 10.0, 50.0, 60.0],
        "share_of_wallet": [0.6, 0.1, 0.7, 0.05, math.nan, 0.4],
        "attitude_score": [100.0, 25.0, 75.0, 0.0, 50.0, 50.0],
        "annual_potential": [1000.0, 900.0, 100.0, 50.0, 2000.0, 500.0],
        "revenue_l12m": [600.0, 90.0, 70.0, -5.0, 0.0, 200.0],
        "white_space": [400.0, 810.0, 30.0, 55.0, 2000.0, 300.0],
        "is_key_account": [True, False, False, False, False, False],
    }
)


def test_quadrants_at_given_lines():
    matrix = portfolio_matrix(FRAME, x="share_of_wallet", y="score", quadrant_lines=(0.4, 60))
    quadrants = dict(zip(matrix["account_id"], matrix["quadrant"].astype(object), strict=True))
    assert pd.isna(quadrants.pop("E"))  # no share of wallet: not placed
    assert quadrants == {
        "A": "invest",  # high score, large share
        "B": "develop",  # high score, small share
        "C": "maintain",  # low score, large share
        "D": "serve_efficiently",
        "F": "invest",  # exactly on both lines counts as high
    }
    assert matrix.loc[0, "strategy"] == QUADRANT_LABELS["invest"]["strategy_en"]
    assert (matrix["x_line"] == 0.4).all()
    assert (matrix["y_line"] == 60).all()


def test_median_lines_and_attitude_axis():
    matrix = portfolio_matrix(FRAME, x="attitude", y="potential")
    assert matrix["x_line"].iloc[0] == 50.0  # median of 100, 25, 75, 0, 50, 50
    assert matrix["y_line"].iloc[0] == 700.0  # median of the potentials
    assert matrix["x"].tolist() == FRAME["attitude_score"].tolist()
    row = matrix.set_index("account_id").loc["E"]
    assert row["quadrant"] == "invest"  # attitude 50 on the line, potential 2000
    assert row["size"] == 0.0
    assert matrix.set_index("account_id").loc["D", "size"] == 0.0  # negative revenue


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": "love"}, "Unknown x axis"),
        ({"y": "size"}, "Unknown y axis"),
        ({"y": "growth"}, "lacks"),
    ],
)
def test_unknown_axes_are_explained(kwargs, message):
    with pytest.raises(ConfigurationError, match=message):
        portfolio_matrix(FRAME, **kwargs)


def test_prospects_have_high_potential_and_little_or_no_share():
    targets = prospects_and_underserved(FRAME, min_potential=800, max_share_of_wallet=0.2)
    # E (no revenue yet) and B (10 %) qualify; A has a 60 % share
    assert targets["account_id"].tolist() == ["E", "B"]  # by white space: 2000, 810
    assert targets["kind"].tolist() == ["not buying yet", "under-served"]
    assert targets["rank"].tolist() == [1, 2]


def test_prospect_threshold_defaults_to_the_upper_quartile_of_potential():
    targets = prospects_and_underserved(FRAME)
    # quantile 0.75 of 1000, 900, 100, 50, 2000, 500 (linear) = 975
    assert targets["potential_threshold"].iloc[0] == pytest.approx(975.0)
    assert targets["account_id"].tolist() == ["E"]
