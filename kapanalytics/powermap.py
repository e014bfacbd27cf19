"""The power map: the customer's people, who reports to whom, how they stand toward us, and
the warnings an account team should act on.

Contacts come from the CRM (``contacts``); what users change in the app (buying role,
influence, attitude, our relationship owner) is stored beside them in ``contact_edits``, one
row per changed field with who, when and the CRM's value at that moment. The **rule**
(docs/metrics.md, "Power map"): the latest app edit of a field is the value in force, whatever
a later import brings, so no re-import silently undoes a user's edit; where the CRM's value has
changed since the edit was made, the contact is flagged (``crm_changed``) and both values are
shown, so no CRM update goes unseen either. Enter the CRM's value in the app to follow it again.

All days are counted to the analysis date ``as_of`` (the last invoice date), not to today.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import numpy as np
import pandas as pd

from kapanalytics import store
from kapanalytics.access import User, check_change
from kapanalytics.criteria import BUYING_ROLES
from kapanalytics.errors import ConfigurationError, EditConflictError
from kapanalytics.facts import analysis_date

ATTITUDES = ("mentor", "positive", "neutral", "negative", "enemy")
EDITABLE_FIELDS = ("buying_role", "influence", "attitude", "relationship_owner")
DECISION_MAKER = "decision maker"

FRESH_DAYS = 90
"""A contact reached within this many days is fresh."""
STALE_DAYS = 180
"""A contact not reached for more than this many days is stale (between: ageing)."""
FRESHNESS = ("fresh", "ageing", "stale", "never")

WARNINGS = (
    "decision_maker_not_contacted",
    "single_thread",
    "influential_opponent",
    "uncovered_roles",
)

CONTACT_COLUMNS = (
    "contact_id",
    "account_id",
    "account_name",
    "name",
    "title",
    "department",
    *EDITABLE_FIELDS,
    "reports_to_contact_id",
    "last_contact_date",
    "days_since_contact",
    "freshness",
    "crm_buying_role",
    "crm_influence",
    "crm_attitude",
    "crm_relationship_owner",
    "edited_by",
    "edited_at",
    "crm_changed",
)


@dataclass(frozen=True)
class PowerMapRules:
    """When the power map warns (docs/metrics.md, "Power-map warnings")."""

    decision_maker_days: int = 90
    """A decision maker not reached for more than this many days (or never) is a warning."""
    thread_days: int = STALE_DAYS
    """A thread is a contact of theirs that one of ours owns and reached within these days."""
    influential_from: int = 4
    """Influence (1..5) from which an opponent is highly influential."""
    opponent_attitudes: tuple[str, ...] = ("negative", "enemy")
    required_roles: tuple[str, ...] = BUYING_ROLES
    """Roles someone of ours should cover: a contact in the role with a relationship owner."""


# ---- who belongs to the map -------------------------------------------------------------------


def account_family(con: duckdb.DuckDBPyConnection, account_id: str) -> list[str]:
    """The account and every account below it through ``parent_account_id``, sorted."""
    rows = con.execute(
        """
        with recursive family(account_id, path) as (
            select account_id, [account_id] from accounts where account_id = ?
            union all
            select child.account_id, list_append(family.path, child.account_id)
            from accounts as child
            inner join family on child.parent_account_id = family.account_id
            where not list_contains(family.path, child.account_id)
        )
        select distinct account_id from family order by account_id
        """,
        [account_id],
    ).fetchall()
    return [r[0] for r in rows]


# ---- contacts with the app's edits ------------------------------------------------------------


def power_map_contacts(
    con: duckdb.DuckDBPyConnection,
    account_id: str,
    *,
    as_of: date | None = None,
    include_divisions: bool = True,
) -> pd.DataFrame:
    """The contacts of the account (and of its divisions), with the app's edits in force.

    Columns :data:`CONTACT_COLUMNS`: the CRM's fields with the latest app edit of each editable
    field applied (influence as a nullable integer), ``crm_<field>`` the CRM's own values,
    ``last_contact_date`` the later of the CRM's date and the contact's last touchpoint on or
    before ``as_of``, ``days_since_contact`` to ``as_of`` (default: the analysis date),
    ``freshness`` (:data:`FRESHNESS`), ``edited_by`` / ``edited_at`` of the latest edit,
    ``crm_changed`` (fields whose CRM value changed since they were edited, comma-separated).
    Sorted by account, then influence descending, then name.
    """
    as_of = as_of or analysis_date(con) or date.today()
    accounts = account_family(con, account_id) if include_divisions else [account_id]
    crm = con.execute(
        """
        select
            c.contact_id, c.account_id, a.name as account_name, c.name, c.title, c.department,
            c.buying_role, c.influence, c.attitude, c.relationship_owner,
            c.reports_to_contact_id,
            greatest(
                case when c.last_contact_date <= ? then c.last_contact_date end,
                touch.last_touch
            ) as last_contact_date
        from contacts as c
        left join (
            select account_id, min(name) as name from accounts group by account_id
        ) as a on a.account_id = c.account_id
        left join (
            select contact_id, max(activity_date) as last_touch
            from activities
            where activity_date <= ? and contact_id is not null
            group by contact_id
        ) as touch on touch.contact_id = c.contact_id
        where list_contains(?::varchar[], c.account_id)
        """,
        [as_of, as_of, accounts],
    ).df()
    edits = latest_edits(con, crm["contact_id"].tolist())
    return _apply_edits(crm, edits, as_of)


def latest_edits(con: duckdb.DuckDBPyConnection, contact_ids: Sequence[str]) -> pd.DataFrame:
    """The latest app edit of each field of the contacts: contact_id, field, value, crm_value,
    edited_by, edited_at."""
    return con.execute(
        """
        select contact_id, field, value, crm_value, edited_by, edited_at
        from contact_edits
        where list_contains(?::varchar[], contact_id)
        qualify row_number() over (partition by contact_id, field order by edit_id desc) = 1
        """,
        [list(contact_ids)],
    ).df()


def _apply_edits(crm: pd.DataFrame, edits: pd.DataFrame, as_of: date) -> pd.DataFrame:
    frame = crm.copy()
    frame["influence"] = pd.array(frame["influence"], dtype="Int64")
    for name in EDITABLE_FIELDS:
        frame[f"crm_{name}"] = frame[name]
    frame["edited_by"] = pd.Series([None] * len(frame), dtype=object)
    frame["edited_at"] = pd.Series([pd.NaT] * len(frame), dtype="datetime64[us]")
    changed: dict[str, list[str]] = {}
    position = {cid: i for i, cid in enumerate(frame["contact_id"])}
    for edit in edits.sort_values("edited_at").itertuples(index=False):
        row = position[edit.contact_id]
        value = _typed(edit.field, edit.value)
        frame.loc[frame.index[row], edit.field] = value
        frame.loc[frame.index[row], "edited_by"] = edit.edited_by
        frame.loc[frame.index[row], "edited_at"] = edit.edited_at
        crm_now = _as_text(frame[f"crm_{edit.field}"].iloc[row])
        if crm_now != _as_text(edit.crm_value):
            changed.setdefault(edit.contact_id, []).append(edit.field)
    frame["crm_changed"] = [", ".join(changed.get(c, [])) for c in frame["contact_id"]]
    last = pd.to_datetime(frame["last_contact_date"])
    days = (pd.Timestamp(as_of) - last).dt.days
    frame["last_contact_date"] = last.dt.date
    frame["days_since_contact"] = pd.array(days.clip(lower=0), dtype="Int64")
    frame["freshness"] = freshness(frame["days_since_contact"])
    order = frame.assign(_influence=frame["influence"].fillna(0))
    order = order.sort_values(
        ["account_id", "_influence", "name", "contact_id"], ascending=[True, False, True, True]
    )
    return order[list(CONTACT_COLUMNS)].reset_index(drop=True)


def freshness(days: pd.Series) -> pd.Series:
    """``fresh`` up to :data:`FRESH_DAYS`, ``ageing`` up to :data:`STALE_DAYS`, then ``stale``;
    ``never`` without any contact."""
    values = pd.to_numeric(days, errors="coerce").astype("float64").to_numpy()
    labels = np.select(
        [np.isnan(values), values <= FRESH_DAYS, values <= STALE_DAYS],
        ["never", "fresh", "ageing"],
        "stale",
    )
    return pd.Series(labels, index=days.index, dtype=object)


def _typed(field: str, value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return pd.NA if field == "influence" else None
    return int(value) if field == "influence" else str(value)


def _as_text(value: object) -> str | None:
    """A field's value as ``contact_edits`` stores it (influence 4 -> '4'; missing -> None)."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


