"""What the key-account selection pages show, assembled from the selection's results.

Pure pandas on the library's outputs: the ranked table with its rank movement, one account's
score broken down by criterion, the stability in a few figures, the key-account decisions worth
a second look, the portfolio matrix's points with their ABC class and the quadrants in sum.
Definitions: docs/metrics.md, "Key-account selection".
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from kapanalytics.criteria import CRITERIA, NORMALISATIONS
from kapanalytics.errors import ConfigurationError
from kapanalytics.format import format_money, format_number, format_percent
from kapanalytics.portfolio import QUADRANT_LABELS
from kapanalytics.scoring import SelectionConfig

RANKED_COLUMNS = (
    "rank",
    "rank_movement",
    "name",
    "account_id",
    "class",
    "score",
    "is_key_account",
    "criteria_missing",
)
"""The ranked table's first columns; each active criterion's normalised value follows."""

NO_REVENUE_CLASS = "C"
"""The ABC class of an account without revenue in the window (a measure of 0 is C)."""

REVIEW_KINDS = ("add", "review")
"""``add``: in the first class but no key account; ``review``: a key account outside it."""


def normalisation_choices(key: str) -> tuple[str, ...]:
    """The normalisations that make sense for criterion ``key``: the 1..5 rating mapping only
    for the rated criteria (any other value would count as missing)."""
    if key not in CRITERIA:
        raise ConfigurationError(f"Unknown criterion {key!r}. Choose from: {', '.join(CRITERIA)}.")
    if CRITERIA[key].source == "rating":
        return NORMALISATIONS
    return tuple(n for n in NORMALISATIONS if n != "rating")


def weight_shares(weights: Mapping[str, float]) -> dict[str, float]:
    """Each weight as a share of their sum (0.25 = 25 %); all 0 when the sum is not positive.

    Unlike :attr:`SelectionConfig.weight_shares` this works for any number of criteria, so a
    page can show the shares while the choice is still outside 3..8.
    """
    total = float(sum(weights.values()))
    if total <= 0:
        return {key: 0.0 for key in weights}
    return {key: float(w) / total for key, w in weights.items()}


def ranked_table(
    ranked: pd.DataFrame, movement: pd.DataFrame | None, config: SelectionConfig
) -> pd.DataFrame:
    """The ranked list as the page shows it, sorted by rank.

    Input: :func:`kapanalytics.selection_configs.ranked_with_decisions` and
    :func:`kapanalytics.selection_configs.rank_movement` (or None: nothing to compare with).
    Output: :data:`RANKED_COLUMNS`, then ``<key>_normalised`` per active criterion.
    rank_movement is positive for an account that moved up, NaN without a comparison.
    """
    table = ranked.copy()
    if movement is None:
        table["rank_movement"] = np.nan
    else:
        table = table.merge(movement[["account_id", "rank_movement"]], on="account_id", how="left")
    normalised = [f"{key}_normalised" for key in config.active_criteria]
    return table[[*RANKED_COLUMNS, *normalised]].sort_values("rank", ignore_index=True)


def score_breakdown(scored: pd.DataFrame, account_id: str, config: SelectionConfig) -> pd.DataFrame:
    """Why an account has its score: one row per active criterion, in the configured order.

    Input: :func:`kapanalytics.scoring.score_accounts` (or the ranked export) under
    ``config``. Output: criterion, value (raw), normalised (0..100, NaN if missing),
    weight_share (the configured share, 0..1), applied_share (the share this account's score
    gives it: under ``reweight`` a missing criterion gets 0 and the others grow), contribution
    (points; they add up to the score). ``attrs["score"]`` holds the account's score.
    """
    rows = scored[scored["account_id"] == account_id]
    if rows.empty:
        raise ConfigurationError(f"There is no account {account_id!r} in the ranked list.")
    row = rows.iloc[0]
    criteria = list(config.active_criteria)
    weights = np.array([config.weights[key] for key in criteria])
    normalised = np.array([row[f"{key}_normalised"] for key in criteria], dtype=np.float64)
    present = ~np.isnan(normalised)
    counted = present if config.missing_policy == "reweight" else np.ones(len(criteria), bool)
    total = (weights * counted).sum()
    applied = np.where(counted, weights / total, 0.0) if total > 0 else np.full(len(weights), 0.0)
    breakdown = pd.DataFrame(
        {
            "criterion": criteria,
            "value": [row[key] if key in row.index else np.nan for key in criteria],
            "normalised": normalised,
            "weight_share": weights / weights.sum(),
            "applied_share": applied,
            "contribution": [row[f"{key}_contribution"] for key in criteria],
        }
    )
    breakdown.attrs["score"] = float(row["score"])
    return breakdown


def stability_summary(stable: pd.DataFrame, top_n: int) -> dict[str, int]:
    """The stability in counts, keyed like the metric catalogue: top_n, certain_accounts (in
    the top N in every draw), fragile_accounts (membership flagged fragile) and within_reach
    (outside the top N now, inside it in at least one draw).
    Input: :func:`kapanalytics.stability.stability`."""
    probability = stable["top_n_probability"]
    outside_now = stable["base_rank"] > top_n
    return {
        "top_n": int(top_n),
        "certain_accounts": int((probability == 1).sum()),
        "fragile_accounts": int(stable["fragile"].sum()),
        "within_reach": int((outside_now & (probability > 0)).sum()),
    }


def key_account_review(ranked: pd.DataFrame) -> pd.DataFrame:
    """Decisions worth a second look under the current ranking.

    Input: the ranked list (columns account_id, name, rank, class, score, is_key_account; the
    class categorical, first category = first class). Output, sorted by rank: the accounts in
    the first class that are no key account (kind ``add``) and the key accounts outside the
    first class (kind ``review``), with kind first.
    """
    first_class = ranked["class"].cat.codes == 0
    key = ranked["is_key_account"].fillna(False).astype(bool)
    kind = np.select([first_class & ~key, ~first_class & key], list(REVIEW_KINDS), "")
    chosen = ranked.assign(kind=kind)[kind != ""]
    chosen = chosen.sort_values("rank", ignore_index=True)
    return chosen[["kind", *[c for c in chosen.columns if c != "kind"]]]


def with_abc_class(frame: pd.DataFrame, classified: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the column abc_class from :func:`kapanalytics.abc.abc_classes` (same
    level and window); an account it does not rank (no lines) is class C, as any account
    whose measure is 0."""
    classes = classified.set_index("account_id")["abc_class"]
    out = frame.copy()
    out["abc_class"] = out["account_id"].map(classes).fillna(NO_REVENUE_CLASS).astype(str)
    return out


