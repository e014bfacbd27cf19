"""Settings users save in the app, as versioned records in the ``settings`` table.

Every save adds a row ``(name, version, value_json, saved_by, saved_at)`` with the next version
of that name; nothing is overwritten, so each earlier version stays readable and the highest is
current. A save names the version it started from (``expected_version``, 0 for a new name); when
someone saved the same name in between, it is refused with :class:`EditConflictError` and
nothing is written. The row and the app event that makes cached pages recompute land in one
transaction. Selection configurations, early-warning weights and win-back reason classes are
all kept this way.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime

import duckdb

from kapanalytics import store
from kapanalytics.access import User, check_change
from kapanalytics.errors import EditConflictError

_SAVE_LOCK = threading.Lock()


@dataclass(frozen=True)
class SavedSetting:
    """One stored version: its value (the JSON object as a dict), version, author and time."""

    value: dict
    version: int
    saved_by: str | None
    saved_at: datetime


def latest_version(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """The latest saved version of ``name``; 0 when it was never saved."""
    row = con.execute(
        "select coalesce(max(version), 0) from settings where name = ?", [name]
    ).fetchone()
    return int(row[0])


def save_setting(
    con: duckdb.DuckDBPyConnection,
    name: str,
    value: dict,
    author: str | None,
    expected_version: int | None = None,
    *,
    label: str | None = None,
    actor: User | None = None,
) -> int:
    """Store ``value`` under ``name`` as the next version; return that version.

    ``expected_version``: the version the edit started from (0 for a new name); None skips the
    check. ``label`` names the setting in the conflict message (default: ``name``). ``actor``,
    the signed-in user, must be allowed to change shared settings (:mod:`kapanalytics.access`).
    """
    check_change(actor, "settings")
    # The settings table has no unique key, so two sessions could both read version N and both
    # store N + 1. DuckDB lets one process at a time write the file, so a lock in the process
    # makes check and insert one step: the second save then finds the first and is refused.
    with _SAVE_LOCK, store.transaction(con):
        current = latest_version(con, name)
        if expected_version is not None and current != expected_version:
            who, when = con.execute(
                "select saved_by, saved_at from settings where name = ? and version = ?",
                [name, current],
            ).fetchone()
            raise EditConflictError(
                f"'{label or name}' was saved as version {current} by {who or 'someone'} at "
                f"{when:%Y-%m-%d %H:%M} after you opened version {expected_version}. Nothing "
                "was saved: reload it and apply your changes again, or save under another name."
            )
        version = current + 1
        con.execute(
            "insert into settings (name, version, value_json, saved_by, saved_at)"
            " values (?, ?, ?, ?, now()::timestamp)",
            [name, version, json.dumps(value), author],
        )
        store.record_app_event(con)
    return version


def load_setting(
    con: duckdb.DuckDBPyConnection, name: str, version: int | None = None
) -> SavedSetting | None:
    """The latest (or the given) version of ``name``; None when there is none."""
    row = con.execute(
        "select value_json, version, saved_by, saved_at from settings"
        " where name = ? and (?::integer is null or version = ?::integer)"
        " order by version desc limit 1",
        [name, version, version],
    ).fetchone()
    if row is None:
        return None
    value_json, stored_version, saved_by, saved_at = row
    return SavedSetting(json.loads(value_json), int(stored_version), saved_by, saved_at)
