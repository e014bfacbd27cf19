"""Small extract files to try the importer with, in the formats real systems export.

``write_samples(directory)`` writes three files about a few hundred new customers (account ids
from K900001 on, invoice numbers from 9000001 on within their year, opportunity ids from
OPP-9000001 on), so importing them adds to the demo company instead of overwriting it:

=====================  ===========  ==============  ==============================================
file                   preset       table           format
=====================  ===========  ==============  ==============================================
``kunden.csv``         generic_de   accounts        German CRM export: ``;``, cp1252, decimal
                                                    comma, thousands dot, dates ``31.12.2025``
``rechnungen.csv``     generic_de   transactions    German ERP invoice lines: ``;``, UTF-8 with
                                                    BOM, decimal comma, thousands dot; credit notes
                                                    have ``Belegart`` = ``Gutschrift``
``opportunities.xlsx`` generic_en   opportunities   English CRM report, sheet "Opportunities"
=====================  ===========  ==============  ==============================================

Import ``kunden.csv`` first, so the invoices and opportunities find their accounts. The headers
are those the presets in ``kapanalytics/ingest/presets`` list first. Coded values (industry,
lost reason, attitude, product group) use the demo's own codes, so imported and generated rows
group together in every analysis.
"""

from __future__ import annotations

import csv
import zlib
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from kapanalytics.demo.common import Window, to_date
from kapanalytics.demo.crm import generate_opportunities
from kapanalytics.demo.invoices import (
    generate_catalogue,
    generate_invoices,
    invoice_line_chunks,
)
from kapanalytics.demo.portfolio import generate_portfolio

SAMPLE_ACCOUNTS = 250
FIRST_ACCOUNT_NO = 900_001
"""Sample account ids start here; the demo numbers its accounts from 100001 upwards."""
FIRST_INVOICE_NO = 9_000_001
"""Sample invoice numbers (within their year) start here, far above the demo's."""
FIRST_OPPORTUNITY_NO = 9_000_001
INVOICE_DAYS = 21
"""The invoice extract covers the last three weeks before the end date."""

ACCOUNT_HEADERS = {  # generic_de header -> canonical accounts column
    "Kundennummer": "account_id",
    "Kundenname": "name",
    "Übergeordneter Kunde": "parent_account_id",
    "Branche": "industry",
    "Land": "country",
    "Region": "region",
    "Segment": "segment",
    "Betreuer": "owner",
    "Angelegt am": "created_date",
    "Status": "status",
    "Verloren am": "lost_date",
    "Verlustgrund": "lost_reason",
    "Verloren an": "lost_to_competitor",
    "Jahrespotenzial": "annual_potential",
    "Bonität": "credit_rating",
    "Mitarbeiter": "employees",
    "Einstellung": "attitude",
}
STATUS_DE = {"active": "aktiv", "prospect": "Interessent", "lost": "verloren"}
INVOICE_HEADERS = [
    "Rechnungsnummer",
    "Position",
    "Kundennummer",
    "Rechnungsdatum",
    "Artikelnummer",
    "Warengruppe",
    "Menge",
    "Einzelpreis",
    "Nettobetrag",
    "Wareneinsatz",
    "Währung",
    "Belegart",
]
OPPORTUNITY_HEADERS = {  # generic_en header -> canonical opportunities column
    "Opportunity ID": "opportunity_id",
    "Account ID": "account_id",
    "Opportunity Name": "name",
    "Product Group": "product_group",
    "Stage": "stage",
    "Status": "status",
    "Amount": "amount",
    "Probability": "probability",
    "Created Date": "created_date",
    "Close Date": "close_date",
    "Lost Reason": "lost_reason",
    "Competitor": "competitor",
    "Opportunity Owner": "owner",
}


