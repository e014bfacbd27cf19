"""The benchmark's baselines compute the product's figures: for every comparison of
benchmarks/baselines.py the product, the engine floor (one DuckDB query over the canonical
tables) and the naive pandas pipeline (from German CSV extracts, from Parquet, or from the
database's tables) give the same figures, on the demo company and on seeded portfolios with
every oddity the rules speak of. Where the product departs from its own definition, the test
says so and is expected to fail until the product is fixed."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from benchmarks import baselines
from benchmarks.baselines import COMPARISONS, same_figures, write_extracts_from_db
from kapanalytics import facts, lost, retention
from kapanalytics.filters import Filters, Period
from tests.test_facts import add_accounts, add_lines, line, random_portfolio

BY_NAME = {c.name: c for c in COMPARISONS}


@pytest.fixture(scope="module")
def demo(demo_db_template):
    con = duckdb.connect(str(demo_db_template), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def extracts(demo, tmp_path_factory):
    return write_extracts_from_db(demo, tmp_path_factory.mktemp("extracts"))


@pytest.fixture(scope="module")
def product_figures(demo):
    """Each comparison's product result on the demo company, normalised, computed once."""
    return {c.name: c.normalise(c.product(demo)) for c in COMPARISONS}


def test_the_comparisons_cover_every_aggregate_the_benchmark_needs():
    assert set(BY_NAME) >= {
        "overview_kpis",
        "account_revenue_l12m",
        "abc_classes",
        "retention_by_year",
        "cohorts_by_year",
        "customer_flow_by_year",
        "lost_reasons_pareto",
        "win_rate_by_owner",
        "purchase_summary",
    }
    assert all(c.description and c.description != c.name for c in COMPARISONS)


def test_the_extracts_are_german_csv_and_parquet(extracts):
    header, first = (extracts / "transactions.csv").read_text(encoding="utf-8").splitlines()[:2]
    assert header.split(";")[:4] == [
        "Rechnungsnummer",
        "Position",
        "Kundennummer",
        "Rechnungsdatum",
    ]
    fields = dict(zip(header.split(";"), first.split(";"), strict=True))
    assert pd.to_datetime(fields["Rechnungsdatum"], format="%d.%m.%Y").year > 2000
    assert float(fields["Nettobetrag"].replace(",", ".")) != 0
    assert "." not in fields["Nettobetrag"]
    assert pd.read_parquet(extracts / "accounts.parquet").shape[0] == 2000


@pytest.mark.parametrize("comparison", COMPARISONS, ids=lambda c: c.name)
def test_the_floor_gives_the_products_figures_on_the_demo(demo, product_figures, comparison):
    product = product_figures[comparison.name]
    assert len(product) > 0
    assert same_figures(product, comparison.normalise(comparison.floor(demo))) is None


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("comparison", COMPARISONS, ids=lambda c: c.name)
def test_the_naive_pipeline_gives_the_products_figures_on_the_demo(
    extracts, product_figures, comparison, fmt
):
    naive = comparison.normalise(comparison.naive(extracts, fmt=fmt))
    assert same_figures(product_figures[comparison.name], naive) is None


def test_the_baselines_follow_the_period_of_the_filters(demo):
    year = Filters(Period(date(2024, 1, 1), date(2024, 12, 31)))
    for name in ("overview_kpis", "abc_classes", "lost_reasons_pareto", "win_rate_by_owner"):
        comparison = BY_NAME[name]
        product = comparison.normalise(comparison.product(demo, year))
        assert not product.equals(comparison.normalise(comparison.product(demo))), name
        assert same_figures(product, comparison.normalise(comparison.floor(demo, year))) is None
        naive = comparison.normalise(comparison.naive(demo, year))
        assert same_figures(product, naive) is None, name


def test_the_baselines_refuse_an_account_filter(demo):
    north = Filters(Period(date(2024, 1, 1), date(2024, 12, 31)), region=("North",))
    with pytest.raises(ValueError, match="every account"):
        BY_NAME["abc_classes"].floor(demo, north)
    with pytest.raises(ValueError, match="every account"):
        BY_NAME["abc_classes"].naive(demo, north)


