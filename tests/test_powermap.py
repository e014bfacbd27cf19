"""The power map on hand-made org charts: warnings, contact freshness, the org chart's layout,
and edits made in the app that a re-import of the CRM never silently undoes."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from kapanalytics import orgchart, powermap
from kapanalytics.criteria import BUYING_ROLES
from kapanalytics.errors import ConfigurationError, EditConflictError
from kapanalytics.powermap import ContactChange, PowerMapRules
from kapanalytics.staging import refresh_staged_tables

AS_OF = date(2026, 9, 30)
ALL_ROLES = BUYING_ROLES  # decision maker, user, influencer, ratifier, specifier, ...


def person(contact_id, role, *, influence=3, attitude="neutral", owner="Tim", days=10, boss=None):
    return {
        "contact_id": contact_id,
        "account_id": "A1",
        "name": f"Person {contact_id}",
        "buying_role": role,
        "influence": influence,
        "attitude": attitude,
        "relationship_owner": owner,
        "days_since_contact": days,
        "reports_to_contact_id": boss,
    }


def chart(*people) -> pd.DataFrame:
    frame = pd.DataFrame(list(people))
    frame["influence"] = pd.array(frame["influence"], dtype="Int64")
    frame["days_since_contact"] = pd.array(frame["days_since_contact"], dtype="Int64")
    return frame


def well_covered() -> list[dict]:
    """Seven people, one per role, all owned and recently reached: nothing to warn about."""
    return [person(f"C{i}", role, days=5 + i) for i, role in enumerate(ALL_ROLES)]


def codes(warnings: pd.DataFrame) -> list[str]:
    return warnings["warning"].tolist()


def test_a_well_covered_map_has_no_warning():
    assert codes(powermap.power_map_warnings(chart(*well_covered()))) == []


@pytest.mark.parametrize(("days", "warned"), [(90, False), (91, True), (None, True)])
def test_a_decision_maker_not_reached_for_more_than_90_days_is_named(days, warned):
    people = well_covered()
    people[0] = person("C0", "decision maker", days=days)
    warnings = powermap.power_map_warnings(chart(*people))
    found = warnings[warnings["warning"] == "decision_maker_not_contacted"]
    assert len(found) == int(warned)
    if warned:
        assert found.iloc[0]["contact"] == "Person C0"


def test_a_single_thread_is_one_of_ours_knowing_only_one_of_theirs():
    people = [
        person("C1", "decision maker", owner="Tim", days=20),
        person("C2", "buyer", owner="Tim", days=400),  # owned, but not reached for a year
        person("C3", "user", owner=None, days=3),  # reached, but nobody of ours owns it
    ]
    warnings = powermap.power_map_warnings(chart(*people))
    single = warnings[warnings["warning"] == "single_thread"].iloc[0]
    assert single["threads"] == 1
    assert single["contact"] == "Person C1"
    assert single["owner"] == "Tim"


def test_two_live_threads_are_no_single_thread():
    people = [person("C1", "decision maker", days=20), person("C2", "buyer", owner="Lisa")]
    assert "single_thread" not in codes(powermap.power_map_warnings(chart(*people)))


@pytest.mark.parametrize(
    ("influence", "attitude", "warned"),
    [(5, "enemy", True), (4, "negative", True), (3, "enemy", False), (5, "neutral", False)],
)
def test_a_highly_influential_opponent_is_named(influence, attitude, warned):
    people = well_covered()
    people[3] = person("C3", "ratifier", influence=influence, attitude=attitude)
    warnings = powermap.power_map_warnings(chart(*people))
    assert ("influential_opponent" in codes(warnings)) is warned


def test_roles_nobody_of_ours_covers_are_listed():
    people = well_covered()
    people[5] = person("C5", "door opener", owner=None)  # in the role, but no owner of ours
    del people[6]  # no buyer at all
    warnings = powermap.power_map_warnings(chart(*people))
    uncovered = warnings[warnings["warning"] == "uncovered_roles"].iloc[0]
    assert uncovered["roles"] == "door opener, buyer"


def test_an_account_without_contacts_warns_of_no_thread_and_every_role():
    empty = chart(person("x", "user")).iloc[0:0]
    warnings = powermap.power_map_warnings(empty)
    assert codes(warnings) == ["single_thread", "uncovered_roles"]
    assert warnings.iloc[0]["threads"] == 0
    assert warnings.iloc[1]["roles"] == ", ".join(ALL_ROLES)


def test_the_rules_can_be_tightened():
    people = well_covered()
    rules = PowerMapRules(decision_maker_days=3, required_roles=("decision maker",))
    assert codes(powermap.power_map_warnings(chart(*people), rules)) == [
        "decision_maker_not_contacted"
    ]


@pytest.mark.parametrize(
    ("days", "label"),
    [(0, "fresh"), (90, "fresh"), (91, "ageing"), (181, "stale"), (None, "never")],
)
def test_freshness_bands(days, label):
    series = pd.Series(pd.array([days], dtype="Int64"))
    assert powermap.freshness(series).iloc[0] == label


# ---- the org chart ---------------------------------------------------------------------------


ACCOUNTS = pd.DataFrame([{"account_id": "A1", "name": "Acme", "parent_account_id": None}])


def test_the_org_chart_hangs_each_person_below_their_manager():
    people = chart(
        person("boss", "decision maker", influence=5),
        person("left", "buyer", influence=4, boss="boss"),
        person("right", "user", influence=2, boss="boss"),
        person("deep", "specifier", boss="left"),
    )
    nodes = orgchart.org_chart(people, ACCOUNTS, "A1").set_index("node_id")
    assert nodes.loc["boss", "parent_id"] == "account:A1"
    assert nodes.loc["deep", "parent_id"] == "left"
    assert nodes.loc["deep", "depth"] == 3
    # an outline: each manager right above their people, the more influential first
    order = nodes.sort_values("row").index.tolist()
    assert order == ["account:A1", "boss", "left", "deep", "right"]
    assert nodes["row"].tolist() == sorted(nodes["row"].tolist())
    assert nodes.loc["account:A1", "kind"] == "account"


def test_a_loop_of_reports_is_cut_below_the_account():
    people = chart(person("a", "user", boss="b"), person("b", "buyer", boss="a"))
    nodes = orgchart.org_chart(people, ACCOUNTS, "A1").set_index("node_id")
    assert nodes.loc["a", "parent_id"] == "account:A1"
    assert nodes.loc["b", "parent_id"] == "a"
    assert len(orgchart.edges(nodes.reset_index())) == 2


def test_a_manager_outside_the_map_leaves_the_person_below_the_account():
    people = chart(person("a", "user", boss="someone-else"))
    nodes = orgchart.org_chart(people, ACCOUNTS, "A1").set_index("node_id")
    assert nodes.loc["a", "parent_id"] == "account:A1"


def test_divisions_hang_below_the_group_with_their_people():
    accounts = pd.DataFrame(
        [
            {"account_id": "G", "name": "Group", "parent_account_id": None},
            {"account_id": "D", "name": "Division", "parent_account_id": "G"},
        ]
    )
    people = chart(
        {**person("g1", "decision maker"), "account_id": "G"},
        {**person("d1", "buyer"), "account_id": "D"},
    )
    nodes = orgchart.org_chart(people, accounts, "G").set_index("node_id")
    assert nodes.loc["account:D", "parent_id"] == "account:G"
    assert nodes.loc["d1", "parent_id"] == "account:D"
    # people of the group come before its divisions
    assert nodes.loc["g1", "row"] < nodes.loc["d1", "row"]


# ---- edits in the app -------------------------------------------------------------------------


@pytest.fixture
def crm(con):
    con.execute("insert into accounts (account_id, name) values ('A1', 'Acme'), ('D1', 'Acme Div')")
    con.execute("update accounts set parent_account_id = 'A1' where account_id = 'D1'")
    con.execute(
        "insert into contacts (contact_id, account_id, name, buying_role, influence, attitude,"
        " reports_to_contact_id, relationship_owner, last_contact_date) values"
        " ('C1', 'A1', 'Anna', 'decision maker', 5, 'neutral', null, 'Tim', '2026-05-01'),"
        " ('C2', 'A1', 'Ben', 'buyer', 3, 'positive', 'C1', 'Tim', null),"
        " ('C3', 'D1', 'Cleo', 'user', 2, 'neutral', null, null, '2026-09-01')"
    )
    con.execute(
        "insert into activities (activity_id, account_id, contact_id, activity_date, type) values"
        " ('T1', 'A1', 'C2', '2026-09-20', 'visit'), ('T2', 'A1', 'C2', '2026-10-20', 'call')"
    )
    # an invoice line fixes the analysis date
    con.execute(
        "insert into transactions (invoice_id, line_no, account_id, invoice_date, net_amount)"
        " values ('I1', 1, 'A1', '2026-09-30', 100)"
    )
    refresh_staged_tables(con)
    return con


def test_contacts_of_the_account_and_its_divisions_with_their_last_contact(crm):
    contacts = powermap.power_map_contacts(crm, "A1").set_index("contact_id")
    assert set(contacts.index) == {"C1", "C2", "C3"}
    # a touchpoint after the analysis date does not count
    assert contacts.loc["C2", "last_contact_date"] == date(2026, 9, 20)
    assert contacts.loc["C2", "days_since_contact"] == 10
    assert contacts.loc["C1", "days_since_contact"] == 152
    assert contacts.loc["C3", "account_name"] == "Acme Div"
    only_a1 = powermap.power_map_contacts(crm, "A1", include_divisions=False)
    assert set(only_a1["contact_id"]) == {"C1", "C2"}


def test_an_edit_is_saved_with_who_and_when_and_is_in_force(crm):
    when = datetime(2026, 9, 5, 14, 0)
    saved = powermap.save_contact_edits(
        crm, [ContactChange("C1", "attitude", "neutral", "negative")], "Lisa", edited_at=when
    )
    contact = powermap.power_map_contacts(crm, "A1").set_index("contact_id").loc["C1"]
    assert saved == 1
    assert contact["attitude"] == "negative"
    assert contact["crm_attitude"] == "neutral"
    assert (contact["edited_by"], contact["edited_at"]) == ("Lisa", pd.Timestamp(when))
    assert contact["crm_changed"] == ""
    history = powermap.edit_history(crm, "A1")
    assert history.iloc[0][["field", "value", "crm_value", "edited_by"]].tolist() == [
        "attitude",
        "negative",
        "neutral",
        "Lisa",
    ]


def test_a_reimport_with_a_new_crm_value_keeps_the_edit_and_flags_the_change(crm):
    powermap.save_contact_edits(crm, [ContactChange("C1", "influence", "5", "4")], "Lisa")
    # the next CRM extract says influence 2
    crm.execute("update contacts set influence = 2 where contact_id = 'C1'")
    contact = powermap.power_map_contacts(crm, "A1").set_index("contact_id").loc["C1"]
    assert contact["influence"] == 4
    assert contact["crm_influence"] == 2
    assert contact["crm_changed"] == "influence"


def test_a_reimport_with_the_same_crm_value_changes_nothing(crm):
    powermap.save_contact_edits(crm, [ContactChange("C2", "buying_role", "buyer", "user")], "Lisa")
    crm.execute("delete from contacts where contact_id = 'C2'")
    crm.execute(
        "insert into contacts (contact_id, account_id, name, buying_role, influence, attitude,"
        " reports_to_contact_id, relationship_owner) values"
        " ('C2', 'A1', 'Ben', 'buyer', 3, 'positive', 'C1', 'Tim')"
    )
    contact = powermap.power_map_contacts(crm, "A1").set_index("contact_id").loc["C2"]
    assert contact["buying_role"] == "user"
    assert contact["crm_changed"] == ""


def test_a_second_editor_who_saw_the_old_value_is_refused(crm):
    powermap.save_contact_edits(crm, [ContactChange("C1", "attitude", "neutral", "mentor")], "Lisa")
    with pytest.raises(
        EditConflictError, match="Anna's attitude is now 'mentor' \\(set by Lisa\\)"
    ):
        powermap.save_contact_edits(
            crm,
            [
                ContactChange("C2", "attitude", "positive", "neutral"),
                ContactChange("C1", "attitude", "neutral", "enemy"),
            ],
            "Tim",
        )
    # nothing of the refused save landed, not even the change that did not conflict
    contacts = powermap.power_map_contacts(crm, "A1").set_index("contact_id")
    assert contacts.loc["C1", "attitude"] == "mentor"
    assert contacts.loc["C2", "attitude"] == "positive"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("buying_role", "boss", "no buying role"),
        ("attitude", "happy", "no attitude"),
        ("influence", "9", "whole number 1..5"),
        ("name", "Bob", "cannot be edited here"),
    ],
)
def test_values_outside_the_lists_are_refused(crm, field, value, message):
    with pytest.raises(ConfigurationError, match=message):
        powermap.save_contact_edits(crm, [ContactChange("C1", field, None, value)], "Lisa")
    assert crm.execute("select count(*) from contact_edits").fetchone()[0] == 0


def test_an_edit_needs_a_name(crm):
    with pytest.raises(ConfigurationError, match="Enter your name"):
        powermap.save_contact_edits(crm, [ContactChange("C1", "attitude", "neutral", "mentor")], "")


def test_changed_contacts_finds_the_edited_cells_only(crm):
    before = powermap.power_map_contacts(crm, "A1")
    after = before.copy()
    after.loc[after["contact_id"] == "C1", "influence"] = 4
    after.loc[after["contact_id"] == "C3", "relationship_owner"] = "Lisa"
    after.loc[after["contact_id"] == "C2", "name"] = "not editable"
    changes = powermap.changed_contacts(before, after)
    assert changes == [
        ContactChange("C1", "influence", "5", "4"),
        ContactChange("C3", "relationship_owner", None, "Lisa"),
    ]
    assert powermap.save_contact_edits(crm, changes, "Lisa") == 2
