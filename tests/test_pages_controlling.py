"""The controlling pages on the demo company: their figures are the library's, and filters and
parameters change them."""

from __future__ import annotations

from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from kapanalytics import abc, budget, potential
from kapanalytics import profitability as pf
from kapanalytics.facts import analysis_date
from kapanalytics.filters import Filters, last_12_months
from kapanalytics.format import format_money, format_number, format_percent
from kapanalytics.store import PROJECT_ROOT, connect, main_currency


@pytest.fixture(scope="module")
def library(demo_db):
    """The app's demo company, opened as the app opens it (one process may not open a file
    twice with different settings), with the default filters."""
    con = connect(demo_db)
    yield con, Filters(period=last_12_months(analysis_date(con))), main_currency(con)
    con.close()


def open_page(app, name: str) -> AppTest:
    app.switch_page(f"pages/controlling_{name}.py")
    app.run()
    assert not app.exception, app.exception
    return app


def metrics(app) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def table_with(app, *labels: str):
    """The first table shown with all these column labels (tables are found by what they
    show: the test runner does not report a table's key)."""
    for frame in app.dataframe:
        if set(labels) <= set(frame.value.columns):
            return frame.value
    raise AssertionError(f"no table with the columns {labels}")


def money(value: float, currency: str) -> str:
    return format_money(value, "en", currency, compact=True)


@pytest.mark.parametrize("name", ["abc", "potential", "profitability", "budget"])
def test_every_figure_explains_itself_and_every_column_has_a_label(app, name):
    open_page(app, name)
    assert app.metric, "the page shows its headline figures"
    assert all(m.help for m in app.metric), "every figure has a definition on hover"
    assert app.get("download_button"), "tables come with downloads"
    for frame in app.dataframe:
        unlabelled = [c for c in frame.value.columns if "_" in str(c)]
        assert not unlabelled, f"columns without a label: {unlabelled}"
        assert len(frame.value) <= 2_000, "never more than a few thousand rows to the browser"


# --- ABC --------------------------------------------------------------------------------------


def test_abc_shows_the_library_classes_and_follows_the_measure(app, library):
    con, chosen, _ = library
    open_page(app, "abc")
    expected = abc.class_summary(abc.abc_classes(con, chosen), "revenue").set_index("abc_class")
    shown = metrics(app)
    assert shown["Class A: share of revenue"] == format_percent(
        expected.loc["A", "revenue_share"], "en"
    )
    assert shown["Gini coefficient"] == format_number(
        abc.gini(abc.abc_classes(con, chosen)["revenue"]), "en", 2
    )

    app.selectbox(key="abc_measure_en").set_value("order_count").run()
    assert not app.exception
    by_orders = abc.class_summary(
        abc.abc_classes(con, chosen, measure="order_count"), "order_count"
    )
    a_share = by_orders.set_index("abc_class").loc["A", "account_share"]
    assert metrics(app)["Class A: share of accounts"] == format_percent(a_share, "en")
    assert metrics(app)["Class A: share of accounts"] != shown["Class A: share of accounts"]


def test_abc_thresholds_and_level_change_the_classes(app, library):
    con, chosen, _ = library
    open_page(app, "abc")
    before = metrics(app)["Class A: share of accounts"]
    app.number_input(key="abc_a").set_value(0.5).run()
    expected = abc.class_summary(abc.abc_classes(con, chosen, a=0.5), "revenue")
    after = metrics(app)["Class A: share of accounts"]
    assert after == format_percent(expected.loc[0, "account_share"], "en")
    assert after != before

    app.button_group(key="abc_level_en").set_value("group").run()
    assert not app.exception
    groups = abc.abc_classes(con, chosen, a=0.5, level="group")
    assert any(f"{len(groups):,} groups ranked" in c.value for c in app.caption)


def test_abc_refuses_a_above_b_with_the_rule(app):
    open_page(app, "abc")
    app.number_input(key="abc_a").set_value(0.99).run()
    app.number_input(key="abc_b").set_value(0.9).run()
    assert app.error, "a > b is refused"
    assert "0 < a <= b <= 1" in app.error[0].value


