"""Validation: each structural problem and each row rule has its own message and stores nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from kapanalytics.errors import ConfigurationError, ImportRejectedError
from kapanalytics.ingest import convert, import_file, validate_file
from tests.ingest_support import table_checksums, write_text

TX_HEADER = "Invoice Number,Line No,Customer ID,Invoice Date,Quantity,Unit Price,Amount"


@pytest.fixture
def stocked(con, tmp_path):
    """A database that already holds an account and an invoice, so "unchanged" means something."""
    accounts = write_text(tmp_path / "seed_accounts.csv", "Customer ID,Customer Name\nA1,Alpha\n")
    import_file(con, accounts, preset="generic_en", table="accounts")
    lines = write_text(tmp_path / "seed_tx.csv", f"{TX_HEADER}\nS1,1,A1,2024-01-02,1,10,10\n")
    import_file(con, lines, preset="generic_en", table="transactions")
    return con


STRUCTURAL_CASES = [
    ("empty", "", "accounts", "is empty"),
    ("blank", "\n\n  \n", "accounts", "is empty"),
    ("header-only", "Customer ID,Customer Name\n", "accounts", "header but no data rows"),
    (
        "missing-required-column",
        "Invoice Number,Line No,Invoice Date,Quantity,Unit Price,Amount\nR1,1,2024-01-02,1,2,2\n",
        "transactions",
        "misses column 'Account ID' or 'Customer ID'",
    ),
    (
        "duplicate-columns",
        "Customer ID,Customer Name,Customer Name\nA2,x,y\n",
        "accounts",
        "duplicate column names: Customer Name",
    ),
    (
        "wrong-table",
        "Customer ID,Customer Name,Country\nA2,Beta,DE\n",
        "transactions",
        "does not look like a file for the table transactions",
    ),
    (
        "ragged-row",
        "Customer ID,Customer Name\nA2,Beta\nA3,Gamma,extra,fields\n",
        "accounts",
        "cannot be read",
    ),
]


@pytest.mark.parametrize(
    ("text", "table", "message"),
    [case[1:] for case in STRUCTURAL_CASES],
    ids=[case[0] for case in STRUCTURAL_CASES],
)
def test_structural_problem_rejects_the_file_and_changes_nothing(
    stocked, tmp_path, text, table, message
):
    path = write_text(tmp_path / "upload.csv", text)
    before = table_checksums(stocked)

    with pytest.raises(ImportRejectedError) as caught:
        import_file(stocked, path, preset="generic_en", table=table, on_bad_rows="quarantine")

    assert message in str(caught.value)
    assert "upload.csv" in str(caught.value)
    assert caught.value.report.structural_errors
    assert not caught.value.report.ok
    assert table_checksums(stocked) == before


@pytest.mark.parametrize("name", ["missing.csv", "broken.parquet", "broken.xlsx"])
def test_unreadable_file_is_rejected(stocked, tmp_path, name):
    path = tmp_path / name
    if name != "missing.csv":
        path.write_bytes(b"PK\x03\x04 not a workbook" if name.endswith("xlsx") else b"garbage")
    before = table_checksums(stocked)
    with pytest.raises(ImportRejectedError, match="cannot be read"):
        import_file(stocked, path, preset="generic_en", table="accounts")
    assert table_checksums(stocked) == before


def _far_future() -> str:
    return (dt.date.today() + dt.timedelta(days=800)).isoformat()


# (id, table, file text, rule, column, row, value, words in the reason)
ROW_RULE_CASES = [
    (
        "required",
        "transactions",
        f"{TX_HEADER}\nR1,1,A1,2024-01-02,1,2,2\nR1,2,,2024-01-02,1,2,2\n",
        "required",
        "Customer ID",
        3,
        "",
        "Customer ID is empty",
    ),
    (
        "text-in-amount",
        "transactions",
        f"{TX_HEADER}\nR1,1,A1,2024-01-02,1,2,two\n",
        "type",
        "Amount",
        2,
        "two",
        '"two" in Amount is not a number',
    ),
    (
        "impossible-date",
        "transactions",
        f"{TX_HEADER}\nR1,1,A1,2024-02-31,1,2,2\n",
        "type",
        "Invoice Date",
        2,
        "2024-02-31",
        "is not a valid date",
    ),
    (
        "fraction-in-whole-number",
        "accounts",
        "Customer ID,Employees\nA2,12.5\n",
        "type",
        "Employees",
        2,
        "12.5",
        "is not a whole number",
    ),
    (
        "duplicate-key",
        "accounts",
        "Customer ID,Customer Name\nA2,Beta\nA3,Gamma\nA2,Beta again\n",
        "duplicate_key",
        "Customer ID",
        2,
        "A2",
        "appears 2 times in the file (first in row 2)",
    ),
    (
        "unknown-account",
        "transactions",
        f"{TX_HEADER}\nR1,1,NOPE,2024-01-02,1,2,2\n",
        "unknown_reference",
        "Customer ID",
        2,
        "NOPE",
        "names the account NOPE, which is neither stored nor in this import",
    ),
    (
        "date-before-1900",
        "transactions",
        f"{TX_HEADER}\nR1,1,A1,1899-12-31,1,2,2\n",
        "implausible_date",
        "Invoice Date",
        2,
        "1899-12-31",
        "before 1900",
    ),
    (
        "date-far-ahead",
        "transactions",
        f"{TX_HEADER}\nR1,1,A1,{_far_future()},1,2,2\n",
        "implausible_date",
        "Invoice Date",
        2,
        _far_future(),
        "more than a year from today",
    ),
    (
        "negative-quantity",
        "transactions",
        f"{TX_HEADER}\nR1,1,A1,2024-01-02,-3,2,-6\n",
        "negative_quantity",
        "Quantity",
        2,
        "-3",
        "not marked as a credit note",
    ),
]


@pytest.mark.parametrize(
    ("table", "text", "rule", "column", "row", "value", "reason"),
    [case[1:] for case in ROW_RULE_CASES],
    ids=[case[0] for case in ROW_RULE_CASES],
)
def test_each_row_rule_has_its_own_message_and_changes_nothing(
    stocked, tmp_path, table, text, rule, column, row, value, reason
):
    path = write_text(tmp_path / "upload.csv", text)
    before = table_checksums(stocked)

    with pytest.raises(ImportRejectedError) as caught:
        import_file(stocked, path, preset="generic_en", table=table)

    report = caught.value.report
    assert table_checksums(stocked) == before
    assert report.problems[["rule", "column"]].values.tolist() == [[rule, column]]
    example = report.examples.iloc[0]
    assert (example["file"], example["row"], example["column"]) == ("upload.csv", row, column)
    assert example["value"] == value
    assert reason in example["reason"]
    assert example["fix"]
    assert f"row {row}" in str(caught.value)


def test_credit_note_marker_allows_negative_quantities(stocked, tmp_path):
    path = write_text(
        tmp_path / "cn.csv",
        f"{TX_HEADER},Document Type\nR1,1,A1,2024-01-02,-3,2,-6,Credit Note\n",
    )
    result = import_file(stocked, path, preset="generic_en", table="transactions")
    assert result.rows_loaded == 1


def test_validate_file_reports_without_storing(stocked, tmp_path):
    path = write_text(
        tmp_path / "mixed.csv",
        f"{TX_HEADER}\nR1,1,A1,2024-01-02,1,2,2\nR2,1,A1,2024-01-02,1,2,x\nR3,1,ZZ,2024-01-02,1,2,2\n",
    )
    before = table_checksums(stocked)

    report = validate_file(stocked, path, preset="generic_en", table="transactions")

    assert table_checksums(stocked) == before
    assert (report.rows_in, report.rows_bad, report.ok) == (3, 2, False)
    assert sorted(report.problems["rule"]) == ["type", "unknown_reference"]
    assert report.problems["rows_affected"].tolist() == [1, 1]
    summary = report.summary()
    assert "mixed.csv -> transactions: 3 rows read, 2 with problems" in summary
    assert "row 3:" in summary
    assert "row 4:" in summary


def test_examples_are_capped_per_rule_and_column(stocked, tmp_path):
    body = "".join(f"R{i},1,A1,2024-01-02,1,2,bad\n" for i in range(12))
    path = write_text(tmp_path / "many.csv", f"{TX_HEADER}\n{body}")
    report = validate_file(stocked, path, preset="generic_en", table="transactions")
    assert report.problems["rows_affected"].tolist() == [12]
    assert len(report.examples) == 5


def test_a_clean_file_gives_an_ok_report(stocked, tmp_path):
    path = write_text(tmp_path / "ok.csv", f"{TX_HEADER}\nR9,1,A1,2024-01-02,1,2,2\n")
    report = validate_file(stocked, path, preset="generic_en", table="transactions")
    assert report.ok
    assert report.problems.empty
    assert "0 with problems" in report.summary()


def test_plausible_dates_follow_the_clock(stocked, tmp_path, monkeypatch):
    path = write_text(tmp_path / "tx.csv", f"{TX_HEADER}\nR1,1,A1,2030-01-02,1,2,2\n")
    monkeypatch.setattr(convert, "today", lambda: dt.date(2024, 1, 1))
    assert not validate_file(stocked, path, preset="generic_en", table="transactions").ok
    monkeypatch.setattr(convert, "today", lambda: dt.date(2029, 6, 1))
    assert validate_file(stocked, path, preset="generic_en", table="transactions").ok


def test_table_is_detected_from_the_headers(stocked, tmp_path):
    path = write_text(tmp_path / "tx.csv", f"{TX_HEADER}\nR1,1,A1,2024-01-02,1,2,2\n")
    report = validate_file(stocked, path, preset="generic_en")
    assert report.target_table == "transactions"


def test_undecidable_table_lists_candidates_and_columns(con, tmp_path):
    mapping = tmp_path / "codes.toml"
    mapping.write_text(
        '[tables.accounts.fields]\naccount_id = "Code"\n'
        '[tables.products.fields]\nproduct_id = "Code"\n'
    )
    path = write_text(tmp_path / "x.csv", "Code\nX1\n")
    with pytest.raises(ConfigurationError) as caught:
        validate_file(con, path, mapping_path=mapping)
    assert "fits several tables" in str(caught.value)
    assert "accounts, products" in str(caught.value)
    assert "Columns found: Code" in str(caught.value)


def test_a_one_column_file_with_a_blank_in_its_header(con, tmp_path):
    path = write_text(tmp_path / "x.csv", "Record ID\n1\n2\n")
    report = validate_file(con, path, preset="hubspot")
    assert report.source.columns == ["Record ID"]
    assert report.target_table == "accounts"


def test_no_fitting_table_lists_what_each_needs(con, tmp_path):
    path = write_text(tmp_path / "x.csv", "Foo,Bar\n1,2\n")
    with pytest.raises(ConfigurationError) as caught:
        validate_file(con, path, preset="salesforce")
    text = str(caught.value)
    assert "Columns found: Foo, Bar" in text
    assert "opportunities needs Opportunity ID" in text


def test_exactly_one_mapping_must_be_named(con, tmp_path):
    path = write_text(tmp_path / "x.csv", "Customer ID\nA\n")
    with pytest.raises(ConfigurationError, match="exactly one"):
        validate_file(con, path)
    with pytest.raises(ConfigurationError, match="exactly one"):
        validate_file(con, path, preset="generic_en", mapping_path=tmp_path / "m.toml")
