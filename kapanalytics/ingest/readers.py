"""Readers: CSV, XLSX and Parquet files as one kind of source the converter can query.

A :class:`Source` is a SQL ``select`` (with its parameters) that yields ``_row`` (the row of
the file as a spreadsheet numbers it: the header is row 1, the first data row row 2) followed by
the file's columns. CSV and Parquet are streamed by DuckDB straight from the file each time the
select runs, so a file of ten million lines never passes through pandas; only spreadsheets,
which are small by nature, are read in Python and staged into a temporary table.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import os
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from kapanalytics.ingest import dialect
from kapanalytics.ingest.mapping import ReaderOptions

CSV_SUFFIXES = {".csv", ".txt", ".tsv", ".tab", ".dat", ".prn"}
XLSX_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
TRANSCODE_CHUNK_CHARS = 4 * 1024 * 1024


class StructuralError(Exception):
    """The file as a whole cannot be imported (unreadable, empty, wrong columns)."""


@dataclass
class SourceInfo:
    """What was detected about a file (and what the reader options fixed).

    header_row is the 1-based row of the header in the file (0 when the file has none).
    date_format is the format of the file's date columns as far as the values tell;
    date_formats holds it per column. date_ambiguous is True when no value decided between
    day-first and month-first and the default was used; notes say so in words.
    """

    file: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    thousands: str | None = None
    date_format: str | None = None
    date_formats: dict[str, str] = field(default_factory=dict)
    date_ambiguous: bool = False
    header_row: int = 1
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def reader_options(self) -> ReaderOptions:
        """What was detected, as reader options that read the file the same way again."""
        if self.format == "parquet":
            return ReaderOptions()
        return ReaderOptions(
            delimiter=self.delimiter,
            encoding=self.encoding,
            decimal=self.decimal if self.format == "csv" else None,
            thousands=self.thousands if self.format == "csv" else None,
            skip_rows=max(self.header_row - 1, 0) if self.header_row else None,
            header=None if self.header_row else False,
            sheet=self.sheet,
        )

    def describe(self) -> str:
        """One line on what was detected, e.g. for the Data page's caption."""
        if self.format == "parquet":
            parts = ["Parquet"]
        elif self.format == "xlsx":
            parts = [f"Excel, sheet {self.sheet!r} of {len(self.sheets)}"]
        else:
            delimiter = {"\t": "tab", dialect.WHITESPACE: "blanks"}.get(
                self.delimiter or ",", repr(self.delimiter)
            )
            parts = [
                "CSV",
                f"encoding {self.encoding}",
                f"delimiter {delimiter}",
                f"decimal {self.decimal!r}, thousands {self.thousands!r}",
            ]
        if self.date_format:
            parts.append(
                f"dates {self.date_format}" + (" (ambiguous)" if self.date_ambiguous else "")
            )
        if self.format != "parquet":
            parts.append(f"header in row {self.header_row}" if self.header_row else "no header")
        parts.append(f"{len(self.columns)} columns")
        return ", ".join(parts)


@dataclass
class Source:
    """A file ready to query: ``sql`` selects ``_row`` and the columns (see module docstring)."""

    sql: str
    params: dict[str, Any]
    columns: list[str]
    types: dict[str, str]
    info: SourceInfo
    temp_files: list[Path] = field(default_factory=list)
    temp_tables: list[str] = field(default_factory=list)
    scan_sql: str | None = None
    """A select of the columns alone, in file order, all rows (empty ones too).

    Numbering rows in SQL serialises DuckDB's parallel CSV reader; a typed table built from
    this select numbers its rows by their position instead (row = position + ``row_offset``),
    which gives the same numbers at a fraction of the cost.
    """
    row_offset: int = 0

    def close(self, con: duckdb.DuckDBPyConnection) -> None:
        """Drop the temporary tables and files made for this source."""
        for table in self.temp_tables:
            con.execute(f'drop table if exists "{table}"')
        for path in self.temp_files:
            with contextlib.suppress(OSError):
                path.unlink()


