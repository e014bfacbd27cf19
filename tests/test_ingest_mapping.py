"""Mappings: parsing, checking, derivations, value maps, suggestions, TOML round trip."""

from __future__ import annotations

import datetime as dt

import pytest

from kapanalytics.errors import ConfigurationError
from kapanalytics.ingest import Mapping, import_file, list_presets, load_preset
from kapanalytics.ingest.derive import derive_sql
from tests.ingest_support import rows, write_text


def test_from_dict_maps_columns_constants_and_derivations(con, tmp_path):
    con.execute("insert into accounts (account_id) values ('K1')")
    path = write_text(tmp_path / "x.csv", "Beleg;Kunde;Tag;Stk;Preis\nB1;K1;02.01.2024;3;2,50\n")
    mapping = Mapping.from_dict(
        "transactions",
        {
            "invoice_id": "Beleg",
            "account_id": "Kunde",
            "invoice_date": {"column": "Tag", "format": "%d.%m.%Y"},
            "quantity": "Stk",
            "unit_price": "Preis",
            "net_amount": {"derive": "quantity * unit_price"},
            "currency": {"constant": "CHF"},
        },
        decimal=",",
    )
    import_file(con, path, mapping=mapping)
    assert rows(
        con, "select invoice_id, line_no, invoice_date, net_amount, currency from transactions"
    ) == [("B1", 1, dt.date(2024, 1, 2), 7.5, "CHF")]


def test_invoice_ids_are_made_per_account_and_day_and_lines_numbered_in_file_order(con, tmp_path):
    con.execute("insert into accounts (account_id) values ('K1'), ('K2')")
    path = write_text(
        tmp_path / "x.csv",
        "Kunde,Tag,Betrag\nK1,2024-01-02,1\nK2,2024-01-02,2\nK1,2024-01-02,3\nK1,2024-01-03,4\n",
    )
    mapping = Mapping.from_dict(
        "transactions", {"account_id": "Kunde", "invoice_date": "Tag", "net_amount": "Betrag"}
    )
    import_file(con, path, mapping=mapping)
    assert rows(con, "select invoice_id, line_no, net_amount from transactions order by 3") == [
        ("K1-20240102", 1, 1.0),
        ("K2-20240102", 1, 2.0),
        ("K1-20240102", 2, 3.0),
        ("K1-20240103", 1, 4.0),
    ]


def test_value_map_with_default_sets_status_from_stage(con, tmp_path):
    con.execute("insert into accounts (account_id) values ('A')")
    path = write_text(
        tmp_path / "o.csv",
        "Id,Acc,Stage\n1,A,Closed Won\n2,A, closed lost \n3,A,Negotiation\n",
    )
    mapping = Mapping.from_dict(
        "opportunities",
        {
            "opportunity_id": "Id",
            "account_id": "Acc",
            "stage": "Stage",
            "status": {
                "column": "Stage",
                "map": {"Closed Won": "won", "Closed Lost": "lost"},
                "default": "open",
            },
        },
    )
    import_file(con, path, mapping=mapping)
    assert rows(con, "select stage, status from opportunities order by opportunity_id") == [
        ("Closed Won", "won"),
        ("closed lost", "lost"),
        ("Negotiation", "open"),
    ]


def test_credit_notes_from_a_prefix_and_a_document_type(con, tmp_path):
    con.execute("insert into accounts (account_id) values ('A')")
    path = write_text(
        tmp_path / "t.csv", "Inv,Acc,Date,Amt,Type\nC1,A,2024-01-01,-5,RE\n2,A,2024-01-01,5,F2\n"
    )
    by_prefix = {"invoice_id": "Inv", "account_id": "Acc", "invoice_date": "Date"}
    by_prefix |= {"net_amount": "Amt", "is_credit_note": {"column": "Inv", "starts_with": "C"}}
    by_type = {**by_prefix, "is_credit_note": {"column": "Type", "map": {"RE": True}}}
    for fields in (by_prefix, by_type):
        import_file(con, path, mapping=Mapping.from_dict("transactions", fields), mode="replace")
        assert rows(con, "select invoice_id, is_credit_note from transactions order by 1") == [
            ("2", False),
            ("C1", True),
        ]


def test_split_keeps_the_first_of_several_ids(con, tmp_path):
    con.execute("insert into accounts (account_id) values ('11')")
    path = write_text(
        tmp_path / "d.csv", "Record ID,Deal Stage,Associated Company IDs\n7,Closed Won,11;12\n"
    )
    import_file(con, path, preset="hubspot", table="opportunities")
    assert rows(con, "select account_id, status from opportunities") == [("11", "won")]


@pytest.mark.parametrize(
    ("expression", "sql", "used"),
    [
        ("quantity * unit_price", '("quantity" * "unit_price")', ["quantity", "unit_price"]),
        (
            "net_amount / quantity",
            '("net_amount" / nullif("quantity", 0))',
            ["net_amount", "quantity"],
        ),
        ("(a + b) * 2 - -c", '((("a" + "b") * 2) - (-"c"))', ["a", "b", "c"]),
    ],
)
def test_derive_expressions_become_sql(expression, sql, used):
    assert derive_sql(expression) == (sql, used)


@pytest.mark.parametrize(
    "expression", ["quantity * ", "quantity; drop table accounts", "(a + b", "a b", "sum(a)"]
)
def test_bad_derive_expressions_are_refused(expression):
    with pytest.raises(ConfigurationError):
        derive_sql(expression)