# ---- warnings ---------------------------------------------------------------------------------


def power_map_warnings(
    contacts: pd.DataFrame, rules: PowerMapRules = PowerMapRules()
) -> pd.DataFrame:
    """What the account team should act on, from contacts as :func:`power_map_contacts` gives
    them (definitions in docs/metrics.md, "Power-map warnings"):

    - ``decision_maker_not_contacted``: a decision maker not reached for more than
      ``rules.decision_maker_days`` days, or never (one row per such person);
    - ``single_thread``: at most one thread, a thread being a contact that one of ours owns and
      reached within ``rules.thread_days`` days;
    - ``influential_opponent``: influence >= ``rules.influential_from`` and an attitude of
      ``rules.opponent_attitudes`` (one row per person);
    - ``uncovered_roles``: roles of ``rules.required_roles`` that no contact with a
      relationship owner holds (one row listing them).

    Columns: warning, contact_id, contact (name), owner, days, influence, attitude, threads,
    roles (comma-separated). An account without contacts gets the single thread and the
    uncovered roles.
    """
    rows = []
    role = contacts["buying_role"].fillna("").str.strip().str.lower()
    owned = contacts["relationship_owner"].fillna("").str.strip() != ""
    days = pd.to_numeric(contacts["days_since_contact"], errors="coerce").astype("float64")
    for _, person in contacts[role == DECISION_MAKER].iterrows():
        waited = person["days_since_contact"]
        if pd.isna(waited) or waited > rules.decision_maker_days:
            rows.append(_warning("decision_maker_not_contacted", person, days=waited))
    threads = contacts[owned & (days <= rules.thread_days)]
    if len(threads) <= 1:
        only = threads.iloc[0] if len(threads) else None
        rows.append(_warning("single_thread", only, threads=len(threads)))
    influence = pd.to_numeric(contacts["influence"], errors="coerce").astype("float64")
    attitude = contacts["attitude"].fillna("").str.strip().str.lower()
    opponents = contacts[
        (influence >= rules.influential_from) & attitude.isin(rules.opponent_attitudes)
    ]
    for _, person in opponents.iterrows():
        rows.append(_warning("influential_opponent", person))
    covered = set(role[owned])
    uncovered = [r for r in rules.required_roles if r not in covered]
    if uncovered:
        rows.append(_warning("uncovered_roles", None, roles=", ".join(uncovered)))
    columns = [
        "warning",
        "contact_id",
        "contact",
        "owner",
        "days",
        "influence",
        "attitude",
        "threads",
        "roles",
    ]
    return pd.DataFrame(rows, columns=columns)


