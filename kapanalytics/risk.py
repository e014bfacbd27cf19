"""Early warning: a churn-risk score 0..100 for every customer, from weighted stability factors.

Definition (docs/metrics.md, "Early warning"). As of a day ``d`` (default: the analysis date),
for every filtered account that is a customer on ``d`` (a purchase on or before ``d`` and no
churn date as of ``d``), each factor gives risk points 0..100 from data dated on or before
``d`` (higher is riskier; "12 months" are the 365 days up to ``d``):

============================  ============================================================
factor                        risk points
============================  ============================================================
``recency``                   days since the last purchase / the account's usual interval
                              (median gap between its purchase days in the 3 years up to
                              ``d``; the portfolio's median where it has no gap yet):
                              100 * clip((ratio - 1) / 2): on time 0, three intervals 100
``revenue_trend``             revenue change, last 12 months against the 12 before:
                              100 * clip(-change / 0.5): a fall by half or more is 100;
                              missing without revenue in the 12 months before
``order_frequency``           purchases in the last 12 months n:
                              100 * clip(1 - ln(n) / ln(12)): one 100, twelve or more 0
``product_breadth``           product groups bought in the last 12 months g:
                              100 * clip((4 - g) / 3): one group 100, four or more 0
``complaints``                complaints in the last 182 days: 50 each, at most 100
``touchpoint_gap``            days since the last touchpoint t (any activity):
                              100 * clip((t - 90) / 275); none ever 100
``lost_opportunities``        share of lost among the opportunities closed in the last
                              730 days, * 100; missing without one
``contact_attitude``          the attitude of its most influential contacts (highest
                              influence; their mean): mentor 0, positive 25, neutral 50,
                              negative 75, enemy 100; missing without one. Contacts carry
                              no date, so as of a past day this factor is left out.
============================  ============================================================

**score** = sum(w_i * p_i) / sum(w_i), over the factors the account has (a missing factor
leaves both sums); ``clip`` limits to 0..1. Each factor's **contribution** is
w_i * p_i / sum(w_i): the points it adds to the score; the **drivers** are the three largest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kapanalytics import saved_settings
from kapanalytics.access import User
from kapanalytics.arrow_frames import arrow_text
from kapanalytics.churn import DEFAULT_WINDOW_DAYS, check_window_days, churn_ctes
from kapanalytics.errors import ConfigurationError
from kapanalytics.facts import analysis_date
from kapanalytics.filters import Filters
from kapanalytics.staging import NONE_LABEL, Cte, staging_ctes, with_query

FACTORS = (
    "recency",
    "revenue_trend",
    "order_frequency",
    "product_breadth",
    "complaints",
    "touchpoint_gap",
    "lost_opportunities",
    "contact_attitude",
)
UNDATED_FACTORS = ("contact_attitude",)
"""Factors whose data carry no date: unknown as of a past day."""

DEFAULT_WEIGHTS = {
    "recency": 30.0,
    "revenue_trend": 20.0,
    "order_frequency": 10.0,
    "product_breadth": 5.0,
    "complaints": 15.0,
    "touchpoint_gap": 5.0,
    "lost_opportunities": 10.0,
    "contact_attitude": 5.0,
}
ATTITUDE_POINTS = {
    "mentor": 0.0,
    "positive": 25.0,
    "neutral": 50.0,
    "negative": 75.0,
    "enemy": 100.0,
}
SETTING_NAME = "retention.risk_weights"
DRIVERS = 3

RAW_COLUMNS = (
    "account_id",
    "name",
    "owner",
    "segment",
    "last_purchase_date",
    "days_since_purchase",
    "usual_interval_days",
    "revenue_12m",
    "revenue_prev_12m",
    "purchases_12m",
    "product_groups_12m",
    "complaints_6m",
    "days_since_touchpoint",
    "opportunities_closed",
    "opportunities_lost",
    "attitude_points",
)


@dataclass(frozen=True)
class RiskWeights:
    """The weight of each factor (>= 0; 0 leaves it out); at least one must be positive."""

    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def __post_init__(self) -> None:
        unknown = set(self.weights) - set(FACTORS)
        if unknown:
            raise ConfigurationError(
                f"Unknown risk factors {sorted(unknown)}. Factors: {', '.join(FACTORS)}."
            )
        values = [self.weights.get(f, 0.0) for f in FACTORS]
        if any(not math.isfinite(v) or v < 0 for v in values) or sum(values) <= 0:
            raise ConfigurationError(
                "Risk weights must be numbers >= 0, and at least one must be above 0."
            )

    def vector(self, leave_out: tuple[str, ...] = ()) -> np.ndarray:
        return np.array(
            [0.0 if f in leave_out else float(self.weights.get(f, 0.0)) for f in FACTORS]
        )


def save_weights(
    con: duckdb.DuckDBPyConnection,
    weights: RiskWeights,
    author: str | None,
    expected_version: int | None = None,
    *,
    actor: User | None = None,
) -> int:
    """Save the weights as the next version (see :mod:`kapanalytics.saved_settings`)."""
    return saved_settings.save_setting(
        con,
        SETTING_NAME,
        {f: float(weights.weights.get(f, 0.0)) for f in FACTORS},
        author,
        expected_version,
        label="early-warning weights",
        actor=actor,
    )


def load_weights(con: duckdb.DuckDBPyConnection) -> tuple[RiskWeights, int]:
    """The saved weights and their version; the defaults and 0 when none are saved."""
    saved = saved_settings.load_setting(con, SETTING_NAME)
    if saved is None:
        return RiskWeights(), 0
    return RiskWeights({f: float(saved.value.get(f, 0.0)) for f in FACTORS}), saved.version


def risk_inputs(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    as_of: date | None = None,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """The raw values behind the factors, one row per customer on ``as_of`` (SQL).

    ``as_of`` defaults to the analysis date. Columns: :data:`RAW_COLUMNS`; sorted by
    account_id. ``attitude_points`` is NaN as of a day before the analysis date.
    """
    window = check_window_days(window_days)
    end = analysis_date(con)
    day = as_of or end
    if day is None:
        return pd.DataFrame(columns=list(RAW_COLUMNS))
    year, two_years = day - timedelta(days=365), day - timedelta(days=730)
    ctes = [
        *staging_ctes(filters),
        *churn_ctes(day, window),
        Cte(
            "customers",
            "select account_id from churn where churn_date is null",
        ),
        Cte(
            "purchase_gaps",
            # one ordered pass over every purchase day instead of a window per account (its
            # partitioning costs more than the sort); a gap counts within one account only
            """
    select account_id, median(gap) as usual_interval_days
    from (
        select
            account_id,
            day - lag(day) over by_account_day as gap,
            account_id = lag(account_id) over by_account_day as same_account
        from account_days
        where has_purchase and day <= ? and day > ?
        window by_account_day as (order by account_id, day)
    ) as gaps
    where same_account
    group by account_id
    """,
            (day, day - timedelta(days=1095)),
        ),
        Cte(
            "day_facts",
            # the revenue of both years and the purchases in one pass over the account days
            """
    select
        account_id,
        coalesce(sum(revenue) filter (where day > ?), 0) as revenue_12m,
        coalesce(sum(revenue) filter (where day <= ?), 0) as revenue_prev_12m,
        coalesce(cast(sum(purchases) filter (where day > ?) as bigint), 0) as purchases_12m
    from account_days
    where day <= ? and day > ?
    group by account_id
    """,
            (year, year, year, day, two_years),
        ),
        Cte(
            "breadth",
            f"""
    select account_id, count(*) as product_groups_12m
    from (
        select distinct account_id, product_group
        from invoice_lines
        where invoice_date <= ? and invoice_date > ?
            and net_amount > 0 and product_group <> '{NONE_LABEL}'
    ) as groups
    group by account_id
    """,
            (day, year),
        ),
        Cte(
            "touchpoints",
            """
    select
        account_id,
        count(*) filter (
            where lower(trim(type)) = 'complaint' and activity_date > ?
        ) as complaints_6m,
        ? - max(activity_date) as days_since_touchpoint
    from activities
    where activity_date <= ?
    group by account_id
    """,
            (day - timedelta(days=182), day, day),
        ),
        Cte(
            "opportunity_facts",
            """
    select
        account_id,
        count(*) as opportunities_closed,
        count(*) filter (where lower(trim(status)) = 'lost') as opportunities_lost
    from opportunities
    where lower(trim(status)) in ('won', 'lost') and close_date <= ? and close_date > ?
    group by account_id
    """,
            (day, two_years),
        ),
        _attitudes_cte(known=day >= end),
    ]
    sql, params = with_query(
        ctes,
        """
    select
        customers.account_id,
        accounts.name,
        coalesce(nullif(trim(accounts.owner), ''), ?) as owner,
        coalesce(nullif(trim(accounts.segment), ''), ?) as segment,
        history.last_purchase_date,
        ? - history.last_purchase_date as days_since_purchase,
        gaps.usual_interval_days,
        coalesce(days.revenue_12m, 0) as revenue_12m,
        coalesce(days.revenue_prev_12m, 0) as revenue_prev_12m,
        coalesce(days.purchases_12m, 0) as purchases_12m,
        coalesce(breadth.product_groups_12m, 0) as product_groups_12m,
        coalesce(touch.complaints_6m, 0) as complaints_6m,
        touch.days_since_touchpoint,
        coalesce(opps.opportunities_closed, 0) as opportunities_closed,
        coalesce(opps.opportunities_lost, 0) as opportunities_lost,
        attitudes.attitude_points
    from customers
    inner join filtered_accounts as accounts on accounts.account_id = customers.account_id
    inner join purchase_history as history on history.account_id = customers.account_id
    left join purchase_gaps as gaps on gaps.account_id = customers.account_id
    left join day_facts as days on days.account_id = customers.account_id
    left join breadth on breadth.account_id = customers.account_id
    left join touchpoints as touch on touch.account_id = customers.account_id
    left join opportunity_facts as opps on opps.account_id = customers.account_id
    left join attitudes on attitudes.account_id = customers.account_id
    order by customers.account_id
    """,
        (NONE_LABEL, NONE_LABEL, day),
    )
    frame = con.execute(sql, params).df()
    for column in ("usual_interval_days", "days_since_touchpoint", "attitude_points"):
        frame[column] = frame[column].astype("float64")
    return frame


def _attitudes_cte(*, known: bool) -> Cte:
    """Step ``attitudes``: account_id, attitude_points (the mean points of its most influential
    contacts with a known attitude); no rows when contacts are not ``known`` (a past day)."""
    if not known:
        return Cte(
            "attitudes",
            "select null::varchar as account_id, null::double as attitude_points limit 0",
        )
    # the highest influence per account, then its contacts with it (ties all count; where no
    # contact has an influence, every one of them does: nulls rank last): one grouping and a
    # join instead of ranking every contact in a window
    return Cte(
        "attitudes",
        f"""
    select rated.account_id, avg(rated.points) as attitude_points
    from (
        select account_id, influence, {_attitude_case()} as points
        from contacts
        where {_attitude_case()} is not null
    ) as rated
    inner join (
        select account_id, max(influence) as top_influence
        from contacts
        where {_attitude_case()} is not null
        group by account_id
    ) as tops
        on tops.account_id = rated.account_id
    where rated.influence = tops.top_influence or tops.top_influence is null
    group by rated.account_id
    """,
    )


def _attitude_case() -> str:
    whens = " ".join(f"when '{k}' then {v}" for k, v in ATTITUDE_POINTS.items())
    return f"case lower(trim(attitude)) {whens} end"


def factor_points(inputs: pd.DataFrame) -> pd.DataFrame:
    """Risk points 0..100 per factor (NaN where missing), one column per :data:`FACTORS`."""

    # (numpy on the columns' values: the same arithmetic as on the Series, without pandas'
    # bookkeeping per step)
    def column(name: str) -> np.ndarray:
        return inputs[name].to_numpy(dtype=float, na_value=np.nan)

    with np.errstate(invalid="ignore", divide="ignore"):
        usual = column("usual_interval_days")
        interval = np.where(usual > 0, usual, np.nan)
        known = interval[~np.isnan(interval)]
        fallback = np.median(known) if len(known) else 90.0
        ratio = column("days_since_purchase") / np.where(np.isnan(interval), fallback, interval)
        before = column("revenue_prev_12m")
        previous = np.where(before > 0, before, np.nan)
        change = (column("revenue_12m") - previous) / previous
        purchases = np.maximum(column("purchases_12m"), 1)
        opportunities = column("opportunities_closed")
        closed = np.where(opportunities > 0, opportunities, np.nan)
        touch = column("days_since_touchpoint")
        points = {
            "recency": _clip01((ratio - 1) / 2),
            "revenue_trend": _clip01(-change / 0.5),
            "order_frequency": _clip01(1 - np.log(purchases) / np.log(12)),
            "product_breadth": _clip01((4 - column("product_groups_12m")) / 3),
            "complaints": _clip01(column("complaints_6m") / 2),
            "touchpoint_gap": np.where(np.isnan(touch), 1.0, _clip01((touch - 90) / 275)),
            "lost_opportunities": column("opportunities_lost") / closed,
            "contact_attitude": column("attitude_points") / 100,
        }
    return pd.DataFrame({k: 100 * v for k, v in points.items()}, index=inputs.index)


def _clip01(values: np.ndarray) -> np.ndarray:
    return np.clip(values, 0, 1)


def score(
    inputs: pd.DataFrame, weights: RiskWeights, *, leave_out: tuple[str, ...] = ()
) -> pd.DataFrame:
    """``inputs`` (from :func:`risk_inputs`) with the score, each factor's points and
    contribution, and the drivers; highest score first, ties by account_id.

    Added columns: risk_score (NaN when no weighted factor is available), ``<factor>``
    (points), ``<factor>_contribution``, driver_1 .. driver_3 (factor keys, None when the
    contribution is 0). ``leave_out`` drops factors (the backtest's undated ones).
    """
    points = factor_points(inputs)
    w = weights.vector(leave_out)
    values = points.to_numpy(float)
    available = ~np.isnan(values) & (w > 0)
    weight_sum = (available * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        contributions = np.where(available, np.nan_to_num(values) * w, 0.0) / weight_sum[:, None]
    risk = np.where(weight_sum > 0, contributions.sum(axis=1), np.nan)
    # the rows' order once, then every added column built in that order (one take of the
    # inputs' text columns instead of a sort of the whole frame)
    order = _riskiest_first(risk, inputs["account_id"])
    values, contributions, weight_sum = values[order], contributions[order], weight_sum[order]
    added: dict[str, object] = {"risk_score": risk[order]}
    for i, factor in enumerate(FACTORS):
        added[factor] = values[:, i]
        added[f"{factor}_contribution"] = np.where(weight_sum > 0, contributions[:, i], np.nan)
    ranked = np.argsort(-np.nan_to_num(contributions), axis=1, kind="stable")[:, :DRIVERS]
    names = pa.array(FACTORS, pa.string())
    for place in range(DRIVERS):
        picked = ranked[:, place]
        positive = np.take_along_axis(contributions, picked[:, None], axis=1)[:, 0] > 0
        if positive.any():
            drivers = pd.array(names.take(pa.array(picked, mask=~positive)), dtype="str")
        else:
            # (no text at all stays a column of None, as pandas makes it from None alone)
            drivers = np.full(len(picked), None, dtype=object)
        added[f"driver_{place + 1}"] = drivers
    taken = inputs.take(order)
    taken.index = pd.RangeIndex(len(taken))
    return pd.concat(
        [taken.drop(columns=list(added), errors="ignore"), pd.DataFrame(added, index=taken.index)],
        axis=1,
    )


def _riskiest_first(risk: np.ndarray, account_ids: pd.Series) -> np.ndarray:
    """Row positions by risk descending (NaN last), ties by account_id."""
    if _ascending(account_ids):
        # risk_inputs gives the rows in account_id order: a stable sort keeps it within ties
        return np.argsort(-risk, kind="stable")
    frame = pd.DataFrame({"risk": risk, "account_id": account_ids.to_numpy()})
    return frame.sort_values(
        ["risk", "account_id"], ascending=[False, True], na_position="last"
    ).index.to_numpy()


def driver_summary(scored: pd.DataFrame, labels: dict[str, str]) -> pd.Series:
    """Per account, its drivers as text: 'Recency (32), Complaints (15)': each driver's label
    (from ``labels``, factor -> label; the factor's key where it has none) and the points it
    adds, rounded half to even, largest first."""
    rows = np.arange(len(scored))
    contributions = np.column_stack(
        [scored[f"{key}_contribution"].to_numpy(dtype=float, na_value=np.nan) for key in FACTORS]
    )
    names = pa.array([labels.get(key, key) for key in FACTORS], pa.string())
    factors = pa.array(FACTORS, pa.large_string())
    parts = []
    for place in range(1, DRIVERS + 1):
        codes = pc.index_in(arrow_text(scored[f"driver_{place}"]), value_set=factors).to_numpy(
            zero_copy_only=False
        )
        named = ~np.isnan(codes)
        at = np.where(named, codes, 0).astype(np.int64)
        points = np.where(named, contributions[rows, at], np.nan)
        whole = pc.round(pa.array(points, from_pandas=True), round_mode="half_to_even")
        shown = pc.fill_null(whole.cast(pa.int64()).cast(pa.string()), "<NA>")
        label = names.take(pa.array(at, mask=~named))
        parts.append(pc.binary_join_element_wise(label, " (", shown, ")", ""))
    # the named drivers joined by ", ", skipping the others; none named gives '' (pyarrow's
    # join with null_handling="skip" drops the rows where every part is null, so such a row's
    # first part is '' instead)
    none = np.logical_and.reduce([part.is_null().to_numpy(zero_copy_only=False) for part in parts])
    parts[0] = pc.if_else(pa.array(none), "", parts[0])
    texts = pc.binary_join_element_wise(*parts, ", ", null_handling="skip")
    return pd.Series(texts.to_numpy(zero_copy_only=False), index=scored.index, dtype=object)


def _ascending(values: pd.Series) -> bool:
    """Whether ``values`` never fall (``is_monotonic_increasing``; compared in arrow for text
    kept in arrow, which pandas would first turn into Python strings)."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        text = arrow_text(values)
        return (
            len(text) < 2
            or pc.all(pc.less_equal(text[:-1], text[1:]), skip_nulls=False).as_py() is True
        )
    return values.is_monotonic_increasing


def risk_scores(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    weights: RiskWeights | None = None,
    *,
    as_of: date | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """The scored customers as of ``as_of`` (default: the analysis date), riskiest first.

    ``weights`` default to the saved ones. As of a day before the analysis date the undated
    factors are left out. Columns: see :func:`score`.
    """
    chosen = weights if weights is not None else load_weights(con)[0]
    end = analysis_date(con)
    inputs = risk_inputs(con, filters, as_of, window_days=window_days)
    leave_out = UNDATED_FACTORS if as_of is not None and end is not None and as_of < end else ()
    return score(inputs, chosen, leave_out=leave_out)
