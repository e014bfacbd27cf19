"""What the selection pages show: the ranked table, an account's score by criterion, the review
of decisions, the stability in counts, the matrix's classes and quadrants, and the export."""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from kapanalytics.errors import ConfigurationError
from kapanalytics.keyaccounts import decision_history, record_decision
from kapanalytics.portfolio import portfolio_matrix
from kapanalytics.scoring import (
    Classification,
    SelectionConfig,
    default_config,
    score_accounts,
)
from kapanalytics.selection_configs import (
    DEFAULT_CONFIG_NAME,
    ranked_with_decisions,
    save_config,
    scores_export,
)
from kapanalytics.selection_view import (
    RANKED_COLUMNS,
    around_the_line,
    axis_range,
    baseline_name,
    criterion_value_text,
    first_class_size,
    key_account_review,
    largest_points,
    normalisation_choices,
    quadrant_summary,
    ranked_table,
    score_breakdown,
    stability_summary,
    top_n_changes,
    weight_shares,
    with_abc_class,
)
from tests.selection_support import load_company

CONFIG = SelectionConfig(
    "board",
    {"revenue_l12m": 2, "win_rate": 1, "product_fit": 1},
    classification=Classification("top_n", (2,), ("key account", "other")),
)

# revenue percentiles A 100, B 66.7, C 33.3, D 0; win rate min-max A 100, B 0, C 50, D missing;
# product fit 5, 3, missing, 1 -> 100, 50, missing, 0
FRAME = pd.DataFrame(
    {
        "account_id": ["A", "B", "C", "D"],
        "name": ["Anna", "Bert", "Cara", "Dora"],
        "revenue_l12m": [400.0, 300.0, 200.0, 100.0],
        "win_rate": [0.8, 0.2, 0.5, np.nan],
        "product_fit": [5.0, 3.0, np.nan, 1.0],
        "is_key_account": [False, True, False, True],
    }
)


EMPTY = pd.DataFrame(columns=["account_id", "reason", "decided_by", "decided_at"])


def scored(config: SelectionConfig = CONFIG) -> pd.DataFrame:
    return score_accounts(FRAME, config)


def test_only_rated_criteria_offer_the_rating_normalisation():
    assert normalisation_choices("product_fit") == ("percentile", "minmax", "rating")
    assert normalisation_choices("revenue_l12m") == ("percentile", "minmax")
    assert normalisation_choices("credit_rating") == ("percentile", "minmax")
    with pytest.raises(ConfigurationError, match="Unknown criterion"):
        normalisation_choices("shoe_size")


def test_weight_shares_work_for_any_number_of_criteria():
    assert weight_shares({"a": 30, "b": 10}) == {"a": 0.75, "b": 0.25}
    assert weight_shares({"a": 0, "b": 0}) == {"a": 0.0, "b": 0.0}
    assert weight_shares({}) == {}


def test_breakdown_under_reweight_leaves_the_missing_criterion_out():
    breakdown = score_breakdown(scored(), "C", CONFIG).set_index("criterion")
    # C: revenue 33.33 (weight 2), win rate 50 (weight 1), product fit missing
    assert breakdown.loc["product_fit", "applied_share"] == 0
    assert breakdown.loc["revenue_l12m", "applied_share"] == pytest.approx(2 / 3)
    assert breakdown.loc["revenue_l12m", "weight_share"] == pytest.approx(0.5)
    assert breakdown.loc["win_rate", "contribution"] == pytest.approx(50 / 3)
    expected_score = (2 * 100 / 3 + 50) / 3
    assert breakdown["contribution"].sum() == pytest.approx(expected_score)
    assert breakdown.attrs["score"] == pytest.approx(expected_score)
    assert breakdown.loc["revenue_l12m", "value"] == 200.0
    assert math.isnan(breakdown.loc["product_fit", "normalised"])


def test_breakdown_under_zero_keeps_the_configured_shares():
    config = SelectionConfig(
        "zero", CONFIG.criteria, missing_policy="zero", classification=CONFIG.classification
    )
    breakdown = score_breakdown(scored(config), "C", config).set_index("criterion")
    assert breakdown["applied_share"].tolist() == pytest.approx([0.5, 0.25, 0.25])
    assert breakdown.loc["product_fit", "contribution"] == 0
    assert breakdown["contribution"].sum() == pytest.approx((2 * 100 / 3 + 50) / 4)


def test_breakdown_of_an_unknown_account_says_so():
    with pytest.raises(ConfigurationError, match="no account 'Z'"):
        score_breakdown(scored(), "Z", CONFIG)


def test_ranked_table_carries_the_movement_and_the_active_criteria():
    ranked = ranked_with_decisions(scored(), CONFIG, ["B"], decision_history_frame())
    movement = pd.DataFrame({"account_id": ["A", "B", "C", "D"], "rank_movement": [0, 2, -1, 0]})
    table = ranked_table(ranked, movement, CONFIG)
    assert list(table.columns) == [
        *RANKED_COLUMNS,
        "revenue_l12m_normalised",
        "win_rate_normalised",
        "product_fit_normalised",
    ]
    assert table["rank"].tolist() == [1, 2, 3, 4]
    assert table.set_index("account_id").loc["B", "rank_movement"] == 2
    assert table.set_index("account_id").loc["B", "is_key_account"]
    assert ranked_table(ranked, None, CONFIG)["rank_movement"].isna().all()


