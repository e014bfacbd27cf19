"""Benchmark data sets S, M, L and XL: the demo company at four sizes, the same on every run.

Each size is the seeded demo company (:func:`kapanalytics.demo.build_demo`) with more accounts
and, from M on, other numbers of rows per account (the demo's scales):

==== ========== ============= ============= ========== ============
size accounts   invoice lines opportunities contacts   touchpoints
==== ========== ============= ============= ========== ============
S         2,000       222,000         2,500      6,600       27,000
M        50,000     2,000,000       250,000    125,000      500,000
L       200,000    10,100,000     1,000,000    500,000    2,000,000
XL    1,000,000   100,000,000     5,000,000  2,500,000   10,000,000
==== ========== ============= ============= ========== ============

S is the default demo as it is. M, L and XL share the CRM's rows per account, so they differ
in accounts and invoice lines only.

:func:`build_database` builds S, M or L into a DuckDB file. :func:`write_extracts` writes every
canonical table as ``<table>.parquet`` (canonical column names and types) and ``<table>.csv``
(a German export: the column names of the importer's ``generic_de`` preset, ``;`` between
fields, decimal comma, dates as dd.mm.yyyy, yes/no as ja/nein, coded values such as status in
German, UTF-8), copied out of the database with DuckDB. XL is never built into a database: its
tables are drawn and written straight to Parquet, the invoice lines a chunk at a time into one
file (the importer reads one file per table), so memory stays bounded; it gets no CSV unless
asked for. A ``manifest.json`` beside the files records the size, row counts, sizes and seconds.

The importer reads the extracts back, accounts first since the other tables name them (the
order of :data:`~kapanalytics.schema.CANONICAL_TABLES`); :func:`import_commands` lists the
commands, e.g. for the CSV extracts::

    kap --db NEW.duckdb import --preset generic_de --mode replace DIR/accounts.csv
    kap --db NEW.duckdb import --preset generic_de --mode replace DIR/products.csv
    kap --db NEW.duckdb import --preset generic_de --mode replace DIR/transactions.csv
    ...

and the same with ``--preset generic_en`` and ``.parquet`` (its mappings find the canonical
column names, since column names match without regard to case, blanks and underscores).
Each file's table is detected from its columns.

    python -m benchmarks.datasets --size L --out /work/bench/L --db /work/bench/L.duckdb
    python -m benchmarks.datasets --size XL --out /data/bench/XL
    python -m benchmarks.datasets --size XL --accounts 3000 --out /tmp/xl-small
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from kapanalytics.demo.build import SCALES, DemoDraw, DemoSummary, build_demo
from kapanalytics.demo.invoices import LINES_SELECT
from kapanalytics.demo.planning import yearly_revenue
from kapanalytics.errors import ConfigurationError
from kapanalytics.ingest import ImportResult, import_file
from kapanalytics.ingest.presets import load_preset
from kapanalytics.schema import CANONICAL_TABLES
from kapanalytics.store import connect


@dataclass(frozen=True)
class Size:
    """A benchmark data set: how many accounts, and the demo's scales (see ``build_demo``)."""

    name: str
    accounts: int
    invoice_scale: float = 1.0
    opportunity_scale: float = 1.0
    contact_scale: float = 1.0
    activity_scale: float = 1.0
    database: bool = True
    """False: too large for a database; the extracts are drawn straight to Parquet."""
    seed: int = 7

    def demo_options(self) -> dict[str, float]:
        """The keyword arguments of ``build_demo`` (and ``DemoDraw``) for this size."""
        scales = {name: getattr(self, name) for name in SCALES}
        return {"seed": self.seed, "accounts": self.accounts, **scales}


CRM_SCALES = {"opportunity_scale": 4.15, "contact_scale": 0.66, "activity_scale": 0.71}
"""Per account: 5 opportunities, 2.5 contacts, 10 touchpoints (the demo: 1.2, 3.3, 14)."""
SIZES: dict[str, Size] = {
    "S": Size("S", 2_000),
    "M": Size("M", 50_000, invoice_scale=0.36, **CRM_SCALES),
    "L": Size("L", 200_000, invoice_scale=0.45, **CRM_SCALES),
    "XL": Size("XL", 1_000_000, invoice_scale=0.89, **CRM_SCALES, database=False),
}
"""The benchmark's sizes; invoice scales give 40, 50 and 100 lines per account (the demo: 111)."""