@pytest.mark.parametrize(
    ("table", "fields", "message"),
    [
        ("orders", {"x": "y"}, "no table 'orders'"),
        ("accounts", {"account_id": "A", "revenue": "B"}, "no field(s) revenue"),
        ("accounts", {"account_id": {"colum": "A"}}, "unknown key(s) ['colum']"),
        ("accounts", {"account_id": {"format": "%d"}}, "say where the value comes from"),
        ("accounts", {"account_id": "A", "name": {"column": "N", "format": "%d"}}, "date fields"),
        ("transactions", {"net_amount": {"derive": "price * 2"}}, "derive uses price"),
        ("accounts", {"account_id": {"generate": "file_order"}}, "not available here"),
        (
            "accounts",
            {"account_id": "A", "created_date": {"column": "C", "format": "dd.mm"}},
            "strptime",
        ),
    ],
)
def test_broken_mappings_are_refused_with_the_reason(table, fields, message):
    with pytest.raises(ConfigurationError, match=None) as caught:
        Mapping.from_dict(table, fields)
    assert message in str(caught.value)


def test_unmapped_required_field_is_refused_at_import(con, tmp_path):
    path = write_text(tmp_path / "o.csv", "Id\n1\n")
    mapping = Mapping.from_dict("opportunities", {"opportunity_id": "Id"})
    assert mapping.missing_fields() == ["account_id", "status"]
    with pytest.raises(ConfigurationError, match="account_id, status"):
        import_file(con, path, mapping=mapping)


def test_unknown_reader_option_is_refused():
    with pytest.raises(ConfigurationError, match="delimeter"):
        Mapping.from_dict("products", {"product_id": "SKU"}, delimeter=";")


def test_toml_round_trip_keeps_every_spec(tmp_path):
    mapping = Mapping.from_dict(
        "transactions",
        {
            "invoice_id": ["Beleg", "Beleg-Nr."],
            "account_id": {"column": "Kunde", "split": ";"},
            "invoice_date": {"column": "Tag", "format": "%d.%m.%Y"},
            "net_amount": {"column": "Betrag", "derive": "quantity * unit_price"},
            "quantity": "Menge",
            "unit_price": "Preis",
            "currency": {"constant": "EUR"},
            "is_credit_note": {"column": "Art", "map": {"G2": True}, "default": False},
        },
        name="meine Zuordnung",
        create_missing_accounts=True,
        account_fields={"country": "Land"},
        credit_notes_negative=True,
        delimiter=";",
        decimal=",",
    )
    path = tmp_path / "m.toml"
    path.write_text(mapping.to_toml(), encoding="utf-8")
    again = Mapping.from_toml(path)
    assert again.fields == mapping.fields
    assert again.reader == mapping.reader
    assert again.account_fields == mapping.account_fields
    assert again.create_missing_accounts
    assert again.credit_notes_negative


def test_from_toml_needs_a_table_when_the_file_maps_several():
    from kapanalytics.ingest.presets import PRESET_DIR

    with pytest.raises(ConfigurationError, match="several tables"):
        Mapping.from_toml(PRESET_DIR / "salesforce.toml")
    assert Mapping.from_toml(PRESET_DIR / "salesforce.toml", "accounts").table == "accounts"


def test_suggest_guesses_from_the_presets_column_names():
    columns = ["Kundennummer", "Rechnungsnummer", "Rechnungsdatum", "Menge", "Einzelpreis", "Foo"]
    mapping = Mapping.suggest("transactions", columns)
    assert mapping.fields["account_id"].columns == ("Kundennummer",)
    assert mapping.fields["invoice_id"].columns == ("Rechnungsnummer",)
    assert mapping.fields["invoice_date"].columns == ("Rechnungsdatum",)
    assert mapping.fields["net_amount"].derive == "quantity * unit_price"
    assert "Foo" not in mapping.source_columns()


def test_suggest_brings_the_stage_map_along():
    mapping = Mapping.suggest("opportunities", ["Opportunity ID", "Account ID", "Stage", "Amount"])
    assert mapping.fields["stage"].columns == ("Stage",)
    assert mapping.fields["status"].value_map["closed won"] == "won"
    assert mapping.missing_fields() == []


def test_field_names_themselves_are_suggested():
    mapping = Mapping.suggest("products", ["product_id", "Product Group"])
    assert mapping.fields["product_id"].columns == ("product_id",)
    assert mapping.fields["product_group"].columns == ("Product Group",)


def test_the_shipped_presets_are_listed_with_their_tables():
    presets = {p.name: p for p in list_presets()}
    assert set(presets) >= {"generic_en", "generic_de", "salesforce", "hubspot", "sap_sd"}
    assert {"online_retail", "cdnow"} <= set(presets)
    everything = {
        "accounts",
        "products",
        "transactions",
        "opportunities",
        "contacts",
        "activities",
        "budgets",
        "account_ratings",
    }
    assert set(presets["generic_en"].tables) == everything
    assert set(presets["generic_de"].tables) == everything
    assert set(presets["salesforce"].tables) == {"accounts", "opportunities"}
    assert set(presets["hubspot"].tables) == {"accounts", "opportunities"}
    assert all(p.description for p in presets.values())


def test_unknown_preset_names_the_presets():
    with pytest.raises(ConfigurationError, match="generic_en"):
        load_preset("../../etc/passwd")


def test_mapping_file_errors_name_the_file(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[tables.accounts.fields\n")
    with pytest.raises(ConfigurationError, match="broken.toml is not valid TOML"):
        Mapping.from_toml(broken)


def test_source_column_names_the_first_column_of_a_field():
    mapping = Mapping.suggest("accounts", ["Kundennummer", "Land"])
    assert mapping.source_column("account_id") == "Kundennummer"
    assert mapping.source_column("name") is None
