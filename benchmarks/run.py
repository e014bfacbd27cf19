"""The benchmark harness: import, every page's data, the heavy analyses and exports, timed.

    python -m benchmarks.run --db /work/bench/demo.duckdb
    python -m benchmarks.run --db L.duckdb --extracts extracts/L --repeat 3 --steps 'page.*'

Steps, each in a fresh Python process of its own (so its peak memory, the process's resident
set high-water mark, belongs to that step alone, and nothing is cached or warmed by another):

- ``import.csv`` and ``import.parquet`` (with ``--extracts DIR``, for the files it has): one
  file per canonical table as ``benchmarks/datasets.py`` writes them (``<table>.csv``, German,
  importer preset ``generic_de``; ``<table>.parquet``, canonical names, ``generic_en``)
  imported through ``kapanalytics.ingest`` into a fresh temporary database, tables in
  reference order (accounts and products before the lines that name them); besides memory,
  the largest size DuckDB's temporary folder reached (what the import spilled to disk).
- ``import_floor.csv`` and ``import_floor.parquet``: what the engine needs at least for the
  same files: each copied into a table by one plain DuckDB statement, and (Parquet) the staged
  tables built from the copies; the import's time over it is the importer's overhead.
- ``sidebar``: the queries of the sidebar every page shows (``pages/_ui.py:sidebar_filters``).
- ``page.<path>`` for every page of dashboard.py's NAVIGATION (``benchmarks/page_data.py``),
  two rows: ``cold``, the page's calls in a fresh process through an empty cache (what a page
  pays after an import: the first run; the median is of repeated runs with the cache emptied
  each time), and ``warm``, the same calls through the pages' ``st.cache_data``, filled (what
  every rerun of the page pays).
- ``extra.<name>``: the selection's criteria, scores, re-score after a weight change and
  stability; ABC, white space, profitability, retention rates, cohorts, survival (and the
  three together, ``retention_data``), lost reasons, the risk score and its backtest, the
  account 360 of the largest account.
- ``export.<name>``: ``kap export`` of the transactions as Parquet and of analyses.
- ``compare.<name>.<product|floor|naive>``: the side-by-side baselines of
  ``benchmarks/baselines.py`` (see :data:`COMPARISON_ROLES`) when that module exists.

Every step runs once (its first run, reported apart) and then ``--repeat`` times more; the
median is of those. Times are wall-clock seconds; other programs on the machine slow them (the
load average at the start and end is recorded). Prints a table and writes JSON with the
machine, versions, commit, date and the database's row counts to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import importlib
import importlib.metadata
import importlib.util
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from benchmarks import page_data
from benchmarks.bench_scoring import machine, timed
from benchmarks.bench_scoring import versions as library_versions
from kapanalytics import store
from kapanalytics.filters import Filters
from kapanalytics.schema import CANONICAL_TABLES
from kapanalytics.staging import REFRESH_STAGED_TABLES_SQL

RESULTS = Path(__file__).resolve().parent / "results"

IMPORT_PRESETS = {"csv": "generic_de", "parquet": "generic_en"}
"""Extract format -> the importer preset that reads its files ``<table>.<format>``, as
``benchmarks/datasets.py`` writes them: German CSV, Parquet with the canonical names."""
IMPORT_FORMATS = tuple(IMPORT_PRESETS)

PAGE_COLD_S, PAGE_WARM_S = 3.0, 0.5
TARGETS_SECONDS = {
    "import.csv": 15.0,
    "import.parquet": 5.0,
    "extra.rescore": 0.1,
}
"""The acceptance targets besides every page's (cold <= 3 s, warm <= 0.5 s)."""
IMPORT_PEAK_MB = 3 * 1024
"""An import's peak memory target: 3 GB."""

RESCORE_RUNS = 20
"""A re-score is short: at least this many timed runs."""


# ---- the side-by-side baselines (benchmarks/baselines.py) ------------------------------------

