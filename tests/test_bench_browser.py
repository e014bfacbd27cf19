"""The browser benchmark, run small: every step measured, every page rendered without an
exception, the report complete. No timing is judged here (benchmarks/bench_browser.py does)."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks import bench_browser
from tests.conftest import _require_chromium

pytestmark = pytest.mark.browser

PAGES = ["overview", "churn"]
SESSIONS = 2


@pytest.fixture(scope="module")
def report(tmp_path_factory, demo_db_template):
    _require_chromium()
    db = tmp_path_factory.mktemp("bench_browser") / "bench.duckdb"
    shutil.copyfile(demo_db_template, db)
    # on a thread of its own: the browser tests' session keeps Playwright's sync API running
    # on this one, and a second sync API cannot start beside it on the same thread
    with ThreadPoolExecutor(max_workers=1) as pool:
        run = pool.submit(
            bench_browser.run, db, pages=PAGES, sessions=SESSIONS, repeat=1, timeout_s=120
        )
        return run.result()


def test_every_page_renders_cold_and_warm_without_an_exception(report):
    titles = {page["path"]: page["title"] for page in bench_browser.navigation_pages()}
    renders = [m for m in report["measurements"] if m["step"].startswith("render")]
    seen = sorted((m["page"], m["step"], m["browser_cache"]) for m in renders)
    assert seen == sorted(
        (page, step, cache)
        for page in PAGES
        for step, cache in (
            ("render cold", "cold"),
            ("render warm", "cold"),
            ("render warm", "warm"),
        )
    )
    for measurement in renders:
        assert measurement.get("error") is None, measurement
        assert measurement["exceptions"] == 0, measurement["exception_text"]
        assert measurement["heading"] == titles[measurement["page"]]
        # every page opened at the address the app serves it at: no "Page not found" over it
        assert measurement["page_not_found_dialog"] is False
        assert measurement["seconds"] > 0
        assert measurement["script_runs"] >= 1
        assert 0 < measurement["script_done_s"] <= measurement["seconds"]


def test_the_default_page_is_opened_at_the_root_and_the_others_at_their_path():
    pages = bench_browser.navigation_pages()
    assert [page["url"] for page in pages if page["url"] != page["path"]] == [""]
    assert bench_browser.served_at("http://host:1", "overview") == "http://host:1/"
    assert bench_browser.served_at("http://host:1", "churn") == "http://host:1/churn"


def test_filter_changes_change_the_figures(report):
    changes = [m for m in report["measurements"] if m["step"] == "filter"]
    expected = [
        (page, label)
        for page in PAGES
        for _kind, _key in bench_browser.FILTER_CHANGES[page]
        for label in ("set", "reset filters")
    ]
    assert [(m["page"], "set" if "=" in m["change"] else m["change"]) for m in changes] == expected
    for measurement in changes:
        assert measurement.get("error") is None, measurement
        assert measurement["exceptions"] == 0, measurement["exception_text"]
        assert measurement["seconds"] > 0
        assert measurement["script_runs"] >= 1


def test_concurrent_sessions_all_render_the_overview(report):
    for step in (
        f"{SESSIONS} sessions warm",
        f"{SESSIONS} sessions warm, returning",
        f"{SESSIONS} sessions cold",
    ):
        sessions = [m for m in report["measurements"] if m["step"] == step]
        assert sorted(m["session"] for m in sessions) == list(range(SESSIONS))
        for measurement in sessions:
            assert measurement.get("error") is None, measurement
            assert measurement["exceptions"] == 0, measurement["exception_text"]
            assert measurement["heading"] == "Overview"
            assert measurement["seconds"] > 0
            # CPU until the last render: the server's share of the machine's, over a window at
            # least as long as the slowest session
            assert measurement["window_s"] >= max(m["seconds"] for m in sessions) - 0.5
            assert 0 < measurement["server_cpu_s_window"] <= measurement["machine_cpu_s_window"]


def test_the_report_is_complete_and_written_as_json(report, tmp_path, capsys):
    assert report["database"]["rows"]["accounts"] > 0
    assert {"cores", "memory_gb", "cpu", "load_average_1m"} <= report["machine"].keys()
    assert {"python", "streamlit", "duckdb", "pandas", "chromium"} <= report["versions"].keys()
    assert all(report["versions"].values())
    assert report["settings"]["pages"] == PAGES
    for row in report["summary"]:
        assert row["failed"] == 0, row
        assert row["median_s"] is not None
        assert row["target_s"] in bench_browser.TARGETS_SECONDS.values()
    bench_browser.print_table(report)
    table = capsys.readouterr().out
    assert "render cold /overview" in table
    assert "2 sessions cold /overview" in table
    assert "2 sessions warm, returning /overview" in table
    assert "CPU until the last render" in table
    path = bench_browser.write_report(report, tmp_path)
    assert path.name.startswith("browser-bench-")
    assert json.loads(path.read_text(encoding="utf-8"))["measurements"] == report["measurements"]
