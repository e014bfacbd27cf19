"""Key-account plans: saving makes versions, versions compare section by section, at most three
SMART goals, a second editor's save is refused, stale sections and overdue actions are flagged."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from kapanalytics import plan_review, plans, store
from kapanalytics.errors import ConfigurationError, EditConflictError
from kapanalytics.keyaccounts import record_decision
from kapanalytics.plans import Plan, PlanConflictError, PlanError

GOAL = {
    "goal": "Grow hydraulics",
    "measure": "revenue in hydraulics",
    "target": "400,000 EUR",
    "due_date": date(2027, 6, 30),
    "owner": "Sabine Lorenz",
    "strategy": "Offer a framework contract",
}


@pytest.fixture
def db(con):
    con.execute(
        "insert into accounts (account_id, name, owner) values"
        " ('A1', 'Acme Holding', 'Sabine Lorenz'), ('A2', 'Beta GmbH', 'Tim Schäfer'),"
        " ('A3', 'Gamma AG', 'Lisa Wolff')"
    )
    return con


def goals(n: int) -> list[dict]:
    return [{**GOAL, "goal": f"Goal {i}"} for i in range(1, n + 1)]


def draft(**sections) -> Plan:
    return Plan().with_sections(sections)


def test_the_first_save_is_version_1_with_author_and_time(db):
    when = datetime(2026, 9, 1, 10, 0)
    version = plans.save_plan(db, "A1", draft(market="Consolidating"), "Sabine", 0, saved_at=when)
    loaded = plans.load_plan(db, "A1")
    assert version == 1
    assert (loaded.version, loaded.saved_by, loaded.saved_at) == (1, "Sabine", when)
    assert loaded.plan.section("market") == "Consolidating"
    assert loaded.plan.reviews["market"] == plans.Review(when, "Sabine")


def test_every_save_is_a_new_version_and_old_ones_stay_readable(db):
    plans.save_plan(db, "A1", draft(market="first"), "Sabine", 0)
    plans.save_plan(db, "A1", draft(market="second"), "Tim", 1)
    assert plans.latest_version(db, "A1") == 2
    assert plans.load_plan(db, "A1", 1).plan.section("market") == "first"
    assert plans.load_plan(db, "A1").plan.section("market") == "second"
    history = plans.plan_versions(db, "A1")
    assert history["version"].tolist() == [2, 1]
    assert history["saved_by"].tolist() == ["Tim", "Sabine"]
    assert history["changed_sections"].tolist() == ["market", "market"]


def test_saving_records_an_app_event_so_cached_pages_recompute(db):
    before = store.data_version(db)
    plans.save_plan(db, "A1", draft(market="x"), "Sabine", 0)
    assert store.data_version(db) != before


def test_a_fourth_goal_is_refused_with_a_clear_message_and_nothing_is_saved(db):
    with pytest.raises(PlanError, match="at most 3 SMART goals; this one has 4"):
        plans.save_plan(db, "A1", draft(goals=goals(4)), "Sabine", 0)
    assert plans.latest_version(db, "A1") == 0


def test_three_goals_are_accepted(db):
    plans.save_plan(db, "A1", draft(goals=goals(3)), "Sabine", 0)
    assert len(plans.load_plan(db, "A1").plan.section("goals")) == 3


@pytest.mark.parametrize("missing", ["measure", "target", "due_date", "owner"])
def test_a_goal_without_a_smart_part_is_refused_naming_it(db, missing):
    goal = {**GOAL, missing: None}
    with pytest.raises(PlanError, match=f"goals row 1 lacks: {missing}"):
        plans.save_plan(db, "A1", draft(goals=[goal]), "Sabine", 0)


def test_more_than_five_risks_are_refused(db):
    with pytest.raises(PlanError, match="top 5 risks, not 6"):
        plans.save_plan(db, "A1", draft(risks=[f"risk {i}" for i in range(6)]), "Sabine", 0)


def test_every_problem_is_named_at_once(db):
    bad = draft(
        goals=goals(4),
        actions=[{"what": "Call", "who": "Tim", "due_date": "next week", "status": "later"}],
    )
    with pytest.raises(PlanError) as refused:
        plans.check_plan(bad)
    text = " ".join(refused.value.problems)
    assert "at most 3" in text
    assert "'next week' is not a date" in text
    assert "status 'later'" in text


def test_a_save_without_an_author_is_refused(db):
    with pytest.raises(ConfigurationError, match="Enter your name"):
        plans.save_plan(db, "A1", draft(market="x"), "  ", 0)


def test_a_plan_for_an_unknown_account_is_refused(db):
    with pytest.raises(ConfigurationError, match="no account 'nope'"):
        plans.save_plan(db, "nope", draft(market="x"), "Sabine", 0)


def test_the_second_of_two_editors_is_refused_and_nothing_is_overwritten(db):
    # both opened version 1
    plans.save_plan(db, "A1", draft(market="agreed"), "Sabine", 0)
    plans.save_plan(db, "A1", draft(market="Tim's view"), "Tim", 1)
    with pytest.raises(PlanConflictError) as refused:
        plans.save_plan(db, "A1", draft(market="Lisa's view"), "Lisa", 1)
    message = str(refused.value)
    assert "saved as version 2 by Tim" in message
    assert "Acme Holding" in message
    assert "Nothing was saved" in message
    assert isinstance(refused.value, EditConflictError)
    assert refused.value.version == 2
    assert plans.latest_version(db, "A1") == 2
    assert plans.load_plan(db, "A1").plan.section("market") == "Tim's view"


def test_two_sessions_saving_the_same_version_at_once_cannot_both_land(db):
    first, second = db.cursor(), db.cursor()
    first.execute("begin transaction")
    second.execute("begin transaction")
    for cursor, author in ((first, "Sabine"), (second, "Tim")):
        cursor.execute(
            "insert into account_plans values ('A1', 1, ?, ?, now()::timestamp)",
            [plans.to_json(draft(market=author)), author],
        )
    first.execute("commit")
    with pytest.raises(Exception, match="constraint"):
        second.execute("commit")
    assert db.execute("select count(*) from account_plans").fetchone()[0] == 1


def test_compare_names_each_changed_section_with_before_and_after(db):
    old = draft(market="Stable", risks=["Price pressure"], goals=goals(1))
    new = draft(market="Consolidating", risks=["Price pressure"], customer_goals="Expand in Asia")
    compared = plans.compare_plans(old, new).set_index("section")
    assert compared.loc["market", "status"] == "changed"
    assert compared.loc["market", "before"] == "Stable"
    assert compared.loc["market", "after"] == "Consolidating"
    assert compared.loc["risks", "status"] == "unchanged"
    assert compared.loc["customer_goals", "status"] == "added"
    assert compared.loc["goals", "status"] == "removed"
    assert (
        "Goal 1 · revenue in hydraulics · 400,000 EUR · 2027-06-30"
        in (compared.loc["goals", "before"])
    )
    assert list(compared.index) == list(plans.SECTIONS)


def test_two_stored_versions_compare_section_by_section(db):
    plans.save_plan(db, "A1", draft(market="a", mission="m"), "Sabine", 0)
    plans.save_plan(db, "A1", draft(market="b", mission="m"), "Sabine", 1)
    first, second = plans.load_plan(db, "A1", 1), plans.load_plan(db, "A1", 2)
    changed = plans.compare_plans(first.plan, second.plan)
    assert changed.loc[changed["status"] != "unchanged", "section"].tolist() == ["market"]


def test_merge_takes_the_chosen_sections_from_mine_and_the_rest_from_theirs():
    mine = draft(market="mine", mission="my mission")
    theirs = draft(market="theirs", mission="their mission", risks=["theirs only"])
    merged = plans.merge_plans(mine, theirs, keep_mine=["market"])
    assert merged.section("market") == "mine"
    assert merged.section("mission") == "their mission"
    assert merged.section("risks") == ["theirs only"]
    assert plans.differing_sections(mine, theirs) == ["market", "risks", "mission"]


def test_a_merged_plan_saves_on_top_of_the_other_editors_version(db):
    plans.save_plan(db, "A1", draft(market="base"), "Sabine", 0)
    plans.save_plan(db, "A1", draft(market="base", mission="Tim's mission"), "Tim", 1)
    mine = draft(market="Lisa's market")
    with pytest.raises(PlanConflictError) as refused:
        plans.save_plan(db, "A1", mine, "Lisa", 1)
    theirs = plans.load_plan(db, "A1", refused.value.version).plan
    merged = plans.merge_plans(mine, theirs, keep_mine=["market"])
    assert plans.save_plan(db, "A1", merged, "Lisa", refused.value.version) == 3
    stored = plans.load_plan(db, "A1").plan
    assert (stored.section("market"), stored.section("mission")) == (
        "Lisa's market",
        "Tim's mission",
    )


def test_an_unchanged_section_keeps_its_review_and_a_confirmed_one_gets_a_new_one(db):
    early, late = datetime(2026, 1, 5, 9, 0), datetime(2026, 9, 1, 9, 0)
    plans.save_plan(db, "A1", draft(market="m", mission="x"), "Sabine", 0, saved_at=early)
    plans.save_plan(
        db, "A1", draft(market="m", mission="x"), "Tim", 1, saved_at=late, confirmed=["mission"]
    )
    reviews = plans.load_plan(db, "A1").plan.reviews
    assert reviews["market"] == plans.Review(early, "Sabine")
    assert reviews["mission"] == plans.Review(late, "Tim")


def test_sections_not_reviewed_within_the_review_days_are_stale():
    reviewed = datetime(2026, 6, 1, 12, 0)
    plan = Plan(
        {"market": "m", "mission": "x"},
        {"market": plans.Review(reviewed, "S"), "mission": plans.Review(datetime(2026, 9, 1), "S")},
    )
    states = plan_review.section_reviews(plan, date(2026, 9, 30), review_days=90)
    states = states.set_index("section")
    assert states.loc["market", "age_days"] == 121
    assert states.loc["market", "state"] == "stale"
    assert states.loc["mission", "state"] == "current"
    assert states.loc["risks", "state"] == "empty"


def test_a_review_after_the_analysis_date_counts_as_zero_days_old():
    plan = Plan({"market": "m"}, {"market": plans.Review(datetime(2026, 11, 22), "S")})
    states = plan_review.section_reviews(plan, date(2026, 9, 30)).set_index("section")
    assert states.loc["market", "age_days"] == 0


def test_actions_not_done_after_their_due_date_are_overdue():
    plan = draft(
        actions=[
            {"what": "Visit plant", "who": "Tim", "due_date": "2026-09-01", "status": "open"},
            {"what": "Send offer", "who": "Tim", "due_date": "2026-09-01", "status": "done"},
            {"what": "Workshop", "who": "Lisa", "due_date": "2026-10-15", "status": ""},
        ]
    )
    actions = plan_review.action_list(plan, date(2026, 9, 30))
    assert actions["is_overdue"].tolist() == [True, False, False]
    assert actions["days_overdue"].tolist() == [29, 0, 0]
    assert actions["status"].tolist() == ["open", "done", "open"]


def test_the_overview_lists_stale_and_missing_plans(db):
    record_decision(db, "A3", True, "big", "board")
    plans.save_plan(db, "A1", draft(market="m"), "Sabine", 0, saved_at=datetime(2026, 1, 1, 8, 0))
    plans.save_plan(
        db,
        "A2",
        draft(
            market="m",
            actions=[{"what": "Call", "who": "Tim", "due_date": "2026-08-01", "status": "open"}],
        ),
        "Tim",
        0,
        saved_at=datetime(2026, 9, 20, 8, 0),
    )
    overview = plan_review.plans_overview(db, as_of=date(2026, 9, 30)).set_index("account_id")
    assert overview.loc["A3", "state"] == "missing"
    assert overview.loc["A3", "is_key_account"]
    assert overview.loc["A1", "state"] == "stale"
    assert overview.loc["A1", "stale_sections"] == "market"
    assert overview.loc["A2", "state"] == "overdue"
    assert overview.loc["A2", "overdue_actions"] == 1
    assert overview.index.tolist() == ["A3", "A1", "A2"]


def test_a_plan_survives_a_round_trip_through_json():
    plan = Plan(
        plans.Plan()
        .with_sections({"goals": goals(2), "customer_swot": {"strengths": "Brand"}})
        .sections,
        {"goals": plans.Review(datetime(2026, 3, 1, 9, 30), "Sabine")},
    )
    assert plans.from_json(plans.to_json(plan)) == plan


def test_tables_from_an_editor_drop_blank_rows_and_keep_dates_as_iso():
    edited = pd.DataFrame(
        [
            {**GOAL, "due_date": pd.Timestamp("2027-01-31")},
            {c: None for c in plans.TABLE_COLUMNS["goals"]},
        ]
    )
    stored = plans.normalise_section("goals", edited)
    assert len(stored) == 1
    assert stored[0]["due_date"] == "2027-01-31"
    frame = plans.section_frame(Plan({"goals": stored}), "goals")
    assert frame.loc[0, "due_date"].date() == date(2027, 1, 31)
    empty = plans.section_frame(Plan(), "actions")
    assert pd.api.types.is_datetime64_any_dtype(empty["due_date"])