def quote(identifier: str) -> str:
    """A SQL identifier in double quotes; inner quotes doubled."""
    return '"' + str(identifier).replace('"', '""') + '"'


def column_list(columns: list[str], limit: int = 20) -> str:
    """Column names for a message: the first ``limit`` and how many more there are."""
    shown = ", ".join(columns[:limit]) if columns else "none"
    if len(columns) > limit:
        shown += f" and {len(columns) - limit:,} more"
    return shown


def file_format(path: Path) -> str:
    """'csv', 'xlsx' or 'parquet', from the file's first bytes, else from its suffix."""
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic == b"PAR1":
        return "parquet"
    if magic.startswith(b"PK\x03\x04") or magic == b"\xd0\xcf\x11\xe0":
        return "xlsx"
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    return "csv"


def open_source(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    options: ReaderOptions,
    label: str | None = None,
) -> Source:
    """The file at ``path`` as a :class:`Source`; raises StructuralError when unreadable."""
    path = Path(path)
    label = label or path.name
    if not path.is_file():
        raise StructuralError(f"{label} cannot be read: there is no such file.")
    if path.stat().st_size == 0:
        raise StructuralError(f"{label} is empty. Export the data again, with a header row.")
    kind = file_format(path)
    if kind == "parquet":
        return _open_parquet(con, path, label)
    if kind == "xlsx":
        _check_spreadsheet_container(path, label)
        return _open_spreadsheet(con, path, options, label)
    return _open_csv(path, options, label)


def _check_spreadsheet_container(path: Path, label: str) -> None:
    """StructuralError for a file named like a workbook that is none (e.g. a renamed CSV)."""
    sample = dialect.read_sample(str(path), 4096)
    if sample.startswith((b"PK\x03\x04", OLE_MAGIC)) or path.suffix.lower() == ".ods":
        return
    binary = dialect.binary_kind(sample)
    if binary is None:
        raise StructuralError(
            f"{label} is named like an Excel workbook but holds text, probably a CSV file "
            f"saved as {path.suffix}. Rename it to .csv and import it again."
        )
    raise StructuralError(
        f"{label} is named like an Excel workbook but holds {binary}. Open the data in Excel "
        "and save it as .xlsx (or export it as CSV), then import that file."
    )


def sheet_names(path: str | Path) -> list[str]:
    """The sheets of a spreadsheet, in workbook order."""
    try:
        from python_calamine import CalamineWorkbook

        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # noqa: BLE001 - any calamine failure: let openpyxl try the file
        return _openpyxl_sheet_names(Path(path))


def read_preview(
    path: str | Path, *, sheet: str | int | None = None, rows: int = 20, **reader_options: Any
) -> tuple[pd.DataFrame, SourceInfo]:
    """The first ``rows`` data rows as text, and what was detected about the file.

    Reader options (delimiter, encoding, decimal, ...) fix what would otherwise be detected.
    Raises :class:`kapanalytics.errors.ImportRejectedError` when the file cannot be read.
    """
    from kapanalytics.errors import ImportRejectedError

    options = ReaderOptions.from_dict(
        {**reader_options, **({"sheet": sheet} if sheet is not None else {})}, "read_preview"
    )
    con = duckdb.connect(":memory:")
    try:
        source = open_source(con, path, options)
        try:
            relation = f"select * exclude (_row) from ({source.sql}) limit {int(rows)}"
            try:
                frame = con.execute(relation, source.params).df()
            except duckdb.Error as exc:
                if not is_multiline_error(exc):
                    raise
                source.params["src_parallel"] = False
                frame = con.execute(relation, source.params).df()
        finally:
            source.close(con)
    except StructuralError as exc:
        raise ImportRejectedError(str(exc)) from exc
    except duckdb.Error as exc:
        raise ImportRejectedError(f"{Path(path).name} cannot be read: {first_line(exc)}") from exc
    finally:
        con.close()
    frame = frame.astype(object).map(_cell_text)
    info = source.info
    for column in frame.columns:
        values = [v for v in frame[column] if isinstance(v, str) and v.strip()]
        if not values:
            continue
        stats = dialect.date_stats(values)
        if max(stats.iso, stats.dotted, stats.slashed, stats.compact) < len(values):
            continue
        date_format, ambiguous = dialect.choose_date_format(stats, options.ambiguous_dates or "dmy")
        if date_format:
            info.date_formats[str(column)] = date_format
            if ambiguous:
                info.date_ambiguous = True
                info.notes.append(
                    f"Dates in {column} could be day-first or month-first; read as "
                    f"{date_format}. Set ambiguous_dates or date_format to change it."
                )
    if info.date_formats and info.date_format is None:
        info.date_format = next(iter(info.date_formats.values()))
    return frame, info


