"""Saved selection configurations: versions, edit conflicts, comparison, rank movement, export."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kapanalytics import store
from kapanalytics.errors import ConfigurationError, EditConflictError
from kapanalytics.keyaccounts import record_decision
from kapanalytics.scoring import Classification, SelectionConfig
from kapanalytics.selection_configs import (
    compare_configs,
    config_history,
    latest_version,
    list_configs,
    load_config,
    rank_movement,
    save_config,
    scores_export,
)
from tests.selection_support import load_company

REVENUE_FIRST = SelectionConfig(
    "board",
    {"revenue_l12m": 6, "win_rate": 2, "product_fit": 2},
    classification=Classification("top_n", (2,), ("key account", "other")),
)
FIT_FIRST = REVENUE_FIRST.with_weights({"revenue_l12m": 1, "product_fit": 7})

# revenue ranks A > B > C > D; product fit the other way round
FRAME = pd.DataFrame(
    {
        "account_id": ["A", "B", "C", "D"],
        "name": ["Anna", "Bert", "Cara", "Dora"],
        "revenue_l12m": [400.0, 300.0, 200.0, 100.0],
        "win_rate": [0.5, 0.5, 0.5, 0.5],
        "product_fit": [1, 2, 4, 5],
    }
)


def test_saving_a_name_again_makes_the_next_version(con):
    assert latest_version(con, "board") == 0
    assert save_config(con, REVENUE_FIRST, "anna", expected_version=0) == 1
    assert save_config(con, FIT_FIRST, "bert", expected_version=1) == 2
    latest = load_config(con, "board")
    assert latest.version == 2
    assert latest.saved_by == "bert"
    assert latest.config == FIT_FIRST
    first = load_config(con, "board", version=1)
    assert first.config == REVENUE_FIRST
    assert first.saved_by == "anna"


def test_a_save_since_loading_is_an_edit_conflict_and_writes_nothing(con):
    save_config(con, REVENUE_FIRST, "anna")
    opened_by_anna = load_config(con, "board").version
    save_config(con, FIT_FIRST, "bert", expected_version=opened_by_anna)
    with pytest.raises(EditConflictError, match="version 2 by bert"):
        save_config(con, REVENUE_FIRST, "anna", expected_version=opened_by_anna)
    assert latest_version(con, "board") == 2
    assert load_config(con, "board").config == FIT_FIRST


def test_a_new_name_expected_but_taken_is_a_conflict(con):
    save_config(con, REVENUE_FIRST, "anna")
    with pytest.raises(EditConflictError):
        save_config(con, FIT_FIRST, "bert", expected_version=0)


def test_saving_changes_the_data_version(con):
    before = store.data_version(con)
    save_config(con, REVENUE_FIRST, "anna")
    assert store.data_version(con) != before


def test_configurations_are_listed_with_their_latest_version(con):
    save_config(con, REVENUE_FIRST, "anna")
    save_config(con, FIT_FIRST, "bert")
    other = SelectionConfig("growth", {"revenue_cagr_3y": 1, "white_space": 1, "product_fit": 1})
    save_config(con, other, "cara")
    con.execute(
        "insert into settings values ('retention.window_days', 1, '365', 'x', now()::timestamp)"
    )
    listed = list_configs(con)
    assert listed["name"].tolist() == ["board", "growth"]
    assert listed["version"].tolist() == [2, 1]
    assert listed["versions"].tolist() == [2, 1]
    assert listed["saved_by"].tolist() == ["bert", "cara"]
    history = config_history(con, "board")
    assert history["version"].tolist() == [2, 1]
    assert history["weights"].iloc[1] == "revenue_l12m 60 %, win_rate 20 %, product_fit 20 %"


def test_loading_an_unknown_configuration_names_the_saved_ones(con):
    save_config(con, REVENUE_FIRST, "anna")
    with pytest.raises(ConfigurationError, match="no configuration 'nope'.*board"):
        load_config(con, "nope")
    with pytest.raises(ConfigurationError, match="no version 9 of"):
        load_config(con, "board", version=9)


def test_a_malformed_stored_configuration_is_explained(con):
    con.execute(
        "insert into settings values ('selection.config.bad', 1, '{}', 'x', now()::timestamp)"
    )
    with pytest.raises(ConfigurationError, match="malformed"):
        load_config(con, "bad")


def test_comparing_two_configurations_shows_who_enters_and_leaves_the_top():
    compared = compare_configs(FRAME, REVENUE_FIRST, FIT_FIRST).set_index("account_id")
    # revenue first: A, B on top; fit first: D, C on top
    assert compared["top_n_change"].astype(str).to_dict() == {
        "D": "enters",
        "C": "enters",
        "B": "leaves",
        "A": "leaves",
    }
    assert compared.loc["D", "rank_first"] == 4
    assert compared.loc["D", "rank_second"] == 1
    assert compared.loc["D", "rank_change"] == 3
    assert compared.loc["A", "rank_change"] == -3
    assert compared.loc["A", "name"] == "Anna"


def test_comparison_with_an_explicit_top_n():
    compared = compare_configs(FRAME, REVENUE_FIRST, FIT_FIRST, top_n=3).set_index("account_id")
    # top 3: A, B, C then D, C, B
    assert compared["top_n_change"].astype(str).to_dict() == {
        "D": "enters",
        "C": "stays in",
        "B": "stays in",
        "A": "leaves",
    }


def test_rank_movement_against_the_last_saved_configuration(con):
    unsaved = rank_movement(con, FRAME, FIT_FIRST)
    assert unsaved["previous_rank"].isna().all()
    save_config(con, REVENUE_FIRST, "anna")
    moved = rank_movement(con, FRAME, FIT_FIRST).set_index("account_id")
    assert moved["rank"].to_dict() == {"D": 1, "C": 2, "B": 3, "A": 4}
    assert moved["previous_rank"].to_dict() == {"D": 4.0, "C": 3.0, "B": 2.0, "A": 1.0}
    assert moved["rank_movement"].to_dict() == {"D": 3.0, "C": 1.0, "B": -1.0, "A": -3.0}


def test_rank_movement_against_another_name(con):
    save_config(con, FIT_FIRST, "anna")
    other = SelectionConfig("other", REVENUE_FIRST.criteria)
    moved = rank_movement(con, FRAME, other, against="board").set_index("account_id")
    assert moved.loc["A", "rank_movement"] == 3
    assert math.isnan(rank_movement(con, FRAME, other).loc[0, "rank_movement"])


def test_export_ranks_the_accounts_and_joins_the_current_decisions(con):
    load_company(con)
    config = SelectionConfig(
        "export",
        {"revenue_l12m": 3, "relationship_strength": 1, "product_fit": 1},
        classification=Classification("top_n", (2,), ("key account", "other")),
    )
    save_config(con, config, "anna")
    record_decision(con, "A2", True, "big order", "bert")
    record_decision(con, "D1", True, "growth", "bert")
    record_decision(con, "D1", False, "moved to group", "cara")
    export = scores_export(con, "export").set_index("account_id")
    assert export["rank"].tolist() == list(range(1, 7))
    assert export["config_name"].unique().tolist() == ["export"]
    assert export["config_version"].unique().tolist() == [1]
    assert export.loc["A2", "is_key_account"]
    assert export.loc["A2", "decision_reason"] == "big order"
    assert not export.loc["D1", "is_key_account"]
    assert export.loc["D1", "decided_by"] == "cara"
    assert pd.isna(export.loc["A1", "decided_by"])
    assert export.loc["D1", "revenue_l12m"] == 3000.0  # the top revenue in the hand-made data
    assert export.loc["D1", "revenue_l12m_normalised"] == 100.0
    contributions = export[[f"{k}_contribution" for k in config.active_criteria]].sum(axis=1)
    pd.testing.assert_series_equal(contributions, export["score"], check_names=False)


def test_export_at_group_level_rolls_divisions_up(con):
    load_company(con)
    config = SelectionConfig(
        "groups", {"revenue_l12m": 1, "share_of_wallet": 1, "product_fit": 1}, level="group"
    )
    save_config(con, config, "anna")
    export = scores_export(con, "groups")
    assert sorted(export["account_id"]) == ["A1", "A2", "A3", "P"]
    assert export.set_index("account_id").loc["P", "revenue_l12m"] == 4500.0
