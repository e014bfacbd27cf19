"""Lost customers: who was lost in a period, with how much revenue, why, and to whom.

Definitions (docs/metrics.md, "Lost customers"): an account is **lost in the period**
``[s, e]`` when its churn date as of ``e`` falls in it (the overview's lost accounts, from the
same steps :func:`churn.churn_ctes`). Its **lost revenue** is its revenue of the 12 months up
to its last purchase before the churn date: what it used to buy in a year. The **lost reason**
and the **competitor** are the CRM's (``accounts.lost_reason``, ``lost_to_competitor``; one per
account, that of its latest loss); blank counts as missing, shown as "(none)".
"""

from __future__ import annotations

import duckdb
import pandas as pd

from kapanalytics.churn import (
    DEFAULT_WINDOW_DAYS,
    account_period_status_ctes,
    check_window_days,
    churn_ctes,
    period_ctes,
)
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters
from kapanalytics.staging import NONE_LABEL, Cte, staging_ctes, with_query

OTHER_REASON = "other"
"""The catch-all reason: a loss coded with it says as little as one without a reason."""

PARETO_DIMENSIONS = ("lost_reason", "lost_to_competitor", "owner", "industry", "region", "segment")

LOST_COLUMNS = (
    "account_id",
    "name",
    "owner",
    "industry",
    "region",
    "segment",
    "churn_date",
    "churn_source",
    "last_purchase_date",
    "lost_revenue",
    "lost_reason",
    "lost_to_competitor",
)


def _label(column: str) -> str:
    # column names come from code, never from a user
    return f"coalesce(nullif(trim({column}), ''), '{NONE_LABEL}')"


def lost_accounts(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """The filtered accounts lost in ``filters.period``, largest lost revenue first.

    Columns: :data:`LOST_COLUMNS`. churn_source: 'crm' when the CRM's lost date is the churn
    date, else 'window' (last purchase + W). last_purchase_date: the last purchase on or before
    the churn date. lost_revenue: the sum of its lines dated in the 12 months ending on that
    purchase. Ties by account_id. The count equals the overview's lost accounts.
    """
    window = check_window_days(window_days)
    period = filters.period
    sql, params = with_query(
        [
            *staging_ctes(filters),
            *churn_ctes(period.end, window),
            Cte(
                "lost",
                """
    select
        churn.account_id,
        churn.churn_date,
        case
            when churn.churn_date = candidates.crm_lost_date then 'crm' else 'window'
        end as churn_source,
        max(invoices.invoice_date) as last_purchase_date
    from churn
    inner join churn_candidates as candidates
        on candidates.account_id = churn.account_id
    -- a loss the CRM dates before the first purchase is a loss too, with no purchase before
    -- it: no last purchase date and no lost revenue (the overview counts it the same way)
    left join invoices
        on invoices.account_id = churn.account_id
        and invoices.is_purchase
        and invoices.invoice_date <= churn.churn_date
    where churn.churn_date between ? and ?
    group by all
    """,
                (period.start, period.end),
            ),
        ],
        f"""
    select
        lost.account_id,
        accounts.name,
        {_label("accounts.owner")} as owner,
        {_label("accounts.industry")} as industry,
        {_label("accounts.region")} as region,
        {_label("accounts.segment")} as segment,
        lost.churn_date,
        lost.churn_source,
        lost.last_purchase_date,
        coalesce(sum(days.revenue), 0) as lost_revenue,
        {_label("accounts.lost_reason")} as lost_reason,
        {_label("accounts.lost_to_competitor")} as lost_to_competitor
    from lost
    inner join filtered_accounts as accounts
        on accounts.account_id = lost.account_id
    left join account_days as days
        on days.account_id = lost.account_id
        and days.day <= lost.last_purchase_date
        and days.day > cast(lost.last_purchase_date - interval 1 year as date)
    group by all
    -- rounded, so that equal revenues tie whatever the order the amounts were added in
    order by round(lost_revenue, 6) desc, lost.account_id
    """,
    )
    return con.execute(sql, params).df()[list(LOST_COLUMNS)]


def pareto(lost: pd.DataFrame, by: str = "lost_reason", measure: str = "accounts") -> pd.DataFrame:
    """Lost accounts and lost revenue per value of ``by``, as a Pareto table.

    ``lost`` comes from :func:`lost_accounts`; ``by`` is one of :data:`PARETO_DIMENSIONS`;
    ``measure`` (accounts or lost_revenue) orders the rows, largest first (ties by the value).
    Columns: <by>, accounts, lost_revenue, share (of the measure's total), cumulative_share.
    """
    if by not in PARETO_DIMENSIONS:
        raise ConfigurationError(
            f"Cannot group lost accounts by {by!r}. Choose one of: {', '.join(PARETO_DIMENSIONS)}."
        )
    if measure not in ("accounts", "lost_revenue"):
        raise ConfigurationError(f"measure must be accounts or lost_revenue, not {measure!r}.")
    grouped = (
        lost.groupby(by, as_index=False)
        .agg(accounts=("account_id", "size"), lost_revenue=("lost_revenue", "sum"))
        .sort_values([measure, by], ascending=[False, True], ignore_index=True)
    )
    total = grouped[measure].sum()
    grouped["share"] = grouped[measure] / total if total else float("nan")
    grouped["cumulative_share"] = grouped["share"].cumsum()
    return grouped


def reason_coding_by_owner(lost: pd.DataFrame) -> pd.DataFrame:
    """How well each owner codes why accounts were lost, worst first.

    Columns: owner, lost_accounts, without_reason (no reason), other_reason (coded "other"),
    uncoded_share = (without_reason + other_reason) / lost_accounts. Ties by owner.
    """
    reason = lost["lost_reason"].str.strip().str.lower()
    frame = lost.assign(without_reason=reason.eq(NONE_LABEL), other_reason=reason.eq(OTHER_REASON))
    grouped = frame.groupby("owner", as_index=False).agg(
        lost_accounts=("account_id", "size"),
        without_reason=("without_reason", "sum"),
        other_reason=("other_reason", "sum"),
    )
    grouped["uncoded_share"] = (grouped["without_reason"] + grouped["other_reason"]) / grouped[
        "lost_accounts"
    ]
    return grouped.sort_values(
        ["uncoded_share", "owner"], ascending=[False, True], ignore_index=True
    )


def reasons_over_time(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    grain: str = "year",
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """Accounts lost per period and reason, over the whole history.

    Lost per period as the customer flow counts them (churn date as of the period's end in
    the period). Columns: period_start, is_complete, lost_reason, accounts. Sorted by period,
    then accounts descending and reason.
    """
    window = check_window_days(window_days)
    ctes = period_ctes(con, filters, grain)
    if ctes is None:
        return pd.DataFrame(columns=["period_start", "is_complete", "lost_reason", "accounts"])
    sql, params = with_query(
        [*ctes, *account_period_status_ctes(window)],
        f"""
    select
        periods.period_start,
        periods.is_complete,
        {_label("accounts.lost_reason")} as lost_reason,
        count(*) as accounts
    from account_period_status as status
    inner join periods
        on periods.period_no = status.period_no
    inner join filtered_accounts as accounts
        on accounts.account_id = status.account_id
    where status.churn_date between status.period_start and status.period_end
    group by all
    order by periods.period_start, accounts desc, lost_reason
    """,
    )
    return con.execute(sql, params).df()
