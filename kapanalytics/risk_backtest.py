"""Does the early-warning score rank the right accounts first? A backtest on a past day.

Definition (docs/metrics.md, "Backtest of the risk score"): score every customer as of a past
day ``d`` with only what was known then (:func:`risk.risk_scores` with ``as_of=d``; undated
factors left out), then look W days ahead: an account **churned** when its churn date as of
``d + W`` lies in ``(d, d + W]``. ``d + W`` must not lie after the analysis date; by default
``d`` = analysis date - W.

- **ROC AUC**: the probability that a churned account scores higher than one that stayed
  (ties count half): (mean rank of the churned - (n_churned + 1) / 2) / n_stayed with average
  ranks for ties. 0.5 is guessing, 1 is perfect.
- **Top-decile lift**: the churn rate among the 10 % highest scores (ceil(n / 10) accounts,
  ties by account_id) / the churn rate of all.
- **Calibration**: per score band of 10 points: accounts, churned, churn rate, mean score.

The same is shown for **revenue trend alone**: the symmetric fall in revenue,
(rev_prev_12m - rev_12m) / (|rev_prev_12m| + |rev_12m|), higher is riskier (0 without revenue).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd
import pyarrow.compute as pc
from scipy.stats import rankdata

from kapanalytics.arrow_frames import arrow_text
from kapanalytics.churn import DEFAULT_WINDOW_DAYS, account_churn, check_window_days
from kapanalytics.errors import ConfigurationError
from kapanalytics.facts import analysis_date
from kapanalytics.filters import Filters
from kapanalytics.risk import RiskWeights, load_weights, risk_scores

BAND_WIDTH = 10
MODELS = ("risk_score", "revenue_trend_only")
MAX_ROC_POINTS = 200


def backtest_frame(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    weights: RiskWeights | None = None,
    *,
    as_of: date | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """Every customer on ``as_of`` with its score then and whether it churned within W.

    Columns: the columns of :func:`risk.score`, revenue_trend_only, churned. Raises
    :class:`ConfigurationError` when ``as_of + W`` lies after the analysis date.
    """
    window = check_window_days(window_days)
    end = analysis_date(con)
    if end is None:
        raise ConfigurationError("There are no invoice lines to test the score on.")
    day = as_of or end - timedelta(days=window)
    horizon = day + timedelta(days=window)
    if horizon > end:
        raise ConfigurationError(
            f"A backtest as of {day} needs {window} days after it, up to {horizon}, but the data "
            f"end on {end}. Choose a day on or before {end - timedelta(days=window)}."
        )
    chosen = weights if weights is not None else load_weights(con)[0]
    scored = risk_scores(con, filters, chosen, as_of=day, window_days=window)
    later = account_churn(con, filters, horizon, window_days=window)
    # each scored account's row in ``later`` (arrow's hash lookup: pandas' map converts the
    # account ids to Python strings first)
    row = pc.index_in(arrow_text(scored["account_id"]), value_set=arrow_text(later["account_id"]))
    found = row.is_valid().to_numpy(zero_copy_only=False)
    at = pc.fill_null(row, 0).to_numpy()
    churn_date = pd.to_datetime(later["churn_date"]).to_numpy()[at] if len(later) else None
    scored["churned"] = (
        found & (churn_date > np.datetime64(day)) & (churn_date <= np.datetime64(horizon))
        if churn_date is not None
        else np.zeros(len(scored), dtype=bool)
    )
    now, before = scored["revenue_12m"], scored["revenue_prev_12m"]
    scale = now.abs() + before.abs()
    scored["revenue_trend_only"] = ((before - now) / scale.where(scale > 0)).fillna(0.0)
    return scored


def roc_auc(scores: pd.Series | np.ndarray, churned: pd.Series | np.ndarray) -> float:
    """The ROC AUC of ``scores`` for ``churned`` (ties count half); NaN without both kinds."""
    values = np.asarray(scores, dtype=float)
    positive = np.asarray(churned, dtype=bool)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if n_pos == 0 or n_neg == 0:
        return math.nan
    ranks = rankdata(values)
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def top_decile_lift(frame: pd.DataFrame, score_column: str) -> float:
    """Churn rate of the top 10 % by ``score_column`` (ties by account_id) / the overall rate."""
    return _top_decile_lift(
        frame[score_column].to_numpy(float), frame["churned"].to_numpy(bool), frame["account_id"]
    )


def _top_decile_lift(values: np.ndarray, churned: np.ndarray, account_ids: pd.Series) -> float:
    if len(values) == 0 or not churned.any():
        return math.nan
    top = _highest(values, account_ids, math.ceil(len(values) / 10))
    return float(churned[top].mean() / churned.mean())


def _highest(values: np.ndarray, account_ids: pd.Series, count: int) -> np.ndarray:
    """Positions of the ``count`` highest values (NaN last), ties by account_id, then by
    position: the first ``count`` rows of a stable sort by value descending and account_id.

    Only the accounts tied at the last place taken are sorted by account_id; the rest need no
    text comparison."""
    order = np.argsort(-values, kind="stable")  # NaN last, ties by position
    if count >= len(values):
        return order
    last = values[order[count - 1]]
    tied = np.isnan(values) if np.isnan(last) else values == last
    # the rows above the tie come first in ``order``, up to the first tied row
    above = order[: np.argmax(tied[order])]
    tied_rows = np.flatnonzero(tied)  # by position
    ids = arrow_text(account_ids.iloc[tied_rows])
    by_id = pc.sort_indices(ids).to_numpy()  # stable: equal ids stay by position
    return np.concatenate([above, tied_rows[by_id[: count - len(above)]]])


def calibration(frame: pd.DataFrame, score_column: str = "risk_score") -> pd.DataFrame:
    """Per band of 10 score points (0-10, ..., 90-100): band, accounts, churned, churn_rate,
    mean_score. Every band is a row, empty ones with 0 accounts."""
    band = (frame[score_column] // BAND_WIDTH).clip(upper=100 // BAND_WIDTH - 1)
    grouped = frame.assign(band=band).groupby("band")
    table = pd.DataFrame(
        {
            "accounts": grouped.size(),
            "churned": grouped["churned"].sum(),
            "mean_score": grouped[score_column].mean(),
        }
    ).reindex(range(100 // BAND_WIDTH))
    table["accounts"] = table["accounts"].fillna(0).astype(int)
    table["churned"] = table["churned"].fillna(0).astype(int)
    table["churn_rate"] = table["churned"] / table["accounts"].where(table["accounts"] > 0)
    labels = [f"{b * BAND_WIDTH}-{(b + 1) * BAND_WIDTH}" for b in table.index]
    table.insert(0, "band", labels)
    return table.reset_index(drop=True)[["band", "accounts", "churned", "churn_rate", "mean_score"]]


def backtest_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per model (:data:`MODELS`): model, accounts, churned, churn_rate, roc_auc,
    top_decile_lift."""
    rows = []
    churned_all = frame["churned"].to_numpy(bool)
    for model in MODELS:
        values = frame[model].to_numpy(float)
        # the model's columns only: no copy of every column for its usable rows
        usable = ~np.isnan(values)
        scores, churned = values[usable], churned_all[usable]
        rows.append(
            {
                "model": model,
                "accounts": len(scores),
                "churned": int(churned.sum()),
                "churn_rate": churned.mean() if len(scores) else math.nan,
                "roc_auc": roc_auc(scores, churned),
                "top_decile_lift": _top_decile_lift(scores, churned, frame["account_id"][usable]),
            }
        )
    return pd.DataFrame(rows)


