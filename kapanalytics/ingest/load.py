"""Loading: one validated file into its canonical table, in one transaction.

Everything that can be prepared outside the transaction is (reading, converting, checking, the
JSON of quarantined rows); the transaction then holds only the writes: deletes, inserts, created
accounts, quarantine rows and the import log. Any failure rolls all of them back.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from kapanalytics.errors import ConfigurationError, ImportOutOfMemoryError, ImportRejectedError
from kapanalytics.ingest.mapping import Mapping
from kapanalytics.ingest.readers import quote
from kapanalytics.ingest.validate import Prepared, Progress, ValidationReport, prepare
from kapanalytics.schema import CANONICAL_TABLES
from kapanalytics.staging import refresh_staged_tables
from kapanalytics.store import memory_limit, transaction

MODES = ("replace", "upsert")
STAGED_SOURCES = ("transactions", "products")
"""The tables the staged invoice lines and invoices are computed from."""
BAD_ROW_POLICIES = ("reject", "quarantine")
DEFAULT_IMPORT_MEMORY_LIMIT = "2GB"
"""How much memory DuckDB may hold during an import before it spills to disk; the environment
variable ``KAP_IMPORT_MEMORY_LIMIT`` sets another (``none``: DuckDB's own, 80 % of the RAM).
An import of ten million invoice lines then peaks near 2.2 GB instead of 3.3 GB
(docs/performance.md)."""


@dataclass
class ImportResult:
    """What an import stored. ``report`` is the validation report of the file."""

    import_id: int
    target_table: str
    rows_in: int
    rows_loaded: int
    rows_quarantined: int
    report: ValidationReport
    accounts_created: int = 0


def _before_insert(con: duckdb.DuckDBPyConnection) -> None:
    """Called inside the transaction between the delete and the insert.

    It does nothing; tests replace it to make an import fail half-way and check that nothing
    of it remains.
    """


def import_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    *,
    preset: str | None = None,
    mapping: Mapping | None = None,
    mapping_path: str | Path | None = None,
    table: str | None = None,
    mode: str = "upsert",
    on_bad_rows: str = "reject",
    sheet: str | int | None = None,
    imported_by: str | None = None,
    progress: Progress | None = None,
    file_label: str | None = None,
) -> ImportResult:
    """Validate ``path`` and store it in its canonical table; all of it or nothing.

    mode "replace" empties the table first; "upsert" replaces rows whose key is in the file and
    adds the others. on_bad_rows "reject" refuses the file when any row is bad
    (:class:`ImportRejectedError` with the report); "quarantine" stores the valid rows and sets
    the bad ones aside in the ``quarantine`` table. Structural problems always reject.
    ``progress(fraction, message)`` is called at each step.
    """
    if mode not in MODES:
        raise ConfigurationError(f"mode must be one of {', '.join(MODES)}, not {mode!r}.")
    if on_bad_rows not in BAD_ROW_POLICIES:
        raise ConfigurationError(
            f"on_bad_rows must be one of {', '.join(BAD_ROW_POLICIES)}, not {on_bad_rows!r}."
        )
    limit = import_memory_limit()
    try:
        with memory_limit(con, limit):
            return _import(
                con,
                path,
                preset=preset,
                mapping=mapping,
                mapping_path=mapping_path,
                table=table,
                mode=mode,
                on_bad_rows=on_bad_rows,
                sheet=sheet,
                imported_by=imported_by,
                progress=progress,
                file_label=file_label,
            )
    except duckdb.OutOfMemoryException as exc:
        label = file_label or Path(path).name
        allowed = limit or "DuckDB's own limit"
        raise ImportOutOfMemoryError(
            f"Nothing was imported: {label} needs more memory than the import may use "
            f"({allowed}). Set the environment variable "
            "KAP_IMPORT_MEMORY_LIMIT higher (e.g. 6GB for 100 million invoice lines) and "
            "restart, or split the file, e.g. by year, and import the parts one after the "
            "other with mode upsert."
        ) from exc


def _import(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    *,
    preset: str | None,
    mapping: Mapping | None,
    mapping_path: str | Path | None,
    table: str | None,
    mode: str,
    on_bad_rows: str,
    sheet: str | int | None,
    imported_by: str | None,
    progress: Progress | None,
    file_label: str | None,
) -> ImportResult:
    notify = progress or (lambda fraction, message: None)
    started = dt.datetime.now()
    label = file_label or Path(path).name
    prepared = prepare(
        con,
        path,
        preset=preset,
        mapping=mapping,
        mapping_path=mapping_path,
        table=table,
        sheet=sheet,
        file_label=label,
        progress=notify,
    )
    try:
        report = prepared.report
        if report.structural_errors:
            raise ImportRejectedError(
                f"Nothing was imported. {' '.join(report.structural_errors)}", report
            )
        if report.rows_bad and on_bad_rows == "reject":
            raise ImportRejectedError(_rejection_message(report), report)
        notify(0.6, f"Loading {report.rows_in - report.rows_bad:,} rows into {report.target_table}")
        result = _write(con, prepared, path, mode, imported_by, started)
    finally:
        prepared.close(con)
    notify(1.0, f"Imported {label}: {result.rows_loaded:,} rows into {result.target_table}")
    return result


def import_memory_limit() -> str | None:
    """The memory limit of an import: ``KAP_IMPORT_MEMORY_LIMIT`` or the default."""
    value = os.environ.get("KAP_IMPORT_MEMORY_LIMIT", DEFAULT_IMPORT_MEMORY_LIMIT).strip()
    return None if value.lower() in ("", "none") else value


def _rejection_message(report: ValidationReport) -> str:
    first = report.examples.iloc[0]
    return (
        f"Nothing was imported: {report.rows_bad:,} of {report.rows_in:,} rows of "
        f"{report.file_label} have problems, e.g. row {first['row']}: {first['reason']}. "
        f"{first['fix']} Or load the valid rows and keep the others in quarantine (Data page: "
        "'Rows with problems'; command line: --on-bad-rows quarantine); the report lists "
        "every problem."
    )


def _write(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    path: str | Path,
    mode: str,
    imported_by: str | None,
    started: dt.datetime,
) -> ImportResult:
    report, plan = prepared.report, prepared.plan
    target = CANONICAL_TABLES[plan.table]
    typed, bad = quote(prepared.typed_table), quote(prepared.bad_table)
    raw = quote(f"_kap_raw_{uuid.uuid4().hex[:12]}")
    file_hash = sha256_of(path)
    if report.rows_bad:
        valid = quote(f"_kap_valid_{uuid.uuid4().hex[:12]}")
        con.execute(
            f"create temp view {valid} as select * from {typed} t "
            f"where not exists (select 1 from {bad} b where b._row = t._row)"
        )
    else:
        # every row is valid: read the typed table itself, so that the insert, free of the
        # anti-join, is written in parallel
        valid = typed
    try:
        if report.rows_bad:
            # the quarantine keeps each bad row as the file had it, read before the transaction
            con.execute(
                f"create temp table {raw} as with src as ({plan.source.sql}) "
                "select _row, to_json(struct_pack(*COLUMNS(* exclude (_row)))) as raw_row "
                f"from src where _row in (select _row from {bad})",
                plan.source.params,
            )
        with transaction(con):
            import_id = con.execute("select nextval('import_id_seq')").fetchone()[0]
            table = quote(target.name)
            if mode == "replace":
                con.execute(f"delete from {table}")
            else:
                match = " and ".join(f"v.{quote(k)} = {table}.{quote(k)}" for k in target.key)
                con.execute(
                    f"delete from {table} where exists (select 1 from {valid} v where {match})"
                )
            _before_insert(con)
            columns = ", ".join(quote(f) for f in target.field_names)
            loaded = con.execute(
                f"insert into {table} ({columns}) select {columns} from {valid}"
            ).fetchone()[0]
            created = _create_accounts(con, prepared, valid)
            if target.name in STAGED_SOURCES:
                refresh_staged_tables(con)
            if report.rows_bad:
                con.execute(
                    "insert into quarantine select $id, $table, b._row, b.column_name, b.value, "
                    f"b.reason, b.fix, r.raw_row from {bad} b left join {raw} r using (_row) "
                    "order by b._row",
                    {"id": import_id, "table": target.name},
                )
            con.execute(
                "insert into import_log values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    import_id,
                    target.name,
                    report.file_label,
                    file_hash,
                    prepared.mapping_label,
                    mode,
                    report.rows_in,
                    loaded,
                    report.rows_bad,
                    started,
                    dt.datetime.now(),
                    imported_by or current_user(),
                ],
            )
    finally:
        if valid != typed:
            con.execute(f"drop view if exists {valid}")
        con.execute(f"drop table if exists {raw}")
    return ImportResult(
        import_id=import_id,
        target_table=target.name,
        rows_in=report.rows_in,
        rows_loaded=loaded,
        rows_quarantined=report.rows_bad,
        report=report,
        accounts_created=created,
    )


def _create_accounts(con: duckdb.DuckDBPyConnection, prepared: Prepared, valid: str) -> int:
    """Insert the accounts the valid rows name but the database lacks; returns how many.

    Each new account takes its fields (country, ...) from its first row in the file that has
    them. Accounts already stored are left as they are.
    """
    plan = prepared.plan
    if not plan.mapping.create_missing_accounts:
        return 0
    names = list(plan.account_fields)
    columns = ", ".join(["account_id", *(quote(n) for n in names)])
    firsts = "".join(
        f", arg_min({quote('_acct_' + n)}, _row) filter (where {quote('_acct_' + n)} is not null)"
        for n in names
    )
    return con.execute(
        f"insert into accounts ({columns}) select v.account_id{firsts} from {valid} v "
        "where not exists (select 1 from accounts a where a.account_id = v.account_id) "
        "group by v.account_id"
    ).fetchone()[0]


def sha256_of(path: str | Path) -> str:
    """The SHA-256 of the file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def current_user() -> str:
    """The operating-system account running the import."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


def quarantine_rows(con: duckdb.DuckDBPyConnection, import_id: int | None = None) -> pd.DataFrame:
    """The rows set aside by imports (one per row and problem), of one import or of all."""
    sql = "select * from quarantine"
    params: list[int] = []
    if import_id is not None:
        sql += " where import_id = ?"
        params.append(import_id)
    return con.execute(sql + " order by import_id, source_row, column_name", params).df()


def import_history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every import, newest first."""
    return con.execute("select * from import_log order by import_id desc").df()