def is_multiline_error(exc: BaseException) -> bool:
    """True when DuckDB's parallel CSV reader gave up on a quoted value that spans lines."""
    return "quoted new lines" in str(exc)


def first_line(exc: BaseException) -> str:
    """The first line of an error message, without DuckDB's class prefix."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    for prefix in ("Invalid Input Error: ", "Conversion Error: ", "IO Error: "):
        text = text.removeprefix(prefix)
    return text


# --- CSV -------------------------------------------------------------------------------------


def _open_csv(path: Path, options: ReaderOptions, label: str) -> Source:
    sample = dialect.read_sample(str(path))
    if not sample.strip():
        raise StructuralError(f"{label} is empty. Export the data again, with a header row.")
    kind = dialect.binary_kind(sample)
    if kind is not None:
        raise StructuralError(
            f"{label} is not a text file but {kind}. Export the data again as CSV, Excel "
            "(.xlsx) or Parquet, and import that file."
        )
    encoding = options.encoding or dialect.detect_encoding(sample)
    try:
        text = dialect.decode_sample(sample, encoding)
    except LookupError as exc:
        raise StructuralError(
            f"{label}: the encoding {encoding!r} is unknown; use utf-8 or cp1252."
        ) from exc
    lines = dialect.sample_lines(text.lstrip("\ufeff"))
    delimiter = options.delimiter or dialect.detect_delimiter(lines)
    has_header = options.header is not False
    if options.skip_rows is not None:
        header_index = options.skip_rows
    elif has_header:
        header_index = dialect.detect_header_row(lines, delimiter)
    else:
        header_index = 0
    if header_index >= len(lines):
        raise StructuralError(f"{label} has no header row after skipping {header_index} lines.")
    first = dialect.split_line(lines[header_index], delimiter)
    if has_header:
        columns = [cell.strip() or f"column{i + 1}" for i, cell in enumerate(first)]
        check_header(columns, label)
        data_lines = lines[header_index + 1 :]
    else:
        columns = [f"column{i + 1}" for i in range(len(first))]
        data_lines = lines[header_index:]
    data_rows = [dialect.split_line(line, delimiter) for line in data_lines]
    decimal, thousands = dialect.detect_number_format(data_rows, delimiter)
    info = SourceInfo(
        file=label,
        format="csv",
        encoding=encoding,
        delimiter=delimiter,
        decimal=options.decimal or decimal,
        thousands=options.thousands if options.thousands is not None else thousands,
        header_row=header_index + 1 if has_header else 0,
        columns=columns,
    )
    temp_files: list[Path] = []
    read_path, read_delimiter = path, delimiter
    if encoding not in ("utf-8", "utf-8-sig") or delimiter == dialect.WHITESPACE:
        # DuckDB reads UTF-8 only (no extension may be installed), and no regex delimiter:
        # such files are rewritten once, in chunks, as tab-separated UTF-8.
        read_path = _transcode(path, encoding, delimiter, label, columns)
        temp_files.append(read_path)
        if delimiter == dialect.WHITESPACE:
            read_delimiter = "\t"
    skip = header_index + 1 if has_header else header_index
    first_data_row = skip + 1
    not_all_empty = " or ".join(f"{quote(c)} is not null" for c in columns)
    sql = (
        f"select * from (select row_number() over () + {int(first_data_row - 1)} as _row, * "
        "from read_csv($src_path, delim = $src_delim, header = false, skip = $src_skip, "
        "all_varchar = true, null_padding = true, quote = '\"', escape = '\"', "
        "auto_detect = false, columns = $src_columns, parallel = $src_parallel)) "
        f"where {not_all_empty}"
    )
    params = {
        "src_path": str(read_path),
        "src_delim": read_delimiter,
        "src_skip": skip,
        "src_columns": dict.fromkeys(columns, "VARCHAR"),
        # set to False when a quoted value spans lines (see is_multiline_error)
        "src_parallel": True,
    }
    scan_sql = (
        "select * from read_csv($src_path, delim = $src_delim, header = false, skip = $src_skip, "
        "all_varchar = true, null_padding = true, quote = '\"', escape = '\"', "
        "auto_detect = false, columns = $src_columns, parallel = $src_parallel)"
    )
    return Source(
        sql=sql,
        params=params,
        columns=columns,
        types=dict.fromkeys(columns, "VARCHAR"),
        info=info,
        temp_files=temp_files,
        scan_sql=scan_sql,
        row_offset=first_data_row,
    )


def check_header(columns: list[str], label: str) -> None:
    """Raise StructuralError for duplicate or missing column names."""
    seen: set[str] = set()
    duplicates = []
    for column in columns:
        key = column.casefold()
        if key in seen and column not in duplicates:
            duplicates.append(column)
        seen.add(key)
    if duplicates:
        raise StructuralError(
            f"{label} has duplicate column names: {', '.join(duplicates)}. Rename them so "
            "each column has its own name, then import again."
        )
    if not any(columns):
        raise StructuralError(f"{label} has no column names in its header row.")


def _transcode(path: Path, encoding: str, delimiter: str, label: str, columns: list[str]) -> Path:
    """A temporary UTF-8 copy of ``path``; blank runs become tabs for the blank delimiter.

    Raises StructuralError naming the line and column of the first byte the encoding lacks.
    """
    handle, name = tempfile.mkstemp(prefix="kap_import_", suffix=".csv")
    os.close(handle)
    target = Path(name)
    try:
        with (
            open(path, encoding=encoding, errors="strict", newline="") as source,
            open(target, "w", encoding="utf-8", newline="") as out,
        ):
            if delimiter == dialect.WHITESPACE:
                writer = csv.writer(out, delimiter="\t", lineterminator="\n")
                for line in source:
                    writer.writerow(line.split())
            else:
                while chunk := source.read(TRANSCODE_CHUNK_CHARS):
                    out.write(chunk)
    except UnicodeDecodeError as exc:
        target.unlink(missing_ok=True)
        raise StructuralError(
            _undecodable_message(path, encoding, label, columns, delimiter)
        ) from exc
    return target


def _undecodable_message(
    path: Path, encoding: str, label: str, columns: list[str], delimiter: str
) -> str:
    """Where the first bytes are that ``encoding`` cannot decode: the row and the column."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    rows_before, tail = 0, ""
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(TRANSCODE_CHUNK_CHARS)
            text = tail + decoder.decode(chunk, final=not chunk)
            position = text.find("\ufffd")
            if position >= 0:
                row = rows_before + text.count("\n", 0, position) + 1
                start = text.rfind("\n", 0, position) + 1
                end = text.find("\n", position)
                line = text[start : end if end >= 0 else len(text)]
                cells = dialect.split_line(line, delimiter)
                bad = next((i for i, c in enumerate(cells) if "\ufffd" in c), None)
                where = ""
                if len(cells) == len(columns) and bad is not None:
                    where = f", column {columns[bad]},"
                return (
                    f"{label} is neither UTF-8 nor Windows text: row {row}{where} holds bytes "
                    f"that {encoding} cannot decode. Open the file in a text editor or Excel, "
                    "save it as 'CSV UTF-8', and import it again (or set encoding in the "
                    "mapping's [reader] if you know the file's encoding)."
                )
            if not chunk:
                break
            cut = text.rfind("\n") + 1
            rows_before += text.count("\n", 0, cut)
            tail = text[cut:]
    return f"{label} cannot be decoded as {encoding}. Save it as 'CSV UTF-8' and import it again."


