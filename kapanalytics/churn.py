"""Churn: when an account stops being a customer, per account and per period.

The SQL building blocks every retention analysis shares, next to the staging steps of
:mod:`kapanalytics.staging` (docs/metrics.md, "Churn date" and "Retention"):

- :func:`churn_ctes` (steps ``purchase_history``, ``churn_candidates``, ``churn``): each
  account's churn date as of one day ``e``: the earlier of its last purchase on or before ``e``
  plus W (if that is on or before ``e``) and the CRM's lost date (status 'lost', dated on or
  before ``e``). The overview's lost accounts and every page here count from it.
- :func:`periods_cte` (step ``periods``): the years, quarters or months from the first invoice
  to the analysis date, numbered ``period_no`` 0, 1, ...; a period still running ends on the
  analysis date. :func:`period_days_cte` (step ``period_days``) lists their days, by which
  dated rows find their period.
- :func:`account_period_status_ctes` (steps ``period_purchases`` .. ``account_period_status``):
  for every account and period from its first purchase until it is gone for good, whether it
  was a customer at the start and at the end of the period, and its churn date as of the
  period's end. The customer flow, churn events over time and the win-back rate read it.

A **customer on day t** has a purchase on or before t and no churn date as of t.
"""

from __future__ import annotations

from datetime import date
from numbers import Integral

import duckdb
import pandas as pd

from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters
from kapanalytics.staging import Cte, staging_ctes, with_query

DEFAULT_WINDOW_DAYS = 365
"""W: days without a purchase after which an account counts as churned."""

GRAINS = ("year", "quarter", "month")
"""The period lengths retention is measured in."""

_GRAIN_INTERVALS = {
    "year": "interval 1 year",
    "quarter": "interval 3 month",
    "month": "interval 1 month",
}


def check_window_days(window_days: object) -> int:
    """W as an int; :class:`ConfigurationError` unless it is a whole number of days >= 1."""
    if not _is_whole(window_days) or window_days < 1:  # type: ignore[operator]
        raise ConfigurationError(
            f"The churn window W must be a whole number of days >= 1, not {window_days!r}."
        )
    return int(window_days)  # type: ignore[arg-type]


def check_grain(grain: str) -> str:
    """``grain`` if it is one of :data:`GRAINS`, else :class:`ConfigurationError`."""
    if grain not in GRAINS:
        raise ConfigurationError(f"Unknown period {grain!r}. Choose one of: {', '.join(GRAINS)}.")
    return grain


def churn_ctes(as_of: date, window_days: int) -> list[Cte]:
    """Steps ``purchase_history``, ``churn_candidates`` and ``churn``: churn as of ``as_of``.

    Needs ``filtered_accounts`` and ``account_days`` before them. ``purchase_history``: one row per
    account with a purchase: first_purchase_date (over all its data) and last_purchase_date
    (the last on or before ``as_of``, null if none). ``churn``: one row per account with a
    purchase on or before ``as_of``: account_id, churn_date (null while it is a customer).
    """
    return [
        Cte(
            "purchase_history",
            """
    select
        account_id,
        min(day) as first_purchase_date,
        -- churn is judged as of the period's end: later purchases are not known yet
        max(day) filter (where day <= ?) as last_purchase_date
    from account_days
    where has_purchase
    group by account_id
    """,
            (as_of,),
        ),
        Cte(
            "churn_candidates",
            """
    select
        accounts.account_id,
        history.last_purchase_date + ?::integer as window_churn_date,
        case
            when lower(trim(accounts.status)) = 'lost' then accounts.lost_date
        end as crm_lost_date
    from filtered_accounts as accounts
    inner join purchase_history as history
        on history.account_id = accounts.account_id
    where history.last_purchase_date is not null
    """,
            (int(window_days),),
        ),
        Cte(
            "churn",
            """
    select
        account_id,
        -- least() skips nulls: the earlier of the two dates known by the period's end
        least(
            case when window_churn_date <= ? then window_churn_date end,
            case when crm_lost_date <= ? then crm_lost_date end
        ) as churn_date
    from churn_candidates
    """,
            (as_of, as_of),
        ),
    ]


def periods_cte(grain: str, first_day: date, analysis_day: date) -> Cte:
    """Step ``periods``: period_no (0, 1, ...), period_start, period_end, is_complete.

    The periods of ``grain`` from the one holding ``first_day`` to the one holding
    ``analysis_day``; a period still running on ``analysis_day`` ends there: nothing after
    the analysis date is known. ``is_complete`` is false for it and for a first period that
    starts before ``first_day``.
    """
    step = _GRAIN_INTERVALS[check_grain(grain)]
    # grain and step come from GRAINS (checked above), never from a user as such
    sql = f"""
    select
        cast(row_number() over (order by start) - 1 as integer) as period_no,
        cast(start as date) as period_start,
        least(cast(start + {step} as date) - 1, ?::date) as period_end,
        -- a period the data cover only in part: cut off by the first or the last day
        start >= ?::date and cast(start + {step} as date) - 1 <= ?::date as is_complete
    from generate_series(
        date_trunc('{grain}', ?::date), date_trunc('{grain}', ?::date), {step}
    ) as series(start)
    """
    return Cte("periods", sql, (analysis_day, first_day, analysis_day, first_day, analysis_day))