COMPARISON_ROLES = ("product", "floor", "naive")
"""What each entry of ``benchmarks/baselines.py:COMPARISONS`` holds besides its ``name``:

- ``product(con, filters)``: the library function a page calls;
- ``floor(con, filters)``: a hand-written DuckDB query for the same figures (what the engine
  needs at least);
- ``naive(source, filters, fmt=...)``: a plain pandas pipeline, reading the extracts folder
  (``fmt`` "csv" or "parquet") when the run has one, else the tables of ``con``.

Each is timed in its own process like any step; the table shows product/floor and
naive/product of the medians."""


def comparisons() -> list:
    """``COMPARISONS`` of ``benchmarks/baselines.py``; empty while that module does not exist."""
    if importlib.util.find_spec("benchmarks.baselines") is None:
        return []
    return list(importlib.import_module("benchmarks.baselines").COMPARISONS)


# ---- the pages' cache, as pages/_ui.py:query has it ------------------------------------------


class CachedRunner(page_data.Runner):
    """The pages' ``st.cache_data``: a query keyed on the function, its arguments and the data
    version (``pages/_ui.py:query``), a named result on its name and the data version
    (``pages/_selection_ui.py:_stability``). Streamlit is imported here only."""

    def __init__(self) -> None:
        import streamlit as st

        @st.cache_data(show_spinner=False, max_entries=512)
        def cached_query(_con, module: str, name: str, version: str, args: tuple, kwargs):
            func = getattr(importlib.import_module(module), name)
            return func(_con, *args, **dict(kwargs))

        @st.cache_data(show_spinner=False, max_entries=16)
        def remembered(_compute, key: str, version: str):
            return _compute()

        self._query, self._remembered = cached_query, remembered

    def query(self, con, func, *args, **kwargs):
        version = store.data_version(con)
        items = tuple(sorted(kwargs.items()))
        return self._query(con, func.__module__, func.__qualname__, version, args, items)

    def remember(self, con, key, compute):
        return self._remembered(compute, key, store.data_version(con))

    def clear(self) -> None:
        self._query.clear()
        self._remembered.clear()


# ---- the steps ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """What one child process measures: ``kind`` and ``name``, giving the rows ``rows``."""

    kind: str
    name: str
    rows: tuple[str, ...]

    @property
    def step(self) -> str:
        return f"{self.kind}.{self.name}" if self.kind != self.name else self.kind


EXPORTS = {
    # step name: the arguments after ``kap export``
    "transactions_parquet": ("transactions", "--format", "parquet"),
    "abc": ("abc", "--format", "csv"),
    "retention": ("retention", "--format", "csv"),
    "lost": ("lost", "--format", "csv"),
}


def import_order() -> list[str]:
    """The canonical tables, every table after those it references (schema order otherwise)."""
    ordered: list[str] = []

    def visit(table: str) -> None:
        if table not in ordered:
            for referenced in CANONICAL_TABLES[table].references.values():
                visit(referenced)
            ordered.append(table)

    for table in CANONICAL_TABLES:
        visit(table)
    return ordered


def extract_files(extracts: Path, fmt: str) -> list[tuple[str, Path]]:
    """(table, file) of the extracts of format ``fmt`` in ``extracts``, in import order."""
    files = [(table, extracts / f"{table}.{fmt}") for table in import_order()]
    return [(table, path) for table, path in files if path.exists()]


def plan_jobs(extracts: Path | None, steps: list[str] | None) -> list[Job]:
    """Every step's job, those ``steps`` (shell patterns like ``page.*``) choose."""
    jobs = []
    for fmt in IMPORT_FORMATS:
        if extracts is not None and extract_files(extracts, fmt):
            jobs.append(Job("import", fmt, (f"import.{fmt}",)))
            jobs.append(Job("import_floor", fmt, (f"import_floor.{fmt}",)))
    jobs.append(Job("sidebar", "sidebar", ("sidebar",)))
    for page in page_data.PAGES:
        jobs.append(Job("page", page, (f"page.{page}.cold", f"page.{page}.warm")))
    jobs += [Job("extra", name, (f"extra.{name}",)) for name in EXTRAS]
    jobs += [Job("export", name, (f"export.{name}",)) for name in EXPORTS]
    for entry in comparisons():
        for role in COMPARISON_ROLES:
            jobs.append(Job("compare", f"{entry.name}.{role}", (f"compare.{entry.name}.{role}",)))
    if not steps:
        return jobs
    return [j for j in jobs if any(_matches(p, (j.step, *j.rows)) for p in steps)]


