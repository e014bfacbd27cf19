"""The DuckDB file: opening it, creating and migrating the schema, transactions.

Every library function takes an open DuckDB connection (``con``). The Streamlit server opens
one connection per process and hands each session thread a ``con.cursor()``; the command line
opens its own and reports clearly when another process holds the file.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from kapanalytics.errors import ConfigurationError, DatabaseCorruptError, DatabaseLockedError
from kapanalytics.schema import (
    APP_TABLES_DDL,
    CANONICAL_TABLES,
    PLAN_TABLES_DDL,
    SCHEMA_VERSION,
    canonical_ddl,
)
from kapanalytics.staging import REFRESH_STAGED_TABLES_SQL, refresh_staged_tables

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "kap.duckdb"

# Migrations from version N-1 to N, applied in order inside one transaction.
# Version 1 is the schema as created by ``canonical_ddl`` and ``APP_TABLES_DDL``.
MIGRATIONS: dict[int, list[str]] = {
    2: [PLAN_TABLES_DDL],  # key-account plans and the power map's contact edits
    3: REFRESH_STAGED_TABLES_SQL[:2],  # invoice lines and invoices computed once per import
    4: REFRESH_STAGED_TABLES_SQL[2:],  # revenue and purchases per account and day
}


def default_db_path() -> Path:
    """The database file: ``$KAP_DB`` if set, else ``data/kap.duckdb`` in the project."""
    env = os.environ.get("KAP_DB")
    return Path(env) if env else DEFAULT_DB_PATH


def connect(path: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and if needed create and migrate) the database file.

    ``path=":memory:"`` gives a private in-memory database, used by tests.
    Raises :class:`DatabaseLockedError` when another process holds the file and
    :class:`DatabaseCorruptError` when the file is not a readable database.
    """
    target = str(path) if path is not None else str(default_db_path())
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise DatabaseLockedError(
                f"The database {target} is in use by another process (probably the running "
                "dashboard). Stop that process, or import through the dashboard's Data page, "
                "or pass --db with another file."
            ) from exc
        raise DatabaseCorruptError(
            f"The database {target} cannot be opened: {text}. Move the file aside and run "
            "'kap demo' to build a fresh demo database, or re-import your extracts."
        ) from exc
    except duckdb.Error as exc:
        raise DatabaseCorruptError(
            f"The database {target} cannot be opened: {exc}. Move the file aside and run "
            "'kap demo' to build a fresh demo database, or re-import your extracts."
        ) from exc
    # the console is no place for a bar that long imports and demo builds would draw
    con.execute("set enable_progress_bar = false")
    if not read_only:
        migrate(con)
    return con


