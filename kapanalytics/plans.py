"""Key-account plans as versioned records: sections, at most 3 SMART goals, actions, reviews.

A plan (one per customer, or per division of a large one) holds the sections the account team
writes (docs/metrics.md, "Key-account plan"): the customer's goals, purchasing strategy, market
and competition, the customer's SWOT, our position and our SWOT, the top-5 opportunities and
top-5 risks, the mission, at most :data:`MAX_GOALS` SMART goals (each with measure, target, due
date, owner and its strategy), the action plan (who, what, by when, status), the relationship
plan and the marketing calendar. The sections that come from the data (cover, profile, key
figures, power map, divisions) are not stored: they fill themselves when shown or exported.

Every save adds a row to ``account_plans`` with the next version, the author and the time;
nothing is overwritten. A save names the version it started from; when someone saved in
between it is refused with :class:`PlanConflictError` and nothing is written. Each section
keeps when and by whom it was last reviewed: a save that changes a section, or confirms it as
still valid, reviews it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import duckdb
import pandas as pd

from kapanalytics import store
from kapanalytics.access import User, check_change
from kapanalytics.errors import ConfigurationError, EditConflictError

MAX_GOALS = 3
MAX_LIST_ITEMS = 5
"""Top-5 opportunities and top-5 risks."""

TEXT_SECTIONS = ("customer_goals", "purchasing_strategy", "market", "our_position", "mission")
SWOT_SECTIONS = ("customer_swot", "our_swot")
SWOT_PARTS = ("strengths", "weaknesses", "opportunities", "threats")
LIST_SECTIONS = ("opportunities", "risks")
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "goals": ("goal", "measure", "target", "due_date", "owner", "strategy"),
    "actions": ("what", "who", "due_date", "status", "goal"),
    "relationship_plan": ("ours", "theirs", "message"),
    "marketing_calendar": ("date", "event", "audience"),
}
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "goals": ("goal", "measure", "target", "due_date", "owner"),
    "actions": ("what", "who", "due_date"),
    "relationship_plan": ("ours", "theirs"),
    "marketing_calendar": ("date", "event"),
}
DATE_COLUMNS = ("due_date", "date")
ACTION_STATUSES = ("open", "in progress", "done")

SECTIONS = (
    "customer_goals",
    "purchasing_strategy",
    "market",
    "customer_swot",
    "our_position",
    "our_swot",
    "opportunities",
    "risks",
    "mission",
    "goals",
    "actions",
    "relationship_plan",
    "marketing_calendar",
)
"""The stored sections in the order the plan tells its story."""

FORMAT = 1
"""The version of the JSON layout in ``account_plans.plan_json``."""


class PlanError(ConfigurationError):
    """A plan that cannot be saved as it is; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


class PlanConflictError(EditConflictError):
    """Someone saved the plan since it was opened; nothing was written."""

    def __init__(self, message: str, version: int, saved_by: str, saved_at: datetime) -> None:
        super().__init__(message)
        self.version = version
        self.saved_by = saved_by
        self.saved_at = saved_at


@dataclass(frozen=True)
class Review:
    """When and by whom a section was last written or confirmed."""

    at: datetime
    by: str


@dataclass(frozen=True)
class Plan:
    """The stored sections (key -> value, see :func:`normalise_section`) and their reviews."""

    sections: Mapping[str, object] = field(default_factory=dict)
    reviews: Mapping[str, Review] = field(default_factory=dict)

    def section(self, key: str) -> object:
        """The value of ``key``: its stored value, or the empty value of its kind."""
        _check_key(key)
        return self.sections.get(key, empty_value(key))

    def with_sections(self, values: Mapping[str, object]) -> Plan:
        """A copy with ``values`` (section -> value in any accepted form) normalised in."""
        sections = dict(self.sections)
        for key, value in values.items():
            sections[key] = normalise_section(key, value)
        return replace(self, sections=sections)

    def is_empty(self, key: str) -> bool:
        return self.section(key) == empty_value(key)


@dataclass(frozen=True)
class PlanVersion:
    """One stored version of an account's plan."""

    account_id: str
    version: int
    plan: Plan
    saved_by: str
    saved_at: datetime


