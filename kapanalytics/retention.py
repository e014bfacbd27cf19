"""Retention per period: customer retention rate, GRR, NRR, the revenue bridge and cohorts.

Definitions (docs/metrics.md, "Retention"), for a period P and the period P-1 before it:

- an account is **active** in a period when it has a purchase dated in it;
- **customer retention rate** = of the accounts active in P-1, the share active in P;
- **GRR** = sum(min(max(rev_P, 0), rev_P-1)) / sum(rev_P-1) and **NRR** =
  sum(max(rev_P, 0)) / sum(rev_P-1), both over the accounts with rev_P-1 > 0;
- the **revenue bridge** sorts every account's change rev_P - rev_P-1 into new (first purchase
  ever in P), reactivated (active in P, not in P-1, bought before), churned (active in P-1, not
  in P), expansion or contraction (the rest, by the sign of the change);
- a **cohort** is the period of an account's first purchase ever; cell (cohort, k) is the share
  of its accounts active in the k-th period after it (customers) or its revenue then over its
  revenue in its own period (revenue).

Periods and segments never depend on the filters: the periods span all the data, an account's
first purchase and its ABC class are over all of its (and everyone's) lines. Filters only choose
which accounts are counted.
"""

from __future__ import annotations

import math

import duckdb
import pandas as pd

from kapanalytics.churn import check_grain, period_ctes, period_days_cte
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters
from kapanalytics.staging import NONE_LABEL, Cte, staging_ctes, with_query

SEGMENT_DIMENSIONS = ("industry", "region", "country", "owner", "segment", "abc_class")
"""What retention can be broken down by: an account attribute, or its ABC class in P-1."""

COHORT_MEASURES = ("customers", "revenue")
MONEY_DECIMALS = 6
"""Revenue per account and period is rounded to this many decimals before it is compared with
0, as :mod:`kapanalytics.abc` does: floating-point noise must not make an account's 0 positive."""
ABC_THRESHOLDS = (0.80, 0.95)

RATE_COLUMNS = (
    "period_start",
    "period_end",
    "is_complete",
    "base_accounts",
    "retained_accounts",
    "customer_retention_rate",
    "base_revenue",
    "retained_revenue",
    "net_retained_revenue",
    "gross_revenue_retention",
    "net_revenue_retention",
)
BRIDGE_STEPS = ("start", "new", "reactivated", "expansion", "contraction", "churned", "end")


def _period_activity_ctes() -> list[Cte]:
    """``period_activity``: per account and period with lines in it, its revenue (lines dated
    in it) and whether it is active (a purchase dated in it). Needs the staging steps,
    ``periods`` and ``period_days``."""
    return [
        Cte(
            "period_activity",
            """
    select
        days.account_id,
        periods.period_no,
        -- rounded so that the order in which lines are added never makes 0 look positive
        round(sum(days.revenue), ?) as revenue,
        bool_or(days.has_purchase) as active
    from account_days as days
    inner join period_days as periods
        on periods.day = days.day
    group by all
    """,
            (MONEY_DECIMALS,),
        ),
    ]


def _activity_ctes() -> list[Cte]:
    """``period_activity`` and ``account_changes``: per period P with a period before it, every
    account with lines in P-1 or P, its revenue and activity in both."""
    return [
        *_period_activity_ctes(),
        Cte(
            "account_changes",
            """
    -- every account with lines in P-1 or in P, once per P that has a period before it
    select
        coalesce(cur.account_id, base.account_id) as account_id,
        coalesce(cur.period_no, base.period_no + 1) as period_no,
        coalesce(base.revenue, 0) as base_revenue,
        coalesce(base.active, false) as base_active,
        coalesce(cur.revenue, 0) as revenue,
        coalesce(cur.active, false) as active
    from (select * from period_activity where period_no >= 1) as cur
    full join (
        select * from period_activity
        where period_no < (select max(period_no) from periods)
    ) as base
        on base.account_id = cur.account_id and base.period_no + 1 = cur.period_no
    """,
        ),
    ]


