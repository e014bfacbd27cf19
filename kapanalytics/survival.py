"""Customer lifetime: Kaplan-Meier survival per segment, median lifetime, log-rank test.

Definition (docs/metrics.md, "Customer lifetime"): an account's lifetime runs from its first
purchase to its churn date as of the analysis date T (an event), or to T while it is still a
customer (censored). The churn date is the one every page uses (:func:`churn.churn_ctes`).
Durations are whole days. The estimator is statsmodels' ``SurvfuncRight`` (Kaplan-Meier with
Greenwood's standard errors); the log-rank test is statsmodels' ``survdiff``.

Example::

    lives = lifetimes(con, filters, "segment")
    curves, summary = kaplan_meier(lives)
    test = log_rank(lives)
"""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd
from scipy.stats import norm
from statsmodels.duration.survfunc import SurvfuncRight, survdiff

from kapanalytics.churn import DEFAULT_WINDOW_DAYS, check_window_days, churn_ctes
from kapanalytics.errors import ConfigurationError
from kapanalytics.facts import analysis_date
from kapanalytics.filters import Filters
from kapanalytics.staging import NONE_LABEL, staging_ctes, with_query

SURVIVAL_DIMENSIONS = ("segment", "industry", "region", "country", "owner", "cohort_year")
"""Segments of the survival curves: an account attribute, or the year of the first purchase."""

ALL_ACCOUNTS = "all"
"""The segment label when the curve is not broken down."""

CONFIDENCE = 0.95
MAX_CURVE_POINTS = 400
"""A curve shown in the browser keeps at most this many of its steps."""

LIFETIME_COLUMNS = (
    "account_id",
    "segment",
    "first_purchase_date",
    "churn_date",
    "duration_days",
    "churned",
)
SUMMARY_COLUMNS = (
    "segment",
    "accounts",
    "churned",
    "median_days",
    "median_lower",
    "median_upper",
    "survival_1y",
    "survival_2y",
    "survival_3y",
)


