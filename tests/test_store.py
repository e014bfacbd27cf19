"""The database file: schema creation, migration, transactions, the data version."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from kapanalytics import store
from kapanalytics.errors import ConfigurationError, DatabaseCorruptError
from kapanalytics.schema import CANONICAL_TABLES, SCHEMA_VERSION
from kapanalytics.staging import refresh_staged_tables


def test_new_file_gets_every_canonical_and_app_table(db_path):
    con = store.connect(db_path)
    tables = {
        r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()
    }
    assert set(CANONICAL_TABLES) <= tables
    assert {"import_log", "quarantine", "settings", "key_account_decisions"} <= tables
    assert store.schema_version(con) == SCHEMA_VERSION


def test_columns_match_the_declared_schema(con):
    for name, table in CANONICAL_TABLES.items():
        rows = con.execute(
            "select column_name, data_type, is_nullable from information_schema.columns"
            " where table_name = ? order by ordinal_position",
            [name],
        ).fetchall()
        assert [r[0] for r in rows] == table.field_names
        for (column, _type, nullable), field in zip(rows, table.fields, strict=True):
            assert (nullable == "NO") == field.required, f"{name}.{column}"


def test_reopening_keeps_data_and_version(db_path):
    con = store.connect(db_path)
    con.execute("insert into accounts (account_id) values ('A1')")
    con.close()
    again = store.connect(db_path)
    assert again.execute("select count(*) from accounts").fetchone()[0] == 1
    assert again.execute("select count(*) from schema_info").fetchone()[0] == 1


def test_a_newer_schema_is_refused_with_advice(db_path):
    con = store.connect(db_path)
    con.execute("update schema_info set schema_version = ?", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(DatabaseCorruptError, match="newer than this kapanalytics"):
        store.connect(db_path)


def test_a_file_that_is_no_database_gets_a_way_forward(tmp_path):
    path = tmp_path / "broken.duckdb"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseCorruptError, match="kap demo"):
        store.connect(path)


def _insert_then_fail(con):
    with store.transaction(con):
        con.execute("insert into accounts (account_id) values ('A1')")
        raise RuntimeError("injected")


def test_transaction_rolls_back_everything_on_error(con):
    with pytest.raises(RuntimeError, match="injected"):
        _insert_then_fail(con)
    assert con.execute("select count(*) from accounts").fetchone()[0] == 0


def test_data_version_changes_on_imports_and_app_events(con):
    before = store.data_version(con)
    store.record_app_event(con)
    after_event = store.data_version(con)
    con.execute(
        "insert into import_log values (nextval('import_id_seq'), 'accounts', 'f.csv', null,"
        " null, 'upsert', 1, 1, 0, now(), now(), 'me')"
    )
    after_import = store.data_version(con)
    assert len({before, after_event, after_import}) == 3


def test_main_currency_is_the_most_common(con):
    assert store.main_currency(con) == "EUR"
    con.execute(
        "insert into transactions (invoice_id, line_no, account_id, invoice_date, net_amount,"
        " currency) values ('1', 1, 'A', '2024-01-01', 1, 'GBP'), ('1', 2, 'A', '2024-01-01',"
        " 1, 'GBP'), ('2', 1, 'A', '2024-01-01', 1, 'EUR')"
    )
    assert store.main_currency(con) == "GBP"


def test_first_rows_refuses_unknown_tables(con):
    with pytest.raises(KeyError, match="Unknown table"):
        store.first_rows(con, "import_log; drop table accounts", 5)
    assert con.execute("select count(*) from accounts").fetchone()[0] == 0


def test_in_memory_databases_are_private():
    a = store.connect(":memory:")
    b = store.connect(":memory:")
    a.execute("insert into accounts (account_id) values ('A1')")
    assert b.execute("select count(*) from accounts").fetchone()[0] == 0
    assert isinstance(a, duckdb.DuckDBPyConnection)


def test_a_version_1_file_gets_the_plan_tables_and_keeps_its_data(db_path):
    con = store.connect(db_path)
    # a file as version 1 left it: no plan tables yet
    con.execute("drop table account_plans")
    con.execute("drop table contact_edits")
    con.execute("drop sequence contact_edit_id_seq")
    con.execute("update schema_info set schema_version = 1")
    con.execute("insert into accounts (account_id) values ('A1')")
    con.close()
    again = store.connect(db_path)
    tables = {
        r[0] for r in again.execute("select table_name from information_schema.tables").fetchall()
    }
    assert {"account_plans", "contact_edits"} <= tables
    assert store.schema_version(again) == SCHEMA_VERSION
    assert again.execute("select count(*) from accounts").fetchone()[0] == 1
    again.execute("insert into account_plans values ('A1', 1, '{}', 'me', now()::timestamp)")
    again.execute(
        "insert into contact_edits values (nextval('contact_edit_id_seq'), 'C1', 'A1',"
        " 'attitude', 'positive', 'neutral', 'me', now()::timestamp)"
    )
    assert again.execute("select count(*) from contact_edits").fetchone()[0] == 1


def test_each_migration_runs_on_a_version_1_file_without_the_new_tables(db_path):
    con = store.connect(db_path)
    con.execute("drop table account_plans")
    con.execute("drop table contact_edits")
    con.execute("drop sequence contact_edit_id_seq")
    # the version-2 step alone creates the tables, whatever the creation of new files does
    for statement in store.MIGRATIONS[2]:
        con.execute(statement)
    columns = con.execute(
        "select column_name from information_schema.columns where table_name = 'account_plans'"
        " order by ordinal_position"
    ).fetchall()
    assert [c[0] for c in columns] == ["account_id", "version", "plan_json", "saved_by", "saved_at"]


def test_a_version_2_file_gets_its_invoices_staged_from_the_lines_it_holds(db_path):
    con = store.connect(db_path)
    # a file as version 2 left it: lines stored, nothing staged yet
    con.execute("drop table staged_account_days")
    con.execute("drop table staged_invoices")
    con.execute("drop table staged_invoice_lines")
    con.execute("update schema_info set schema_version = 2")
    con.execute("insert into products (product_id, product_group) values ('P1', 'Pumps')")
    con.execute(
        "insert into transactions (invoice_id, line_no, account_id, invoice_date, product_id,"
        " net_amount) values ('R1', 1, 'A', '2024-01-02', 'P1', 30), ('R1', 2, 'A',"
        " '2024-01-03', null, 12.5), (null, 1, 'A', '2024-02-01', null, -5)"
    )
    con.close()
    again = store.connect(db_path)
    assert store.schema_version(again) == SCHEMA_VERSION
    lines = again.execute(
        "select invoice_id, product_group from staged_invoice_lines order by invoice_date"
    ).fetchall()
    assert lines == [("R1", "Pumps"), ("R1", "(none)"), ("day:A:2024-02-01", "(none)")]
    invoices = again.execute(
        "select invoice_id, invoice_date, total, is_purchase from staged_invoices"
        " order by invoice_date"
    ).fetchall()
    assert invoices == [
        ("R1", date(2024, 1, 2), 42.5, True),
        ("day:A:2024-02-01", date(2024, 2, 1), -5.0, False),
    ]


def test_a_version_3_file_gets_its_account_days_staged_from_the_lines_it_holds(db_path):
    con = store.connect(db_path)
    con.execute(
        "insert into transactions (invoice_id, line_no, account_id, invoice_date, net_amount,"
        " is_credit_note) values ('R1', 1, 'A', '2024-01-02', 30, false),"
        " ('R1', 2, 'A', '2024-01-03', 12.5, false), ('G1', 1, 'A', '2024-01-03', -4, true),"
        " ('R2', 1, 'B', '2024-01-02', 7, false), ('R2', 2, 'B', '2024-01-02', 1.5, false)"
    )
    refresh_staged_tables(con)
    # a file as version 3 left it: lines and invoices staged, no account days yet
    con.execute("drop table staged_account_days")
    con.execute("update schema_info set schema_version = 3")
    con.close()
    again = store.connect(db_path)
    assert store.schema_version(again) == SCHEMA_VERSION
    days = again.execute(
        "select account_id, day, revenue, has_purchase from staged_account_days order by 1, 2"
    ).fetchall()
    # R1 is dated on its first line's day; on 3 January A has a line of R1 and a credit note
    assert days == [
        ("A", date(2024, 1, 2), 30.0, True),
        ("A", date(2024, 1, 3), 8.5, False),
        ("B", date(2024, 1, 2), 8.5, True),
    ]


def test_memory_limit_sets_and_restores_a_limit_chosen_before():
    con = duckdb.connect()

    def limit() -> str:
        return con.execute("select current_setting('memory_limit')").fetchone()[0]

    default = limit()
    with store.memory_limit(con, "1GB"):
        assert limit() == "953.6 MiB"
    assert limit() == default  # not the rounded text set back
    con.execute("set memory_limit = '3GB'")
    for _ in range(3):  # given back as it was, however often
        with store.memory_limit(con, "512MB"):
            assert limit() == "488.2 MiB"
        assert limit() == "2.7 GiB"
    with store.memory_limit(con, None):
        assert limit() == "2.7 GiB"


def test_memory_limit_refuses_a_limit_without_unit():
    con = duckdb.connect()
    refused = store.memory_limit(con, "2; drop table accounts")
    with pytest.raises(ConfigurationError, match="2GB or 1500MB"):
        refused.__enter__()
