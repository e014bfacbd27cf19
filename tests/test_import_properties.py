"""Generated files: the importer answers any of them with a result or its own error, and what
kapanalytics exports it imports back unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kapanalytics import cli
from kapanalytics.errors import KapError
from kapanalytics.export import export_canonical_table
from kapanalytics.ingest import import_file
from kapanalytics.schema import CANONICAL_TABLES
from kapanalytics.store import connect
from tests.reliability_support import all_checksums, stock

COLUMNS = [
    "Customer ID",
    "Customer Name",
    "Invoice Number",
    "Line No",
    "Invoice Date",
    "Quantity",
    "Unit Price",
    "Amount",
    "Currency",
    "Credit Note",
    "Employees",
    "Kundennummer",
    "Rechnungsdatum",
    "Nettobetrag",
    "Foo",
    "",
]
NASTY_CELLS = [
    "",
    " ",
    "A1",
    "A2",
    "K9",
    "2024-01-02",
    "31.02.2024",
    "02.01.24",
    "1.234,56",
    "1,234.56",
    "12,5",
    "-3",
    "3-",
    "NaN",
    "-inf",
    "1e400",
    "99999999999999999999",
    '=HYPERLINK("x")',
    'x"; drop table accounts; --',
    '"',
    ";",
    "\t",
    "line\nbreak",
    "Credit Note",
    "USD",
    "\ufeff",
    "\x00",
]
CELLS = st.one_of(
    st.sampled_from(NASTY_CELLS),
    st.text(max_size=12),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats().map(str),
)
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16"]
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@st.composite
def extracts(draw) -> tuple[str, bytes]:
    """(file name, content) of a CSV, Excel or Parquet file with arbitrary cells."""
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=7))
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=8), max_size=6))
    kind = draw(st.sampled_from(["csv", "csv", "xlsx", "parquet"]))
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ";", "\t", "|"])))
        writer.writerow(header)
        writer.writerows(rows)
        content = out.getvalue().encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
        cut = draw(st.integers(min_value=0, max_value=len(content)))
        if draw(st.booleans()):
            content = content[:cut]  # a download that stopped half-way
        return "extract.csv", content
    width = len(header)
    body = [(row + [""] * width)[:width] for row in rows]
    if kind == "parquet":
        arrays = [pa.array([row[i] for row in body], pa.string()) for i in range(width)]
        buffer = io.BytesIO()
        pq.write_table(pa.Table.from_arrays(arrays, names=header), buffer)
        return "extract.parquet", buffer.getvalue()
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in [header, *body]:
        workbook.active.append([XLSX_ILLEGAL.sub("", cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return "extract.xlsx", buffer.getvalue()


@pytest.fixture(scope="module")
def stocked_file(tmp_path_factory) -> Path:
    """A database file with data, a decision, a setting and a plan; examples work on copies."""
    folder = tmp_path_factory.mktemp("stocked")
    con = stock(connect(folder / "stocked.duckdb"), folder)
    con.execute("checkpoint")
    con.close()
    return folder / "stocked.duckdb"


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    extract=extracts(),
    preset=st.sampled_from(["generic_en", "generic_de"]),
    table=st.sampled_from([None, "accounts", "transactions"]),
    on_bad_rows=st.sampled_from(["reject", "quarantine"]),
)
def test_any_file_gives_a_result_or_the_importers_own_error(
    stocked_file, extract, preset, table, on_bad_rows
):
    name, content = extract
    with tempfile.TemporaryDirectory() as folder:
        shutil.copyfile(stocked_file, Path(folder) / "kap.duckdb")
        con = connect(Path(folder) / "kap.duckdb")
        path = Path(folder) / name
        path.write_bytes(content)
        before = all_checksums(con)
        try:
            import_file(con, path, preset=preset, table=table, on_bad_rows=on_bad_rows)
        except KapError:
            assert all_checksums(con) == before
        con.close()


# ---- export, then import: the same tables ---------------------------------------------------

TEXT = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=16)
    .map(str.strip)
    # stored text is trimmed, and an apostrophe before a formula sign is the export's own mark
    .filter(lambda s: bool(s) and not re.match(r"'[=+\-@]", s))
)
IDS = TEXT.filter(lambda s: not re.fullmatch(r"-?\d+\.0+", s))
AMOUNTS = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 2))
DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2024, 12, 31))


@st.composite
def small_databases(draw) -> dict[str, list[tuple]]:
    """Accounts and their invoice lines with arbitrary text, amounts and dates."""
    ids = draw(st.lists(IDS, min_size=1, max_size=5, unique_by=str.casefold))
    accounts = [
        (
            account_id,
            draw(st.none() | TEXT),
            draw(st.none() | TEXT),
            draw(st.none() | DAYS),
            draw(st.none() | st.sampled_from(["active", "prospect", "lost"])),
            draw(st.none() | st.integers(min_value=0, max_value=10**6)),
            draw(st.none() | AMOUNTS),
        )
        for account_id in ids
    ]
    lines = []
    for number in range(draw(st.integers(min_value=1, max_value=6))):
        quantity = draw(st.integers(min_value=1, max_value=1000))
        credit = draw(st.booleans())
        lines.append(
            (
                f"INV-{number}",
                1,
                draw(st.sampled_from(ids)),
                draw(DAYS),
                draw(st.none() | TEXT),
                float(-quantity if credit else quantity),
                draw(AMOUNTS),
                draw(st.none() | st.just("EUR")),
                credit,
            )
        )
    return {"accounts": accounts, "transactions": lines}


ACCOUNT_COLUMNS = "account_id, name, owner, created_date, status, employees, annual_potential"
LINE_COLUMNS = (
    "invoice_id, line_no, account_id, invoice_date, product_id, quantity, net_amount, currency,"
    " is_credit_note"
)


def _fill(con, data: dict[str, list[tuple]]) -> None:
    con.executemany(
        f"insert into accounts ({ACCOUNT_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?)", data["accounts"]
    )
    con.executemany(
        f"insert into transactions ({LINE_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        data["transactions"],
    )


def _table_rows(con, table: str) -> list[tuple]:
    key = ", ".join(CANONICAL_TABLES[table].key)
    return con.execute(f"select * from {table} order by {key}").fetchall()


def _round_trip(source, target, folder: Path, tables: list[str], fmt: str) -> None:
    for table in tables:
        path = export_canonical_table(source, table, folder / f"{table}.{fmt}", fmt)
        import_file(target, path, preset="generic_en", table=table)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=small_databases(), fmt=st.sampled_from(["csv", "xlsx", "parquet"]))
def test_exported_tables_import_back_unchanged(data, fmt):
    with tempfile.TemporaryDirectory() as folder:
        source, target = connect(":memory:"), connect(":memory:")
        _fill(source, data)
        _round_trip(source, target, Path(folder), ["accounts", "transactions"], fmt)
        for table in ("accounts", "transactions"):
            assert _table_rows(target, table) == _table_rows(source, table)
        source.close()
        target.close()


def _tricky_database(path: Path):
    """A database whose eight tables hold text a spreadsheet or a parser could trip over."""
    con = connect(path)
    awkward = ['=HYPERLINK("http://example.invalid","x")', "+49 30 1234", "-minus", "@home"]
    con.execute(
        "insert into accounts (account_id, name, parent_account_id, industry, country, region,"
        " segment, owner, created_date, status, lost_date, lost_reason, lost_to_competitor,"
        " annual_potential, credit_rating, employees, attitude) values"
        " ('A1', ?, null, 'Maschinenbau', 'DE', 'Süd', 'A', 'Anna', '2020-02-29', 'active',"
        " null, null, null, 1234567.89, 2.5, 120, 'mentor'),"
        " ('A2', ?, 'A1', ?, 'AT', 'Ost', 'B', ?, '2019-01-01', 'lost', '2023-05-01',"
        " 'price; \"too high\"', 'Wettbewerb, GmbH', null, null, null, 'enemy')",
        [awkward[0], "Müller & Söhne\nzweite Zeile", awkward[1], awkward[2]],
    )
    con.execute(
        "insert into products values ('P1', ?, 'Pumps'), ('P2', 'Ventil \"X\"', 'Valves')",
        [awkward[3]],
    )
    con.execute(
        "insert into transactions values"
        " ('R1', 1, 'A1', '2024-01-02', 'P1', 'Pumps', 3, 10.5, 31.5, 20.25, 'EUR', false),"
        " ('R1', 2, 'A1', '2024-01-02', 'P2', 'Valves', 1, 0.1, 0.1, null, 'EUR', false),"
        " ('G1', 1, 'A2', '2024-02-03', 'P1', 'Pumps', -1, 10.5, -10.5, -7, 'EUR', true)"
    )
    con.execute(
        "insert into opportunities values ('O1', 'A1', ?, 'Pumps', 'Proposal', 'open', 5000,"
        " 0.4, '2024-01-01', '2024-06-30', null, null, 'Anna'),"
        " ('O2', 'A2', 'Retrofit', 'Valves', 'Closed Lost', 'lost', 1200.5, 0, '2023-01-01',"
        " '2023-03-01', 'price', 'Wettbewerb, GmbH', 'Bert')",
        [awkward[0]],
    )
    con.execute(
        "insert into contacts values ('C1', 'A1', 'Dr. Eva Groß', 'CEO', 'Board',"
        " 'decision maker', 5, 'mentor', null, 'Anna', '2024-03-01'),"
        " ('C2', 'A1', ?, 'Buyer', 'Purchasing', 'user', 2, 'neutral', 'C1', 'Anna', null)",
        [awkward[2]],
    )
    con.execute(
        "insert into activities values ('T1', 'A1', 'C1', '2024-03-01', 'visit', 'Anna'),"
        " ('T2', 'A2', null, '2024-03-02', 'complaint', 'Bert')"
    )
    con.execute(
        "insert into budgets values ('A1', 2024, 1, '', 1000), ('A1', 2024, 2, 'Pumps', 500.5)"
    )
    con.execute(
        "insert into account_ratings values"
        " ('A1', 'product_fit', 4, 'anna', '2024-03-01 10:15:30.123456'),"
        " ('A2', 'cultural_fit', 2, null, '2024-03-02 08:00:00')"
    )
    con.execute("checkpoint")
    return con


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_kap_export_then_kap_import_gives_back_every_table(tmp_path, fmt, capsys):
    source = _tricky_database(tmp_path / "source.duckdb")
    if fmt == "xlsx":
        # Excel keeps times to the millisecond: that much of the rating's time comes back
        source.execute("update account_ratings set rated_at = date_trunc('millisecond', rated_at)")
    expected = {table: _table_rows(source, table) for table in CANONICAL_TABLES}
    source.close()
    for table in CANONICAL_TABLES:
        out = tmp_path / f"{table}.{fmt}"
        code = cli.main(
            [
                "--db",
                str(tmp_path / "source.duckdb"),
                "export",
                table,
                "--format",
                fmt,
                "-o",
                str(out),
            ]
        )
        assert code == 0
        code = cli.main(
            [
                "--db",
                str(tmp_path / "target.duckdb"),
                "import",
                "--preset",
                "generic_en",
                "--table",
                table,
                str(out),
            ]
        )
        assert code == 0, capsys.readouterr().err
    target = connect(tmp_path / "target.duckdb")
    for table in CANONICAL_TABLES:
        assert _table_rows(target, table) == expected[table], table
    target.close()
