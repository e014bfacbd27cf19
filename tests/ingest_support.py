"""Helpers shared by the import tests: writing small files and fingerprinting the database."""

from __future__ import annotations

from pathlib import Path

import duckdb

from kapanalytics.schema import CANONICAL_TABLES

WATCHED_TABLES = [*CANONICAL_TABLES, "quarantine", "import_log"]


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` (lines joined by newlines as given) and return the path."""
    path.write_bytes(text.encode(encoding))
    return path


def table_checksums(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str | None]]:
    """(row count, md5 of all rows in a fixed order) of every table an import may touch."""
    return checksums_of(con, WATCHED_TABLES)


def checksums_of(
    con: duckdb.DuckDBPyConnection, tables: list[str]
) -> dict[str, tuple[int, str | None]]:
    """(row count, md5 of all rows in a fixed order) of each of ``tables``."""
    sums = {}
    for table in tables:
        sums[table] = con.execute(
            "select count(*), md5(string_agg(cast(t as varchar), '|' "
            f'order by cast(t as varchar))) from "{table}" t'
        ).fetchone()
    return sums


def data_checksums(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str | None]]:
    """As :func:`table_checksums`, for the canonical (data) tables only."""
    return {k: v for k, v in table_checksums(con).items() if k in CANONICAL_TABLES}


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook with one sheet per entry, rows written from A1 on."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()
