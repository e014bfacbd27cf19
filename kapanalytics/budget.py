"""Budget against actual revenue per key account and product group: by month, year to date, a
forecast to year end, and traffic lights.

Definitions (docs/metrics.md, "Budget vs actual"), for a budget year Y and the analysis date t:

- **Closed months** m: the months of Y that are over by t (a month counts once t is its last
  day; 12 for a year before t's, 0 for a later one). Year to date (YTD) sums months 1..m, for
  budget and actual alike, so a half-finished month never compares half a month's revenue
  with a whole month's budget.
- **Actual** of a month: the revenue (net amounts, credit notes included) of the account's
  lines of that product group dated in the month.
- **Variance** = actual - budget; **variance %** = variance / budget (NaN when the budget is 0).
- **Forecast, run rate** = actual YTD / m x 12. **Forecast, prior-year seasonality** = actual
  YTD x (prior year's actual of all 12 months / prior year's actual of months 1..m): the rest
  of the year follows last year's pattern. NaN where the divisor is not positive or m = 0.
  The **forecast** used for the light is the seasonal one where defined, else the run rate.
- **Traffic light** on attainment = actual / budget (YTD, and forecast / full-year budget):
  green from ``green_from`` (default 100 %), amber from ``amber_from`` (default 90 %), red
  below; none without a positive budget.

A budget row with an empty product group is a budget for the account's whole revenue; it is
shown as "(all groups)" and compared with the revenue of the groups that have no budget of
their own, so an account's rows always add up to its revenue.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from kapanalytics.errors import ConfigurationError
from kapanalytics.facts import analysis_date
from kapanalytics.filters import Filters
from kapanalytics.keyaccounts import key_accounts_cte
from kapanalytics.staging import Cte, staging_ctes, with_query

ALL_GROUPS = "(all groups)"
"""How a budget for every product group (an empty product group) is shown."""

LEVELS = ("portfolio", "account", "product_group")
"""Rows of :func:`budget_vs_actual`: one total, one per account, one per account and group."""

LIGHTS = ("green", "amber", "red")

SORT_DECIMALS = 6
"""Variances are rounded to this many decimals for ordering the rows (not for showing them)."""

BASE_COLUMNS = ("budget_year", "budget_ytd", "actual_ytd", "prior_year", "prior_ytd")
TABLE_COLUMNS = (
    "budget_year",
    "budget_ytd",
    "actual_ytd",
    "variance_ytd",
    "variance_ytd_pct",
    "attainment_ytd",
    "prior_year",
    "prior_ytd",
    "forecast_run_rate",
    "forecast_seasonal",
    "forecast",
    "forecast_variance",
    "forecast_attainment",
    "ytd_light",
    "forecast_light",
)
"""The figures of every row of :func:`budget_vs_actual`, after its keys."""


@dataclass(frozen=True)
class LightThresholds:
    """Attainment (actual / budget) from which a light is green, and from which amber."""

    green_from: float = 1.0
    amber_from: float = 0.9

    def __post_init__(self) -> None:
        if not 0 <= self.amber_from <= self.green_from:
            raise ConfigurationError(
                "Traffic-light thresholds must satisfy 0 <= amber_from <= green_from, e.g. "
                f"0.9 and 1.0; got amber_from={self.amber_from}, green_from={self.green_from}."
            )

    def light(self, attainment: pd.Series) -> pd.Series:
        """green, amber or red per attainment; NaN where the attainment is NaN."""
        lights = np.select(
            [attainment >= self.green_from, attainment >= self.amber_from],
            ["green", "amber"],
            default="red",
        )
        return pd.Series(lights, index=attainment.index, dtype=object).where(attainment.notna())


def closed_months(year: int, as_of: date) -> int:
    """How many months of ``year`` are over on ``as_of`` (0..12)."""
    if year < as_of.year:
        return 12
    if year > as_of.year:
        return 0
    month_is_over = as_of.day == calendar.monthrange(as_of.year, as_of.month)[1]
    return as_of.month if month_is_over else as_of.month - 1


def budget_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The years that have budget rows, newest first."""
    rows = con.execute("select distinct year from budgets order by year desc").fetchall()
    return [int(row[0]) for row in rows]


