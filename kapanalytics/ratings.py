"""Qualitative ratings of accounts (product fit, cultural fit, ...): entered or imported, kept.

A rating is a person's 1..5 judgement of an account on one of the rating criteria
(:data:`kapanalytics.criteria.RATING_CRITERIA`), stored in ``account_ratings`` with who gave it
and when. Nothing is overwritten: a new judgement is a new row, and the **latest** row of an
account and criterion (by ``rated_at``; criterion names trimmed and in any case) is the one the
selection uses. A rating cannot be deleted in the app; rate again instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd

from kapanalytics import store
from kapanalytics.access import User, check_change
from kapanalytics.criteria import RATING_CRITERIA
from kapanalytics.errors import ConfigurationError

LATEST_RATINGS_SQL = """
select account_id, lower(trim(criterion)) as criterion, rating, rated_by, rated_at
from account_ratings
where rating is not null
    and (?::varchar[] is null or list_contains(?::varchar[], account_id))
qualify row_number() over (
    partition by account_id, lower(trim(criterion)) order by rated_at desc
) = 1
"""


def record_ratings(
    con: duckdb.DuckDBPyConnection,
    ratings: Iterable[tuple[str, str, int]],
    rated_by: str | None,
    *,
    rated_at: datetime | None = None,
    actor: User | None = None,
) -> int:
    """Store ratings ``(account_id, criterion, rating)`` given by ``rated_by``; return how many.

    All rows get the same ``rated_at`` (default: now). Checked before anything is stored: the
    criterion is a rating criterion, the rating a whole number 1..5, the account exists, and
    no account and criterion appear twice. The rows and the app event (which makes cached pages
    recompute) land in one transaction. Raises :class:`ConfigurationError` saying what to fix,
    and :class:`AccessDeniedError` when ``actor`` (the signed-in user) may not rate an account.
    """
    rows = [(str(a), str(c).strip().lower(), r) for a, c, r in ratings]
    for account_id in dict.fromkeys(a for a, _, _ in rows):
        check_change(actor, "ratings", con, account_id)
    for account_id, criterion, rating in rows:
        if criterion not in RATING_CRITERIA:
            raise ConfigurationError(
                f"{criterion!r} is not a rating criterion. Rate one of: "
                f"{', '.join(RATING_CRITERIA)}."
            )
        if not _is_rating(rating):
            raise ConfigurationError(
                f"The {criterion} rating of {account_id} must be a whole number 1..5, "
                f"not {rating!r}."
            )
    pairs = [(a, c) for a, c, _ in rows]
    if len(set(pairs)) != len(pairs):
        raise ConfigurationError("An account is rated twice on the same criterion; keep one.")
    if not rows:
        return 0
    ids = sorted({a for a, _, _ in rows})
    known = {
        r[0]
        for r in con.execute(
            "select distinct account_id from accounts"
            " where list_contains(?::varchar[], account_id)",
            [ids],
        ).fetchall()
    }
    unknown = [a for a in ids if a not in known]
    if unknown:
        raise ConfigurationError(
            f"There is no account {', '.join(unknown[:5])}. Check the ids against the accounts "
            "table."
        )
    when = rated_at or datetime.now()
    with store.transaction(con):
        con.executemany(
            "insert into account_ratings (account_id, criterion, rating, rated_by, rated_at)"
            " values (?, ?, ?, ?, ?)",
            [(a, c, int(r), rated_by, when) for a, c, r in rows],
        )
        store.record_app_event(con)
    return len(rows)


def latest_ratings(
    con: duckdb.DuckDBPyConnection, account_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """The latest rating per account and criterion (of ``account_ids``, or of all accounts).

    Columns: account_id, criterion (trimmed, lower case), rating, rated_by, rated_at; sorted
    by account_id and criterion.
    """
    ids = None if account_ids is None else list(account_ids)
    return con.execute(f"{LATEST_RATINGS_SQL} order by account_id, criterion", [ids, ids]).df()


def ratings_table(con: duckdb.DuckDBPyConnection, account_ids: Sequence[str]) -> pd.DataFrame:
    """A table to edit: one row per account of ``account_ids`` (in that order), one column per
    rating criterion with its latest rating (NaN where there is none)."""
    latest = latest_ratings(con, account_ids)
    wide = latest.pivot(index="account_id", columns="criterion", values="rating")
    wide = wide.reindex(index=list(account_ids), columns=list(RATING_CRITERIA))
    return wide.astype("float64").rename_axis(index="account_id", columns=None).reset_index()


def changed_ratings(before: pd.DataFrame, after: pd.DataFrame) -> list[tuple[str, str, int]]:
    """The cells of a :func:`ratings_table` that an edit changed, as rows for
    :func:`record_ratings`. A cleared cell is no change (ratings are not deleted)."""
    old = before.set_index("account_id")[list(RATING_CRITERIA)]
    new = after.set_index("account_id").reindex(old.index)[list(RATING_CRITERIA)]
    changes = []
    for account_id in old.index:
        for criterion in RATING_CRITERIA:
            value = new.at[account_id, criterion]
            if pd.isna(value) or value == old.at[account_id, criterion]:
                continue
            changes.append((account_id, criterion, value))
    return changes


def rating_history(con: duckdb.DuckDBPyConnection, account_id: str) -> pd.DataFrame:
    """Every rating of one account, newest first: criterion, rating, rated_by, rated_at."""
    return con.execute(
        "select lower(trim(criterion)) as criterion, rating, rated_by, rated_at"
        " from account_ratings where account_id = ? order by rated_at desc, criterion",
        [account_id],
    ).df()


def _is_rating(value: object) -> bool:
    if isinstance(value, bool | np.bool_):
        return False
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return number.is_integer() and 1 <= number <= 5
