"""The app in a real browser: headless Chromium driven by Playwright against a live server.

Runs in CI always (a missing Chromium fails there); elsewhere it skips with the reason when
/usr/bin/chromium is absent. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kapanalytics.store import PROJECT_ROOT, connect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
SAMPLES = PROJECT_ROOT / "data" / "samples"

pytestmark = pytest.mark.browser


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI; .ci/run must install Debian's chromium.")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A Streamlit server on the demo company, on a free loopback port."""
    _require_chromium()
    from kapanalytics.demo import build_demo, write_samples

    folder = tmp_path_factory.mktemp("browser")
    db = folder / "kap.duckdb"
    con = connect(db)
    build_demo(con)
    con.close()
    write_samples(SAMPLES)
    port = _free_port()
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "dashboard.py"),
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, "KAP_DB": str(db)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail(f"the server did not start: {(folder / 'server.log').read_text()[-2000:]}")
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


def wait_until_idle(page) -> None:
    """A Streamlit page has finished its run when the app's script state is notRunning."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_overview_shows_kpis_and_a_chart_then_switches_language(server, page):
    page.goto(f"{server}/overview")
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

    page.get_by_role("button", name="Deutsch").click()
    wait_until_idle(page)
    page.wait_for_selector("h1:has-text('Übersicht')")
    assert page.locator('[data-testid="stMetric"]').first.inner_text().startswith("Umsatz")
    screenshot(page, "overview_de")


def test_samples_import_through_the_data_page(server, page):
    page.goto(f"{server}/import")
    wait_until_idle(page)
    for sample in ("kunden.csv", "rechnungen.csv"):
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            str(SAMPLES / sample)
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
    page.wait_for_selector("text=/kunden.csv/")
    screenshot(page, "tables_after_import")
