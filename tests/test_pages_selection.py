"""The key-account selection pages on the demo company: weights reorder the ranking as the
library does, configurations are saved, reloaded and protected against overwriting, decisions
are recorded with who and why, and a choice outside 3..8 criteria gives a message, no score."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kapanalytics import access, keyaccounts
from kapanalytics.criteria import account_criteria_frame
from kapanalytics.format import format_number
from kapanalytics.portfolio import portfolio_matrix
from kapanalytics.scoring import SelectionConfig, default_config, score_accounts
from kapanalytics.selection_configs import (
    DEFAULT_CONFIG_NAME,
    latest_version,
    load_config,
    save_config,
)
from kapanalytics.store import PROJECT_ROOT, connect

TIMEOUT = 180
WEIGHT = "selection_weight_revenue_l12m"
PASSWORD = "open sesame"
HASH = access.hash_password(PASSWORD)


@pytest.fixture
def app(demo_db, monkeypatch):
    monkeypatch.setenv("KAP_DB", str(demo_db))
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def open_page(app, name: str, user: str | None = None) -> AppTest:
    app.switch_page(f"pages/portfolio_{name}.py")
    app.run()
    assert not app.exception, app.exception
    if user:
        app.sidebar.text_input(key="selection_user").set_value(user).run()
    return app


def table_with(app, *labels: str):
    """The first table on the page with all these column labels (tables carry no key here)."""
    for frame in app.dataframe:
        if set(labels) <= set(frame.value.columns):
            return frame.value
    raise AssertionError(f"no table with the columns {labels}")


def ranked_ids(app) -> list[str]:
    return table_with(app, "Rank", "Criteria missing")["Account"].tolist()


def library_ranking(demo_db, weights: dict[str, float]) -> list[str]:
    con = connect(demo_db)
    try:
        frame = account_criteria_frame(con, None)
    finally:
        con.close()
    config = default_config(DEFAULT_CONFIG_NAME).with_weights(weights)
    return score_accounts(frame, config)["account_id"].tolist()


def test_moving_a_weight_slider_reorders_the_table_as_the_library_ranks(app, demo_db):
    open_page(app, "selection")
    before = ranked_ids(app)
    assert before == library_ranking(demo_db, {})[: len(before)]
    app.slider(key=WEIGHT).set_value(100).run()
    assert not app.exception
    after = ranked_ids(app)
    assert after != before
    assert after == library_ranking(demo_db, {"revenue_l12m": 100})[: len(after)]
    assert any("Share of the score: 56%" in c.value for c in app.caption)  # 100 of 180


def test_fewer_than_three_criteria_give_the_message_and_no_score(app):
    open_page(app, "selection")
    app.multiselect(key="selection_criteria_en").set_value(["revenue_l12m", "white_space"]).run()
    assert not app.exception
    assert any("3 to 8 criteria; 2 are chosen" in e.value for e in app.error)
    assert not any("Criteria missing" in f.value.columns for f in app.dataframe)
    assert app.button(key="selection_save").disabled


def test_nine_criteria_are_refused_too(app):
    open_page(app, "selection")
    nine = [
        "revenue_l12m",
        "white_space",
        "revenue_cagr_3y",
        "contribution_margin_pct_l12m",
        "relationship_strength",
        "product_fit",
        "strategic_importance",
        "win_rate",
        "credit_rating",
    ]
    app.multiselect(key="selection_criteria_en").set_value(nine).run()
    assert any("9 are chosen" in e.value for e in app.error)
    app.multiselect(key="selection_criteria_en").set_value(nine[:8]).run()
    assert not app.error
    assert "Credit rating (0..100)" not in table_with(app, "Rank", "Criteria missing").columns
    assert "Win rate (0..100)" in table_with(app, "Rank", "Criteria missing").columns


def test_saving_and_reloading_a_configuration(app, demo_db):
    open_page(app, "selection", user="anna")
    app.text_input(key="selection_name").set_value("board").run()
    app.slider(key=WEIGHT).set_value(60).run()
    app.button(key="selection_save").click().run()
    assert not app.exception
    assert any("Saved 'board' as version 1" in s.value for s in app.success)
    con = connect(demo_db)
    try:
        saved = load_config(con, "board")
    finally:
        con.close()
    assert saved.saved_by == "anna"
    assert saved.config.weights["revenue_l12m"] == 60
    # rank movement now compares with the saved 'board': nothing moved yet
    assert (table_with(app, "Rank movement")["Rank movement"] == 0).all()

    app.slider(key=WEIGHT).set_value(5).run()
    assert (table_with(app, "Rank movement")["Rank movement"] != 0).any()
    app.selectbox(key="selection_load_choice").set_value("board").run()
    app.button(key="selection_load").click().run()
    assert not app.exception
    assert app.slider(key=WEIGHT).value == 60
    assert any("'board', started from version 1" in c.value for c in app.caption)


def test_an_edit_conflict_is_refused_and_keeps_the_unsaved_weights(app, demo_db):
    open_page(app, "selection", user="anna")
    app.text_input(key="selection_name").set_value("quarterly").run()
    app.button(key="selection_save").click().run()
    con = connect(demo_db)
    try:
        # someone else saves the same name in between
        other = load_config(con, "quarterly").config.with_weights({"white_space": 40})
        save_config(con, other, "bert", expected_version=1)
    finally:
        con.close()
    app.slider(key=WEIGHT).set_value(33).run()
    app.button(key="selection_save").click().run()
    assert not app.exception
    assert any("version 2 by bert" in e.value for e in app.error)
    assert app.slider(key=WEIGHT).value == 33
    con = connect(demo_db)
    try:
        assert latest_version(con, "quarterly") == 2
        assert load_config(con, "quarterly").config.weights["white_space"] == 40
    finally:
        con.close()


def test_saving_needs_a_name_of_who_saves(app, demo_db):
    open_page(app, "selection")
    app.text_input(key="selection_name").set_value("anonymous").run()
    app.button(key="selection_save").click().run()
    assert any("Enter your name" in e.value for e in app.error)
    con = connect(demo_db)
    try:
        assert latest_version(con, "anonymous") == 0
    finally:
        con.close()


def test_recording_a_decision_makes_a_key_account_with_who_and_why(app, demo_db):
    open_page(app, "decisions", user="carla")
    candidate = table_with(app, "Kind", "Rank")["Account"].iloc[0]  # first class, no key account
    app.selectbox(key="decisions_account").set_value(candidate).run()
    app.text_area(key="decisions_reason").set_value("strategic partner from 2027").run()
    app.button(key="decisions_record").click().run()
    assert not app.exception
    assert any("is now a key account (recorded by carla)" in s.value for s in app.success)
    assert any(c.value.startswith("A key account today") for c in app.caption)
    con = connect(demo_db)
    try:
        assert candidate in keyaccounts.current_key_accounts(con)
        latest = keyaccounts.decision_history(con, candidate).iloc[0]
    finally:
        con.close()
    assert latest["reason"] == "strategic partner from 2027"
    assert latest["decided_by"] == "carla"
    history = [f.value for f in app.dataframe if {"Decided by", "Reason"} <= set(f.value.columns)]
    every_decision = history[-1]  # the last table: every decision, without ranks
    assert "Rank" not in every_decision.columns
    assert every_decision["Reason"].iloc[0] == "strategic partner from 2027"
    review, current = (
        f.value for f in app.dataframe if {"Rank", "Reason", "Class"} <= set(f.value.columns)
    )
    assert candidate not in review["Account"].tolist()  # decided: nothing to look at again
    assert candidate in current["Account"].tolist()


def test_a_decision_without_a_reason_is_not_recorded(app, demo_db):
    open_page(app, "decisions", user="carla")
    account = app.selectbox(key="decisions_account").value
    con = connect(demo_db)
    try:
        before = len(keyaccounts.decision_history(con, account))
    finally:
        con.close()
    app.button(key="decisions_record").click().run()
    assert any("Give a reason" in e.value for e in app.error)
    con = connect(demo_db)
    try:
        assert len(keyaccounts.decision_history(con, account)) == before
    finally:
        con.close()


def test_matrix_quadrants_add_up_to_the_placed_accounts(app, demo_db):
    open_page(app, "matrix")
    quadrants = table_with(app, "Quadrant", "Strategy", "Key accounts")
    con = connect(demo_db)
    try:
        frame = account_criteria_frame(con, None)
    finally:
        con.close()
    scored = score_accounts(frame, default_config(DEFAULT_CONFIG_NAME))
    points = portfolio_matrix(scored, "share_of_wallet", "score")
    assert quadrants["Accounts"].sum() == points["quadrant"].notna().sum()
    assert (
        quadrants.set_index("Quadrant").loc["Invest", "Accounts"]
        == (points["quadrant"] == "invest").sum()
    )
    # the table of points names each account's quadrant as the summary does
    listed = table_with(app, "Quadrant", "ABC class")
    names = {"invest": "Invest", "develop": "Develop", "maintain": "Maintain"}
    names["serve_efficiently"] = "Serve efficiently"
    quadrant_of = points.set_index("account_id")["quadrant"]
    assert len(listed) > 0
    for account_id, shown in zip(listed["Account"], listed["Quadrant"], strict=True):
        quadrant = quadrant_of[account_id]
        assert shown == names[quadrant] if isinstance(quadrant, str) else pd.isna(shown)
    app.selectbox(key="matrix_x_en").set_value("relationship_strength").run()
    assert not app.exception
    assert "Relationship strength" in table_with(app, "Quadrant", "ABC class").columns


def test_the_pages_speak_german(app):
    open_page(app, "selection")
    app.button_group(key="lang").set_value("de").run()
    assert not app.exception
    assert app.title[0].value == "Key-Account-Auswahl"
    assert "Umsatz, letzte 12 Monate" in app.multiselect(key="selection_criteria_de").format_func(
        "revenue_l12m"
    )
    assert "Rang" in table_with(app, "Rang", "Fehlende Kriterien").columns
    # the starting class names follow the language, and so does the ranking's class column
    assert app.text_input(key="selection_class_0_de").value == "Key Account"
    assert "Key Account" in set(table_with(app, "Rang", "Klasse")["Klasse"])


def test_groups_roll_divisions_up_and_score_fewer_rows(app, demo_db):
    open_page(app, "selection")
    app.button_group(key="selection_level_en").set_value("group").run()
    assert not app.exception
    con = connect(demo_db)
    try:
        groups = account_criteria_frame(con, None, level="group")
    finally:
        con.close()
    total = format_number(len(groups), "en")
    assert any(f"of {total} rows" in c.value for c in app.caption)
    assert set(ranked_ids(app)) <= set(groups["account_id"])


def test_scoring_missing_values_as_zero_ranks_as_the_library_does(app, demo_db):
    open_page(app, "selection")
    app.radio(key="selection_missing_en").set_value("zero").run()
    assert not app.exception
    con = connect(demo_db)
    try:
        frame = account_criteria_frame(con, None)
    finally:
        con.close()
    zero = SelectionConfig(DEFAULT_CONFIG_NAME, default_config().criteria, missing_policy="zero")
    expected = score_accounts(frame, zero)["account_id"].tolist()
    assert ranked_ids(app) == expected[: len(ranked_ids(app))]


def test_score_thresholds_make_the_classes(app):
    open_page(app, "selection")
    app.button_group(key="selection_method_en").set_value("thresholds").run()
    assert not app.exception
    ranked = table_with(app, "Rank", "Criteria missing")
    first = ranked[ranked["Score"] >= 75]
    assert len(first) > 0
    assert set(first["Class"]) == {"key account"}
    assert "key account" not in set(ranked[ranked["Score"] < 75]["Class"])


def test_another_sidebar_period_leaves_the_ranking_alone(app):
    open_page(app, "selection")
    before = ranked_ids(app)
    app.sidebar.selectbox(key="filter_period_choice_en").set_value("previous_year").run()
    assert not app.exception
    assert ranked_ids(app) == before


def test_a_signed_in_user_decides_under_their_own_name(demo_db, monkeypatch):
    monkeypatch.setenv("KAP_DB", str(demo_db))
    app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    users = {"lena": {"name": "Lena Lead", "role": "leadership", "password": HASH}}
    app.secrets["access"] = {"users": users}
    app.run()
    app.text_input(key="sign_in_login").input("lena")
    app.text_input(key="sign_in_password").input(PASSWORD)
    app.button[0].click()  # the form's sign-in button
    app.run()
    open_page(app, "decisions")
    assert not [w for w in app.sidebar.text_input if w.key == "selection_user"]
    account = app.selectbox(key="decisions_account").value
    app.text_area(key="decisions_reason").set_value("board decision").run()
    app.button(key="decisions_record").click().run()
    assert not app.exception
    con = connect(demo_db)
    try:
        latest = keyaccounts.decision_history(con, account).iloc[0]
    finally:
        con.close()
    assert latest["decided_by"] == "Lena Lead"
    assert latest["reason"] == "board decision"


def test_the_matrix_waits_for_a_configuration_that_gives_a_score(app):
    open_page(app, "selection")
    app.multiselect(key="selection_criteria_en").set_value(["revenue_l12m", "white_space"]).run()
    open_page(app, "matrix")
    assert any("gives no score yet" in w.value for w in app.warning)
    assert not app.get("plotly_chart")
    open_page(app, "selection")  # the unfinished choice is kept for the session
    assert app.multiselect(key="selection_criteria_en").value == ["revenue_l12m", "white_space"]


def test_the_stability_runs_only_once_its_tab_is_opened(app):
    open_page(app, "selection")
    assert not app.exception
    metrics = [m.label for m in app.metric]
    assert "Fragile accounts" not in metrics
    app.session_state["selection_tab_en"] = "How stable"
    app.run()
    assert not app.exception
    assert "Fragile accounts" in [m.label for m in app.metric]
    assert len(table_with(app, "Best rank", "Worst rank")) > 0
