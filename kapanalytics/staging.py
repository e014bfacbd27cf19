"""Reusable SQL building blocks: the staging layer every analysis starts from.

Each function returns a :class:`Cte`, one named step of a ``with`` query, and
:func:`with_query` puts steps together with their parameters in the right order. The steps:

- ``filtered_accounts``: the accounts the sidebar filters choose (every account column).
- ``invoice_lines``: their invoice lines, with the invoice key filled in and the product group
  resolved (the line's own, else the product's, else ``'(none)'``).
- ``invoices``: one row per invoice with its total and whether it is a purchase.
- ``account_days``: one row per account and day with lines: the day's revenue (its lines' net
  amounts) and whether a purchase is dated on it. Retention, churn and survival count periods,
  first and last purchases from it instead of from the lines and invoices.
- ``account_groups``: every account with the top-most account above it (its group).

The lines, invoices and account days of every account are kept as three tables,
``staged_invoice_lines``, ``staged_invoices`` and ``staged_account_days``, computed from
``transactions`` and ``products`` by
:func:`refresh_staged_tables` in the same transaction as every write to those two tables (an
import, the demo build, the schema migration that added them). The steps above only pick the
filtered accounts' rows from them, so no page repeats the grouping of every invoice line into
invoices (docs/performance.md).

Definitions (docs/metrics.md, "Definitions used everywhere"): an **invoice** is the lines of one
invoice id of one account; where a line has no invoice id, an account's lines of one day form one
invoice. Its date is the date of its earliest line, its total the sum of its net amounts. A
**purchase** is an invoice whose total is > 0 and that is not flagged as a credit note (all of
its lines having ``is_credit_note``); a credit note, with its negative total, is no purchase.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from kapanalytics.filters import Filters, account_filter_sql

NONE_LABEL = "(none)"
"""How a missing attribute (null or blank) is shown in breakdowns."""


@dataclass(frozen=True)
class Cte:
    """One named step of a ``with`` query: ``name as (sql)``, with the values of its ``?``."""

    name: str
    sql: str
    params: tuple = ()
    inline: bool = False
    """Read the step anew wherever it is used (``not materialized``) instead of computing it
    once: right for a plain pick from a stored table, which costs less to scan twice than to
    copy."""
    materialized: bool = False
    """Compute the step once, on its own, before the query that reads it (``materialized``):
    the engine then plans it apart from the joins around it."""

    def __post_init__(self) -> None:
        # names come from code, never from a user; refuse anything that is not a plain name
        if not self.name.isidentifier():
            raise ValueError(f"A CTE name must be a plain identifier, not {self.name!r}.")


def _materialization(cte: Cte) -> str:
    if cte.inline and cte.materialized:
        raise ValueError(f"The step {cte.name} cannot be both inline and materialized.")
    return "not materialized " if cte.inline else "materialized " if cte.materialized else ""


def with_query(ctes: Sequence[Cte], select_sql: str, params: Sequence = ()) -> tuple[str, list]:
    """The query ``with <ctes> <select_sql>`` and its parameters, in the order they appear."""
    steps = ",\n\n".join(
        f"{cte.name} as {_materialization(cte)}(\n{_tidy(cte.sql, 4)}\n)" for cte in ctes
    )
    all_params: list = []
    for cte in ctes:
        all_params.extend(cte.params)
    all_params.extend(params)
    return f"with\n\n{steps}\n\n{_tidy(select_sql)}\n", all_params


def filtered_accounts_cte(filters: Filters) -> Cte:
    """``filtered_accounts``: every column of the accounts the filters choose."""
    condition, params = account_filter_sql(filters, alias="a")
    sql = f"""
    select a.*
    from accounts as a
    where {condition}
    """
    return Cte("filtered_accounts", sql, tuple(params))


STAGED_TABLES = ("staged_invoice_lines", "staged_invoices", "staged_account_days")
"""The derived tables :func:`refresh_staged_tables` keeps, in the order they are built."""

STAGED_LINES_SELECT = f"""
select
    t.account_id,
    coalesce(
        nullif(trim(t.invoice_id), ''),
        concat_ws(':', 'day', t.account_id, strftime(t.invoice_date, '%Y-%m-%d'))
    ) as invoice_id,
    t.line_no,
    t.invoice_date,
    t.product_id,
    coalesce(
        nullif(trim(t.product_group), ''),
        nullif(trim(p.product_group), ''),
        '{NONE_LABEL}'
    ) as product_group,
    t.net_amount,
    t.cost_amount,
    coalesce(t.is_credit_note, false) as is_credit_note