FORMATS = ("parquet", "csv")
IMPORT_PRESETS = {"csv": "generic_de", "parquet": "generic_en"}
"""The importer's preset that reads each format of the extracts."""
GERMAN_PRESET = IMPORT_PRESETS["csv"]
GERMAN_VALUES: dict[tuple[str, str], dict[object, str]] = {
    ("accounts", "status"): {"active": "Aktiv", "prospect": "Interessent", "lost": "Verloren"},
    ("opportunities", "status"): {"open": "Offen", "won": "Gewonnen", "lost": "Verloren"},
    ("activities", "type"): {
        "visit": "Besuch",
        "call": "Anruf",
        "email": "E-Mail",
        "meeting": "Termin",
        "event": "Veranstaltung",
        "complaint": "Reklamation",
        "service": "Service",
    },
}
"""Coded values as a German CRM writes them; the generic_de preset maps them back."""
GERMAN_YES_NO = ("ja", "nein")
ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "DOUBLE": pa.float64(),
    "INTEGER": pa.int32(),
    "BOOLEAN": pa.bool_(),
}
"""The Arrow type of each canonical type, as DuckDB writes it to Parquet."""
STREAM_MEMORY_LIMIT = "3GB"
"""DuckDB's share while XL is written (it reads the lines back for the budgets)."""


@dataclass
class Extracts:
    """What :func:`write_extracts` wrote: rows per table, and seconds per step."""

    size: Size
    folder: Path
    formats: tuple[str, ...]
    row_counts: dict[str, int]
    seconds: dict[str, float] = field(default_factory=dict)
    """'build' (the database, when write_extracts built it), 'draw' (XL: drawing and writing
    the Parquet files), 'parquet' and 'csv' (copying each format out of the database)."""

    def path(self, table: str, fmt: str) -> Path:
        return self.folder / f"{table}.{fmt}"

    def file_bytes(self, fmt: str) -> dict[str, int]:
        return {table: self.path(table, fmt).stat().st_size for table in CANONICAL_TABLES}

    def manifest(self) -> dict:
        return {
            "size": dataclasses.asdict(self.size),
            "row_counts": self.row_counts,
            "bytes": {fmt: self.file_bytes(fmt) for fmt in self.formats},
            "seconds": {step: round(s, 1) for step, s in self.seconds.items()},
            "import": {fmt: import_commands(self.folder, fmt) for fmt in self.formats},
        }


def size_of(size: str | Size) -> Size:
    """The :class:`Size` named ``size`` (S, M, L, XL), or ``size`` itself."""
    if isinstance(size, Size):
        return size
    if size not in SIZES:
        raise ConfigurationError(f"size={size!r}: choose one of {', '.join(SIZES)}.")
    return SIZES[size]


def build_database(size: str | Size, path: str | Path) -> DemoSummary:
    """Build ``size`` into the DuckDB file at ``path`` (created if needed, its data replaced)."""
    size = size_of(size)
    if not size.database:
        raise ConfigurationError(
            f"{size.name} ({size.accounts:,} accounts) is written as Parquet only; "
            "use write_extracts, which draws it straight to files."
        )
    con = connect(path)
    try:
        summary = build_demo(con, **size.demo_options())
        con.execute("checkpoint")
    finally:
        con.close()
    return summary


def write_extracts(
    size: str | Size,
    folder: str | Path,
    *,
    database: str | Path | None = None,
    formats: Iterable[str] | None = None,
) -> Extracts:
    """Write every canonical table of ``size`` into ``folder`` as Parquet and German CSV.

    S, M and L are copied out of ``database`` (a file :func:`build_database` built for this
    size), or out of a database built for the purpose in a temporary file. XL is drawn straight
    to Parquet and takes no database. ``formats`` defaults to both, for XL to Parquet only.
    """
    size = size_of(size)
    chosen = tuple(formats) if formats is not None else FORMATS if size.database else ("parquet",)
    unknown = sorted(set(chosen) - set(FORMATS))
    if unknown or not chosen:
        raise ConfigurationError(f"formats={chosen!r}: choose from {', '.join(FORMATS)}.")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if not size.database:
        if database is not None:
            raise ConfigurationError(f"{size.name} is written without a database; drop it.")
        extracts = _draw_extracts(size, folder, chosen)
    elif database is not None:
        extracts = _copy_extracts(size, Path(database), folder, chosen)
    else:
        with tempfile.TemporaryDirectory(prefix=".build-", dir=folder) as scratch:
            started = time.perf_counter()
            path = Path(scratch) / f"{size.name}.duckdb"
            build_database(size, path)
            built = time.perf_counter() - started
            extracts = _copy_extracts(size, path, folder, chosen)
            extracts.seconds = {"build": built, **extracts.seconds}
    (folder / "manifest.json").write_text(json.dumps(extracts.manifest(), indent=2) + "\n")
    return extracts


