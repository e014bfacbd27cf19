"""Readers and dialects: every delimiter, encoding, number and date style, xlsx and parquet."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kapanalytics.errors import ImportRejectedError
from kapanalytics.ingest import Mapping, import_file, read_preview, sheet_names, validate_file
from tests.ingest_support import rows, write_text, write_xlsx

ACCOUNT_ROWS = [("A1", "Alpha GmbH", "Germany"), ("A2", "Beta Ltd", "United Kingdom")]


@pytest.mark.parametrize(
    ("delimiter", "expected"),
    [(";", ";"), (",", ","), ("\t", "\t"), ("|", "|")],
    ids=["semicolon", "comma", "tab", "pipe"],
)
def test_each_delimiter_is_detected_and_loaded(con, tmp_path, delimiter, expected):
    lines = [delimiter.join(["Customer ID", "Customer Name", "Country"])]
    lines += [delimiter.join(row) for row in ACCOUNT_ROWS]
    path = write_text(tmp_path / "accounts.csv", "\n".join(lines) + "\n")

    frame, info = read_preview(path)
    result = import_file(con, path, preset="generic_en", table="accounts")

    assert info.delimiter == expected
    assert list(frame.columns) == ["Customer ID", "Customer Name", "Country"]
    assert result.rows_loaded == 2
    assert rows(con, "select account_id, name, country from accounts order by 1") == ACCOUNT_ROWS


def test_blank_separated_columns_are_read(con, tmp_path):
    path = write_text(
        tmp_path / "log.txt",
        " customer_id  date number_of_cds  dollar_value\r\n"
        " 00001 19970101  1   11.77\r\n 00002 19970112  5   77.00\r\n",
    )
    _, info = read_preview(path)
    import_file(con, path, preset="cdnow")
    assert info.delimiter == "whitespace"
    assert rows(
        con, "select account_id, invoice_date, net_amount from transactions order by 1"
    ) == [
        ("00001", dt.date(1997, 1, 1), 11.77),
        ("00002", dt.date(1997, 1, 12), 77.0),
    ]


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")],
)
def test_each_encoding_keeps_umlauts_and_euro(con, tmp_path, encoding, detected):
    text = (
        "Kundennummer;Kundenname;Land;Jahrespotenzial\nK1;Müller & Söhne €uro;Österreich;1.500,50\n"
    )
    path = write_text(tmp_path / "kunden.csv", text, encoding)

    _, info = read_preview(path)
    import_file(con, path, preset="generic_de", table="accounts")

    assert info.encoding == detected
    assert rows(con, "select name, country, annual_potential from accounts") == [
        ("Müller & Söhne €uro", "Österreich", 1500.5)
    ]


@pytest.mark.parametrize(
    ("text_value", "expected"),
    [("1.234,56", 1234.56), ("12,5", 12.5), ("1.234.567", 1234567.0), ("1.234,50-", -1234.5)],
    ids=["thousands-and-decimal", "decimal-comma", "thousands-only", "trailing-minus"],
)
def test_decimal_comma_and_thousands_dot(con, tmp_path, text_value, expected):
    path = write_text(
        tmp_path / "budget.csv",
        f"Kundennummer;Jahr;Monat;Budget\nK1;2024;1;{text_value}\n",
    )
    con.execute("insert into accounts (account_id) values ('K1')")
    import_file(con, path, preset="generic_de", table="budgets")
    assert rows(con, "select budget_amount from budgets") == [(expected,)]


def test_number_style_is_detected_without_a_preset_setting(tmp_path):
    comma = write_text(tmp_path / "de.csv", "a;b\nx;1.234,5\ny;7,25\n")
    point = write_text(tmp_path / "en.csv", 'a,b\nx,"1,234.5"\ny,7.25\n')
    assert read_preview(comma)[1].decimal == ","
    assert read_preview(point)[1].decimal == "."


@pytest.mark.parametrize(
    ("dates", "expected_format", "expected_first", "ambiguous"),
    [
        (["2024-12-31", "2024-01-05"], "%Y-%m-%d", dt.date(2024, 12, 31), False),
        (["31.12.2024", "05.01.2024"], "%d.%m.%Y", dt.date(2024, 12, 31), False),
        (["12/31/2024", "01/05/2024"], "%m/%d/%Y", dt.date(2024, 12, 31), False),
        (["31/12/2024", "05/01/2024"], "%d/%m/%Y", dt.date(2024, 12, 31), False),
        (["20241231", "20240105"], "%Y%m%d", dt.date(2024, 12, 31), False),
        (["03/04/2024", "05/06/2024"], "%m/%d/%Y", dt.date(2024, 3, 4), True),
    ],
    ids=["iso", "dotted", "us", "uk", "compact", "ambiguous-uses-default"],
)
def test_date_formats_are_detected_from_the_values(
    con, tmp_path, dates, expected_format, expected_first, ambiguous
):
    body = "".join(f"C{i};A{i};{d}\n" for i, d in enumerate(dates))
    path = write_text(tmp_path / "contacts.csv", "Contact ID;Account ID;Last Contact\n" + body)
    con.execute("insert into accounts (account_id) values ('A0'), ('A1')")

    result = import_file(con, path, preset="generic_en", table="contacts")

    info = result.report.source
    assert info.date_formats["Last Contact"] == expected_format
    assert info.date_ambiguous is ambiguous
    assert any("day" in note for note in result.report.notes) is ambiguous
    stored = rows(con, "select last_contact_date from contacts order by contact_id")
    assert stored[0] == (expected_first,)


def test_ambiguous_dates_follow_the_reader_option(con, tmp_path):
    path = write_text(tmp_path / "c.csv", "Contact ID,Account ID,Last Contact\nC1,A1,03/04/2024\n")
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        '[reader]\nambiguous_dates = "dmy"\n[tables.contacts.fields]\n'
        'contact_id = "Contact ID"\naccount_id = "Account ID"\nlast_contact_date = "Last Contact"\n'
    )
    con.execute("insert into accounts (account_id) values ('A1')")
    import_file(con, path, mapping_path=mapping)
    assert rows(con, "select last_contact_date from contacts") == [(dt.date(2024, 4, 3),)]


def test_an_explicit_field_format_wins_over_detection(con, tmp_path):
    path = write_text(tmp_path / "c.csv", "Contact ID,Account ID,Last Contact\nC1,A1,04/03/2024\n")
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        "[tables.contacts.fields]\n"
        'contact_id = "Contact ID"\naccount_id = "Account ID"\n'
        'last_contact_date = { column = "Last Contact", format = "%d/%m/%Y" }\n'
    )
    con.execute("insert into accounts (account_id) values ('A1')")
    import_file(con, path, mapping_path=mapping)
    assert rows(con, "select last_contact_date from contacts") == [(dt.date(2024, 3, 4),)]


def test_report_title_lines_above_the_header_are_skipped(con, tmp_path):
    path = write_text(
        tmp_path / "report.csv",
        "Kundenliste Stand 31.12.2024\n\nKundennummer;Kundenname;Land\nK1;Alpha;DE\nK2;Beta;AT\n",
    )
    frame, info = read_preview(path)
    result = import_file(con, path, preset="generic_de", table="accounts")
    assert info.header_row == 3
    assert len(frame) == 2
    assert result.rows_loaded == 2


def test_row_numbers_count_the_header_as_row_one(con, tmp_path):
    path = write_text(
        tmp_path / "b.csv", "Kundennummer;Jahr;Monat;Budget\nK1;2024;1;5\nK1;2024;2;x\n"
    )
    con.execute("insert into accounts (account_id) values ('K1')")
    report = validate_file(con, path, preset="generic_de", table="budgets")
    assert report.examples["row"].tolist() == [3]


def test_xlsx_sheet_is_chosen_by_name_or_index(con, tmp_path):
    path = write_xlsx(
        tmp_path / "crm.xlsx",
        {
            "Info": [["exported", "2024-12-31"]],
            "Kunden": [["Kundennummer", "Kundenname", "Mitarbeiter"], [1001, "Alpha", 250]],
        },
    )
    assert sheet_names(path) == ["Info", "Kunden"]

    by_name = validate_file(con, path, preset="generic_de", table="accounts", sheet="Kunden")
    import_file(con, path, preset="generic_de", table="accounts", sheet=1)

    assert by_name.ok
    assert by_name.source.sheet == "Kunden"
    # a numeric cell 1001 is the id "1001", and numbers ignore the preset's decimal comma
    assert rows(con, "select account_id, name, employees from accounts") == [("1001", "Alpha", 250)]


def test_xlsx_dates_and_decimals_are_read_as_cells(con, tmp_path):
    path = write_xlsx(
        tmp_path / "umsatz.xlsx",
        {
            "Umsatz": [
                ["Rechnungsnummer", "Kundennummer", "Rechnungsdatum", "Menge", "Einzelpreis"],
                ["R1", "K1", dt.datetime(2024, 12, 31), 2, 2.55],
            ]
        },
    )
    con.execute("insert into accounts (account_id) values ('K1')")
    import_file(con, path, preset="generic_de", table="transactions")
    assert rows(con, "select invoice_date, unit_price, net_amount, currency from transactions") == [
        (dt.date(2024, 12, 31), 2.55, 5.1, "EUR")
    ]


def test_xlsx_unknown_sheet_is_rejected_with_the_sheet_names(con, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", {"Kunden": [["Kundennummer"], ["K1"]]})
    with pytest.raises(ImportRejectedError, match="Kunden"):
        import_file(con, path, preset="generic_de", table="accounts", sheet="Umsatz")


def test_xlsx_row_numbers_match_excel(con, tmp_path):
    path = write_xlsx(
        tmp_path / "b.xlsx",
        {
            "B": [
                ["Budget 2024"],
                [],
                ["Kundennummer", "Jahr", "Monat", "Budget"],
                ["K1", 2024, 1, "x"],
            ]
        },
    )
    con.execute("insert into accounts (account_id) values ('K1')")
    report = validate_file(con, path, preset="generic_de", table="budgets")
    assert report.source.header_row == 3
    assert report.examples["row"].tolist() == [4]


def test_parquet_keeps_types_and_turns_float_ids_into_text(con, tmp_path):
    path = tmp_path / "accounts.parquet"
    pd.DataFrame(
        {
            "Customer ID": [12346.0, 12347.0],
            "Customer Name": ["Alpha", "Beta"],
            "Created": pd.to_datetime(["2020-01-31", "2021-06-30"]),
            "Employees": [10, 20],
        }
    ).to_parquet(path)

    frame, info = read_preview(path)
    import_file(con, path, preset="generic_en", table="accounts")

    assert info.format == "parquet"
    assert frame.iloc[0]["Customer ID"] == "12346"
    assert rows(con, "select account_id, created_date, employees from accounts order by 1") == [
        ("12346", dt.date(2020, 1, 31), 10),
        ("12347", dt.date(2021, 6, 30), 20),
    ]


def test_float_ids_written_as_text_lose_their_zero_fraction(con, tmp_path):
    path = write_text(tmp_path / "a.csv", "Customer ID,Customer Name\n12346.0,Alpha\n12.5,Beta\n")
    import_file(con, path, preset="generic_en", table="accounts")
    assert rows(con, "select account_id from accounts order by 1") == [("12.5",), ("12346",)]


def test_preview_returns_text_and_the_detected_dialect(tmp_path):
    path = write_text(
        tmp_path / "u.csv",
        "Rechnungsnummer;Rechnungsdatum;Nettobetrag\n" + "R1;31.12.2024;1.234,50\n" * 30,
        "cp1252",
    )
    frame, info = read_preview(path, rows=5)
    assert len(frame) == 5
    assert frame.iloc[0].tolist() == ["R1", "31.12.2024", "1.234,50"]
    assert (info.format, info.delimiter, info.decimal, info.thousands) == ("csv", ";", ",", ".")
    assert info.date_format == "%d.%m.%Y"
    assert info.columns == ["Rechnungsnummer", "Rechnungsdatum", "Nettobetrag"]


def test_windows_text_after_a_long_ascii_start_is_still_read(con, tmp_path):
    filler = "".join(f"K{i};Kunde {i}\n" for i in range(40_000))  # beyond the sniffed sample
    path = write_text(
        tmp_path / "k.csv", f"Kundennummer;Kundenname\n{filler}K-X;Müller\n", "cp1252"
    )
    result = import_file(con, path, preset="generic_de", table="accounts")
    assert result.report.source.encoding == "cp1252"
    assert rows(con, "select name from accounts where account_id = 'K-X'") == [("Müller",)]


def test_spreadsheets_fall_back_to_openpyxl(con, tmp_path, monkeypatch):
    import python_calamine

    def broken(*_args, **_kwargs):
        raise python_calamine.CalamineError("cannot read")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", broken)
    path = write_xlsx(
        tmp_path / "k.xlsx", {"Kunden": [["Kundennummer", "Kundenname"], ["K1", "A"]]}
    )
    assert sheet_names(path) == ["Kunden"]
    import_file(con, path, preset="generic_de", table="accounts")
    assert rows(con, "select account_id, name from accounts") == [("K1", "A")]


def test_detected_options_read_the_file_the_same_way_again(con, tmp_path):
    path = write_text(
        tmp_path / "k.csv",
        "Export\n\nKundennummer;Kundenname;Jahrespotenzial\nK1;Ä;1.000,5\n",
        "cp1252",
    )
    _, info = read_preview(path)
    mapping = Mapping.from_dict(
        "accounts",
        {"account_id": "Kundennummer", "name": "Kundenname", "annual_potential": "Jahrespotenzial"},
        reader=info.reader_options(),
    )
    import_file(con, path, mapping=mapping)
    assert mapping.reader.skip_rows == 2
    assert "cp1252" in info.describe()
    assert "header in row 3" in info.describe()
    assert rows(con, "select name, annual_potential from accounts") == [("Ä", 1000.5)]