def move_aside(path: str | Path) -> Path:
    """Rename a database file that cannot be opened, with its write-ahead log, and return the
    new name (``kap.duckdb.damaged-20260131-142501`` beside it).

    Nothing is deleted: the file stays for a backup tool, a support request or a newer
    version; the next :func:`connect` on ``path`` starts a fresh database.
    """
    source = Path(path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.name}.damaged-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = source.with_name(f"{source.name}.damaged-{stamp}-{number}")
    source.rename(target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        wal.rename(target.with_name(target.name + ".wal"))
    return target


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and bring the schema up to :data:`SCHEMA_VERSION`."""
    with transaction(con):
        con.execute(canonical_ddl())
        con.execute(APP_TABLES_DDL)
        row = con.execute("select max(schema_version) from schema_info").fetchone()
        current = row[0] if row and row[0] is not None else None
        if current is None:
            con.execute("insert into schema_info values (?)", [SCHEMA_VERSION])
            refresh_staged_tables(con)
            return
        if current > SCHEMA_VERSION:
            raise DatabaseCorruptError(
                f"The database has schema version {current}, newer than this kapanalytics "
                f"({SCHEMA_VERSION}). Update kapanalytics or use another --db file."
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS.get(version, []):
                con.execute(statement)
        con.execute("update schema_info set schema_version = ?", [SCHEMA_VERSION])


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All statements inside land together, or none does."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


MEMORY_LIMIT_PATTERN = re.compile(r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$")


@contextmanager
def memory_limit(con: duckdb.DuckDBPyConnection, limit: str | None) -> Iterator[None]:
    """Hold DuckDB to ``limit`` (e.g. ``"2GB"``) inside, then give back the limit it had.

    Above the limit DuckDB writes intermediate results to its temporary directory (beside the
    database file) instead of growing; ``None`` leaves the limit as it is. The limit is the
    database's, so queries of other connections to it share it meanwhile.
    """
    if limit is None:
        yield
        return
    if not MEMORY_LIMIT_PATTERN.match(limit.strip()):
        raise ConfigurationError(
            f"A memory limit is a number and a unit such as 2GB or 1500MB, not {limit!r}."
        )
    previous = con.execute("select current_setting('memory_limit')").fetchone()[0]
    con.execute(f"set memory_limit = '{limit.strip()}'")
    try:
        yield
    finally:
        if previous == _default_memory_limit():
            con.execute("reset memory_limit")
        else:
            con.execute(f"set memory_limit = '{_shown_limit_midpoint(previous)}'")


def _shown_limit_midpoint(shown: str) -> str:
    """A limit that DuckDB shows as ``shown`` again ("2.7 GiB" -> "2.75 GiB").

    DuckDB shows a limit rounded down to a tenth of its unit, so setting the shown text back
    would lower the limit by up to a tenth on every import; the middle of the tenth shows the
    same and stays where it is.
    """
    number, unit = shown.split()
    return f"{float(number) + 0.05:.2f} {unit}"


@functools.cache
def _default_memory_limit() -> str:
    """DuckDB's own memory limit on this machine, as ``current_setting`` shows it."""
    with duckdb.connect() as fresh:
        return fresh.execute("select current_setting('memory_limit')").fetchone()[0]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select max(schema_version) from schema_info").fetchone()[0]


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """A value that changes whenever imported data or anything users entered changes.

    Pages put it into their cache keys, so a cached figure never outlives its data.
    """
    imports, events = con.execute(
        "select (select coalesce(max(import_id), 0) from import_log),"
        " (select coalesce(max(event_id), 0) from app_events)"
    ).fetchone()
    return f"{imports}.{events}"


def record_app_event(con: duckdb.DuckDBPyConnection) -> None:
    """Note that users changed something (a decision, a plan, a setting)."""
    con.execute(
        "insert into app_events select coalesce(max(event_id), 0) + 1, now() from app_events"
    )


def table_row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per canonical table, in the order the schema declares them."""
    counts = {}
    for name in CANONICAL_TABLES:
        # the name comes from the schema, never from a user
        counts[name] = con.execute(f'select count(*) from "{name}"').fetchone()[0]
    return counts


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    """True when no account and no transaction has been stored yet."""
    counts = table_row_counts(con)
    return counts["accounts"] == 0 and counts["transactions"] == 0


def main_currency(con: duckdb.DuckDBPyConnection) -> str:
    """The currency most invoice lines are in (EUR when none is given)."""
    row = con.execute(
        "select currency from transactions where currency is not null"
        " group by currency order by count(*) desc, currency limit 1"
    ).fetchone()
    return row[0] if row else "EUR"


def first_rows(con: duckdb.DuckDBPyConnection, table: str, limit: int = 200):
    """The first ``limit`` rows of a canonical table, in key order, as a DataFrame."""
    if table not in CANONICAL_TABLES:
        raise KeyError(f"Unknown table '{table}'. Tables: {', '.join(CANONICAL_TABLES)}.")
    key_order = ", ".join(f'"{k}"' for k in CANONICAL_TABLES[table].key)
    ordered = f'select * from "{table}" order by {key_order} limit ?'
    return con.execute(ordered, [limit]).df()