def _matches(pattern: str, names: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(n, pattern) or n.startswith(f"{pattern}.") for n in names)


def target_of(row: str) -> tuple[float | None, str]:
    """A row's target in seconds and which time it judges: the first run or the median."""
    if row.startswith("page.") and row.endswith(".cold"):
        return PAGE_COLD_S, "first_s"
    if row.startswith("page.") and row.endswith(".warm"):
        return PAGE_WARM_S, "median_s"
    return TARGETS_SECONDS.get(row), "median_s"


# ---- inside the child process ------------------------------------------------------------------


def peak_mb() -> float:
    """This process's resident-set high-water mark so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class FolderSizeSampler:
    """The largest size a folder reached while the ``with`` block ran, sampled by a thread
    every ``interval`` seconds (DuckDB's temporary files: what an import spills to disk)."""

    def __init__(self, folder: Path, interval: float = 0.5) -> None:
        self.folder, self.interval, self.peak_bytes = folder, interval, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def size_bytes(self) -> int:
        total = 0
        for root, _, files in os.walk(self.folder):
            for name in files:
                # a file removed between the listing and the stat counts nothing
                with contextlib.suppress(FileNotFoundError):
                    total += os.stat(os.path.join(root, name)).st_size
        return total

    def _sample(self) -> None:
        while True:
            self.peak_bytes = max(self.peak_bytes, self.size_bytes())
            if self._done.wait(self.interval):
                return

    def __enter__(self) -> FolderSizeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
        self.peak_bytes = max(self.peak_bytes, self.size_bytes())


def run_job(spec: dict) -> dict[str, dict]:
    """Measure one job (in this process, which must be fresh): rows -> their measurement."""
    kind, name, repeat = spec["kind"], spec["name"], max(1, int(spec["repeat"]))
    if kind == "import":
        keep = Path(spec["keep"]) if spec.get("keep") else None
        return {f"import.{name}": _import(Path(spec["extracts"]), name, keep)}
    if kind == "import_floor":
        return {f"import_floor.{name}": _import_floor(Path(spec["extracts"]), name)}
    if kind == "export":
        return {f"export.{name}": _export(spec["db"], name, repeat)}
    con = store.connect(spec["db"], read_only=True)
    con.execute("set enable_progress_bar = false")
    try:
        if kind == "sidebar":
            return {"sidebar": _sidebar(con, repeat)}
        # every page shows the sidebar first
        filters = page_data.sidebar(con)
        if filters is None:
            raise RuntimeError("the database has no invoice lines")
        if kind == "page":
            return _page(con, filters, name, repeat)
        if kind == "extra":
            return {f"extra.{name}": _extra(con, filters, name, repeat)}
        if kind == "compare":
            extracts = Path(spec["extracts"]) if spec["extracts"] else None
            return {f"compare.{name}": _compare(con, filters, name, repeat, extracts)}
    finally:
        con.close()
    raise ValueError(f"unknown step kind {kind!r}")


def _measured(run: Callable[[int], object], repeat: int, **details: object) -> dict:
    base = peak_mb()
    timing = timed(run, repeat)
    return {**timing, "base_mb": round(base, 1), "peak_mb": round(peak_mb(), 1), **details}


def _sidebar(con: duckdb.DuckDBPyConnection, repeat: int) -> dict:
    cache = CachedRunner()

    def run(i: int) -> None:
        cache.clear()
        with page_data.through(cache):
            page_data.sidebar(con)

    return _measured(run, repeat)


def _page(con: duckdb.DuckDBPyConnection, filters: Filters, page: str, repeat: int) -> dict:
    """cold: the first run through an empty cache, then runs with the cache emptied each time;
    warm: runs through the filled cache."""
    data, cache = page_data.PAGES[page], CachedRunner()

    def cold(i: int) -> None:
        cache.clear()
        with page_data.through(cache):
            data(con, filters)

    def warm(i: int) -> None:
        with page_data.through(cache):
            data(con, filters)

    rows = {f"page.{page}.cold": _measured(cold, repeat)}
    rows[f"page.{page}.warm"] = _measured(warm, repeat)
    return rows


Setup = Callable[[duckdb.DuckDBPyConnection, Filters], tuple[Callable[[int], object], dict]]
EXTRAS: dict[str, Setup] = {}
"""Extra step name -> its setup, untimed: returns what to time (``run(i)``) and facts."""


def extra(setup: Setup) -> Setup:
    EXTRAS[setup.__name__] = setup
    return setup


def _selection(con: duckdb.DuckDBPyConnection, filters: Filters):
    """The selection's configuration on first render and the filters of its criteria."""
    return page_data.selection_config(con), page_data.selection_filters(con, filters)


def _scorer(con: duckdb.DuckDBPyConnection, filters: Filters):
    from kapanalytics.criteria import account_criteria_frame
    from kapanalytics.scoring import Scorer

    config, window = _selection(con, filters)
    frame = account_criteria_frame(con, window, level=config.level)
    return config, frame, Scorer.from_frame(frame, config)


@extra
def selection_criteria(con, filters):
    from kapanalytics.criteria import account_criteria_frame

    config, window = _selection(con, filters)
    return lambda i: account_criteria_frame(con, window, level=config.level), {}


@extra
def selection_scores(con, filters):
    from kapanalytics.scoring import Scorer

    config, frame, _ = _scorer(con, filters)
    return lambda i: Scorer.from_frame(frame, config), {"accounts": len(frame)}


@extra
def rescore(con, filters):
    config, frame, scorer = _scorer(con, filters)
    weights = config.weights

    def run(i: int) -> None:
        # another weight each run, as a user moving a slider
        key = list(weights)[i % len(weights)]
        scorer.rescore({**weights, key: weights[key] + 5 + i % 7})

    return run, {"accounts": len(frame)}


@extra
def stability(con, filters):
    from kapanalytics.stability import stability as draws

    config, frame, scorer = _scorer(con, filters)

    def run(i: int) -> None:
        draws(
            scorer,
            config,
            draws=page_data.STABILITY_DRAWS,
            spread=page_data.STABILITY_SPREAD,
            seed=page_data.STABILITY_SEED + i,
        )

    return run, {"accounts": len(frame), "draws": page_data.STABILITY_DRAWS}


@extra
def abc(con, filters):
    from kapanalytics.abc import abc_classes

    return lambda i: abc_classes(con, filters), {}


@extra
def white_space(con, filters):
    from kapanalytics.potential import white_space_cells

    return lambda i: white_space_cells(con, filters), {}


@extra
def profitability(con, filters):
    from kapanalytics.profitability import with_classes

    return lambda i: with_classes(con, filters), {}


@extra
def retention_rates(con, filters):
    from kapanalytics.retention import retention_rates as rates

    return lambda i: rates(con, filters, page_data.GRAIN), {}


@extra
def cohorts(con, filters):
    from kapanalytics.retention import cohort_retention

    return lambda i: cohort_retention(con, filters, page_data.GRAIN), {}


@extra
def survival(con, filters):
    from kapanalytics import survival as km

    def run(i: int) -> None:
        km.kaplan_meier(km.lifetimes(con, filters, km.SURVIVAL_DIMENSIONS[0]))

    return run, {}


@extra
def retention_data(con, filters):
    """Rates, cohorts and survival one after the other: the retention analyses together."""
    rates_run, _ = retention_rates(con, filters)
    cohorts_run, _ = cohorts(con, filters)
    survival_run, _ = survival(con, filters)

    def run(i: int) -> None:
        rates_run(i)
        cohorts_run(i)
        survival_run(i)

    return run, {}


@extra
def lost_reasons(con, filters):
    from kapanalytics import lost

    return lambda i: lost.pareto(lost.lost_accounts(con, filters)), {}


@extra
def risk_score(con, filters):
    from kapanalytics import risk

    weights = risk.load_weights(con)[0]
    return lambda i: risk.risk_scores(con, filters, weights), {}


@extra
def risk_backtest(con, filters):
    from kapanalytics import risk
    from kapanalytics import risk_backtest as backtest
    from kapanalytics.churn import DEFAULT_WINDOW_DAYS
    from kapanalytics.facts import analysis_date

    weights = risk.load_weights(con)[0]
    as_of = analysis_date(con) - timedelta(days=DEFAULT_WINDOW_DAYS)

    def run(i: int) -> None:
        backtest.backtest_summary(backtest.backtest_frame(con, filters, weights, as_of=as_of))

    return run, {"as_of": as_of.isoformat()}


@extra
def account_360_largest(con, filters):
    account_id, cache = page_data.largest_account(con, filters), CachedRunner()

    def run(i: int) -> None:
        # through an empty cache each time, as the page's first render
        cache.clear()
        with page_data.through(cache):
            page_data.account_360_of(con, account_id)

    return run, {"account_id": account_id}


def _extra(con: duckdb.DuckDBPyConnection, filters: Filters, name: str, repeat: int) -> dict:
    run, details = EXTRAS[name](con, filters)
    runs = max(repeat, RESCORE_RUNS) if name == "rescore" else repeat
    return _measured(run, runs, **details)


def _compare(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    name: str,
    repeat: int,
    extracts: Path | None,
) -> dict:
    comparison, role = name.rsplit(".", 1)
    entry = next(e for e in comparisons() if e.name == comparison)
    if role != "naive":
        return _measured(lambda i: getattr(entry, role)(con, filters), repeat)
    formats = [f for f in IMPORT_FORMATS if extracts is not None and extract_files(extracts, f)]
    if not formats:
        return _measured(lambda i: entry.naive(con, filters), repeat, source="database")
    fmt = formats[0]
    return _measured(lambda i: entry.naive(extracts, filters, fmt=fmt), repeat, source=fmt)


def _export(db: str, name: str, repeat: int) -> dict:
    """``kap export`` as a user runs it (its own read-only connection each time)."""
    from kapanalytics import cli

    out = Path(tempfile.mkdtemp(prefix="kap-bench-export-"))
    arguments = EXPORTS[name]
    target = out / f"{name}.{arguments[arguments.index('--format') + 1]}"

    def run(i: int) -> None:
        argv = ["--db", db, "export", *arguments, "--output", str(target), "--read-only"]
        if cli.main(argv) != 0:
            raise RuntimeError(f"kap export {' '.join(arguments)} failed")

    try:
        result = _measured(run, repeat)
        result["file_mb"] = round(target.stat().st_size / 2**20, 2)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return result


def _import(extracts: Path, fmt: str, keep: Path | None = None) -> dict:
    """One run: every extract of ``fmt`` into a fresh temporary database, in import order;
    into the new database ``keep`` instead, which stays, when given."""
    from kapanalytics.ingest import import_file

    folder = Path(tempfile.mkdtemp(prefix="kap-bench-import-"))
    database = keep or folder / "import.duckdb"
    try:
        con = store.connect(database)
        temp_folder = Path(con.execute("select current_setting('temp_directory')").fetchone()[0])
        base = peak_mb()
        tables, start, cpu = {}, time.perf_counter(), time.process_time()
        with FolderSizeSampler(temp_folder) as temp_disk:
            for table, path in extract_files(extracts, fmt):
                began = time.perf_counter()
                preset = IMPORT_PRESETS[fmt]
                result = import_file(con, path, preset=preset, table=table, mode="replace")
                tables[table] = {
                    "file": path.name,
                    "preset": preset,
                    "file_mb": round(path.stat().st_size / 2**20, 1),
                    "seconds": time.perf_counter() - began,
                    "rows_loaded": result.rows_loaded,
                    "rows_quarantined": result.rows_quarantined,
                }
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        con.close()
        size_mb = round(database.stat().st_size / 2**20, 1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "first_s": seconds,
        "median_s": seconds,
        "median_cpu_s": cpu,
        "runs": 1,
        "base_mb": round(base, 1),
        "peak_mb": round(peak_mb(), 1),
        "peak_target_mb": IMPORT_PEAK_MB,
        "peak_temp_disk_mb": round(temp_disk.peak_bytes / 2**20, 1),
        "database_mb": size_mb,
        "tables": tables,
    }


FLOOR_READERS = {
    "parquet": "read_parquet(?)",
    "csv": "read_csv(?, delim = ';', decimal_separator = ',', dateformat = '%d.%m.%Y')",
}
"""How the import's floor reads each format: DuckDB's reader and its own type detection."""


def _import_floor(extracts: Path, fmt: str) -> dict:
    """The engine's floor under an import: each extract of ``fmt`` copied into a table of a
    fresh database by one plain statement (types as DuckDB's reader detects them; no mapping,
    no check, no quarantine, no log), then, for Parquet, whose columns carry the canonical
    names, the staged tables built from those copies (``staging.REFRESH_STAGED_TABLES_SQL``).
    What the import spends at least; the import's time over it is its overhead."""
    folder = Path(tempfile.mkdtemp(prefix="kap-bench-floor-"))
    try:
        con = duckdb.connect(str(folder / "floor.duckdb"))
        base = peak_mb()
        tables, start = {}, time.perf_counter()
        for table, path in extract_files(extracts, fmt):
            began = time.perf_counter()
            con.execute(
                f'create table "{table}" as select * from {FLOOR_READERS[fmt]}', [str(path)]
            )
            rows = con.execute(f'select count(*) from "{table}"').fetchone()[0]
            tables[table] = {"seconds": time.perf_counter() - began, "rows": rows}
        copy_s = time.perf_counter() - start
        staging_s = None
        if fmt == "parquet":
            began = time.perf_counter()
            for statement in REFRESH_STAGED_TABLES_SQL:
                con.execute(statement)
            staging_s = time.perf_counter() - began
        seconds = time.perf_counter() - start
        con.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "first_s": seconds,
        "median_s": seconds,
        "runs": 1,
        "base_mb": round(base, 1),
        "peak_mb": round(peak_mb(), 1),
        "copy_s": copy_s,
        "staging_s": staging_s,
        "tables": tables,
    }


