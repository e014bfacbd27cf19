"""An import killed at a random moment: the database opens and holds the old or the new state.

Each trial copies a stocked database file (data, a key-account decision, a setting, a plan),
starts a separate process that imports a sizeable invoice file into it, and kills that process
with SIGKILL after a seeded random delay, anywhere from reading the file to the commit and after.
The file must then open, and hold either exactly the state before the import or exactly the
state a completed import gives; decisions, settings and plans never change.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kapanalytics.store import PROJECT_ROOT, connect
from tests.reliability_support import all_checksums, stock

pytestmark = pytest.mark.slow

TRIALS = 24
SEED = 20_261_122
LINES = 200_000
USER_TABLES = ("key_account_decisions", "settings", "account_plans")

# The child signals when the database is open, so the delay counts from the import's start.
CHILD = """
import sys
from kapanalytics.ingest import import_file
from kapanalytics.store import connect
con = connect(sys.argv[1])
print("ready", flush=True)
import_file(con, sys.argv[2], preset="generic_en", table="transactions", mode=sys.argv[3])
con.close()
"""


def _state(con) -> dict:
    """Every table's fingerprint; the import log without its times, which differ per run."""
    sums = all_checksums(con)
    sums["import_log"] = con.execute(
        "select import_id, target_table, file_name, mode, rows_in, rows_loaded"
        " from import_log order by import_id"
    ).fetchall()
    return sums


def _start(db: Path, extract: Path, mode: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(extract), mode],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout.readline().strip() == b"ready"
    return process


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    """The stocked database, the extract, and the state each mode's complete import gives."""
    folder = tmp_path_factory.mktemp("crash")
    old = folder / "old.duckdb"
    con = stock(connect(old), folder)
    con.execute("checkpoint")
    old_state = _state(con)
    con.close()
    rng = random.Random(SEED)
    rows = ["Invoice Number,Line No,Customer ID,Invoice Date,Quantity,Unit Price,Amount,Currency"]
    for i in range(LINES):
        quantity, price = rng.randint(1, 50), round(rng.uniform(1, 200), 2)
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        rows.append(
            f"N{i // 4},{i % 4 + 1},A{rng.randint(1, 2)},{day},{quantity},{price},"
            f"{round(quantity * price, 2)},EUR"
        )
    extract = folder / "invoices.csv"
    extract.write_text("\n".join(rows) + "\n")
    new_states, seconds = {}, {}
    for mode in ("upsert", "replace"):
        db = folder / f"complete_{mode}.duckdb"
        shutil.copyfile(old, db)
        process = _start(db, extract, mode)
        started = time.monotonic()
        assert process.wait(timeout=600) == 0, process.stderr.read().decode()
        seconds[mode] = time.monotonic() - started
        con = connect(db)
        new_states[mode] = _state(con)
        con.close()
        db.unlink()
        assert new_states[mode] != old_state
    return folder, old, extract, old_state, new_states, seconds


def test_a_killed_import_leaves_the_old_or_the_new_state_and_never_a_mix(setting):
    folder, old, extract, old_state, new_states, seconds = setting
    rng = random.Random(SEED)
    outcomes = {"old": 0, "new": 0, "killed": 0}
    for trial in range(TRIALS):
        mode = ("upsert", "replace")[trial % 2]
        db = folder / f"trial_{trial}.duckdb"
        shutil.copyfile(old, db)
        process = _start(db, extract, mode)
        # up to 30 % past the usual duration, so that some imports finish before the kill
        delay = rng.uniform(0.0, 1.3) * seconds[mode]
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            outcomes["killed"] += 1

        con = connect(db)  # the file opens: DuckDB replays or drops the write-ahead log
        state = _state(con)
        con.close()
        assert state in (old_state, new_states[mode]), f"trial {trial} ({mode}, {delay:.2f} s)"
        for table in USER_TABLES:
            assert state[table] == old_state[table]
        outcomes["old" if state == old_state else "new"] += 1
        for leftover in folder.glob(f"trial_{trial}.duckdb*"):
            leftover.unlink()
    print(f"\n{TRIALS} trials: {outcomes}")
    assert outcomes["old"] >= 1
    assert outcomes["new"] >= 1
    assert outcomes["killed"] >= TRIALS // 2