def monthly_facts(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    year: int,
    as_of: date,
    *,
    product_groups: bool = True,
) -> pd.DataFrame:
    """Budget, actual and prior-year actual per account, product group and month of ``year``.

    Accounts: the filtered accounts with a budget row in ``year``, and the filtered current key
    accounts (with a budget of 0 where they have none). Columns: account_id, name, owner,
    product_group, month (1..12), budget, actual (NaN for a month not yet closed on
    ``as_of``), prior_actual (the same month of the year before). Every account and group has
    all 12 months. ``frame.attrs``: year, as_of, closed_months.

    With ``product_groups=False`` there is no product_group column: one row per account and
    month, the sums over all of its groups (the same accounts, each with all 12 months).
    """
    closed = closed_months(year, as_of)
    if not product_groups:
        sql, params = _account_facts_query(filters, year, as_of)
        frame = con.execute(sql, params).df()
        frame["actual"] = frame["actual"].where(frame["month"] <= closed)
        frame.attrs.update(year=year, as_of=as_of, closed_months=closed)
        return frame
    sql, params = _facts_query(filters, year, as_of)
    long = con.execute(sql, params).df()
    long["product_group"] = _budgeted_group(long)
    keys = ["account_id", "product_group", "month"]
    sums = long.groupby(keys, as_index=False)[["budget", "actual", "prior_actual"]].sum()
    accounts = long[["account_id", "name", "owner"]].drop_duplicates("account_id")
    pairs = sums[["account_id", "product_group"]].drop_duplicates()
    grid = pairs.merge(pd.DataFrame({"month": range(1, 13)}), how="cross")
    frame = grid.merge(sums, on=keys, how="left").fillna(
        {"budget": 0.0, "actual": 0.0, "prior_actual": 0.0}
    )
    frame["actual"] = frame["actual"].where(frame["month"] <= closed)
    frame = accounts.merge(frame, on="account_id")
    frame = frame.sort_values(keys, ignore_index=True)
    frame.attrs.update(year=year, as_of=as_of, closed_months=closed)
    return frame


def _budgeted_group(long: pd.DataFrame) -> pd.Series:
    """Each row's product group, or ALL_GROUPS where the account's budget covers all groups
    and this group has no budget of its own."""
    budgeted = long.loc[long["budget"] != 0, ["account_id", "product_group"]].drop_duplicates()
    has_all = set(budgeted.loc[budgeted["product_group"] == ALL_GROUPS, "account_id"])
    own = long.merge(budgeted.assign(own=True), on=["account_id", "product_group"], how="left")
    to_all = long["account_id"].isin(has_all).to_numpy() & own["own"].isna().to_numpy()
    return long["product_group"].where(~to_all, ALL_GROUPS)


def _chosen_ctes(filters: Filters, year: int) -> list[Cte]:
    """The staging steps and ``chosen``: the filtered accounts with a budget in ``year`` or
    currently key accounts (account_id, name, owner)."""
    return [
        *staging_ctes(filters),
        key_accounts_cte(),
        Cte(
            "budget_accounts",
            """
    select account_id from budgets where year = ?
    union
    select account_id from key_accounts
    """,
            (year,),
        ),
        Cte(
            "chosen",
            """
    select accounts.account_id, accounts.name, accounts.owner
    from filtered_accounts as accounts
    where accounts.account_id in (select account_id from budget_accounts)
    """,
        ),
    ]


def _facts_query(filters: Filters, year: int, as_of: date) -> tuple[str, list]:
    first_day, last_day = date(year - 1, 1, 1), min(date(year, 12, 31), as_of)
    ctes = [
        *_chosen_ctes(filters, year),
        Cte(
            "budget_rows",
            """
    select
        account_id,
        coalesce(nullif(trim(product_group), ''), ?) as product_group,
        month,
        sum(budget_amount) as budget
    from budgets
    where year = ? and account_id in (select account_id from chosen)
    group by all
    """,
            (ALL_GROUPS, year),
        ),
        Cte(
            "actual_rows",
            """
    select
        account_id,
        product_group,
        month(invoice_date) as month,
        sum(net_amount) filter (where year(invoice_date) = ?) as actual,
        sum(net_amount) filter (where year(invoice_date) = ? - 1) as prior_actual
    from invoice_lines
    where invoice_date between ? and ?
        and account_id in (select account_id from chosen)
    group by all
    """,
            (year, year, first_day, last_day),
        ),
    ]
    select_sql = """
    select
        chosen.account_id,
        chosen.name,
        chosen.owner,
        coalesce(facts.product_group, ?) as product_group,
        coalesce(facts.month, 1) as month,
        coalesce(facts.budget, 0) as budget,
        coalesce(facts.actual, 0) as actual,
        coalesce(facts.prior_actual, 0) as prior_actual
    from chosen
    left join (
        select
            coalesce(b.account_id, a.account_id) as account_id,
            coalesce(b.product_group, a.product_group) as product_group,
            coalesce(b.month, a.month) as month,
            b.budget,
            a.actual,
            a.prior_actual
        from budget_rows as b
        full outer join actual_rows as a
            on a.account_id = b.account_id
            and a.product_group = b.product_group
            and a.month = b.month
    ) as facts
        on facts.account_id = chosen.account_id
    order by all
    """
    return with_query(ctes, select_sql, (ALL_GROUPS,))


