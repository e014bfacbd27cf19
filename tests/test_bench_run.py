"""The benchmark harness at size S: every step it is asked for is measured, nothing fails, and
the report knows the database it measured. No timing is judged here."""

from __future__ import annotations

import json
import math
import shutil
import time

import pytest

from benchmarks.page_data import PAGES
from benchmarks.run import FolderSizeSampler, import_order, main, plan_jobs, run_all
from kapanalytics.export import export_canonical_table
from kapanalytics.ingest import load_preset
from kapanalytics.schema import CANONICAL_TABLES
from kapanalytics.store import connect, table_row_counts

STEPS = [
    "import",
    "import_floor",
    "sidebar",
    "page",
    "extra.rescore",
    "extra.account_360_largest",
    "export.abc",
]


def write_extracts(con, folder) -> None:
    """Every canonical table as Parquet and as a German CSV with the headers of generic_de."""
    folder.mkdir()
    german = load_preset("generic_de")
    for table, spec in CANONICAL_TABLES.items():
        export_canonical_table(con, table, folder / f"{table}.parquet", "parquet")
        frame = con.sql(f'select * from "{table}"').df()
        for field in spec.fields:
            if field.type == "BOOLEAN":
                frame[field.name] = frame[field.name].map({True: "ja", False: ""})
        fields = german.mappings[table].fields
        frame = frame.rename(columns={name: fields[name].columns[0] for name in fields})
        frame.to_csv(
            folder / f"{table}.csv", sep=";", decimal=",", date_format="%d.%m.%Y", index=False
        )


def demo_with_extracts(folder, template):
    """A copy of the demo database in ``folder`` and its extracts in ``folder/extracts``;
    returns the copy's path and its row counts."""
    db = folder / "demo.duckdb"
    shutil.copyfile(template, db)
    con = connect(db)
    write_extracts(con, folder / "extracts")
    counts = table_row_counts(con)
    con.close()
    return db, counts


@pytest.fixture(scope="module")
def measured(tmp_path_factory, demo_db_template):
    folder = tmp_path_factory.mktemp("bench")
    db, counts = demo_with_extracts(folder, demo_db_template)
    report = run_all(db, folder / "extracts", repeat=1, steps=STEPS, parallel=2)
    return report, counts


@pytest.mark.slow
def test_every_page_is_measured_cold_and_warm(measured):
    report, _ = measured
    for page in PAGES:
        for kind in ("cold", "warm"):
            assert f"page.{page}.{kind}" in report["steps"]


@pytest.mark.slow
def test_no_step_fails_and_every_number_is_finite(measured):
    report, _ = measured
    assert set(report["steps"]) >= {"import.csv", "import.parquet", "sidebar", "extra.rescore"}
    for step, result in report["steps"].items():
        assert "error" not in result, f"{step}: {result.get('error')}"
        for key in ("first_s", "median_s", "peak_mb", "base_mb"):
            assert math.isfinite(result[key]), (step, key)
            assert result[key] >= 0, (step, key)
        assert result["peak_mb"] >= result["base_mb"]
        assert result["runs"] >= 1
    assert report["steps"]["extra.rescore"]["runs"] >= 20


@pytest.mark.slow
def test_the_report_holds_the_databases_row_counts(measured):
    report, counts = measured
    assert report["database"]["rows"] == counts
    for name in ("cores", "memory_gb", "cpu", "load_average_start", "load_average_end"):
        assert name in report["machine"]
    assert {"python", "duckdb", "pandas", "numpy", "streamlit"} <= set(report["versions"])
    commit = report["code"]["commit"]
    assert commit is None or (len(commit) == 40 and int(commit, 16) >= 0), commit
    json.dumps(report)


@pytest.mark.slow
def test_the_imports_load_every_row_of_every_table(measured):
    report, counts = measured
    for fmt in ("csv", "parquet"):
        tables = report["steps"][f"import.{fmt}"]["tables"]
        assert list(tables) == import_order()
        assert {t: tables[t]["rows_loaded"] for t in tables} == counts, fmt
        assert report["steps"][f"import.{fmt}"]["peak_temp_disk_mb"] >= 0


@pytest.mark.slow
def test_the_import_floor_copies_every_row_and_builds_the_staged_tables(measured):
    report, counts = measured
    for fmt in ("csv", "parquet"):
        floor = report["steps"][f"import_floor.{fmt}"]
        assert list(floor["tables"]) == import_order()
        assert {t: floor["tables"][t]["rows"] for t in floor["tables"]} == counts, fmt
    assert report["steps"]["import_floor.parquet"]["staging_s"] > 0
    assert report["steps"]["import_floor.csv"]["staging_s"] is None


def test_imports_come_after_the_tables_they_reference():
    order = import_order()
    for table, spec in CANONICAL_TABLES.items():
        for referenced in spec.references.values():
            assert order.index(referenced) < order.index(table)
    assert order.index("products") < order.index("transactions")


def test_steps_are_chosen_by_pattern(tmp_path):
    chosen = [job.step for job in plan_jobs(None, ["page.ov*", "extra.rescore"])]
    assert chosen == ["page.overview", "extra.rescore"]
    # no extracts, no import steps
    assert not [j for j in plan_jobs(tmp_path, None) if j.kind == "import"]


@pytest.mark.slow
def test_the_command_prints_the_table_and_writes_the_json(tmp_path, demo_db_template, capsys):
    db = tmp_path / "small.duckdb"
    shutil.copyfile(demo_db_template, db)
    out = tmp_path / "results"
    assert main(["--db", str(db), "--steps", "page.tables", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "page.tables.cold" in printed
    assert "page.tables.warm" in printed
    (written,) = out.glob("run-small-*.json")
    assert "page.tables.warm" in json.loads(written.read_text())["steps"]


@pytest.mark.slow
def test_import_into_keeps_the_imported_database_and_measures_it(tmp_path, demo_db_template):
    _, counts = demo_with_extracts(tmp_path, demo_db_template)
    target = tmp_path / "imported.duckdb"
    report = run_all(
        None, tmp_path / "extracts", steps=["import", "page.overview"], import_into=target
    )
    assert set(report["steps"]) == {"import.parquet", "page.overview.cold", "page.overview.warm"}
    assert all("error" not in result for result in report["steps"].values())
    # the pages measured the imported database: the one the import filled, row for row
    assert report["database"]["path"] == str(target)
    assert report["database"]["rows"] == counts
    with pytest.raises(ValueError, match="new file"):
        run_all(None, tmp_path / "extracts", steps=["page.overview"], import_into=target)


def test_the_temporary_disk_sampler_keeps_the_largest_size_a_folder_reached(tmp_path):
    spill = tmp_path / "spill"
    spill.mkdir()
    with FolderSizeSampler(spill, interval=0.01) as sampler:
        (spill / "a.block").write_bytes(b"x" * 300_000)
        (spill / "nested").mkdir()
        (spill / "nested" / "b.block").write_bytes(b"x" * 200_000)
        time.sleep(0.1)  # ten sampling intervals see both files
        (spill / "a.block").unlink()
        time.sleep(0.1)
    assert sampler.peak_bytes == 500_000
    assert sampler.size_bytes() == 200_000
