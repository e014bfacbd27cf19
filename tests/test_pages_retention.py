"""The retention pages on the demo company: what they show agrees with the library, and their
widgets change it. The backtest beats revenue trend alone there."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from kapanalytics import facts, retention, risk, risk_backtest, winback
from kapanalytics.filters import Filters, last_12_months
from kapanalytics.format import format_number, format_percent
from kapanalytics.store import connect


@pytest.fixture
def demo_con(demo_db):
    """The demo file, opened like the app opens it (one configuration per file and process)."""
    con = connect(demo_db)
    yield con
    con.close()


def open_page(app, name: str) -> AppTest:
    app.switch_page(f"pages/retention_{name}.py")
    app.run()
    assert not app.exception, app.exception
    return app


def table_with(app, *labels: str):
    """The first table on the page with all these column labels (tables carry no key here)."""
    for frame in app.dataframe:
        if set(labels) <= set(frame.value.columns):
            return frame.value
    raise AssertionError(f"no table with the columns {labels}")


def default_filters(con) -> Filters:
    return Filters(last_12_months(facts.analysis_date(con)))


def test_churn_page_cards_show_the_libraries_rates(app, demo_con):
    open_page(app, "churn")
    expected = retention.period_retention(demo_con, default_filters(demo_con))
    cards = {m.label: m.value for m in app.metric}
    assert cards["Customer retention"] == format_percent(expected["customer_retention_rate"], "en")
    assert cards["Net revenue retention"] == format_percent(expected["net_revenue_retention"], "en")
    assert all(m.help for m in app.metric)


def test_churn_page_grain_and_window_change_the_flow(app):
    open_page(app, "churn")
    years = table_with(app, "Reactivated", "Lost")
    app.button_group(key="retention_grain").set_value("quarter").run()
    quarters = table_with(app, "Reactivated", "Lost")
    assert len(quarters) > len(years)
    lost_before = quarters["Lost"].sum()
    app.number_input(key="retention_window").set_value(180).run()
    assert not app.exception
    assert table_with(app, "Reactivated", "Lost")["Lost"].sum() != lost_before


def test_lost_page_counts_the_overviews_lost_accounts(app, demo_con):
    open_page(app, "lost")
    kpis = facts.overview_kpis(demo_con, default_filters(demo_con)).set_index("kpi")
    lost_card = next(m for m in app.metric if m.label == "Lost accounts")
    assert lost_card.value == format_number(kpis.loc["lost_accounts", "current"], "en")
    lost_list = table_with(app, "Churn date", "Lost revenue (12 months)")
    assert len(lost_list) == kpis.loc["lost_accounts", "current"]


def test_cohorts_page_switches_to_revenue_and_keeps_cohort_sizes_under_a_filter(app):
    open_page(app, "cohorts")
    every = table_with(app, "Cohort", "Cohort size")
    app.button_group(key="cohorts_measure").set_value("revenue").run()
    assert not app.exception
    region = app.sidebar.multiselect(key="filter_region")
    region.set_value([region.options[0]]).run()
    filtered = table_with(app, "Cohort", "Cohort size")
    assert filtered["Cohort size"].max() < every["Cohort size"].max()
    assert set(filtered["Cohort"]) <= set(every["Cohort"])


def test_survival_page_compares_the_largest_segments(app):
    open_page(app, "survival")
    summary = table_with(app, "Median lifetime (days)")
    assert len(summary) == 4  # the demo's four size bands
    app.selectbox(key="survival_by").set_value("region").run()
    assert not app.exception
    assert len(table_with(app, "Median lifetime (days)")) == 5


def test_win_back_page_saves_the_reason_classes(app, demo_db):
    open_page(app, "winback")
    assert len(table_with(app, "Win-back score", "Recoverability")) > 0
    app.slider(key="winback_unknown").set_value(0.2).run()
    app.text_input(key="winback_author").set_value("anna").run()
    app.button(key="winback_save").click().run()
    assert not app.exception
    assert any("version 1" in s.value for s in app.success)
    con = connect(demo_db)
    try:
        config, version = winback.load_config(con)
    finally:
        con.close()
    assert version == 1
    assert config.unknown_factor == pytest.approx(0.2)


def test_risk_page_shows_scores_with_drivers_and_both_backtests(app):
    open_page(app, "risk")
    drivers = table_with(app, "Risk score", "Drivers (points)")["Drivers (points)"]
    assert drivers.str.contains(r"\(\d+\)").any()
    labels = [m.label for m in app.metric]
    assert "ROC AUC" in labels
    assert "ROC AUC, revenue trend alone" in labels


def test_the_score_beats_revenue_trend_alone_on_the_demo(demo_con):
    frame = risk_backtest.backtest_frame(demo_con, default_filters(demo_con), risk.RiskWeights())
    summary = risk_backtest.backtest_summary(frame).set_index("model")
    assert summary.loc["risk_score", "churned"] > 50
    assert summary.loc["risk_score", "roc_auc"] > summary.loc["revenue_trend_only", "roc_auc"]
    assert (
        summary.loc["risk_score", "top_decile_lift"]
        > summary.loc["revenue_trend_only", "top_decile_lift"]
    )
    bands = risk_backtest.calibration(frame)
    used = bands[bands["accounts"] >= 20]
    # every better-filled band above the lowest churns more often than the lowest
    assert (used["churn_rate"].iloc[1:] > used["churn_rate"].iloc[0]).all()
    assert used["churn_rate"].iloc[-1] > 3 * used["churn_rate"].iloc[0]