def quadrant_summary(points: pd.DataFrame) -> pd.DataFrame:
    """Accounts, revenue and key accounts per quadrant of
    :func:`kapanalytics.portfolio.portfolio_matrix`, one row per quadrant (all four, in the
    order invest, develop, maintain, serve efficiently; not placed points left out)."""
    key = points.get("is_key_account", pd.Series(False, index=points.index))
    grouped = (
        points.assign(key_accounts=key.fillna(False).astype(int))
        .groupby("quadrant", observed=False)
        .agg(
            accounts=("account_id", "count"),
            revenue=("size", "sum"),
            key_accounts=("key_accounts", "sum"),
        )
    )
    grouped = grouped.reindex(list(QUADRANT_LABELS), fill_value=0)
    return grouped.rename_axis("quadrant").reset_index()


def largest_points(points: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The ``limit`` placed points with the largest size (revenue), ties by account_id: what a
    chart can draw without sending every account to the browser."""
    limit = max(0, int(limit))
    placed = points[points["x"].notna() & points["y"].notna()]
    if len(placed) > limit > 0:
        # only the points as large as the limit-th largest can be among the first: sorting
        # those few by size and account_id orders them as sorting every point would
        size = placed["size"].to_numpy(dtype=float, na_value=np.nan)
        key = np.where(np.isnan(size), -np.inf, size)
        cutoff = np.partition(key, len(key) - limit)[len(key) - limit]
        placed = placed[key >= cutoff]
    ordered = placed.sort_values(["size", "account_id"], ascending=[False, True])
    return ordered.head(limit)


def top_n_changes(comparison: pd.DataFrame) -> dict[str, int]:
    """How many accounts enter, leave, stay in and stay out of the top N, from
    :func:`kapanalytics.selection_configs.compare_configs`."""
    counts = comparison["top_n_change"].value_counts()
    return {str(change): int(counts.get(change, 0)) for change in counts.index}


def baseline_name(configs: pd.DataFrame, name: str) -> str | None:
    """The saved configuration the rank movement compares with: ``name`` once it is saved,
    else the configuration saved last (of any name); None while nothing is saved.

    Input: :func:`kapanalytics.selection_configs.list_configs`.
    """
    if configs.empty:
        return None
    if name.strip() in set(configs["name"]):
        return name.strip()
    latest = configs.sort_values(["saved_at", "name"], ascending=[False, True])
    return str(latest["name"].iloc[0])


def criterion_value_text(key: str, value: float | None, lang: str, currency: str = "EUR") -> str:
    """A criterion's raw value written by its unit: money compact, ratios as %, counts whole,
    points and ratings with one decimal; a dash when missing."""
    unit = CRITERIA[key].unit
    if unit == "money":
        return format_money(value, lang, currency, compact=True)
    if unit == "ratio":
        return format_percent(value, lang)
    return format_number(value, lang, 0 if unit == "count" else 1)


def first_class_size(config: SelectionConfig, ranked: pd.DataFrame) -> int:
    """N of "the top N": the first top-N cut-off, or under score thresholds the number of
    accounts in the first class (as :func:`kapanalytics.stability.stability` takes it)."""
    if config.top_n is not None:
        return config.top_n
    return int((ranked["class"].cat.codes == 0).sum())


def around_the_line(stable: pd.DataFrame, top_n: int, width: int = 20) -> pd.DataFrame:
    """The accounts whose rank now lies within ``width`` ranks of the top-N line
    (``top_n - width < base_rank <= top_n + width``), by rank: where fragile selections are."""
    near = (stable["base_rank"] > top_n - width) & (stable["base_rank"] <= top_n + width)
    return stable[near].sort_values("base_rank", ignore_index=True)


def axis_range(
    values: pd.Series, line: float, quantiles: tuple[float, float] = (0.01, 0.99)
) -> tuple[float, float] | None:
    """The part of an axis a chart shows: from the lower to the upper quantile of the values
    (and always the quadrant line), with 5 % room on each side, so a few outliers (a share of
    wallet of 500 % where the potential is out of date) do not squeeze every other point into
    a corner. None without two distinct values."""
    present = pd.to_numeric(values, errors="coerce").dropna()
    if present.nunique() < 2:
        return None
    low = min(float(present.quantile(quantiles[0])), line)
    high = max(float(present.quantile(quantiles[1])), line)
    room = (high - low) * 0.05
    return low - room, high + room
