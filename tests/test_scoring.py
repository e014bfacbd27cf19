"""Normalisation, the weighted score, ranks, classes and ranking stability, against hand-worked
values and a slow reference implementation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from benchmarks import bench_scoring
from kapanalytics.errors import ConfigurationError
from kapanalytics.scoring import (
    Classification,
    CriterionSetting,
    Scorer,
    SelectionConfig,
    default_config,
    min_max,
    normalise,
    normalise_criteria,
    percentile_rank,
    rating_points,
    score_accounts,
)
from kapanalytics.stability import stability

NAN = math.nan


def assert_values(actual, expected) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, equal_nan=True)


# --- normalisation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # ranks 1, 2.5, 2.5, 4 of four values: (rank - 1) / 3 * 100
        ([10, 20, 20, 40, NAN], [0, 50, 50, 100, NAN]),
        ([3, 1, 2], [100, 0, 50]),
        ([7, 7, 7], [50, 50, 50]),  # all tied: the middle
        ([NAN, 5], [NAN, 50]),  # a single value: the middle
        ([NAN, NAN], [NAN, NAN]),
        ([1, 1, 2, 2, 2], [12.5, 12.5, 75, 75, 75]),  # ranks 1.5 and 4 of 5
    ],
)
def test_percentile_rank_uses_average_ranks_scaled_to_0_100(values, expected):
    assert_values(percentile_rank(values), expected)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0, 5, 10], [0, 50, 100]),
        ([-10, 0, 30, NAN], [0, 25, 100, NAN]),
        ([4, 4], [50, 50]),  # all equal: the middle
        ([math.inf, 2, 4], [NAN, 0, 100]),  # infinity counts as missing
    ],
)
def test_min_max_scales_the_range_to_0_100(values, expected):
    assert_values(min_max(values), expected)


@pytest.mark.parametrize(
    ("rating", "points"),
    [(1, 0), (2, 25), (3, 50), (4, 75), (5, 100), (3.5, 62.5), (0, NAN), (6, NAN), (NAN, NAN)],
)
def test_rating_maps_1_to_5_onto_0_to_100(rating, points):
    assert_values(rating_points([rating]), [points])


@pytest.mark.parametrize(
    ("method", "values", "expected"),
    [
        ("minmax", [1, 3.5, 6], [100, 50, 0]),  # credit rating: 1 is best
        ("percentile", [10, 20, 30], [100, 50, 0]),
        ("rating", [1, 5, NAN], [100, 0, NAN]),
    ],
)
def test_lower_is_better_flips_the_scale(method, values, expected):
    assert_values(normalise(values, method, "lower"), expected)


def test_unknown_normalisation_is_refused():
    with pytest.raises(ConfigurationError, match="percentile, minmax, rating"):
        normalise([1, 2], "zscore")


# --- configurations ------------------------------------------------------------------------------


def config(weights: dict, **kwargs) -> SelectionConfig:
    return SelectionConfig("test", weights, **kwargs)


THREE = {"revenue_l12m": 50, "win_rate": 30, "product_fit": 20}


def test_weights_are_normalised_to_100_percent():
    shares = config({"revenue_l12m": 2, "win_rate": 1, "product_fit": 1}).weight_shares
    assert shares == {"revenue_l12m": 50.0, "win_rate": 25.0, "product_fit": 25.0}


@pytest.mark.parametrize("count", [0, 1, 2, 9, 10])
def test_fewer_than_3_or_more_than_8_criteria_give_no_score(count):
    keys = list(
        [
            "revenue_l12m",
            "revenue_cagr_3y",
            "contribution_margin_pct_l12m",
            "annual_potential",
            "white_space",
            "share_of_wallet",
            "purchase_frequency",
            "product_group_breadth",
            "win_rate",
            "open_pipeline",
        ]
    )[:count]
    with pytest.raises(ConfigurationError, match=f"3 to 8 criteria.*has {count}"):
        config(dict.fromkeys(keys, 1))


@pytest.mark.parametrize("count", [3, 8])
def test_3_and_8_criteria_are_allowed(count):
    keys = ["revenue_l12m", "revenue_cagr_3y", "annual_potential", "white_space"]
    keys += ["share_of_wallet", "purchase_frequency", "product_group_breadth", "win_rate"]
    assert len(config(dict.fromkeys(keys[:count], 1)).active_criteria) == count


def test_a_weight_of_zero_does_not_count_as_active():
    with pytest.raises(ConfigurationError, match="has 2"):
        config({"revenue_l12m": 1, "win_rate": 1, "product_fit": 0})


def test_a_weight_change_to_two_criteria_is_refused_by_the_scorer():
    frame = pd.DataFrame(
        {"account_id": ["A"], "revenue_l12m": [1.0], "win_rate": [0.5], "product_fit": [3]}
    )
    scorer = Scorer.from_frame(frame, config(THREE))
    with pytest.raises(ConfigurationError, match="3 to 8"):
        scorer.rescore({"revenue_l12m": 1, "win_rate": 1, "product_fit": 0})


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"revenue_l12m": 1, "win_rate": 1, "magic": 1}, "Unknown criterion 'magic'"),
        ({"revenue_l12m": -1, "win_rate": 1, "product_fit": 1}, "must be a number >= 0"),
        ({"revenue_l12m": NAN, "win_rate": 1, "product_fit": 1}, "must be a number >= 0"),
        (
            {"revenue_l12m": CriterionSetting(1, "zscore"), "win_rate": 1, "product_fit": 1},
            "zscore",
        ),
    ],
)
def test_invalid_criteria_are_explained(weights, message):
    with pytest.raises(ConfigurationError, match=message):
        config(weights)


@pytest.mark.parametrize(
    ("classification", "message"),
    [
        (dict(method="top_n", cutoffs=(10, 5, 20)), "strictly increasing"),
        (dict(method="thresholds", cutoffs=(25, 50, 75)), "strictly decrease"),
        (dict(method="top_n", cutoffs=(10, 20)), "4 classes need 3 cut-offs"),
        (dict(method="ranking"), "top_n"),
        (dict(cutoffs=(10,), class_names=("key", "key")), "different"),
    ],
)
def test_invalid_classifications_are_explained(classification, message):
    with pytest.raises(ConfigurationError, match=message):
        Classification(**classification)


def test_configuration_survives_a_round_trip_in_order():
    original = config(
        {"win_rate": 1, "revenue_l12m": CriterionSetting(3, "minmax", "higher"), "product_fit": 2},
        missing_policy="zero",
        classification=Classification("thresholds", (80, 60), ("A", "B", "C")),
        level="group",
    )
    again = SelectionConfig.from_dict(original.to_dict())
    assert again == original
    assert again.active_criteria == ("win_rate", "revenue_l12m", "product_fit")


# --- the score ----------------------------------------------------------------------------------

HAND = pd.DataFrame(
    {
        "account_id": ["A", "B", "C", "D"],
        "name": ["Anna", "Bert", "Cara", "Dora"],
        "revenue_l12m": [100.0, 400.0, 300.0, 200.0],  # percentile: 0, 100, 66.67, 33.33
        "win_rate": [0.5, 0.0, 1.0, NAN],  # minmax: 50, 0, 100, missing
        "product_fit": [5, 3, 1, 4],  # rating: 100, 50, 0, 75
    }
)


def test_score_is_the_weighted_mean_of_the_normalised_values():
    scored = score_accounts(HAND, config(THREE)).set_index("account_id")
    assert scored.loc["A", "score"] == pytest.approx((50 * 0 + 30 * 50 + 20 * 100) / 100)
    assert scored.loc["B", "score"] == pytest.approx((50 * 100 + 30 * 0 + 20 * 50) / 100)
    assert scored.loc["C", "score"] == pytest.approx((50 * 200 / 3 + 30 * 100 + 20 * 0) / 100)


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        # D misses win_rate: reweight leaves it out of both sums, zero scores it 0
        ("reweight", (50 * 100 / 3 + 20 * 75) / (50 + 20)),
        ("zero", (50 * 100 / 3 + 30 * 0 + 20 * 75) / 100),
    ],
)
def test_missing_value_policies(policy, expected):
    scored = score_accounts(HAND, config(THREE, missing_policy=policy)).set_index("account_id")
    assert scored.loc["D", "score"] == pytest.approx(expected)
    assert scored.loc["D", "criteria_missing"] == 1
    assert scored.loc["A", "criteria_missing"] == 0
    assert math.isnan(scored.loc["D", "win_rate_normalised"])


def test_account_without_any_criterion_ranks_last_without_score():
    frame = pd.concat(
        [HAND, pd.DataFrame({"account_id": ["0"], "revenue_l12m": [NAN]})], ignore_index=True
    )
    scored = score_accounts(frame, config(THREE))
    last = scored.iloc[-1]
    assert last["account_id"] == "0"
    assert math.isnan(last["score"])
    assert last["rank"] == 5
    assert last["class"] == "serve efficiently"


def test_zero_policy_scores_an_account_without_data_as_0():
    frame = pd.concat(
        [HAND, pd.DataFrame({"account_id": ["0"], "revenue_l12m": [NAN]})], ignore_index=True
    )
    scored = score_accounts(frame, config(THREE, missing_policy="zero")).set_index("account_id")
    assert scored.loc["0", "score"] == 0


def test_ranks_follow_the_score_and_ties_go_to_the_lower_account_id():
    frame = pd.DataFrame(
        {
            "account_id": ["K2", "K10", "K1", "K3"],
            "revenue_l12m": [5.0, 5.0, 5.0, 9.0],
            "win_rate": [0.5, 0.5, 0.5, 0.9],
            "product_fit": [3, 3, 3, 4],
        }
    )
    scored = score_accounts(frame, config(THREE))
    # K3 is best; the three tied accounts in account_id order (as text: K1 < K10 < K2)
    assert scored["account_id"].tolist() == ["K3", "K1", "K10", "K2"]
    assert scored["rank"].tolist() == [1, 2, 3, 4]


def test_contributions_add_up_to_the_score():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {
            "account_id": [f"A{i:03d}" for i in range(200)],
            "revenue_l12m": rng.lognormal(10, 1, 200),
            "win_rate": np.where(rng.random(200) < 0.3, NAN, rng.random(200)),
            "product_fit": rng.integers(1, 6, 200),
            "credit_rating": rng.uniform(1, 6, 200),
        }
    )
    weights = {"revenue_l12m": 4, "win_rate": 3, "product_fit": 2, "credit_rating": 1}
    for policy in ("reweight", "zero"):
        scored = score_accounts(frame, config(weights, missing_policy=policy))
        contributions = scored[[f"{key}_contribution" for key in weights]].sum(axis=1)
        np.testing.assert_allclose(contributions, scored["score"], atol=1e-8)
        assert (scored["score"].diff().dropna() <= 0).all()


def test_scored_frame_keeps_the_criteria_columns():
    scored = score_accounts(HAND, config(THREE))
    assert {"name", "revenue_l12m", "score", "rank", "class"} <= set(scored.columns)
    assert scored.set_index("account_id").loc["B", "name"] == "Bert"


@pytest.mark.parametrize("rows", [[0, 1, 1, 2, 3], [3, 1, 0, 1, 2]], ids=["sorted", "unsorted"])
def test_an_account_given_twice_is_refused(rows):
    with pytest.raises(ConfigurationError, match="account_id more than once"):
        score_accounts(HAND.iloc[rows], config(THREE))


def test_scored_rows_keep_their_own_values_whatever_the_frame_order():
    shuffled = HAND.iloc[[2, 0, 3, 1]].reset_index(drop=True)
    scored = score_accounts(shuffled, config(THREE)).set_index("account_id")
    for row in HAND.itertuples():
        assert scored.loc[row.account_id, "name"] == row.name
        assert scored.loc[row.account_id, "product_fit"] == row.product_fit
    pd.testing.assert_frame_equal(
        score_accounts(shuffled, config(THREE)), score_accounts(HAND, config(THREE))
    )


def test_frame_without_a_criterion_is_explained():
    with pytest.raises(ConfigurationError, match="lacks product_fit"):
        score_accounts(HAND.drop(columns="product_fit"), config(THREE))


@pytest.mark.parametrize(
    ("classification", "expected"),
    [
        (Classification("top_n", (1, 2, 3)), ["key account", "development", "maintain"]),
        (Classification("thresholds", (61, 50, 40)), ["key account", "development", "maintain"]),
        (Classification("top_n", (2,), ("yes", "no")), ["yes", "yes", "no"]),
    ],
)
def test_classes_by_top_n_or_thresholds(classification, expected):
    # scores by rank: C 63.3, B 60, D 45.2 (win rate missing, reweighted), A 35
    scored = score_accounts(HAND, config(THREE, classification=classification))
    assert scored["class"].astype(str).tolist()[:3] == expected


def test_thresholds_classify_by_score_not_rank():
    scored = score_accounts(
        HAND, config(THREE, classification=Classification("thresholds", (90, 80, 70)))
    )
    assert (scored["class"] == "serve efficiently").all()


def test_rescoring_after_a_weight_change_equals_scoring_from_scratch():
    rng = np.random.default_rng(5)
    frame = pd.DataFrame(
        {
            "account_id": [f"A{i:04d}" for i in range(500)],
            "revenue_l12m": rng.lognormal(10, 1, 500),
            "win_rate": rng.random(500),
            "product_fit": rng.integers(1, 6, 500),
        }
    )
    scorer = Scorer.from_frame(frame, config(THREE))
    new_weights = {"revenue_l12m": 10, "win_rate": 60, "product_fit": 30}
    rescored = scorer.rescore(new_weights)
    fresh = score_accounts(frame, config(THREE).with_weights(new_weights))
    pd.testing.assert_frame_equal(rescored, fresh[["account_id", "score", "rank", "class"]])


def test_normalised_matrix_is_sorted_by_account_and_holds_every_configured_criterion():
    with_zero = config({**THREE, "credit_rating": 0})
    frame = HAND.assign(credit_rating=[1.0, 2.0, 3.0, 4.0]).iloc[::-1]
    normalised = normalise_criteria(frame, with_zero)
    assert normalised.index.tolist() == ["A", "B", "C", "D"]
    assert list(normalised.columns) == [*THREE, "credit_rating"]
    assert_values(normalised["credit_rating"], [100, 200 / 3, 100 / 3, 0])


# --- stability ----------------------------------------------------------------------------------

STABLE_KEYS = ["revenue_l12m", "win_rate", "relationship_strength"]


def stability_frame(n: int = 300, seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "account_id": [f"S{i:04d}" for i in range(n)],
            "revenue_l12m": rng.random(n),
            "win_rate": rng.random(n),
            "relationship_strength": rng.random(n),
        }
    )


def stability_config(top_n: int, policy: str = "reweight") -> SelectionConfig:
    return SelectionConfig(
        "stable",
        {key: CriterionSetting(1.0, "minmax") for key in STABLE_KEYS},
        missing_policy=policy,
        classification=Classification("top_n", (top_n,), ("top", "rest")),
    )


def test_the_same_seed_gives_the_same_result():
    frame, cfg = stability_frame(), stability_config(20)
    normalised = normalise_criteria(frame, cfg)
    first = stability(normalised, cfg, draws=200, seed=4)
    again = stability(normalised, cfg, draws=200, seed=4)
    pd.testing.assert_frame_equal(first, again)
    other = stability(normalised, cfg, draws=200, seed=5)
    assert not first["top_n_probability"].equals(other["top_n_probability"])


@pytest.mark.parametrize("policy", ["reweight", "zero"])
@pytest.mark.parametrize("draws", [1, 7, 64])
def test_stability_agrees_with_a_slow_reference(policy, draws):
    frame, cfg = stability_frame(n=120), stability_config(15, policy)
    frame.loc[::9, "win_rate"] = NAN
    frame.loc[5, STABLE_KEYS] = NAN  # no criterion at all
    normalised = normalise_criteria(frame, cfg)
    fast = stability(normalised, cfg, draws=draws, seed=2).set_index("account_id")

    # the reference: float64 scores, ranks by sorting (score desc, account_id asc) per draw
    values = normalised.to_numpy()
    present = ~np.isnan(values)
    factors = np.random.default_rng(2).uniform(0.8, 1.2, size=(draws, 3))
    ranks = []
    for w in (1 / 3) * factors:
        numerator = np.nansum(values * w, axis=1)
        denominator = (present * w).sum(axis=1) if policy == "reweight" else w.sum()
        with np.errstate(invalid="ignore"):
            score = np.where(denominator > 0, numerator / denominator, -np.inf)
        order = sorted(range(len(score)), key=lambda i: (-score[i], normalised.index[i]))
        rank = np.empty(len(score), dtype=int)
        rank[order] = np.arange(1, len(score) + 1)
        ranks.append(rank)
    ranks = np.array(ranks)
    expected = pd.DataFrame(
        {
            "best_rank": ranks.min(axis=0),
            "worst_rank": ranks.max(axis=0),
            "median_rank": np.median(ranks, axis=0),
            "top_n_probability": (ranks <= 15).mean(axis=0),
        },
        index=normalised.index,
    )
    pd.testing.assert_frame_equal(
        fast[expected.columns], expected.loc[fast.index], check_dtype=False
    )


def test_an_account_far_ahead_always_stays_in_the_top_n():
    frame = stability_frame()
    frame.loc[0, STABLE_KEYS] = [10.0, 10.0, 10.0]  # far beyond everyone else's 0..1
    cfg = stability_config(5)
    result = stability(normalise_criteria(frame, cfg), cfg, draws=300, seed=0)
    leader = result.set_index("account_id").loc["S0000"]
    assert leader["top_n_probability"] == 1.0
    assert leader["best_rank"] == leader["worst_rank"] == leader["base_rank"] == 1
    assert not leader["fragile"]


def test_a_borderline_pair_is_flagged_fragile():
    # L leads; X and Y tie for the one remaining top-2 place, each strong on another
    # criterion, so every weight perturbation decides between them; the rest trail far behind
    frame = pd.DataFrame(
        {
            "account_id": ["L", "X", "Y", *[f"Z{i}" for i in range(20)]],
            "revenue_l12m": [100.0, 90.0, 30.0, *[1.0] * 20],
            "win_rate": [100.0, 30.0, 90.0, *[1.0] * 20],
            "relationship_strength": [100.0, 60.0, 60.0, *[1.0] * 20],
        }
    )
    cfg = stability_config(2)
    result = stability(normalise_criteria(frame, cfg), cfg, draws=500, seed=1)
    result = result.set_index("account_id")
    assert result.loc["X", "fragile"]
    assert result.loc["Y", "fragile"]
    assert result.loc["X", "top_n_probability"] + result.loc["Y", "top_n_probability"] == 1.0
    assert not result.loc["L", "fragile"]
    assert not result.loc["Z0", "fragile"]
    assert result["fragile"].sum() == 2


def test_stability_takes_top_n_from_the_first_class_under_thresholds():
    frame = stability_frame()
    cfg = SelectionConfig(
        "t",
        dict.fromkeys(STABLE_KEYS, 1.0),
        classification=Classification("thresholds", (70,), ("top", "rest")),
    )
    scorer = Scorer.from_frame(frame, cfg)
    in_first_class = int((scorer.rescore()["score"] >= 70).sum())
    assert 0 < in_first_class < len(frame)
    # without perturbation every draw is the base ranking: exactly the first class stays
    still = stability(scorer, cfg, draws=5, spread=0.0).set_index("account_id")
    first_class = scorer.rescore().query("score >= 70")["account_id"]
    assert (still.loc[first_class, "top_n_probability"] == 1.0).all()
    assert still["top_n_probability"].sum() == in_first_class


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"draws": 0}, "draws"), ({"spread": 1.5}, "spread"), ({"top_n": -1}, "top_n")],
)
def test_invalid_stability_settings_are_explained(kwargs, message):
    frame, cfg = stability_frame(n=10), stability_config(3)
    with pytest.raises(ConfigurationError, match=message):
        stability(normalise_criteria(frame, cfg), cfg, **kwargs)


def test_the_benchmark_runs_every_step_on_a_small_frame():
    report = bench_scoring.run(accounts=2_000, draws=20, repeat=1)
    assert set(report["timings"]) == {"normalise", "rescore", "details", "stability"}
    assert all(t["median_s"] > 0 for t in report["timings"].values())
    assert report["machine"]["cores"] >= 1
    assert len(bench_scoring.synthetic_frame(50)) == 50


def test_the_default_configuration_is_valid_and_its_weights_are_percentages():
    standard = default_config()
    assert 3 <= len(standard.active_criteria) <= 8
    assert sum(standard.weights.values()) == 100
    assert standard.weight_shares == standard.weights
    assert standard.top_n == 50
