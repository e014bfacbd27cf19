"""Large tables: the search finds rows by any listed column, and the browser gets few rows."""

from __future__ import annotations

import pandas as pd

from kapanalytics.table_view import MAX_ROWS_SHOWN, first_rows, matching_rows

FRAME = pd.DataFrame(
    {
        "account_id": ["K1", "K2", "K3", "K4"],
        "name": ["Müller GmbH", "Schmidt AG", None, "Dr. Müller (Holding)"],
    }
)


def test_search_is_case_insensitive_over_every_listed_column():
    assert matching_rows(FRAME, "müller", ["account_id", "name"])["account_id"].tolist() == [
        "K1",
        "K4",
    ]
    assert matching_rows(FRAME, "k3", ["account_id", "name"])["account_id"].tolist() == ["K3"]


def test_search_text_is_taken_literally_not_as_a_pattern():
    assert matching_rows(FRAME, "(holding)", ["name"])["account_id"].tolist() == ["K4"]
    assert matching_rows(FRAME, ".", ["name"])["account_id"].tolist() == ["K4"]


def test_a_blank_search_keeps_every_row():
    assert len(matching_rows(FRAME, "  ", ["name"])) == 4


def test_never_more_rows_than_the_browser_limit():
    big = pd.DataFrame({"x": range(MAX_ROWS_SHOWN + 500)})
    assert len(first_rows(big, 10**6)) == MAX_ROWS_SHOWN
    assert len(first_rows(big, 25)) == 25
