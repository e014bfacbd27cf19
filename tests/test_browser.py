"""The app in a real browser: headless Chromium driven by Playwright against a live server.

Runs in CI always (a missing Chromium fails there); elsewhere it skips with the reason when
/usr/bin/chromium is absent. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import SAMPLES_DIR, screenshot, wait_until_idle

pytestmark = pytest.mark.browser


def test_overview_shows_kpis_and_a_chart_then_switches_language(server, page):
    page.goto(server)
    wait_until_idle(page)
    page.wait_for_selector('[data-testid="stMetric"]')
    metrics = page.locator('[data-testid="stMetric"]')
    assert metrics.count() == 7
    first = metrics.first.inner_text()
    assert first.startswith("Revenue")
    assert re.search(r"€\d", first), first
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg')
    assert page.locator('[data-testid="stPlotlyChart"]').count() >= 3
    screenshot(page, "overview_en")

    page.locator('[data-testid="stSidebar"]').get_by_text("Deutsch", exact=True).click()
    wait_until_idle(page)
    page.wait_for_selector("h1:has-text('Übersicht')")
    assert page.locator('[data-testid="stMetric"]').first.inner_text().startswith("Umsatz")
    screenshot(page, "overview_de")


def test_samples_import_through_the_data_page(server, page):
    page.goto(f"{server}/import")
    wait_until_idle(page)
    for sample in ("kunden.csv", "rechnungen.csv"):
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            str(SAMPLES_DIR / sample)
        )
        wait_until_idle(page)
        page.get_by_role("button", name="Check file").click()
        wait_until_idle(page)
        page.get_by_role("button", name="Import", exact=True).click()
        wait_until_idle(page)
        page.wait_for_selector("text=/Imported into/")
        screenshot(page, f"import_{Path(sample).stem}")
    page.goto(f"{server}/tables")
    wait_until_idle(page)
    # data grids draw on a canvas; their cells exist for screen readers, hidden
    page.wait_for_selector("text=/kunden.csv/", state="attached")
    screenshot(page, "tables_after_import")