from transactions as t
-- keys are checked by the importer, not by constraints: one row per product, so a
-- duplicated product can never multiply a line's amount
left join (
    select product_id, min(product_group) as product_group
    from products
    group by product_id
) as p
    on p.product_id = t.product_id
-- in date order, so a period's lines sit together and the rest is skipped unread
order by t.invoice_date, t.account_id
"""

STAGED_INVOICES_SELECT = """
select
    account_id,
    invoice_id,
    min(invoice_date) as invoice_date,
    sum(net_amount) as total,
    bool_and(is_credit_note) as is_credit_note,
    sum(net_amount) > 0 and not bool_and(is_credit_note) as is_purchase
from staged_invoice_lines
group by account_id, invoice_id
order by invoice_date, account_id
"""


STAGED_ACCOUNT_DAYS_SELECT = """
select
    lines.account_id,
    lines.day,
    lines.lines,
    lines.revenue,
    lines.costed_revenue,
    lines.contribution_margin,
    coalesce(dated.invoices, 0) as invoices,
    coalesce(dated.purchases, 0) as purchases,
    coalesce(dated.purchases, 0) > 0 as has_purchase
from (
    select
        account_id,
        invoice_date as day,
        count(*) as lines,
        sum(net_amount) as revenue,
        sum(net_amount) filter (where cost_amount is not null) as costed_revenue,
        -- a line without cost gives null here, which sum() leaves out
        sum(net_amount - cost_amount) as contribution_margin
    from staged_invoice_lines
    group by account_id, invoice_date
) as lines
-- an invoice is dated on its earliest line's day, so every invoice day has lines
left join (
    select
        account_id,
        invoice_date as day,
        count(*) as invoices,
        count(*) filter (where is_purchase) as purchases
    from staged_invoices
    group by account_id, invoice_date
) as dated
    on dated.account_id = lines.account_id and dated.day = lines.day
order by lines.account_id, lines.day
"""

REFRESH_STAGED_TABLES_SQL = [
    f"create or replace table staged_invoice_lines as {STAGED_LINES_SELECT}",
    f"create or replace table staged_invoices as {STAGED_INVOICES_SELECT}",
    f"create or replace table staged_account_days as {STAGED_ACCOUNT_DAYS_SELECT}",
]
"""The statements that (re)build the staged tables, in order."""


def refresh_staged_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the :data:`STAGED_TABLES` from ``transactions`` and ``products``.

    Every writer of those two tables calls it inside its own transaction, after its writes, so
    the staged tables land (or roll back) with the data they come from and a reader never sees
    one without the other.
    """
    for statement in REFRESH_STAGED_TABLES_SQL:
        con.execute(statement)


def invoice_lines_cte(accounts: str | None = "filtered_accounts") -> Cte:
    """``invoice_lines``: the lines of the accounts in the step ``accounts`` (None: of every
    account), all dates.

    Columns: account_id, invoice_id (filled in), line_no, invoice_date, product_id,
    product_group (resolved), net_amount, cost_amount (null where unknown), is_credit_note.
    """
    return Cte("invoice_lines", _staged_rows("staged_invoice_lines", accounts), inline=True)


