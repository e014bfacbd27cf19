"""Exports: any table or analysis as CSV, Excel or Parquet.

Text cells that begin with ``=``, ``+``, ``-`` or ``@`` are written with a leading apostrophe,
so a spreadsheet shows them as text instead of running them as formulas (formula injection).
Numbers are never touched.
"""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pandas as pd

from kapanalytics.errors import ConfigurationError
from kapanalytics.schema import CANONICAL_TABLES

FORMATS = ("csv", "xlsx", "parquet")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_ROWS = 1_048_575  # one row of the sheet's 1,048,576 holds the header


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot start a spreadsheet formula."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_string_dtype(series) or series.dtype == object:
            out[column] = series.map(_neutralise_cell)
    return out


def _neutralise_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def frame_to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM (so Excel reads umlauts), comma-separated, dot decimals."""
    return neutralise_formulas(frame).to_csv(index=False).encode("utf-8-sig")


def frame_to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    """One sheet with the table, header row frozen."""
    if len(frame) > EXCEL_MAX_ROWS:
        raise ConfigurationError(
            f"{len(frame):,} rows do not fit in one Excel sheet ({EXCEL_MAX_ROWS:,} at most). "
            "Export as CSV or Parquet instead."
        )
    buffer = io.BytesIO()
    safe = neutralise_formulas(frame)
    for column in safe.columns:
        # Excel cannot store time zones
        if isinstance(safe[column].dtype, pd.DatetimeTZDtype):
            safe[column] = safe[column].dt.tz_localize(None)
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        safe.to_excel(writer, sheet_name=sheet_name[:31], index=False)
        writer.sheets[sheet_name[:31]].freeze_panes(1, 0)
    return buffer.getvalue()


def write_frame(frame: pd.DataFrame, path: Path, fmt: str) -> Path:
    """Write ``frame`` to ``path`` as csv, xlsx or parquet."""
    _check_format(fmt)
    if fmt == "csv":
        path.write_bytes(frame_to_csv_bytes(frame))
    elif fmt == "xlsx":
        path.write_bytes(frame_to_xlsx_bytes(frame, sheet_name=path.stem))
    else:
        frame.to_parquet(path, index=False)
    return path


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ConfigurationError(f"Unknown format '{fmt}'. Use one of: {', '.join(FORMATS)}.")


def export_canonical_table(
    con: duckdb.DuckDBPyConnection, table: str, path: Path, fmt: str
) -> Path:
    """Write a canonical table to ``path``.

    CSV and Parquet are streamed by DuckDB's COPY, so a table of any size exports without
    passing through pandas; text cells are neutralised in SQL as in :func:`neutralise_formulas`.
    """
    _check_format(fmt)
    if table not in CANONICAL_TABLES:
        raise ConfigurationError(f"Unknown table '{table}'. Tables: {', '.join(CANONICAL_TABLES)}.")
    spec = CANONICAL_TABLES[table]
    key_order = ", ".join(f'"{k}"' for k in spec.key)
    ordered = f'select * from "{table}" order by {key_order}'
    if fmt == "parquet":
        con.sql(ordered).to_parquet(str(path))
        return path
    if fmt == "xlsx":
        return write_frame(con.sql(ordered).df(), path, "xlsx")
    columns = []
    for f in spec.fields:
        if f.type == "VARCHAR":
            columns.append(
                f"""case when regexp_matches("{f.name}", '^[=+\\-@\\t\\r]')"""
                f""" then '''' || "{f.name}" else "{f.name}" end as "{f.name}" """
            )
        else:
            columns.append(f'"{f.name}"')
    neutralised = f'select {", ".join(columns)} from "{table}" order by {key_order}'
    con.sql(neutralised).to_csv(str(path), header=True)
    return path
