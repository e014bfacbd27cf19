"""ABC (Pareto) classes of accounts or groups, their concentration, and how they move.

The classification, exactly as the domain defines it (docs/metrics.md, "ABC analysis"): rank the
units by the measure, descending, ties by id ascending; ``share_before`` = the summed measure of
every unit ranked before it / the total of the positive measures; class A if
``share_before < a``, B if ``share_before < b``, else C; a measure of zero or less is always C.
So the unit that crosses a threshold still belongs to the class below it: with a = 0.8, the
account that takes the cumulative share from 0.75 to 0.85 is an A.

:func:`classify` applies the rule to any frame; :func:`abc_classes` measures the filtered
accounts (or groups) of a period in DuckDB and classifies them. The rest builds on it: the class
summary, the Lorenz curve and Gini coefficient, the revenue-class x margin-class grid and the
migration between two periods.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

from kapanalytics.arrow_frames import query_frame
from kapanalytics.errors import ConfigurationError
from kapanalytics.facts import account_period_ctes
from kapanalytics.filters import Filters, Period
from kapanalytics.staging import Cte, account_groups_cte, staging_ctes, with_query

MEASURES = ("revenue", "contribution_margin", "order_count")
"""What accounts can be ranked by: revenue, contribution margin, or the number of purchases."""

LEVELS = ("account", "group")
"""Rank single accounts, or groups (a top-most parent with every account below it)."""

CLASSES = ("A", "B", "C")
NEW, LOST = "new", "lost"
"""Migration states of a unit ranked in only one of the two periods."""

DEFAULT_A, DEFAULT_B = 0.80, 0.95

MONEY_DECIMALS = 6
"""Money sums are rounded to this many decimals before ranking: the order in which the database
adds up lines must not split two accounts with the same revenue (a tie goes by id)."""

UNIT_COLUMNS = ("account_id", "name", "industry", "region", "owner", "members")
CLASSIFIED_COLUMNS = (
    "rank",
    *UNIT_COLUMNS,
    *MEASURES,
    "share",
    "share_before",
    "cumulative_share",
    "abc_class",
)


def check_parameters(measure: str, a: float, b: float, level: str = "account") -> None:
    """Refuse an unknown measure or level, and thresholds outside 0 < a <= b <= 1."""
    if measure not in MEASURES:
        raise ConfigurationError(
            f"Cannot rank by {measure!r}. Choose one of: {', '.join(MEASURES)}."
        )
    if level not in LEVELS:
        raise ConfigurationError(f"Unknown level {level!r}. Choose one of: {', '.join(LEVELS)}.")
    for name, value in (("a", a), ("b", b)):
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise ConfigurationError(f"The threshold {name} must be a number, not {value!r}.")
    if not 0 < a <= b <= 1:
        raise ConfigurationError(
            f"The thresholds must satisfy 0 < a <= b <= 1 (shares, e.g. a=0.8, b=0.95); "
            f"got a={a}, b={b}."
        )


def classify(
    frame: pd.DataFrame,
    measure: str,
    *,
    a: float = DEFAULT_A,
    b: float = DEFAULT_B,
    id_column: str = "account_id",
) -> pd.DataFrame:
    """``frame`` ranked by ``measure`` with its ABC class.

    Input: one row per unit, an id column and a numeric measure column (a missing measure
    counts as 0). Output: the rows ranked (descending measure, ties by id ascending) with
    ``rank`` (1, 2, ...), ``share`` (measure / total of positive measures),
    ``share_before`` (sum of the measures ranked before / that total), ``cumulative_share``
    (share_before + share) and ``abc_class``: A if share_before < a, B if share_before < b,
    else C; C whenever the measure is <= 0. The shares are NaN when no measure is positive
    (then every unit is C).

    >>> classify(pd.DataFrame({"account_id": ["x", "y"], "revenue": [1.0, 3.0]}), "revenue")[
    ...     ["account_id", "abc_class"]].values.tolist()
    [['y', 'A'], ['x', 'B']]
    """
    if not 0 < a <= b <= 1:
        raise ConfigurationError(f"The thresholds must satisfy 0 < a <= b <= 1; got {a}, {b}.")
    frame = frame.reset_index(drop=True)
    order, measured = _rank_order(frame, measure, id_column)
    ranked = frame.iloc[order].reset_index(drop=True)
    share, share_before, classes = _shares_and_classes(measured, a, b)
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    return ranked.assign(
        share=share,
        share_before=share_before,
        cumulative_share=share_before + share,
        abc_class=classes,
    )


def _rank_order(
    frame: pd.DataFrame, measure: str, id_column: str, in_id_order: bool | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The row positions of ``frame`` in rank order (descending measure, a missing one as 0;
    ties by id ascending, equal ids in row order) and the measure in that order.

    ``in_id_order``: whether the rows are sorted by id already (None: find out).
    """
    # ranked as 0 where missing, but shown as missing
    ranking = pd.to_numeric(frame[measure], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    ids = frame[id_column]
    if in_id_order is None:
        in_id_order = ids.is_monotonic_increasing
    if in_id_order:
        # rows in id order already (as unit_measures returns them): a stable sort by the
        # measure alone keeps ties in id order and spares sorting the ids as texts
        order = np.argsort(-ranking, kind="stable")
    else:
        order = (
            pd.DataFrame({"value": ranking, "id": ids})
            .sort_values(["value", "id"], ascending=[False, True], kind="mergesort")
            .index.to_numpy()
        )
    return order, ranking[order]


def _shares_and_classes(
    measured: np.ndarray, a: float, b: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """share, share_before and the class of each unit, from the measures in rank order."""
    total_positive = measured[measured > 0].sum()
    before = np.concatenate(([0.0], np.cumsum(measured)[:-1]))
    if total_positive > 0:
        share = measured / total_positive
        share_before = before / total_positive
    else:
        share = np.full(len(measured), np.nan)
        share_before = np.full(len(measured), np.nan)
    classes = np.where(
        measured <= 0,
        "C",
        np.where(share_before < a, "A", np.where(share_before < b, "B", "C")),
    )
    return share, share_before, classes


def unit_measures(con: duckdb.DuckDBPyConnection, filters: Filters, level: str) -> pd.DataFrame:
    """Every measure of each filtered account (or group) with lines in ``filters.period``.

    Columns: account_id (the group's top-most account at level group), name, industry, region,
    owner (the group head's, at level group), members (filtered accounts with lines),
    revenue, contribution_margin (NaN without a costed line), order_count (purchases).
    Sorted by account_id. An account without any line in the period is not ranked at all.
    """
    if level not in LEVELS:
        raise ConfigurationError(f"Unknown level {level!r}. Choose one of: {', '.join(LEVELS)}.")
    sql, params = _unit_measures_query(filters, [filters.period], level)
    return _units_of(query_frame(con, sql, params), 0)


MEASURED_COLUMNS = ("members", *MEASURES)
"""What :func:`unit_measures` gives per unit and period besides the unit's attributes."""


def _unit_measures_query(
    filters: Filters, periods: Sequence[Period], level: str
) -> tuple[str, list]:
    """One row per unit with lines in any of ``periods``, ordered by id: account_id, name,
    industry, region, owner, then per period i the :data:`MEASURED_COLUMNS` suffixed ``_i``
    (members 0 and the measures null where the unit has no line in that period)."""
    names = [f"period_{i}" for i in range(len(periods))]
    first = names[0]
    if level == "group":
        unit = "groups.group_id"
        hierarchy = [account_groups_cte()]
        group_join = f"""
    inner join account_groups as groups
        on groups.account_id = {first}.account_id"""
    else:
        # an account is its own unit: no walk through the hierarchy, which costs seconds
        unit, hierarchy, group_join = f"{first}.account_id", [], ""
    marts = [
        cte
        for period, name in zip(periods, names, strict=True)
        for cte in account_period_ctes(period, name)
    ]
    # every period's mart has one row per filtered account
    joins = "".join(
        f"""
    inner join {name}
        on {name}.account_id = {first}.account_id"""
        for name in names[1:]
    )
    measured = ",\n".join(
        f"""
        count(*) filter (where {name}.lines > 0) as members_{i},
        round(
            sum({name}.revenue) filter (where {name}.lines > 0), {MONEY_DECIMALS}
        ) as revenue_{i},
        round(
            sum({name}.contribution_margin) filter (where {name}.lines > 0), {MONEY_DECIMALS}
        ) as contribution_margin_{i},
        cast(sum({name}.purchases) filter (where {name}.lines > 0) as bigint) as order_count_{i}"""
        for i, name in enumerate(names)
    )
    with_lines = " or ".join(f"{name}.lines > 0" for name in names)
    ctes = [
        *staging_ctes(filters),
        *hierarchy,
        *marts,
        Cte(
            "unit_facts",
            f"""
    select
        {unit} as unit_id,{measured}
    from {first}{joins}{group_join}
    where {with_lines}
    group by all
    """,
        ),
    ]
    columns = ",\n".join(
        f"        facts.{column}_{i}" for i in range(len(names)) for column in MEASURED_COLUMNS
    )
    select_sql = f"""
    select
        facts.unit_id as account_id,
        heads.name,
        heads.industry,
        heads.region,
        heads.owner,
{columns}
    from unit_facts as facts
    left join (
        select account_id, min(name) as name, min(industry) as industry,
            min(region) as region, min(owner) as owner
        from accounts
        group by account_id
    ) as heads
        on heads.account_id = facts.unit_id
    order by facts.unit_id
    """
    return with_query(ctes, select_sql)


def _units_of(measured: pd.DataFrame, i: int) -> pd.DataFrame:
    """The units with lines in period ``i`` of :func:`_unit_measures_query`'s rows, with the
    columns of :func:`unit_measures`."""
    units = measured[measured[f"members_{i}"] > 0]
    units = units[[*UNIT_COLUMNS[:-1], *(f"{c}_{i}" for c in MEASURED_COLUMNS)]]
    units = units.rename(columns={f"{c}_{i}": c for c in MEASURED_COLUMNS})
    # a count is whole once the units without lines are gone
    return units.astype({"order_count": "int64"}).reset_index(drop=True)


def abc_classes(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    *,
    measure: str = "revenue",
    a: float = DEFAULT_A,
    b: float = DEFAULT_B,
    level: str = "account",
) -> pd.DataFrame:
    """The ABC classes of the filtered accounts (or groups) with lines in ``filters.period``.

    Columns :data:`CLASSIFIED_COLUMNS`: rank, the unit's id, name, industry, region, owner and
    members, all three measures, and share, share_before, cumulative_share and abc_class of the
    chosen ``measure`` (see :func:`classify`). ``frame.attrs`` holds measure, a, b and level.
    """
    check_parameters(measure, a, b, level)
    classified = classify(unit_measures(con, filters, level), measure, a=a, b=b)
    classified = classified[list(CLASSIFIED_COLUMNS)]
    classified.attrs.update(measure=measure, a=a, b=b, level=level)
    return classified


def class_summary(classified: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One row per class A, B, C: accounts, account_share, revenue, revenue_share, and the
    chosen measure's sum and share when it is not revenue.

    Shares are of the totals over every classified unit (so each column adds up to 1), NaN
    when that total is 0. A class without units shows zeros.
    """
    measures = ["revenue"] if measure == "revenue" else ["revenue", measure]
    grouped = (
        classified.groupby("abc_class", observed=False)
        .agg(accounts=("account_id", "size"), **{m: (m, "sum") for m in measures})
        .reindex(list(CLASSES), fill_value=0)
    )
    summary = pd.DataFrame({"abc_class": list(CLASSES), "accounts": grouped["accounts"].values})
    summary["account_share"] = _shares(summary["accounts"])
    for m in measures:
        summary[m] = grouped[m].astype(float).values
        summary[f"{m}_share"] = _shares(summary[m])
    return summary


def _shares(values: pd.Series) -> pd.Series:
    total = values.sum()
    return values / total if total != 0 else pd.Series(np.nan, index=values.index)


def lorenz_curve(values: Sequence[float] | pd.Series, max_points: int = 500) -> pd.DataFrame:
    """The Lorenz curve of ``values`` (negative values count as 0).

    Units sorted ascending; row k holds ``account_share`` = k / n and ``measure_share`` = the
    share of the total held by the k smallest units, from (0, 0) to (1, 1). Long curves keep
    about ``max_points`` points, always with both ends. Empty when the total is not positive.
    """
    sorted_values = np.sort(np.clip(np.asarray(values, dtype=float), 0, None))
    total = sorted_values.sum()
    if len(sorted_values) == 0 or total <= 0:
        return pd.DataFrame({"account_share": [], "measure_share": []})
    n = len(sorted_values)
    curve = pd.DataFrame(
        {
            "account_share": np.arange(n + 1) / n,
            "measure_share": np.concatenate(([0.0], np.cumsum(sorted_values) / total)),
        }
    )
    if len(curve) > max_points:
        keep = np.unique(np.linspace(0, n, max_points).round().astype(int))
        curve = curve.iloc[keep].reset_index(drop=True)
    return curve


def gini(values: Sequence[float] | pd.Series) -> float:
    """The Gini coefficient of ``values`` (negative values count as 0): 1 - 2 x the area under
    the Lorenz curve, which equals sum_i sum_j |x_i - x_j| / (2 n^2 mean).

    0 when every unit holds the same; (n - 1) / n when one of n units holds everything. NaN
    for no units or a total that is not positive.
    """
    sorted_values = np.sort(np.clip(np.asarray(values, dtype=float), 0, None))
    n, total = len(sorted_values), sorted_values.sum()
    if n == 0 or total <= 0:
        return math.nan
    lorenz = np.concatenate(([0.0], np.cumsum(sorted_values) / total))
    # trapezoids under the curve, each 1/n wide
    area = ((lorenz[:-1] + lorenz[1:]) / 2).sum() / n
    return float(1 - 2 * area)


def class_grid(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    *,
    a: float = DEFAULT_A,
    b: float = DEFAULT_B,
    level: str = "account",
) -> pd.DataFrame:
    """Each unit's revenue class and contribution-margin class, side by side.

    Columns: account_id, name, revenue, contribution_margin, revenue_class, margin_class.
    A unit without any costed line has no margin and is a margin C. :func:`cross_table` turns
    it into the 3x3 grid.
    """
    check_parameters("revenue", a, b, level)
    return class_grid_of(unit_measures(con, filters, level), a=a, b=b)


def class_grid_of(
    units: pd.DataFrame, *, a: float = DEFAULT_A, b: float = DEFAULT_B
) -> pd.DataFrame:
    """:func:`class_grid` of units measured already: the rows of :func:`unit_measures`, or of
    :func:`abc_classes` by any measure (it holds every unit with both measures), in any order.
    """
    if not units["account_id"].is_monotonic_increasing:
        # in id order, the rankings below need not sort the ids
        units = units.iloc[units["account_id"].array.argsort(kind="stable")]
    units = units.reset_index(drop=True)
    in_id_order = units["account_id"].is_monotonic_increasing
    grid = units[["account_id", "name", "revenue", "contribution_margin"]].assign(
        revenue_class=_classes(units, "revenue", a, b, in_id_order),
        margin_class=_classes(units, "contribution_margin", a, b, in_id_order),
    )
    if in_id_order and grid["revenue"].notna().all():
        # then the order by revenue and id is the revenue ranking
        by_revenue, _ = _rank_order(grid, "revenue", "account_id", in_id_order)
        return grid.iloc[by_revenue].reset_index(drop=True)
    return grid.sort_values(["revenue", "account_id"], ascending=[False, True], ignore_index=True)


def _classes(
    units: pd.DataFrame, measure: str, a: float, b: float, in_id_order: bool | None = None
) -> np.ndarray:
    """The ABC class of each row of ``units`` by ``measure`` (as :func:`classify` gives it),
    in the rows' order."""
    order, measured = _rank_order(units.reset_index(drop=True), measure, "account_id", in_id_order)
    classes = np.empty(len(order), dtype="<U1")
    classes[order] = _shares_and_classes(measured, a, b)[2]
    return classes


def migration(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    before: Period,
    *,
    measure: str = "revenue",
    a: float = DEFAULT_A,
    b: float = DEFAULT_B,
    level: str = "account",
) -> pd.DataFrame:
    """How units move between their class in ``before`` and in ``filters.period``.

    Each period is classified on its own (same measure, thresholds and filters). Columns:
    account_id, name, class_before (A, B, C, or ``new`` when the unit had no line in
    ``before``), class_after (A, B, C, or ``lost`` when it has no line in the period), and
    measure_before, measure_after (NaN where it had no line). Sorted by measure_after
    descending, then measure_before, then id.
    """
    check_parameters(measure, a, b, level)
    # both periods in one query, one row per unit with lines in either: the accounts and
    # their names are read once, and the two classifications need no join afterwards
    sql, params = _unit_measures_query(filters, [filters.period, before], level)
    measured = query_frame(con, sql, params)
    moves = measured[["account_id", "name"]].copy()
    for i, side, absent in ((1, "before", NEW), (0, "after", LOST)):
        has_lines = (measured[f"members_{i}"] > 0).to_numpy()
        classes = np.full(len(measured), absent, dtype=object)
        classes[has_lines] = _classes(_units_of(measured, i), measure, a, b)
        moves[f"class_{side}"] = pd.Series(classes, dtype=str)
    for i, side in ((1, "before"), (0, "after")):
        # null where the unit has no line in the period
        moves[f"measure_{side}"] = measured[f"{measure}_{i}"]
    if moves["account_id"].is_monotonic_increasing:
        # rows in id order already: a stable sort by the two measures (NaN last) keeps ties
        # in id order
        after = moves["measure_after"].to_numpy(dtype=float)
        before_values = moves["measure_before"].to_numpy(dtype=float)
        moves = moves.iloc[np.lexsort((-before_values, -after))].reset_index(drop=True)
    else:
        moves = moves.sort_values(
            ["measure_after", "measure_before", "account_id"],
            ascending=[False, False, True],
            na_position="last",
            ignore_index=True,
        )
    moves.attrs.update(measure=measure, a=a, b=b, level=level)
    return moves


MIGRATION_FROM = (*CLASSES, NEW)
MIGRATION_TO = (*CLASSES, LOST)


def cross_table(
    frame: pd.DataFrame,
    rows: str,
    columns: str,
    row_values: Sequence[str],
    column_values: Sequence[str],
    value: str | None = None,
) -> pd.DataFrame:
    """Counts of units (or sums of ``value``) per pair of ``rows`` x ``columns`` values.

    Every listed value is a row or column, also when empty (0). Index: the row values;
    columns: the column values.
    """
    if value is None:
        table = pd.crosstab(frame[rows], frame[columns])
    else:
        table = pd.crosstab(frame[rows], frame[columns], values=frame[value], aggfunc="sum")
    table = table.reindex(index=list(row_values), columns=list(column_values)).fillna(0)
    table.index.name, table.columns.name = rows, columns
    return table


def cell_members(frame: pd.DataFrame, rows: str, row_value: str, columns: str, column_value: str):
    """The units behind one cell of :func:`cross_table` (``rows == row_value`` and
    ``columns == column_value``), in the frame's order."""
    chosen = (frame[rows] == row_value) & (frame[columns] == column_value)
    return frame[chosen].reset_index(drop=True)
