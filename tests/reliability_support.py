"""Helpers of the reliability tests: a database with something to lose, and its fingerprint."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from kapanalytics.ingest import import_file
from kapanalytics.keyaccounts import record_decision
from kapanalytics.saved_settings import save_setting
from kapanalytics.staging import (
    STAGED_ACCOUNT_DAYS_SELECT,
    STAGED_INVOICES_SELECT,
    STAGED_LINES_SELECT,
    STAGED_TABLES,
)
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


def all_checksums(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str | None] | bool]:
    """(rows, md5 of the rows in a fixed order) of every stored table, the app's own too.

    The staged tables are derived from the data (their sums of floating-point amounts may
    differ in the last bit from one computation to the next), so instead of their checksums
    the entry ``"staged tables match their sources"`` says whether they equal what the stored
    lines and products give now.
    """
    names = con.execute(
        "select table_name from duckdb_tables() where not temporary order by table_name"
    ).fetchall()
    sums: dict = checksums_of(con, [row[0] for row in names if row[0] not in STAGED_TABLES])
    sums["staged tables match their sources"] = staged_tables_match_their_sources(con)
    return sums


def staged_tables_match_their_sources(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the staged tables hold exactly what ``transactions`` and ``products`` give
    (invoice totals and day revenues to a millionth)."""
    fresh = STAGED_INVOICES_SELECT.replace("staged_invoice_lines", f"({STAGED_LINES_SELECT})")
    fresh_days = STAGED_ACCOUNT_DAYS_SELECT.replace(
        "staged_invoice_lines", f"({STAGED_LINES_SELECT})"
    ).replace("from staged_invoices", f"from ({fresh})")
    day_columns = "account_id, day, round(revenue, 6), has_purchase"
    invoice_columns = (
        "account_id, invoice_id, invoice_date, round(total, 6), is_credit_note, is_purchase"
    )
    pairs = [
        ("select * from staged_invoice_lines", f"select * from ({STAGED_LINES_SELECT})"),
        (
            f"select {invoice_columns} from staged_invoices",
            f"select {invoice_columns} from ({fresh})",
        ),
        (
            f"select {day_columns} from staged_account_days",
            f"select {day_columns} from ({fresh_days})",
        ),
    ]
    for stored, computed in pairs:
        for first, second in ((stored, computed), (computed, stored)):
            extra = con.execute(f"select count(*) from ({first} except all {second})").fetchone()
            if extra[0]:
                return False
    return True
