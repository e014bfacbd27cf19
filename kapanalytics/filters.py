"""The shared filters of every page: a period and account attributes.

Account filters (region, country, industry, owner, segment) choose *which accounts* are looked
at; the period chooses *which invoice lines* are counted. Every analysis applies them through
:func:`account_filter_sql`, so a filter means the same on every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import duckdb

# Filterable account attributes, in the order the sidebar shows them.
ACCOUNT_FILTER_FIELDS = ("region", "country", "industry", "owner", "segment")


@dataclass(frozen=True)
class Period:
    """A closed range of days, ``start`` and ``end`` both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"The period ends ({self.end}) before it starts ({self.start}).")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)


def last_12_months(end: date) -> Period:
    """The 12 months ending on ``end``: e.g. 2025-10-01 .. 2026-09-30 for end 2026-09-30."""
    start = _add_years(end, -1) + timedelta(days=1)
    return Period(start, end)


def year_to_date(end: date) -> Period:
    return Period(date(end.year, 1, 1), end)


def previous_year(end: date) -> Period:
    return Period(date(end.year - 1, 1, 1), date(end.year - 1, 12, 31))


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Filters:
    """What the user chose in the sidebar. Empty tuples mean 'all'."""

    period: Period
    region: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    industry: tuple[str, ...] = ()
    owner: tuple[str, ...] = ()
    segment: tuple[str, ...] = ()
    account_ids: tuple[str, ...] | None = field(default=None)
    """Restrict to these accounts (e.g. a key-account manager's own); None means no limit."""

    def with_period(self, period: Period) -> Filters:
        return replace(self, period=period)

    @property
    def account_filters_active(self) -> bool:
        return self.account_ids is not None or any(
            getattr(self, name) for name in ACCOUNT_FILTER_FIELDS
        )


def account_filter_sql(filters: Filters, alias: str = "a") -> tuple[str, list]:
    """A SQL condition on the accounts table (aliased ``alias``) and its parameters.

    Returns ``("true", [])`` when no account filter is set. Values are always parameters.
    """
    conditions: list[str] = []
    params: list = []
    for name in ACCOUNT_FILTER_FIELDS:
        values = getattr(filters, name)
        if values:
            # the column name comes from ACCOUNT_FILTER_FIELDS, never from a user
            conditions.append(f"{alias}.{name} in (select unnest(?::varchar[]))")
            params.append(list(values))
    if filters.account_ids is not None:
        conditions.append(f"{alias}.account_id in (select unnest(?::varchar[]))")
        params.append(list(filters.account_ids))
    return (" and ".join(conditions) if conditions else "true"), params


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The distinct non-empty values of each filterable account attribute, sorted."""
    options = {}
    for name in ACCOUNT_FILTER_FIELDS:
        rows = con.execute(
            f"select distinct {name} from accounts where {name} is not null and {name} <> ''"
            f" order by {name}"
        ).fetchall()
        options[name] = [r[0] for r in rows]
    return options


def data_date_range(con: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """First and last invoice date in the data, or None when there are no invoice lines."""
    first, last = con.execute(
        "select min(invoice_date), max(invoice_date) from transactions"
    ).fetchone()
    if first is None:
        return None
    return first, last


def default_period(con: duckdb.DuckDBPyConnection) -> Period | None:
    """The last 12 months up to the last invoice date: what the dashboard opens on."""
    span = data_date_range(con)
    if span is None:
        return None
    return last_12_months(span[1])


def count_accounts(con: duckdb.DuckDBPyConnection, filters: Filters) -> int:
    """How many accounts the account filters select (the period plays no part)."""
    condition, params = account_filter_sql(filters)
    return con.execute(f"select count(*) from accounts a where {condition}", params).fetchone()[0]
