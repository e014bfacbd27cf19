"""The retention pages in a real browser: each renders its figures, reacts to a control, and
leaves a screenshot in tests/artifacts/."""

from __future__ import annotations

import pytest

from tests.conftest import screenshot, wait_until_idle

pytestmark = pytest.mark.browser

CHART = '[data-testid="stPlotlyChart"] .main-svg'


def open_page(page, server, path: str, title: str) -> None:
    # a first visit straight to a page other than the default may bring a "Page not found"
    # dialog over the right page (streamlit/streamlit#9992), hiding it from the accessibility
    # tree: start the session on the default page
    page.goto(server)
    wait_until_idle(page)
    page.goto(f"{server}/{path}")
    wait_until_idle(page)
    page.wait_for_selector(f"h1:has-text('{title}')")
    page.wait_for_timeout(500)
    dialog = page.get_by_role("dialog")
    if dialog.count():
        page.keyboard.press("Escape")
        dialog.wait_for(state="detached")
    assert page.locator('[data-testid="stException"]').count() == 0


def shot(page, name: str, height: int = 2400) -> None:
    """The whole page: the app scrolls inside its own frame, so the window grows instead."""
    page.set_viewport_size({"width": 1500, "height": height})
    page.wait_for_timeout(800)
    screenshot(page, name)


def test_churn_page_shows_rates_flow_and_bridge(server, page):
    open_page(page, server, "churn", "Churn and retention")
    page.wait_for_selector(CHART)
    metrics = page.locator('[data-testid="stMetric"]')
    assert metrics.count() == 3
    assert "%" in metrics.first.inner_text()
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 3
    page.get_by_role("radio", name="Quarters").first.click()
    wait_until_idle(page)
    page.wait_for_selector("text=/Q3/")
    shot(page, "retention_churn")


def test_cohorts_page_shows_a_heatmap(server, page):
    open_page(page, server, "cohorts", "Cohorts")
    page.wait_for_selector(CHART)
    assert page.locator(".heatmaplayer").count() >= 1
    page.get_by_role("radio", name="Revenue").click()
    wait_until_idle(page)
    page.wait_for_selector(CHART)
    shot(page, "retention_cohorts")


def test_survival_page_shows_curves_and_the_log_rank_test(server, page):
    open_page(page, server, "survival", "Customer lifetime")
    page.wait_for_selector(CHART)
    page.wait_for_selector("text=/Log-rank test/")
    assert page.locator(f"{CHART} .scatterlayer .trace").count() >= 8  # 4 curves, 4 bands
    shot(page, "retention_survival")


def test_lost_page_lists_losses_and_their_reasons(server, page):
    open_page(page, server, "lost", "Lost customers")
    page.wait_for_selector('[data-testid="stDataFrame"]')
    page.get_by_role("tab", name="Reasons and competitors").click()
    wait_until_idle(page)
    page.wait_for_selector(CHART)
    shot(page, "retention_lost_reasons")
    page.get_by_role("tab", name="Opportunities").click()
    wait_until_idle(page)
    page.wait_for_selector("text=/Win rate by value/")
    shot(page, "retention_lost_opportunities")


def test_win_back_page_ranks_candidates(server, page):
    open_page(page, server, "win-back", "Win-back")
    page.wait_for_selector('[data-testid="stDataFrame"]')
    page.wait_for_selector(CHART)
    page.get_by_text("Reason classes").click()
    wait_until_idle(page)
    page.wait_for_selector("text=/Recoverable reasons/")
    shot(page, "retention_winback")


def test_early_warning_page_shows_scores_and_the_backtest(server, page):
    open_page(page, server, "early-warning", "Early warning")
    page.wait_for_selector("text=/revenue trend alone/")
    page.wait_for_selector(CHART)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 2
    shot(page, "retention_early_warning")
    page.get_by_role("radio", name="Deutsch").click()
    wait_until_idle(page)
    page.wait_for_selector("h1:has-text('Frühwarnung')")
    shot(page, "retention_early_warning_de")