def _copy_extracts(size: Size, database: Path, folder: Path, formats: tuple[str, ...]) -> Extracts:
    if not database.is_file():
        raise ConfigurationError(f"There is no database {database}; build it first.")
    con = connect(database, read_only=True)
    try:
        counts = {
            table: con.execute(f'select count(*) from "{table}"').fetchone()[0]
            for table in CANONICAL_TABLES
        }
        extracts = Extracts(size, folder, formats, counts)
        _copy_out(con, extracts, lambda table: f'"{table}"')
    finally:
        con.close()
    return extracts


def _copy_out(con: duckdb.DuckDBPyConnection, extracts: Extracts, source) -> None:
    """COPY each table (``source(table)`` selects it) to its files, timing each format."""
    for fmt in extracts.formats:
        started = time.perf_counter()
        for table in CANONICAL_TABLES:
            target = _sql_text(extracts.path(table, fmt))
            if fmt == "parquet":
                query = f"select * from {source(table)}"
                options = "format parquet, compression zstd"
            else:
                query = german_select(table, source(table))
                options = (
                    "header, delimiter ';', dateformat '%d.%m.%Y', "
                    "timestampformat '%d.%m.%Y %H:%M:%S'"
                )
            con.execute(f"copy ({query}) to {target} ({options})")
        extracts.seconds[fmt] = time.perf_counter() - started


def german_header(table: str, field_name: str) -> str:
    """The column name a German export gives ``field_name``: the preset's first choice."""
    spec = load_preset(GERMAN_PRESET).mappings[table].fields.get(field_name)
    return spec.columns[0] if spec is not None and spec.columns else field_name


def german_select(table: str, source: str) -> str:
    """A select of ``source`` (rows of the canonical ``table``) as a German export has them.

    Numbers get a decimal comma (DuckDB writes the shortest text that reads back as the same
    double), yes/no fields ja/nein, coded fields their German words; dates are formatted by
    the COPY's options.
    """
    columns = []
    for f in CANONICAL_TABLES[table].fields:
        value = _quote(f.name)
        words = GERMAN_VALUES.get((table, f.name))
        if words:
            cases = " ".join(f"when {_sql_text(k)} then {_sql_text(v)}" for k, v in words.items())
            value = f"case {value} {cases} else {value} end"
        elif f.type == "DOUBLE":
            value = f"replace(cast({value} as varchar), '.', ',')"
        elif f.type == "BOOLEAN":
            yes, no = GERMAN_YES_NO
            value = f"case when {value} then '{yes}' when not {value} then '{no}' end"
        columns.append(f"{value} as {_quote(german_header(table, f.name))}")
    return f"select {', '.join(columns)} from {source}"


# --- XL: drawn straight to Parquet -----------------------------------------------------------


def _draw_extracts(size: Size, folder: Path, formats: tuple[str, ...]) -> Extracts:
    started = time.perf_counter()
    draw = DemoDraw(**size.demo_options())
    counts: dict[str, int] = {}

    def write(table: str, rows: pa.Table) -> None:
        pq.write_table(canonical_rows(table, rows), folder / f"{table}.parquet", compression="zstd")
        counts[table] = rows.num_rows

    write("accounts", draw.portfolio.accounts_table())
    write("products", draw.catalogue.table())
    lines_path = folder / "transactions.parquet"
    counts["transactions"] = _write_lines(draw, lines_path)
    contacts, activities = draw.contacts_and_activities()
    write("contacts", contacts)
    write("activities", activities)
    del contacts, activities
    write("opportunities", draw.opportunities())
    write("account_ratings", draw.ratings())
    with _scratch_duckdb(folder) as con:
        con.execute(
            f"create view transactions as select * from read_parquet({_sql_text(lines_path)})"
        )
        revenue = yearly_revenue(con, draw.portfolio)
    write("budgets", draw.planning(revenue).budgets)

    extracts = Extracts(size, folder, formats, {t: counts[t] for t in CANONICAL_TABLES})
    extracts.seconds["draw"] = time.perf_counter() - started
    if "csv" in formats:
        with _scratch_duckdb(folder) as con:
            csv_only = dataclasses.replace(extracts, formats=("csv",), seconds={})
            _copy_out(
                con,
                csv_only,
                lambda table: f"read_parquet({_sql_text(extracts.path(table, 'parquet'))})",
            )
            extracts.seconds.update(csv_only.seconds)
    return extracts


def _write_lines(draw: DemoDraw, path: Path) -> int:
    """The invoice lines, a chunk of invoices at a time, into one Parquet file; the row count."""
    schema = arrow_schema("transactions")
    rows = 0
    invoices = draw.invoices()
    with duckdb.connect() as con, pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for lines in draw.line_chunks(invoices):
            con.register("demo_lines", lines)
            chunk = con.sql(LINES_SELECT).to_arrow_table()
            con.unregister("demo_lines")
            writer.write_table(chunk.cast(schema), row_group_size=chunk.num_rows)
            rows += chunk.num_rows
    return rows


