"""The benchmark data sets: deterministic, scaled as intended, and their extracts import back."""

from __future__ import annotations

import csv
import dataclasses
import math
import shlex
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from benchmarks.datasets import (
    SIZES,
    Size,
    build_database,
    canonical_rows,
    german_header,
    import_commands,
    import_extracts,
    write_extracts,
)
from kapanalytics.cli import main
from kapanalytics.demo import build_demo
from kapanalytics.demo.build import SCALES
from kapanalytics.errors import ConfigurationError
from kapanalytics.schema import CANONICAL_TABLES
from kapanalytics.store import connect, table_row_counts

TINY = Size(
    "tiny",
    300,
    invoice_scale=0.5,
    opportunity_scale=3.0,
    contact_scale=0.7,
    activity_scale=0.7,
)
"""Small enough for a test, with every scale away from 1."""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, Path]:
    """TINY built into a database, and its extracts (both formats) copied out of it."""
    folder = tmp_path_factory.mktemp("tiny")
    database = folder / "tiny.duckdb"
    build_database(TINY, database)
    write_extracts(TINY, folder / "extracts", database=database)
    return database, folder / "extracts"


def fingerprint(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, str]:
    """Row count and a hash of all rows in a fixed order."""
    return con.execute(
        f"select count(*), md5(coalesce(string_agg(t::varchar, '|' order by t::varchar), ''))"
        f' from "{table}" as t'
    ).fetchone()


def revenue(con: duckdb.DuckDBPyConnection) -> float:
    return con.execute("select sum(net_amount) from transactions").fetchone()[0]


def parquet_tables(folder: Path) -> dict:
    """Every table's Parquet extract, in the canonical types (nullability aside)."""
    return {t: canonical_rows(t, pq.read_table(folder / f"{t}.parquet")) for t in CANONICAL_TABLES}


# --- the sizes ---------------------------------------------------------------------------------


def test_s_is_the_default_demo_and_only_xl_goes_without_a_database():
    assert SIZES["S"] == Size("S", 2_000)
    assert [s.accounts for s in SIZES.values()] == [2_000, 50_000, 200_000, 1_000_000]
    assert [name for name, s in SIZES.items() if not s.database] == ["XL"]
    assert all(s.name == name for name, s in SIZES.items())


def test_an_unknown_size_and_a_database_for_xl_are_refused(tmp_path):
    with pytest.raises(ConfigurationError, match="choose one of S, M, L, XL"):
        write_extracts("XXL", tmp_path)
    with pytest.raises(ConfigurationError, match="Parquet only"):
        build_database("XL", tmp_path / "xl.duckdb")
    with pytest.raises(ConfigurationError, match="without a database"):
        write_extracts("XL", tmp_path, database=tmp_path / "xl.duckdb")
    with pytest.raises(ConfigurationError, match="formats"):
        write_extracts(TINY, tmp_path, formats=["xlsx"])
    assert not (tmp_path / "xl.duckdb").exists()


# --- determinism and scales --------------------------------------------------------------------


def test_two_builds_of_a_size_give_equal_tables_and_files(tiny, tmp_path):
    database, extracts = tiny
    again = write_extracts(TINY, tmp_path)  # built anew, in a temporary database
    assert not list(tmp_path.glob(".build-*")), "the temporary database is removed"
    assert parquet_tables(tmp_path) == parquet_tables(extracts)
    for table in CANONICAL_TABLES:
        assert (tmp_path / f"{table}.csv").read_bytes() == (extracts / f"{table}.csv").read_bytes()
    con = connect(database, read_only=True)
    assert again.row_counts == table_row_counts(con)
    con.close()


@pytest.mark.parametrize(
    ("scale", "table", "followers"),
    [
        # the budgets follow the revenue
        ("invoice_scale", "transactions", {"budgets"}),
        ("opportunity_scale", "opportunities", set()),
        # touchpoints name contacts, and a contact's last contact is its latest touchpoint
        ("contact_scale", "contacts", {"activities"}),
        ("activity_scale", "activities", {"contacts"}),
    ],
)
def test_a_scale_moves_its_own_table_and_no_unrelated_one(scale, table, followers):
    built = {}
    for factor in (0.5, 1.0, 2.0):
        con = connect(":memory:")
        build_demo(con, accounts=300, **{scale: factor})
        built[factor] = con
    rows = {factor: fingerprint(con, table)[0] for factor, con in built.items()}
    assert rows[0.5] < rows[1.0] < rows[2.0]
    assert 1.5 < rows[2.0] / rows[1.0] < 2.5
    for other in set(CANONICAL_TABLES) - {table} - followers:
        assert fingerprint(built[2.0], other) == fingerprint(built[1.0], other), other
    for con in built.values():
        con.close()


