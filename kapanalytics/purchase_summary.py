"""The per-customer purchase summary of the buy-till-you-die models: frequency, recency, T and
monetary value, in the definitions of the ``lifetimes`` package.

Definitions (docs/metrics.md, "Purchase summary"): the filtered accounts' purchases (invoices
with a positive total that are not credit notes, :mod:`kapanalytics.staging`) dated on or before
the observation end ``as_of`` are summed per account and period (a day, or a week from Monday to
Sunday). For each account with at least one such period:

- ``frequency`` = the number of periods with a purchase after the first one;
- ``recency`` = the periods from the first to the last of them;
- ``T`` = the periods from the first of them to the period holding ``as_of``;
- ``monetary_value`` = the mean of the repeat periods' purchase totals, 0 when frequency is 0.

This is ``lifetimes.utils.summary_data_from_transaction_data(purchases, "account_id",
"invoice_date", "total", observation_period_end=as_of, freq=freq)`` on the purchases, computed
in DuckDB. A credit note is no purchase: it neither adds a period nor lowers a period's value.

Example::

    summary = purchase_summary(con, filters)
    BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from kapanalytics.errors import ConfigurationError
from kapanalytics.facts import analysis_date
from kapanalytics.filters import Filters
from kapanalytics.staging import Cte, staging_ctes, with_query

FREQUENCIES = {"D": ("day", 1), "W": ("week", 7)}
"""The period a summary counts in (lifetimes' ``freq``): its DuckDB name and length in days."""

SUMMARY_COLUMNS = ("account_id", "frequency", "recency", "T", "monetary_value")


def check_freq(freq: str) -> str:
    """``freq`` if it is one of :data:`FREQUENCIES`, else :class:`ConfigurationError`."""
    if freq not in FREQUENCIES:
        raise ConfigurationError(
            f"Unknown period {freq!r} for the purchase summary. "
            f"Choose one of: {', '.join(FREQUENCIES)} (days or weeks)."
        )
    return freq


def purchase_summary_query(filters: Filters, as_of: date, freq: str = "D") -> tuple[str, list]:
    """The SQL of :func:`purchase_summary` and its parameters."""
    unit, days = FREQUENCIES[check_freq(freq)]
    # unit comes from FREQUENCIES (checked above), never from a user as such
    period = _period_start("invoice_date", unit)
    ctes = [
        *staging_ctes(filters),
        Cte(
            "purchase_periods",
            f"""
    select account_id, {period} as period_start, sum(total) as total
    from invoices
    where is_purchase and invoice_date <= ?
    group by all
    """,
            (as_of,),
        ),
        Cte(
            "repeat_periods",
            """
    select
        *,
        period_start > min(period_start) over (partition by account_id) as is_repeat
    from purchase_periods
    """,
        ),
    ]
    end = _period_start("?::date", unit)
    select_sql = f"""
    select
        account_id,
        cast(count(*) - 1 as double) as frequency,
        cast((max(period_start) - min(period_start)) // {days} as double) as recency,
        cast(({end} - min(period_start)) // {days} as double) as "T",
        coalesce(avg(total) filter (where is_repeat), 0) as monetary_value
    from repeat_periods
    group by account_id
    order by account_id
    """
    return with_query(ctes, select_sql, (as_of,))


def _period_start(day_sql: str, unit: str) -> str:
    """The first day of the period (of ``unit``) holding the date ``day_sql``, as a date."""
    return day_sql if unit == "day" else f"cast(date_trunc('{unit}', {day_sql}) as date)"


def purchase_summary(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    as_of: date | None = None,
    freq: str = "D",
) -> pd.DataFrame:
    """Frequency, recency, T and monetary value of each filtered account with a purchase on
    or before ``as_of`` (default: the analysis date), counted in days (``freq="D"``) or weeks
    (``"W"``, Monday to Sunday).

    Only the account filters apply: the period of ``filters`` plays no part, every purchase
    from the first up to ``as_of`` counts. Columns :data:`SUMMARY_COLUMNS`, the four measures
    as floats (as lifetimes returns them), sorted by account_id; ``frame.attrs`` holds as_of
    and freq. Empty without invoice lines and without ``as_of``.
    """
    check_freq(freq)
    if as_of is None:
        as_of = analysis_date(con)
    if as_of is None:
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    sql, params = purchase_summary_query(filters, as_of, freq)
    frame = con.execute(sql, params).df()
    frame.attrs.update(as_of=as_of, freq=freq)
    return frame
