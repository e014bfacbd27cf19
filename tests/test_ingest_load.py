"""Loading: one transaction, replace and upsert, quarantine, the import log."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from kapanalytics.errors import ImportRejectedError
from kapanalytics.ingest import import_file, import_history, load, quarantine_rows
from kapanalytics.store import connect
from tests.ingest_support import data_checksums, rows, table_checksums, write_text

ACCOUNTS_V1 = "Customer ID,Customer Name,Country\nA1,Alpha,DE\nA2,Beta,AT\nA3,Gamma,CH\n"
ACCOUNTS_V2 = "Customer ID,Customer Name,Country\nA2,Beta Renamed,AT\nA4,Delta,FR\n"
TX_HEADER = "Invoice Number,Line No,Customer ID,Invoice Date,Quantity,Unit Price,Amount"


def _accounts(con, tmp_path, text, name="accounts.csv", **kwargs):
    path = write_text(tmp_path / name, text)
    return import_file(con, path, preset="generic_en", table="accounts", **kwargs)


class Boom(RuntimeError):
    pass


@pytest.mark.parametrize("mode", ["upsert", "replace"])
def test_failure_between_delete_and_insert_leaves_every_table_unchanged(
    con, tmp_path, monkeypatch, mode
):
    _accounts(con, tmp_path, ACCOUNTS_V1)
    before = table_checksums(con)

    def fail(_con):
        raise Boom("disk full")

    monkeypatch.setattr(load, "_before_insert", fail)
    with pytest.raises(Boom):
        _accounts(con, tmp_path, ACCOUNTS_V2, name="v2.csv", mode=mode)

    assert table_checksums(con) == before
    assert rows(con, "select count(*) from accounts") == [(3,)]


def test_failure_after_the_insert_rolls_back_quarantine_and_log_too(con, tmp_path, monkeypatch):
    _accounts(con, tmp_path, ACCOUNTS_V1)
    before = table_checksums(con)
    original = load._create_accounts

    def fail_late(*args):
        original(*args)
        raise Boom("connection lost")

    monkeypatch.setattr(load, "_create_accounts", fail_late)
    path = write_text(
        tmp_path / "tx.csv", f"{TX_HEADER}\nR1,1,A1,2024-01-02,1,2,2\nR2,1,A1,2024-01-02,1,2,x\n"
    )
    with pytest.raises(Boom):
        import_file(con, path, preset="generic_en", on_bad_rows="quarantine")
    assert table_checksums(con) == before


def test_atomicity_holds_on_a_database_file(db_path, tmp_path, monkeypatch):
    con = connect(db_path)
    _accounts(con, tmp_path, ACCOUNTS_V1)
    before = table_checksums(con)
    monkeypatch.setattr(load, "_before_insert", lambda _con: (_ for _ in ()).throw(Boom()))
    with pytest.raises(Boom):
        _accounts(con, tmp_path, ACCOUNTS_V2, name="v2.csv", mode="replace")
    con.close()
    reopened = connect(db_path)
    assert table_checksums(reopened) == before
    reopened.close()


@pytest.mark.parametrize("mode", ["upsert", "replace"])
def test_reimporting_the_same_file_changes_nothing(con, tmp_path, mode):
    _accounts(con, tmp_path, ACCOUNTS_V1, mode=mode)
    tx = write_text(
        tmp_path / "tx.csv",
        f"{TX_HEADER}\nR1,1,A1,2024-01-02,1,2,2\nR1,2,A1,2024-01-02,3,2,6\nR2,1,A2,2024-02-03,1,5,5\n",
    )
    import_file(con, tx, preset="generic_en", mode=mode)
    first = data_checksums(con)

    _accounts(con, tmp_path, ACCOUNTS_V1, mode=mode)
    import_file(con, tx, preset="generic_en", mode=mode)

    assert data_checksums(con) == first
    assert len(import_history(con)) == 4


def test_upsert_replaces_changed_rows_adds_new_and_keeps_others(con, tmp_path):
    _accounts(con, tmp_path, ACCOUNTS_V1)
    result = _accounts(con, tmp_path, ACCOUNTS_V2, name="v2.csv", mode="upsert")
    assert result.rows_loaded == 2
    assert rows(con, "select account_id, name, country from accounts order by 1") == [
        ("A1", "Alpha", "DE"),
        ("A2", "Beta Renamed", "AT"),
        ("A3", "Gamma", "CH"),
        ("A4", "Delta", "FR"),
    ]


def test_upsert_matches_on_the_whole_key(con, tmp_path):
    _accounts(con, tmp_path, ACCOUNTS_V1)
    first = write_text(
        tmp_path / "t1.csv", f"{TX_HEADER}\nR1,1,A1,2024-01-02,1,2,2\nR1,2,A1,2024-01-02,1,3,3\n"
    )
    second = write_text(tmp_path / "t2.csv", f"{TX_HEADER}\nR1,2,A1,2024-01-02,1,9,9\n")
    import_file(con, first, preset="generic_en")
    import_file(con, second, preset="generic_en")
    assert rows(con, "select invoice_id, line_no, net_amount from transactions order by 2") == [
        ("R1", 1, 2.0),
        ("R1", 2, 9.0),
    ]


def test_replace_empties_the_table_first(con, tmp_path):
    _accounts(con, tmp_path, ACCOUNTS_V1)
    _accounts(con, tmp_path, ACCOUNTS_V2, name="v2.csv", mode="replace")
    assert rows(con, "select account_id from accounts order by 1") == [("A2",), ("A4",)]


def test_quarantine_lands_valid_rows_and_sets_bad_ones_aside(con, tmp_path):
    _accounts(con, tmp_path, ACCOUNTS_V1)
    path = write_text(
        tmp_path / "tx.csv",
        f"{TX_HEADER}\n"
        "R1,1,A1,2024-01-02,1,2,2\n"
        "R2,1,A1,2024-01-02,1,2,lots\n"
        "R3,1,XX,2024-01-02,1,2,2\n"
        "R4,1,A2,2024-01-02,1,2,2\n",
    )
    result = import_file(con, path, preset="generic_en", on_bad_rows="quarantine")

    assert (result.rows_in, result.rows_loaded, result.rows_quarantined) == (4, 2, 2)
    assert rows(con, "select invoice_id from transactions order by 1") == [("R1",), ("R4",)]
    held = quarantine_rows(con, result.import_id)
    assert held["source_row"].tolist() == [3, 4]
    assert held["column_name"].tolist() == ["Amount", "Customer ID"]
    assert held["value"].tolist() == ["lots", "XX"]
    assert '"lots" in Amount is not a number' in held["reason"].iloc[0]
    assert "Import the accounts file first" in held["fix"].iloc[1]
    raw = json.loads(held["raw_row"].iloc[0])
    assert raw == {
        "Invoice Number": "R2",
        "Line No": "1",
        "Customer ID": "A1",
        "Invoice Date": "2024-01-02",
        "Quantity": "1",
        "Unit Price": "2",
        "Amount": "lots",
    }
    assert set(held["target_table"]) == {"transactions"}


def test_reject_is_the_default_and_stores_nothing(con, tmp_path):
    _accounts(con, tmp_path, ACCOUNTS_V1)
    before = table_checksums(con)
    path = write_text(
        tmp_path / "tx.csv", f"{TX_HEADER}\nR1,1,A1,2024-01-02,1,2,2\nR2,1,XX,x,1,2,2\n"
    )
    with pytest.raises(ImportRejectedError, match="--on-bad-rows quarantine") as caught:
        import_file(con, path, preset="generic_en")
    assert caught.value.report.rows_bad == 1
    assert table_checksums(con) == before


def test_import_log_records_the_import(con, tmp_path):
    path = write_text(tmp_path / "upload_1234.csv", ACCOUNTS_V1 + "A1,Dup,DE\n")
    before = dt.datetime.now()
    result = import_file(
        con,
        path,
        preset="generic_en",
        table="accounts",
        mode="replace",
        on_bad_rows="quarantine",
        imported_by="controller@example.com",
        file_label="Kunden.csv",
    )
    log = import_history(con).iloc[0]
    assert log["import_id"] == result.import_id
    assert log["target_table"] == "accounts"
    assert log["file_name"] == "Kunden.csv"
    assert log["file_hash"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert log["mapping"] == "generic_en"
    assert log["mode"] == "replace"
    assert (log["rows_in"], log["rows_loaded"], log["rows_quarantined"]) == (4, 2, 2)
    assert log["imported_by"] == "controller@example.com"
    assert before <= log["started_at"] <= log["finished_at"] <= dt.datetime.now()
    assert set(quarantine_rows(con)["source_row"]) == {2, 5}


def test_import_ids_count_up_and_history_is_newest_first(con, tmp_path):
    first = _accounts(con, tmp_path, ACCOUNTS_V1)
    second = _accounts(con, tmp_path, ACCOUNTS_V2, name="v2.csv")
    assert second.import_id == first.import_id + 1
    assert import_history(con)["import_id"].tolist() == [second.import_id, first.import_id]
    assert import_history(con)["imported_by"].iloc[0]  # the OS user by default


def test_mapping_file_name_is_logged(con, tmp_path):
    mapping = tmp_path / "kunden.toml"
    mapping.write_text('[tables.accounts.fields]\naccount_id = "Nr"\n')
    path = write_text(tmp_path / "k.csv", "Nr\n1\n")
    import_file(con, path, mapping_path=mapping)
    assert import_history(con)["mapping"].iloc[0] == "mapping kunden.toml"


def test_progress_reports_each_step(con, tmp_path):
    calls = []
    path = write_text(tmp_path / "a.csv", ACCOUNTS_V1)
    import_file(
        con, path, preset="generic_en", table="accounts", progress=lambda f, m: calls.append((f, m))
    )
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions)
    assert fractions[0] < 0.5
    assert fractions[-1] == 1.0
    assert any("Validating" in m for _, m in calls)
    assert any("Loading" in m for _, m in calls)


def test_created_accounts_keep_existing_ones(con, tmp_path):
    _accounts(con, tmp_path, ACCOUNTS_V1)
    path = write_text(
        tmp_path / "retail.csv",
        "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
        "1,S,1,2011-01-02 10:00:00,2.5,A1,Norway\n"
        "2,S,1,2011-01-03 10:00:00,2.5,N1,\n"
        "3,S,1,2011-01-04 10:00:00,2.5,N1,Norway\n",
    )
    result = import_file(con, path, preset="online_retail")
    assert result.accounts_created == 1
    assert rows(
        con, "select account_id, country from accounts where account_id in ('A1', 'N1')"
    ) == [
        ("A1", "DE"),
        ("N1", "Norway"),
    ]


def test_invalid_mode_is_refused_before_reading(con, tmp_path):
    from kapanalytics.errors import ConfigurationError

    path = write_text(tmp_path / "a.csv", ACCOUNTS_V1)
    with pytest.raises(ConfigurationError, match="mode"):
        import_file(con, path, preset="generic_en", mode="append")
    with pytest.raises(ConfigurationError, match="on_bad_rows"):
        import_file(con, path, preset="generic_en", on_bad_rows="ignore")


def test_temporary_tables_are_dropped(con, tmp_path):
    path = write_text(tmp_path / "a.csv", ACCOUNTS_V1)
    import_file(con, path, preset="generic_en", table="accounts")
    left = con.execute(
        "select table_name from duckdb_tables() where table_name like '_kap_%' "
        "union all select view_name from duckdb_views() where view_name like '_kap_%'"
    ).fetchall()
    assert left == []


def test_staged_invoices_follow_every_import_of_lines_or_products(con, tmp_path):
    _accounts(con, tmp_path, ACCOUNTS_V1)
    lines = write_text(
        tmp_path / "lines.csv",
        "Invoice Number,Line No,Customer ID,Invoice Date,Product ID,Quantity,Unit Price,Amount\n"
        "R1,1,A1,2024-01-02,P1,1,30,30\nR1,2,A1,2024-01-02,P2,1,12.5,12.5\n"
        "R3,1,A2,2024-02-01,P1,1,5,5\n",
    )
    import_file(con, lines, preset="generic_en", table="transactions")
    staged_groups = "select product_group from staged_invoice_lines order by account_id, line_no"
    assert rows(con, staged_groups) == [("(none)",), ("(none)",), ("(none)",)]
    assert rows(
        con, "select account_id, invoice_id, total, is_purchase from staged_invoices order by 1"
    ) == [("A1", "R1", 42.5, True), ("A2", "R3", 5.0, True)]

    products = write_text(
        tmp_path / "products.csv", "Product ID,Product Name,Product Group\nP1,Pump,Pumps\n"
    )
    import_file(con, products, preset="generic_en", table="products")
    assert rows(con, staged_groups) == [("Pumps",), ("(none)",), ("Pumps",)]

    more = write_text(
        tmp_path / "more.csv",
        "Invoice Number,Line No,Customer ID,Invoice Date,Product ID,Quantity,Unit Price,Amount\n"
        "R2,1,A2,2024-03-01,P1,2,10,20\n",
    )
    import_file(con, more, preset="generic_en", table="transactions", mode="upsert")
    assert rows(con, "select count(*), sum(total) from staged_invoices") == [(3, 67.5)]


def _memory_limit(con) -> str:
    return con.execute("select current_setting('memory_limit')").fetchone()[0]


def test_an_import_holds_duckdb_to_its_memory_limit_and_gives_the_old_one_back(
    con, tmp_path, monkeypatch
):
    before = _memory_limit(con)
    seen = []
    monkeypatch.setattr(load, "_before_insert", lambda c: seen.append(_memory_limit(c)))
    _accounts(con, tmp_path, ACCOUNTS_V1)
    # DuckDB shows 2 GB (10^9 bytes) as 1.8 GiB
    assert seen == ["1.8 GiB"]
    assert _memory_limit(con) == before

    monkeypatch.setattr(load, "_before_insert", lambda c: (_ for _ in ()).throw(Boom()))
    with pytest.raises(Boom):
        _accounts(con, tmp_path, ACCOUNTS_V2, name="v2.csv")
    assert _memory_limit(con) == before


def test_the_import_memory_limit_comes_from_the_environment(con, tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(load, "_before_insert", lambda c: seen.append(_memory_limit(c)))
    monkeypatch.setenv("KAP_IMPORT_MEMORY_LIMIT", "500MB")
    _accounts(con, tmp_path, ACCOUNTS_V1)
    monkeypatch.setenv("KAP_IMPORT_MEMORY_LIMIT", "none")
    _accounts(con, tmp_path, ACCOUNTS_V1)
    assert seen == ["476.8 MiB", _memory_limit(con)]


def test_an_import_out_of_memory_says_what_to_do_and_stores_nothing(con, tmp_path, monkeypatch):
    from kapanalytics.errors import ImportOutOfMemoryError

    _accounts(con, tmp_path, ACCOUNTS_V1)
    before, limit = table_checksums(con), _memory_limit(con)
    monkeypatch.setenv("KAP_IMPORT_MEMORY_LIMIT", "1MB")
    rows = "".join(f"B{i},Name {i},DE\n" for i in range(20_000))
    with pytest.raises(ImportOutOfMemoryError, match=r"v2\.csv needs more memory .*\(1MB\)"):
        _accounts(con, tmp_path, ACCOUNTS_V2 + rows, name="v2.csv")
    assert table_checksums(con) == before
    assert _memory_limit(con) == limit