def test_more_invoices_split_the_revenue_rather_than_multiply_it():
    """A scale divides each account's revenue among more lines; a line's minimum of one unit
    moves the total somewhat (measured: -11 % at 0.4, +28 % at 2.5), far from the factor."""
    sums, lines = {}, {}
    for factor in (0.4, 1.0, 2.5):
        con = connect(":memory:")
        build_demo(con, accounts=300, invoice_scale=factor)
        sums[factor] = revenue(con)
        lines[factor] = fingerprint(con, "transactions")[0]
        con.close()
    assert lines[2.5] / lines[0.4] > 5
    assert 0.8 < sums[0.4] / sums[1.0] < 1.0
    assert 1.0 < sums[2.5] / sums[1.0] < 1.4


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("value", [0, -1, math.nan, math.inf, 101, "2", True])
def test_impossible_scales_say_what_to_choose(scale, value):
    with pytest.raises(ConfigurationError, match=f"{scale}=.*above 0 and at most 100"):
        build_demo(connect(":memory:"), accounts=50, **{scale: value})


# --- the extracts ------------------------------------------------------------------------------


def test_the_csv_extracts_are_german_exports(tiny):
    _, extracts = tiny
    with (extracts / "transactions.csv").open(encoding="utf-8", newline="") as file:
        header, *rows = list(csv.reader(file, delimiter=";"))
    for column in ("Rechnungsnummer", "Kundennummer", "Rechnungsdatum", "Nettobetrag", "Währung"):
        assert column in header
    line = dict(zip(header, rows[0], strict=True))
    day, month, year = line["Rechnungsdatum"].split(".")
    assert (len(day), len(month), len(year)) == (2, 2, 4)
    assert "," in line["Nettobetrag"]
    assert "." not in line["Nettobetrag"]
    assert {r[header.index("Gutschrift")] for r in rows} == {"ja", "nein"}
    with (extracts / "accounts.csv").open(encoding="utf-8", newline="") as file:
        accounts = list(csv.DictReader(file, delimiter=";"))
    assert {a["Status"] for a in accounts} == {"Aktiv", "Interessent", "Verloren"}
    assert any(any(ch in a["Kundenname"] for ch in "äöüß") for a in accounts), "UTF-8 umlauts"


@pytest.mark.parametrize("table", CANONICAL_TABLES)
def test_each_csv_column_has_a_german_name_of_its_own(table):
    names = [german_header(table, f.name) for f in CANONICAL_TABLES[table].fields]
    assert len(set(names)) == len(names)
    assert not set(names) & set(CANONICAL_TABLES[table].field_names)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_the_extracts_import_back_as_the_database_holds_them(tiny, fmt):
    database, extracts = tiny
    original = connect(database, read_only=True)
    con = connect(":memory:")
    results = import_extracts(con, extracts, fmt)
    assert {t: r.target_table for t, r in results.items()} == {t: t for t in CANONICAL_TABLES}
    assert all(r.rows_quarantined == 0 for r in results.values())
    assert table_row_counts(con) == table_row_counts(original)
    assert revenue(con) == pytest.approx(revenue(original), abs=0.005)
    for table in CANONICAL_TABLES:
        assert fingerprint(con, table) == fingerprint(original, table), table
    original.close()
    con.close()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_the_import_commands_load_the_extracts(tiny, tmp_path, fmt, capsys):
    database, extracts = tiny
    target = tmp_path / "imported.duckdb"
    for command in import_commands(extracts, fmt, db=str(target)):
        words = shlex.split(command)
        assert words[0] == "kap"
        assert main(words[1:]) == 0, capsys.readouterr().err
    original, con = connect(database, read_only=True), connect(target, read_only=True)
    assert table_row_counts(con) == table_row_counts(original)
    assert revenue(con) == pytest.approx(revenue(original), abs=0.005)
    original.close()
    con.close()


# --- XL: drawn straight to Parquet -------------------------------------------------------------


def test_xl_written_without_a_database_has_the_files_a_database_would_give(tiny, tmp_path):
    _, extracts = tiny
    streamed = dataclasses.replace(TINY, name="tiny-xl", database=False)
    written = write_extracts(streamed, tmp_path, formats=["parquet", "csv"])
    assert not list(tmp_path.glob(".duckdb-spill"))
    assert parquet_tables(tmp_path) == parquet_tables(extracts)
    for table in CANONICAL_TABLES:
        assert (tmp_path / f"{table}.csv").read_bytes() == (extracts / f"{table}.csv").read_bytes()
    assert written.row_counts == {
        t: pq.read_metadata(written.path(t, "parquet")).num_rows for t in CANONICAL_TABLES
    }


def test_xl_writes_parquet_only_unless_asked(tmp_path):
    small_xl = dataclasses.replace(SIZES["XL"], accounts=120)
    written = write_extracts(small_xl, tmp_path)
    assert written.formats == ("parquet",)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{t}.parquet" for t in CANONICAL_TABLES] + ["manifest.json"]
    )
    con = connect(":memory:")
    import_extracts(con, tmp_path, "parquet")
    assert table_row_counts(con) == written.row_counts
    con.close()
