"""The retention analyses as ``kap export`` writes them: one table each, options as typed.

    kap export lost --from 2025-10-01 --to 2026-09-30 --window 365
    kap export lost-reasons --by lost_to_competitor --measure lost_revenue
    kap export win-rates --by owner
    kap export retention --grain quarter --by region
    kap export cohorts --grain month --measure revenue
    kap export survival --by segment
    kap export risk
    kap export win-back
    kap export purchase-summary --as-of 2026-06-30 --freq W

``--from``/``--to`` default to the 12 months ending on the last invoice date (see
:func:`controlling_exports.export_period`); ``--window`` is W in days (365). No sidebar filters:
every account is covered. Risk weights and win-back classes are the saved ones.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from kapanalytics import lost, opportunities, retention, risk, survival, winback
from kapanalytics.churn import DEFAULT_WINDOW_DAYS
from kapanalytics.controlling_exports import export_period
from kapanalytics.filters import Filters
from kapanalytics.purchase_summary import purchase_summary


def _filters(con: duckdb.DuckDBPyConnection, period: dict[str, date]) -> Filters:
    return Filters(period=export_period(con, period.get("from"), period.get("to")))


def lost_table(
    con: duckdb.DuckDBPyConnection, *, window: int = DEFAULT_WINDOW_DAYS, **period: date
) -> pd.DataFrame:
    """The accounts lost in the period (see lost.lost_accounts)."""
    return lost.lost_accounts(con, _filters(con, period), window_days=window)


def lost_reasons_table(
    con: duckdb.DuckDBPyConnection,
    *,
    by: str = "lost_reason",
    measure: str = "accounts",
    window: int = DEFAULT_WINDOW_DAYS,
    **period: date,
) -> pd.DataFrame:
    """The Pareto table of the period's lost accounts by reason (or competitor, owner, ...)."""
    return lost.pareto(lost_table(con, window=window, **period), by, measure)


def win_rates_table(
    con: duckdb.DuckDBPyConnection, *, by: str = "overall", **period: date
) -> pd.DataFrame:
    """Win rates by count and value of the opportunities closed in the period."""
    return opportunities.win_rates(con, _filters(con, period), by)


def retention_table(
    con: duckdb.DuckDBPyConnection, *, grain: str = "year", by: str | None = None
) -> pd.DataFrame:
    """Customer retention rate, GRR and NRR of every period (and segment)."""
    return retention.retention_rates(con, _filters(con, {}), grain, by)


def cohorts_table(
    con: duckdb.DuckDBPyConnection, *, grain: str = "year", measure: str = "customers"
) -> pd.DataFrame:
    """The cohort matrix: one row per cohort, its size, then one column per period after it."""
    cells = retention.cohort_retention(con, _filters(con, {}), grain)
    matrix = retention.cohort_matrix(cells, measure)
    matrix.columns = [f"k{k}" for k in matrix.columns]
    sizes = cells.groupby("cohort_start")["cohort_accounts"].first()
    return (
        matrix.reset_index()
        .merge(sizes.reset_index(), on="cohort_start")
        .pipe(lambda frame: frame[["cohort_start", "cohort_accounts", *matrix.columns]])
    )


def survival_table(
    con: duckdb.DuckDBPyConnection,
    *,
    by: str | None = None,
    window: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """Kaplan-Meier summary per segment, with the log-rank test across all of them."""
    lives = survival.lifetimes(con, _filters(con, {}), by, window_days=window)
    _, summary = survival.kaplan_meier(lives)
    test = survival.log_rank(lives)
    return summary.assign(log_rank_chi2=test["chi2"], log_rank_p_value=test["p_value"])


def risk_table(
    con: duckdb.DuckDBPyConnection, *, window: int = DEFAULT_WINDOW_DAYS
) -> pd.DataFrame:
    """Every customer's risk score under the saved weights, its drivers and factor points."""
    return risk.risk_scores(con, _filters(con, {}), window_days=window)


def win_back_table(
    con: duckdb.DuckDBPyConnection, *, window: int = DEFAULT_WINDOW_DAYS
) -> pd.DataFrame:
    """The ranked win-back candidates under the saved reason classes."""
    return winback.candidates(con, _filters(con, {}), window_days=window)


def purchase_summary_table(
    con: duckdb.DuckDBPyConnection, *, as_of: date | None = None, freq: str = "D"
) -> pd.DataFrame:
    """Frequency, recency, T and monetary value per customer, as lifetimes defines them."""
    return purchase_summary(con, _filters(con, {}), as_of, freq)
