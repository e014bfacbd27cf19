"""Benchmark of the dashboard in a real browser: page render times, filter changes, concurrency.

Starts ``streamlit run dashboard.py`` on the given database file and drives headless Chromium
(Playwright) against it:

- first render of every page of dashboard.py's NAVIGATION, each in a fresh browser context:
  cold (the first visit of the page after the server started, its data not cached yet), then
  warm (a second visit, cached), and once more in that context (a new session, the browser's
  cache warm: without the time a fresh browser needs to load the elements' code);
- filter changes in the sidebar on the overview, churn and ABC pages: a region, industry or
  period chosen (figures not cached yet), then "Reset filters" (back to cached figures);
- concurrency: several sessions (separate browsers, one per thread) open the overview at the
  same moment: on the warm server with fresh browsers, on the warm server with browsers that
  have opened the app before ("returning": their cache holds the app's code), and on a freshly
  started server (cold). Each also records the CPU seconds the machine and the server spent
  until the last session had rendered: here the browsers share the machine with the server.

A page counts as rendered when the app's script state is ``notRunning``, no spinner or skeleton
is visible, every visible Plotly chart has drawn, and that stays so for half a second. Times are
read on the browser's clock: from the start of the navigation (a page visit) or from the pointer
press on the control (a filter change) to the moment the page became idle. For the concurrent
sessions the time counts from the common start signal, so it includes opening the tab.

Every round starts its own servers, so ``--repeat N`` gives N cold measurements; the table shows
the median over the rounds (the slowest session for concurrency). Prints a table and writes JSON
with the machine, versions, date and every measurement to ``benchmarks/results/``.

    python -m benchmarks.bench_browser --db /work/bench/demo_S_browser.duckdb
    python -m benchmarks.bench_browser --db data/L.duckdb --repeat 2 --sessions 5
"""

from __future__ import annotations

import argparse
import ast
import importlib.metadata
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import duckdb

from benchmarks.bench_scoring import machine
from benchmarks.browser import dismiss_page_not_found, launch_chromium, streamlit_server
from kapanalytics.i18n import t
from kapanalytics.store import PROJECT_ROOT

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS_SECONDS = {"render": 3.0, "filter": 1.0, "concurrent": 10.0}
"""The acceptance targets: a page's first render, a filter change, each of 5 concurrent
sessions opening the overview."""

SERVER_ARGS = ("--server.fileWatcherType", "none", "--server.runOnSave", "false")
"""Edits to the source tree while the benchmark runs must not touch the running app."""
VIEWPORT = {"width": 1500, "height": 1000}
QUIET_MS = 500
"""How long a page must stay idle to count as rendered (a run may start another one)."""
CONCURRENT_PAGE = "overview"

FILTER_CHANGES = {
    "overview": (
        ("multiselect", "sidebar.filter.region"),
        ("period", "sidebar.period.previous_year"),
    ),
    "churn": (("multiselect", "sidebar.filter.region"),),
    "abc": (("multiselect", "sidebar.filter.industry"),),
}
"""page -> (kind of control, text key): each is set, then the sidebar's filters are reset."""

# Records every change of the app's script state, and the pointer presses and key presses,
# with the browser's clock (milliseconds since the navigation started).
INIT_SCRIPT = """
(() => {
  const states = [];
  const inputs = [];
  window.__kapStates = states;
  window.__kapInputs = inputs;
  const note = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app ? app.getAttribute('data-test-script-state') : null;
    if (!states.length || states[states.length - 1][0] !== state) {
      states.push([state, performance.now()]);
    }
  };
  new MutationObserver(note).observe(document, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ['data-test-script-state'],
  });
  for (const type of ['pointerdown', 'keydown']) {
    document.addEventListener(type, () => inputs.push(performance.now()), true);
  }
})();
"""

# False while the app runs or shows a spinner, a skeleton or an undrawn chart; else the time.
IDLE_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const shown = (e) => e.getClientRects().length > 0;
  const busy = '[data-testid="stSpinner"], [data-testid="stSkeleton"],'
    + ' [data-testid="stAppSkeleton"], [data-testid="stSkeletonElement"]';
  if ([...document.querySelectorAll(busy)].some(shown)) return false;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].filter(shown);
  if (charts.some((c) => !c.querySelector('.main-svg'))) return false;
  return performance.now();
}
"""

# What a user reads as the page's figures: the metric cards, else the main area's text.
FIGURES_JS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return '';
  const metrics = [...main.querySelectorAll('[data-testid="stMetric"]')];
  // the page's text too: a filter can leave every rounded metric as it was (an industry whose
  // ABC shares round alike) while its tables change
  return metrics.map((m) => m.innerText).join('|') + '||' + main.innerText;
}
"""