def child_main(spec_json: str, out: str) -> int:
    rows = run_job(json.loads(spec_json))
    Path(out).write_text(json.dumps(rows, default=str), encoding="utf-8")
    return 0


# ---- the parent ------------------------------------------------------------------------------


def run_in_child(
    job: Job, db: Path, extracts: Path | None, repeat: int, keep: Path | None = None
) -> dict[str, dict]:
    """The job's rows, measured in a fresh Python process; an ``error`` row when it fails."""
    spec = {
        "kind": job.kind,
        "name": job.name,
        "db": str(db),
        "extracts": str(extracts) if extracts else None,
        "repeat": repeat,
        "keep": str(keep) if keep else None,
    }
    handle, out = tempfile.mkstemp(prefix="kap-bench-", suffix=".json")
    os.close(handle)
    try:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.run", "--child", json.dumps(spec), "--out", out],
            cwd=store.PROJECT_ROOT,
            env={**os.environ, "PYTHONPATH": str(store.PROJECT_ROOT)},
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        text = Path(out).read_text(encoding="utf-8") if done.returncode == 0 else ""
    finally:
        Path(out).unlink(missing_ok=True)
    if done.returncode != 0 or not text:
        error = (done.stderr or done.stdout).strip().splitlines()[-12:]
        return {row: {"error": "\n".join(error)} for row in job.rows}
    rows = json.loads(text)
    for row in rows.values():
        row["process_s"] = round(elapsed, 2)
    return rows


