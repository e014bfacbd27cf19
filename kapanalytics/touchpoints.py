"""Touchpoints of one customer: a timeline by type, the cadence against its target, and how long
each decision maker has gone without a contact.

A **touchpoint** is an activity (visit, call, email, meeting, event, complaint, service). The
**cadence** counts the personal ones (:data:`PERSONAL_TYPES`: visits and meetings) of the 12
months ending on the analysis date against the target of the account's class
(:data:`CADENCE_TARGETS`): a key account is visited monthly, an A account quarterly, a B account
twice a year, a C account once. Definitions: docs/metrics.md, "Touchpoints and cadence".
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from kapanalytics.filters import last_12_months
from kapanalytics.powermap import DECISION_MAKER

ACTIVITY_TYPES = ("visit", "meeting", "call", "email", "event", "complaint", "service")
PERSONAL_TYPES = ("visit", "meeting")
CADENCE_TARGETS = {"key account": 12, "A": 4, "B": 2, "C": 1}
"""Personal touchpoints a year per class; the class is ``key account`` for a current key account,
else its ABC class (C when it has none)."""
TIMELINE_MONTHS = 24


def cadence_class(is_key_account: bool, abc_class: str | None) -> str:
    """The class whose cadence target applies (see :data:`CADENCE_TARGETS`)."""
    if is_key_account:
        return "key account"
    return abc_class if abc_class in CADENCE_TARGETS else "C"


def touchpoint_timeline(
    con: duckdb.DuckDBPyConnection,
    account_ids: list[str],
    as_of: date,
    *,
    months: int = TIMELINE_MONTHS,
) -> pd.DataFrame:
    """The touchpoints of the accounts in the ``months`` months up to ``as_of``, newest first:
    activity_date, type (lower case), account_id, contact_id, contact (name), owner."""
    start = _months_before(as_of, months)
    return con.execute(
        """
        select a.activity_date, lower(trim(a.type)) as type, a.account_id, a.contact_id,
            c.name as contact, a.owner
        from activities as a
        left join contacts as c on c.contact_id = a.contact_id
        where list_contains(?::varchar[], a.account_id)
            and a.activity_date > ? and a.activity_date <= ?
        order by a.activity_date desc, a.activity_id
        """,
        [account_ids, start, as_of],
    ).df()


def touchpoints_by_month(timeline: pd.DataFrame, as_of: date, months: int = TIMELINE_MONTHS):
    """Touchpoints per calendar month and type, every month of the window present:
    month (first day), type, touchpoints (0 where none)."""
    first = pd.Timestamp(_months_before(as_of, months - 1)).to_period("M")
    all_months = pd.period_range(first, pd.Timestamp(as_of).to_period("M"), freq="M")
    frame = timeline.assign(month=pd.to_datetime(timeline["activity_date"]).dt.to_period("M"))
    counts = frame.groupby(["month", "type"]).size()
    types = [t for t in ACTIVITY_TYPES if t in set(frame["type"])] or list(PERSONAL_TYPES)
    full = pd.MultiIndex.from_product([all_months, types], names=["month", "type"])
    counts = counts.reindex(full, fill_value=0).rename("touchpoints").reset_index()
    counts["month"] = counts["month"].dt.to_timestamp()
    return counts


def cadence(timeline: pd.DataFrame, as_of: date, class_name: str) -> dict:
    """The personal touchpoints of the last 12 months against the class's target.

    Keys: class_name, target (a year), personal_l12m, attainment (personal / target),
    last_personal_date (None without any), days_since_personal (to ``as_of``),
    target_interval_days (365 / target), is_behind (fewer than the target, or the last personal
    touchpoint longer ago than the target interval).
    """
    window = last_12_months(as_of)
    dates = pd.to_datetime(timeline["activity_date"]).dt.date
    personal = timeline[timeline["type"].isin(PERSONAL_TYPES)]
    personal_dates = dates[personal.index]
    in_window = personal_dates[(personal_dates >= window.start) & (personal_dates <= window.end)]
    target = CADENCE_TARGETS[class_name]
    last = max(personal_dates) if len(personal_dates) else None
    days = (as_of - last).days if last else None
    interval = round(365 / target)
    return {
        "class_name": class_name,
        "target": target,
        "personal_l12m": len(in_window),
        "attainment": len(in_window) / target,
        "last_personal_date": last,
        "days_since_personal": days,
        "target_interval_days": interval,
        "is_behind": len(in_window) < target or days is None or days > interval,
    }


def decision_makers(contacts: pd.DataFrame) -> pd.DataFrame:
    """The decision makers of a power map (:func:`kapanalytics.powermap.power_map_contacts`),
    longest without contact first (never contacted on top): contact_id, name, title,
    account_name, relationship_owner, last_contact_date, days_since_contact, freshness."""
    role = contacts["buying_role"].fillna("").str.strip().str.lower()
    chosen = contacts[role == DECISION_MAKER]
    columns = [
        "contact_id",
        "name",
        "title",
        "account_name",
        "relationship_owner",
        "last_contact_date",
        "days_since_contact",
        "freshness",
    ]
    waited = pd.to_numeric(chosen["days_since_contact"], errors="coerce").astype("float64")
    waited = waited.fillna(float("inf"))
    order = chosen.assign(_waited=waited).sort_values(["_waited", "name"], ascending=[False, True])
    return order[columns].reset_index(drop=True)


def _months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day where it is shorter)."""
    return (pd.Timestamp(day) - pd.DateOffset(months=months)).date()
