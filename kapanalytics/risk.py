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
            """
    select account_id, median(gap) as usual_interval_days
    from (
        select
            account_id,
            invoice_date - lag(invoice_date) over (
                partition by account_id order by invoice_date
            ) as gap
        from (
            select account_id, day as invoice_date
            from account_days
            where has_purchase and day <= ? and day > ?
        ) as days
    ) as gaps
    where gap is not null
    group by account_id
    """,
            (day, day - timedelta(days=1095)),
        ),
        Cte(
            "line_facts",
            f"""
    select
        revenue.account_id,
        revenue.revenue_12m,
        revenue.revenue_prev_12m,
        coalesce(breadth.product_groups_12m, 0) as product_groups_12m
    from (
        select
            account_id,
            coalesce(sum(revenue) filter (where day > ?), 0) as revenue_12m,
            coalesce(sum(revenue) filter (where day <= ?), 0) as revenue_prev_12m
        from account_days
        where day <= ? and day > ?
        group by account_id
    ) as revenue
    left join (
        select account_id, count(*) as product_groups_12m
        from (
            select distinct account_id, product_group
            from invoice_lines
            where invoice_date <= ? and invoice_date > ?
                and net_amount > 0 and product_group <> '{NONE_LABEL}'
        ) as groups
        group by account_id
    ) as breadth
        on breadth.account_id = revenue.account_id
    """,
            (year, year, day, two_years, day, year),
        ),
        Cte(
            "purchase_counts",
            """
    select account_id, cast(sum(purchases) as bigint) as purchases_12m
    from account_days
    where purchases > 0 and day <= ? and day > ?
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
        Cte(
            "attitudes",
            f"""
    select account_id, avg(points) as attitude_points
    from (
        select
            account_id,
            {_attitude_case()} as points,
            rank() over (partition by account_id order by influence desc nulls last) as place
        from contacts
        where {_attitude_case()} is not null
    ) as ranked
    where place = 1 and ?::boolean
    group by account_id
    """,
            (day >= end,),
        ),
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
        coalesce(lines.revenue_12m, 0) as revenue_12m,
        coalesce(lines.revenue_prev_12m, 0) as revenue_prev_12m,
        coalesce(counts.purchases_12m, 0) as purchases_12m,
        coalesce(lines.product_groups_12m, 0) as product_groups_12m,
        coalesce(touch.complaints_6m, 0) as complaints_6m,
        touch.days_since_touchpoint,
        coalesce(opps.opportunities_closed, 0) as opportunities_closed,
        coalesce(opps.opportunities_lost, 0) as opportunities_lost,
        attitudes.attitude_points
    from customers
    inner join filtered_accounts as accounts on accounts.account_id = customers.account_id
    inner join purchase_history as history on history.account_id = customers.account_id
    left join purchase_gaps as gaps on gaps.account_id = customers.account_id
    left join line_facts as lines on lines.account_id = customers.account_id
    left join purchase_counts as counts on counts.account_id = customers.account_id
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


def _attitude_case() -> str:
    whens = " ".join(f"when '{k}' then {v}" for k, v in ATTITUDE_POINTS.items())
    return f"case lower(trim(attitude)) {whens} end"


def factor_points(inputs: pd.DataFrame) -> pd.DataFrame:
    """Risk points 0..100 per factor (NaN where missing), one column per :data:`FACTORS`."""
    interval = inputs["usual_interval_days"].where(inputs["usual_interval_days"] > 0)
    fallback = interval.median() if interval.notna().any() else 90.0
    ratio = inputs["days_since_purchase"] / interval.fillna(fallback)
    previous = inputs["revenue_prev_12m"].where(inputs["revenue_prev_12m"] > 0)
    change = (inputs["revenue_12m"] - previous) / previous
    purchases = inputs["purchases_12m"].clip(lower=1).astype(float)
    closed = inputs["opportunities_closed"].where(inputs["opportunities_closed"] > 0)
    touch = inputs["days_since_touchpoint"]
    points = {
        "recency": _clip01((ratio - 1) / 2),
        "revenue_trend": _clip01(-change / 0.5),
        "order_frequency": _clip01(1 - np.log(purchases) / np.log(12)),
        "product_breadth": _clip01((4 - inputs["product_groups_12m"]) / 3),
        "complaints": _clip01(inputs["complaints_6m"] / 2),
        "touchpoint_gap": _clip01((touch - 90) / 275).where(touch.notna(), 1.0),
        "lost_opportunities": inputs["opportunities_lost"] / closed,
        "contact_attitude": inputs["attitude_points"] / 100,
    }
    return pd.DataFrame({k: 100 * v.astype(float) for k, v in points.items()}, index=inputs.index)


def _clip01(values: pd.Series) -> pd.Series:
    return values.astype(float).clip(0, 1)


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
    scored = inputs.copy()
    scored["risk_score"] = np.where(weight_sum > 0, contributions.sum(axis=1), np.nan)
    for i, factor in enumerate(FACTORS):
        scored[factor] = values[:, i]
        scored[f"{factor}_contribution"] = np.where(weight_sum > 0, contributions[:, i], np.nan)
    order = np.argsort(-np.nan_to_num(contributions), axis=1, kind="stable")[:, :DRIVERS]
    names = np.array(FACTORS, dtype=object)
    for place in range(DRIVERS):
        picked = order[:, place]
        positive = np.take_along_axis(contributions, picked[:, None], axis=1)[:, 0] > 0
        scored[f"driver_{place + 1}"] = np.where(positive, names[picked], None)
    return scored.sort_values(
        ["risk_score", "account_id"], ascending=[False, True], ignore_index=True, na_position="last"
    )


def driver_summary(scored: pd.DataFrame, labels: dict[str, str]) -> pd.Series:
    """Per account, its drivers as text: 'Recency (32), Complaints (15)': each driver's label
    (from ``labels``, factor -> label; the factor's key where it has none) and the points it
    adds, rounded half to even, largest first."""
    rows = np.arange(len(scored))
    contributions = np.column_stack(
        [scored[f"{key}_contribution"].to_numpy(dtype=float, na_value=np.nan) for key in FACTORS]
    )
    names = pa.array([labels.get(key, key) for key in FACTORS], pa.string())
    parts = []
    for place in range(1, DRIVERS + 1):
        codes = pd.Categorical(scored[f"driver_{place}"], categories=FACTORS).codes
        named = codes >= 0
        points = np.where(named, contributions[rows, np.maximum(codes, 0)], np.nan)
        whole = pc.round(pa.array(points, from_pandas=True), round_mode="half_to_even")
        shown = pc.fill_null(whole.cast(pa.int64()).cast(pa.string()), "<NA>")
        label = names.take(pa.array(codes, mask=~named))
        parts.append(pc.binary_join_element_wise(label, " (", shown, ")", "").to_pylist())
    # (pyarrow's join with null_handling="skip" drops the rows where every part is null)
    texts = [
        ", ".join(part for part in row if part is not None) for row in zip(*parts, strict=True)
    ]
    return pd.Series(texts, index=scored.index, dtype=object)


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
