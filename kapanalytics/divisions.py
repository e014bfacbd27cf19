"""The potential portfolio of a customer's divisions: where to focus inside a group.

Each division or country company of the group (every account below the group's top-most
account, and the top one itself) is placed by its attitude toward us (x: mentor 100, positive
75, neutral 50, negative 25, enemy 0) and its annual potential (y), sized by our revenue of the
last 12 months (docs/metrics.md, "Potential portfolio of divisions"). The placing is the
portfolio matrix's (:func:`kapanalytics.portfolio.portfolio_matrix`) with the attitude line at
:data:`POSITIVE_FROM` (positive and mentor lie on its right) and the potential line at the
divisions' median (on the line counts as high). Its quadrants read, for divisions:

==================  =========================  =============================
                    not (yet) positive         positive toward us
high potential      ``win_over``               ``focus``
low potential       ``observe``                ``reference``
==================  =========================  =============================
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from kapanalytics.account360 import as_of_date, group_head
from kapanalytics.criteria import account_criteria_frame
from kapanalytics.filters import Filters, last_12_months
from kapanalytics.portfolio import portfolio_matrix
from kapanalytics.powermap import account_family

POSITIVE_FROM = 62.5
"""The attitude line, halfway between neutral (50) and positive (75): positive and mentor lie
on its right, neutral and below on its left."""

QUADRANTS = {
    "invest": "focus",
    "develop": "win_over",
    "maintain": "reference",
    "serve_efficiently": "observe",
}
"""The portfolio matrix's quadrant -> its reading for divisions."""

COLUMNS = (
    "account_id",
    "name",
    "attitude",
    "attitude_score",
    "annual_potential",
    "revenue_l12m",
    "share_of_wallet",
    "quadrant",
    "is_selected",
    "potential_line",
    "attitude_line",
)


def divisions_matrix(
    con: duckdb.DuckDBPyConnection, account_id: str, *, as_of: date | None = None
) -> pd.DataFrame:
    """The divisions of the account's group in the 2x2, one row each (empty for an account
    that has no group of two or more).

    Columns :data:`COLUMNS`: attitude (the CRM's label) and attitude_score (x),
    annual_potential (y), revenue_l12m (the size; 12 months ending on ``as_of``),
    share_of_wallet, quadrant (``focus``, ``win_over``, ``reference``, ``observe``; None where
    attitude or potential is missing), is_selected (the account asked for), and the two lines.
    Sorted by potential descending, then account_id.
    """
    as_of = as_of_date(con, as_of)
    members = account_family(con, group_head(con, account_id))
    if len(members) < 2:
        return pd.DataFrame(columns=list(COLUMNS))
    chosen = Filters(period=last_12_months(as_of), account_ids=tuple(members))
    frame = account_criteria_frame(con, chosen, as_of=as_of)
    return place_divisions(frame, account_id)


def place_divisions(frame: pd.DataFrame, account_id: str) -> pd.DataFrame:
    """:func:`divisions_matrix` from a criteria frame of the group's accounts."""
    potential = pd.to_numeric(frame["annual_potential"], errors="coerce")
    line = float(potential.median()) if potential.notna().any() else 0.0
    points = portfolio_matrix(
        frame, x="attitude", y="potential", quadrant_lines=(POSITIVE_FROM, line)
    )
    placed = frame[["account_id", "attitude", "share_of_wallet", "revenue_l12m"]].merge(
        points[["account_id", "name", "x", "y", "quadrant"]], on="account_id"
    )
    quadrant = [QUADRANTS.get(q) for q in placed["quadrant"].astype(object)]
    result = pd.DataFrame(
        {
            "account_id": placed["account_id"],
            "name": placed["name"],
            "attitude": placed["attitude"],
            "attitude_score": placed["x"],
            "annual_potential": placed["y"],
            "revenue_l12m": placed["revenue_l12m"],
            "share_of_wallet": placed["share_of_wallet"],
            "quadrant": pd.Series(quadrant, index=placed.index, dtype=object),
            "is_selected": placed["account_id"] == account_id,
            "potential_line": line,
            "attitude_line": POSITIVE_FROM,
        }
    )
    return result.sort_values(
        ["annual_potential", "account_id"], ascending=[False, True], ignore_index=True
    )
