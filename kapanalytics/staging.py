"""Reusable SQL building blocks: the staging layer every analysis starts from.

Each function returns a :class:`Cte`, one named step of a ``with`` query, and
:func:`with_query` puts steps together with their parameters in the right order. The steps:

- ``filtered_accounts``: the accounts the sidebar filters choose (every account column).
- ``invoice_lines``: their invoice lines, with the invoice key filled in and the product group
  resolved (the line's own, else the product's, else ``'(none)'``).
- ``invoices``: one row per invoice with its total and whether it is a purchase.
- ``account_groups``: every account with the top-most account above it (its group).

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

from kapanalytics.filters import Filters, account_filter_sql

NONE_LABEL = "(none)"
"""How a missing attribute (null or blank) is shown in breakdowns."""


@dataclass(frozen=True)
class Cte:
    """One named step of a ``with`` query: ``name as (sql)``, with the values of its ``?``."""

    name: str
    sql: str
    params: tuple = ()

    def __post_init__(self) -> None:
        # names come from code, never from a user; refuse anything that is not a plain name
        if not self.name.isidentifier():
            raise ValueError(f"A CTE name must be a plain identifier, not {self.name!r}.")


def with_query(ctes: Sequence[Cte], select_sql: str, params: Sequence = ()) -> tuple[str, list]:
    """The query ``with <ctes> <select_sql>`` and its parameters, in the order they appear."""
    steps = ",\n\n".join(f"{cte.name} as (\n{_tidy(cte.sql, 4)}\n)" for cte in ctes)
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


def invoice_lines_cte(accounts: str = "filtered_accounts") -> Cte:
    """``invoice_lines``: the lines of the accounts in the step ``accounts``, all dates.

    Columns: account_id, invoice_id (filled in), line_no, invoice_date, product_id,
    product_group (resolved), net_amount, cost_amount (null where unknown), is_credit_note.
    """
    sql = f"""
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
    inner join {_identifier(accounts)} as fa
        on fa.account_id = t.account_id
    -- keys are checked by the importer, not by constraints: one row per product, so a
    -- duplicated product can never multiply a line's amount
    left join (
        select product_id, min(product_group) as product_group
        from products
        group by product_id
    ) as p
        on p.product_id = t.product_id
    """
    return Cte("invoice_lines", sql)


def invoices_cte(lines: str = "invoice_lines") -> Cte:
    """``invoices``: one row per invoice of the step ``lines``, all dates.

    Columns: account_id, invoice_id, invoice_date (its earliest line's), total (sum of net
    amounts), is_credit_note (every line flagged), is_purchase (total > 0 and no credit note).
    """
    sql = f"""
    select
        account_id,
        invoice_id,
        min(invoice_date) as invoice_date,
        sum(net_amount) as total,
        bool_and(is_credit_note) as is_credit_note,
        sum(net_amount) > 0 and not bool_and(is_credit_note) as is_purchase
    from {_identifier(lines)}
    group by account_id, invoice_id
    """
    return Cte("invoices", sql)


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


def staging_ctes(filters: Filters) -> list[Cte]:
    """The three staging steps for the filtered accounts, ready for :func:`with_query`."""
    return [filtered_accounts_cte(filters), invoice_lines_cte(), invoices_cte()]


def _identifier(name: str) -> str:
    if not name.isidentifier():
        raise ValueError(f"Expected the name of a query step, not {name!r}.")
    return name


def _tidy(sql: str, indent: int = 0) -> str:
    """The SQL text without its common indentation, indented by ``indent`` spaces."""
    return textwrap.indent(textwrap.dedent(sql).strip(), " " * indent)