# ---- sections ---------------------------------------------------------------------------------


def _check_key(key: str) -> None:
    if key not in SECTIONS:
        raise ConfigurationError(f"Unknown plan section {key!r}. Sections: {', '.join(SECTIONS)}.")


def empty_value(key: str) -> object:
    """The value of a section nobody has written yet."""
    _check_key(key)
    if key in SWOT_SECTIONS:
        return dict.fromkeys(SWOT_PARTS, "")
    if key in TEXT_SECTIONS:
        return ""
    return []


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if value is pd.NaT:
        return ""
    return str(value).strip()


def _iso_date(value: object) -> str:
    """A date cell as YYYY-MM-DD ('' when empty); unreadable text is kept for the check."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10]).isoformat() if text else ""
    except ValueError:
        return text


def normalise_section(key: str, value: object) -> object:
    """``value`` as stored: text stripped; a SWOT as its four parts; a list as its non-blank
    items; a table (a DataFrame or a list of dicts) as a list of rows with exactly the section's
    columns, text stripped, dates as YYYY-MM-DD, rows left entirely blank dropped."""
    _check_key(key)
    if key in TEXT_SECTIONS:
        return _text(value)
    if key in SWOT_SECTIONS:
        parts = value if isinstance(value, Mapping) else {}
        return {part: _text(parts.get(part)) for part in SWOT_PARTS}
    if key in LIST_SECTIONS:
        items = [] if value is None else list(value)
        return [text for text in (_text(item) for item in items) if text]
    rows = value.to_dict("records") if isinstance(value, pd.DataFrame) else list(value or [])
    columns = TABLE_COLUMNS[key]
    table = []
    for row in rows:
        cells = {
            c: _iso_date(row.get(c)) if c in DATE_COLUMNS else _text(row.get(c)) for c in columns
        }
        if any(cells.values()):
            table.append(cells)
    return table


def section_frame(plan: Plan, key: str) -> pd.DataFrame:
    """A table section as a DataFrame for an editor: its columns, text as text and dates as
    datetimes (an empty table keeps those types)."""
    columns = TABLE_COLUMNS[key]
    frame = pd.DataFrame(plan.section(key), columns=list(columns))
    for column in columns:
        if column in DATE_COLUMNS:
            frame[column] = pd.to_datetime(pd.Series([_as_date(v) for v in frame[column]]))
        else:
            frame[column] = frame[column].astype("str")
    return frame


def _as_date(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def section_text(key: str, value: object) -> str:
    """A section written out as plain text, one line per item or row (for comparisons)."""
    if key in TEXT_SECTIONS:
        return str(value)
    if key in SWOT_SECTIONS:
        return "\n".join(f"{part}: {value[part]}" for part in SWOT_PARTS if value[part])
    if key in LIST_SECTIONS:
        return "\n".join(f"{i}. {item}" for i, item in enumerate(value, start=1))
    return "\n".join(" · ".join(cell for cell in row.values() if cell) for row in value)


# ---- checks -----------------------------------------------------------------------------------


def check_plan(plan: Plan) -> None:
    """Refuse what a plan must not hold, naming every problem at once (:class:`PlanError`):
    more than :data:`MAX_GOALS` goals or :data:`MAX_LIST_ITEMS` opportunities or risks, a goal
    without measure, target, due date or owner, a table row without its required cells, a date
    that is no date, an action status that is not one of :data:`ACTION_STATUSES`."""
    problems = []
    goals = plan.section("goals")
    if len(goals) > MAX_GOALS:
        problems.append(
            f"A plan has at most {MAX_GOALS} SMART goals; this one has {len(goals)}. Keep the "
            f"{MAX_GOALS} that matter most and merge or remove the others."
        )
    for key in LIST_SECTIONS:
        items = plan.section(key)
        if len(items) > MAX_LIST_ITEMS:
            problems.append(
                f"List the top {MAX_LIST_ITEMS} {key}, not {len(items)}: keep the most important."
            )
    for key, required in REQUIRED_COLUMNS.items():
        for number, row in enumerate(plan.section(key), start=1):
            missing = [c for c in required if not row[c]]
            if missing:
                problems.append(f"{key} row {number} lacks: {', '.join(missing)}.")
            for column in DATE_COLUMNS:
                if row.get(column) and _as_date(row[column]) is None:
                    problems.append(
                        f"{key} row {number}: {row[column]!r} is not a date (write YYYY-MM-DD)."
                    )
    for number, row in enumerate(plan.section("actions"), start=1):
        if row["status"] and row["status"] not in ACTION_STATUSES:
            problems.append(
                f"actions row {number}: status {row['status']!r} is not one of "
                f"{', '.join(ACTION_STATUSES)}."
            )
    if problems:
        raise PlanError(problems)


# ---- storage ----------------------------------------------------------------------------------


def to_json(plan: Plan) -> str:
    reviews = {k: {"at": r.at.isoformat(), "by": r.by} for k, r in plan.reviews.items()}
    return json.dumps(
        {"format": FORMAT, "sections": dict(plan.sections), "reviews": reviews},
        ensure_ascii=False,
        sort_keys=True,
    )


def from_json(text: str) -> Plan:
    data = json.loads(text)
    sections = {k: normalise_section(k, v) for k, v in data.get("sections", {}).items()}
    reviews = {
        k: Review(datetime.fromisoformat(r["at"]), r["by"])
        for k, r in data.get("reviews", {}).items()
    }
    return Plan(sections, reviews)


def latest_version(con: duckdb.DuckDBPyConnection, account_id: str) -> int:
    """The account's latest plan version; 0 when it has no plan yet."""
    row = con.execute(
        "select coalesce(max(version), 0) from account_plans where account_id = ?", [account_id]
    ).fetchone()
    return int(row[0])


