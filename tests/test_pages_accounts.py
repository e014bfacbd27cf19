"""The account pages on the demo company: the 360's standing is the library's, the search
narrows the list, a plan is saved as a version, a fourth goal is refused, a second editor's save
is refused and merged without losing a word, the power map shows the library's warnings."""

from __future__ import annotations

from datetime import date

import pytest

from kapanalytics import account360, keyaccounts, plan_review, plans, powermap
from kapanalytics.plan_export import warning_text
from kapanalytics.store import connect


@pytest.fixture(scope="module")
def library(demo_db):
    """The demo company opened as the app opens it, beside the app in the same process."""
    con = connect(demo_db)
    yield con
    con.close()


@pytest.fixture(scope="module")
def accounts(library):
    """Key accounts of the demo company, one per test that saves, so tests stay apart."""
    return keyaccounts.current_key_accounts(library)


def open_page(app, name: str, account: str):
    app.session_state["_accounts_account"] = account
    app.switch_page(f"pages/accounts_{name}.py")
    app.run()
    assert not app.exception, app.exception
    return app


def unlabelled_columns(app) -> list[str]:
    return [c for frame in app.dataframe for c in frame.value.columns if "_" in str(c)]


def test_the_360_shows_the_accounts_standing_from_the_library(app, library, accounts):
    account = accounts[0]
    open_page(app, "360", account)
    profile = account360.account_profile(library, account)
    status = account360.account_status(library, account)
    assert app.header[0].value == profile["name"]
    shown = {m.label: m.value for m in app.metric}
    assert shown["ABC class"] == status["abc_class"]
    assert shown["Key account since"] == profile["key_account_since"].isoformat()
    assert all(m.help for m in app.metric), "every figure explains itself"
    assert not unlabelled_columns(app)


def test_the_search_lists_only_matching_accounts(app, accounts):
    open_page(app, "360", accounts[0])
    app.text_input(key="accounts_search").set_value("holding").run()
    assert not app.exception
    picker = app.selectbox(key="accounts_pick_holding")
    assert picker.options
    assert all("holding" in option.lower() for option in picker.options)
    assert len(picker.options) <= account360.SEARCH_LIMIT


def fill_goal(app, prefix: str, number: int, goal: str) -> None:
    app.text_input(key=f"{prefix}_goal{number}_goal").set_value(goal)
    app.text_input(key=f"{prefix}_goal{number}_measure").set_value("revenue in hydraulics")
    app.text_input(key=f"{prefix}_goal{number}_target").set_value("400,000 EUR")
    app.date_input(key=f"{prefix}_goal{number}_due_date").set_value(date(2027, 6, 30))
    app.text_input(key=f"{prefix}_goal{number}_owner").set_value("Sabine Lorenz")


def test_a_plan_is_saved_as_a_version_and_shown_again(app, library, accounts):
    account = accounts[1]
    open_page(app, "plan", account)
    app.sidebar.text_input(key="accounts_author").set_value("Sabine")
    prefix = f"plan_{account}_0"
    fill_goal(app, prefix, 0, "Grow hydraulics")
    app.text_area(key=f"{prefix}_market").set_value("Consolidating suppliers")
    app.button(key="plan_save").click().run()
    assert not app.exception
    assert any("Saved as version 1" in s.value for s in app.success)
    stored = plans.load_plan(library, account)
    assert (stored.version, stored.saved_by) == (1, "Sabine")
    assert stored.plan.section("goals")[0]["goal"] == "Grow hydraulics"
    # the page now edits version 1 and shows what was saved
    assert app.text_input(key=f"plan_{account}_1_goal0_goal").value == "Grow hydraulics"
    assert app.text_area(key=f"plan_{account}_1_market").value == "Consolidating suppliers"


def test_a_fourth_goal_is_refused_with_the_reason(app, accounts):
    account = accounts[2]
    open_page(app, "plan", account)
    prefix = f"plan_{account}_0"
    for _ in range(2):
        app.button(key=f"{prefix}_goal_add").click().run()
    assert app.text_input(key=f"{prefix}_goal2_goal")
    app.button(key=f"{prefix}_goal_add").click().run()
    assert not app.exception
    assert any("at most 3 SMART goals" in e.value for e in app.error)
    assert len([w for w in app.text_input if w.key.endswith("_goal")]) == 3


def test_a_save_without_a_name_is_refused_and_the_text_stays(app, library, accounts):
    account = accounts[3]
    open_page(app, "plan", account)
    prefix = f"plan_{account}_0"
    app.text_area(key=f"{prefix}_mission").set_value("Become the preferred supplier")
    app.button(key="plan_save").click().run()
    assert any("Enter your name" in e.value for e in app.error)
    assert plans.latest_version(library, account) == 0
    assert app.text_area(key=f"{prefix}_mission").value == "Become the preferred supplier"


