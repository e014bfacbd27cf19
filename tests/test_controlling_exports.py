"""``kap export`` of the controlling analyses: the command the issue names, options, errors."""

from __future__ import annotations

import pandas as pd
import pytest

from kapanalytics import controlling_exports as ce
from kapanalytics.cli import main
from kapanalytics.errors import ConfigurationError
from kapanalytics.profitability import CostRates
from kapanalytics.store import connect
from tests.test_facts import add_accounts, add_lines, line


@pytest.fixture
def small_file(db_path):
    con = connect(db_path)
    add_accounts(con, *({"account_id": f"A{i}", "name": f"Account {i}"} for i in range(1, 5)))
    add_lines(
        con,
        line("A1", "2025-03-01", 700, cost=400),
        line("A2", "2025-04-01", 150, cost=100),
        line("A3", "2025-05-01", 100, cost=90),
        line("A4", "2025-06-01", 50, cost=10),
        line("A4", "2024-06-01", 5000, cost=10),  # before the period
    )
    con.close()
    return db_path


def test_kap_export_abc_writes_account_measure_shares_and_class(small_file, tmp_path):
    target = tmp_path / "abc.csv"
    args = ["--measure", "revenue", "--from", "2025-01-01", "--to", "2025-12-31"]
    args += ["--a", "0.8", "--b", "0.95", "-o", str(target)]
    assert main(["--db", str(small_file), "export", "abc", *args]) == 0
    table = pd.read_csv(target, encoding="utf-8-sig")
    assert table.columns.tolist() == [
        "account_id",
        "name",
        "revenue",
        "share",
        "share_before",
        "abc_class",
    ]
    # shares before: 0, 0.70, 0.85, 0.95
    assert table["account_id"].tolist() == ["A1", "A2", "A3", "A4"]
    assert table["share_before"].tolist() == pytest.approx([0, 0.70, 0.85, 0.95])
    assert table["abc_class"].tolist() == ["A", "A", "B", "C"]


def test_kap_export_abc_by_orders_as_excel(small_file, tmp_path):
    target = tmp_path / "abc.xlsx"
    args = ["export", "abc", "--measure", "order_count", "--from", "2025-01-01", "--format", "xlsx"]
    assert main(["--db", str(small_file), *args, "-o", str(target)]) == 0
    table = pd.read_excel(target, engine="calamine")
    assert "order_count" in table.columns
    assert table["order_count"].tolist() == [1, 1, 1, 1]
    assert table["account_id"].tolist() == ["A1", "A2", "A3", "A4"], "ties by account id"


def test_an_unknown_measure_is_refused_with_the_choices(small_file, capsys):
    with pytest.raises(SystemExit):
        main(["--db", str(small_file), "export", "abc", "--measure", "profit"])
    assert "revenue" in capsys.readouterr().err


def test_bad_thresholds_are_a_clear_message(small_file, capsys):
    assert main(["--db", str(small_file), "export", "abc", "--a", "0.99", "--b", "0.5"]) == 2
    assert "0 < a <= b <= 1" in capsys.readouterr().err


def test_rates_are_read_from_one_option():
    assert ce.parse_rates("visit=300, invoice=25") == CostRates(visit=300, invoice=25)
    assert ce.parse_rates("") == CostRates()
    with pytest.raises(ValueError, match="no cost driver"):
        ce.parse_rates("lunch=30")
    with pytest.raises(ValueError, match="must be a number"):
        ce.parse_rates("visit=a lot")
    with pytest.raises(ConfigurationError, match=">= 0"):
        ce.parse_rates("visit=-5")


def test_kap_export_profitability_applies_the_rates(small_file, tmp_path):
    target = tmp_path / "profit.csv"
    args = ["export", "profitability", "--from", "2025-01-01", "--rates", "invoice=10"]
    assert main(["--db", str(small_file), *args, "-o", str(target)]) == 0
    table = pd.read_csv(target, encoding="utf-8-sig").set_index("account_id")
    assert table.loc["A1", "cost_to_serve"] == 10
    assert table.loc["A1", "cm2"] == 300 - 10