def load_plan(
    con: duckdb.DuckDBPyConnection, account_id: str, version: int | None = None
) -> PlanVersion | None:
    """The latest (or the given) version of the account's plan; None when there is none."""
    row = con.execute(
        "select version, plan_json, saved_by, saved_at from account_plans"
        " where account_id = ? and (?::integer is null or version = ?::integer)"
        " order by version desc limit 1",
        [account_id, version, version],
    ).fetchone()
    if row is None:
        return None
    number, text, saved_by, saved_at = row
    return PlanVersion(account_id, int(number), from_json(text), saved_by, saved_at)


def save_plan(
    con: duckdb.DuckDBPyConnection,
    account_id: str,
    plan: Plan,
    author: str,
    expected_version: int,
    *,
    confirmed: Iterable[str] = (),
    saved_at: datetime | None = None,
    actor: User | None = None,
) -> int:
    """Store ``plan`` as the account's next version; return that version.

    ``expected_version`` is the version the edit started from (0 for a new plan). A section
    whose value differs from that version, or that is named in ``confirmed`` (reviewed and
    still valid), gets the review (``saved_at``, ``author``); the others keep theirs. Raises
    :class:`PlanError` for a plan :func:`check_plan` refuses, :class:`ConfigurationError`
    without an author or for an unknown account, and :class:`PlanConflictError` when someone
    saved in between; in every case nothing is written. ``actor``, the signed-in user, must be
    allowed to change the account's plan (:class:`AccessDeniedError` otherwise).
    """
    check_change(actor, "plans", con, account_id)
    author = _text(author)
    if not author:
        raise ConfigurationError("Enter your name: every version of a plan records its author.")
    check_plan(plan)
    known = con.execute(
        "select count(*) from accounts where account_id = ?", [account_id]
    ).fetchone()[0]
    if not known:
        raise ConfigurationError(f"There is no account {account_id!r} to plan for.")
    when = saved_at or datetime.now().replace(microsecond=0)
    confirmed = set(confirmed)
    for key in confirmed:
        _check_key(key)
    try:
        with store.transaction(con):
            current = latest_version(con, account_id)
            if current != expected_version:
                raise _conflict(con, account_id, current, expected_version)
            base = load_plan(con, account_id, current) if current else None
            stored = _reviewed(plan, base.plan if base else Plan(), confirmed, Review(when, author))
            con.execute(
                "insert into account_plans (account_id, version, plan_json, saved_by, saved_at)"
                " values (?, ?, ?, ?, ?)",
                [account_id, current + 1, to_json(stored), author, when],
            )
            store.record_app_event(con)
    except (duckdb.ConstraintException, duckdb.TransactionException):
        # another session stored the same version between our check and our commit
        raise _conflict(
            con, account_id, latest_version(con, account_id), expected_version
        ) from None
    return current + 1


