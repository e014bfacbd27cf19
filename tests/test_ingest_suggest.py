"""The Data page preselects the preset whose mapping fits the file's columns best."""

from __future__ import annotations

import pytest

from kapanalytics.ingest import suggest_preset


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["Kundennummer", "Kundenname", "Branche", "Land"], "generic_de"),
        (
            ["Rechnungsnummer", "Position", "Kundennummer", "Rechnungsdatum", "Nettobetrag"],
            "generic_de",
        ),
        (["account_id", "name", "industry", "country"], "generic_en"),
        (
            [
                "InvoiceNo",
                "StockCode",
                "Description",
                "Quantity",
                "InvoiceDate",
                "UnitPrice",
                "CustomerID",
                "Country",
            ],
            "online_retail",
        ),
        (["customer_id", "date", "number_of_cds", "dollar_value"], "cdnow"),
        (["colour", "shape"], None),
    ],
)
def test_the_best_fitting_preset_is_suggested(columns, expected):
    assert suggest_preset(columns) == expected