def invoices_cte(accounts: str | None = "filtered_accounts") -> Cte:
    """``invoices``: one row per invoice of the accounts in the step ``accounts`` (None: of
    every account), all dates.

    Columns: account_id, invoice_id, invoice_date (its earliest line's), total (sum of net
    amounts), is_credit_note (every line flagged), is_purchase (total > 0 and no credit note).
    """
    return Cte("invoices", _staged_rows("staged_invoices", accounts), inline=True)


def account_days_cte(accounts: str | None = "filtered_accounts", *, apart: bool = False) -> Cte:
    """``account_days``: one row per day with lines of an account in the step ``accounts``
    (None: of every account), all dates. ``apart``: the chosen accounts' days are picked on
    their own, before the query (see :func:`staging_ctes`).

    Columns: account_id, day; of its lines dated that day: lines (their number), revenue (the
    sum of their net amounts), costed_revenue and contribution_margin (the same, and net amount
    - cost, over the lines with a cost; null when none has one); of its invoices dated that day
    (an invoice's date is its earliest line's): invoices and purchases (their numbers), and
    has_purchase (purchases > 0).
    """
    if apart and accounts is not None:
        return Cte("account_days", _staged_rows("staged_account_days", accounts), materialized=True)
    return Cte("account_days", _staged_rows("staged_account_days", accounts), inline=True)


def _staged_rows(table: str, accounts: str | None) -> str:
    if accounts is None:
        return f"select * from {table}"
    # an IN list, whose hash table holds the (few) chosen accounts: a join here would hash
    # the (many) staged rows instead
    return f"""
    select *
    from {table}
    where account_id in (select account_id from {_identifier(accounts)})
    """


def account_groups_cte() -> Cte:
    """``account_groups``: each account (of all accounts) with its top-most ancestor through
    ``parent_account_id`` (``group_id``; the account itself when it has no parent).

    A parent id that names no account ends the chain there; a cycle of parents (bad data) is
    cut where it would revisit an account.
    """
    sql = """
    with recursive chain(account_id, ancestor_id, depth, path) as (
        select account_id, account_id, 0, [account_id]
        from (select distinct account_id from accounts)
        union all
        select chain.account_id, parent.account_id, chain.depth + 1,
            list_append(chain.path, parent.account_id)
        from chain
        inner join accounts as child
            on child.account_id = chain.ancestor_id
        inner join accounts as parent
            on parent.account_id = child.parent_account_id
        where not list_contains(chain.path, parent.account_id)
    )
    select account_id, arg_max(ancestor_id, depth) as group_id
    from chain
    group by account_id
    """
    return Cte("account_groups", sql)


def staging_ctes(filters: Filters, *, days_apart: bool = False) -> list[Cte]:
    """The staging steps for the filtered accounts, ready for :func:`with_query`:
    ``filtered_accounts``, ``invoice_lines``, ``invoices`` and ``account_days``.

    Without an account filter the lines and invoices are every staged row as it is: every
    line's account is in ``accounts`` (an import adds the accounts its lines name), so there is
    nothing to narrow, and no join is paid for it.

    ``days_apart``: with an account filter, the chosen accounts' days are picked on their own
    before the query. For queries that join the days to ``period_days``: DuckDB takes that
    join for a small one and then builds the hash table of the accounts' pick on every day of
    every account instead of on the chosen accounts (at size L, retention rates for one region
    0.56 -> 0.08 s).
    """
    accounts = "filtered_accounts" if filters.account_filters_active else None
    return [
        filtered_accounts_cte(filters),
        invoice_lines_cte(accounts),
        invoices_cte(accounts),
        account_days_cte(accounts, apart=days_apart),
    ]


def _identifier(name: str) -> str:
    if not name.isidentifier():
        raise ValueError(f"Expected the name of a query step, not {name!r}.")
    return name


def _tidy(sql: str, indent: int = 0) -> str:
    """The SQL text without its common indentation, indented by ``indent`` spaces."""
    return textwrap.indent(textwrap.dedent(sql).strip(), " " * indent)
