"""The bad-input corpus: every dirty file gives its own message and changes nothing it must not.

The files and what each must give are in ``tests/data/bad/`` (``make_corpus.py`` writes them,
``expected.toml`` says what importing each must give).
"""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest

from kapanalytics.errors import ConfigurationError, ImportRejectedError, KapError
from kapanalytics.ingest import import_file, quarantine_rows
from kapanalytics.store import connect
from tests.reliability_support import all_checksums, stock

BAD = Path(__file__).parent / "data" / "bad"
CASES = tomllib.loads((BAD / "expected.toml").read_text(encoding="utf-8"))["case"]


def _corpus_module():
    spec = importlib.util.spec_from_file_location("make_corpus", BAD / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def large_files(tmp_path_factory) -> Path:
    """The large files of the corpus (1 MB field, 2 MB row, 10,000 columns), written once."""
    folder = tmp_path_factory.mktemp("bad_large")
    for name, make in _corpus_module().LARGE_FILES.items():
        (folder / name).write_bytes(make())
    return folder


@pytest.fixture
def stocked(tmp_path):
    con = stock(connect(":memory:"), tmp_path)
    yield con
    con.close()


def _import(con, case: dict, large_files: Path):
    path = (large_files if case.get("large") else BAD) / case["file"]
    source = (
        {"mapping_path": BAD / case["mapping"]} if "mapping" in case else {"preset": case["preset"]}
    )
    return import_file(
        con,
        path,
        table=case.get("table"),
        sheet=case.get("sheet"),
        on_bad_rows=case.get("on_bad_rows", "reject"),
        **source,
    )


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_bad_file_gives_its_message_and_keeps_every_table(stocked, large_files, case):
    before = all_checksums(stocked)
    outcome = case["outcome"]
    if outcome in ("rejected", "refused"):
        expected = ImportRejectedError if outcome == "rejected" else ConfigurationError
        with pytest.raises(KapError) as caught:
            _import(stocked, case, large_files)
        assert type(caught.value) is expected
        message = str(caught.value)
        if outcome == "rejected":
            assert case["file"] in message
        for words in case["message"]:
            assert words in message
        if "rule" in case:
            first = caught.value.report.examples.iloc[0]
            assert (first["file"], first["rule"], first["row"], first["column"]) == (
                case["file"],
                case["rule"],
                case["row"],
                case["column"],
            )
            assert first["fix"]
            assert f"row {case['row']}" in message
        assert all_checksums(stocked) == before
        return

    result = _import(stocked, case, large_files)
    after = all_checksums(stocked)
    changed = {name for name in after if after[name] != before[name]}
    assert changed <= {result.target_table, "import_log", "quarantine"}
    if outcome == "loaded":
        table, key, key_value, column, value = case["stored"]
        stored = stocked.execute(
            f'select "{column}" from "{table}" where "{key}" = ?', [key_value]
        ).fetchone()
        assert stored == (value,)
    else:
        assert result.rows_loaded == case["loaded"]
        kept = quarantine_rows(stocked, result.import_id).iloc[0]
        assert (kept["source_row"], kept["column_name"]) == (case["row"], case["column"])
        for words in case["message"]:
            assert words in kept["reason"]
        assert kept["fix"]


def test_the_corpus_holds_forty_files_and_more_of_every_format():
    files = [case["file"] for case in CASES]
    assert len(files) == len(set(files))
    assert len(files) >= 40
    suffixes = {suffix: sum(f.endswith(suffix) for f in files) for suffix in (".csv", ".xlsx")}
    suffixes[".parquet"] = sum(f.endswith(".parquet") for f in files)
    assert min(suffixes.values()) >= 8


def test_every_committed_file_has_its_expected_outcome():
    described = {case["file"] for case in CASES if not case.get("large")}
    mappings = {case["mapping"] for case in CASES if "mapping" in case}
    present = {p.name for p in BAD.iterdir()} - {"make_corpus.py", "expected.toml", "__pycache__"}
    assert present == described | mappings


def test_the_committed_files_are_what_the_script_writes(tmp_path):
    written = _corpus_module().write_corpus(tmp_path)
    for path in written:
        assert path.read_bytes() == (BAD / path.name).read_bytes(), path.name