def test_a_second_editors_save_is_refused_and_merged_without_losing_a_word(app, library, accounts):
    account = accounts[4]
    open_page(app, "plan", account)
    app.sidebar.text_input(key="accounts_author").set_value("Lisa")
    # someone else saves while Lisa edits
    theirs = plans.Plan().with_sections({"mission": "Tim's mission", "market": "Tim's market"})
    plans.save_plan(library, account, theirs, "Tim", 0)
    prefix = f"plan_{account}_0"
    app.text_area(key=f"{prefix}_market").set_value("Lisa's market")
    app.button(key="plan_save").click().run()
    assert not app.exception
    assert any("saved as version 1 by Tim" in e.value for e in app.error)
    assert plans.latest_version(library, account) == 1
    # her text is still on the page
    assert app.text_area(key=f"{prefix}_market").value == "Lisa's market"
    app.radio(key=f"merge_{account}_1_market").set_value("mine")
    app.radio(key=f"merge_{account}_1_mission").set_value("theirs")
    app.button(key="plan_save_merged").click().run()
    assert not app.exception
    merged = plans.load_plan(library, account)
    assert merged.version == 2
    assert merged.plan.section("market") == "Lisa's market"
    assert merged.plan.section("mission") == "Tim's mission"


def test_two_versions_are_compared_section_by_section(app, library, accounts):
    account = accounts[5]
    plans.save_plan(library, account, plans.Plan().with_sections({"market": "a"}), "Tim", 0)
    plans.save_plan(library, account, plans.Plan().with_sections({"market": "b"}), "Tim", 1)
    open_page(app, "plan", account)
    changes = [f.value for f in app.dataframe if "Before" in f.value.columns][0]
    assert changes["Section"].tolist() == ["Market and competitive environment"]
    assert changes[["Before", "After"]].values.tolist() == [["a", "b"]]


def test_the_power_map_shows_the_librarys_warnings(app, library, accounts):
    account = accounts[0]
    open_page(app, "power_map", account)
    warnings = powermap.power_map_warnings(powermap.power_map_contacts(library, account))
    shown = " ".join(w.value for w in app.warning)
    for warning in warnings.to_dict("records"):
        assert warning_text(warning, "en") in shown
    assert app.get("plotly_chart"), "the org chart is drawn"
    assert app.button(key="map_save").disabled, "nothing changed, nothing to save"


def test_the_plans_overview_counts_key_accounts_without_a_plan(app, library, accounts):
    open_page(app, "plans_overview", accounts[0])
    overview = plan_review.plans_overview(library)
    shown = {m.label: m.value for m in app.metric}
    assert shown["No plan"] == str(int((overview["state"] == "missing").sum()))
    assert not unlabelled_columns(app)


def test_the_account_pages_speak_german(app, accounts):
    app.button_group(key="lang").set_value("de").run()
    open_page(app, "power_map", accounts[0])
    assert app.title[0].value == "Power Map"
    open_page(app, "plan", accounts[0])
    assert app.title[0].value == "Key-Account-Plan"


def test_the_plan_offers_opportunities_and_risks_from_the_data(app, library, accounts):
    account = accounts[0]
    open_page(app, "plan", account)
    prompts = account360.plan_prompts(
        account360.account_status(library, account),
        account360.account_white_space(library, account),
        account360.account_opportunities(library, account),
        powermap.power_map_warnings(powermap.power_map_contacts(library, account)),
    )
    assert prompts["opportunities"] or prompts["risks"], "the demo account has something to say"
    shown = " ".join(c.value for c in app.caption if c.value.startswith("From the data:"))
    for code, details in prompts["risks"]:
        if code == "warning":
            assert warning_text(details, "en") in shown
    assert shown.count("\n- ") == len(prompts["opportunities"]) + len(prompts["risks"])


def test_a_signed_in_manager_picks_among_their_own_accounts_only(app, library, accounts):
    from kapanalytics.access import User

    account = accounts[0]
    owner = account360.account_profile(library, account)["owner"]
    foreign = library.execute(
        "select min(account_id) from accounts where owner <> ?", [owner]
    ).fetchone()[0]
    app.session_state["_user"] = User("anna", "Anna Manager", "key_account_manager", owner)
    open_page(app, "360", foreign)
    # options read "Name (ID)"
    listed = [o.rsplit("(", 1)[1].rstrip(")") for o in app.selectbox(key="accounts_pick_").options]
    owners = library.execute(
        "select distinct owner from accounts where list_contains(?::varchar[], account_id)",
        [listed],
    ).fetchall()
    assert owners == [(owner,)]
    assert foreign not in listed
    open_page(app, "plan", account)
    assert not [w for w in app.sidebar.text_input if w.key == "accounts_author"], (
        "the signed-in user's name is the author"
    )


@pytest.mark.parametrize("name", ["360", "power_map", "plan"])
def test_an_account_without_invoice_lines_still_has_its_pages(app, library, name):
    quiet = library.execute(
        "select min(account_id) from accounts"
        " where account_id not in (select account_id from transactions)"
    ).fetchone()[0]
    open_page(app, name, quiet)
    assert app.header[0].value == account360.account_profile(library, quiet)["name"]
