"""Is a plan still current? Sections not reviewed for a while, overdue actions, and the list of
plans across the portfolio.

A written section is **stale** when its last review (the save that changed it or confirmed it)
lies more than ``review_days`` (default :data:`DEFAULT_REVIEW_DAYS`) before the day judged; an
unwritten section is **empty**. An action is **overdue** when it is not done and its due date
lies before that day. The day judged is the analysis date (the last invoice date), as for every
figure of the app, so the same file gives the same flags tomorrow; a review dated after it
counts as 0 days old. Definitions: docs/metrics.md, "Key-account plan".
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from kapanalytics.facts import analysis_date
from kapanalytics.filters import Filters, account_filter_sql
from kapanalytics.keyaccounts import current_key_accounts
from kapanalytics.plans import SECTIONS, Plan, from_json, section_frame

DEFAULT_REVIEW_DAYS = 90
"""A quarter: the plan is reviewed with the customer three to four times a year."""
SECTION_STATES = ("current", "stale", "empty")
PLAN_STATES = ("missing", "stale", "overdue", "current")
"""A key account without a plan; a stale section; an overdue action; all in order."""


def judged_day(con: duckdb.DuckDBPyConnection, as_of: date | None = None) -> date:
    """``as_of``, else the analysis date, else today (a database without invoice lines)."""
    return as_of or analysis_date(con) or date.today()


def section_reviews(
    plan: Plan, as_of: date, review_days: int = DEFAULT_REVIEW_DAYS
) -> pd.DataFrame:
    """One row per section in plan order: section, state (:data:`SECTION_STATES`),
    reviewed_at, reviewed_by, age_days (days from the review to ``as_of``, at least 0)."""
    rows = []
    for key in SECTIONS:
        review = plan.reviews.get(key)
        if plan.is_empty(key):
            rows.append({"section": key, "state": "empty"})
            continue
        age = max((as_of - review.at.date()).days, 0) if review else None
        stale = age is None or age > review_days
        rows.append(
            {
                "section": key,
                "state": "stale" if stale else "current",
                "reviewed_at": review.at if review else None,
                "reviewed_by": review.by if review else None,
                "age_days": age,
            }
        )
    frame = pd.DataFrame(
        rows, columns=["section", "state", "reviewed_at", "reviewed_by", "age_days"]
    )
    frame["age_days"] = pd.array(frame["age_days"], dtype="Int64")
    return frame


def action_list(plan: Plan, as_of: date) -> pd.DataFrame:
    """The plan's actions with what, who, due_date, status ('open' where blank), goal,
    is_overdue (not done and due before ``as_of``) and days_overdue (0 when not overdue)."""
    actions = section_frame(plan, "actions")
    actions["status"] = actions["status"].where(actions["status"] != "", "open")
    due = pd.to_datetime(actions["due_date"])
    late = (pd.Timestamp(as_of) - due).dt.days
    actions["is_overdue"] = (actions["status"] != "done") & (late > 0)
    actions["days_overdue"] = late.where(actions["is_overdue"], 0).fillna(0).astype(int)
    return actions


OVERVIEW_COLUMNS = (
    "account_id",
    "name",
    "owner",
    "is_key_account",
    "state",
    "version",
    "saved_by",
    "saved_at",
    "goals",
    "stale_sections",
    "empty_sections",
    "oldest_review_days",
    "open_actions",
    "overdue_actions",
)


def plans_overview(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date | None = None,
    review_days: int = DEFAULT_REVIEW_DAYS,
    filters: Filters | None = None,
) -> pd.DataFrame:
    """Every account with a plan, and every current key account without one (of the accounts
    the account filters of ``filters`` choose; the period plays no part).

    Columns :data:`OVERVIEW_COLUMNS`: state (:data:`PLAN_STATES`; the first that applies),
    the latest version with its author and time, goals (count), stale_sections (names of the
    stale sections, comma-separated), empty_sections (count), oldest_review_days, open_actions
    and overdue_actions (counts). Sorted by state in that order, then name.
    """
    day = judged_day(con, as_of)
    latest = con.execute(
        """
        select p.account_id, p.version, p.plan_json, p.saved_by, p.saved_at
        from account_plans as p
        qualify row_number() over (partition by p.account_id order by p.version desc) = 1
        """
    ).fetchall()
    keys = set(current_key_accounts(con))
    rows = []
    for account_id, version, text, saved_by, saved_at in latest:
        plan = from_json(text)
        reviews = section_reviews(plan, day, review_days)
        actions = action_list(plan, day)
        stale = reviews.loc[reviews["state"] == "stale", "section"].tolist()
        overdue = int(actions["is_overdue"].sum())
        state = "stale" if stale else "overdue" if overdue else "current"
        rows.append(
            {
                "account_id": account_id,
                "state": state,
                "version": int(version),
                "saved_by": saved_by,
                "saved_at": saved_at,
                "goals": len(plan.section("goals")),
                "stale_sections": ", ".join(stale),
                "empty_sections": int((reviews["state"] == "empty").sum()),
                "oldest_review_days": reviews["age_days"].max(),
                "open_actions": int((actions["status"] != "done").sum()),
                "overdue_actions": overdue,
            }
        )
    planned = {row["account_id"] for row in rows}
    rows += [{"account_id": a, "state": "missing"} for a in sorted(keys - planned)]
    frame = pd.DataFrame(rows, columns=[c for c in OVERVIEW_COLUMNS if c not in _ACCOUNT_COLUMNS])
    accounts = con.execute(
        "select account_id, min(name) as name, min(owner) as owner from accounts"
        " where list_contains(?::varchar[], account_id) group by account_id",
        [frame["account_id"].tolist()],
    ).df()
    frame = frame.merge(accounts, on="account_id", how="left")
    if filters is not None and filters.account_filters_active:
        condition, params = account_filter_sql(filters, "a")
        chosen = con.execute(f"select account_id from accounts as a where {condition}", params)
        frame = frame[frame["account_id"].isin({r[0] for r in chosen.fetchall()})]
    frame["is_key_account"] = frame["account_id"].isin(keys)
    frame["_order"] = frame["state"].map({s: i for i, s in enumerate(PLAN_STATES)})
    frame = frame.sort_values(["_order", "name", "account_id"], ignore_index=True)
    for column in ("goals", "empty_sections", "oldest_review_days", "open_actions", "version"):
        frame[column] = pd.array(frame[column], dtype="Int64")
    frame["overdue_actions"] = pd.array(frame["overdue_actions"], dtype="Int64")
    return frame[list(OVERVIEW_COLUMNS)]


_ACCOUNT_COLUMNS = ("name", "owner", "is_key_account")
