"""Baselines for the performance benchmark: each aggregate a page needs, computed three ways.

For every entry of :data:`COMPARISONS`, on the same data:

- ``product(con, filters=None)``: the product's library function, called as the page calls it
  (by default with the sidebar's default filters: every account, the 12 months ending on the
  last invoice date);
- ``floor(con, filters=None)``: one hand-written DuckDB query over the canonical tables
  (``transactions``, ``accounts``, ``opportunities``) with nothing around it: what the engine
  needs at least. product time / floor time is the product's overhead;
- ``naive(source, filters=None, fmt="csv")``: the same figures as an analyst computes them in
  a notebook, in pandas, end to end. ``source`` is a folder of extract files (read with
  ``pd.read_csv``, German CSV, or ``pd.read_parquet`` with ``fmt="parquet"``), or a DuckDB
  connection whose tables are then read into pandas as they are. For the purchase summary
  the naive way is the ``lifetimes`` package's own ``summary_data_from_transaction_data``;
- ``normalise(frame)``: any of the three results as a comparable frame (the figures' columns,
  sorted, plain dtypes); :func:`same_figures` says whether two agree.

``filters`` may change the period, never the accounts: the floor and the naive pipeline cover
every account. The three compute the definitions of docs/metrics.md independently (the floor and
the naive pipeline share no code with the product), so a disagreement is a finding, never a
tolerance to widen. tests/test_baselines.py checks them against each other on the demo company.

An extract folder holds one file per canonical table: ``<table>.csv``, a German export (the
column names of the importer's generic_de preset such as Kundennummer or Nettobetrag, ``;``
between fields, decimal comma, dates as dd.mm.yyyy) and ``<table>.parquet`` (canonical names
and types), as benchmarks/datasets.py writes them; :func:`write_extracts_from_db` writes one
from a database. Timing the three, median of 3, with their ratios:

    python -m benchmarks.baselines --db data/kap.duckdb --extracts /tmp/extracts
    python -m benchmarks.baselines --db L.duckdb --extracts L/ --format parquet --only abc_classes
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from kapanalytics import abc, churn, facts, lost, opportunities, retention, store
from kapanalytics.filters import Filters, default_period
from kapanalytics.purchase_summary import purchase_summary
from kapanalytics.schema import CANONICAL_TABLES

WINDOW_DAYS = 365
"""W, the churn window the pages open with."""

NONE_LABEL = "(none)"
_TRUE = {"true", "1", "ja", "j", "x", "wahr", "yes", "gutschrift"}
"""How an extract writes that a line is a credit note."""
RTOL = 1e-9
"""Relative tolerance between money sums added up in another order."""


class Comparison(NamedTuple):
    """One aggregate computed by the product, by the engine alone and by a notebook."""

    name: str
    product: Callable[..., pd.DataFrame]
    floor: Callable[..., pd.DataFrame]
    naive: Callable[..., pd.DataFrame]
    normalise: Callable[[pd.DataFrame], pd.DataFrame]

    @property
    def description(self) -> str:
        """What the figures are: the first line of the floor's docstring."""
        return (self.floor.__doc__ or self.name).strip().splitlines()[0]