def _account_facts_query(filters: Filters, year: int, as_of: date) -> tuple[str, list]:
    """Per chosen account and month 1..12: budget (all its groups), actual and prior_actual
    (0 where none), ordered by account and month."""
    first_day, last_day = date(year - 1, 1, 1), min(date(year, 12, 31), as_of)
    ctes = [
        *_chosen_ctes(filters, year),
        Cte(
            "budget_rows",
            """
    select account_id, month, sum(budget_amount) as budget
    from budgets
    where year = ? and account_id in (select account_id from chosen)
    group by all
    """,
            (year,),
        ),
        Cte(
            "actual_rows",
            # an account's revenue of a day is staged once per import: summing the days reads
            # a fraction of the rows the lines would need
            """
    select
        account_id,
        month(day) as month,
        sum(revenue) filter (where year(day) = ?) as actual,
        sum(revenue) filter (where year(day) = ? - 1) as prior_actual
    from account_days
    where day between ? and ?
        and account_id in (select account_id from chosen)
    group by all
    """,
            (year, year, first_day, last_day),
        ),
    ]
    select_sql = """
    select
        chosen.account_id,
        chosen.name,
        chosen.owner,
        months.month,
        coalesce(b.budget, 0) as budget,
        coalesce(a.actual, 0) as actual,
        coalesce(a.prior_actual, 0) as prior_actual
    from chosen
    cross join (select unnest(range(1, 13)) as month) as months
    left join budget_rows as b
        on b.account_id = chosen.account_id and b.month = months.month
    left join actual_rows as a
        on a.account_id = chosen.account_id and a.month = months.month
    order by chosen.account_id, months.month
    """
    return with_query(ctes, select_sql)