def _warning(code: str, person: pd.Series | None, **details: object) -> dict:
    row = {"warning": code, "contact_id": None, "contact": None, "owner": None}
    if person is not None:
        row.update(
            contact_id=person["contact_id"],
            contact=person["name"],
            owner=person["relationship_owner"],
            influence=person["influence"],
            attitude=person["attitude"],
            days=person["days_since_contact"],
        )
    row.update(details)
    return row


# ---- edits ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactChange:
    """One field of one contact as the user saw it (``before``) and changed it (``after``)."""

    contact_id: str
    field: str
    before: object
    after: object


def changed_contacts(before: pd.DataFrame, after: pd.DataFrame) -> list[ContactChange]:
    """The editable cells an edit of the contacts table changed (rows matched by contact_id)."""
    old = before.set_index("contact_id")
    new = after.set_index("contact_id").reindex(old.index)
    changes = []
    for contact_id in old.index:
        for name in EDITABLE_FIELDS:
            was, now = _as_text(old.at[contact_id, name]), _as_text(new.at[contact_id, name])
            if now == "":
                now = None
            if was != now:
                changes.append(ContactChange(contact_id, name, was, now))
    return changes


def check_value(field: str, value: object) -> str | None:
    """``value`` as stored for ``field``, or :class:`ConfigurationError` saying what is allowed."""
    if field not in EDITABLE_FIELDS:
        raise ConfigurationError(
            f"{field!r} cannot be edited here. Editable: {', '.join(EDITABLE_FIELDS)}."
        )
    text = _as_text(value)
    if text in (None, ""):
        return None
    if field == "buying_role" and text.lower() not in BUYING_ROLES:
        raise ConfigurationError(
            f"{text!r} is no buying role. Choose one of: {', '.join(BUYING_ROLES)}."
        )
    if field == "attitude" and text.lower() not in ATTITUDES:
        raise ConfigurationError(f"{text!r} is no attitude. Choose one of: {', '.join(ATTITUDES)}.")
    if field == "influence" and text not in {"1", "2", "3", "4", "5"}:
        raise ConfigurationError(f"Influence is a whole number 1..5, not {text!r}.")
    return text.lower() if field in ("buying_role", "attitude") else text


