"""The customer portfolio matrix and the targets for account-based selling.

**Portfolio matrix** (docs/metrics.md, "Portfolio matrix"): x is our position with the account
(share of wallet, relationship strength, or its attitude toward us mapped mentor = 100 ..
enemy = 0), y its attractiveness (score, annual potential, or growth). Two lines, at the
medians or at given values, cut the plane into four quadrants; a point on a line counts as
high. Each quadrant has a strategy:

=====================  ===================  ==================
                       weak position (x)    strong position (x)
high attractiveness    develop              invest
low attractiveness     serve efficiently    maintain
=====================  ===================  ==================

**Prospects and under-served accounts**: accounts whose annual potential is high (at least the
given quantile of the positive potentials, 0.75 by default, or a given amount) and whose share
of wallet is small (below 10 % by default) or who bought nothing in the last 12 months, ranked by
white space descending (ties by account_id).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kapanalytics.errors import ConfigurationError

X_AXES = {
    "share_of_wallet": "share_of_wallet",
    "relationship_strength": "relationship_strength",
    "attitude": "attitude_score",
}
"""Our position: choice -> column of the scored frame."""

Y_AXES = {
    "score": "score",
    "potential": "annual_potential",
    "growth": "revenue_cagr_3y",
    "growth_1y": "revenue_growth_1y",
}
"""Attractiveness: choice -> column of the scored frame (growth is the 3-year CAGR)."""

QUADRANT_LABELS = {
    "invest": {
        "label_en": "Invest",
        "label_de": "Investieren",
        "strategy_en": "Attractive and well placed: invest, make or keep it a key account.",
        "strategy_de": "Attraktiv und gut positioniert: investieren, als Key Account führen.",
    },
    "develop": {
        "label_en": "Develop",
        "label_de": "Entwickeln",
        "strategy_en": "Attractive but our position is weak: build relationships and share.",
        "strategy_de": "Attraktiv, aber schwach positioniert: Beziehungen und Anteil ausbauen.",
    },
    "maintain": {
        "label_en": "Maintain",
        "label_de": "Halten",
        "strategy_en": "Strong position, limited upside: keep the relationship at fair cost.",
        "strategy_de": "Starke Position, wenig Potenzial: Beziehung zu fairen Kosten halten.",
    },
    "serve_efficiently": {
        "label_en": "Serve efficiently",
        "label_de": "Effizient bedienen",
        "strategy_en": "Neither attractive nor close: serve through low-cost channels.",
        "strategy_de": "Weder attraktiv noch eng verbunden: über kostengünstige Kanäle bedienen.",
    },
}


def portfolio_matrix(
    scored_frame: pd.DataFrame,
    x: str = "share_of_wallet",
    y: str = "score",
    quadrant_lines: str | Sequence[float] = "median",
) -> pd.DataFrame:
    """Points of the portfolio matrix with their quadrant and strategy.

    Input: a scored frame (:func:`kapanalytics.scoring.score_accounts`; for y other than
    score a criteria frame will do), the x and y choices (:data:`X_AXES`, :data:`Y_AXES`) and
    the quadrant lines: ``"median"`` (the medians of the non-missing x and y values) or
    ``(x_line, y_line)``. Output, one row per account in the frame's order: account_id, name,
    x, y, size (revenue_l12m, negative shown as 0), is_key_account (if present), quadrant
    (categorical: invest, develop, maintain, serve_efficiently; missing where x or y is), strategy
    (the English sentence of :data:`QUADRANT_LABELS`, categorical), x_line, y_line.
    """
    if x not in X_AXES:
        raise ConfigurationError(f"Unknown x axis {x!r}. Choose from: {', '.join(X_AXES)}.")
    if y not in Y_AXES:
        raise ConfigurationError(f"Unknown y axis {y!r}. Choose from: {', '.join(Y_AXES)}.")
    x_column, y_column = X_AXES[x], Y_AXES[y]
    missing = [c for c in ("account_id", x_column, y_column) if c not in scored_frame.columns]
    if missing:
        raise ConfigurationError(
            f"The frame lacks {', '.join(missing)}; pass the output of score_accounts."
        )
    x_values = pd.to_numeric(scored_frame[x_column], errors="coerce").astype("float64")
    y_values = pd.to_numeric(scored_frame[y_column], errors="coerce").astype("float64")
    if isinstance(quadrant_lines, str):
        if quadrant_lines != "median":
            raise ConfigurationError("quadrant_lines must be 'median' or (x_line, y_line).")
        x_line, y_line = float(x_values.median()), float(y_values.median())
    else:
        x_line, y_line = (float(v) for v in quadrant_lines)

    placed = x_values.notna() & y_values.notna()
    strong = (x_values >= x_line).to_numpy()
    high = (y_values >= y_line).to_numpy()
    codes = np.select([high & strong, high & ~strong, ~high & strong], [0, 1, 2], 3)
    codes[~placed.to_numpy()] = -1  # not placed: missing
    quadrant = pd.Categorical.from_codes(codes, categories=list(QUADRANT_LABELS))
    revenue = scored_frame.get("revenue_l12m", pd.Series(np.nan, index=scored_frame.index))
    points = pd.DataFrame(
        {
            "account_id": scored_frame["account_id"].to_numpy(),
            "name": scored_frame["name"].to_numpy() if "name" in scored_frame else None,
            "x": x_values.to_numpy(),
            "y": y_values.to_numpy(),
            "size": np.clip(pd.to_numeric(revenue, errors="coerce").to_numpy(), 0, None),
        }
    )
    if "is_key_account" in scored_frame:
        points["is_key_account"] = scored_frame["is_key_account"].to_numpy()
    points["quadrant"] = quadrant
    points["strategy"] = quadrant.rename_categories(
        [QUADRANT_LABELS[q]["strategy_en"] for q in QUADRANT_LABELS]
    )
    points["x_line"] = x_line
    points["y_line"] = y_line
    return points


def prospects_and_underserved(
    frame: pd.DataFrame,
    *,
    potential_quantile: float = 0.75,
    min_potential: float | None = None,
    max_share_of_wallet: float = 0.10,
) -> pd.DataFrame:
    """Accounts with high potential and a small share of wallet (or none yet).

    High potential: ``annual_potential >= min_potential`` if given, else at least the
    ``potential_quantile`` quantile (linear interpolation) of the positive potentials in the
    frame. Small share: ``share_of_wallet < max_share_of_wallet``, or no revenue in the last
    12 months (``revenue_l12m <= 0``: not buying yet). Output, ranked by white space descending
    (ties by account_id): rank, account_id, name, kind ("not buying yet" or "under-served"),
    annual_potential, revenue_l12m, share_of_wallet, white_space, potential_threshold.
    """
    needed = ["account_id", "annual_potential", "revenue_l12m", "share_of_wallet", "white_space"]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ConfigurationError(
            f"The frame lacks {', '.join(missing)}; pass criteria.account_criteria_frame."
        )
    if not 0 <= potential_quantile <= 1:
        raise ConfigurationError(f"potential_quantile must lie in 0..1: {potential_quantile}.")
    potential = pd.to_numeric(frame["annual_potential"], errors="coerce")
    if min_potential is None:
        positive = potential[potential > 0]
        threshold = float(positive.quantile(potential_quantile)) if len(positive) else np.inf
    else:
        threshold = float(min_potential)
    not_buying = frame["revenue_l12m"] <= 0
    small_share = frame["share_of_wallet"] < max_share_of_wallet
    chosen = frame[(potential >= threshold) & (not_buying | small_share)].copy()
    chosen["kind"] = np.where(chosen["revenue_l12m"] <= 0, "not buying yet", "under-served")
    chosen = chosen.sort_values(
        ["white_space", "account_id"], ascending=[False, True], ignore_index=True
    )
    chosen.insert(0, "rank", np.arange(1, len(chosen) + 1))
    chosen["potential_threshold"] = threshold
    columns = [
        "rank",
        "account_id",
        "name",
        "kind",
        "annual_potential",
        "revenue_l12m",
        "share_of_wallet",
        "white_space",
        "potential_threshold",
    ]
    if "name" not in chosen:
        chosen["name"] = None
    return chosen[columns]