def write_samples(
    directory: Path, *, seed: int = 7, end_date: date = date(2026, 9, 30)
) -> list[Path]:
    """Write ``kunden.csv``, ``rechnungen.csv`` and ``opportunities.xlsx`` into ``directory``.

    The same seed writes the same files. Products are the demo's of the same seed. Returns the
    paths written, in the order to import them.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    # the sample customers are drawn from streams of their own, not the demo's
    sample_seed = zlib.crc32(f"samples-{seed}".encode())
    window = Window.ending(end_date, 5)
    portfolio = generate_portfolio(
        sample_seed, SAMPLE_ACCOUNTS, window, first_account_no=FIRST_ACCOUNT_NO
    )
    catalogue = generate_catalogue(seed)
    invoices = generate_invoices(sample_seed, portfolio)
    lines = pa.concat_tables(invoice_line_chunks(sample_seed, portfolio, catalogue, invoices))

    paths = [directory / "kunden.csv", directory / "rechnungen.csv"]
    _write_accounts(paths[0], portfolio.accounts_table().to_pandas())
    _write_invoice_lines(paths[1], lines.to_pandas(), window.end_day - INVOICE_DAYS)
    paths.append(directory / "opportunities.xlsx")
    _write_opportunities(paths[2], generate_opportunities(sample_seed, portfolio).to_pandas())
    return paths


def german_number(value: float, decimals: int = 2) -> str:
    """``1234567.891`` -> ``'1.234.567,89'``: thousands dot, decimal comma."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def german_date(value) -> str:
    """A date as ``31.12.2025``; empty for a missing one."""
    return "" if pd.isna(value) else value.strftime("%d.%m.%Y")


def _write_csv(path: Path, headers: list[str], rows: list[list[str]], encoding: str) -> None:
    # Excel on a German Windows writes ';' and CRLF
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(rows)


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _write_accounts(path: Path, accounts: pd.DataFrame) -> None:
    rows = []
    for account in accounts.itertuples(index=False):
        rows.append(
            [
                account.account_id,
                account.name,
                _text(account.parent_account_id),
                account.industry,
                account.country,
                account.region,
                account.segment,
                account.owner,
                german_date(account.created_date),
                STATUS_DE[account.status],
                german_date(account.lost_date),
                _text(account.lost_reason),
                _text(account.lost_to_competitor),
                german_number(account.annual_potential),
                german_number(account.credit_rating, 1),
                str(int(account.employees)),
                account.attitude,
            ]
        )
    _write_csv(path, list(ACCOUNT_HEADERS), rows, "cp1252")


def _write_invoice_lines(path: Path, lines: pd.DataFrame, first_day: int) -> None:
    """The lines dated from ``first_day`` on, numbered like the ERP's own invoices."""
    lines = lines[lines["invoice_date"] >= to_date(first_day)]
    lines = lines.sort_values(["invoice_date", "is_credit_note", "account_no", "invoice_number"])
    # one running number per document series and year, from FIRST_INVOICE_NO
    key = lines[["is_credit_note", "invoice_year", "invoice_number"]].astype("int64")
    document = key.drop_duplicates()
    document = document.assign(
        serial=document.groupby(["is_credit_note", "invoice_year"]).cumcount() + FIRST_INVOICE_NO
    )
    lines = lines.merge(document, on=["is_credit_note", "invoice_year", "invoice_number"])
    rows = []
    for line in lines.itertuples(index=False):
        prefix = "GS" if line.is_credit_note else "RE"
        rows.append(
            [
                f"{prefix}-{line.invoice_year}-{line.serial:07d}",
                str(line.line_no),
                f"K{line.account_no}",
                german_date(line.invoice_date),
                line.product_id,
                line.product_group,
                str(int(line.quantity)),
                german_number(line.unit_price),
                german_number(line.net_amount),
                german_number(line.cost_amount),
                "EUR",
                "Gutschrift" if line.is_credit_note else "Rechnung",
            ]
        )
    _write_csv(path, INVOICE_HEADERS, rows, "utf-8-sig")


def _write_opportunities(path: Path, opportunities: pd.DataFrame) -> None:
    frame = opportunities.rename(columns={v: k for k, v in OPPORTUNITY_HEADERS.items()})
    frame = frame[list(OPPORTUNITY_HEADERS)]
    number = frame["Opportunity ID"].str.removeprefix("OPP-").astype(np.int64)
    frame["Opportunity ID"] = "OPP-" + (number - number.min() + FIRST_OPPORTUNITY_NO).astype(str)
    for column in ("Created Date", "Close Date"):
        frame[column] = pd.to_datetime(frame[column])
    with pd.ExcelWriter(
        path, engine="xlsxwriter", date_format="yyyy-mm-dd", datetime_format="yyyy-mm-dd"
    ) as writer:
        # a fixed creation time keeps the file byte-identical for the same seed
        writer.book.set_properties({"created": datetime(2000, 1, 1)})
        frame.to_excel(writer, sheet_name="Opportunities", index=False)
        sheet = writer.sheets["Opportunities"]
        sheet.autofit()
        sheet.freeze_panes(1, 0)
