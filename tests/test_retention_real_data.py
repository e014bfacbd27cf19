"""Retention on the two real data sets, imported with their presets, against pandas.

Retention rates, cohort cells and churn counts are recomputed from the stored invoice lines by
the literal pandas version of the definitions (tests/retention_reference.py); the Kaplan-Meier
curve is compared with statsmodels run directly on the durations pandas computes.
"""

from __future__ import annotations

import pandas as pd
import pytest
from statsmodels.duration.survfunc import SurvfuncRight

from kapanalytics import churn, facts, retention, survival
from kapanalytics.filters import Filters, Period
from kapanalytics.ingest import import_file
from kapanalytics.store import connect
from tests import retention_reference as ref
from tests.conftest import shared_data_file

pytestmark = pytest.mark.slow

DATA_SETS = {
    "cdnow": (("cdnow", "CDNOW_master.txt"), {"preset": "cdnow"}),
    "online_retail": (
        ("uci_online_retail", "online_retail.parquet"),
        {"preset": "online_retail", "on_bad_rows": "quarantine"},
    ),
}
GRAINS = {"cdnow": ("quarter", "month"), "online_retail": ("quarter", "month")}


@pytest.fixture(scope="module", params=list(DATA_SETS))
def imported(request):
    """(name, connection, stored lines, accounts) of one data set imported with its preset."""
    parts, options = DATA_SETS[request.param]
    path = shared_data_file(*parts)
    con = connect(":memory:")
    import_file(con, path, **options)
    lines = con.execute(
        "select invoice_id, account_id, invoice_date, net_amount, is_credit_note from transactions"
    ).df()
    accounts = con.execute("select account_id, status, lost_date from accounts").df()
    yield request.param, con, lines, accounts
    con.close()


def _everything(con) -> Filters:
    first, last = con.execute(
        "select min(invoice_date), max(invoice_date) from transactions"
    ).fetchone()
    return Filters(Period(first, last))


def _periods(lines: pd.DataFrame, grain: str):
    dates = pd.to_datetime(lines["invoice_date"])
    return ref.periods_of(dates.min().date(), dates.max().date(), grain)


def test_retention_rates_equal_pandas(imported):
    name, con, lines, _ = imported
    purchases = ref.purchases_of(lines)
    for grain in GRAINS[name]:
        got = retention.retention_rates(con, _everything(con), grain)
        expected = ref.retention(lines, purchases, _periods(lines, grain))
        assert len(got) == len(expected) > 3
        assert got["period_start"].tolist() == expected["period_start"].tolist()
        for column in expected.columns[1:]:
            assert got[column].to_numpy() == pytest.approx(expected[column].to_numpy()), column


def test_cohort_cells_equal_pandas(imported):
    name, con, lines, _ = imported
    purchases = ref.purchases_of(lines)
    grain = GRAINS[name][-1]
    got = retention.cohort_retention(con, _everything(con), grain)
    expected = ref.cohorts(lines, purchases, _periods(lines, grain))
    key = ["cohort_start", "period_offset"]
    merged = got.merge(expected, on=key, suffixes=("", "_pandas"), validate="one_to_one")
    assert len(merged) == len(expected) == len(got)
    assert (merged["cohort_accounts"] == merged["cohort_accounts_pandas"]).all()
    assert (merged["active_accounts"] == merged["active_accounts_pandas"]).all()
    assert merged["customer_retention"].to_numpy() == pytest.approx(
        merged["customer_retention_pandas"].to_numpy()
    )


@pytest.mark.parametrize("window_days", [90, 365])
def test_churn_counts_equal_pandas(imported, window_days):
    name, con, lines, accounts = imported
    grain = "quarter"
    got = churn.customer_flow(con, _everything(con), grain, window_days=window_days)
    expected = ref.flow(
        ref.purchases_of(lines),
        ref.crm_lost_dates(accounts),
        _periods(lines, grain),
        window_days,
    )
    columns = ["start", "new", "reactivated", "lost", "end"]
    assert got[columns].to_numpy().tolist() == expected[columns].to_numpy().tolist()
    assert got["lost"].sum() > 0
    # the overview counts the same lost accounts in a period
    last = got.iloc[-2]
    period = Period(last["period_start"].date(), last["period_end"].date())
    kpis = facts.overview_kpis(con, Filters(period), window_days=window_days).set_index("kpi")
    assert kpis.loc["lost_accounts", "current"] == last["lost"]


def test_kaplan_meier_equals_statsmodels_on_the_pandas_durations(imported):
    _, con, lines, accounts = imported
    window_days = 90
    end = facts.analysis_date(con)
    expected_lives = ref.lifetimes(
        ref.purchases_of(lines), ref.crm_lost_dates(accounts), end, window_days
    )
    lives = survival.lifetimes(con, _everything(con), window_days=window_days)
    mine = lives.set_index("account_id")[["duration_days", "churned"]]
    assert mine.sort_index().astype(float).equals(expected_lives.sort_index().astype(float))

    curves, summary = survival.kaplan_meier(lives, max_points=100_000)
    fit = SurvfuncRight(
        expected_lives["duration_days"].to_numpy(float), expected_lives["churned"].to_numpy(float)
    )
    assert curves["days"].iloc[1:].to_numpy() == pytest.approx(fit.surv_times)
    assert curves["survival"].iloc[1:].to_numpy() == pytest.approx(fit.surv_prob)
    assert summary["churned"].iloc[0] == int(expected_lives["churned"].sum()) > 0
    median = fit.quantile(0.5)
    assert summary["median_days"].iloc[0] == pytest.approx(float(median), nan_ok=True)