def decision_history_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "decision_id": [2, 1],
            "account_id": ["B", "B"],
            "name": ["Bert", "Bert"],
            "is_key_account": [True, False],
            "reason": ["large order", "too small"],
            "decided_by": ["anna", "bert"],
            "decided_at": [datetime(2026, 2, 1), datetime(2026, 1, 1)],
        }
    )


def test_ranked_list_joins_the_latest_decision_only():
    ranked = ranked_with_decisions(
        scored(), CONFIG, ["B"], decision_history_frame(), config_version=3
    ).set_index("account_id")
    assert ranked.loc["B", "decision_reason"] == "large order"
    assert ranked.loc["B", "decided_by"] == "anna"
    assert pd.isna(ranked.loc["A", "decided_by"])
    assert not ranked.loc["D", "is_key_account"]  # only the list given counts
    assert (ranked["config_version"] == 3).all()
    assert (ranked["config_name"] == "board").all()


def test_review_lists_first_class_accounts_without_status_and_key_accounts_outside_it():
    ranked = ranked_with_decisions(scored(), CONFIG, ["B", "D"], decision_history_frame())
    # ranks: A 1, B 2 (first class, top 2); D is a key account ranked last
    review = key_account_review(ranked)
    assert dict(zip(review["account_id"], review["kind"], strict=True)) == {
        "A": "add",
        "D": "review",
    }
    assert review.columns[0] == "kind"


def test_stability_summary_counts_certain_fragile_and_within_reach():
    stable = pd.DataFrame(
        {
            "account_id": ["A", "B", "C", "D"],
            "base_rank": [1, 2, 3, 4],
            "top_n_probability": [1.0, 0.6, 0.4, 0.0],
            "fragile": [False, True, True, False],
        }
    )
    assert stability_summary(stable, 2) == {
        "top_n": 2,
        "certain_accounts": 1,
        "fragile_accounts": 2,
        "within_reach": 1,
    }


def test_accounts_without_lines_are_class_c_in_the_matrix():
    classified = pd.DataFrame({"account_id": ["A", "B"], "abc_class": ["A", "B"]})
    classes = with_abc_class(FRAME, classified).set_index("account_id")["abc_class"]
    assert classes.to_dict() == {"A": "A", "B": "B", "C": "C", "D": "C"}


def test_quadrant_summary_has_every_quadrant_in_order():
    # scores by rank: A 100, B 45.8, C 38.9, D 0
    frame = scored().set_index("account_id")
    frame["share_of_wallet"] = pd.Series({"A": 0.5, "B": 0.1, "C": 0.6, "D": np.nan})
    points = portfolio_matrix(frame.reset_index(), "share_of_wallet", "score", (0.4, 40))
    summary = quadrant_summary(points).set_index("quadrant")
    assert list(summary.index) == ["invest", "develop", "maintain", "serve_efficiently"]
    assert summary["accounts"].sum() == 3  # D has no share of wallet: not placed
    assert summary.loc["invest", "accounts"] == 1  # A: share 0.5, top score
    assert summary.loc["invest", "revenue"] == 400.0
    assert summary.loc["develop", "key_accounts"] == 1  # B: share 0.1, score above 40
    assert summary.loc["maintain", "accounts"] == 1  # C: share 0.6, score below 40
    assert summary.loc["serve_efficiently", "accounts"] == 0


def test_largest_points_leaves_out_unplaced_points_and_keeps_the_largest():
    points = pd.DataFrame(
        {
            "account_id": ["A", "B", "C", "D"],
            "x": [1.0, 2.0, np.nan, 4.0],
            "y": [1.0, 2.0, 3.0, 4.0],
            "size": [10.0, 30.0, 99.0, 10.0],
        }
    )
    assert largest_points(points, 2)["account_id"].tolist() == ["B", "A"]
    assert largest_points(points, 0).empty


def test_baseline_is_the_own_name_once_saved_else_the_latest_save():
    configs = pd.DataFrame(
        {
            "name": ["board", "growth"],
            "saved_at": [datetime(2026, 1, 1), datetime(2026, 3, 1)],
        }
    )
    assert baseline_name(configs, "board") == "board"
    assert baseline_name(configs, "draft") == "growth"
    assert baseline_name(configs.iloc[0:0], "board") is None


def test_top_n_changes_counts_every_kind():
    changes = pd.Series(["enters", "leaves", "stays in", "stays in"], dtype="category")
    changes = changes.cat.set_categories(["enters", "leaves", "stays in", "stays out"])
    counts = top_n_changes(pd.DataFrame({"top_n_change": changes}))
    assert counts == {"enters": 1, "leaves": 1, "stays in": 2, "stays out": 0}


