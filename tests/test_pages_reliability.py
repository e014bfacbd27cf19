"""The app with a damaged or missing database file: a clear message and a way forward."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from kapanalytics import demo
from kapanalytics.staging import refresh_staged_tables
from kapanalytics.store import PROJECT_ROOT, connect


def _tiny_demo(con, **options):
    """Stands in for the demo company, which takes long to build: one account, one line."""
    con.execute("insert into accounts (account_id, name) values ('D1', 'Demo GmbH')")
    con.execute(
        "insert into transactions (invoice_id, line_no, account_id, invoice_date, net_amount,"
        " currency) values ('X1', 1, 'D1', '2024-05-02', 100, 'EUR')"
    )
    refresh_staged_tables(con)


@pytest.fixture
def quick_demo(monkeypatch):
    monkeypatch.setattr(demo, "build_demo", _tiny_demo)
    monkeypatch.setattr(demo, "write_samples", lambda folder, **options: [])


def _dashboard() -> AppTest:
    return AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)


@pytest.mark.parametrize("damage", ["not a database", "checksum"])
def test_a_damaged_database_offers_to_keep_it_aside_and_build_the_demo(
    tmp_path, monkeypatch, quick_demo, damage
):
    path = tmp_path / "kap.duckdb"
    if damage == "not a database":
        path.write_bytes(b"this is no database " * 500)
    else:
        con = connect(path)
        _tiny_demo(con)
        con.execute("checkpoint")
        con.close()
        content = bytearray(path.read_bytes())
        content[5000:9000] = b"\xff" * 4000  # a block whose checksum no longer matches
        path.write_bytes(bytes(content))
    damaged = path.read_bytes()
    monkeypatch.setenv("KAP_DB", str(path))

    app = _dashboard()
    app.run()
    assert not app.exception, app.exception
    assert "The database cannot be used" in app.error[0].value
    assert "How to go on" in app.markdown[0].value
    assert "kap.duckdb.damaged-" in app.markdown[0].value

    app.button(key="database_move_aside").click()
    app.run()
    assert not app.exception, app.exception
    kept = list(tmp_path.glob("kap.duckdb.damaged-*"))
    assert [p.read_bytes() for p in kept if not p.name.endswith(".wal")] == [damaged]
    assert any("was kept as" in s.value for s in app.success)
    assert not app.error
    con = connect(path)
    assert con.execute("select name from accounts").fetchall() == [("Demo GmbH",)]
    con.close()


def test_a_missing_database_file_is_created_with_the_demo(tmp_path, monkeypatch, quick_demo):
    path = tmp_path / "not yet" / "kap.duckdb"
    monkeypatch.setenv("KAP_DB", str(path))
    app = _dashboard()
    app.run()
    assert not app.exception, app.exception
    assert not app.error
    assert path.exists()