def page_filters(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> Filters:
    """``filters``, by default those a page opens with: every account, the default period."""
    return filters if filters is not None else Filters(period=default_period(con))


def _every_account(filters: Filters | None) -> None:
    if filters is not None and filters.account_filters_active:
        raise ValueError(
            "The floor and naive baselines cover every account; give filters without an "
            "account filter (only the period may differ from the default)."
        )


# ---- shared SQL of the floor queries ---------------------------------------------------------

FLOOR_PERIOD = """
period as (
    select cast(max(invoice_date) - interval 1 year as date) + 1 as s, max(invoice_date) as e
    from transactions
)"""
"""The default period: the 12 months ending on the last invoice date."""
FLOOR_GIVEN_PERIOD = "period as (select ?::date as s, ?::date as e)"
"""The period of the filters given, in place of the default."""

FLOOR_INVOICES = """
invoices as (
    select
        account_id,
        min(invoice_date) as invoice_date,
        sum(net_amount) as total,
        sum(net_amount) > 0 and not bool_and(coalesce(is_credit_note, false)) as is_purchase
    from transactions
    -- an account's lines without an invoice id form one invoice per day
    group by account_id, coalesce(nullif(trim(invoice_id), ''), cast(invoice_date as varchar))
)"""

FLOOR_YEARS = """
span as (select min(invoice_date) as first_day, max(invoice_date) as last_day from transactions),
years as (
    select
        cast(y as date) as period_start,
        least(cast(y + interval 1 year as date) - 1, last_day) as period_end,
        y >= first_day and cast(y + interval 1 year as date) - 1 <= last_day as is_complete
    from span, generate_series(
        date_trunc('year', first_day), date_trunc('year', last_day), interval 1 year
    ) as g(y)
)"""
"""Every calendar year from the first invoice line's to the last; the last ends on that day."""

FLOOR_ACCOUNT_YEARS = """
year_revenue as (
    select account_id, date_trunc('year', invoice_date) as y, round(sum(net_amount), 6) as revenue
    from transactions
    group by all
),
year_buyers as (
    select distinct account_id, date_trunc('year', invoice_date) as y
    from invoices
    where is_purchase
),
account_years as (
    select
        coalesce(r.account_id, b.account_id) as account_id,
        cast(coalesce(r.y, b.y) as date) as y,
        coalesce(r.revenue, 0) as revenue,
        b.account_id is not null as active
    from year_revenue as r
    full join year_buyers as b
        on b.account_id = r.account_id and b.y = r.y
)"""
"""Per account and year: its revenue (rounded as the product rounds before comparing with 0)
and whether it bought."""


def _floor(sql: str, *parts: str) -> Callable[..., pd.DataFrame]:
    """``floor(con, filters=None)``: ``with <parts> <sql>``, over the period of ``filters``
    (where a part is :data:`FLOOR_PERIOD`) or the default period."""
    query = "with " + ",\n".join(p.strip() for p in parts) + "\n" + sql
    given = query.replace(FLOOR_PERIOD.strip(), FLOOR_GIVEN_PERIOD)

    def run(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
        _every_account(filters)
        if filters is None or given == query:
            return con.execute(query).df()
        return con.execute(given, [filters.period.start, filters.period.end]).df()

    run.sql = query  # type: ignore[attr-defined]
    return run


# ---- reading the extracts, as an analyst does ------------------------------------------------

_PANDAS_TYPES = {"VARCHAR": "str", "DOUBLE": "float64", "INTEGER": "float64", "DATE": "str"}
_PANDAS_TYPES["BOOLEAN"] = "str"
GERMAN_LAYOUT = store.PROJECT_ROOT / "kapanalytics" / "ingest" / "presets" / "generic_de.toml"
"""The German extracts' column names and coded values: those the importer's generic_de preset
reads (e.g. Kundennummer, Rechnungsdatum, Nettobetrag; Gutschrift 'ja')."""

Source = str | Path | duckdb.DuckDBPyConnection
"""Where the naive pipeline reads from: a folder of extract files, or a database's tables."""


@functools.cache
def _german_fields(table: str) -> dict[str, tuple[list[str], dict[str, object]]]:
    """field -> (its German column names, its coded values) of ``table``'s German extract."""
    with GERMAN_LAYOUT.open("rb") as file:
        fields = tomllib.load(file)["tables"].get(table, {}).get("fields", {})
    layout = {}
    for name, spec in fields.items():
        if isinstance(spec, dict):
            names = spec.get("column", [])
            layout[name] = ([names] if isinstance(names, str) else names, spec.get("map", {}))
        else:
            layout[name] = ([spec] if isinstance(spec, str) else spec, {})
    return layout


def _columns_in(available: Iterable[str], table: str, columns: list[str]) -> dict[str, str]:
    """canonical field -> the column holding it: its own name, else a German name of it."""
    available = list(available)
    german = _german_fields(table)
    found = {}
    for column in columns:
        names = [column, *german.get(column, ([], {}))[0]]
        match = next((n for n in names if n in available), None)
        if match is None:
            raise KeyError(f"The {table} extract has no column for {column} (tried {names}).")
        found[column] = match
    return found


def read_extract(
    source: Source, table: str, columns: Iterable[str], fmt: str = "csv"
) -> pd.DataFrame:
    """The ``columns`` of ``table`` as pandas frame: dates as datetimes, flags as bools.

    From a folder, ``<table>.csv`` is read as a German export is (``;``, decimal comma,
    thousands dot, dd.mm.yyyy, UTF-8 else cp1252; German or canonical column names) and
    ``<table>.parquet`` as it is; the canonical table's declaration says which column holds
    what. From a DuckDB connection, the table is fetched as it is stored.
    """
    columns = list(columns)
    spec = CANONICAL_TABLES[table]
    if isinstance(source, duckdb.DuckDBPyConnection):
        frame = source.table(table).select(*columns).df()
    elif fmt == "parquet":
        path = Path(source) / f"{table}.parquet"
        names = _columns_in(pq.read_schema(path).names, table, columns)
        frame = pd.read_parquet(path, columns=list(names.values()))
        frame = frame.rename(columns={v: k for k, v in names.items()})
    elif fmt == "csv":
        frame = _read_german_csv(Path(source) / f"{table}.csv", table, columns)
    else:
        raise ValueError(f"Extracts are csv or parquet, not {fmt!r}.")
    for column in columns:
        kind = spec.field(column).type
        if kind == "DATE":
            frame[column] = _dates(frame[column])
        elif kind == "BOOLEAN":
            frame[column] = _flags(frame[column])
    return frame


def _read_german_csv(path: Path, table: str, columns: list[str]) -> pd.DataFrame:
    spec = CANONICAL_TABLES[table]
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            header = pd.read_csv(path, sep=";", nrows=0, encoding=encoding).columns
            names = _columns_in(header, table, columns)
            frame = pd.read_csv(
                path,
                sep=";",
                decimal=",",
                thousands=".",
                usecols=list(names.values()),
                # dates and flags as text: a date 01.10.2021 is no number with thousands dots
                dtype={names[c]: _PANDAS_TYPES[spec.field(c).type] for c in columns},
                keep_default_na=False,
                na_values=[""],
                encoding=encoding,
            )
            break
        except UnicodeDecodeError:
            continue
    frame = frame.rename(columns={v: k for k, v in names.items()})
    german = _german_fields(table)
    for column in columns:
        coded = german.get(column, ([], {}))[1]
        if coded and spec.field(column).type == "VARCHAR":
            # coded values as the CRM writes them (verloren -> lost); others as they are
            lowered = frame[column].str.strip().str.lower()
            frame[column] = lowered.map(coded).fillna(frame[column])
    return frame


def _dates(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.astype("datetime64[ns]")
    if pd.api.types.is_string_dtype(values):
        return pd.to_datetime(values, format="%d.%m.%Y")
    return pd.to_datetime(values).astype("datetime64[ns]")


def _flags(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values):
        return values.fillna(False).astype(bool)
    text = values.astype("str").str.strip().str.lower()
    return text.isin(_TRUE) & values.notna()


def read_lines(source: Source, fmt: str, *extra: str) -> pd.DataFrame:
    """The invoice lines with what every analysis needs: account, invoice, date, amount."""
    columns = ["invoice_id", "account_id", "invoice_date", "net_amount", "is_credit_note", *extra]
    return read_extract(source, "transactions", columns, fmt)


def pandas_invoices(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per invoice (its id, else the account's day): date of its first line, total,
    and whether it is a purchase (total > 0, not every line flagged as credit note)."""
    blank = lines["invoice_id"].isna() | (lines["invoice_id"].str.strip() == "")
    key = lines["invoice_id"].where(~blank, lines["invoice_date"].dt.strftime("day:%Y-%m-%d"))
    invoices = (
        lines.assign(key=key)
        .groupby(["account_id", "key"], as_index=False)
        .agg(
            invoice_date=("invoice_date", "min"),
            total=("net_amount", "sum"),
            credit_note=("is_credit_note", "all"),
        )
    )
    invoices["is_purchase"] = (invoices["total"] > 0) & ~invoices["credit_note"]
    return invoices


def pandas_period(
    lines: pd.DataFrame, filters: Filters | None
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The period of ``filters``, by default the 12 months ending on the last invoice date."""
    _every_account(filters)
    if filters is not None:
        return pd.Timestamp(filters.period.start), pd.Timestamp(filters.period.end)
    end = lines["invoice_date"].max()
    return end - pd.DateOffset(years=1) + pd.Timedelta(days=1), end


def pandas_churn_dates(
    purchases: pd.DataFrame, accounts: pd.DataFrame, day: pd.Timestamp
) -> pd.Series:
    """account_id -> churn date as of ``day`` (NaT while a customer), over the accounts with a
    purchase on or before ``day``: the earlier of last purchase + W and the CRM's lost date,
    each only where it is on or before ``day``."""
    last = purchases[purchases["invoice_date"] <= day].groupby("account_id")["invoice_date"].max()
    window = last + pd.Timedelta(days=WINDOW_DAYS)
    window = window.where(window <= day)
    crm = accounts.set_index("account_id")
    lost_status = crm["status"].fillna("").str.strip().str.lower() == "lost"
    crm_date = crm["lost_date"].where(lost_status).reindex(last.index)
    crm_date = crm_date.where(crm_date <= day)
    return pd.concat([window, crm_date], axis=1).min(axis=1)


def _years(lines: pd.DataFrame) -> pd.DataFrame:
    first, last = lines["invoice_date"].min(), lines["invoice_date"].max()
    starts = pd.date_range(f"{first.year}-01-01", f"{last.year}-01-01", freq="YS")
    full_end = starts + pd.DateOffset(years=1) - pd.Timedelta(days=1)
    return pd.DataFrame(
        {
            "period_start": starts,
            "period_end": full_end.where(full_end <= last, last),
            "is_complete": (starts >= first) & (full_end <= last),
        }
    )


def _label(values: pd.Series) -> pd.Series:
    """A missing or blank attribute as '(none)', others trimmed."""
    text = values.astype("str").str.strip()
    return text.where(values.notna() & (text != ""), NONE_LABEL)


# ---- normalising -----------------------------------------------------------------------------


def _normaliser(
    columns: Iterable[str], keys: Iterable[str], dates: Iterable[str] = ()
) -> Callable[[pd.DataFrame], pd.DataFrame]:
    columns, keys, dates = list(columns), list(keys), set(dates)

    def normalise(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame[columns].copy()
        for column in columns:
            values = out[column]
            if column in dates:
                out[column] = pd.to_datetime(values).astype("datetime64[ns]")
            elif pd.api.types.is_bool_dtype(values):
                out[column] = values.astype(bool)
            elif pd.api.types.is_numeric_dtype(values):
                out[column] = values.astype("float64")
            else:
                out[column] = values.astype("str")
        return out.sort_values(keys, kind="mergesort").reset_index(drop=True)

    return normalise


def same_figures(left: pd.DataFrame, right: pd.DataFrame) -> str | None:
    """None when two normalised results agree (money within :data:`RTOL`), else what differs."""
    try:
        pd.testing.assert_frame_equal(
            left, right, check_exact=False, rtol=RTOL, atol=1e-9, check_dtype=False
        )
    except AssertionError as exc:
        return str(exc)
    return None


# ---- overview KPIs ---------------------------------------------------------------------------

OVERVIEW_KPIS = (
    "revenue",
    "contribution_margin",
    "contribution_margin_pct",
    "active_accounts",
    "new_accounts",
    "lost_accounts",
)
"""The overview's KPIs computable from the extracts (the key-account share needs the app's
decisions), each for the period and the one before it."""


def product_overview(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None
) -> pd.DataFrame:
    return facts.overview_kpis(con, page_filters(con, filters), window_days=WINDOW_DAYS)


floor_overview = _floor(
    """
select
    kpi,
    max(value) filter (where which = 'current') as current,
    max(value) filter (where which = 'previous') as previous
from (
    select
        p.which,
        coalesce(l.revenue, 0) as revenue,
        l.contribution_margin,
        l.contribution_margin / nullif(l.costed_revenue, 0) as contribution_margin_pct,
        (select count(distinct account_id) from purchases as u
            where u.invoice_date between p.s and p.e) as active_accounts,
        (select count(*) from first_purchases as f
            where f.first_day between p.s and p.e) as new_accounts,
        (select count(*) from churn as c
            where c.which = p.which and c.churn_date between p.s and p.e) as lost_accounts
    from periods as p
    left join (
        select
            p.which,
            sum(t.net_amount) as revenue,
            sum(t.net_amount - t.cost_amount) as contribution_margin,
            sum(t.net_amount) filter (where t.cost_amount is not null) as costed_revenue
        from periods as p
        inner join transactions as t
            on t.invoice_date between p.s and p.e
        group by p.which
    ) as l
        on l.which = p.which
) unpivot include nulls (value for kpi in (
    revenue, contribution_margin, contribution_margin_pct,
    active_accounts, new_accounts, lost_accounts
))
group by kpi
""",
    FLOOR_PERIOD,
    """
periods as (
    select 'current' as which, s, e from period
    union all
    select 'previous', s - cast(e - s + 1 as integer), s - 1 from period
)""",
    FLOOR_INVOICES,
    "purchases as (select account_id, invoice_date from invoices where is_purchase)",
    """
first_purchases as (
    select account_id, min(invoice_date) as first_day from purchases group by account_id
)""",
    f"""
churn as (
    select
        last.which,
        least(
            case
                when last.last_day + {WINDOW_DAYS} <= last.e
                    then last.last_day + {WINDOW_DAYS}
            end,
            case
                when lower(trim(a.status)) = 'lost' and a.lost_date <= last.e then a.lost_date
            end
        ) as churn_date
    from (
        select p.which, p.e, u.account_id, max(u.invoice_date) as last_day
        from periods as p
        inner join purchases as u
            on u.invoice_date <= p.e
        group by all
    ) as last
    left join accounts as a
        on a.account_id = last.account_id
)""",
)
floor_overview.__doc__ = (
    "Revenue, contribution margin (and %), active, new and lost accounts of the default "
    "period and the period before it."
)


def naive_overview(
    source: Source, filters: Filters | None = None, fmt: str = "csv"
) -> pd.DataFrame:
    lines = read_lines(source, fmt, "cost_amount")
    accounts = read_extract(source, "accounts", ["account_id", "status", "lost_date"], fmt)
    invoices = pandas_invoices(lines)
    purchases = invoices[invoices["is_purchase"]]
    first_purchase = purchases.groupby("account_id")["invoice_date"].min()
    start, end = pandas_period(lines, filters)
    days = (end - start).days + 1
    periods = {"current": (start, end)}
    periods["previous"] = (start - pd.Timedelta(days=days), start - pd.Timedelta(days=1))
    values = {}
    for which, (s, e) in periods.items():
        in_period = lines[lines["invoice_date"].between(s, e)]
        costed = in_period[in_period["cost_amount"].notna()]
        margin = (costed["net_amount"] - costed["cost_amount"]).sum() if len(costed) else np.nan
        costed_revenue = costed["net_amount"].sum() if len(costed) else np.nan
        churn_dates = pandas_churn_dates(purchases, accounts, e)
        values[which] = {
            "revenue": in_period["net_amount"].sum(),
            "contribution_margin": margin,
            "contribution_margin_pct": margin / costed_revenue if costed_revenue else np.nan,
            "active_accounts": purchases[purchases["invoice_date"].between(s, e)][
                "account_id"
            ].nunique(),
            "new_accounts": first_purchase.between(s, e).sum(),
            "lost_accounts": churn_dates.between(s, e).sum(),
        }
    return pd.DataFrame(values).rename_axis("kpi").reset_index()


def _normalise_overview(frame: pd.DataFrame) -> pd.DataFrame:
    chosen = frame[frame["kpi"].isin(OVERVIEW_KPIS)]
    return _normaliser(["kpi", "current", "previous"], ["kpi"])(chosen)


# ---- revenue and facts per account, last 12 months -------------------------------------------

MART_COLUMNS = (
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


def product_account_revenue(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None
) -> pd.DataFrame:
    return facts.account_period_facts(con, page_filters(con, filters))


floor_account_revenue = _floor(
    """
select
    a.account_id,
    coalesce(l.revenue, 0) as revenue,
    l.costed_revenue,
    l.contribution_margin,
    coalesce(l.lines, 0) as lines,
    coalesce(i.invoices, 0) as invoices,
    coalesce(i.purchases, 0) as purchases,
    i.first_purchase_date,
    i.last_purchase_date
from accounts as a
left join (
    select
        account_id,
        sum(net_amount) as revenue,
        sum(net_amount) filter (where cost_amount is not null) as costed_revenue,
        sum(net_amount - cost_amount) as contribution_margin,
        count(*) as lines
    from transactions, period
    where invoice_date between s and e
    group by account_id
) as l
    on l.account_id = a.account_id
left join (
    select
        account_id,
        count(*) as invoices,
        count(*) filter (where is_purchase) as purchases,
        min(invoice_date) filter (where is_purchase) as first_purchase_date,
        max(invoice_date) filter (where is_purchase) as last_purchase_date
    from invoices, period
    where invoice_date between s and e
    group by account_id
) as i
    on i.account_id = a.account_id
""",
    FLOOR_PERIOD,
    FLOOR_INVOICES,
)
floor_account_revenue.__doc__ = (
    "Per account, last 12 months: revenue, costed revenue, contribution margin, lines, "
    "invoices, purchases, first and last purchase."
)


def naive_account_revenue(
    source: Source, filters: Filters | None = None, fmt: str = "csv"
) -> pd.DataFrame:
    lines = read_lines(source, fmt, "cost_amount")
    accounts = read_extract(source, "accounts", ["account_id"], fmt)
    start, end = pandas_period(lines, filters)
    in_period = lines[lines["invoice_date"].between(start, end)]
    costed = in_period[in_period["cost_amount"].notna()]
    by_lines = in_period.groupby("account_id").agg(
        revenue=("net_amount", "sum"), lines=("net_amount", "size")
    )
    by_lines["costed_revenue"] = costed.groupby("account_id")["net_amount"].sum()
    by_lines["contribution_margin"] = (
        (costed["net_amount"] - costed["cost_amount"]).groupby(costed["account_id"]).sum()
    )
    invoices = pandas_invoices(lines)
    invoices = invoices[invoices["invoice_date"].between(start, end)]
    purchases = invoices[invoices["is_purchase"]]
    by_invoices = pd.DataFrame(
        {
            "invoices": invoices.groupby("account_id").size(),
            "purchases": purchases.groupby("account_id").size(),
            "first_purchase_date": purchases.groupby("account_id")["invoice_date"].min(),
            "last_purchase_date": purchases.groupby("account_id")["invoice_date"].max(),
        }
    )
    frame = accounts.set_index("account_id").join(by_lines).join(by_invoices)
    zeros = {"revenue": 0.0, "lines": 0, "invoices": 0, "purchases": 0}
    return frame.fillna(zeros).reset_index()


# ---- ABC classes -----------------------------------------------------------------------------


def product_abc(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    return abc.abc_classes(con, page_filters(con, filters))


floor_abc = _floor(
    """
select
    account_id,
    row_number() over ranking as rank,
    revenue,
    contribution_margin,
    order_count,
    coalesce(sum(revenue) over (ranking rows between unbounded preceding and 1 preceding), 0)
        / nullif(sum(greatest(revenue, 0)) over (), 0) as share_before,
    sum(revenue) over (ranking rows between unbounded preceding and current row)
        / nullif(sum(greatest(revenue, 0)) over (), 0) as cumulative_share,
    case
        when revenue <= 0 then 'C'
        when share_before < 0.80 then 'A'
        when share_before < 0.95 then 'B'
        else 'C'
    end as abc_class
from (
    select
        l.account_id,
        l.revenue,
        l.contribution_margin,
        coalesce(o.order_count, 0) as order_count
    from (
        select
            account_id,
            round(sum(net_amount), 6) as revenue,
            round(sum(net_amount - cost_amount), 6) as contribution_margin
        from transactions, period
        where invoice_date between s and e
        group by account_id
    ) as l
    left join (
        select account_id, count(*) as order_count
        from invoices, period
        where is_purchase and invoice_date between s and e
        group by account_id
    ) as o
        on o.account_id = l.account_id
)
window ranking as (order by revenue desc, account_id)
""",
    FLOOR_PERIOD,
    FLOOR_INVOICES,
)
floor_abc.__doc__ = (
    "ABC classes on revenue, last 12 months (a = 0.80, b = 0.95): rank, revenue, margin, "
    "orders, share before, cumulative share, class."
)


def naive_abc(source: Source, filters: Filters | None = None, fmt: str = "csv") -> pd.DataFrame:
    lines = read_lines(source, fmt, "cost_amount")
    start, end = pandas_period(lines, filters)
    in_period = lines[lines["invoice_date"].between(start, end)]
    units = in_period.groupby("account_id").agg(revenue=("net_amount", "sum"))
    units["revenue"] = units["revenue"].round(6)
    margin = (in_period["net_amount"] - in_period["cost_amount"]).groupby(in_period["account_id"])
    units["contribution_margin"] = margin.sum(min_count=1).round(6)
    invoices = pandas_invoices(lines)
    orders = invoices[invoices["is_purchase"] & invoices["invoice_date"].between(start, end)]
    units["order_count"] = orders.groupby("account_id").size()
    units = units.fillna({"order_count": 0}).reset_index()
    units = units.sort_values(["revenue", "account_id"], ascending=[False, True])
    total = units["revenue"].clip(lower=0).sum() or np.nan
    units["rank"] = np.arange(1, len(units) + 1)
    units["cumulative_share"] = units["revenue"].cumsum() / total
    units["share_before"] = (units["revenue"].cumsum() - units["revenue"]) / total
    units["abc_class"] = np.select(
        [units["revenue"] <= 0, units["share_before"] < 0.80, units["share_before"] < 0.95],
        ["C", "A", "B"],
        "C",
    )
    return units


# ---- retention rates per year ----------------------------------------------------------------

# the product's columns but the period's end, which the pandas pipeline has no need of
RATE_COLUMNS = tuple(c for c in retention.RATE_COLUMNS if c != "period_end")


def product_retention(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None
) -> pd.DataFrame:
    return retention.retention_rates(con, page_filters(con, filters), "year")


floor_retention = _floor(
    """
select
    *,
    retained_accounts / nullif(base_accounts, 0) as customer_retention_rate,
    retained_revenue / nullif(base_revenue, 0) as gross_revenue_retention,
    net_retained_revenue / nullif(base_revenue, 0) as net_revenue_retention
from (
    select
        cur.period_start,
        cur.is_complete and prev.is_complete as is_complete,
        count(*) filter (where base.active) as base_accounts,
        count(*) filter (where base.active and now.active) as retained_accounts,
        coalesce(sum(base.revenue) filter (where base.revenue > 0), 0) as base_revenue,
        coalesce(sum(least(greatest(coalesce(now.revenue, 0), 0), base.revenue))
            filter (where base.revenue > 0), 0) as retained_revenue,
        coalesce(sum(greatest(coalesce(now.revenue, 0), 0))
            filter (where base.revenue > 0), 0) as net_retained_revenue
    from years as cur
    inner join years as prev
        on prev.period_start = cast(cur.period_start - interval 1 year as date)
    left join account_years as base
        on base.y = prev.period_start
    left join account_years as now
        on now.account_id = base.account_id and now.y = cur.period_start
    group by all
)
""",
    FLOOR_YEARS,
    FLOOR_INVOICES,
    FLOOR_ACCOUNT_YEARS,
)
floor_retention.__doc__ = (
    "Per year: customer retention rate, GRR and NRR with their bases and numerators."
)


def _account_years(lines: pd.DataFrame, purchases: pd.DataFrame) -> pd.DataFrame:
    """Per account and year start: revenue (rounded to 6 decimals) and whether it bought."""
    year = lines["invoice_date"].dt.to_period("Y").dt.start_time
    revenue = lines.groupby([lines["account_id"], year])["net_amount"].sum().round(6)
    bought_year = purchases["invoice_date"].dt.to_period("Y").dt.start_time
    bought = purchases.groupby([purchases["account_id"], bought_year]).size() > 0
    frame = pd.DataFrame({"revenue": revenue, "active": bought})
    frame["revenue"] = frame["revenue"].fillna(0.0)
    frame["active"] = frame["active"].fillna(False).astype(bool)
    return frame.rename_axis(["account_id", "y"]).reset_index()


def naive_retention(
    source: Source, filters: Filters | None = None, fmt: str = "csv"
) -> pd.DataFrame:
    _every_account(filters)  # every year, whatever the period
    lines = read_lines(source, fmt)
    invoices = pandas_invoices(lines)
    account_years = _account_years(lines, invoices[invoices["is_purchase"]])
    years = _years(lines)
    rows = []
    for previous, current in zip(years.itertuples(), years.iloc[1:].itertuples(), strict=False):
        base = account_years[account_years["y"] == previous.period_start].set_index("account_id")
        now = account_years[account_years["y"] == current.period_start].set_index("account_id")
        active_now = now["active"].reindex(base.index, fill_value=False)
        revenue_now = now["revenue"].reindex(base.index, fill_value=0.0)
        paying = base["revenue"] > 0
        row = {
            "period_start": current.period_start,
            "is_complete": previous.is_complete and current.is_complete,
            "base_accounts": int(base["active"].sum()),
            "retained_accounts": int((base["active"] & active_now).sum()),
            "base_revenue": base["revenue"][paying].sum(),
            "retained_revenue": np.minimum(
                revenue_now[paying].clip(lower=0), base["revenue"][paying]
            ).sum(),
            "net_retained_revenue": revenue_now[paying].clip(lower=0).sum(),
        }
        rows.append(row)
    rates = pd.DataFrame(rows)
    rates["customer_retention_rate"] = rates["retained_accounts"] / rates["base_accounts"].replace(
        0, np.nan
    )
    base_revenue = rates["base_revenue"].replace(0, np.nan)
    rates["gross_revenue_retention"] = rates["retained_revenue"] / base_revenue
    rates["net_revenue_retention"] = rates["net_retained_revenue"] / base_revenue
    return rates


# ---- cohorts by year -------------------------------------------------------------------------

COHORT_COLUMNS = (
    "cohort_start",
    "period_offset",
    "period_start",
    "is_complete",
    "cohort_accounts",
    "active_accounts",
    "customer_retention",
    "revenue",
    "revenue_retention",
)


def product_cohorts(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    return retention.cohort_retention(con, page_filters(con, filters), "year")


floor_cohorts = _floor(
    """
select
    grid.cohort_start,
    date_diff('year', grid.cohort_start, grid.period_start) as period_offset,
    grid.period_start,
    grid.is_complete,
    grid.cohort_accounts,
    coalesce(cells.active_accounts, 0) as active_accounts,
    coalesce(cells.active_accounts, 0) / grid.cohort_accounts as customer_retention,
    coalesce(cells.revenue, 0) as revenue,
    coalesce(cells.revenue, 0) / nullif(greatest(first(cells.revenue) over (
        partition by grid.cohort_start order by grid.period_start
    ), 0), 0) as revenue_retention
from (
    select sizes.cohort_start, sizes.cohort_accounts, years.period_start, years.is_complete
    from (
        select cohort_start, count(*) as cohort_accounts from cohorts group by cohort_start
    ) as sizes
    inner join years
        on years.period_start >= sizes.cohort_start
) as grid
left join (
    select
        cohorts.cohort_start,
        ay.y,
        count(*) filter (where ay.active) as active_accounts,
        sum(ay.revenue) as revenue
    from cohorts
    inner join account_years as ay
        on ay.account_id = cohorts.account_id and ay.y >= cohorts.cohort_start
    group by all
) as cells
    on cells.cohort_start = grid.cohort_start and cells.y = grid.period_start
""",
    FLOOR_YEARS,
    FLOOR_INVOICES,
    FLOOR_ACCOUNT_YEARS,
    """
cohorts as (
    select account_id, cast(date_trunc('year', min(invoice_date)) as date) as cohort_start
    from invoices
    where is_purchase
    group by account_id
)""",
)
floor_cohorts.__doc__ = (
    "Cohorts by year of the first purchase: per cohort and year after it, accounts active "
    "and their share, revenue and its share of the first year's."
)


def naive_cohorts(source: Source, filters: Filters | None = None, fmt: str = "csv") -> pd.DataFrame:
    _every_account(filters)  # every year, whatever the period
    lines = read_lines(source, fmt)
    invoices = pandas_invoices(lines)
    purchases = invoices[invoices["is_purchase"]]
    account_years = _account_years(lines, purchases)
    first = purchases.groupby("account_id")["invoice_date"].min().dt.to_period("Y").dt.start_time
    cohorts = first.rename("cohort_start").reset_index()
    years = _years(lines)
    grid = cohorts.groupby("cohort_start").size().rename("cohort_accounts").reset_index()
    grid = grid.merge(years[["period_start", "is_complete"]], how="cross")
    grid = grid[grid["period_start"] >= grid["cohort_start"]]
    member_years = account_years.merge(cohorts, on="account_id")
    member_years = member_years[member_years["y"] >= member_years["cohort_start"]]
    cells = member_years.groupby(["cohort_start", "y"], as_index=False).agg(
        active_accounts=("active", "sum"), revenue=("revenue", "sum")
    )
    frame = grid.merge(
        cells.rename(columns={"y": "period_start"}), on=["cohort_start", "period_start"], how="left"
    ).fillna({"active_accounts": 0, "revenue": 0.0})
    frame["period_offset"] = frame["period_start"].dt.year - frame["cohort_start"].dt.year
    frame["customer_retention"] = frame["active_accounts"] / frame["cohort_accounts"]
    first_year = frame[frame["period_offset"] == 0].set_index("cohort_start")["revenue"]
    base = frame["cohort_start"].map(first_year.clip(lower=0).replace(0, np.nan))
    frame["revenue_retention"] = frame["revenue"] / base
    return frame


# ---- customer flow and churn counts per year -------------------------------------------------

FLOW_COLUMNS = ("period_start", "period_end", "is_complete", "start", "new", "reactivated")
FLOW_COLUMNS = (*FLOW_COLUMNS, "lost", "end")


def product_flow(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    return churn.customer_flow(con, page_filters(con, filters), "year", window_days=WINDOW_DAYS)


floor_flow = _floor(
    f"""
select
    years.period_start,
    years.period_end,
    years.is_complete,
    count(*) filter (where s.customer_at_start) as start,
    count(*) filter (
        where s.first_day between s.period_start and s.period_end
        and (s.churn_date is null or s.churn_date between s.period_start and s.period_end)
    ) as new,
    count(*) filter (
        where s.bought and s.first_day < s.period_start and not s.customer_at_start
        and (s.churn_date is null or s.churn_date between s.period_start and s.period_end)
    ) as reactivated,
    count(*) filter (where s.churn_date between s.period_start and s.period_end) as lost,
    count(*) filter (where s.churn_date is null and s.account_id is not null) as "end"
from years
left join (
    select
        *,
        coalesce(lag(churn_date is null) over (
            partition by account_id order by period_start
        ), false) as customer_at_start
    from (
        select
            g.*,
            least(
                case
                    when g.last_day + {WINDOW_DAYS} <= g.period_end
                        then g.last_day + {WINDOW_DAYS}
                end,
                case
                    when lower(trim(a.status)) = 'lost' and a.lost_date <= g.period_end
                        then a.lost_date
                end
            ) as churn_date
        from (
            select
                f.account_id,
                f.first_day,
                years.period_start,
                years.period_end,
                b.account_id is not null as bought,
                max(b.last_in_year) over (
                    partition by f.account_id order by years.period_start
                    rows between unbounded preceding and current row
                ) as last_day
            from first_purchases as f
            inner join years
                on years.period_end >= f.first_day
            left join bought_in_year as b
                on b.account_id = f.account_id and b.y = years.period_start
        ) as g
        left join accounts as a
            on a.account_id = g.account_id
    )
) as s
    on s.period_start = years.period_start
group by all
""",
    FLOOR_YEARS,
    FLOOR_INVOICES,
    """
first_purchases as (
    select account_id, min(invoice_date) as first_day
    from invoices
    where is_purchase
    group by account_id
)""",
    """
bought_in_year as (
    select account_id, cast(date_trunc('year', invoice_date) as date) as y,
        max(invoice_date) as last_in_year
    from invoices
    where is_purchase
    group by all
)""",
)
floor_flow.__doc__ = (
    "Customer flow per year: customers at the start, new, reactivated, lost (the churn "
    "counts), customers at the end."
)


def naive_flow(source: Source, filters: Filters | None = None, fmt: str = "csv") -> pd.DataFrame:
    _every_account(filters)  # every year, whatever the period
    lines = read_lines(source, fmt)
    accounts = read_extract(source, "accounts", ["account_id", "status", "lost_date"], fmt)
    invoices = pandas_invoices(lines)
    purchases = invoices[invoices["is_purchase"]]
    first = purchases.groupby("account_id")["invoice_date"].min()
    rows = []
    for year in _years(lines).itertuples():
        s, e = year.period_start, year.period_end
        before = pandas_churn_dates(purchases, accounts, s - pd.Timedelta(days=1))
        after = pandas_churn_dates(purchases, accounts, e)
        customer_before = before.index[before.isna()]
        arrived = after.index[after.isna() | after.between(s, e)]
        bought = purchases[purchases["invoice_date"].between(s, e)]["account_id"].unique()
        first_of_arrived = first.reindex(arrived)
        returning = arrived[
            (first_of_arrived < s).to_numpy()
            & arrived.isin(bought)
            & ~arrived.isin(customer_before)
        ]
        rows.append(
            {
                "period_start": s,
                "period_end": e,
                "is_complete": year.is_complete,
                "start": len(customer_before),
                "new": int(first_of_arrived.between(s, e).sum()),
                "reactivated": len(returning),
                "lost": int(after.between(s, e).sum()),
                "end": int(after.isna().sum()),
            }
        )
    return pd.DataFrame(rows)


# ---- lost reasons, as a Pareto ---------------------------------------------------------------


def product_lost_reasons(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None
) -> pd.DataFrame:
    lost_list = lost.lost_accounts(con, page_filters(con, filters), window_days=WINDOW_DAYS)
    return lost.pareto(lost_list, "lost_reason", "accounts")


floor_lost_reasons = _floor(
    f"""
select
    lost_reason,
    count(*) as accounts,
    sum(lost_revenue) as lost_revenue,
    count(*) / sum(count(*)) over () as share,
    sum(count(*)) over (order by count(*) desc, lost_reason) / sum(count(*)) over ()
        as cumulative_share
from (
    select
        lost.account_id,
        any_value(lost.lost_reason) as lost_reason,
        coalesce(sum(t.net_amount), 0) as lost_revenue
    from (
        select
            c.account_id,
            coalesce(nullif(trim(any_value(c.lost_reason)), ''), '{NONE_LABEL}') as lost_reason,
            max(u.invoice_date) as last_day
        from (
            select
                last.account_id,
                a.lost_reason,
                least(
                    case when last.last_day + {WINDOW_DAYS} <= period.e
                        then last.last_day + {WINDOW_DAYS} end,
                    case
                        when lower(trim(a.status)) = 'lost' and a.lost_date <= period.e
                            then a.lost_date
                    end
                ) as churn_date
            from (
                select account_id, max(invoice_date) as last_day
                from purchases, period
                where invoice_date <= e
                group by account_id
            ) as last
            cross join period
            left join accounts as a
                on a.account_id = last.account_id
        ) as c
        cross join period
        left join purchases as u
            on u.account_id = c.account_id and u.invoice_date <= c.churn_date
        where c.churn_date between period.s and period.e
        group by c.account_id
    ) as lost
    left join transactions as t
        on t.account_id = lost.account_id
        and t.invoice_date <= lost.last_day
        and t.invoice_date > cast(lost.last_day - interval 1 year as date)
    group by lost.account_id
)
group by lost_reason
""",
    FLOOR_PERIOD,
    FLOOR_INVOICES,
    "purchases as (select account_id, invoice_date from invoices where is_purchase)",
)
floor_lost_reasons.__doc__ = (
    "Accounts lost in the default period by lost reason: accounts, lost revenue (12 months "
    "up to the last purchase), share, cumulative share."
)


def naive_lost_reasons(
    source: Source, filters: Filters | None = None, fmt: str = "csv"
) -> pd.DataFrame:
    lines = read_lines(source, fmt)
    columns = ["account_id", "status", "lost_date", "lost_reason"]
    accounts = read_extract(source, "accounts", columns, fmt)
    invoices = pandas_invoices(lines)
    purchases = invoices[invoices["is_purchase"]]
    start, end = pandas_period(lines, filters)
    churn_dates = pandas_churn_dates(purchases, accounts, end)
    lost_now = churn_dates[churn_dates.between(start, end)].rename("churn_date").reset_index()
    last = purchases.merge(lost_now, on="account_id")
    last = last[last["invoice_date"] <= last["churn_date"]]
    lost_now = lost_now.merge(
        last.groupby("account_id")["invoice_date"].max().rename("last_day").reset_index(),
        on="account_id",
        how="left",
    )
    recent = lines.merge(lost_now, on="account_id")
    recent = recent[
        (recent["invoice_date"] <= recent["last_day"])
        & (recent["invoice_date"] > recent["last_day"] - pd.DateOffset(years=1))
    ]
    lost_now["lost_revenue"] = (
        lost_now["account_id"].map(recent.groupby("account_id")["net_amount"].sum()).fillna(0.0)
    )
    reasons = accounts.set_index("account_id")["lost_reason"]
    lost_now["lost_reason"] = _label(lost_now["account_id"].map(reasons))
    pareto = lost_now.groupby("lost_reason", as_index=False).agg(
        accounts=("account_id", "size"), lost_revenue=("lost_revenue", "sum")
    )
    pareto = pareto.sort_values(["accounts", "lost_reason"], ascending=[False, True])
    pareto["share"] = pareto["accounts"] / pareto["accounts"].sum()
    pareto["cumulative_share"] = pareto["share"].cumsum()
    return pareto


# ---- win rate by owner -----------------------------------------------------------------------

WIN_RATE_COLUMNS = ("owner", "won", "lost", "win_rate", "won_value", "lost_value")
WIN_RATE_COLUMNS = (*WIN_RATE_COLUMNS, "win_rate_value")


def product_win_rates(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None
) -> pd.DataFrame:
    return opportunities.win_rates(con, page_filters(con, filters), "owner")


floor_win_rates = _floor(
    f"""
select
    coalesce(nullif(trim(owner), ''), '{NONE_LABEL}') as owner,
    count(*) filter (where lower(trim(status)) = 'won') as won,
    count(*) filter (where lower(trim(status)) = 'lost') as lost,
    won / (won + lost) as win_rate,
    coalesce(sum(amount) filter (where lower(trim(status)) = 'won'), 0) as won_value,
    coalesce(sum(amount) filter (where lower(trim(status)) = 'lost'), 0) as lost_value,
    won_value / nullif(won_value + lost_value, 0) as win_rate_value
from opportunities, period
where lower(trim(status)) in ('won', 'lost') and close_date between s and e
group by all
""",
    FLOOR_PERIOD,
)
floor_win_rates.__doc__ = (
    "Opportunities closed in the default period by owner: won, lost, win rate by count and "
    "by value."
)


def naive_win_rates(
    source: Source, filters: Filters | None = None, fmt: str = "csv"
) -> pd.DataFrame:
    lines = read_extract(source, "transactions", ["invoice_date"], fmt)
    start, end = pandas_period(lines, filters)
    columns = ["owner", "status", "amount", "close_date"]
    deals = read_extract(source, "opportunities", columns, fmt)
    deals["status"] = deals["status"].str.strip().str.lower()
    closed = deals[deals["status"].isin(["won", "lost"]) & deals["close_date"].between(start, end)]
    closed = closed.assign(owner=_label(closed["owner"]), is_won=closed["status"] == "won")
    closed["won_amount"] = closed["amount"].where(closed["is_won"])
    closed["lost_amount"] = closed["amount"].where(~closed["is_won"])
    rates = closed.groupby("owner", as_index=False).agg(
        won=("is_won", "sum"),
        closed=("is_won", "size"),
        won_value=("won_amount", "sum"),
        lost_value=("lost_amount", "sum"),
    )
    rates["lost"] = rates["closed"] - rates["won"]
    rates["win_rate"] = rates["won"] / rates["closed"]
    value = rates["won_value"] + rates["lost_value"]
    rates["win_rate_value"] = rates["won_value"] / value.replace(0, np.nan)
    return rates


# ---- the purchase summary against lifetimes ------------------------------------------------

SUMMARY_COLUMNS = ("account_id", "frequency", "recency", "T", "monetary_value")


def product_purchase_summary(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None
) -> pd.DataFrame:
    return purchase_summary(con, page_filters(con, filters))


floor_purchase_summary = _floor(
    """
select
    account_id,
    count(*) - 1 as frequency,
    max(day) - min(day) as recency,
    any_value(e) - min(day) as "T",
    -- the mean of the days after the first: all days' sum without the first day's
    coalesce((sum(total) - arg_min(total, day)) / nullif(count(*) - 1, 0), 0) as monetary_value
from (
    select account_id, invoice_date as day, sum(total) as total, any_value(e) as e
    from invoices, observation
    where is_purchase and invoice_date <= e
    group by account_id, invoice_date
)
group by account_id
""",
    "observation as (select max(invoice_date) as e from transactions)",
    FLOOR_INVOICES,
)
floor_purchase_summary.__doc__ = (
    "Per customer, in days up to the last invoice date: frequency, recency, T and monetary "
    "value of the purchases (lifetimes' summary)."
)


def naive_purchase_summary(
    source: Source, filters: Filters | None = None, fmt: str = "csv"
) -> pd.DataFrame:
    """lifetimes' ``summary_data_from_transaction_data`` on the purchases' invoice totals."""
    from lifetimes.utils import summary_data_from_transaction_data

    _every_account(filters)  # every purchase up to the last invoice date
    lines = read_lines(source, fmt)
    invoices = pandas_invoices(lines)
    summary = summary_data_from_transaction_data(
        invoices[invoices["is_purchase"]],
        "account_id",
        "invoice_date",
        "total",
        observation_period_end=lines["invoice_date"].max(),
    )
    return summary.rename_axis("account_id").reset_index()


# ---- the list ------------------------------------------------------------------------------

COMPARISONS: list[Comparison] = [
    Comparison(
        "overview_kpis",
        product_overview,
        floor_overview,
        naive_overview,
        _normalise_overview,
    ),
    Comparison(
        "account_revenue_l12m",
        product_account_revenue,
        floor_account_revenue,
        naive_account_revenue,
        _normaliser(MART_COLUMNS, ["account_id"], ["first_purchase_date", "last_purchase_date"]),
    ),
    Comparison(
        "abc_classes",
        product_abc,
        floor_abc,
        naive_abc,
        _normaliser(
            (
                "rank",
                "account_id",
                "revenue",
                "contribution_margin",
                "order_count",
                "share_before",
                "cumulative_share",
                "abc_class",
            ),
            ["rank"],
        ),
    ),
    Comparison(
        "retention_by_year",
        product_retention,
        floor_retention,
        naive_retention,
        _normaliser(RATE_COLUMNS, ["period_start"], ["period_start"]),
    ),
    Comparison(
        "cohorts_by_year",
        product_cohorts,
        floor_cohorts,
        naive_cohorts,
        _normaliser(
            COHORT_COLUMNS,
            ["cohort_start", "period_offset"],
            ["cohort_start", "period_start"],
        ),
    ),
    Comparison(
        "customer_flow_by_year",
        product_flow,
        floor_flow,
        naive_flow,
        _normaliser(FLOW_COLUMNS, ["period_start"], ["period_start", "period_end"]),
    ),
    Comparison(
        "lost_reasons_pareto",
        product_lost_reasons,
        floor_lost_reasons,
        naive_lost_reasons,
        _normaliser(
            ("lost_reason", "accounts", "lost_revenue", "share", "cumulative_share"),
            ["lost_reason"],
        ),
    ),
    Comparison(
        "win_rate_by_owner",
        product_win_rates,
        floor_win_rates,
        naive_win_rates,
        _normaliser(WIN_RATE_COLUMNS, ["owner"]),
    ),
    Comparison(
        "purchase_summary",
        product_purchase_summary,
        floor_purchase_summary,
        naive_purchase_summary,
        _normaliser(SUMMARY_COLUMNS, ["account_id"]),
    ),
]
"""Every aggregate compared; the targets: product <= 1.5 x floor, naive >= 5 x product (end to
end), and for the purchase summary the product faster than lifetimes."""


# ---- extracts of a database, for the tests -------------------------------------------------


def write_extracts_from_db(con: duckdb.DuckDBPyConnection, folder: Path) -> Path:
    """Every canonical table of ``con`` as ``<table>.csv`` and ``<table>.parquet`` in
    ``folder``, laid out as the benchmark's extracts are (benchmarks/datasets.py): the CSV
    German (the generic_de preset's column names and words for coded values, ``;``, decimal
    comma, dd.mm.yyyy, yes/no as ja/nein, UTF-8), the Parquet with the canonical names and
    types."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for table in CANONICAL_TABLES.values():
        german = _german_fields(table.name)
        columns = []
        for field in table.fields:
            value = f'"{field.name}"'
            if field.type == "DOUBLE":
                # DuckDB writes the shortest text that reads back as the same double
                value = f"replace(cast({value} as varchar), '.', ',')"
            elif field.type == "BOOLEAN":
                value = f"case when {value} then 'ja' when not {value} then 'nein' end"
            names, coded = german.get(field.name, ([], {}))
            words = {}
            for word, meaning in coded.items():
                words.setdefault(meaning, word.capitalize())
            if words and field.type == "VARCHAR":
                # a German CRM's words for coded values: lost as Verloren
                cases = " ".join(f"when '{k}' then '{v}'" for k, v in words.items())
                value = f"case {value} {cases} else {value} end"
            name = names[0] if names else field.name
            columns.append(f'{value} as "{name}"')
        select = f"select {', '.join(columns)} from {table.name}"
        csv_path = str(folder / f"{table.name}.csv").replace("'", "''")
        con.execute(
            f"copy ({select}) to '{csv_path}' (header, delimiter ';', "
            "dateformat '%d.%m.%Y', timestampformat '%d.%m.%Y %H:%M:%S')"
        )
        parquet_path = str(folder / f"{table.name}.parquet").replace("'", "''")
        con.execute(f"copy {table.name} to '{parquet_path}' (format parquet)")
    return folder


# ---- timing --------------------------------------------------------------------------------


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    """The median wall-clock time of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.baselines",
        description="Time every comparison: product, engine floor and naive pandas (median of "
        "--repeat runs), check that the three agree, and print the ratios.",
    )
    parser.add_argument("--db", required=True, help="the database file (opened read-only)")
    parser.add_argument("--extracts", required=True, help="the folder of extract files")
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="names of the comparisons to run")
    args = parser.parse_args(argv)

    con = duckdb.connect(args.db, read_only=True)
    con.execute("set enable_progress_bar = false")
    extracts = Path(args.extracts)
    chosen = [c for c in COMPARISONS if not args.only or c.name in args.only]
    header = (
        f"{'comparison':<24}{'product':>10}{'floor':>10}{'naive':>10}"
        f"{'prod/floor':>12}{'naive/prod':>12}  same figures"
    )
    print(header)
    print("-" * len(header))
    agree_all = True
    for comparison in chosen:
        product = comparison.normalise(comparison.product(con))
        floor = comparison.normalise(comparison.floor(con))
        naive = comparison.normalise(comparison.naive(extracts, fmt=args.format))
        problems = [
            f"{label}: {found.splitlines()[0]}"
            for label, found in (
                ("floor", same_figures(product, floor)),
                ("naive", same_figures(product, naive)),
            )
            if found
        ]
        agree_all &= not problems
        seconds = {
            "product": median_seconds(lambda c=comparison: c.product(con), args.repeat),
            "floor": median_seconds(lambda c=comparison: c.floor(con), args.repeat),
            "naive": median_seconds(
                lambda c=comparison: c.naive(extracts, fmt=args.format), args.repeat
            ),
        }
        print(
            f"{comparison.name:<24}{seconds['product']:>9.3f}s{seconds['floor']:>9.3f}s"
            f"{seconds['naive']:>9.3f}s{seconds['product'] / seconds['floor']:>11.2f}x"
            f"{seconds['naive'] / seconds['product']:>11.1f}x  "
            + ("yes" if not problems else "NO: " + "; ".join(problems))
        )
        sys.stdout.flush()
    con.close()
    return 0 if agree_all else 1


if __name__ == "__main__":
    sys.exit(main())