def period_days_cte() -> Cte:
    """Step ``period_days``: every day of every period with its period_no (day, period_no).

    Needs ``periods`` before it (periods never overlap). Dated rows find their period by an
    equality join on ``day``, a hash join over a few thousand days: a join on
    ``between period_start and period_end`` would compare every row with every period.
    """
    sql = """
    select cast(unnest(generate_series(period_start, period_end, interval 1 day)) as date) as day,
        period_no
    from periods
    """
    return Cte("period_days", sql)


def account_period_status_ctes(window_days: int) -> list[Cte]:
    """Steps up to ``account_period_status``: one row per account and period.

    Needs ``filtered_accounts``, ``account_days``, ``periods`` and ``period_days``. Rows run from
    the period of the account's first purchase to the last period that starts on or before it
    is gone for good (its last purchase ever + W, or its CRM lost date if earlier): later rows
    would all be zeros. Columns: account_id, period_no, period_start, period_end,
    first_purchase_date, bought_in_period (a purchase dated in it), last_purchase_date (the
    last on or before period_end), churn_date (as of period_end), customer_at_end,
    customer_at_start (a customer the day before period_start).
    """
    window = int(window_days)
    return [
        Cte(
            "period_purchases",
            """
    select bought.account_id, days.period_no, max(bought.day) as last_in_period
    from account_days as bought
    inner join period_days as days
        on days.day = bought.day
    where bought.has_purchase
    group by all
    """,
        ),
        Cte(
            "lifetimes",
            """
    select
        bought.account_id,
        bought.first_purchase_date,
        bought.last_purchase_ever,
        case when lower(trim(accounts.status)) = 'lost' then accounts.lost_date end
            as crm_lost_date
    from (
        select account_id, min(day) as first_purchase_date, max(day) as last_purchase_ever
        from account_days
        where has_purchase
        group by account_id
    ) as bought
    inner join filtered_accounts as accounts
        on accounts.account_id = bought.account_id
    """,
        ),
        Cte(
            "status_grid",
            """
    select
        lifetimes.account_id,
        periods.period_no,
        periods.period_start,
        periods.period_end,
        lifetimes.first_purchase_date,
        lifetimes.crm_lost_date,
        bought.account_id is not null as bought_in_period,
        -- the last purchase on or before the period's end, and before the period: running
        -- maxima; an account's rows are consecutive periods, so the row before is the period
        -- before (one window, one sort for all three)
        max(bought.last_in_period) over account_periods as last_purchase_date,
        max(bought.last_in_period) over (
            account_periods rows between unbounded preceding and 1 preceding
        ) as last_purchase_before,
        lag(periods.period_end) over account_periods as previous_period_end
    from lifetimes
    inner join periods
        on periods.period_end >= lifetimes.first_purchase_date
        and periods.period_start
            <= least(lifetimes.last_purchase_ever + ?::integer, lifetimes.crm_lost_date)
    left join period_purchases as bought
        on bought.account_id = lifetimes.account_id
        and bought.period_no = periods.period_no
    -- period_no is unique per account, so the default frame ends at the current row
    window account_periods as (partition by lifetimes.account_id order by periods.period_no)
    """,
            (window,),
        ),
        Cte(
            "account_period_status",
            f"""
    select *, churn_date is null as customer_at_end
    from (
        select
            * exclude (crm_lost_date, last_purchase_before, previous_period_end),
            {_churn_date_sql("last_purchase_date", "period_end")} as churn_date,
            -- a customer the day before the period: no churn date as of the period before's
            -- end
            previous_period_end is not null
            and {_churn_date_sql("last_purchase_before", "previous_period_end")} is null
                as customer_at_start
        from status_grid
    ) as status
    """,
            (window, window) * 2,
        ),
    ]


def _churn_date_sql(last_purchase: str, day: str) -> str:
    """The churn date as of ``day`` from the last purchase on or before it and crm_lost_date:
    the earlier of last purchase + W (two ``?``: W) and the lost date, each if on or before
    ``day``. Column names come from code only."""
    return f"""least(
            case
                when {last_purchase} + ?::integer <= {day} then {last_purchase} + ?::integer
            end,
            case when crm_lost_date <= {day} then crm_lost_date end
        )"""


