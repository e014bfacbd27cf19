"""Ratings entered in the app: checked, kept with who and when, the latest one used."""

from __future__ import annotations

import math
from datetime import datetime

import pytest

from kapanalytics import store
from kapanalytics.criteria import RATING_CRITERIA, account_criteria_frame
from kapanalytics.errors import ConfigurationError
from kapanalytics.ratings import (
    changed_ratings,
    latest_ratings,
    rating_history,
    ratings_table,
    record_ratings,
)
from tests.selection_support import AS_OF, load_company


@pytest.fixture
def company(con):
    load_company(con)
    return con


def test_a_new_rating_is_the_latest_and_the_old_one_stays(company):
    stored = record_ratings(
        company,
        [("A1", "product_fit", 2), ("A2", " Cultural_Fit ", 5)],
        "anna",
        rated_at=datetime(2026, 10, 5, 9, 0),
    )
    assert stored == 2
    latest = latest_ratings(company, ["A1", "A2"]).set_index(["account_id", "criterion"])
    assert latest.loc[("A1", "product_fit"), "rating"] == 2  # was 4, from January
    assert latest.loc[("A1", "product_fit"), "rated_by"] == "anna"
    assert latest.loc[("A2", "cultural_fit"), "rating"] == 5
    history = rating_history(company, "A1")
    assert history.query("criterion == 'product_fit'")["rating"].tolist() == [2, 4, 2]


def test_the_criteria_frame_uses_the_rating_just_given(company):
    record_ratings(company, [("A1", "product_fit", 1)], "anna")
    frame = account_criteria_frame(company, None, as_of=AS_OF).set_index("account_id")
    assert frame.loc["A1", "product_fit"] == 1


def test_recording_changes_the_data_version(company):
    before = store.data_version(company)
    record_ratings(company, [("A3", "geographic_fit", 3)], None)
    assert store.data_version(company) != before


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("A1", "charm", 3)], "not a rating criterion"),
        ([("A1", "product_fit", 0)], "whole number 1..5"),
        ([("A1", "product_fit", 6)], "whole number 1..5"),
        ([("A1", "product_fit", 2.5)], "whole number 1..5"),
        ([("A1", "product_fit", "good")], "whole number 1..5"),
        ([("A1", "product_fit", True)], "whole number 1..5"),
        ([("ZZ", "product_fit", 3)], "no account ZZ"),
        ([("A1", "product_fit", 3), ("A1", "PRODUCT_FIT", 4)], "twice"),
    ],
)
def test_invalid_ratings_are_refused_and_nothing_is_stored(company, rows, message):
    count = company.execute("select count(*) from account_ratings").fetchone()[0]
    with pytest.raises(ConfigurationError, match=message):
        record_ratings(company, [("A2", "product_fit", 3), *rows], "anna")
    assert company.execute("select count(*) from account_ratings").fetchone()[0] == count


def test_a_table_to_edit_and_the_cells_that_changed(company):
    before = ratings_table(company, ["A2", "A1"])
    assert before["account_id"].tolist() == ["A2", "A1"]
    assert list(before.columns) == ["account_id", *RATING_CRITERIA]
    assert before.set_index("account_id").loc["A1", "product_fit"] == 4
    assert math.isnan(before.set_index("account_id").loc["A2", "product_fit"])
    after = before.copy()
    after.loc[after["account_id"] == "A2", "product_fit"] = 3
    after.loc[after["account_id"] == "A1", "strategic_importance"] = float("nan")  # cleared
    after.loc[after["account_id"] == "A1", "product_fit"] = 4  # unchanged
    assert changed_ratings(before, after) == [("A2", "product_fit", 3)]
    record_ratings(company, changed_ratings(before, after), "bert")
    assert ratings_table(company, ["A2"]).loc[0, "product_fit"] == 3