class _scratch_duckdb:
    """An in-memory DuckDB that spills to a folder of its own below ``folder``, removed after."""

    def __init__(self, folder: Path) -> None:
        self.spill = folder / ".duckdb-spill"

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        self.con = duckdb.connect(
            config={"memory_limit": STREAM_MEMORY_LIMIT, "temp_directory": str(self.spill)}
        )
        return self.con

    def __exit__(self, *exc: object) -> None:
        self.con.close()
        shutil.rmtree(self.spill, ignore_errors=True)


def arrow_schema(table: str) -> pa.Schema:
    """The canonical table as an Arrow schema (what DuckDB writes to Parquet for it)."""
    return pa.schema([(f.name, ARROW_TYPES[f.type]) for f in CANONICAL_TABLES[table].fields])


def canonical_rows(table: str, rows: pa.Table) -> pa.Table:
    """``rows`` (named as the canonical fields, some perhaps missing) in the canonical types."""
    schema = arrow_schema(table)
    columns = [
        rows[f.name].cast(f.type) if f.name in rows.column_names else pa.nulls(len(rows), f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


# --- importing them back ---------------------------------------------------------------------


def import_commands(folder: str | Path, fmt: str, db: str = "NEW.duckdb") -> list[str]:
    """The ``kap import`` commands that load the extracts of ``folder`` into ``db``, in order."""
    return [
        f"kap --db {db} import --preset {IMPORT_PRESETS[fmt]} --mode replace "
        f"{Path(folder) / f'{table}.{fmt}'}"
        for table in CANONICAL_TABLES
    ]


def import_extracts(
    con: duckdb.DuckDBPyConnection, folder: str | Path, fmt: str
) -> dict[str, ImportResult]:
    """Import every extract of ``folder`` in format ``fmt`` as :func:`import_commands` does."""
    return {
        table: import_file(
            con, Path(folder) / f"{table}.{fmt}", preset=IMPORT_PRESETS[fmt], mode="replace"
        )
        for table in CANONICAL_TABLES
    }


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sql_text(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


# --- command line ----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.datasets",
        description="Write a benchmark data set: its database (S, M, L) and its extracts.",
    )
    parser.add_argument("--size", required=True, choices=list(SIZES))
    parser.add_argument("--out", required=True, help="the folder for the extract files")
    parser.add_argument(
        "--db", help="build the database here and copy the extracts out of it (not for XL)"
    )
    parser.add_argument(
        "--format",
        action="append",
        choices=FORMATS,
        help="parquet or csv, may be repeated (default: both; XL: parquet)",
    )
    parser.add_argument(
        "--accounts", type=int, help="another number of accounts, e.g. to try XL small"
    )
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    if args.accounts is not None:
        size = dataclasses.replace(
            size, name=f"{size.name}-{args.accounts}", accounts=args.accounts
        )
    try:
        seconds = {}
        if args.db:
            started = time.perf_counter()
            build_database(size, args.db)
            seconds["build"] = time.perf_counter() - started
        extracts = write_extracts(size, args.out, database=args.db, formats=args.format)
    except ConfigurationError as exc:
        print(exc, file=sys.stderr)
        return 2
    extracts.seconds = {**seconds, **extracts.seconds}
    (extracts.folder / "manifest.json").write_text(json.dumps(extracts.manifest(), indent=2) + "\n")
    _print_summary(extracts, args.db)
    return 0


def _print_summary(extracts: Extracts, db: str | None) -> None:
    size = extracts.size
    scales = ", ".join(f"{name} {getattr(size, name):g}" for name in SCALES)
    print(f"{size.name}: {size.accounts:,} accounts, seed {size.seed}, {scales}")
    if db:
        print(f"database {db}: {Path(db).stat().st_size / 2**20:,.0f} MB")
    sizes = {fmt: extracts.file_bytes(fmt) for fmt in extracts.formats}
    header = "".join(f"{fmt + ' MB':>12}" for fmt in extracts.formats)
    print(f"{'table':<18}{'rows':>14}{header}")
    for table, rows in extracts.row_counts.items():
        files = "".join(f"{sizes[fmt][table] / 2**20:>12,.1f}" for fmt in extracts.formats)
        print(f"{table:<18}{rows:>14,}{files}")
    print("seconds: " + ", ".join(f"{s} {v:,.1f}" for s, v in extracts.seconds.items()))
    print(f"extracts in {extracts.folder}, summary in {extracts.folder / 'manifest.json'}")


if __name__ == "__main__":
    sys.exit(main())
