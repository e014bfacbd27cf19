"""Benchmark of the key-account selection: normalise, re-score after a weight change, stability.

Builds a deterministic synthetic criteria frame (numpy, seeded) of 200,000 accounts with the
eight criteria a configuration may have at most, then times

- normalisation (``Scorer.from_frame``: every criterion to 0..100, the matrix kept),
- re-scoring after a weight change (``Scorer.rescore``: score, rank, class), the median of
  repeated runs, each with other weights,
- the full ranked table with normalised values and contributions (``Scorer.details``),
- the stability analysis (``stability``: 500 draws, every weight +-20 %),
- with ``--db PATH`` also the criteria frame from a database (``account_criteria_frame`` at
  both levels, DuckDB over all invoice lines; e.g. a demo company built with
  ``build_demo(con, accounts=200_000)``).

Every timing is the median of ``--repeat`` runs after one warm-up run that is not counted (the
first run in a fresh process also pays for touching new memory, which a running dashboard has
already done); the warm-up's time is reported as "first run". Prints a table and writes JSON with
the machine, versions and date to ``benchmarks/results/``.

    python -m benchmarks.bench_scoring
    python -m benchmarks.bench_scoring --accounts 50000 --draws 200 --repeat 3
    python -m benchmarks.bench_scoring --db data/demo200k.duckdb
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from kapanalytics.criteria import account_criteria_frame
from kapanalytics.scoring import Classification, Scorer, SelectionConfig
from kapanalytics.stability import stability

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS_SECONDS = {"rescore": 0.100, "stability": 5.0}
"""The acceptance targets (issue 3) for 200,000 accounts on the 2-core machine."""

CONFIG = SelectionConfig(
    "benchmark",
    {
        "revenue_l12m": 25,
        "revenue_cagr_3y": 10,
        "share_of_wallet": 10,
        "win_rate": 10,
        "relationship_strength": 15,
        "credit_rating": 10,
        "product_fit": 10,
        "strategic_importance": 10,
    },
    classification=Classification("top_n", (200, 1000, 5000)),
)


def synthetic_frame(accounts: int, seed: int = 42) -> pd.DataFrame:
    """A criteria frame shaped like real data: skewed money, ratios with gaps, 1..5 ratings."""
    rng = np.random.default_rng(seed)
    revenue = rng.lognormal(mean=9.5, sigma=1.6, size=accounts)
    revenue[rng.random(accounts) < 0.15] = 0.0  # prospects and lost customers
    potential = revenue * rng.uniform(1.2, 6.0, accounts) + rng.lognormal(9, 1, accounts)
    with np.errstate(divide="ignore", invalid="ignore"):
        cagr = np.where(revenue > 0, rng.normal(0.04, 0.2, accounts), np.nan)
    win_rate = np.where(rng.random(accounts) < 0.45, np.nan, rng.beta(2, 3, accounts))

    def rating(missing_share: float) -> np.ndarray:
        values = rng.integers(1, 6, accounts).astype(float)
        values[rng.random(accounts) < missing_share] = np.nan
        return values

    return pd.DataFrame(
        {
            "account_id": [f"B{i:07d}" for i in range(accounts)],
            "revenue_l12m": revenue,
            "revenue_cagr_3y": cagr,
            "share_of_wallet": revenue / potential,
            "win_rate": win_rate,
            "relationship_strength": rng.uniform(0, 100, accounts),
            "credit_rating": np.round(np.clip(rng.normal(2.4, 0.8, accounts), 1, 6), 1),
            "product_fit": rating(0.2),
            "strategic_importance": rating(0.2),
        }
    )


def timed(run: Callable[[int], object], repeat: int) -> dict[str, float]:
    """First (warm-up) run and the median of ``repeat`` further runs: wall-clock seconds, and
    the process's CPU seconds (all threads), which other programs on the machine disturb less."""
    start = time.perf_counter()
    run(0)
    first = time.perf_counter() - start
    wall, cpu = [], []
    for i in range(1, repeat + 1):
        start, start_cpu = time.perf_counter(), time.process_time()
        run(i)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {
        "first_s": first,
        "median_s": statistics.median(wall),
        "median_cpu_s": statistics.median(cpu),
        "runs": repeat,
    }


def changed_weights(i: int) -> dict[str, float]:
    """A different weight vector for run ``i``, as a user moving sliders would make."""
    weights = CONFIG.weights
    key = list(weights)[i % len(weights)]
    return {**weights, key: weights[key] + 5 + i % 7}