def save_contact_edits(
    con: duckdb.DuckDBPyConnection,
    changes: Iterable[ContactChange],
    edited_by: str,
    *,
    edited_at: datetime | None = None,
    actor: User | None = None,
) -> int:
    """Store the changes with who and when; return how many fields were stored.

    Every value is checked first (:func:`check_value`). A change whose ``before`` is no longer
    the value in force (someone saved another value since the map was loaded) refuses the
    whole save with :class:`EditConflictError`; nothing is written then. The rows and the app
    event land in one transaction. ``actor``, the signed-in user, must be allowed to change
    the power map of every account the changes touch (:mod:`kapanalytics.access`).
    """
    author = (edited_by or "").strip()
    if not author:
        raise ConfigurationError("Enter your name: every edit of a contact records who made it.")
    changes = list(changes)
    checked = [(c, check_value(c.field, c.after)) for c in changes]
    if not changes:
        return 0
    when = edited_at or datetime.now().replace(microsecond=0)
    ids = sorted({c.contact_id for c in changes})
    with store.transaction(con):
        crm = con.execute(
            "select contact_id, account_id, name, buying_role, influence, attitude,"
            " relationship_owner from contacts where list_contains(?::varchar[], contact_id)",
            [ids],
        ).df()
        known = crm.set_index("contact_id")
        for account_id in crm["account_id"].unique():
            check_change(actor, "contacts", con, account_id)
        edits = latest_edits(con, ids).set_index(["contact_id", "field"])
        rows = []
        for change, value in checked:
            if change.contact_id not in known.index:
                raise ConfigurationError(f"There is no contact {change.contact_id!r}.")
            crm_value = _as_text(known.at[change.contact_id, change.field])
            key = (change.contact_id, change.field)
            in_force = _as_text(edits.at[key, "value"]) if key in edits.index else crm_value
            if in_force != _as_text(change.before):
                who = edits.at[key, "edited_by"] if key in edits.index else "the CRM"
                raise EditConflictError(
                    f"{known.at[change.contact_id, 'name']}'s {change.field.replace('_', ' ')} "
                    f"is now {in_force!r} (set by {who}) while you changed {change.before!r}. "
                    "Nothing was saved: reload the power map and apply your changes again."
                )
            rows.append(
                (
                    change.contact_id,
                    known.at[change.contact_id, "account_id"],
                    change.field,
                    value,
                    crm_value,
                    author,
                    when,
                )
            )
        con.executemany(
            "insert into contact_edits (edit_id, contact_id, account_id, field, value,"
            " crm_value, edited_by, edited_at)"
            " values (nextval('contact_edit_id_seq'), ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        store.record_app_event(con)
    return len(rows)


def edit_history(con: duckdb.DuckDBPyConnection, account_id: str) -> pd.DataFrame:
    """Every app edit of the contacts of the account and its divisions, newest first:
    edited_at, edited_by, contact_id, name, field, value, crm_value."""
    return con.execute(
        """
        select e.edited_at, e.edited_by, e.contact_id, c.name, e.field, e.value, e.crm_value
        from contact_edits as e
        left join contacts as c on c.contact_id = e.contact_id
        where list_contains(?::varchar[], e.account_id)
        order by e.edit_id desc
        """,
        [account_family(con, account_id)],
    ).df()