def lifetimes(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    dimension: str | None = None,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """One row per filtered account with a purchase: its lifetime as of the analysis date.

    Columns: :data:`LIFETIME_COLUMNS`. ``segment`` is the account's value of ``dimension``
    (one of :data:`SURVIVAL_DIMENSIONS`; "(none)" when blank), or "all" without one.
    ``duration_days`` = (churn date, or the analysis date while a customer) - first purchase;
    ``churned`` says which. An account whose CRM lost date lies before its first purchase was
    never a customer and is left out.
    """
    window = check_window_days(window_days)
    if dimension is not None and dimension not in SURVIVAL_DIMENSIONS:
        raise ConfigurationError(
            f"Cannot break lifetimes down by {dimension!r}. "
            f"Choose one of: {', '.join(SURVIVAL_DIMENSIONS)}."
        )
    end = analysis_date(con)
    if end is None:
        return pd.DataFrame(columns=list(LIFETIME_COLUMNS))
    if dimension is None:
        segment = f"'{ALL_ACCOUNTS}'"
    elif dimension == "cohort_year":
        segment = "cast(year(history.first_purchase_date) as varchar)"
    else:
        # the column comes from SURVIVAL_DIMENSIONS (checked above), never from a user as such
        segment = f"coalesce(nullif(trim(accounts.{dimension}), ''), '{NONE_LABEL}')"
    sql, params = with_query(
        [*staging_ctes(filters), *churn_ctes(end, window)],
        f"""
    select
        churn.account_id,
        {segment} as segment,
        history.first_purchase_date,
        churn.churn_date,
        coalesce(churn.churn_date, ?::date) - history.first_purchase_date as duration_days,
        churn.churn_date is not null as churned
    from churn
    inner join purchase_history as history
        on history.account_id = churn.account_id
    inner join filtered_accounts as accounts
        on accounts.account_id = churn.account_id
    where coalesce(churn.churn_date, ?::date) >= history.first_purchase_date
    order by churn.account_id
    """,
        (end, end),
    )
    return con.execute(sql, params).df()


def kaplan_meier(
    lives: pd.DataFrame,
    segments: list[str] | None = None,
    *,
    max_points: int = MAX_CURVE_POINTS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Kaplan-Meier curves and their summary, per segment of ``lives`` (from :func:`lifetimes`).

    ``segments``: which to estimate (default: all, by number of accounts). Returns
    ``(curves, summary)``. ``curves``: segment, days, survival, lower, upper (pointwise 95 %
    band, log-log transform of Greenwood's variance), starting at day 0 with survival 1; at
    most ``max_points`` steps per segment. ``summary``: :data:`SUMMARY_COLUMNS`: accounts,
    churned, median lifetime in days with its 95 % interval (NaN where the curve does not fall
    to 0.5 or the bound is not reached), survival at 1, 2 and 3 years (365, 730, 1095 days).
    """
    chosen = _segments(lives, segments)
    curves, summaries = [], []
    for segment in chosen:
        group = lives[lives["segment"] == segment]
        if group.empty:
            continue
        fit = SurvfuncRight(
            group["duration_days"].to_numpy(float), group["churned"].to_numpy(float)
        )
        curves.append(_curve(segment, fit, max_points))
        summaries.append(_summary(segment, group, fit))
    curve_frame = (
        pd.concat(curves, ignore_index=True)
        if curves
        else pd.DataFrame(columns=["segment", "days", "survival", "lower", "upper"])
    )
    return curve_frame, pd.DataFrame(summaries, columns=list(SUMMARY_COLUMNS))


def log_rank(lives: pd.DataFrame, segments: list[str] | None = None) -> dict[str, float]:
    """The log-rank test that the chosen segments share one survival curve.

    Returns ``{"chi2": ..., "dof": groups - 1, "p_value": ...}``; NaN values with fewer than
    two segments that hold an event.
    """
    chosen = _segments(lives, segments)
    sample = lives[lives["segment"].isin(chosen)]
    groups = sample["segment"].nunique()
    if groups < 2 or not sample["churned"].any():
        return {"chi2": math.nan, "dof": float(max(groups - 1, 0)), "p_value": math.nan}
    chi2, p_value = survdiff(
        sample["duration_days"].to_numpy(float),
        sample["churned"].to_numpy(float),
        sample["segment"].to_numpy(str),
    )
    return {"chi2": float(chi2), "dof": float(groups - 1), "p_value": float(p_value)}


def _segments(lives: pd.DataFrame, segments: list[str] | None) -> list[str]:
    by_size = lives["segment"].value_counts()
    ordered = sorted(by_size.index, key=lambda s: (-by_size[s], str(s)))
    if segments is None:
        return ordered
    return [s for s in ordered if s in set(segments)]


def _curve(segment: str, fit: SurvfuncRight, max_points: int) -> pd.DataFrame:
    days = np.concatenate([[0.0], fit.surv_times])
    survival = np.concatenate([[1.0], fit.surv_prob])
    se = np.concatenate([[0.0], fit.surv_prob_se])
    lower, upper = _log_log_band(survival, se)
    if len(days) > max_points:
        # keep the first and the last step and spread the rest evenly over the steps
        keep = np.unique(np.linspace(0, len(days) - 1, max_points).round().astype(int))
        days, survival, lower, upper = days[keep], survival[keep], lower[keep], upper[keep]
    return pd.DataFrame(
        {"segment": segment, "days": days, "survival": survival, "lower": lower, "upper": upper}
    )


def _log_log_band(survival: np.ndarray, se: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pointwise band S^exp(±z·σ/log S), σ = se / S (Greenwood), where 0 < S < 1; else S.

    The log-log transform keeps the band inside 0..1, unlike S ± z·se.
    """
    z = norm.ppf(0.5 + CONFIDENCE / 2)
    lower, upper = survival.copy(), survival.copy()
    inner = (survival > 0) & (survival < 1) & np.isfinite(se)
    s = survival[inner]
    spread = z * (se[inner] / s) / np.log(s)
    lower[inner] = s ** np.exp(-spread)
    upper[inner] = s ** np.exp(spread)
    return lower, upper


def _summary(segment: str, group: pd.DataFrame, fit: SurvfuncRight) -> dict:
    median = fit.quantile(0.5)
    try:
        median_lower, median_upper = fit.quantile_ci(0.5)
    except (ValueError, IndexError):  # too few events for an interval
        median_lower, median_upper = math.nan, math.nan
    return {
        "segment": segment,
        "accounts": len(group),
        "churned": int(group["churned"].sum()),
        "median_days": _finite(median),
        "median_lower": _finite(median_lower),
        "median_upper": _finite(median_upper),
        "survival_1y": _survival_at(fit, 365),
        "survival_2y": _survival_at(fit, 730),
        "survival_3y": _survival_at(fit, 1095),
    }


def _survival_at(fit: SurvfuncRight, days: float) -> float:
    """S(days): the curve's value at ``days``; NaN beyond the longest observed lifetime."""
    if len(fit.time) == 0 or days > fit.time.max():
        return math.nan
    steps = np.searchsorted(fit.surv_times, days, side="right")
    return 1.0 if steps == 0 else float(fit.surv_prob[steps - 1])


def _finite(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number if math.isfinite(number) else math.nan
