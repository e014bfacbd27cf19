"""The controlling pages in a real browser: each renders its figures, reacts to a parameter, and
leaves a screenshot in tests/artifacts/."""

from __future__ import annotations

import re

import pytest

from tests.conftest import screenshot, wait_until_idle

pytestmark = pytest.mark.browser


def open_page(page, server: str, path: str) -> None:
    page.goto(f"{server}/{path}")
    wait_until_idle(page)
    page.wait_for_selector('[data-testid="stMetric"]')
    # Streamlit may greet the first visit of a fresh server to a page other than the default
    # with a "Page not found" dialog over the right page (streamlit/streamlit#9992)
    if page.get_by_role("dialog").count():
        page.keyboard.press("Escape")
        page.get_by_role("dialog").wait_for(state="detached")


def tall_screenshot(page, name: str, height: int = 2200) -> None:
    """A screenshot of more than one screen: the app scrolls inside its own container, so the
    window is made taller instead."""
    page.set_viewport_size({"width": 1500, "height": height})
    page.wait_for_timeout(800)
    screenshot(page, name)
    page.set_viewport_size({"width": 1500, "height": 1000})


def metric_texts(page) -> list[str]:
    return page.locator('[data-testid="stMetric"]').all_inner_texts()


def wait_for_changed_metric(page, index: int, before: str) -> str:
    """The text of the index-th metric once it differs from ``before``."""
    page.wait_for_function(
        "([index, before]) =>"
        " document.querySelectorAll('[data-testid=\"stMetric\"]')[index].innerText !== before",
        arg=[index, before],
    )
    return metric_texts(page)[index]


def wait_for_charts(page, count: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= {count}"
    )


def test_abc_page_shows_pareto_and_reacts_to_the_measure(server, page):
    open_page(page, server, "abc")
    assert page.locator("h1").first.inner_text() == "ABC analysis"
    wait_for_charts(page, 1)
    before = metric_texts(page)
    assert before[0].startswith("Class A: share of accounts")
    assert re.search(r"\d+\.\d%", before[0]), before[0]
    tall_screenshot(page, "controlling_abc_pareto", 1400)

    page.get_by_role("tab", name="Migration").click()
    wait_for_charts(page, 2)
    page.wait_for_selector(".sankey")
    tall_screenshot(page, "controlling_abc_migration", 1700)

    page.get_by_role("tab", name="Revenue x margin").click()
    page.wait_for_timeout(500)
    tall_screenshot(page, "controlling_abc_grid", 1500)

    page.get_by_role("tab", name="Lorenz curve and Gini").click()
    page.wait_for_timeout(500)
    tall_screenshot(page, "controlling_abc_lorenz", 1300)

    page.get_by_label("Measure").click()
    page.get_by_role("option", name="Orders").click()
    wait_until_idle(page)
    after = wait_for_changed_metric(page, 0, before[0])
    assert after.startswith("Class A: share of accounts")
    assert re.search(r"\d+\.\d%", after), after


def test_potential_page_shows_the_matrix_and_the_cross_sell_list(server, page):
    open_page(page, server, "potential")
    assert page.locator("h1").first.inner_text() == "Share of wallet and white space"
    wait_for_charts(page, 2)
    texts = metric_texts(page)
    assert texts[0].startswith("Annual potential")
    assert re.search(r"€\d", texts[0]), texts[0]
    page.wait_for_selector("text=/Showing \\d+ of [\\d,]+ rows/")
    tall_screenshot(page, "controlling_potential", 4000)


def test_profitability_page_shows_the_whale_curve_and_takes_rates(server, page):
    open_page(page, server, "profitability")
    assert page.locator("h1").first.inner_text() == "Profitability and cost to serve"
    wait_for_charts(page, 2)
    before = metric_texts(page)[1]
    assert before.startswith("Cost to serve")
    tall_screenshot(page, "controlling_profitability", 3400)

    page.get_by_text("Cost rates").click()
    visit = page.get_by_label("Visit", exact=True)
    visit.fill("1000")
    visit.press("Enter")
    wait_until_idle(page)
    after = wait_for_changed_metric(page, 1, before)
    assert after.startswith("Cost to serve")
    assert re.search(r"€\d", after), after


def test_budget_page_drills_down_and_speaks_german(server, page):
    open_page(page, server, "budget")
    assert page.locator("h1").first.inner_text() == "Budget vs actual"
    wait_for_charts(page, 2)
    assert metric_texts(page)[0].startswith("Budget YTD")
    page.wait_for_selector("text=/One account/")
    tall_screenshot(page, "controlling_budget", 3400)

    page.locator('[data-testid="stSidebar"]').get_by_text("Deutsch", exact=True).click()
    wait_until_idle(page)
    page.wait_for_selector("h1:has-text('Budget vs. Ist')")
    assert metric_texts(page)[0].startswith("Budget lfd. Jahr")
    tall_screenshot(page, "controlling_budget_de", 1400)
