"""The dashboard in a real browser: a Streamlit server on a database file, and headless Chromium.

Shared by the browser tests (``tests/conftest.py``) and the browser benchmark
(``benchmarks/bench_browser.py``), so both drive the app the same way.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kapanalytics.store import PROJECT_ROOT

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
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


class ServerError(RuntimeError):
    """The Streamlit server did not answer its health check in time."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(
    db: Path, log: Path, extra_args: tuple[str, ...] = (), start_timeout: float = 60
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run dashboard.py`` on ``db`` (env KAP_DB) on a free loopback port, its output
    in ``log``: yields the base URL and the process, and stops the server afterwards."""
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(PROJECT_ROOT / "dashboard.py"),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                *extra_args,
            ],
            cwd=PROJECT_ROOT,
            env={**os.environ, "KAP_DB": str(db)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_for_health(url, process, log, start_timeout)
            yield url, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_health(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise ServerError(f"the server did not start: {log.read_text()[-2000:]}")


def launch_chromium(playwright):
    """Debian's Chromium, headless, through a Playwright instance (sync or async API)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_until_idle(page) -> None:
    """A Streamlit page has finished its run when the app's script state is notRunning."""
    page.wait_for_selector(IDLE)
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE)


def dismiss_page_not_found(page) -> bool:
    """Close the "Page not found" dialog a fresh server may put over the right page on a first
    visit of a page other than the default (streamlit/streamlit#9992); True if there was one."""
    dialog = page.get_by_role("dialog")
    if not dialog.count():
        return False
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    return True