def database_facts(db: Path) -> dict[str, object]:
    """Opened as the dashboard opens it (which migrates an older schema), then closed."""
    started = time.perf_counter()
    con = store.connect(db)
    try:
        opened = time.perf_counter() - started
        rows = store.table_row_counts(con)
        version = store.data_version(con)
    finally:
        con.close()
    return {
        "path": str(db),
        "size_mb": round(db.stat().st_size / 2**20, 1),
        "open_s": round(opened, 2),
        "data_version": version,
        "rows": rows,
    }


def versions() -> dict[str, str]:
    return {**library_versions(), "streamlit": importlib.metadata.version("streamlit")}


def code_version() -> dict[str, object]:
    """The commit the harness ran from and whether files differed from it (None outside git)."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args], cwd=store.PROJECT_ROOT, capture_output=True, text=True, check=True
            )
        except (OSError, subprocess.CalledProcessError):
            return None
        return done.stdout.strip()

    commit = git("rev-parse", "HEAD")
    changed = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "modified": None if changed is None else bool(changed)}


def run_all(
    db_path: str | Path,
    extracts: str | Path | None = None,
    repeat: int = 1,
    steps: list[str] | None = None,
    log: Callable[[str], None] | None = None,
    parallel: int = 1,
    import_into: str | Path | None = None,
) -> dict:
    """Run every chosen step on ``db_path`` (each in a fresh process) and return the report:
    machine, versions, date, the database's row counts, and one entry per row of the table.

    ``parallel`` > 1 runs that many steps at once: quicker, but they then share the cores and
    disturb each other's times (for smoke tests, not for measuring). ``import_into``: a new
    database file that the Parquet import fills (its step runs first) and that every other
    step then measures, instead of ``db_path``: at XL, where no database is built beforehand.
    """
    folder = Path(extracts).resolve() if extracts else None
    say = log or (lambda message: None)
    host = machine()
    host["load_average_start"] = list(os.getloadavg())
    started = datetime.now()
    jobs = plan_jobs(folder, steps)
    results: dict[str, dict] = {}

    def record(rows: dict[str, dict]) -> None:
        for row, measured in rows.items():
            target, judged = target_of(row)
            verdict = _verdict(measured, target, judged, row)
            results[row] = {**measured, "target_s": target, "judged": judged}
            results[row]["verdict"] = verdict

    if import_into is not None:
        db = Path(import_into).resolve()
        if db.exists() or folder is None:
            raise ValueError(f"import_into must be a new file, with extracts: {db}")
        say(f"[import into {db}] import.parquet")
        record(run_in_child(Job("import", "parquet", ("import.parquet",)), db, folder, 1, db))
        jobs = [job for job in jobs if job.kind != "import"]
    else:
        db = Path(db_path).resolve()
    database = database_facts(db)

    def measure(numbered: tuple[int, Job]) -> dict[str, dict]:
        number, job = numbered
        say(f"[{number}/{len(jobs)}] {job.step}")
        return run_in_child(job, db, folder, repeat)

    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        for rows in pool.map(measure, enumerate(jobs, 1)):
            record(rows)
    host["load_average_end"] = list(os.getloadavg())
    return {
        "benchmark": "run",
        "date": started.isoformat(timespec="seconds"),
        "seconds": round((datetime.now() - started).total_seconds(), 1),
        "database": database,
        "extracts": str(folder) if folder else None,
        "repeat": repeat,
        "parallel": parallel,
        "steps_chosen": steps,
        "machine": host,
        "versions": versions(),
        "code": code_version(),
        "targets": {
            **TARGETS_SECONDS,
            "page.*.cold (first run)": PAGE_COLD_S,
            "page.*.warm": PAGE_WARM_S,
            "import peak MB": IMPORT_PEAK_MB,
        },
        "steps": results,
        "comparisons": comparison_ratios(results),
    }


def _verdict(measured: dict, target: float | None, judged: str, row: str) -> str:
    if "error" in measured:
        return "ERROR"
    slow = target is not None and measured[judged] > target
    heavy = row.startswith("import.") and measured["peak_mb"] > IMPORT_PEAK_MB
    if slow or heavy:
        return "SLOW" if slow else "MEMORY"
    return "ok" if target is not None or row.startswith("import.") else ""


def comparison_ratios(results: dict[str, dict]) -> dict[str, dict]:
    """Per comparison: product/floor and naive/product of the median times."""
    ratios = {}
    for entry in comparisons():
        times = {r: results.get(f"compare.{entry.name}.{r}", {}) for r in COMPARISON_ROLES}
        if any("median_s" not in t for t in times.values()):
            continue
        product, floor, naive = (times[r]["median_s"] for r in COMPARISON_ROLES)
        ratios[entry.name] = {
            "product_over_floor": product / floor if floor else math.inf,
            "naive_over_product": naive / product if product else math.inf,
        }
    return ratios


def print_table(report: dict) -> None:
    database = report["database"]
    rows = database["rows"]
    print(
        f"{Path(database['path']).name}: {rows['accounts']:,} accounts, "
        f"{rows['transactions']:,} invoice lines; median of {report['repeat']} runs after the "
        "first"
    )
    print(f"{'step':<40}{'median s':>10}{'first s':>10}{'peak MB':>10}{'target s':>10}")
    for step, result in report["steps"].items():
        if "error" in result:
            print(f"{step:<40}  ERROR: {result['error'].splitlines()[-1]}")
            continue
        target = result["target_s"]
        target_text = "" if target is None else f"{target:g}"
        if target is not None and result["judged"] == "first_s":
            target_text += " (1st)"
        print(
            f"{step:<40}{result['median_s']:>10.3f}{result['first_s']:>10.3f}"
            f"{result['peak_mb']:>10,.0f}{target_text:>10}  {result['verdict']}"
        )
    for step, result in report["steps"].items():
        if "peak_temp_disk_mb" in result:
            print(f"{step}: temporary files on disk at most {result['peak_temp_disk_mb']:,.0f} MB")
    for name, ratio in report["comparisons"].items():
        print(
            f"compare {name}: product/floor {ratio['product_over_floor']:.1f}x, "
            f"naive/product {ratio['naive_over_product']:.1f}x"
        )
    m = report["machine"]
    start, end = m["load_average_start"][0], m["load_average_end"][0]
    print(
        f"machine: {m['cores']} cores, {m['memory_gb']} GB, {m['cpu']}; "
        f"load average {start:.1f} at the start, {end:.1f} at the end"
    )


def save(report: dict, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.fromisoformat(report["date"]).strftime("%Y%m%d-%H%M%S")
    path = out / f"run-{Path(report['database']['path']).stem}-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the database file to measure")
    parser.add_argument("--extracts", type=Path, help="a folder of <table>.csv / .parquet")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs after the first")
    parser.add_argument(
        "--steps", help="comma-separated patterns of the steps to run, e.g. 'page.*,extra.rescore'"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder of the JSON results")
    parser.add_argument(
        "--import-into",
        type=Path,
        help="a new database file: import the Parquet extracts into it first, then measure it",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.child, str(args.out))
    if args.import_into is not None:
        if args.extracts is None or args.import_into.exists():
            parser.error("--import-into needs --extracts and must name a new file")
    elif args.db is None or not args.db.exists():
        parser.error("--db must name an existing database file")
    steps = [s.strip() for s in args.steps.split(",") if s.strip()] if args.steps else None
    report = run_all(
        args.db,
        args.extracts,
        args.repeat,
        steps,
        log=lambda message: print(message, file=sys.stderr, flush=True),
        import_into=args.import_into,
    )
    print_table(report)
    path = save(report, args.out)
    print(f"written: {path}")
    return 1 if any("error" in r for r in report["steps"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
