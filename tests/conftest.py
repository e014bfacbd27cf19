"""Shared fixtures: a fresh database per test, and the real data sets beside the project."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from benchmarks.browser import (
    CHROMIUM,
    ServerError,
    dismiss_page_not_found,
    launch_chromium,
    streamlit_server,
    wait_until_idle,
)
from kapanalytics.store import PROJECT_ROOT, connect

SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


@pytest.fixture
def con():
    """A fresh in-memory kapanalytics database with the schema created."""
    connection = connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a database file of the test's own."""
    return tmp_path / "kap.duckdb"


def shared_data_file(*parts: str) -> Path:
    """A file of ../shared/data; skips the test outside CI when the folder is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing; CI must run with shared/ beside the project.")
        pytest.skip(f"{path} is not here (the shared data folder sits beside the project)")
    return path


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> Path:
    """The demo company built once per test session. Never write to it: copy it first
    (``demo_db``) or open it only for reading alongside an app that uses the same file."""
    from kapanalytics.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "template.duckdb"
    con = connect(path)
    build_demo(con)
    con.execute("checkpoint")
    con.close()
    return path


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, demo_db_template) -> Path:
    """A copy of the demo company for one test module (AppTest pages, imports, edits)."""
    path = tmp_path_factory.mktemp("demo_copy") / "kap.duckdb"
    shutil.copyfile(demo_db_template, path)
    return path


@pytest.fixture
def app(demo_db, monkeypatch):
    """The dashboard in Streamlit's test runner on the module's demo company, after its first
    run (which must not raise)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KAP_DB", str(demo_db))
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


# ---- the app in a real browser (headless Chromium driven by Playwright) -------------------

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
SAMPLES_DIR = PROJECT_ROOT / "data" / "samples"


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI; .ci/run must install Debian's chromium.")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


@pytest.fixture(scope="session")
def server(tmp_path_factory, demo_db_template):
    """A Streamlit server on its own copy of the demo company, on a free loopback port."""
    _require_chromium()
    from kapanalytics.demo import write_samples

    folder = tmp_path_factory.mktemp("browser")
    db = folder / "kap.duckdb"
    shutil.copyfile(demo_db_template, db)
    write_samples(SAMPLES_DIR)
    try:
        with streamlit_server(db, folder / "server.log") as (url, _process):
            yield url
    except ServerError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = launch_chromium(playwright)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_app_page(page, server: str, path: str, title: str) -> None:
    """Open the app at ``/path`` and wait until the page titled ``title`` has run without an
    exception."""
    page.goto(f"{server}/{path}")
    wait_until_idle(page)
    page.wait_for_selector(f"h1:has-text('{title}')")
    dismiss_page_not_found(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def tall_screenshot(page, name: str, height: int = 2400) -> Path:
    """The whole page: the app scrolls inside its own frame, so the window grows instead."""
    page.set_viewport_size({"width": 1500, "height": height})
    page.wait_for_timeout(800)
    return screenshot(page, name)