class Timeout(Exception):
    """A page did not become idle in time."""


def navigation_pages() -> list[dict[str, str]]:
    """Every page of dashboard.py's NAVIGATION in its order: its name (the URL path it is
    given), file, English title, and ``url``, the path the app serves it at: the default page
    is served at the root, and its own path only shows Streamlit's "Page not found" over it
    (read from the source: importing dashboard.py would run the app)."""
    tree = ast.parse((PROJECT_ROOT / "dashboard.py").read_text(encoding="utf-8"))
    values = {
        node.targets[0].id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    if "NAVIGATION" not in values or "DEFAULT_PAGE" not in values:
        raise RuntimeError("dashboard.py has no NAVIGATION table or no DEFAULT_PAGE")
    navigation = ast.literal_eval(values["NAVIGATION"])
    default = ast.literal_eval(values["DEFAULT_PAGE"])
    return [
        {
            "path": url,
            "url": "" if file == default else url,
            "file": file,
            "title": t(title, "en"),
        }
        for pages in navigation.values()
        for file, title, _icon, url in pages
    ]


def served_at(server: str, path: str) -> str:
    """The address of the page named ``path`` (see :func:`navigation_pages`) on ``server``."""
    urls = {page["path"]: page["url"] for page in navigation_pages()}
    return f"{server}/{urls[path]}"


# ---- one browser tab ---------------------------------------------------------------------------


def new_tab(browser, timeout_s: float):
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(INIT_SCRIPT)
    tab = context.new_page()
    tab.set_default_timeout(timeout_s * 1000)
    return context, tab


def settle(tab, timeout_s: float) -> float:
    """Wait until the page is idle and stays so for QUIET_MS: the browser's clock (ms) when it
    became idle."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + timeout_s
    while True:
        remaining = (deadline - time.monotonic()) * 1000
        if remaining <= 0:
            raise Timeout(f"not idle after {timeout_s:.0f} s")
        try:
            idle_at = tab.wait_for_function(IDLE_JS, polling="raf", timeout=remaining).json_value()
        except PlaywrightTimeout:
            raise Timeout(f"not idle after {timeout_s:.0f} s") from None
        tab.wait_for_timeout(QUIET_MS)
        state, changed_at = tab.evaluate("window.__kapStates[window.__kapStates.length - 1]")
        if state == "notRunning" and changed_at <= idle_at and tab.evaluate(IDLE_JS):
            return idle_at


def page_facts(tab) -> dict[str, object]:
    """What the user sees once the page is idle: its heading, and any exception shown."""
    exceptions = tab.locator('[data-testid="stException"]')
    heading = tab.locator('[data-testid="stMain"] h1')
    return {
        "heading": heading.first.inner_text() if heading.count() else "",
        "exceptions": exceptions.count(),
        "exception_text": exceptions.first.inner_text()[:500] if exceptions.count() else "",
    }


def timeline(tab, since_ms: float) -> dict[str, object]:
    """How the time since ``since_ms`` went: how many script runs, when the first started (for a
    visit: the frontend has loaded and connected), when the last ended (the rest, up to idle, is
    the browser loading the elements' code and drawing them)."""
    states = [(s, at) for s, at in tab.evaluate("window.__kapStates") if at >= since_ms]
    started = [at for s, at in states if s == "running"]
    ended = [at for s, at in states if s == "notRunning"]
    return {
        "script_runs": len(started),
        "script_started_s": (started[0] - since_ms) / 1000 if started else None,
        "script_done_s": (ended[-1] - since_ms) / 1000 if ended else None,
    }


def visit(browser, url: str, timeout_s: float, again: bool = False) -> list[dict[str, object]]:
    """Open ``url`` in a fresh browser context and time its first render; with ``again`` also
    a second visit in the same context (a new session, the browser's cache warm)."""
    context, tab = new_tab(browser, timeout_s)
    results = []
    try:
        for browser_cache in ("cold", "warm") if again else ("cold",):
            tab.goto(url)
            seconds = settle(tab, timeout_s) / 1000
            dialog = dismiss_page_not_found(tab)
            results.append(
                {
                    "browser_cache": browser_cache,
                    "seconds": seconds,
                    **timeline(tab, 0),
                    "page_not_found_dialog": dialog,
                    **page_facts(tab),
                }
            )
    finally:
        context.close()
    return results


# ---- filter changes ----------------------------------------------------------------------------


def sidebar_control(tab, testid: str, label: str):
    return tab.locator(f'[data-testid="stSidebar"] [data-testid="{testid}"]').filter(has_text=label)


def timed_change(tab, act, timeout_s: float) -> float:
    """Seconds from the pointer press ``act()`` makes to the page idle with other figures, and
    the timeline of that time."""
    before = tab.evaluate(FIGURES_JS)
    pressed = tab.evaluate("window.__kapInputs.length")
    act()
    tab.wait_for_function(
        f"(before) => ({FIGURES_JS})() !== before", arg=before, timeout=timeout_s * 1000
    )
    idle_at = settle(tab, timeout_s)
    started_at = tab.evaluate(f"window.__kapInputs[{pressed}]")
    return {"seconds": (idle_at - started_at) / 1000, **timeline(tab, started_at)}


def open_options(tab, control, timeout_s: float) -> None:
    """Open the list of a select box or multiselect (a click on a sidebar still settling may
    not open it: click again)."""
    for _attempt in range(3):
        control.click()
        try:
            tab.get_by_role("option").first.wait_for(timeout=5000)
            return
        except Exception:
            tab.keyboard.press("Escape")
    tab.get_by_role("option").first.wait_for(timeout=timeout_s * 1000)


def filter_changes(browser, server: str, path: str, changes, timeout_s: float):
    """On ``path``, each of ``changes`` (kind of control, text key): the filter set, then the
    sidebar's filters reset; two measurements each."""
    context, tab = new_tab(browser, timeout_s)
    results = []
    reset = tab.locator('[data-testid="stSidebar"]').get_by_role(
        "button", name=t("sidebar.reset", "en")
    )
    try:
        tab.goto(served_at(server, path))
        settle(tab, timeout_s)
        dismiss_page_not_found(tab)
        for kind, key in changes:
            if kind == "multiselect":
                label = t(key, "en")
                open_options(tab, sidebar_control(tab, "stMultiSelect", label), timeout_s)
                option = tab.get_by_role("option").filter(has_not_text="Select all").first
                choice = f"{label} = {option.inner_text()}"
            else:
                label = t("sidebar.period", "en")
                open_options(tab, sidebar_control(tab, "stSelectbox", label), timeout_s)
                option = tab.get_by_role("option", name=t(key, "en"), exact=True)
                choice = f"{label} = {t(key, 'en')}"
            timing = timed_change(tab, option.click, timeout_s)
            results.append({"change": choice, **timing, **page_facts(tab)})
            tab.keyboard.press("Escape")  # a multiselect's list stays open over the sidebar
            timing = timed_change(tab, reset.click, timeout_s)
            results.append({"change": "reset filters", **timing, **page_facts(tab)})
    finally:
        context.close()
    return results


# ---- concurrent sessions -----------------------------------------------------------------------


def concurrent_visits(
    url: str,
    sessions: int,
    timeout_s: float,
    returning: bool = False,
    server_pid: int | None = None,
) -> list[dict[str, object]]:
    """``sessions`` browsers (one per thread) open ``url`` at the same moment: per session the
    seconds from that moment to the page rendered.

    ``returning``: each browser has opened ``url`` once before (its cache holds the app's code,
    as for someone who used the app yesterday); the timed visit is a new session in a new tab.
    Every session's result also holds the CPU seconds the whole machine and the server spent
    between the common start and the last render: the rest of the machine's time went to the
    browsers, which share the machine's cores with the server here.
    """
    from playwright.sync_api import sync_playwright

    window: dict[str, float | None] = {}

    def window_starts() -> None:
        window["machine_cpu"], window["server_cpu"] = machine_busy_seconds(), _cpu(server_pid)
        window["at"] = time.perf_counter()

    # the last session to be ready opens the window, then all are let go at once
    ready = threading.Barrier(sessions, action=window_starts)
    results: list[dict[str, object]] = [{} for _ in range(sessions)]

    def session(i: int) -> None:
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                try:
                    context, tab = new_tab(browser, timeout_s)
                    if returning:
                        tab.goto(url)
                        settle(tab, timeout_s)
                        tab.close()
                        tab = context.new_page()
                        tab.set_default_timeout(timeout_s * 1000)
                    ready.wait(timeout=timeout_s)
                    opened = time.perf_counter() - window["at"]  # type: ignore[operator]
                    tab.goto(url)
                    seconds = opened + settle(tab, timeout_s) / 1000
                    dismiss_page_not_found(tab)
                    results[i] = {"session": i, "seconds": seconds, "opened_after_s": opened}
                    results[i].update(timeline(tab, 0))
                    results[i].update(page_facts(tab))
                    context.close()
                finally:
                    browser.close()
        except Exception as error:  # one session's failure is a result, not the end
            ready.abort()
            results[i] = {"session": i, "seconds": None, "error": repr(error)[:500]}

    threads = [threading.Thread(target=session, args=(i,)) for i in range(sessions)]
    for thread in threads:
        thread.start()
    # the window closes when the last session has rendered (its browser then shuts down)
    rendered = [None] * sessions
    while any(thread.is_alive() for thread in threads):
        for i, result in enumerate(results):
            if rendered[i] is None and result:
                rendered[i] = (machine_busy_seconds(), _cpu(server_pid), time.perf_counter())
        time.sleep(0.05)
    for thread in threads:
        thread.join()
    ends = [r for r in rendered if r is not None]
    if ends and window.get("at") is not None:
        machine_end, server_end, at_end = max(ends, key=lambda end: end[2])
        spent = {
            "window_s": at_end - window["at"],  # type: ignore[operator]
            "machine_cpu_s_window": _difference(machine_end, window["machine_cpu"]),
            "server_cpu_s_window": _difference(server_end, window["server_cpu"]),
        }
        for result in results:
            result.update(spent)
    return results


def machine_busy_seconds() -> float | None:
    """CPU seconds all cores of the machine have been busy since boot (/proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _cpu(pid: int | None) -> float | None:
    return None if pid is None else cpu_seconds(pid)


def _difference(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else after - before


# ---- one round and the whole run ---------------------------------------------------------------


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user and system, all threads) the process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(records: list, step: str, page: str, round_no: int, target: str, pid: int, call):
    """Run ``call()`` (one result dict or a list of them) and record it with the CPU seconds the
    server used meanwhile (other programs on the machine disturb them less than the wall-clock
    times); an error is recorded too."""
    started, cpu_before = time.perf_counter(), cpu_seconds(pid)
    try:
        outcome = call()
    except Exception as error:
        outcome = {"seconds": None, "error": repr(error)[:500]}
    cpu_after = cpu_seconds(pid)
    server_cpu = None if None in (cpu_before, cpu_after) else cpu_after - cpu_before
    for result in outcome if isinstance(outcome, list) else [outcome]:
        records.append(
            {
                "step": step,
                "page": page,
                "round": round_no,
                "target": target,
                **result,
                "server_cpu_s_step": server_cpu,
            }
        )
    print(f"  {step:<22} /{page:<16} {time.perf_counter() - started:6.1f} s", file=sys.stderr)


def one_round(db: Path, pages, sessions: int, filters: bool, round_no: int, timeout_s: float):
    from playwright.sync_api import sync_playwright

    records: list[dict[str, object]] = []
    server_facts: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="bench_browser_") as folder:
        log, cold_log = Path(folder) / "server.log", Path(folder) / "server-cold.log"
        try:
            with streamlit_server(db, log, SERVER_ARGS) as (url, process):
                with sync_playwright() as playwright:
                    browser = launch_chromium(playwright)
                    server_facts["chromium"] = browser.version
                    for page in pages:
                        for step in ("render cold", "render warm"):
                            measure(
                                records,
                                step,
                                page["path"],
                                round_no,
                                "render",
                                process.pid,
                                lambda p=page, again=step == "render warm": visit(
                                    browser, served_at(url, p["path"]), timeout_s, again
                                ),
                            )
                    server_facts["rss_mb_after_pages"] = rss_mb(process.pid)
                    for page in pages if filters else ():
                        changes = FILTER_CHANGES.get(page["path"])
                        if changes:
                            measure(
                                records,
                                "filter",
                                page["path"],
                                round_no,
                                "filter",
                                process.pid,
                                lambda p=page["path"], c=changes: filter_changes(
                                    browser, url, p, c, timeout_s
                                ),
                            )
                    browser.close()
                for returning in (False, True) if sessions else ():
                    measure(
                        records,
                        f"{sessions} sessions warm" + (", returning" if returning else ""),
                        CONCURRENT_PAGE,
                        round_no,
                        "concurrent",
                        process.pid,
                        lambda returning=returning, pid=process.pid: concurrent_visits(
                            served_at(url, CONCURRENT_PAGE), sessions, timeout_s, returning, pid
                        ),
                    )
                server_facts["rss_mb_end"] = rss_mb(process.pid)
            if sessions:
                with streamlit_server(db, cold_log, SERVER_ARGS) as (url, process):
                    measure(
                        records,
                        f"{sessions} sessions cold",
                        CONCURRENT_PAGE,
                        round_no,
                        "concurrent",
                        process.pid,
                        lambda pid=process.pid: concurrent_visits(
                            served_at(url, CONCURRENT_PAGE), sessions, timeout_s, server_pid=pid
                        ),
                    )
        finally:
            if any(r.get("error") or r.get("exceptions") for r in records):
                server_facts["server_log_tail"] = "".join(
                    path.read_text(errors="replace")[-3000:]
                    for path in (log, cold_log)
                    if path.exists()
                )
    return records, server_facts


def database_facts(db: Path) -> dict[str, object]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = {
            table: con.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("accounts", "transactions")
        }
    finally:
        con.close()
    return {"path": str(db), "size_mb": round(db.stat().st_size / 2**20, 1), "rows": rows}


def versions(chromium: str | None) -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for package in ("streamlit", "duckdb", "pandas", "plotly", "playwright"):
        found[package] = importlib.metadata.version(package)
    found["chromium"] = chromium
    return found


def summary(records: list[dict[str, object]]) -> list[dict[str, object]]:
    """One row per step and page (and filter change): median and slowest over the rounds and
    sessions; a concurrency step is judged by its slowest session, the others by the median."""
    groups: dict[tuple, list[dict[str, object]]] = {}
    for record in records:
        step = record["step"]
        if record.get("browser_cache") == "warm":
            step += ", browser cache warm"
        key = (step, record["page"], record.get("change", ""), record["target"])
        groups.setdefault(key, []).append(record)
    rows = []
    for (step, page, change, target), group in groups.items():
        seconds = [r["seconds"] for r in group if r.get("seconds") is not None]
        script = [r["script_done_s"] for r in group if r.get("script_done_s") is not None]
        limit = TARGETS_SECONDS[target]
        row = {
            "step": step,
            "page": page,
            "change": change,
            "runs": len(group),
            "failed": len(group) - len(seconds),
            "median_s": statistics.median(seconds) if seconds else None,
            "max_s": max(seconds) if seconds else None,
            "script_done_median_s": statistics.median(script) if script else None,
            "target_s": limit,
        }
        for name in ("window_s", "machine_cpu_s_window", "server_cpu_s_window"):
            spent = [r[name] for r in group if r.get(name) is not None]
            if spent:
                row[name.removesuffix("_window")] = statistics.median(spent)
        judged = row["max_s"] if target == "concurrent" else row["median_s"]
        row["ok"] = judged is not None and judged <= limit and not row["failed"]
        rows.append(row)
    return rows


def run(
    db_path: str | Path,
    pages: list[str] | None = None,
    sessions: int = 5,
    repeat: int = 1,
    filters: bool = True,
    timeout_s: float = 180,
) -> dict[str, object]:
    """Measure the app on ``db_path``: ``pages`` (URL paths; all of NAVIGATION when None) cold
    and warm, the filter changes of those pages, ``sessions`` concurrent sessions (0: none);
    ``repeat`` rounds, each on freshly started servers. Returns the report."""
    db = Path(db_path)
    every = navigation_pages()
    if pages is not None:
        unknown = set(pages) - {page["path"] for page in every}
        if unknown:
            raise ValueError(f"not pages of dashboard.py: {sorted(unknown)}")
        every = [page for page in every if page["path"] in pages]
    report: dict[str, object] = {
        "benchmark": "browser",
        "date": datetime.now().isoformat(timespec="seconds"),
        "database": database_facts(db),
        "machine": machine(),
        "settings": {
            "pages": [page["path"] for page in every],
            "sessions": sessions,
            "repeat": repeat,
            "filters": filters,
            "quiet_ms": QUIET_MS,
            "viewport": VIEWPORT,
        },
        "targets_s": TARGETS_SECONDS,
        "pages": every,
    }
    records: list[dict[str, object]] = []
    servers = []
    for round_no in range(1, repeat + 1):
        print(f"round {round_no} of {repeat}", file=sys.stderr)
        round_records, server_facts = one_round(db, every, sessions, filters, round_no, timeout_s)
        records += round_records
        servers.append(server_facts)
    report["versions"] = versions(servers[0].get("chromium") if servers else None)
    report["load_average_1m_end"] = machine()["load_average_1m"]
    report["servers"] = servers
    report["measurements"] = records
    report["summary"] = summary(records)
    return report


def print_table(report: dict[str, object]) -> None:
    database = report["database"]
    rows = database["rows"]  # type: ignore[index]
    print(
        f"Dashboard in the browser on {database['path']} ({rows['accounts']:,} accounts, "  # type: ignore[index]
        f"{rows['transactions']:,} invoice lines), {report['settings']['repeat']} round(s)"  # type: ignore[index]
    )
    print(
        "seconds: median over rounds and sessions; script: when the (last) script run ended;"
        " max: the slowest"
    )
    print(f"{'step':<60}{'seconds':>8}{'script':>8}{'max':>8}{'target':>8}")

    def number(value: float | None) -> str:
        return "" if value is None else f"{value:.2f}"

    for row in report["summary"]:  # type: ignore[union-attr]
        name = f"{row['step']} /{row['page']}"
        if row["change"]:
            name += f": {row['change']}"
        verdict = "ok" if row["ok"] else ("FAILED" if row["failed"] else "SLOW")
        print(
            f"{name[:59]:<60}{number(row['median_s']):>8}"
            f"{number(row['script_done_median_s']):>8}{number(row['max_s']):>8}"
            f"{row['target_s']:>7.0f}s  {verdict}"
        )
        if row.get("machine_cpu_s") is not None and row.get("server_cpu_s") is not None:
            print(
                f"{'':<4}CPU until the last render ({row['window_s']:.1f} s): machine "
                f"{row['machine_cpu_s']:.1f} s, of which the server {row['server_cpu_s']:.1f} s"
            )
    m = report["machine"]
    print(
        f"machine: {m['cores']} cores, {m['memory_gb']} GB, {m['cpu']}, "  # type: ignore[index]
        f"load average {m['load_average_1m']:.1f} at the start, "  # type: ignore[index]
        f"{report['load_average_1m_end']:.1f} at the end"
    )
    for record in report["measurements"]:  # type: ignore[union-attr]
        if record.get("error") or record.get("exceptions"):
            problem = record.get("error") or record.get("exception_text")
            print(f"problem: {record['step']} /{record['page']}: {problem}")


def write_report(report: dict[str, object], folder: Path) -> Path:
    """The report as ``folder/browser-<database name>-<date and time>.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"browser-{Path(report['database']['path']).stem}-{stamp}.json"  # type: ignore[index]
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the DuckDB file to serve")
    parser.add_argument("--repeat", type=int, default=1, help="rounds, each on a fresh server")
    parser.add_argument("--sessions", type=int, default=5, help="concurrent sessions (0: none)")
    parser.add_argument("--pages", nargs="+", help="URL paths of the pages (default: all)")
    parser.add_argument("--no-filters", action="store_true", help="skip the filter changes")
    parser.add_argument("--timeout", type=float, default=180, help="seconds a page may take")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder of the JSON file")
    parser.add_argument("--no-save", action="store_true", help="do not write the JSON")
    args = parser.parse_args(argv)
    if not args.db.exists():
        parser.error(f"{args.db} does not exist")
    report = run(args.db, args.pages, args.sessions, args.repeat, not args.no_filters, args.timeout)
    print_table(report)
    if not args.no_save:
        print(f"written: {write_report(report, args.out)}")
    failed = any(row["failed"] for row in report["summary"])  # type: ignore[union-attr]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