@pytest.mark.parametrize("seed", [11])
def test_the_three_agree_on_a_portfolio_with_every_oddity(con, tmp_path, seed):
    """Lines without invoice id, credit notes, negative lines inside invoices, missing costs,
    CRM lost dates before and after the last purchase."""
    accounts, lines = random_portfolio(seed)
    add_accounts(con, *accounts.to_dict("records"))
    add_lines(con, *lines.to_dict("records"))
    folder = write_extracts_from_db(con, tmp_path)
    for comparison in COMPARISONS:
        product = comparison.normalise(comparison.product(con))
        for label, result in (
            ("floor", comparison.floor(con)),
            ("naive from the tables", comparison.naive(con)),
            ("naive from CSV", comparison.naive(folder, fmt="csv")),
        ):
            found = same_figures(product, comparison.normalise(result))
            assert found is None, f"{comparison.name}, {label}: {found}"


# --- edge cases the baselines found ---------------------------------------------------------

YEAR = Filters(Period(date(2025, 10, 1), date(2026, 9, 30)))


@pytest.fixture
def lost_before_buying(con):
    """An account the CRM marks lost on 1 March that first buys on 1 May, both in the period."""
    add_accounts(
        con,
        {"account_id": "A", "status": "lost", "lost_date": "2026-03-01", "lost_reason": "price"},
        {"account_id": "Z"},
    )
    add_lines(
        con, line("A", "2026-05-01", 100), line("Z", "2025-01-10", 5), line("Z", "2026-09-30", 5)
    )
    return con


def test_the_baselines_count_a_loss_the_crm_dated_before_the_first_purchase(lost_before_buying):
    con = lost_before_buying
    comparison = BY_NAME["lost_reasons_pareto"]
    floor = comparison.normalise(comparison.floor(con, YEAR))
    assert same_figures(floor, comparison.normalise(comparison.naive(con, YEAR))) is None
    overview = facts.overview_kpis(con, YEAR).set_index("kpi")
    assert floor["accounts"].sum() == overview.loc["lost_accounts", "current"] == 1


def test_the_lost_list_counts_the_overviews_lost_accounts(lost_before_buying):
    con = lost_before_buying
    comparison = BY_NAME["lost_reasons_pareto"]
    product = comparison.normalise(comparison.product(con, YEAR))
    assert same_figures(product, comparison.normalise(comparison.floor(con, YEAR))) is None
    listed = lost.lost_accounts(con, YEAR).set_index("account_id")
    assert listed.index.tolist() == ["A"]
    assert pd.isna(listed.loc["A", "last_purchase_date"])
    assert listed.loc["A", "lost_revenue"] == 0
    assert listed.loc["A", "churn_source"] == "crm"


@pytest.fixture
def quiet_years(con):
    """Lines in 2021 and 2024 only: no account has a line in 2022 or 2023."""
    add_accounts(con, {"account_id": "A"}, {"account_id": "Z"})
    add_lines(con, line("A", "2021-05-01", 100), line("Z", "2024-09-30", 1))
    return con


def test_the_baselines_give_a_retention_row_for_every_year_after_the_first(quiet_years):
    comparison = BY_NAME["retention_by_year"]
    floor = comparison.normalise(comparison.floor(quiet_years))
    assert same_figures(floor, comparison.normalise(comparison.naive(quiet_years))) is None
    assert floor["period_start"].dt.year.tolist() == [2022, 2023, 2024]


def test_retention_rates_have_a_row_for_every_year_after_the_first(quiet_years):
    rates = retention.retention_rates(quiet_years, YEAR, "year")
    assert rates["period_start"].dt.year.tolist() == [2022, 2023, 2024]


def test_the_timing_command_checks_and_times_the_comparisons(demo_db_template, extracts, capsys):
    argv = ["--db", str(demo_db_template), "--extracts", str(extracts), "--repeat", "1"]
    assert baselines.main([*argv, "--only", "win_rate_by_owner"]) == 0
    out = capsys.readouterr().out
    assert "win_rate_by_owner" in out
    assert "yes" in out.splitlines()[-1]