# --- Parquet ---------------------------------------------------------------------------------


def _open_parquet(con: duckdb.DuckDBPyConnection, path: Path, label: str) -> Source:
    try:
        described = con.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()
    except duckdb.Error as exc:
        raise StructuralError(
            f"{label} cannot be read as Parquet: {first_line(exc).replace(str(path), label)}. "
            "The file is damaged or "
            "incomplete: export it (or download it) again, then import the new file."
        ) from exc
    columns = [row[0] for row in described]
    # DuckDB renames repeated names ("Name", "Name_1"); the file's own names tell the truth
    check_header(_parquet_column_names(path) or columns, label)
    # file_row_number is 0-based; +2 numbers the first record as row 2, as in every format
    sql = (
        "select file_row_number + 2 as _row, * exclude (file_row_number) "
        "from read_parquet($src_path, file_row_number = true)"
    )
    info = SourceInfo(file=label, format="parquet", header_row=1, columns=columns)
    return Source(
        sql=sql,
        params={"src_path": str(path)},
        columns=columns,
        types={row[0]: row[1] for row in described},
        info=info,
    )


def _parquet_column_names(path: Path) -> list[str]:
    """The top-level column names as the file's schema writes them; none if unreadable."""
    try:
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    except Exception:  # noqa: BLE001 - DuckDB has read the file; its names serve then
        return []


