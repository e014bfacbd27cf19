"""The kap command line: help texts, demo, import, info, export, and a locked database."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from kapanalytics.analysis_exports import EXPORTS
from kapanalytics.cli import build_parser, main
from kapanalytics.store import connect

SUBCOMMANDS = ["demo", "import", "info", "export", "schema"]


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for name in SUBCOMMANDS:
        assert name in out


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_each_command_explains_itself(command, capsys):
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    parser = build_parser()
    assert parser.prog in out
    assert len(out.splitlines()) >= 3


@pytest.fixture
def small_demo(db_path, tmp_path, capsys):
    code = main(
        ["--db", str(db_path), "demo", "--accounts", "150", "--samples-dir", str(tmp_path / "s")]
    )
    assert code == 0
    capsys.readouterr()
    return db_path


def test_demo_builds_the_company_and_writes_samples(small_demo, tmp_path):
    con = connect(small_demo)
    try:
        assert con.execute("select count(*) from accounts").fetchone()[0] >= 150
        assert con.execute("select count(*) from transactions").fetchone()[0] > 1000
    finally:
        con.close()
    written = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert "kunden.csv" in written
    assert "rechnungen.csv" in written


def test_info_lists_tables_and_the_demo_import(small_demo, capsys):
    assert main(["--db", str(small_demo), "info"]) == 0
    out = capsys.readouterr().out
    assert "transactions" in out
    assert "demo" in out


def test_export_writes_a_table_that_reads_back(small_demo, tmp_path):
    target = tmp_path / "accounts.csv"
    assert main(["--db", str(small_demo), "export", "accounts", "-o", str(target)]) == 0
    exported = pd.read_csv(target, encoding="utf-8-sig")
    con = connect(small_demo)
    try:
        assert len(exported) == con.execute("select count(*) from accounts").fetchone()[0]
    finally:
        con.close()


def test_unknown_export_names_the_choices(small_demo, capsys):
    assert main(["--db", str(small_demo), "export", "nothing"]) == 2
    assert "Choose one of: accounts" in capsys.readouterr().err


def test_import_of_the_german_samples_adds_accounts(small_demo, tmp_path, capsys):
    before = _count(small_demo, "accounts")
    assert (
        main(
            [
                "--db",
                str(small_demo),
                "import",
                "--preset",
                "generic_de",
                str(tmp_path / "s" / "kunden.csv"),
            ]
        )
        == 0
    )
    assert "Imported" in capsys.readouterr().out
    assert _count(small_demo, "accounts") > before


def test_a_rejected_import_exits_2_and_stores_nothing(small_demo, tmp_path, capsys):
    bad = tmp_path / "kunden.csv"
    bad.write_text("Kundennummer;Kundenname\n;Ohne Nummer GmbH\n", encoding="utf-8")
    before = _count(small_demo, "accounts")
    code = main(["--db", str(small_demo), "import", "--preset", "generic_de", str(bad)])
    assert code == 2
    assert "nothing was stored" in capsys.readouterr().err
    assert _count(small_demo, "accounts") == before


def _count(db_path, table: str) -> int:
    con = connect(db_path)
    try:
        return con.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        con.close()


def test_a_database_held_by_another_process_gets_a_clear_message(db_path):
    connect(db_path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, duckdb
            con = duckdb.connect({str(db_path)!r})
            print("holding", flush=True)
            sys.stdin.read()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        result = subprocess.run(
            [sys.executable, "-m", "kapanalytics.cli", "--db", str(db_path), "info"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        holder.stdin.close()
        holder.wait(timeout=20)
    assert result.returncode == 2
    assert "in use by another process" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_analysis_export_runs_its_example_and_reads_back(small_demo, tmp_path, name):
    example = EXPORTS[name].example
    # a document export's example names its format; a table's is written as CSV
    fmt = example[example.index("--format") + 1] if "--format" in example else "csv"
    target = tmp_path / f"{name}.{fmt}"
    args = ["--db", str(small_demo), "export", name, *example, "-o", str(target)]
    assert main(args) == 0
    assert target.exists()
    if fmt == "xlsx":
        assert pd.read_excel(target, sheet_name=None, engine="openpyxl")
        return
    frame = pd.read_csv(target, encoding="utf-8-sig") if target.stat().st_size > 3 else None
    assert frame is None or len(frame.columns) > 0


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_analysis_export_is_listed_in_the_help(name, capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert f"  {name} " in capsys.readouterr().out
