"""Exports: formula injection is neutralised, every format reads back the same table."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from kapanalytics.errors import ConfigurationError
from kapanalytics.export import (
    export_canonical_table,
    frame_to_csv_bytes,
    frame_to_xlsx_bytes,
    neutralise_formulas,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+49 30 1234", "'+49 30 1234"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Müller GmbH", "Müller GmbH"),
        ("a=b", "a=b"),
    ],
)
def test_text_cells_that_start_a_formula_get_an_apostrophe(cell, expected):
    frame = pd.DataFrame({"name": [cell], "amount": [-5.0]})
    out = neutralise_formulas(frame)
    assert out.loc[0, "name"] == expected
    assert out.loc[0, "amount"] == -5.0, "numbers are never touched"


def test_csv_export_has_a_bom_and_reads_back():
    frame = pd.DataFrame({"name": ["Müller", "=1+1"], "revenue": [1.5, -2.0]})
    data = frame_to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["name"].tolist() == ["Müller", "'=1+1"]
    assert back["revenue"].tolist() == [1.5, -2.0]


def test_xlsx_export_reads_back_with_openpyxl():
    frame = pd.DataFrame({"name": ["Müller", "@x"], "revenue": [1.5, 2.0]})
    back = pd.read_excel(io.BytesIO(frame_to_xlsx_bytes(frame, "top")), engine="openpyxl")
    assert back["name"].tolist() == ["Müller", "'@x"]
    assert back["revenue"].sum() == pytest.approx(3.5)


def _accounts(con):
    con.execute(
        "insert into accounts (account_id, name, annual_potential) values"
        " ('A2', '=cmd|calc', 100.0), ('A1', 'Müller GmbH', 2.5)"
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_canonical_table_exports_in_key_order_in_every_format(con, tmp_path, fmt):
    _accounts(con)
    path = export_canonical_table(con, "accounts", tmp_path / f"accounts.{fmt}", fmt)
    if fmt == "csv":
        back = pd.read_csv(path)
    elif fmt == "xlsx":
        back = pd.read_excel(path, engine="calamine")
    else:
        back = pd.read_parquet(path)
    assert back["account_id"].tolist() == ["A1", "A2"]
    assert back["annual_potential"].tolist() == [2.5, 100.0]
    expected_name = "=cmd|calc" if fmt == "parquet" else "'=cmd|calc"
    assert back.loc[1, "name"] == expected_name


def test_unknown_table_or_format_is_refused(con, tmp_path):
    with pytest.raises(ConfigurationError, match="Unknown table 'secrets'"):
        export_canonical_table(con, "secrets", tmp_path / "x.csv", "csv")
    with pytest.raises(ConfigurationError, match="Unknown format 'pdf'"):
        export_canonical_table(con, "accounts", tmp_path / "x.pdf", "pdf")
