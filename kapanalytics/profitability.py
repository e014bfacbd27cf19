"""Who earns money and who costs more than they bring: contribution margins I and II, cost to
serve, the whale curve, and a rule for what to do with C-customers.

Definitions (docs/metrics.md, "Profitability and cost to serve"), per account and period:

- **CM I** = revenue - cost of goods, over the lines that have a cost (the overview's
  contribution margin per account; NaN when no line has a cost).
- **Cost to serve** = sum over activity types of (activities of that type dated in the period x
  the type's rate) + invoices dated in the period (credit notes included: each is handled) x
  the invoice rate. Rates are :class:`CostRates`; the defaults are stated there.
- **CM II** = CM I - cost to serve.

The accounts are the filtered accounts with at least one invoice line in the period, the same
accounts the ABC analysis ranks, so the two pages speak of one population.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import duckdb
import numpy as np
import pandas as pd

from kapanalytics import abc
from kapanalytics.errors import ConfigurationError
from kapanalytics.facts import account_period_ctes
from kapanalytics.filters import Filters
from kapanalytics.staging import Cte, staging_ctes, with_query


@dataclass(frozen=True)
class CostRates:
    """Money per touchpoint and per invoice (an order handled from entry to payment).

    The defaults are an assumption for a mid-sized B2B supplier (a field visit with travel
    time 400, a call 25, an invoice 40); set the company's own figures from its cost-centre
    accounting.
    """

    visit: float = 400.0
    meeting: float = 250.0
    event: float = 150.0
    call: float = 25.0
    email: float = 5.0
    complaint: float = 200.0
    service: float = 300.0
    invoice: float = 40.0

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
                raise ConfigurationError(
                    f"The cost rate for {name} must be a number >= 0, not {value!r}."
                )


DRIVERS = tuple(f.name for f in fields(CostRates))
"""What costs money to serve: the activity types of the CRM, and invoices."""
ACTIVITY_TYPES = tuple(d for d in DRIVERS if d != "invoice")
COUNT_COLUMNS = {driver: f"{driver}_count" for driver in DRIVERS}
COST_COLUMNS = {driver: f"{driver}_cost" for driver in DRIVERS}

PROFIT_COLUMNS = (
    "account_id",
    "name",
    "industry",
    "region",
    "owner",
    "annual_potential",
    "revenue",
    "cm1",
    *COUNT_COLUMNS.values(),
    *COST_COLUMNS.values(),
    "cost_to_serve",
    "cm2",
    "cm2_pct",
)


def account_profitability(
    con: duckdb.DuckDBPyConnection, filters: Filters, rates: CostRates = CostRates()
) -> pd.DataFrame:
    """CM I, cost to serve (per driver and in total) and CM II of each filtered account with
    lines in ``filters.period``.

    Columns :data:`PROFIT_COLUMNS`: the account's attributes, revenue, cm1 (NaN without a
    costed line), ``<driver>_count`` and ``<driver>_cost`` for every driver in
    :data:`DRIVERS`, cost_to_serve, cm2 (cm1 - cost_to_serve; NaN when cm1 is) and cm2_pct
    (cm2 / revenue, NaN when revenue <= 0). Sorted by cm2 ascending (the worst first),
    missing last, then account_id.
    """
    facts = con.execute(*_profitability_query(filters)).df()
    costs = pd.DataFrame(
        {
            COST_COLUMNS[d]: facts[COUNT_COLUMNS[d]].astype(float) * getattr(rates, d)
            for d in DRIVERS
        }
    )
    frame = pd.concat([facts, costs], axis=1)
    frame["cost_to_serve"] = costs.sum(axis=1)
    frame["cm2"] = frame["cm1"] - frame["cost_to_serve"]
    frame["cm2_pct"] = (frame["cm2"] / frame["revenue"]).where(frame["revenue"] > 0)
    return frame[list(PROFIT_COLUMNS)].sort_values(
        ["cm2", "account_id"], na_position="last", ignore_index=True
    )


def _profitability_query(filters: Filters) -> tuple[str, list]:
    period = filters.period
    counts = ",\n        ".join(
        f"count(*) filter (where type = '{t}') as {COUNT_COLUMNS[t]}" for t in ACTIVITY_TYPES
    )
    ctes = [
        *staging_ctes(filters),
        *account_period_ctes(period),
        Cte(
            "touchpoints",
            # activity types come from the fixed list above, never from a user
            f"""
    select
        activities.account_id,
        {counts}
    from (
        select account_id, lower(trim(type)) as type
        from activities
        where activity_date between ? and ?
    ) as activities
    inner join filtered_accounts as accounts
        on accounts.account_id = activities.account_id
    group by activities.account_id
    """,
            (period.start, period.end),
        ),
    ]
    activity_columns = ",\n        ".join(
        f"coalesce(touchpoints.{COUNT_COLUMNS[t]}, 0) as {COUNT_COLUMNS[t]}" for t in ACTIVITY_TYPES
    )
    select_sql = f"""
    select
        accounts.account_id,
        accounts.name,
        accounts.industry,
        accounts.region,
        accounts.owner,
        accounts.annual_potential,
        facts.revenue,
        facts.contribution_margin as cm1,
        {activity_columns},
        facts.invoices as {COUNT_COLUMNS["invoice"]}
    from account_period as facts
    inner join filtered_accounts as accounts
        on accounts.account_id = facts.account_id
    left join touchpoints
        on touchpoints.account_id = facts.account_id
    where facts.lines > 0
    order by accounts.account_id
    """
    return with_query(ctes, select_sql)


def whale_curve(profit: pd.DataFrame) -> pd.DataFrame:
    """Cumulative CM II against the accounts ranked by CM II (highest first, ties by id).

    Accounts without a CM II are left out. Columns: rank, account_id, name, cm2,
    account_share (rank / accounts), cumulative_cm2 (money), cumulative_cm2_share
    (cumulative_cm2 / total CM II; NaN when the total is not positive). The curve rises over
    the profitable accounts, peaks, and falls back to the total over the loss-makers.
    """
    known = profit[profit["cm2"].notna()]
    ranked = known.sort_values(["cm2", "account_id"], ascending=[False, True], ignore_index=True)
    total = ranked["cm2"].sum()
    curve = pd.DataFrame(
        {
            "rank": np.arange(1, len(ranked) + 1),
            "account_id": ranked["account_id"],
            "name": ranked["name"],
            "cm2": ranked["cm2"],
        }
    )
    curve["account_share"] = curve["rank"] / max(len(curve), 1)
    curve["cumulative_cm2"] = curve["cm2"].cumsum()
    curve["cumulative_cm2_share"] = curve["cumulative_cm2"] / total if total > 0 else np.nan
    return curve


def whale_summary(curve: pd.DataFrame) -> dict[str, float]:
    """The whale curve's figures: total_cm2, peak_cm2 (the highest cumulative CM II),
    peak_share (peak / total; NaN when the total is not positive), accounts_at_peak (how many
    accounts it takes), profitable_accounts, loss_making_accounts, profit_destroyed (the sum of
    the negative CM IIs, as a positive amount). Without any account with a CM II the money
    figures and the share are NaN and the counts 0."""
    if curve.empty:
        # no account with a known CM II: the money figures are unknown, not 0
        unknown = {"total_cm2": np.nan, "peak_cm2": np.nan, "profit_destroyed": np.nan}
        return {
            **unknown,
            "peak_share": np.nan,
            "accounts_at_peak": 0,
            "profitable_accounts": 0,
            "loss_making_accounts": 0,
        }
    total = float(curve["cm2"].sum())
    peak_at = int(curve["cumulative_cm2"].to_numpy().argmax())
    peak = float(curve["cumulative_cm2"].iloc[peak_at])
    return {
        "total_cm2": total,
        "peak_cm2": peak,
        "peak_share": peak / total if total > 0 else np.nan,
        "accounts_at_peak": peak_at + 1,
        "profitable_accounts": int((curve["cm2"] > 0).sum()),
        "loss_making_accounts": int((curve["cm2"] < 0).sum()),
        "profit_destroyed": float(-curve.loc[curve["cm2"] < 0, "cm2"].sum()),
    }


TREATMENTS = ("develop", "review_prices", "inside_sales", "keep")
"""What to do with a C-customer, by the rule of :func:`classify_treatment`."""


def with_classes(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    rates: CostRates = CostRates(),
    *,
    a: float = abc.DEFAULT_A,
    b: float = abc.DEFAULT_B,
    high_potential_from: float | None = None,
) -> pd.DataFrame:
    """:func:`account_profitability` with each account's revenue ABC class (the ABC page's,
    same period, filters and thresholds), the C-customer treatment and the main cost driver.

    Added columns: abc_class; is_high_potential (annual potential >= the threshold, see
    :func:`high_potential_threshold`); treatment (C-customers only, see
    :func:`classify_treatment`); main_cost_driver (the driver with the highest cost to serve,
    NaN when it costs nothing). ``frame.attrs["high_potential_from"]`` holds the threshold.
    """
    profit = account_profitability(con, filters, rates)
    classified = abc.abc_classes(con, filters, measure="revenue", a=a, b=b)
    threshold = (
        high_potential_threshold(classified) if high_potential_from is None else high_potential_from
    )
    frame = profit.merge(classified[["account_id", "abc_class"]], on="account_id", how="left")
    frame["is_high_potential"] = (frame["annual_potential"] >= threshold).fillna(False)
    frame["treatment"] = classify_treatment(frame)
    frame["main_cost_driver"] = main_cost_driver(frame)
    frame.attrs["high_potential_from"] = threshold
    return frame


def high_potential_threshold(classified: pd.DataFrame) -> float:
    """The default line for high potential: the smallest revenue of an A-class account.

    An account whose annual potential reaches it would be an A-customer if we won its whole
    wallet. NaN when there is no A-class account (then no account is high potential).
    """
    a_revenue = classified.loc[classified["abc_class"] == "A", "revenue"]
    return float(a_revenue.min()) if len(a_revenue) else np.nan


def classify_treatment(frame: pd.DataFrame) -> pd.Series:
    """The suggested treatment of each C-customer (NaN for A and B), first rule that applies:

    1. ``develop``: high potential: tomorrow's key account, worth an account plan.
    2. ``review_prices``: CM I < 0: it loses money on the goods themselves.
    3. ``inside_sales``: CM II < 0: serve it by inside sales or the web shop, without field
       visits, with fewer and larger orders.
    4. ``keep``: otherwise (including a CM I that is unknown): standard service.
    """
    treatment = np.select(
        [
            frame["is_high_potential"].astype(bool),
            frame["cm1"] < 0,
            frame["cm2"] < 0,
        ],
        ["develop", "review_prices", "inside_sales"],
        default="keep",
    )
    return pd.Series(treatment, index=frame.index).where(frame["abc_class"] == "C")


def main_cost_driver(frame: pd.DataFrame) -> pd.Series:
    """The driver (visit, call, ..., invoice) with the highest cost to serve per account; NaN
    where serving it cost nothing. Ties go to the driver listed first in :data:`DRIVERS`."""
    costs = frame[[COST_COLUMNS[d] for d in DRIVERS]].to_numpy(dtype=float)
    drivers = np.array(DRIVERS, dtype=object)[costs.argmax(axis=1)] if len(frame) else []
    return pd.Series(drivers, index=frame.index, dtype=object).where(costs.sum(axis=1) > 0)


def by_class(frame: pd.DataFrame) -> pd.DataFrame:
    """Profitability per ABC class of :func:`with_classes`: abc_class, accounts, revenue, cm1,
    cost_to_serve, cm2, cm2_pct (cm2 / revenue, NaN when revenue <= 0) and
    loss_making_accounts (cm2 < 0). Every class is a row, also an empty one."""
    grouped = (
        frame.assign(loss_making=frame["cm2"] < 0)
        .groupby("abc_class")
        .agg(
            accounts=("account_id", "size"),
            revenue=("revenue", "sum"),
            cm1=("cm1", "sum"),
            cost_to_serve=("cost_to_serve", "sum"),
            cm2=("cm2", "sum"),
            loss_making_accounts=("loss_making", "sum"),
        )
        .reindex(list(abc.CLASSES), fill_value=0)
    )
    grouped.insert(
        5, "cm2_pct", (grouped["cm2"] / grouped["revenue"]).where(grouped["revenue"] > 0)
    )
    return grouped.rename_axis("abc_class").reset_index()


def loss_makers(frame: pd.DataFrame) -> pd.DataFrame:
    """The accounts with CM II < 0, the worst first."""
    return frame[frame["cm2"] < 0].sort_values(["cm2", "account_id"], ignore_index=True)


def c_customers(frame: pd.DataFrame) -> pd.DataFrame:
    """The C-customers with their treatment: high potential first, then by CM II ascending."""
    chosen = frame[frame["abc_class"] == "C"]
    return chosen.sort_values(
        ["is_high_potential", "cm2", "account_id"], ascending=[False, True, True], ignore_index=True
    )
