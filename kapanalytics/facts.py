"""The overview's numbers: KPIs, revenue by month and by dimension, top accounts, account facts.

All aggregation runs in DuckDB; each function returns a small pandas DataFrame. Every query is
built from the staging steps of :mod:`kapanalytics.staging` (filtered accounts, invoice lines,
invoices) and the mart :func:`account_period_ctes` (one row per filtered account and period).
Filters choose the accounts; the period chooses the lines counted; an account's history (first
purchase, last purchase) always spans all the data. docs/metrics.md holds every definition.
"""

from __future__ import annotations

import math
from datetime import date
from numbers import Integral

import duckdb
import pandas as pd

from kapanalytics.churn import DEFAULT_WINDOW_DAYS, check_window_days, churn_ctes
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, Period
from kapanalytics.keyaccounts import key_accounts_cte
from kapanalytics.staging import (
    NONE_LABEL,
    Cte,
    staging_ctes,
    with_query,
)

OVERVIEW_KPIS = (
    "revenue",
    "contribution_margin",
    "contribution_margin_pct",
    "active_accounts",
    "new_accounts",
    "lost_accounts",
    "key_account_revenue_share",
)
"""The overview's KPI keys, in the order the page shows them."""

DIMENSIONS = ("product_group", "region", "country", "industry", "owner", "segment")
"""What revenue can be broken down by: the line's product group, or an account attribute."""

ACCOUNT_PERIOD_COLUMNS = (
    "account_id",
    "revenue",
    "costed_revenue",
    "contribution_margin",
    "lines",
    "invoices",
    "purchases",
    "first_purchase_date",
    "last_purchase_date",
)


def analysis_date(con: duckdb.DuckDBPyConnection) -> date | None:
    """The last invoice date in the data, or None without invoice lines.

    The product analyses historical extracts, so "today" is the data's last day, not the
    calendar's.
    """
    return con.execute("select max(invoice_date) from transactions").fetchone()[0]


def account_period_ctes(period: Period, name: str = "account_period") -> list[Cte]:
    """The mart: one row per filtered account with its facts in ``period``.

    Needs the steps ``filtered_accounts`` and ``account_days`` before it. The last step is
    called ``name`` (the other ``<name>_facts``), so two periods can sit side by side.
    Columns: see :func:`account_period_facts`.
    """
    facts = Cte(
        f"{name}_facts",
        """
    -- the lines and invoices of each day are staged per account and day: sums of sums
    select
        account_id,
        sum(lines) as lines,
        sum(revenue) as revenue,
        sum(costed_revenue) as costed_revenue,
        sum(contribution_margin) as contribution_margin,
        sum(invoices) as invoices,
        sum(purchases) as purchases,
        min(day) filter (where has_purchase) as first_purchase_date,
        max(day) filter (where has_purchase) as last_purchase_date
    from account_days
    where day between ? and ?
    group by account_id
    """,
        (period.start, period.end),
    )
    final = Cte(
        name,
        f"""
    select
        accounts.account_id,
        coalesce(facts.revenue, 0) as revenue,
        facts.costed_revenue,
        facts.contribution_margin,
        coalesce(facts.lines, 0) as lines,
        coalesce(facts.invoices, 0) as invoices,
        coalesce(facts.purchases, 0) as purchases,
        facts.first_purchase_date,
        facts.last_purchase_date
    from filtered_accounts as accounts
    left join {name}_facts as facts
        on facts.account_id = accounts.account_id
    """,
    )
    return [facts, final]


def account_period_facts_query(filters: Filters) -> tuple[str, list]:
    """The SQL of :func:`account_period_facts` and its parameters."""
    ctes = [*staging_ctes(filters), *account_period_ctes(filters.period)]
    return with_query(ctes, "select * from account_period order by account_id")