def machine() -> dict[str, object]:
    memory_bytes = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        # other programs running at the same time slow wall-clock timings; recorded to judge
        "load_average_1m": os.getloadavg()[0],
        "cores": os.cpu_count(),
        "memory_gb": round(memory_bytes / 2**30, 1),
        "cpu": cpu,
        "platform": platform.platform(),
    }


def versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "duckdb": duckdb.__version__,
    }


def criteria_frame_timings(db: Path) -> dict[str, object]:
    """Seconds to build the criteria frame from ``db`` at each level (one run each)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute("set enable_progress_bar = false")
        counts = {
            table: con.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("accounts", "transactions")
        }
        timings = {}
        for level in ("account", "group"):
            start = time.perf_counter()
            frame = account_criteria_frame(con, None, level=level)
            timings[level] = {"seconds": time.perf_counter() - start, "rows": len(frame)}
    finally:
        con.close()
    return {"database": str(db), "rows": counts, "levels": timings}


def run(accounts: int, draws: int, repeat: int) -> dict[str, object]:
    host = machine()
    frame = synthetic_frame(accounts)
    results: dict[str, dict[str, float]] = {}
    results["normalise"] = timed(lambda i: Scorer.from_frame(frame, CONFIG), repeat)
    scorer = Scorer.from_frame(frame, CONFIG)
    results["rescore"] = timed(lambda i: scorer.rescore(changed_weights(i)), max(repeat, 20))
    results["details"] = timed(lambda i: scorer.details(changed_weights(i)), repeat)
    results["stability"] = timed(
        lambda i: stability(scorer, CONFIG, draws=draws, seed=i), max(1, min(repeat, 3))
    )
    return {
        "benchmark": "scoring",
        "date": datetime.now().isoformat(timespec="seconds"),
        "accounts": accounts,
        "criteria": len(CONFIG.active_criteria),
        "draws": draws,
        "machine": host,
        "versions": versions(),
        "timings": results,
        "targets_s": TARGETS_SECONDS,
    }


def print_table(report: dict[str, object]) -> None:
    timings: dict[str, dict[str, float]] = report["timings"]  # type: ignore[assignment]
    print(
        f"Key-account selection, {report['accounts']:,} accounts, "
        f"{report['criteria']} criteria, {report['draws']} stability draws"
    )
    print(
        f"{'step':<12}{'median ms':>12}{'cpu ms':>10}{'first ms':>12}{'runs':>6}{'target ms':>12}"
    )
    for step, t in timings.items():
        target = TARGETS_SECONDS.get(step)
        target_text = f"{target * 1000:,.0f}" if target is not None else ""
        verdict = ""
        if target is not None and report["accounts"] == 200_000:
            verdict = "  ok" if t["median_s"] < target else "  SLOW"
        print(
            f"{step:<12}{t['median_s'] * 1000:>12,.1f}{t['median_cpu_s'] * 1000:>10,.1f}"
            f"{t['first_s'] * 1000:>12,.1f}"
            f"{t['runs']:>6}{target_text:>12}{verdict}"
        )
    m = report["machine"]
    print(
        f"machine: {m['cores']} cores, {m['memory_gb']} GB, {m['cpu']}, "  # type: ignore[index]
        f"load average {m['load_average_1m']:.1f} at the start"  # type: ignore[index]
    )
    sql = report.get("criteria_frame")
    if sql:
        rows = sql["rows"]  # type: ignore[index]
        print(
            f"criteria frame from {sql['database']} "  # type: ignore[index]
            f"({rows['accounts']:,} accounts, {rows['transactions']:,} invoice lines):"
        )
        for level, t in sql["levels"].items():  # type: ignore[index]
            print(f"  {level:<8}{t['seconds']:>8.1f} s  ({t['rows']:,} rows)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=200_000)
    parser.add_argument("--draws", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per step")
    parser.add_argument("--no-save", action="store_true", help="do not write the JSON")
    parser.add_argument("--db", type=Path, help="also time the criteria frame from this file")
    args = parser.parse_args(argv)
    report = run(args.accounts, args.draws, args.repeat)
    if args.db is not None:
        report["criteria_frame"] = criteria_frame_timings(args.db)
    print_table(report)
    if not args.no_save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = RESULTS / f"scoring-{args.accounts}-{stamp}.json"
        path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"written: {path.relative_to(RESULTS.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
