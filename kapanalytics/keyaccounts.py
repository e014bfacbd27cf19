"""Which accounts are key accounts: decisions made by sales leadership, kept as a history.

Every decision (make an account a key account, or remove it) is a row of
``key_account_decisions``; nothing is overwritten. An account's **current** status is its latest
decision, ordered by ``decided_at`` and then ``decision_id`` (so two decisions in the same instant
keep the order they were recorded in). An account without any decision is no key account.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import duckdb
import pandas as pd

from kapanalytics import store
from kapanalytics.access import User, check_change
from kapanalytics.errors import ConfigurationError
from kapanalytics.staging import Cte

CURRENT_KEY_ACCOUNTS_SQL = """
select account_id
from key_account_decisions
qualify
    row_number() over (
        partition by account_id order by decided_at desc, decision_id desc
    ) = 1
    and is_key_account
"""


def key_accounts_cte(name: str = "key_accounts") -> Cte:
    """A query step with one row (``account_id``) per current key account."""
    return Cte(name, CURRENT_KEY_ACCOUNTS_SQL)


def current_key_accounts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The ids of the current key accounts, sorted: those whose latest decision says yes."""
    rows = con.execute(f"{CURRENT_KEY_ACCOUNTS_SQL} order by account_id").fetchall()
    return [row[0] for row in rows]


def record_decision(
    con: duckdb.DuckDBPyConnection,
    account_id: str,
    is_key_account: bool,
    reason: str | None,
    decided_by: str | None,
    *,
    decided_at: datetime | None = None,
    actor: User | None = None,
) -> int:
    """Record that ``account_id`` becomes (True) or stops being (False) a key account.

    ``decided_at`` defaults to now. Returns the new decision's id. Raises
    :class:`ConfigurationError` when the account is not in the accounts table. The decision and
    the app event that invalidates cached pages land together, in one transaction. ``actor``,
    the signed-in user, must be allowed to decide on the account (:mod:`kapanalytics.access`).
    """
    check_change(actor, "decisions", con, account_id)
    if not isinstance(is_key_account, bool):
        raise ConfigurationError(f"is_key_account must be True or False, not {is_key_account!r}.")
    known = con.execute(
        "select count(*) from accounts where account_id = ?", [account_id]
    ).fetchone()[0]
    if not known:
        raise ConfigurationError(
            f"There is no account {account_id!r}. Check the id against the accounts table "
            "(import the CRM's accounts first if it is new)."
        )
    with store.transaction(con):
        decision_id = con.execute("select nextval('decision_id_seq')").fetchone()[0]
        con.execute(
            "insert into key_account_decisions"
            " (decision_id, account_id, is_key_account, reason, decided_by, decided_at)"
            " values (?, ?, ?, ?, ?, coalesce(?::timestamp, now()::timestamp))",
            [decision_id, account_id, is_key_account, reason, decided_by, decided_at],
        )
        store.record_app_event(con)
    return int(decision_id)


def decision_history(
    con: duckdb.DuckDBPyConnection,
    account_id: str | None = None,
    *,
    account_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Every decision, newest first (or one account's, when ``account_id`` is given).

    ``account_ids`` keeps the decisions on those accounts only (a key-account manager's own,
    :attr:`kapanalytics.filters.Filters.account_ids`); None keeps all.

    Columns: decision_id, account_id, name (the account's, null if unknown), is_key_account,
    reason, decided_by, decided_at.
    """
    sql = """
    select
        d.decision_id,
        d.account_id,
        a.name,
        d.is_key_account,
        d.reason,
        d.decided_by,
        d.decided_at
    from key_account_decisions as d
    left join (
        select account_id, min(name) as name from accounts group by account_id
    ) as a
        on a.account_id = d.account_id
    where (?::varchar is null or d.account_id = ?::varchar)
        and (?::varchar[] is null or list_contains(?::varchar[], d.account_id))
    order by d.decided_at desc, d.decision_id desc
    """
    allowed = None if account_ids is None else list(account_ids)
    return con.execute(sql, [account_id, account_id, allowed, allowed]).df()