def test_abc_region_filter_and_the_accounts_behind_a_migration_cell(app, library):
    con, chosen, _ = library
    region = app.sidebar.multiselect(key="filter_region").options[0]
    app.sidebar.multiselect(key="filter_region").set_value([region]).run()
    open_page(app, "abc")
    filtered = replace(chosen, region=(region,))
    moves = abc.migration(con, filtered, filtered.period.previous())
    app.selectbox(key="abc_move_from_en").set_value("new").run()
    app.selectbox(key="abc_move_to_en").set_value("C").run()
    expected = abc.cell_members(moves, "class_before", "new", "class_after", "C")
    table = table_with(app, "Class before", "Measure now")
    assert table.iloc[:, 0].tolist() == expected["account_id"].head(100).tolist()
    classified = abc.abc_classes(con, filtered)
    assert any(f"{len(classified):,} accounts ranked" in c.value for c in app.caption)


# --- share of wallet --------------------------------------------------------------------------


def test_potential_totals_follow_the_region_filter(app, library):
    con, chosen, currency = library
    open_page(app, "potential")
    overall = potential.wallet_overall(potential.wallet(con, chosen))
    assert metrics(app)["Annual potential"] == money(overall["annual_potential"], currency)
    assert metrics(app)["Share of wallet"] == format_percent(overall["share_of_wallet"], "en")

    region = app.sidebar.multiselect(key="filter_region").options[0]
    app.sidebar.multiselect(key="filter_region").set_value([region]).run()
    assert not app.exception
    regional = potential.wallet_overall(potential.wallet(con, replace(chosen, region=(region,))))
    assert metrics(app)["Annual potential"] == money(regional["annual_potential"], currency)
    assert regional["annual_potential"] < overall["annual_potential"]


def test_the_peer_rule_changes_the_cross_sell_list_and_shows_the_peers(app, library):
    con, chosen, _ = library
    open_page(app, "potential")
    cells = potential.white_space_cells(con, chosen)
    assert any(f"of {len(cells):,} rows" in c.value for c in app.caption)
    app.slider(key="potential_min_peer_share").set_value(0.7).run()
    stricter = potential.white_space_cells(con, chosen, min_peer_share=0.7)
    assert len(stricter) < len(cells)
    assert any(f"of {len(stricter):,} rows" in c.value for c in app.caption)
    peers = table_with(app, "Buys the group")
    expected = potential.white_space_peers(
        con, chosen, stricter["account_id"].iloc[0], stricter["product_group"].iloc[0]
    )
    assert peers.iloc[:, 0].tolist() == expected["account_id"].tolist()


# --- profitability ----------------------------------------------------------------------------


def test_profitability_figures_follow_the_cost_rates(app, library):
    con, chosen, currency = library
    open_page(app, "profitability")
    frame = pf.with_classes(con, chosen)
    assert metrics(app)["Cost to serve"] == money(frame["cost_to_serve"].sum(), currency)
    assert metrics(app)["Loss-making accounts"] == format_number((frame["cm2"] < 0).sum(), "en")

    app.number_input(key="profit_rate_visit").set_value(2000.0).run()
    assert not app.exception
    dearer = pf.with_classes(con, chosen, pf.CostRates(visit=2000.0))
    assert metrics(app)["Cost to serve"] == money(dearer["cost_to_serve"].sum(), currency)
    assert (dearer["cm2"] < 0).sum() > (frame["cm2"] < 0).sum()
    assert metrics(app)["Loss-making accounts"] == format_number((dearer["cm2"] < 0).sum(), "en")


def test_c_customers_by_treatment(app, library):
    con, chosen, _ = library
    open_page(app, "profitability")
    c_frame = pf.c_customers(pf.with_classes(con, chosen))
    develop = int((c_frame["treatment"] == "develop").sum())
    assert metrics(app)["Develop"] == format_number(develop, "en")
    app.multiselect(key="profit_treatments_en").set_value(["develop"]).run()
    assert any(f"of {develop:,} rows" in c.value for c in app.caption)