def account_churn(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    as_of: date,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """Each filtered account with a purchase on or before ``as_of``, its churn as of then.

    Columns: account_id, first_purchase_date, last_purchase_date (on or before ``as_of``),
    churn_date (NaT while a customer), is_customer (no churn date as of ``as_of``). Sorted by
    account_id. Definition: docs/metrics.md, "Churn date".
    """
    window = check_window_days(window_days)
    sql, params = with_query(
        [*staging_ctes(filters), *churn_ctes(as_of, window)],
        """
    select
        churn.account_id,
        history.first_purchase_date,
        history.last_purchase_date,
        churn.churn_date,
        churn.churn_date is null as is_customer
    from churn
    inner join purchase_history as history
        on history.account_id = churn.account_id
    order by churn.account_id
    """,
    )
    return con.execute(sql, params).df()


def customer_flow(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    grain: str = "year",
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """Customers per period: start, new, reactivated, lost, end (docs/metrics.md).

    One row per period from the first invoice to the analysis date. Columns: period_start,
    period_end, is_complete, start (customers the day before period_start), new (first
    purchase in the period, and a customer at its end or lost in it), reactivated (a purchase
    in the period, an earlier first purchase, no customer at the start, and a customer at the
    end or lost in it), lost (churn date as of period_end in the period, as the overview
    counts lost accounts), end (customers on period_end). Always end = start + new +
    reactivated - lost. Empty without invoice lines.
    """
    window = check_window_days(window_days)
    ctes = period_ctes(con, filters, grain)
    if ctes is None:
        return pd.DataFrame(columns=list(FLOW_COLUMNS))
    sql, params = with_query(
        [*ctes, *account_period_status_ctes(window)],
        """
    select
        periods.period_start,
        periods.period_end,
        periods.is_complete,
        count(*) filter (where status.customer_at_start) as start,
        count(*) filter (
            where status.first_purchase_date between status.period_start and status.period_end
            and (status.customer_at_end
                or status.churn_date between status.period_start and status.period_end)
        ) as new,
        count(*) filter (
            where status.bought_in_period
            and status.first_purchase_date < status.period_start
            and not status.customer_at_start
            and (status.customer_at_end
                or status.churn_date between status.period_start and status.period_end)
        ) as reactivated,
        count(*) filter (
            where status.churn_date between status.period_start and status.period_end
        ) as lost,
        count(*) filter (where status.customer_at_end) as "end"
    from periods
    left join account_period_status as status
        on status.period_no = periods.period_no
    group by all
    order by periods.period_start
    """,
    )
    return con.execute(sql, params).df()


FLOW_COLUMNS = (
    "period_start",
    "period_end",
    "is_complete",
    "start",
    "new",
    "reactivated",
    "lost",
    "end",
)


def period_ctes(con: duckdb.DuckDBPyConnection, filters: Filters, grain: str) -> list[Cte] | None:
    """The staging steps and ``periods`` of ``grain`` over the whole data (every account's
    lines, so a filter never shifts the periods); None when there are no invoice lines."""
    check_grain(grain)
    first, last = con.execute(
        "select min(invoice_date), max(invoice_date) from transactions"
    ).fetchone()
    if first is None:
        return None
    return [
        *staging_ctes(filters, days_apart=True),
        periods_cte(grain, first, last),
        period_days_cte(),
    ]


def churn_events(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    grain: str = "year",
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """Every loss: the accounts lost in each period, as the flow counts them.

    Columns: account_id, period_start, churn_date (as of the period's end, in the period),
    won_back (a purchase dated after the churn date, up to the analysis date),
    returned_date (the first such purchase), revenue_brought_back (its lines dated from the
    return to the day before its next churn date, or to the analysis date). Sorted by
    period_start, account_id.
    """
    window = check_window_days(window_days)
    ctes = period_ctes(con, filters, grain)
    if ctes is None:
        return pd.DataFrame(columns=list(EVENT_COLUMNS))
    events = Cte(
        "churn_events",
        """
    select
        status.account_id,
        status.period_start,
        status.churn_date,
        min(later.day) as returned_date
    from account_period_status as status
    left join account_days as later
        on later.account_id = status.account_id
        and later.has_purchase
        and later.day > status.churn_date
    where status.churn_date between status.period_start and status.period_end
    group by status.account_id, status.period_start, status.churn_date
    """,
    )
    sql, params = with_query(
        [*ctes, *account_period_status_ctes(window), events],
        """
    select
        events.account_id,
        events.period_start,
        events.churn_date,
        events.returned_date is not null as won_back,
        events.returned_date,
        coalesce(sum(later.revenue), 0) as revenue_brought_back
    from (
        select
            *,
            lead(churn_date) over (partition by account_id order by churn_date)
                as next_churn_date
        from churn_events
    ) as events
    left join account_days as later
        on later.account_id = events.account_id
        and later.day >= events.returned_date
        and (events.next_churn_date is null or later.day < events.next_churn_date)
    group by all
    order by events.period_start, events.account_id
    """,
    )
    return con.execute(sql, params).df()


EVENT_COLUMNS = (
    "account_id",
    "period_start",
    "churn_date",
    "won_back",
    "returned_date",
    "revenue_brought_back",
)


def _is_whole(value: object) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)