def _year_sums(monthly: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Full-year and YTD sums of budget, actual and prior-year actual per ``keys``."""
    closed = monthly.attrs["closed_months"]
    in_ytd = monthly["month"] <= closed
    parts = pd.DataFrame(
        {
            "budget_year": monthly["budget"],
            "budget_ytd": monthly["budget"].where(in_ytd, 0.0),
            "actual_ytd": monthly["actual"].fillna(0.0),
            "prior_year": monthly["prior_actual"],
            "prior_ytd": monthly["prior_actual"].where(in_ytd, 0.0),
        }
    )
    if not keys:
        return parts.sum().to_frame().T
    return pd.concat([monthly[keys], parts], axis=1).groupby(keys, as_index=False).sum()


def summarise(sums: pd.DataFrame, closed: int, thresholds: LightThresholds) -> pd.DataFrame:
    """Variances, forecasts and lights from the sums of :data:`BASE_COLUMNS` (see the module's
    definitions); ``closed`` is the number of closed months."""
    out = sums.copy()
    budget_ytd, actual_ytd = out["budget_ytd"], out["actual_ytd"]
    out["variance_ytd"] = actual_ytd - budget_ytd
    out["variance_ytd_pct"] = (out["variance_ytd"] / budget_ytd).where(budget_ytd != 0)
    out["attainment_ytd"] = (actual_ytd / budget_ytd).where(budget_ytd > 0)
    if closed > 0:
        out["forecast_run_rate"] = actual_ytd / closed * 12
        seasonal = actual_ytd * out["prior_year"] / out["prior_ytd"]
        out["forecast_seasonal"] = seasonal.where(out["prior_ytd"] > 0)
    else:
        out["forecast_run_rate"] = np.nan
        out["forecast_seasonal"] = np.nan
    out["forecast"] = out["forecast_seasonal"].fillna(out["forecast_run_rate"])
    out["forecast_variance"] = out["forecast"] - out["budget_year"]
    year_budget = out["budget_year"]
    out["forecast_attainment"] = (out["forecast"] / year_budget).where(year_budget > 0)
    out["ytd_light"] = thresholds.light(out["attainment_ytd"])
    out["forecast_light"] = thresholds.light(out["forecast_attainment"])
    return out


def budget_vs_actual(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    *,
    year: int | None = None,
    level: str = "account",
    account_id: str | None = None,
    green_from: float = 1.0,
    amber_from: float = 0.9,
) -> pd.DataFrame:
    """Budget, actual, variance, forecast and lights for ``year`` (default: the analysis
    date's), one row per :data:`LEVELS` unit, for all budget accounts or one ``account_id``.

    Columns: the level's keys (account_id, name, owner; product_group), then
    :data:`TABLE_COLUMNS`. Rows with the largest shortfall against the YTD budget first
    (variances equal to :data:`SORT_DECIMALS` decimals by their keys). ``frame.attrs``: year,
    as_of, closed_months. The account filters apply; the sidebar's period does not (a budget
    year is always a calendar year).
    """
    if level not in LEVELS:
        raise ConfigurationError(f"Unknown level {level!r}. Choose one of: {', '.join(LEVELS)}.")
    thresholds = LightThresholds(green_from, amber_from)
    monthly = _monthly(con, filters, year, account_id, by_group=level == "product_group")
    keys = {
        "portfolio": [],
        "account": ["account_id", "name", "owner"],
        "product_group": ["account_id", "name", "owner", "product_group"],
    }[level]
    table = summarise(_year_sums(monthly, keys), monthly.attrs["closed_months"], thresholds)
    table = table[[*keys, *TABLE_COLUMNS]]
    if keys:
        # the database adds up amounts in no fixed order, so two equal variances can differ in
        # their last bits: rounded, they are a tie and go by the keys, the same on every run
        table = table.sort_values(
            ["variance_ytd", *keys],
            key=lambda column: (
                column.round(SORT_DECIMALS) if column.name == "variance_ytd" else column
            ),
            ignore_index=True,
        )
    table.attrs.update(monthly.attrs)
    return table


def budget_by_month(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    *,
    year: int | None = None,
    account_id: str | None = None,
    product_group: str | None = None,
) -> pd.DataFrame:
    """The months of ``year`` for all budget accounts or one, all product groups or one (as
    :func:`budget_vs_actual` names its rows).

    Columns: month (first day, a pandas datetime), budget, actual (NaN for open months),
    variance, variance_pct, cumulative_budget, cumulative_actual (closed months), and for the
    open months forecast_run_rate (actual YTD / closed months) and forecast_seasonal (the prior
    year's same month x actual YTD / the prior year's YTD; NaN where that is not positive).
    """
    monthly = _monthly(con, filters, year, account_id, product_group)
    closed = monthly.attrs["closed_months"]
    months = (
        monthly.groupby("month")[["budget", "actual", "prior_actual"]]
        .sum(min_count=1)
        .reindex(range(1, 13))
    )
    months["budget"] = months["budget"].fillna(0.0)
    months.loc[months.index > closed, "actual"] = np.nan
    is_open = months.index > closed
    actual_ytd = months["actual"].sum()
    prior_ytd = months.loc[~is_open, "prior_actual"].sum()
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime([date(monthly.attrs["year"], m, 1) for m in months.index]),
            "budget": months["budget"].to_numpy(),
            "actual": months["actual"].to_numpy(),
        }
    )
    frame["variance"] = frame["actual"] - frame["budget"]
    frame["variance_pct"] = (frame["variance"] / frame["budget"]).where(frame["budget"] != 0)
    frame["cumulative_budget"] = frame["budget"].cumsum()
    frame["cumulative_actual"] = frame["actual"].cumsum().where(~is_open)
    run_rate = actual_ytd / closed if closed > 0 else np.nan
    seasonal_factor = actual_ytd / prior_ytd if closed > 0 and prior_ytd > 0 else np.nan
    frame["forecast_run_rate"] = np.where(is_open, run_rate, np.nan)
    prior = months["prior_actual"].fillna(0.0).to_numpy()
    frame["forecast_seasonal"] = np.where(is_open, prior * seasonal_factor, np.nan)
    frame.attrs.update(monthly.attrs)
    return frame


def _monthly(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    year: int | None,
    account_id: str | None,
    product_group: str | None = None,
    *,
    by_group: bool = False,
) -> pd.DataFrame:
    """The monthly facts of ``year`` for all chosen accounts or one, all groups or one; per
    product group only where ``by_group`` or a ``product_group`` asks for it (an account's
    months are what every other view sums up)."""
    as_of = analysis_date(con)
    if as_of is None:
        raise ConfigurationError("There are no invoice lines to compare budgets with.")
    if account_id is not None:
        # the one account in the query already: its rows do not depend on the others
        allowed = filters.account_ids
        chosen = (account_id,) if allowed is None or account_id in allowed else ()
        filters = replace(filters, account_ids=chosen)
    monthly = monthly_facts(
        con,
        filters,
        as_of.year if year is None else year,
        as_of,
        product_groups=by_group or product_group is not None,
    )
    attrs = dict(monthly.attrs)
    if product_group is not None:
        monthly = monthly[monthly["product_group"] == product_group]
    monthly = monthly.reset_index(drop=True)
    monthly.attrs.update(attrs)
    return monthly