def roc_curve(frame: pd.DataFrame, score_column: str) -> pd.DataFrame:
    """The ROC curve: false_positive_rate, true_positive_rate at every score threshold (at
    most :data:`MAX_ROC_POINTS` points, from (0, 0) to (1, 1))."""
    usable = frame[frame[score_column].notna()]
    positive = usable["churned"].to_numpy(bool)
    if positive.all() or not positive.any():
        return pd.DataFrame({"false_positive_rate": [0.0, 1.0], "true_positive_rate": [0.0, 1.0]})
    order = np.argsort(-usable[score_column].to_numpy(float), kind="stable")
    values = usable[score_column].to_numpy(float)[order]
    hits = positive[order]
    # one point per distinct threshold: the last row of each run of equal scores
    last = np.r_[values[1:] != values[:-1], True]
    tpr = np.r_[0.0, np.cumsum(hits)[last] / hits.sum()]
    fpr = np.r_[0.0, np.cumsum(~hits)[last] / (~hits).sum()]
    if len(tpr) > MAX_ROC_POINTS:
        keep = np.unique(np.linspace(0, len(tpr) - 1, MAX_ROC_POINTS).round().astype(int))
        tpr, fpr = tpr[keep], fpr[keep]
    return pd.DataFrame({"false_positive_rate": fpr, "true_positive_rate": tpr})
