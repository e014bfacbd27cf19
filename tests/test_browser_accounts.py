"""The account pages in a real browser: pick an account by search, look at its 360 and power
map, write a goal into its plan, save, reload, export; screenshots go to tests/artifacts/."""

from __future__ import annotations

import io

import openpyxl
import pytest
from pptx import Presentation

from kapanalytics import account360, keyaccounts
from kapanalytics.store import connect
from tests.conftest import screenshot, wait_until_idle

pytestmark = pytest.mark.browser

GOAL = "Double the hydraulics business"


@pytest.fixture(scope="module")
def account(demo_db_template) -> tuple[str, str]:
    """The key account with the most divisions: id and name (read from the template, which the
    server's copy was made from)."""
    con = connect(demo_db_template, read_only=True)
    try:
        chosen = max(
            keyaccounts.current_key_accounts(con),
            key=lambda a: len(account360.account_profile(con, a)["divisions"]),
        )
        return chosen, account360.account_profile(con, chosen)["name"]
    finally:
        con.close()


def settle(page) -> None:
    wait_until_idle(page)
    # Streamlit may greet the first visit of a fresh server to a page other than the default
    # with a "Page not found" dialog over the right page (streamlit/streamlit#9992)
    if page.get_by_role("dialog").count():
        page.keyboard.press("Escape")
        page.get_by_role("dialog").wait_for(state="detached")


def tall_screenshot(page, name: str, height: int) -> None:
    """The app scrolls inside its own container, so the window is made taller instead."""
    page.set_viewport_size({"width": 1500, "height": height})
    page.wait_for_timeout(1000)
    wait_until_idle(page)
    screenshot(page, name)
    page.set_viewport_size({"width": 1500, "height": 1000})


def type_into(page, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Enter")
    wait_until_idle(page)


def type_date(page, label: str, digits: str) -> None:
    """A date field is made of segments (year, month, day): type into the first."""
    field = page.get_by_label(label, exact=True)
    field.get_by_role("spinbutton").first.click()
    page.keyboard.type(digits)
    page.keyboard.press("Enter")
    wait_until_idle(page)


def test_pick_an_account_and_see_its_360_and_power_map(server, page, account):
    account_id, name = account
    page.goto(f"{server}/account-360")
    settle(page)
    assert page.locator("h1").first.inner_text() == "Account 360"
    type_into(page, "Search account", account_id)
    page.get_by_role("heading", name=name).wait_for()
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= 6"
    )
    assert "ABC class" in page.locator('[data-testid="stMetric"]').first.inner_text()
    tall_screenshot(page, "accounts_360", 5400)

    page.get_by_role("link", name="Power map").click()
    settle(page)
    page.get_by_role("heading", name="Power map").wait_for()
    # the account stays chosen across the account pages
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg')
    assert page.get_by_label("Account", exact=True).input_value() == f"{name} ({account_id})"
    assert page.locator('[data-testid="stAlertContentWarning"]').count() >= 1
    tall_screenshot(page, "accounts_power_map", 3200)


def test_write_a_goal_save_reload_and_export(server, page, account):
    account_id, name = account
    page.goto(f"{server}/plan?account={account_id}")
    settle(page)
    page.get_by_role("heading", name=name).wait_for()
    type_into(page, "Your name", "Sabine Lorenz")
    page.get_by_role("tab", name="Goals and strategy").click()
    type_into(page, "Goal 1", GOAL)
    type_into(page, "Measure", "revenue in hydraulics")
    type_into(page, "Target", "800,000 EUR")
    type_date(page, "Due date", "20270630")
    type_into(page, "Owner", "Sabine Lorenz")
    page.get_by_role("button", name="Save as a new version").click()
    wait_until_idle(page)
    page.get_by_text("Saved as version 1.").wait_for()
    tall_screenshot(page, "accounts_plan_saved", 2600)

    page.reload()
    settle(page)
    page.get_by_role("heading", name=name).wait_for()
    page.get_by_role("tab", name="Goals and strategy").click()
    assert page.get_by_label("Goal 1", exact=True).input_value() == GOAL
    assert (
        "version 1, saved by Sabine Lorenz" in page.get_by_text("Key-account manager").inner_text()
    )

    with page.expect_download() as pptx_download:
        page.get_by_role("button", name="PowerPoint").click()
    deck = Presentation(str(pptx_download.value.path()))
    texts = [
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    tables = [
        cell.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
        for cell in row.cells
    ]
    assert name in texts[0]
    assert GOAL in tables

    with page.expect_download() as xlsx_download:
        page.get_by_role("button", name="Excel").last.click()
    # the downloaded file has no suffix, which openpyxl needs: hand it the bytes
    book = openpyxl.load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()))
    assert book["Goals"]["A2"].value == GOAL