def _abc_cte() -> Cte:
    """``abc_classes``: the ABC class of every account in every period, over all accounts.

    Ranked by the period's revenue descending, ties by account_id; share_before = the revenue of
    the accounts ranked before / the total positive revenue; A below 0.80, B below 0.95, else
    C; revenue <= 0 is C. All accounts, not only the filtered, so a filter never changes a class.
    """
    a, b = ABC_THRESHOLDS
    return Cte(
        "abc_classes",
        """
    select
        account_id,
        period_no,
        case
            when revenue <= 0 then 'C'
            when share_before < ? then 'A'
            when share_before < ? then 'B'
            else 'C'
        end as abc_class
    from (
        select
            account_id,
            period_no,
            revenue,
            coalesce(sum(revenue) over (
                partition by period_no order by revenue desc, account_id
                rows between unbounded preceding and 1 preceding
            ), 0) / nullif(sum(greatest(revenue, 0)) over (partition by period_no), 0)
                as share_before
        from (
            select staged.account_id, days.period_no, round(sum(staged.revenue), ?) as revenue
            from staged_account_days as staged
            inner join period_days as days
                on days.day = staged.day
            group by all
        ) as all_revenue
    ) as ranked
    """,
        (a, b, MONEY_DECIMALS),
    )


def _segment_sql(dimension: str | None) -> tuple[str, list[Cte]]:
    """The SQL expression of an account's segment, and the steps it needs."""
    if dimension is None:
        return "", []
    if dimension not in SEGMENT_DIMENSIONS:
        raise ConfigurationError(
            f"Cannot break retention down by {dimension!r}. "
            f"Choose one of: {', '.join(SEGMENT_DIMENSIONS)}."
        )
    if dimension == "abc_class":
        # the class in the base period P-1: what kind of customer it was when followed
        return "coalesce(abc.abc_class, 'C')", [_abc_cte()]
    # the column comes from SEGMENT_DIMENSIONS (checked above), never from a user as such
    return f"coalesce(nullif(trim(accounts.{dimension}), ''), '{NONE_LABEL}')", []


def retention_rates(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    grain: str = "year",
    dimension: str | None = None,
) -> pd.DataFrame:
    """Customer retention rate, GRR and NRR of every period that has a period before it.

    ``grain``: year, quarter or month. ``dimension``: None for the whole portfolio, or one of
    :data:`SEGMENT_DIMENSIONS` for one row per period and segment (an extra column named after
    it). Columns: :data:`RATE_COLUMNS` (plus the segment): base_accounts (active in P-1),
    retained_accounts (of those, active in P), customer_retention_rate, base_revenue
    (sum(rev_P-1) over the accounts with rev_P-1 > 0), retained_revenue (the GRR numerator),
    net_retained_revenue (the NRR numerator), gross_revenue_retention, net_revenue_retention
    (NaN over no base). ``is_complete`` is false when P or P-1 is cut off by the data's span.
    """
    check_grain(grain)
    segment, extra = _segment_sql(dimension)
    ctes = period_ctes(con, filters, grain)
    if ctes is None:
        return pd.DataFrame(columns=list(RATE_COLUMNS))
    sql, params = with_query([*ctes, *_activity_ctes(), *extra], _rates_select(segment, dimension))
    columns = [*RATE_COLUMNS[:3], *([dimension] if dimension else []), *RATE_COLUMNS[3:]]
    return con.execute(sql, params).df()[columns]


def _rates_select(segment: str, dimension: str | None) -> str:
    segment_column = f'{segment} as "{dimension}",' if dimension else ""
    group = f', "{dimension}"' if dimension else ""
    abc_join = (
        """
    left join abc_classes as abc
        on abc.account_id = changes.account_id and abc.period_no = changes.period_no - 1"""
        if dimension == "abc_class"
        else ""
    )
    if dimension:
        source = f"""account_changes as changes
        inner join periods
            on periods.period_no = changes.period_no
        inner join periods as previous
            on previous.period_no = changes.period_no - 1
        inner join filtered_accounts as accounts
            on accounts.account_id = changes.account_id{abc_join}"""
    else:
        # from the periods, so that a period in which no account had lines (nor in the one
        # before) still has its row: no base, rates undefined
        source = """periods
        inner join periods as previous
            on previous.period_no = periods.period_no - 1
        -- account_changes holds the filtered accounts only (account_days does)
        left join account_changes as changes
            on changes.period_no = periods.period_no"""
    return f"""
    select
        *,
        retained_accounts / nullif(base_accounts, 0) as customer_retention_rate,
        retained_revenue / nullif(base_revenue, 0) as gross_revenue_retention,
        net_retained_revenue / nullif(base_revenue, 0) as net_revenue_retention
    from (
        select
            periods.period_start,
            periods.period_end,
            periods.is_complete and previous.is_complete as is_complete,
            {segment_column}
            count(*) filter (where changes.base_active) as base_accounts,
            count(*) filter (where changes.base_active and changes.active) as retained_accounts,
            coalesce(sum(changes.base_revenue) filter (where changes.base_revenue > 0), 0)
                as base_revenue,
            coalesce(sum(least(greatest(changes.revenue, 0), changes.base_revenue))
                filter (where changes.base_revenue > 0), 0) as retained_revenue,
            coalesce(sum(greatest(changes.revenue, 0))
                filter (where changes.base_revenue > 0), 0) as net_retained_revenue
        from {source}
        group by all
    ) as sums
    order by period_start{group}
    """