# --- Spreadsheets ----------------------------------------------------------------------------


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Excel saves a workbook with a password as an OLE compound file holding these two streams.
ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def is_encrypted_workbook(path: Path) -> bool:
    """True for a password-protected (encrypted) Office file.

    Such a file is an OLE compound file whose directory names the streams ``EncryptionInfo``
    and ``EncryptedPackage``; the directory sector is found through the file's header.
    """
    with open(path, "rb") as handle:
        header = handle.read(512)
        if not header.startswith(OLE_MAGIC) or len(header) < 512:
            return False
        sector_size = 1 << int.from_bytes(header[0x1E:0x20], "little")
        first_directory = int.from_bytes(header[0x30:0x34], "little")
        handle.seek((first_directory + 1) * sector_size)
        directory = handle.read(max(sector_size, 4096))
        handle.seek(0)
        start = handle.read(1024 * 1024)
    return any(name in directory or name in start for name in ENCRYPTED_STREAMS)


def _open_spreadsheet(
    con: duckdb.DuckDBPyConnection, path: Path, options: ReaderOptions, label: str
) -> Source:
    if is_encrypted_workbook(path):
        raise StructuralError(
            f"{label} is protected with a password, so its cells cannot be read. Open it in "
            "Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
            "Password, clear the field), save it, and import it again."
        )
    names, rows, chosen = _read_sheet(path, options.sheet, label)
    if not any(any(cell is not None for cell in row) for row in rows):
        raise StructuralError(
            f"{label}, sheet {chosen}, is empty. Choose the sheet that holds the data (its "
            f"sheets: {', '.join(names)}), or export the data again with a header row."
        )
    texts = [[_cell_text(cell) for cell in row] for row in rows]
    header_index = options.skip_rows
    if header_index is None:
        header_index = _first_filled_row(texts)
    width = max(len(row) for row in texts)
    texts = [row + [None] * (width - len(row)) for row in texts]
    if options.header is False:
        columns = [f"column{i + 1}" for i in range(width)]
        body_start = header_index
    else:
        header = [(cell or "").strip() for cell in texts[header_index]]
        # trailing unnamed columns are formatting leftovers, not data
        while header and not header[-1]:
            header.pop()
        columns = [name or f"column{i + 1}" for i, name in enumerate(header)]
        check_header(columns, label)
        body_start = header_index + 1
    body = [row[: len(columns)] for row in texts[body_start:]]
    frame = pd.DataFrame(body, columns=columns, dtype=object)
    # Excel numbers rows from 1; the list index i is row i + 1
    frame.insert(0, "_row", range(body_start + 1, body_start + 1 + len(body)))
    frame = frame[frame[columns].notna().any(axis=1)]
    table = f"_kap_sheet_{uuid.uuid4().hex[:12]}"
    view = f"_kap_frame_{uuid.uuid4().hex[:12]}"
    # DuckDB refuses register() while a result of an earlier execute() on this connection is
    # unread (a caller's fetchone(), e.g. the page's last query); a read statement retires it
    con.execute("select 1").fetchall()
    con.register(view, frame)
    try:
        casts = ", ".join(f"cast({quote(c)} as varchar) as {quote(c)}" for c in columns)
        con.execute(f'create temp table "{table}" as select _row, {casts} from "{view}"')
    finally:
        con.unregister(view)
    info = SourceInfo(
        file=label,
        format="xlsx",
        header_row=header_index + 1 if options.header is not False else 0,
        sheets=names,
        sheet=chosen,
        columns=columns,
        decimal=".",
    )
    return Source(
        sql=f'select * from "{table}"',
        params={},
        columns=columns,
        types=dict.fromkeys(columns, "VARCHAR"),
        info=info,
        temp_tables=[table],
    )