# --- budget -----------------------------------------------------------------------------------


def test_budget_figures_follow_year_and_thresholds(app, library):
    con, chosen, currency = library
    open_page(app, "budget")
    total = budget.budget_vs_actual(con, chosen, level="portfolio").iloc[0]
    assert metrics(app)["Actual YTD"] == money(total["actual_ytd"], currency)

    years = budget.budget_years(con)
    app.selectbox(key="budget_year").set_value(years[-1]).run()
    assert not app.exception
    earlier = budget.budget_vs_actual(con, chosen, year=years[-1], level="portfolio").iloc[0]
    assert metrics(app)["Actual YTD"] == money(earlier["actual_ytd"], currency)
    assert earlier["actual_ytd"] != total["actual_ytd"]

    reds_before = (table_with(app, "Owner", "Light YTD") == "Red: behind").to_numpy().sum()
    app.number_input(key="budget_amber_from").set_value(0.5).run()
    reds_after = (table_with(app, "Owner", "Light YTD") == "Red: behind").to_numpy().sum()
    assert reds_after < reds_before


def test_budget_drills_down_from_the_portfolio_to_one_account(app, library):
    con, chosen, _ = library
    open_page(app, "budget")
    accounts = budget.budget_vs_actual(con, chosen, level="account")
    chosen_account = accounts["account_id"].iloc[3]
    app.selectbox(key="budget_account").set_value(chosen_account).run()
    assert not app.exception
    groups = budget.budget_vs_actual(con, chosen, level="product_group", account_id=chosen_account)
    shown = table_with(app, "Product group", "Light YTD")
    assert shown.iloc[:, 0].tolist() == groups["product_group"].tolist()

    group = groups["product_group"].iloc[0]
    app.selectbox(key="budget_product_group_en").set_value(group).run()
    months = budget.budget_by_month(con, chosen, account_id=chosen_account, product_group=group)
    shown_months = [t for t in app.dataframe if "Cumulative budget" in t.value.columns][-1]
    assert shown_months.value["Budget"].tolist() == months["budget"].tolist()


def test_budget_speaks_german(app):
    open_page(app, "budget")
    app.button_group(key="lang").set_value("de").run()
    assert not app.exception
    assert app.title[0].value == "Budget vs. Ist"
    assert "Budget lfd. Jahr" in metrics(app)


def test_switching_language_keeps_the_chosen_measure(app):
    open_page(app, "abc")
    app.selectbox(key="abc_measure_en").set_value("order_count").run()
    app.button_group(key="lang").set_value("de").run()
    assert not app.exception
    assert app.selectbox(key="abc_measure_de").value == "order_count"
    assert app.title[0].value == "ABC-Analyse"


@pytest.fixture
def bare_app(db_path, monkeypatch):
    """The dashboard on a company without costs, budgets, potential, employees or activities."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.test_facts import add_accounts, add_lines, line

    con = connect(db_path)
    add_accounts(con, *({"account_id": f"A{i}", "name": f"Account {i}"} for i in range(1, 6)))
    add_lines(con, *(line(f"A{i}", f"2026-0{i}-15", 100 * i) for i in range(1, 6)))
    con.close()
    # cached figures are keyed by the data version, which a fresh file shares with others
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("KAP_DB", str(db_path))
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    yield at
    st.cache_data.clear()
    st.cache_resource.clear()


def test_pages_say_what_is_missing_instead_of_failing(bare_app):
    abc_page = open_page(bare_app, "abc")
    assert metrics(abc_page)["Class A: share of revenue"] == format_percent(
        (500 + 400 + 300) / 1500, "en"
    )
    potential_page = open_page(bare_app, "potential")
    assert metrics(potential_page)["Annual potential"] == "–", "unknown, not zero"
    profit_page = open_page(bare_app, "profitability")
    assert metrics(profit_page)["Contribution margin II"] == "–"
    assert any("cost of goods" in i.value for i in profit_page.info)
    budget_page = open_page(bare_app, "budget")
    assert any("no budgets" in i.value for i in budget_page.info)
