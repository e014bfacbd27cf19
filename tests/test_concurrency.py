"""Several sessions at once, as the Streamlit server runs them: one connection, a cursor per
session thread. Readers see the old or the new data while an import runs, never a mix; two
people saving the same configuration or plan never overwrite each other silently."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import pytest

from kapanalytics import plans
from kapanalytics.errors import EditConflictError
from kapanalytics.ingest import import_file
from kapanalytics.scoring import SelectionConfig
from kapanalytics.selection_configs import latest_version, load_config, save_config
from kapanalytics.store import connect
from tests.reliability_support import stock

READERS = 8
HEADER = "Invoice Number,Line No,Customer ID,Invoice Date,Quantity,Unit Price,Amount,Currency"
STATE_SQL = "select count(*), round(sum(net_amount), 2) from transactions"


def _extract(path: Path, lines: int, seed: int) -> Path:
    rng = random.Random(seed)
    rows = [HEADER]
    for i in range(lines):
        amount = round(rng.uniform(1, 500), 2)
        rows.append(
            f"C{seed}-{i // 3},{i % 3 + 1},A{rng.randint(1, 2)},2024-03-04,1,{amount},{amount},EUR"
        )
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.fixture
def server(tmp_path):
    """The server's one connection to a stocked database file."""
    base = stock(connect(tmp_path / "kap.duckdb"), tmp_path)
    yield base
    base.close()


def test_readers_see_the_old_or_the_new_data_while_imports_run(server, tmp_path):
    extracts = [
        (_extract(tmp_path / "march.csv", 60_000, 1), "replace"),
        (_extract(tmp_path / "april.csv", 45_000, 2), "upsert"),
        (_extract(tmp_path / "may.csv", 80_000, 3), "replace"),
        (_extract(tmp_path / "june.csv", 30_000, 4), "upsert"),
    ]
    states = [server.execute(STATE_SQL).fetchone()]
    seen: list[tuple] = []
    errors: list[BaseException] = []
    importing = threading.Event()
    importing.set()

    def session() -> None:
        cursor = server.cursor()  # what pages/_ui.py:connection() gives each session
        try:
            while importing.is_set():
                seen.append(cursor.execute(STATE_SQL).fetchone())
        except BaseException as exc:  # noqa: BLE001 - every failure is a finding
            errors.append(exc)
        finally:
            cursor.close()

    def data_page() -> None:
        cursor = server.cursor()
        try:
            for path, mode in extracts:
                import_file(cursor, path, preset="generic_en", table="transactions", mode=mode)
                states.append(cursor.execute(STATE_SQL).fetchone())
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            importing.clear()
            cursor.close()

    threads = [threading.Thread(target=session) for _ in range(READERS)]
    threads.append(threading.Thread(target=data_page))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)

    print(f"\n{READERS} sessions read {len(seen):,} times during {len(extracts)} imports")
    assert not errors, errors
    assert len(set(states)) == len(extracts) + 1  # every import changed the data
    assert seen
    assert set(seen) <= set(states), set(seen) - set(states)
    assert len(set(seen)) >= 2  # the reads ran across at least one import


BOARD = SelectionConfig("board", {"revenue_l12m": 6, "win_rate": 2, "product_fit": 2})
FIT = BOARD.with_weights({"revenue_l12m": 1, "product_fit": 7})


def test_two_people_saving_the_same_configuration_overwrite_nothing(server):
    save_config(server, BOARD, "anna", expected_version=0)
    anna, bert = server.cursor(), server.cursor()
    opened = load_config(anna, "board").version
    assert load_config(bert, "board").version == opened

    assert save_config(bert, FIT, "bert", expected_version=opened) == opened + 1
    with pytest.raises(EditConflictError, match="by bert"):
        save_config(anna, BOARD.with_weights({"win_rate": 9}), "anna", expected_version=opened)

    latest = load_config(server, "board")
    assert (latest.version, latest.saved_by, latest.config) == (opened + 1, "bert", FIT)
    assert load_config(server, "board", version=opened).config == BOARD


def test_two_people_saving_the_same_plan_overwrite_nothing(server):
    anna, bert = server.cursor(), server.cursor()
    opened = plans.latest_version(anna, "A1")
    base = plans.load_plan(anna, "A1", opened)
    mine = (base.plan if base else plans.Plan()).with_sections({"mission": "Grow with Alpha"})
    theirs = (base.plan if base else plans.Plan()).with_sections({"mission": "Keep Alpha"})

    assert plans.save_plan(bert, "A1", theirs, "bert", opened) == opened + 1
    with pytest.raises(plans.PlanConflictError) as caught:
        plans.save_plan(anna, "A1", mine, "anna", opened)

    assert caught.value.saved_by == "bert"
    current = plans.load_plan(server, "A1")
    assert current.plan.section("mission") == "Keep Alpha"
    assert current.version == opened + 1


def _save_at_once(server, what: str, sessions: int) -> tuple[int, list, list, list]:
    """``sessions`` threads save the version they all opened at the same moment."""
    if what == "configuration":
        opened = latest_version(server, "board")
    else:
        opened = plans.latest_version(server, "A1")
    start = threading.Barrier(sessions)
    saved, conflicts, errors = [], [], []

    def press_save(number: int) -> None:
        cursor = server.cursor()
        start.wait()
        try:
            if what == "configuration":
                config = BOARD.with_weights({"win_rate": number + 1})
                saved.append(save_config(cursor, config, f"user{number}", opened))
            else:
                plan = plans.Plan().with_sections({"mission": f"mission {number}"})
                saved.append(plans.save_plan(cursor, "A1", plan, f"user{number}", opened))
        except EditConflictError:
            conflicts.append(number)
        except BaseException as exc:  # noqa: BLE001 - anything else is a finding
            errors.append(exc)
        finally:
            cursor.close()

    threads = [threading.Thread(target=press_save, args=(n,)) for n in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return opened, saved, conflicts, errors


@pytest.mark.parametrize(
    ("what", "table", "key", "name"),
    [
        ("configuration", "settings", "name", "selection.config.board"),
        ("plan", "account_plans", "account_id", "A1"),
    ],
)
def test_simultaneous_saves_of_one_version_let_exactly_one_through(server, what, table, key, name):
    """Eight sessions press Save at the same moment, five times over."""
    sessions = 8
    for _ in range(5):
        opened, saved, conflicts, errors = _save_at_once(server, what, sessions)
        assert not errors, errors
        assert saved == [opened + 1]
        assert len(conflicts) == sessions - 1
    # table and key come from the parameters above
    duplicates = server.execute(
        f"select count(*) - count(distinct version) from {table} where {key} = ?", [name]
    ).fetchone()[0]
    assert duplicates == 0