def _reviewed(plan: Plan, base: Plan, confirmed: set[str], review: Review) -> Plan:
    """``plan`` with only its non-empty sections, each with its review."""
    sections, reviews = {}, {}
    for key in SECTIONS:
        if plan.is_empty(key):
            continue
        sections[key] = plan.section(key)
        if sections[key] != base.section(key) or key in confirmed or key not in base.reviews:
            reviews[key] = review
        else:
            reviews[key] = base.reviews[key]
    return Plan(sections, reviews)


def _conflict(
    con: duckdb.DuckDBPyConnection, account_id: str, current: int, expected: int
) -> PlanConflictError:
    saved = load_plan(con, account_id, current)
    who, when = (saved.saved_by, saved.saved_at) if saved else ("someone", datetime.now())
    name = con.execute(
        "select coalesce(min(name), ?) from accounts where account_id = ?", [account_id, account_id]
    ).fetchone()[0]
    return PlanConflictError(
        f"The plan of {name} was saved as version {current} by {who} at "
        f"{when:%Y-%m-%d %H:%M} after you opened version {expected}. Nothing was saved and "
        "nothing was overwritten: compare your changes with that version section by section, "
        "choose what to keep, and save again.",
        current,
        who,
        when,
    )


def plan_versions(con: duckdb.DuckDBPyConnection, account_id: str) -> pd.DataFrame:
    """Every version of the account's plan, newest first: version, saved_by, saved_at,
    changed_sections (the sections that differ from the version before, comma-separated)."""
    rows = con.execute(
        "select version, plan_json, saved_by, saved_at from account_plans"
        " where account_id = ? order by version",
        [account_id],
    ).fetchall()
    records, before = [], Plan()
    for number, text, saved_by, saved_at in rows:
        plan = from_json(text)
        changed = compare_plans(before, plan)
        changed = changed.loc[changed["status"] != "unchanged", "section"]
        records.append(
            {
                "version": int(number),
                "saved_by": saved_by,
                "saved_at": saved_at,
                "changed_sections": ", ".join(changed),
            }
        )
        before = plan
    columns = ["version", "saved_by", "saved_at", "changed_sections"]
    return pd.DataFrame(records[::-1], columns=columns)


# ---- comparing and merging --------------------------------------------------------------------


def compare_plans(old: Plan, new: Plan) -> pd.DataFrame:
    """Section by section, in plan order: section, status (``added``: empty before, written
    now; ``removed``: the other way round; ``changed``; ``unchanged``), before, after (each
    section as :func:`section_text` writes it)."""
    records = []
    for key in SECTIONS:
        before, after = old.section(key), new.section(key)
        if before == after:
            status = "unchanged"
        elif old.is_empty(key):
            status = "added"
        elif new.is_empty(key):
            status = "removed"
        else:
            status = "changed"
        records.append(
            {
                "section": key,
                "status": status,
                "before": section_text(key, before),
                "after": section_text(key, after),
            }
        )
    return pd.DataFrame(records, columns=["section", "status", "before", "after"])


def differing_sections(mine: Plan, theirs: Plan) -> list[str]:
    """The sections in which two plans differ, in plan order."""
    return [key for key in SECTIONS if mine.section(key) != theirs.section(key)]


def merge_plans(mine: Plan, theirs: Plan, keep_mine: Iterable[str]) -> Plan:
    """``theirs`` with the sections named in ``keep_mine`` taken from ``mine``."""
    kept = set(keep_mine)
    for key in kept:
        _check_key(key)
    sections = {key: (mine if key in kept else theirs).section(key) for key in SECTIONS}
    reviews = {}
    for key in SECTIONS:
        source = mine if key in kept else theirs
        if key in source.reviews:
            reviews[key] = source.reviews[key]
    return Plan(sections, reviews)
