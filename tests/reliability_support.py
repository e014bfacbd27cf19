"""Helpers of the reliability tests: a database with something to lose, and its fingerprint."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from kapanalytics.ingest import import_file
from kapanalytics.keyaccounts import record_decision
from kapanalytics.saved_settings import save_setting
from tests.ingest_support import checksums_of

SEED_ACCOUNTS = "Customer ID,Customer Name,Account Owner\nA1,Alpha,Anna\nA2,Beta,Bert\n"
SEED_LINES = (
    "Invoice Number,Line No,Customer ID,Invoice Date,Quantity,Unit Price,Amount,Currency\n"
    "S1,1,A1,2024-01-02,1,10,10,EUR\nS1,2,A2,2024-01-03,2,5,10,EUR\n"
)


def stock(con: duckdb.DuckDBPyConnection, folder: Path) -> duckdb.DuckDBPyConnection:
    """Fill ``con`` with what users must never lose: data, a decision, a setting, a plan."""
    accounts = folder / "seed_accounts.csv"
    accounts.write_text(SEED_ACCOUNTS)
    import_file(con, accounts, preset="generic_en", table="accounts")
    lines = folder / "seed_lines.csv"
    lines.write_text(SEED_LINES)
    import_file(con, lines, preset="generic_en", table="transactions")
    record_decision(con, "A1", True, "largest customer", "leadership")
    save_setting(con, "retention.window_days", {"days": 365}, "controlling", 0)
    con.execute(
        "insert into account_plans values (?, 1, ?, 'anna', now()::timestamp)",
        ["A1", json.dumps({"goals": ["grow"]})],
    )
    return con


def all_checksums(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str | None]]:
    """(rows, md5 of the rows in a fixed order) of every stored table, the app's own too."""
    names = con.execute(
        "select table_name from duckdb_tables() where not temporary order by table_name"
    ).fetchall()
    return checksums_of(con, [row[0] for row in names])