def account_period_facts(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per filtered account, its facts in ``filters.period`` (accounts without any
    line in the period included, with zeros).

    Columns: account_id; revenue (sum of net amounts of its lines dated in the period);
    costed_revenue (the same over lines with a cost; null when none has one);
    contribution_margin (net amount - cost over those lines; null when none has a cost);
    lines, invoices, purchases (counts of lines, invoices and purchases dated in the period);
    first_purchase_date, last_purchase_date (its first and last purchase in the period).
    """
    sql, params = account_period_facts_query(filters)
    return con.execute(sql, params).df()


def overview_kpis(
    con: duckdb.DuckDBPyConnection, filters: Filters, *, window_days: int = DEFAULT_WINDOW_DAYS
) -> pd.DataFrame:
    """The overview's KPIs for ``filters.period`` and the period before it.

    One row per KPI, in the order of :data:`OVERVIEW_KPIS`; columns ``kpi``, ``current``,
    ``previous`` (the same measure for ``filters.period.previous()``), ``change``
    (current - previous) and ``change_pct`` (change / |previous|, NaN when previous is 0 or
    NaN). Ratios (contribution_margin_pct, key_account_revenue_share) are fractions:
    0.25 means 25 %. ``window_days`` is W of the churn date. Definitions: docs/metrics.md.
    """
    check_window_days(window_days)
    current = _period_kpis(con, filters, filters.period, window_days)
    previous = _period_kpis(con, filters, filters.period.previous(), window_days)
    rows = []
    for kpi in OVERVIEW_KPIS:
        now, before = current[kpi], previous[kpi]
        change = now - before
        change_pct = change / abs(before) if before != 0 and not math.isnan(before) else math.nan
        rows.append(
            {
                "kpi": kpi,
                "current": now,
                "previous": before,
                "change": change,
                "change_pct": change_pct,
            }
        )
    return pd.DataFrame(rows, columns=["kpi", "current", "previous", "change", "change_pct"])


def _period_kpis(
    con: duckdb.DuckDBPyConnection, filters: Filters, period: Period, window_days: int
) -> dict[str, float]:
    """The KPIs of one period as floats (NaN where undefined)."""
    ctes = [
        *staging_ctes(filters),
        key_accounts_cte(),
        *account_period_ctes(period),
        *churn_ctes(period.end, window_days),
    ]
    select_sql = """
    select
        coalesce((select sum(revenue) from account_period), 0) as revenue,
        (select sum(contribution_margin) from account_period) as contribution_margin,
        (select sum(costed_revenue) from account_period) as costed_revenue,
        (select count(*) from account_period where purchases > 0) as active_accounts,
        (
            select count(*) from purchase_history
            where first_purchase_date between ? and ?
        ) as new_accounts,
        (select count(*) from churn where churn_date between ? and ?) as lost_accounts,
        coalesce((
            select sum(revenue) from account_period
            where account_id in (select account_id from key_accounts)
        ), 0) as key_account_revenue
    """
    bounds = (period.start, period.end)
    sql, params = with_query(ctes, select_sql, (*bounds, *bounds))
    row = con.execute(sql, params).fetchone()
    (revenue, margin, costed_revenue, active, new, lost, key_revenue) = (
        math.nan if value is None else float(value) for value in row
    )
    return {
        "revenue": revenue,
        "contribution_margin": margin,
        "contribution_margin_pct": _ratio(margin, costed_revenue),
        "active_accounts": active,
        "new_accounts": new,
        "lost_accounts": lost,
        "key_account_revenue_share": _ratio(key_revenue, revenue),
    }


def revenue_by_month(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Revenue and contribution margin per calendar month of ``filters.period``.

    Columns: month (its first day, as a pandas datetime), revenue (0 for a month without
    lines), contribution_margin (NaN for a month without a line that has a cost). Every month
    the period touches is present; the first and last count only the days in the period.
    """
    start, end = filters.period.start, filters.period.end
    # from the account days, which hold each account's day of lines summed: a third of the rows
    ctes = [
        *staging_ctes(filters),
        Cte(
            "months",
            """
    select cast(month as date) as month
    from generate_series(
        date_trunc('month', ?::date), date_trunc('month', ?::date), interval 1 month
    ) as series(month)
    """,
            (start, end),
        ),
        Cte(
            "monthly",
            """
    select
        cast(date_trunc('month', day) as date) as month,
        sum(revenue) as revenue,
        sum(contribution_margin) as contribution_margin
    from account_days
    where day between ? and ?
    group by all
    """,
            (start, end),
        ),
    ]
    sql, params = with_query(
        ctes,
        """
    select
        months.month,
        coalesce(monthly.revenue, 0) as revenue,
        monthly.contribution_margin
    from months
    left join monthly
        on monthly.month = months.month
    order by months.month
    """,
    )
    return con.execute(sql, params).df()


def revenue_by_dimension(
    con: duckdb.DuckDBPyConnection, filters: Filters, dimension: str
) -> pd.DataFrame:
    """Revenue of ``filters.period`` broken down by ``dimension``.

    ``dimension`` is one of :data:`DIMENSIONS`: product_group comes from the line (else the
    product, else "(none)"), the others from the account; a missing or blank value is shown as
    "(none)". Columns: <dimension>, revenue, share (revenue / total revenue; NaN when the total
    is 0). Sorted by revenue descending, ties by the value. Only values with lines in the period.
    """
    if dimension not in DIMENSIONS:
        raise ConfigurationError(
            f"Cannot break revenue down by {dimension!r}. Choose one of: {', '.join(DIMENSIONS)}."
        )
    bounds = (filters.period.start, filters.period.end)
    if dimension == "product_group":
        # a line's product group: only the lines have it
        revenues = Cte(
            "revenues",
            """
    select product_group as value, net_amount as revenue
    from invoice_lines
    where invoice_date between ? and ?
    """,
            bounds,
        )
    else:
        # an account's value: its days summed first (a third of the lines' rows), then labelled
        # the identifier comes from DIMENSIONS (checked above), never from a user as such
        revenues = Cte(
            "revenues",
            f"""
    select accounts.{dimension} as value, by_account.revenue
    from (
        select account_id, sum(revenue) as revenue
        from account_days
        where day between ? and ?
        group by account_id
    ) as by_account
    inner join filtered_accounts as accounts
        on accounts.account_id = by_account.account_id
    """,
            bounds,
        )
    ctes = [
        *staging_ctes(filters),
        revenues,
        Cte(
            "labelled",
            f"""
    select coalesce(nullif(trim(cast(value as varchar)), ''), '{NONE_LABEL}') as value, revenue
    from revenues
    """,
        ),
        Cte(
            "by_value",
            """
    select value, sum(revenue) as revenue
    from labelled
    group by value
    """,
        ),
    ]
    sql, params = with_query(
        ctes,
        f"""
    select
        value as "{dimension}",
        revenue,
        revenue / nullif(sum(revenue) over (), 0) as share
    from by_value
    order by revenue desc, value
    """,
    )
    return con.execute(sql, params).df()


def top_accounts(con: duckdb.DuckDBPyConnection, filters: Filters, n: int = 20) -> pd.DataFrame:
    """The ``n`` filtered accounts with the highest revenue in ``filters.period``.

    Only accounts with at least one line in the period; ranked by revenue descending, ties by
    account_id. Columns: account_id, name, industry, country, owner, revenue, previous_revenue
    (in ``filters.period.previous()``), change_pct ((revenue - previous) / |previous|, NaN when
    previous is 0), contribution_margin (NaN without a costed line), is_key_account (current),
    share_of_revenue (revenue / the revenue of all filtered accounts in the period).
    """
    if not _is_whole(n) or n < 1:
        raise ConfigurationError(
            f"The number of top accounts must be a whole number >= 1, not {n!r}."
        )
    ctes = [
        *staging_ctes(filters),
        key_accounts_cte(),
        *account_period_ctes(filters.period, "current_period"),
        *account_period_ctes(filters.period.previous(), "previous_period"),
        Cte(
            "ranked",
            """
    select
        accounts.account_id,
        accounts.name,
        accounts.industry,
        accounts.country,
        accounts.owner,
        current_period.revenue,
        previous_period.revenue as previous_revenue,
        case
            when previous_period.revenue <> 0
                then (current_period.revenue - previous_period.revenue)
                    / abs(previous_period.revenue)
        end as change_pct,
        current_period.contribution_margin,
        key_accounts.account_id is not null as is_key_account,
        current_period.revenue / nullif(sum(current_period.revenue) over (), 0)
            as share_of_revenue,
        current_period.lines
    from filtered_accounts as accounts
    inner join current_period
        on current_period.account_id = accounts.account_id
    inner join previous_period
        on previous_period.account_id = accounts.account_id
    left join key_accounts
        on key_accounts.account_id = accounts.account_id
    """,
        ),
    ]
    sql, params = with_query(
        ctes,
        """
    select * exclude (lines)
    from ranked
    where lines > 0
    order by revenue desc, account_id
    limit ?
    """,
        (int(n),),
    )
    return con.execute(sql, params).df()


def _ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, NaN when either is NaN or the denominator is 0."""
    if math.isnan(numerator) or math.isnan(denominator) or denominator == 0:
        return math.nan
    return numerator / denominator


def _is_whole(value: object) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)
