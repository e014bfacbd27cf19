"""Opportunities won and lost: win rates by count and by value, lost ones by reason and rival.

Definitions (docs/metrics.md, "Win rate"): the **closed** opportunities of the filtered accounts
are those with status won or lost (any case) and a close date in the period. **Win rate by
count** = won / (won + lost); **by value** = the won amount / (won + lost amount), over the
opportunities with an amount. Blank attributes count as missing, shown as "(none)".
"""

from __future__ import annotations

import duckdb
import pandas as pd

from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters
from kapanalytics.staging import NONE_LABEL, Cte, filtered_accounts_cte, with_query

WIN_RATE_DIMENSIONS = (
    "overall",
    "account",
    "owner",
    "product_group",
    "competitor",
    "industry",
    "region",
    "segment",
)
"""What win rates can be broken down by; owner, product group and competitor are the
opportunity's, industry, region and segment the account's."""

WIN_RATE_COLUMNS = ("won", "lost", "win_rate", "won_value", "lost_value", "win_rate_value")

_SOURCES = {
    "owner": "opportunities.owner",
    "product_group": "opportunities.product_group",
    "competitor": "opportunities.competitor",
    "industry": "accounts.industry",
    "region": "accounts.region",
    "segment": "accounts.segment",
}


def _closed_cte(filters: Filters, account_columns: bool = True) -> Cte:
    """``closed``: the filtered accounts' opportunities won or lost in the period.

    With ``account_columns`` each row also carries its account's name, industry, region and
    segment (as ``account_name``, ``account_industry``, ...). Without them, and without an
    account filter, the opportunities are not matched with the accounts at all: the import
    lets in only opportunities of stored accounts, so there is nothing to narrow.
    """
    where = """
    where lower(trim(opportunities.status)) in ('won', 'lost')
        and opportunities.close_date between ? and ?
    """
    period = (filters.period.start, filters.period.end)
    if not account_columns and not filters.account_filters_active:
        sql = f"""
    select opportunities.*, lower(trim(opportunities.status)) = 'won' as is_won
    from opportunities
    {where}
    """
        return Cte("closed", sql, period)
    columns = ", ".join(f"accounts.{c} as account_{c}" for c in ("industry", "region", "segment"))
    sql = f"""
    select
        opportunities.*,
        lower(trim(opportunities.status)) = 'won' as is_won,
        accounts.name as account_name,
        {columns}
    from opportunities
    inner join filtered_accounts as accounts
        on accounts.account_id = opportunities.account_id
    {where}
    """
    return Cte("closed", sql, period)


def win_rates(
    con: duckdb.DuckDBPyConnection, filters: Filters, by: str = "overall"
) -> pd.DataFrame:
    """Win rates of the opportunities closed in ``filters.period``, per value of ``by``.

    ``by``: one of :data:`WIN_RATE_DIMENSIONS`. Columns: <by> (for ``account`` also name),
    won, lost (counts), win_rate (NaN without a closed one), won_value, lost_value (sums of
    amounts), win_rate_value (NaN when both are 0). Sorted by won + lost descending, then the
    value; ``overall`` is one row.
    """
    if by not in WIN_RATE_DIMENSIONS:
        raise ConfigurationError(
            f"Cannot break win rates down by {by!r}. "
            f"Choose one of: {', '.join(WIN_RATE_DIMENSIONS)}."
        )
    if by == "overall":
        keys, select_keys = [], "'all' as overall,"
    elif by == "account":
        keys, select_keys = ["account_id", "name"], "account_id, account_name as name,"
    else:
        source = _SOURCES[by].replace("opportunities.", "").replace("accounts.", "account_")
        keys = [by]
        # the column comes from _SOURCES (checked above), never from a user as such
        select_keys = f"coalesce(nullif(trim({source}), ''), '{NONE_LABEL}') as \"{by}\","
    account_columns = by == "account" or _SOURCES.get(by, "").startswith("accounts.")
    sql, params = with_query(
        [filtered_accounts_cte(filters), _closed_cte(filters, account_columns)],
        f"""
    select
        {select_keys}
        count(*) filter (where is_won) as won,
        count(*) filter (where not is_won) as lost,
        won / nullif(won + lost, 0) as win_rate,
        coalesce(sum(amount) filter (where is_won), 0) as won_value,
        coalesce(sum(amount) filter (where not is_won), 0) as lost_value,
        won_value / nullif(won_value + lost_value, 0) as win_rate_value
    from closed
    group by all
    """,
    )
    frame = con.execute(sql, params).df()
    if by == "overall" and frame.empty:
        frame = pd.DataFrame([{"overall": "all", "won": 0, "lost": 0}])
        frame = frame.reindex(columns=["overall", *WIN_RATE_COLUMNS])
    order = frame["won"] + frame["lost"]
    key_columns = keys or ["overall"]
    return (
        frame.assign(_closed=order)
        .sort_values(["_closed", *key_columns], ascending=[False, *[True] * len(key_columns)])
        .drop(columns="_closed")
        .reset_index(drop=True)
    )


def lost_opportunities(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The opportunities lost in ``filters.period`` by reason and competitor.

    Columns: lost_reason, competitor ("(none)" where blank), opportunities (count),
    lost_value (sum of amounts). Sorted by count descending, then reason and competitor.
    """
    sql, params = with_query(
        [filtered_accounts_cte(filters), _closed_cte(filters, account_columns=False)],
        f"""
    select
        coalesce(nullif(trim(lost_reason), ''), '{NONE_LABEL}') as lost_reason,
        coalesce(nullif(trim(competitor), ''), '{NONE_LABEL}') as competitor,
        count(*) as opportunities,
        coalesce(sum(amount), 0) as lost_value
    from closed
    where not is_won
    group by all
    order by opportunities desc, lost_reason, competitor
    """,
    )
    return con.execute(sql, params).df()
