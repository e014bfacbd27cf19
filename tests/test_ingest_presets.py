"""Each shipped preset on a small hand-made file in its source system's own format."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kapanalytics.ingest import import_file
from tests.ingest_support import rows, write_text

GERMAN_FILES = [
    (
        "accounts",
        "Kundennummer;Kundenname;Branche;Land;Region;Betreuer;Jahrespotenzial;Mitarbeiter;"
        "Angelegt am;Status\n"
        "K1;Müller GmbH;Maschinenbau;Deutschland;Süd;Frau Weber;1.250.000,00;250;"
        "15.03.2019;aktiv\n",
        "select name, industry, owner, annual_potential, employees, created_date, status "
        "from accounts",
        (
            "Müller GmbH",
            "Maschinenbau",
            "Frau Weber",
            1250000.0,
            250,
            dt.date(2019, 3, 15),
            "active",
        ),
    ),
    (
        "products",
        "Artikelnummer;Artikelbezeichnung;Warengruppe\nP1;Schraube M8;Befestigung\n",
        "select product_id, name, product_group from products",
        ("P1", "Schraube M8", "Befestigung"),
    ),
    (
        "transactions",
        "Rechnungsnummer;Position;Kundennummer;Rechnungsdatum;Artikelnummer;Warengruppe;Menge;"
        "Einzelpreis;Nettobetrag;Wareneinsatz;Währung\n"
        "R1;1;K1;31.12.2024;P1;Befestigung;1.000;0,25;250,00;150,00;EUR\n",
        "select invoice_id, line_no, invoice_date, quantity, unit_price, net_amount, cost_amount, "
        "currency, is_credit_note from transactions",
        ("R1", 1, dt.date(2024, 12, 31), 1000.0, 0.25, 250.0, 150.0, "EUR", False),
    ),
    (
        "opportunities",
        "Chancen-ID;Kundennummer;Bezeichnung;Phase;Status;Betrag;Wahrscheinlichkeit;"
        "Abschlussdatum\nC1;K1;Rahmenvertrag;Verhandlung;offen;50.000,00;60;30.06.2025\n",
        "select opportunity_id, stage, status, amount, probability, close_date from opportunities",
        ("C1", "Verhandlung", "open", 50000.0, 0.6, dt.date(2025, 6, 30)),
    ),
    (
        "contacts",
        "Kontakt-ID;Kundennummer;Name;Funktion;Abteilung;Rolle;Einfluss;Einstellung;"
        "Letzter Kontakt\nP7;K1;Dr. Anna Berg;Einkaufsleiterin;Einkauf;Entscheider;5;positiv;"
        "02.12.2024\n",
        "select contact_id, name, title, influence, last_contact_date from contacts",
        ("P7", "Dr. Anna Berg", "Einkaufsleiterin", 5, dt.date(2024, 12, 2)),
    ),
    (
        "activities",
        "Aktivitäts-ID;Kundennummer;Kontakt-ID;Datum;Art;Mitarbeiter\n"
        "V1;K1;P7;03.12.2024;Besuch;Frau Weber\n",
        "select activity_id, contact_id, activity_date, type, owner from activities",
        ("V1", "P7", dt.date(2024, 12, 3), "visit", "Frau Weber"),
    ),
    (
        "budgets",
        "Kundennummer;Jahr;Monat;Warengruppe;Budget\nK1;2025;1;Befestigung;10.000,00\n",
        "select year, month, product_group, budget_amount from budgets",
        (2025, 1, "Befestigung", 10000.0),
    ),
    (
        "account_ratings",
        "Kundennummer;Kriterium;Bewertung;Bewertet von;Bewertet am\n"
        "K1;product_fit;4;Vertriebsleitung;01.12.2024\n",
        "select criterion, rating, rated_by, rated_at from account_ratings",
        ("product_fit", 4, "Vertriebsleitung", dt.datetime(2024, 12, 1)),
    ),
]


def test_generic_de_loads_every_table_and_detects_it_from_the_headers(con, tmp_path):
    for table, text, query, expected in GERMAN_FILES:
        path = write_text(tmp_path / f"{table}.csv", text, "cp1252")
        result = import_file(con, path, preset="generic_de")
        assert result.target_table == table
        assert rows(con, query) == [expected], table


ENGLISH_FILES = [
    (
        "accounts",
        "Customer ID,Customer Name,Industry,Country,Owner,Annual Potential,Status\n"
        'C1,Acme,Chemicals,US,Jane,"1,500,000.00",Customer\n',
        "select name, annual_potential, status from accounts",
        ("Acme", 1500000.0, "active"),
    ),
    (
        "products",
        "SKU,Product Name,Category\nS1,Widget,Hardware\n",
        "select product_id, name, product_group from products",
        ("S1", "Widget", "Hardware"),
    ),
    (
        "transactions",
        "Invoice Number,Customer ID,Invoice Date,SKU,Quantity,Unit Price\n"
        "I1,C1,12/31/2024,S1,4,2.50\nI1,C1,12/31/2024,S1,1,1.00\n",
        "select invoice_id, line_no, invoice_date, net_amount from transactions order by 2",
        ("I1", 1, dt.date(2024, 12, 31), 10.0),
    ),
    (
        "opportunities",
        "Opportunity ID,Customer ID,Opportunity Name,Stage,Amount,Probability,Close Date\n"
        "O1,C1,Big deal,Closed Lost,1000,0.2,2024-11-30\n",
        "select status, amount, probability, close_date from opportunities",
        ("lost", 1000.0, 0.2, dt.date(2024, 11, 30)),
    ),
    (
        "contacts",
        "Contact ID,Customer ID,Contact Name,Job Title,Buying Role,Influence\n"
        "P1,C1,Bo Smith,CFO,decision maker,5\n",
        "select name, title, buying_role, influence from contacts",
        ("Bo Smith", "CFO", "decision maker", 5),
    ),
    (
        "activities",
        "Activity ID,Customer ID,Activity Date,Activity Type\nX1,C1,2024-11-02,Phone Call\n",
        "select activity_date, type from activities",
        (dt.date(2024, 11, 2), "call"),
    ),
    (
        "budgets",
        "Customer ID,Year,Month,Budget\nC1,2025,2,500\n",
        "select year, month, product_group, budget_amount from budgets",
        (2025, 2, "", 500.0),
    ),
    (
        "account_ratings",
        "Customer ID,Criterion,Rating,Rated At\nC1,cultural_fit,3,2024-10-01 12:30:00\n",
        "select criterion, rating, rated_at from account_ratings",
        ("cultural_fit", 3, dt.datetime(2024, 10, 1, 12, 30)),
    ),
]


@pytest.mark.parametrize(
    ("table", "text", "query", "expected"), ENGLISH_FILES, ids=[f[0] for f in ENGLISH_FILES]
)
def test_generic_en_loads_each_table(con, tmp_path, table, text, query, expected):
    con.execute("insert into accounts (account_id) values ('C1')")
    path = write_text(tmp_path / f"{table}.csv", text)
    result = import_file(con, path, preset="generic_en", table=table, mode="replace")
    assert result.rows_loaded >= 1
    assert rows(con, query)[0] == expected


def test_salesforce_accounts_and_opportunities_reports(con, tmp_path):
    accounts = write_text(
        tmp_path / "report1.csv",
        "Account ID,Account Name,Type,Industry,Billing Country,Account Owner,Annual Revenue,"
        "Employees,Created Date\n"
        '0015g00000AbCdE,Acme Corp,Customer - Direct,Manufacturing,Germany,Jane Doe,"5,000,000",'
        "1200,3/15/2019\n",
    )
    opportunities = write_text(
        tmp_path / "report2.csv",
        "Opportunity ID,Opportunity Name,Account ID,Account Name,Stage,Amount,Probability (%),"
        "Close Date,Created Date,Opportunity Owner\n"
        '0065g000001,Acme - Renewal,0015g00000AbCdE,Acme Corp,Closed Won,"120,000.00",100,'
        "12/20/2024,10/1/2024,Jane Doe\n"
        "0065g000002,Acme - Upsell,0015g00000AbCdE,Acme Corp,Negotiation/Review,50000,75,"
        "1/31/2025,11/5/2024,Jane Doe\n",
    )
    assert import_file(con, accounts, preset="salesforce").target_table == "accounts"
    assert import_file(con, opportunities, preset="salesforce").target_table == "opportunities"
    assert rows(
        con, "select name, country, owner, status, employees, created_date from accounts"
    ) == [("Acme Corp", "Germany", "Jane Doe", "active", 1200, dt.date(2019, 3, 15))]
    assert rows(
        con,
        "select stage, status, amount, probability, close_date, created_date, owner "
        "from opportunities order by 1",
    ) == [
        (
            "Closed Won",
            "won",
            120000.0,
            1.0,
            dt.date(2024, 12, 20),
            dt.date(2024, 10, 1),
            "Jane Doe",
        ),
        (
            "Negotiation/Review",
            "open",
            50000.0,
            0.75,
            dt.date(2025, 1, 31),
            dt.date(2024, 11, 5),
            "Jane Doe",
        ),
    ]


def test_hubspot_companies_and_deals_exports(con, tmp_path):
    companies = write_text(
        tmp_path / "hubspot-crm-exports-all-companies.csv",
        "Record ID,Company name,Industry,Country/Region,Company owner,Create Date,"
        "Lifecycle Stage,Number of Employees\n"
        "5001,Globex,COMPUTER_SOFTWARE,United States,Sam Lee,2023-04-05 10:31,Customer,300\n",
    )
    deals = write_text(
        tmp_path / "hubspot-crm-exports-all-deals.csv",
        "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,"
        "Associated Company IDs\n"
        "9001,Globex expansion,Closed Lost,25000,2024-11-30 00:00,2024-09-01 09:00,Sam Lee,5001\n",
    )
    assert import_file(con, companies, preset="hubspot").target_table == "accounts"
    assert import_file(con, deals, preset="hubspot").target_table == "opportunities"
    assert rows(con, "select account_id, name, country, status, created_date from accounts") == [
        ("5001", "Globex", "United States", "active", dt.date(2023, 4, 5))
    ]
    assert rows(con, "select opportunity_id, account_id, status, amount from opportunities") == [
        ("9001", "5001", "lost", 25000.0)
    ]


def test_sap_sd_billing_export_marks_and_signs_credit_memos(con, tmp_path):
    path = write_text(
        tmp_path / "VF05N.csv",
        "Faktura;Position;Fakturaart;Fakturadatum;Auftraggeber;Name des Auftraggebers;Land;"
        "Material;Materialgruppe;Fakturierte Menge;Nettowert;Verrechnungswert;Währung\n"
        "90000001;10;F2;02.12.2024;0000100001;Müller GmbH;DE;MAT-1;M01;10;1.250,00;800,00;EUR\n"
        "90000002;10;G2;05.12.2024;0000100001;Müller GmbH;DE;MAT-1;M01;2;250,00;160,00;EUR\n",
        "cp1252",
    )
    result = import_file(con, path, preset="sap_sd")
    assert (result.target_table, result.accounts_created) == ("transactions", 1)
    assert rows(
        con,
        "select invoice_id, line_no, account_id, quantity, net_amount, cost_amount, "
        "is_credit_note from transactions order by 1",
    ) == [
        ("90000001", 10, "0000100001", 10.0, 1250.0, 800.0, False),
        ("90000002", 10, "0000100001", -2.0, -250.0, -160.0, True),
    ]
    assert rows(con, "select account_id, name, country from accounts") == [
        ("0000100001", "Müller GmbH", "DE")
    ]


def test_sap_sd_accepts_technical_field_names_and_trailing_minus(con, tmp_path):
    path = write_text(
        tmp_path / "vbrp.txt",
        "VBELN\tPOSNR\tFKART\tFKDAT\tKUNAG\tMATNR\tFKIMG\tNETWR\tWAERK\n"
        "90000003\t20\tS1\t06.12.2024\t0000100002\tMAT-2\t1\t99,50-\tEUR\n",
    )
    import_file(con, path, preset="sap_sd")
    assert rows(con, "select line_no, quantity, net_amount, is_credit_note from transactions") == [
        (20, -1.0, -99.5, True)
    ]


def test_online_retail_preset_on_a_small_file(con, tmp_path):
    path = tmp_path / "retail.parquet"
    pd.DataFrame(
        {
            "InvoiceNo": ["536365", "536365", "C536379", "536380"],
            "StockCode": ["85123A", "71053", "D", "22728"],
            "Description": ["HEART", "LANTERN", "Discount", "nan"],
            "Quantity": [6, 6, -1, 2],
            "InvoiceDate": pd.to_datetime(
                ["2010-12-01 08:26", "2010-12-01 08:26", "2010-12-01 09:41", "2010-12-01 09:45"]
            ),
            "UnitPrice": [2.55, 3.39, 27.5, 3.75],
            "CustomerID": [17850.0, 17850.0, 14527.0, None],
            "Country": ["United Kingdom", "United Kingdom", "Norway", "France"],
        }
    ).to_parquet(path)
    result = import_file(con, path, preset="online_retail", on_bad_rows="quarantine")
    assert (result.rows_loaded, result.rows_quarantined, result.accounts_created) == (3, 1, 2)
    assert rows(
        con,
        "select invoice_id, line_no, account_id, product_id, round(net_amount, 2), currency, "
        "is_credit_note from transactions order by 1, 2",
    ) == [
        ("536365", 1, "17850", "85123A", 15.3, "GBP", False),
        ("536365", 2, "17850", "71053", 20.34, "GBP", False),
        ("C536379", 1, "14527", "D", -27.5, "GBP", True),
    ]
    assert rows(con, "select account_id, country from accounts order by 1") == [
        ("14527", "Norway"),
        ("17850", "United Kingdom"),
    ]
    assert rows(con, "select source_row, column_name, reason from quarantine") == [
        (5, "CustomerID", "CustomerID is empty, but every row of transactions needs account_id")
    ]


def test_cdnow_preset_on_a_small_file(con, tmp_path):
    path = write_text(
        tmp_path / "CDNOW_sample.txt",
        " customer_id  date number_of_cds  dollar_value\r\n"
        " 00001 19970101  1   11.77\r\n"
        " 00002 19970112  1   12.00\r\n"
        " 00002 19970112  5   77.00\r\n"
        " 00003 19970102  2   20.76\r\n",
    )
    result = import_file(con, path, preset="cdnow")
    assert (result.rows_loaded, result.accounts_created) == (4, 3)
    assert rows(
        con,
        "select invoice_id, line_no, quantity, unit_price, net_amount, currency "
        "from transactions where account_id = '00002' order by line_no",
    ) == [
        ("00002-19970112", 1, 1.0, 12.0, 12.0, "USD"),
        ("00002-19970112", 2, 5.0, 15.4, 77.0, "USD"),
    ]