def period_retention(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, float]:
    """Customer retention rate, GRR and NRR of ``filters.period`` against the period of the
    same length before it (``Period.previous()``); NaN where there is no base.

    Keys: base_accounts, retained_accounts, customer_retention_rate, base_revenue,
    retained_revenue, net_retained_revenue, gross_revenue_retention, net_revenue_retention.
    """
    period, previous = filters.period, filters.period.previous()
    two_periods = Cte(
        "periods",
        """
    select * from (values
        (0, ?::date, ?::date, true),
        (1, ?::date, ?::date, true)
    ) as p(period_no, period_start, period_end, is_complete)
    """,
        (previous.start, previous.end, period.start, period.end),
    )
    sql, params = with_query(
        [
            *staging_ctes(filters, days_apart=True),
            two_periods,
            period_days_cte(),
            *_activity_ctes(),
        ],
        _rates_select("", None),
    )
    frame = con.execute(sql, params).df()
    keys = RATE_COLUMNS[3:]
    if frame.empty:  # no account with lines in either period
        return {key: 0.0 if key.endswith(("accounts", "revenue")) else math.nan for key in keys}
    row = frame.iloc[0]
    return {key: float(row[key]) if pd.notna(row[key]) else math.nan for key in keys}


def revenue_bridge(
    con: duckdb.DuckDBPyConnection, filters: Filters, grain: str = "year"
) -> pd.DataFrame:
    """From each period's revenue to the next: start, new, reactivated, expansion, contraction,
    churned, end (docs/metrics.md, "Revenue bridge").

    One row per period that has a period before it; columns period_start, period_end,
    is_complete, then :data:`BRIDGE_STEPS`. start is the revenue of P-1, end that of P, and
    start + new + reactivated + expansion + contraction + churned = end exactly.
    """
    check_grain(grain)
    ctes = period_ctes(con, filters, grain)
    if ctes is None:
        return pd.DataFrame(columns=["period_start", "period_end", "is_complete", *BRIDGE_STEPS])
    first_purchase = Cte(
        "first_purchases",
        """
    select account_id, min(day) as first_purchase_date
    from account_days
    where has_purchase
    group by account_id
    """,
    )
    sql, params = with_query(
        [*ctes, *_activity_ctes(), first_purchase],
        """
    select
        periods.period_start,
        periods.period_end,
        periods.is_complete and previous.is_complete as is_complete,
        sum(changes.base_revenue) as start,
        coalesce(sum(changes.revenue - changes.base_revenue) filter (where kind = 'new'), 0)
            as new,
        coalesce(sum(changes.revenue - changes.base_revenue)
            filter (where kind = 'reactivated'), 0) as reactivated,
        coalesce(sum(changes.revenue - changes.base_revenue)
            filter (where kind = 'existing' and changes.revenue > changes.base_revenue), 0)
            as expansion,
        coalesce(sum(changes.revenue - changes.base_revenue)
            filter (where kind = 'existing' and changes.revenue < changes.base_revenue), 0)
            as contraction,
        coalesce(sum(changes.revenue - changes.base_revenue) filter (where kind = 'churned'), 0)
            as churned,
        sum(changes.revenue) as "end"
    from (
        select
            changes.*,
            case
                when first.first_purchase_date between periods.period_start
                    and periods.period_end then 'new'
                when changes.active and not changes.base_active then 'reactivated'
                when changes.base_active and not changes.active then 'churned'
                else 'existing'
            end as kind
        from account_changes as changes
        inner join periods
            on periods.period_no = changes.period_no
        left join first_purchases as first
            on first.account_id = changes.account_id
    ) as changes
    inner join periods
        on periods.period_no = changes.period_no
    inner join periods as previous
        on previous.period_no = changes.period_no - 1
    group by all
    order by periods.period_start
    """,
    )
    return con.execute(sql, params).df()


