"""The two real data sets, imported with their presets, checked against pandas on the same file."""

from __future__ import annotations

import pandas as pd
import pytest

from kapanalytics.ingest import import_file, quarantine_rows
from tests.conftest import shared_data_file
from tests.ingest_support import rows

pytestmark = pytest.mark.slow


def test_online_retail_lands_except_lines_without_a_customer(con):
    path = shared_data_file("uci_online_retail", "online_retail.parquet")
    source = pd.read_parquet(path)
    with_customer = source.dropna(subset=["CustomerID"])

    result = import_file(con, path, preset="online_retail", on_bad_rows="quarantine")

    assert result.rows_in == len(source)
    assert result.rows_loaded == len(with_customer)
    assert result.rows_quarantined == len(source) - len(with_customer)
    lines, customers, revenue, credit_lines = rows(
        con,
        "select count(*), count(distinct account_id), sum(net_amount), "
        "count(*) filter (where is_credit_note) from transactions",
    )[0]
    assert lines == len(with_customer)
    assert customers == with_customer["CustomerID"].nunique()
    assert revenue == pytest.approx((with_customer["Quantity"] * with_customer["UnitPrice"]).sum())
    assert credit_lines == with_customer["InvoiceNo"].str.startswith("C").sum()
    assert rows(con, "select count(*) from accounts") == [(customers,)]
    countries = with_customer.groupby("CustomerID")["Country"].first()
    assert rows(con, "select country from accounts where account_id = '12346'") == [
        (countries[12346.0],)
    ]

    held = quarantine_rows(con, result.import_id)
    missing = held[held["column_name"] == "CustomerID"]
    assert missing["source_row"].nunique() == len(source) - len(with_customer)
    assert missing["reason"].str.contains("CustomerID is empty").all()
    # row numbers count the header as row 1: data row i (0-based) is row i + 2
    first_missing = int(source.index[source["CustomerID"].isna()][0]) + 2
    assert missing["source_row"].min() == first_missing


def test_cdnow_lands_whole(con):
    path = shared_data_file("cdnow", "CDNOW_master.txt")
    source = pd.read_csv(path, sep=r"\s+")

    result = import_file(con, path, preset="cdnow")

    assert (result.rows_in, result.rows_loaded, result.rows_quarantined) == (
        len(source),
        len(source),
        0,
    )
    lines, customers, revenue, invoices = rows(
        con,
        "select count(*), count(distinct account_id), sum(net_amount), count(distinct invoice_id) "
        "from transactions",
    )[0]
    assert lines == len(source)
    assert customers == source["customer_id"].nunique()
    assert revenue == pytest.approx(source["dollar_value"].sum())
    # no invoice numbers: an account's purchases of one day are one invoice
    assert invoices == len(source.groupby(["customer_id", "date"]))
    assert result.accounts_created == customers
