"""Every page renders on the demo company without an exception, and reacts to its widgets."""

from __future__ import annotations

import pytest

from kapanalytics import facts
from kapanalytics.filters import Filters, last_12_months
from kapanalytics.format import format_money
from kapanalytics.store import PROJECT_ROOT, connect, main_currency

# every page file; pages/_ui.py is the pages' shared helper module, not a page
PAGES = sorted(
    f"pages/{p.name}" for p in (PROJECT_ROOT / "pages").glob("*.py") if not p.name.startswith("_")
)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(app, page):
    app.switch_page(page)
    app.run()
    assert not app.exception, app.exception
    assert app.title, f"{page} shows no title"


def _revenue_metric(app) -> str:
    return app.metric[0].value


def _expected_revenue(demo_db, **account_filters) -> str:
    con = connect(demo_db)
    try:
        end = facts.analysis_date(con)
        chosen = Filters(period=last_12_months(end), **account_filters)
        kpis = facts.overview_kpis(con, chosen).set_index("kpi")
        return format_money(kpis.loc["revenue", "current"], "en", main_currency(con), compact=True)
    finally:
        con.close()


def test_overview_shows_every_kpi_with_its_definition(app, demo_db):
    assert len(app.metric) == 7
    assert all(m.help for m in app.metric), "every KPI explains itself on hover"
    assert _revenue_metric(app) == _expected_revenue(demo_db)


def test_a_region_filter_changes_the_revenue_to_that_regions(app, demo_db):
    region_filter = app.sidebar.multiselect(key="filter_region")
    region = region_filter.options[0]
    before = _revenue_metric(app)
    region_filter.set_value([region]).run()
    assert not app.exception
    after = _revenue_metric(app)
    assert after != before
    assert after == _expected_revenue(demo_db, region=(region,))


def test_the_language_switch_translates_the_page(app):
    assert app.title[0].value == "Overview"
    app.button_group(key="lang").set_value("de").run()
    assert not app.exception
    assert app.title[0].value == "Übersicht"
    assert app.metric[0].label == "Umsatz"


def test_period_choice_changes_the_caption(app):
    caption_before = app.caption[0].value
    app.sidebar.selectbox(key="filter_period_choice_en").set_value("previous_year").run()
    assert not app.exception
    assert app.caption[0].value != caption_before
    assert "2025-01-01" in app.caption[0].value


def test_tables_page_counts_the_demo_rows(app, demo_db):
    app.switch_page("pages/data_tables.py")
    app.run()
    # the first table of the page is the row counts
    counts = app.dataframe[0].value
    con = connect(demo_db)
    try:
        stored = con.execute("select count(*) from transactions").fetchone()[0]
    finally:
        con.close()
    row = counts[counts.iloc[:, 0] == "transactions"]
    assert int(row.iloc[0, 1]) == stored


def test_switching_language_keeps_the_chosen_period(app):
    app.sidebar.selectbox(key="filter_period_choice_en").set_value("previous_year").run()
    app.button_group(key="lang").set_value("de").run()
    assert not app.exception
    assert app.sidebar.selectbox(key="filter_period_choice_de").value == "previous_year"
    assert "01.01.2025" in app.caption[0].value