def cohort_retention(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    grain: str = "year",
) -> pd.DataFrame:
    """Cohort retention in long form: one row per cohort and period after it.

    Cohort = the period of an account's first purchase ever (over all its data, whatever the
    filters). Columns: cohort_start, period_offset (k = 0 is the cohort's own period),
    period_start, is_complete (the k-th period is whole), cohort_accounts, active_accounts
    (cohort accounts active in period k), customer_retention (active / cohort accounts; 1 at
    k = 0), revenue (the cohort's revenue in period k), revenue_retention (revenue / the
    cohort's revenue at k = 0; NaN when that is <= 0). Every k from 0 to the last period.
    """
    check_grain(grain)
    ctes = period_ctes(con, filters, grain)
    columns = [
        "cohort_start",
        "period_offset",
        "period_start",
        "is_complete",
        "cohort_accounts",
        "active_accounts",
        "customer_retention",
        "revenue",
        "revenue_retention",
    ]
    if ctes is None:
        return pd.DataFrame(columns=columns)
    cohorts = Cte(
        "cohorts",
        """
    select first.account_id, days.period_no as cohort_no
    from (
        select account_id, min(day) as first_purchase_date
        from account_days
        where has_purchase
        group by account_id
    ) as first
    inner join period_days as days
        on days.day = first.first_purchase_date
    """,
    )
    cells = Cte(
        "cohort_cells",
        """
    -- every cohort with every period from its own on, filled from the cohorts' activity
    select
        grid.cohort_no,
        grid.period_no,
        coalesce(sums.active_accounts, 0) as active_accounts,
        coalesce(sums.revenue, 0) as revenue
    from (
        select cohort_numbers.cohort_no, periods.period_no
        from (select distinct cohort_no from cohorts) as cohort_numbers
        inner join periods
            on periods.period_no >= cohort_numbers.cohort_no
    ) as grid
    left join (
        select
            cohorts.cohort_no,
            activity.period_no,
            count(*) filter (where activity.active) as active_accounts,
            sum(activity.revenue) as revenue
        from period_activity as activity
        inner join cohorts
            on cohorts.account_id = activity.account_id
        where activity.period_no >= cohorts.cohort_no
        group by all
    ) as sums
        on sums.cohort_no = grid.cohort_no and sums.period_no = grid.period_no
    """,
    )
    sql, params = with_query(
        [*ctes, *_period_activity_ctes(), cohorts, cells],
        """
    select
        cohort_period.period_start as cohort_start,
        cells.period_no - cells.cohort_no as period_offset,
        periods.period_start,
        periods.is_complete,
        sizes.cohort_accounts,
        cells.active_accounts,
        cells.active_accounts / sizes.cohort_accounts as customer_retention,
        cells.revenue,
        cells.revenue / nullif(greatest(first_cell.revenue, 0), 0) as revenue_retention
    from cohort_cells as cells
    inner join (
        select cohort_no, count(*) as cohort_accounts from cohorts group by cohort_no
    ) as sizes
        on sizes.cohort_no = cells.cohort_no
    inner join cohort_cells as first_cell
        on first_cell.cohort_no = cells.cohort_no and first_cell.period_no = cells.cohort_no
    inner join periods as cohort_period
        on cohort_period.period_no = cells.cohort_no
    inner join periods
        on periods.period_no = cells.period_no
    order by cohort_start, period_offset
    """,
    )
    return con.execute(sql, params).df()


def cohort_matrix(cohorts: pd.DataFrame, measure: str = "customers") -> pd.DataFrame:
    """The heatmap's matrix: one row per cohort (index cohort_start), one column per k.

    ``cohorts`` comes from :func:`cohort_retention`; ``measure`` is customers or revenue.
    """
    if measure not in COHORT_MEASURES:
        raise ConfigurationError(
            f"Unknown cohort measure {measure!r}. Choose one of: {', '.join(COHORT_MEASURES)}."
        )
    value = "customer_retention" if measure == "customers" else "revenue_retention"
    return cohorts.pivot(index="cohort_start", columns="period_offset", values=value)