def test_export_of_default_uses_the_starting_configuration_until_one_is_saved(con):
    load_company(con)
    export = scores_export(con, DEFAULT_CONFIG_NAME)
    assert (export["config_version"] == 0).all()
    assert (export["config_name"] == DEFAULT_CONFIG_NAME).all()
    starting = default_config(DEFAULT_CONFIG_NAME)
    assert [f"{k}_contribution" for k in starting.active_criteria] == [
        c for c in export.columns if c.endswith("_contribution")
    ]
    saved = SelectionConfig(
        DEFAULT_CONFIG_NAME, {"revenue_l12m": 1, "win_rate": 1, "credit_rating": 1}
    )
    save_config(con, saved, "anna")
    export = scores_export(con, DEFAULT_CONFIG_NAME)
    assert (export["config_version"] == 1).all()
    assert "credit_rating_contribution" in export.columns


def test_export_of_an_unknown_name_names_the_saved_ones(con):
    load_company(con)
    save_config(con, CONFIG, "anna")
    with pytest.raises(ConfigurationError, match="Saved configurations: board"):
        scores_export(con, "nope")


def test_the_export_shows_a_decision_recorded_in_the_app(con):
    load_company(con)
    record_decision(con, "A2", True, "strategic partner", "anna")
    export = scores_export(con, DEFAULT_CONFIG_NAME).set_index("account_id")
    assert export.loc["A2", "is_key_account"]
    assert export.loc["A2", "decision_reason"] == "strategic partner"
    assert len(decision_history(con)) == 1


def test_the_top_n_is_the_first_cut_off_or_the_first_class_under_thresholds():
    assert first_class_size(CONFIG, ranked_with_decisions(scored(), CONFIG, [], EMPTY)) == 2
    by_score = SelectionConfig(
        "by score",
        CONFIG.criteria,
        classification=Classification("thresholds", (40,), ("key account", "other")),
    )
    ranked = ranked_with_decisions(scored(by_score), by_score, [], EMPTY)
    assert first_class_size(by_score, ranked) == 2  # A 100 and B 45.8 score 40 or more


def test_around_the_line_keeps_the_ranks_near_n():
    stable = pd.DataFrame({"account_id": list("ABCDEFG"), "base_rank": [7, 6, 5, 4, 3, 2, 1]})
    near = around_the_line(stable, top_n=3, width=2)
    assert near["base_rank"].tolist() == [2, 3, 4, 5]


def test_axis_range_leaves_out_outliers_but_keeps_the_line():
    values = pd.Series([*np.linspace(0.0, 1.0, 101), 5.0])
    low, high = axis_range(values, line=0.5, quantiles=(0.0, 0.99))
    assert high < 2  # the 500 % share is off the chart
    assert low < 0 < 0.5 < high
    assert axis_range(values, line=8.0)[1] > 8.0
    assert axis_range(pd.Series([1.0, 1.0, np.nan]), line=1.0) is None


@pytest.mark.parametrize(
    ("key", "value", "lang", "text"),
    [
        ("revenue_l12m", 1_234_567.0, "de", "1,23 Mio. €"),
        ("share_of_wallet", 0.123, "en", "12.3%"),
        ("purchase_frequency", 12.0, "en", "12"),
        ("product_fit", 3.5, "de", "3,5"),
        ("win_rate", np.nan, "en", "–"),
    ],
)
def test_a_criterion_value_is_written_by_its_unit(key, value, lang, text):
    assert criterion_value_text(key, value, lang) == text


def test_kap_export_scores_writes_a_saved_configuration(db_path, tmp_path):
    from kapanalytics.cli import main
    from kapanalytics.store import connect

    con = connect(db_path)
    load_company(con)
    save_config(con, CONFIG.with_weights({"win_rate": 3}), "anna")
    con.close()
    target = tmp_path / "scores.csv"
    assert (
        main(["--db", str(db_path), "export", "scores", "--config", "board", "-o", str(target)])
        == 0
    )
    written = pd.read_csv(target, encoding="utf-8-sig")
    assert written["rank"].tolist() == list(range(1, len(written) + 1))
    assert set(written["config_name"]) == {"board"}
    assert set(written["config_version"]) == {1}
    assert "win_rate_contribution" in written.columns


@pytest.mark.parametrize("limit", [1, 5, 17, 40, 60, 200])
def test_largest_points_equal_the_first_rows_of_every_point_sorted(limit):
    rng = np.random.default_rng(limit)
    count = 120
    points = pd.DataFrame(
        {
            "account_id": [f"K{i:04d}" for i in rng.permutation(count)],
            # few distinct sizes, so the cut often falls inside a run of equal ones
            "size": rng.choice([0.0, 5.0, 5.0, 10.0, 20.0, np.nan], count),
            "x": np.where(rng.random(count) < 0.1, np.nan, rng.random(count)),
            "y": rng.random(count),
        }
    )
    placed = points[points["x"].notna() & points["y"].notna()]
    expected = placed.sort_values(["size", "account_id"], ascending=[False, True]).head(limit)
    pd.testing.assert_frame_equal(largest_points(points, limit), expected)