def _read_sheet(
    path: Path, sheet: str | int | None, label: str
) -> tuple[list[str], list[list[Any]], str]:
    """(sheet names, the chosen sheet's rows from row 1 on, the chosen sheet's name)."""
    try:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
        chosen = _choose_sheet(names, sheet, label)
        # skip_empty_area=False keeps the leading empty rows, so row numbers match Excel's
        rows = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
        return names, rows, chosen
    except StructuralError:
        raise
    except Exception:  # noqa: BLE001 - calamine cannot read it: openpyxl may
        return _read_sheet_openpyxl(path, sheet, label)


def _read_sheet_openpyxl(
    path: Path, sheet: str | int | None, label: str
) -> tuple[list[str], list[list[Any]], str]:
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure means the file is unreadable
        raise StructuralError(
            f"{label} cannot be read as a spreadsheet: the file is damaged or incomplete "
            f"({exc}). Open it in Excel and save it again as .xlsx (or download it again), "
            "then import the new file; a CSV export works as well."
        ) from exc
    names = list(workbook.sheetnames)
    chosen = _choose_sheet(names, sheet, label)
    try:
        rows = [list(row) for row in workbook[chosen].iter_rows(values_only=True)]
    except Exception as exc:  # noqa: BLE001 - a sheet broken inside an intact container
        raise StructuralError(
            f"{label}, sheet {chosen}, cannot be read: the file is damaged ({exc}). Open it in "
            "Excel and save it again as .xlsx, then import the new file."
        ) from exc
    finally:
        workbook.close()
    return names, rows, chosen


def _openpyxl_sheet_names(path: Path) -> list[str]:
    """The sheet names openpyxl finds; none for a file it cannot open (reading says why)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - the import itself reports the unreadable file
        return []
    names = list(workbook.sheetnames)
    workbook.close()
    return names


def _choose_sheet(names: list[str], sheet: str | int | None, label: str) -> str:
    if sheet is None:
        return names[0]
    if isinstance(sheet, int) and 0 <= sheet < len(names):
        return names[sheet]
    if isinstance(sheet, str) and sheet in names:
        return sheet
    raise StructuralError(f"{label} has no sheet {sheet!r}; its sheets are {', '.join(names)}.")


def _first_filled_row(rows: list[list[str | None]]) -> int:
    """The first row with at least half as many filled cells as the fullest row."""
    widest = max(sum(cell is not None for cell in row) for row in rows)
    for index, row in enumerate(rows):
        if sum(cell is not None for cell in row) >= max(1, widest // 2):
            return index
    return 0


def _cell_text(value: Any) -> str | None:
    """A spreadsheet cell as the text the converter parses.

    Whole numbers lose their ".0" (an account number 12346 stays "12346"), date cells become
    ISO text, empty cells None.
    """
    if value is None:
        return None
    with contextlib.suppress(TypeError, ValueError):
        if pd.isna(value):
            return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        # fractions of a second only where there are any (ratings saved by the app have them)
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, pd.Timestamp):
        return _cell_text(value.to_pydatetime())
    text = str(value)
    return text if text.strip() else None
