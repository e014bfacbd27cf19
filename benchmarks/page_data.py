"""The data behind every page: the library calls a page makes on its first render.

One function ``(con, filters) -> None`` per page of dashboard.py's NAVIGATION, registered in
:data:`PAGES` under the page's URL path. Each calls exactly the ``kapanalytics`` functions the
page calls when it opens with its widgets at their defaults (the sidebar's default period, no
account filter, the first choice of every box), in the page's order, so timing one measures
what the page waits for before it can draw. What pages only lay out (texts, formatting,
charts) is left out.

Calls the page makes through ``pages/_ui.py:query`` (cached by data version) go through
:func:`query` here; the rest (pandas on frames already fetched) the page makes on every run,
and so does the function. ``with through(cached): PAGES[name](con, filters)`` runs a page as
the dashboard does on a rerun, every query taken from its cache: see ``benchmarks/run.py``.

A page that changes what it computes on its first render should change its function here; the
test ``tests/test_bench_page_data.py`` fails when a page of NAVIGATION has no function.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import timedelta
from typing import TypeVar

import duckdb
import pandas as pd

from kapanalytics import (
    abc,
    account360,
    budget,
    churn,
    divisions,
    facts,
    keyaccounts,
    lost,
    opportunities,
    orgchart,
    plan_review,
    plans,
    portfolio,
    potential,
    powermap,
    ratings,
    retention,
    risk,
    risk_backtest,
    store,
    survival,
    touchpoints,
    winback,
)
from kapanalytics import filters as flt
from kapanalytics import profitability as pf
from kapanalytics import selection_configs as sc
from kapanalytics import selection_view as sv
from kapanalytics.criteria import account_criteria_frame
from kapanalytics.i18n import t
from kapanalytics.ingest import import_history, quarantine_rows
from kapanalytics.metrics_catalog import metric_definitions
from kapanalytics.scoring import SelectionConfig, default_config, score_accounts
from kapanalytics.table_view import ROW_CHOICES, first_rows, matching_rows

PageData = Callable[[duckdb.DuckDBPyConnection, flt.Filters], None]
T = TypeVar("T")

# the pages' fixed choices on first render (pages/*.py, pages/_*.py)
STABILITY_DRAWS, STABILITY_SPREAD, STABILITY_SEED = 500, 0.2, 0
MATRIX_MAX_POINTS = 2_000
OVERVIEW_TOP_N = 20
POTENTIAL_TOP_N = 30
GRAIN = "year"
"""The retention pages' period grain on first render."""


# ---- how a page's queries run ------------------------------------------------------------------


class Runner:
    """How a page's cached calls run: computed every time (this class), or taken from a cache
    (``benchmarks/run.py``: the pages' ``st.cache_data``)."""

    def query(self, con: duckdb.DuckDBPyConnection, func: Callable, *args, **kwargs):
        """``pages/_ui.py:query(func, *args, **kwargs)``."""
        return func(con, *args, **kwargs)

    def remember(self, con: duckdb.DuckDBPyConnection, key: str, compute: Callable[[], T]) -> T:
        """A result a page caches under a name of its own (``key``) instead of its inputs."""
        return compute()


_runner = Runner()


def query(con: duckdb.DuckDBPyConnection, func: Callable, *args: object, **kwargs: object):
    """What a page gets from ``pages/_ui.py:query(func, *args, **kwargs)``."""
    return _runner.query(con, func, *args, **kwargs)


@contextmanager
def through(runner: Runner) -> Iterator[None]:
    """Run the pages' cached calls through ``runner`` (e.g. a cache) inside the block."""
    global _runner
    before, _runner = _runner, runner
    try:
        yield
    finally:
        _runner = before


# ---- what every page shares --------------------------------------------------------------------


def navigation_paths() -> list[str]:
    """The URL path of every page of dashboard.py's NAVIGATION, in its order (read from the
    source: importing dashboard.py would run the app)."""
    source = (store.PROJECT_ROOT / "dashboard.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "NAVIGATION":
            navigation = ast.literal_eval(node.value)
            return [url for group in navigation.values() for *_, url in group]
    raise RuntimeError("dashboard.py has no NAVIGATION table")


def sidebar(con: duckdb.DuckDBPyConnection) -> flt.Filters | None:
    """The sidebar's queries on every page (``pages/_ui.py:sidebar_filters``) and the filters
    it gives by default: the last 12 months up to the last invoice date, every account. None
    when there are no invoice lines."""
    span = query(con, flt.data_date_range)
    if span is None:
        return None
    period = flt.last_12_months(span[1])
    query(con, flt.filter_options)
    return flt.Filters(period=period)


def selection_config(con: duckdb.DuckDBPyConnection) -> SelectionConfig:
    """The configuration a session starts from (``pages/_selection_ui.py:draft``): the saved
    one called ``default``, else the built-in starting configuration."""
    if sc.latest_version(con, sc.DEFAULT_CONFIG_NAME):
        return sc.load_config(con, sc.DEFAULT_CONFIG_NAME).config
    return default_config(sc.DEFAULT_CONFIG_NAME)


def selection_filters(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> flt.Filters:
    """The sidebar's account filters over the selection's own 12 months."""
    return filters.with_period(query(con, flt.default_period))


def scored_selection(
    con: duckdb.DuckDBPyConnection, filters: flt.Filters, config: SelectionConfig
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``pages/_selection_ui.py:scored_selection``: criteria frame, scores, ranked list; the
    scores and the list cached by data version, filters, level and configuration."""
    frame = query(con, account_criteria_frame, selection_filters(con, filters), level=config.level)
    key_accounts = query(con, keyaccounts.current_key_accounts)
    decisions = query(con, keyaccounts.decision_history)
    config_json = json.dumps(config.to_dict(), sort_keys=True)
    key = f"scored|{selection_filters(con, filters)!r}|{config.level}|{config_json}"

    def compute() -> tuple[pd.DataFrame, pd.DataFrame]:
        scored = score_accounts(frame, config)
        scored["is_key_account"] = scored["account_id"].isin(set(key_accounts))
        return scored, sc.ranked_with_decisions(scored, config, key_accounts, decisions)

    scored, ranked = _runner.remember(con, key, compute)
    return frame, scored, ranked


def picked_account(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> str:
    """The account the account pages open on (``pages/_accounts.py:account_page``): the first
    the search lists, key accounts and the largest first."""
    query(con, account360.search_accounts, "", None, limit=1)
    return query(con, account360.search_accounts, "", filters)["account_id"].iloc[0]


def largest_account(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> str:
    """The account with the most revenue in the period."""
    return facts.top_accounts(con, filters, 1)["account_id"].iloc[0]


# ---- portfolio ---------------------------------------------------------------------------------


def overview(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    query(con, store.main_currency)
    query(con, facts.overview_kpis, filters)
    query(con, flt.count_accounts, filters)
    query(con, facts.revenue_by_month, filters)
    for dimension in ("product_group", "region"):
        query(con, facts.revenue_by_dimension, filters, dimension)
    query(con, facts.top_accounts, filters, OVERVIEW_TOP_N)


def selection(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    query(con, store.main_currency)
    config = selection_config(con)
    saved = query(con, sc.list_configs)
    frame, scored, ranked = scored_selection(con, filters, config)
    baseline = sv.baseline_name(saved, config.name)
    movement = sc.rank_movement(con, frame, config, against=baseline) if baseline else None
    sv.ranked_table(ranked, movement, config)
    top_n = sv.first_class_size(config, ranked)
    sv.score_breakdown(scored, ranked["account_id"].iloc[0], config)
    # the stability waits until its tab is opened: benchmarks/run.py's extra.stability
    if not saved.empty:
        # the comparison opens on the first saved configuration against the one on screen
        first = query(con, sc.load_config, saved["name"].iloc[0]).config
        if first.level == config.level:
            compare_frame = query(
                con, account_criteria_frame, selection_filters(con, filters), level=first.level
            )
            sv.top_n_changes(sc.compare_configs(compare_frame, first, config, top_n=top_n))
        if sc.latest_version(con, sc.DEFAULT_CONFIG_NAME):
            # a session that started from the saved default shows its history
            query(con, sc.config_history, sc.DEFAULT_CONFIG_NAME)


def matrix(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    query(con, store.main_currency)
    config = selection_config(con)
    frame, scored, ranked = scored_selection(con, filters, config)
    x_axis, y_axis = next(iter(portfolio.X_AXES)), next(iter(portfolio.Y_AXES))
    x_name, y_name = portfolio.X_AXES[x_axis], portfolio.Y_AXES[y_axis]
    window = flt.last_12_months(frame.attrs["as_of"])
    classified = query(con, abc.abc_classes, filters.with_period(window), level=config.level)
    config_json = json.dumps(config.to_dict(), sort_keys=True)
    key = f"matrix|{selection_filters(con, filters)!r}|{config_json}|{x_axis}|{y_axis}|median"

    def compute() -> tuple[pd.DataFrame, pd.DataFrame]:
        points = portfolio.portfolio_matrix(scored, x_axis, y_axis, "median")
        points = sv.with_abc_class(points, classified)
        return points, sv.largest_points(points, MATRIX_MAX_POINTS)

    points, drawn = _runner.remember(con, key, compute)
    definitions = metric_definitions()
    for axis, name in (("x", x_name), ("y", y_name)):
        if definitions[name]["unit"] in ("ratio", "money"):
            sv.axis_range(points[axis], float(points[f"{axis}_line"].iloc[0]))
    sv.quadrant_summary(points)
    if len(drawn):
        sv.score_breakdown(scored, drawn["account_id"].iloc[0], config)
    portfolio.prospects_and_underserved(frame, potential_quantile=0.75, max_share_of_wallet=0.10)


def decisions(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    config = selection_config(con)
    frame, scored, ranked = scored_selection(con, filters, config)
    sv.key_account_review(ranked)
    query(con, keyaccounts.decision_history, account_ids=filters.account_ids)
    accounts = query(con, account_criteria_frame, selection_filters(con, filters), level="account")
    if config.level == "account":
        order = ranked[["account_id", "name"]]
    else:
        order = accounts.sort_values(["revenue_l12m", "account_id"], ascending=[False, True])
    shown = first_rows(matching_rows(order, "", ("name", "account_id")), ROW_CHOICES[0])
    ids = tuple(shown["account_id"])
    before = query(con, ratings.ratings_table, ids)
    ratings.changed_ratings(before, before)
    query(con, ratings.latest_ratings, ids)


# ---- accounts ----------------------------------------------------------------------------------


def account_360(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    account_360_of(con, picked_account(con, filters))


def account_360_of(con: duckdb.DuckDBPyConnection, account_id: str) -> None:
    """The account 360 page's calls for ``account_id``."""
    query(con, store.main_currency)
    as_of = query(con, account360.as_of_date)
    query(con, account360.account_profile, account_id)
    status = account360.standing_of(
        query(con, account360.portfolio_standing),
        account_id,
        query(con, account360.budget_standing, account_id),
    )
    query(con, account360.key_figures, account_id)
    query(con, account360.revenue_by_product_group, account_id)
    query(con, account360.account_white_space, account_id)
    query(con, account360.account_opportunities, account_id)
    everyone = flt.Filters(period=flt.last_12_months(as_of))
    year = as_of.year
    query(con, budget.budget_by_month, everyone, year=year, account_id=account_id)
    query(
        con,
        budget.budget_vs_actual,
        everyone,
        year=year,
        level="product_group",
        account_id=account_id,
    )
    timeline = query(con, touchpoints.touchpoint_timeline, [account_id], as_of)
    cadence_class = touchpoints.cadence_class(status["is_key_account"], status["abc_class"])
    touchpoints.cadence(timeline, as_of, cadence_class)
    touchpoints.touchpoints_by_month(timeline, as_of)
    contacts = query(con, powermap.power_map_contacts, account_id, include_divisions=False)
    touchpoints.decision_makers(contacts)
    query(con, divisions.divisions_matrix, account_id)


def power_map(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    account_id = picked_account(con, filters)
    query(con, account360.as_of_date)
    query(con, account360.account_profile, account_id)
    contacts = query(con, powermap.power_map_contacts, account_id, include_divisions=True)
    powermap.power_map_warnings(contacts)
    family = query(con, powermap.account_family, account_id)
    companies = query(con, orgchart.family_accounts, family)
    orgchart.org_chart(contacts, companies, account_id)
    query(con, powermap.edit_history, account_id)
    editable = contacts[["contact_id", *powermap.EDITABLE_FIELDS]]
    powermap.changed_contacts(editable, editable)


def plan(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    account_id = picked_account(con, filters)
    query(con, store.main_currency)
    as_of = query(con, account360.as_of_date)
    query(con, account360.account_profile, account_id)
    latest = query(con, plans.load_plan, account_id)
    base = query(con, plans.load_plan, account_id, latest.version) if latest else None
    account_plan = base.plan if base else plans.Plan()
    status = account360.standing_of(
        query(con, account360.portfolio_standing),
        account_id,
        query(con, account360.budget_standing, account_id),
    )
    query(con, account360.key_figures, account_id)
    deals = query(con, account360.account_opportunities, account_id)
    contacts = query(con, powermap.power_map_contacts, account_id)
    white = query(con, account360.account_white_space, account_id)
    account360.plan_prompts(status, white, deals, powermap.power_map_warnings(contacts))
    for key in ("actions", "relationship_plan", "marketing_calendar"):
        plans.section_frame(account_plan, key)
    plan_review.action_list(account_plan, as_of)
    plan_review.section_reviews(account_plan, as_of, plan_review.DEFAULT_REVIEW_DAYS)
    history = query(con, plans.plan_versions, account_id)
    if len(history):
        numbers = history["version"].tolist()
        old, new = numbers[min(1, len(numbers) - 1)], numbers[0]
        plans.compare_plans(
            query(con, plans.load_plan, account_id, old).plan,
            query(con, plans.load_plan, account_id, new).plan,
        )


def plans_overview(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    query(con, account360.search_accounts, "", None, limit=1)
    query(con, plan_review.judged_day)
    query(
        con,
        plan_review.plans_overview,
        review_days=plan_review.DEFAULT_REVIEW_DAYS,
        filters=filters,
    )


# ---- controlling -------------------------------------------------------------------------------


def abc_page(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    query(con, store.main_currency)
    measure, level, a, b = "revenue", "account", abc.DEFAULT_A, abc.DEFAULT_B
    abc.check_parameters(measure, a, b, level)
    classified = query(con, abc.abc_classes, filters, measure=measure, a=a, b=b, level=level)
    abc.class_summary(classified, measure)
    abc.gini(classified[measure])
    abc.lorenz_curve(classified[measure])
    classes = _runner.remember(
        con,
        f"abc_class_grid|{filters!r}|{measure}|{a}|{b}|{level}",
        lambda: abc.class_grid_of(classified, a=a, b=b),
    )
    abc.cross_table(classes, "revenue_class", "margin_class", abc.CLASSES, abc.CLASSES)
    abc.cell_members(classes, "revenue_class", "A", "margin_class", "C")
    before = filters.period.previous()
    moved = query(con, abc.migration, filters, before, measure=measure, a=a, b=b, level=level)
    abc.cross_table(moved, "class_before", "class_after", abc.MIGRATION_FROM, abc.MIGRATION_TO)
    abc.cell_members(moved, "class_before", "A", "class_after", "B")


def potential_page(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    query(con, store.main_currency)
    accounts = query(con, potential.wallet, filters, level="account")
    potential.wallet_overall(accounts)
    potential.wallet_totals(accounts, "region")
    accounts_and_spend = query(con, potential.group_spend, filters)
    _runner.remember(
        con,
        f"product_matrix|{filters!r}|{POTENTIAL_TOP_N}",
        lambda: potential.product_matrix_of(*accounts_and_spend, top_n=POTENTIAL_TOP_N),
    )
    rule = potential.PeerRule()
    cells = _runner.remember(
        con,
        f"white_space_cells|{filters!r}|{rule!r}",
        lambda: potential.find_white_space(*accounts_and_spend, rule),
    )
    if not cells.empty:
        account_id, group = cells["account_id"].iloc[0], cells["product_group"].iloc[0]
        _runner.remember(
            con,
            f"white_space_peers|{filters!r}|{account_id}|{group}",
            lambda: potential.white_space_peers_of(
                *accounts_and_spend, filters.account_ids, account_id, group
            ),
        )


def profitability_page(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    query(con, store.main_currency)
    defaults = pf.CostRates()
    rates = pf.CostRates(**{f.name: float(getattr(defaults, f.name)) for f in fields(pf.CostRates)})
    frame = query(con, pf.with_classes, filters, rates, a=abc.DEFAULT_A, b=abc.DEFAULT_B)
    if frame.empty:
        return
    pf.whale_summary(pf.whale_curve(frame))
    pf.by_class(frame)
    pf.loss_makers(frame)
    pf.c_customers(frame)


def budget_page(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    query(con, store.main_currency)
    years = query(con, budget.budget_years)
    if not years:
        return
    year, lights = years[0], {"green_from": 1.0, "amber_from": 0.9}
    budget.LightThresholds(**lights)
    query(con, budget.budget_vs_actual, filters, year=year, level="portfolio", **lights)
    query(con, budget.budget_by_month, filters, year=year)
    accounts = query(con, budget.budget_vs_actual, filters, year=year, level="account", **lights)
    if accounts.empty:
        return
    account_id = accounts["account_id"].iloc[0]
    query(
        con,
        budget.budget_vs_actual,
        filters,
        year=year,
        level="product_group",
        account_id=account_id,
        **lights,
    )
    query(
        con, budget.budget_by_month, filters, year=year, account_id=account_id, product_group=None
    )


# ---- retention ---------------------------------------------------------------------------------


def churn_page(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    window = churn.DEFAULT_WINDOW_DAYS
    query(con, store.main_currency)
    query(con, retention.period_retention, filters)
    query(con, retention.period_retention, filters.with_period(filters.period.previous()))
    query(con, retention.retention_rates, filters, GRAIN, None)
    query(con, churn.customer_flow, filters, GRAIN, window_days=window)
    query(con, retention.revenue_bridge, filters, GRAIN)


def cohorts(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    cells = query(con, retention.cohort_retention, filters, GRAIN)
    if cells.empty:
        return
    # the range slider opens on the last 24 cohorts
    starts = sorted(cells["cohort_start"].unique())
    shown = cells[cells["cohort_start"].between(starts[max(0, len(starts) - 24)], starts[-1])]
    retention.cohort_matrix(shown, "customers")


def survival_page(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    window = churn.DEFAULT_WINDOW_DAYS
    dimension = survival.SURVIVAL_DIMENSIONS[0]
    lives = query(con, survival.lifetimes, filters, dimension, window_days=window)
    if lives.empty:
        return
    sizes = lives["segment"].value_counts()
    segments = sorted(sizes.index, key=lambda s: (-sizes[s], str(s)))[:5]
    survival.kaplan_meier(lives, segments)
    survival.log_rank(lives, segments)
    survival.kaplan_meier(lives.assign(segment=survival.ALL_ACCOUNTS))


def lost_page(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    window = churn.DEFAULT_WINDOW_DAYS
    query(con, store.main_currency)
    lost_list = query(con, lost.lost_accounts, filters, window_days=window)
    lost.reason_coding_by_owner(lost_list)
    if not lost_list.empty:
        lost.pareto(lost_list, lost.PARETO_DIMENSIONS[0], "accounts")
    query(con, lost.reasons_over_time, filters, GRAIN, window_days=window)
    query(con, opportunities.win_rates, filters)
    by = next(d for d in opportunities.WIN_RATE_DIMENSIONS if d != "overall")
    query(con, opportunities.win_rates, filters, by)
    query(con, opportunities.lost_opportunities, filters)


def win_back(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    window = churn.DEFAULT_WINDOW_DAYS
    query(con, store.main_currency)
    saved, _version = query(con, winback.load_config)
    reasons = sorted({*saved.recoverable, *saved.unrecoverable, *query(con, winback.known_reasons)})
    recoverable = [r for r in saved.recoverable if r in reasons]
    config = winback.WinBackConfig(
        tuple(recoverable),
        tuple(r for r in saved.unrecoverable if r in reasons and r not in recoverable),
        saved.unknown_factor,
        int(saved.half_life_days),
        int(saved.max_years),
    )
    query(con, winback.candidates, filters, config, window_days=window)
    query(con, winback.win_back_rates, filters, GRAIN, window_days=window)
    query(con, winback.reactivated_accounts, filters, GRAIN, window_days=window)


def early_warning(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    window = churn.DEFAULT_WINDOW_DAYS
    saved, _version = query(con, risk.load_weights)
    config = risk.RiskWeights({f: float(saved.weights.get(f, 0.0)) for f in risk.FACTORS})
    scored = query(con, risk.risk_scores, filters, config, window_days=window)
    labels = {f: t(f"retention.factor.{f}", "en") for f in risk.FACTORS}
    scores_key = f"{filters!r}|{config!r}|{window}"
    _runner.remember(
        con, f"risk_drivers|{scores_key}|en", lambda: risk.driver_summary(scored, labels)
    )
    as_of = query(con, facts.analysis_date) - timedelta(days=window)
    frame = query(
        con, risk_backtest.backtest_frame, filters, config, as_of=as_of, window_days=window
    )
    _runner.remember(
        con,
        f"risk_backtest|{scores_key}|{as_of}",
        lambda: (
            risk_backtest.backtest_summary(frame).set_index("model"),
            risk_backtest.calibration(frame),
            {model: risk_backtest.roc_curve(frame, model) for model in risk_backtest.MODELS},
        ),
    )


# ---- data --------------------------------------------------------------------------------------


def data_import(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    """The import page asks the library nothing until a file is uploaded."""


def tables(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> None:
    query(con, store.table_row_counts)
    query(con, import_history)
    query(con, quarantine_rows)
    query(con, store.first_rows, "accounts", 200)


PAGES: dict[str, PageData] = {
    "overview": overview,
    "selection": selection,
    "matrix": matrix,
    "decisions": decisions,
    "account-360": account_360,
    "power-map": power_map,
    "plan": plan,
    "plans": plans_overview,
    "abc": abc_page,
    "potential": potential_page,
    "profitability": profitability_page,
    "budget": budget_page,
    "churn": churn_page,
    "cohorts": cohorts,
    "survival": survival_page,
    "lost": lost_page,
    "win-back": win_back,
    "early-warning": early_warning,
    "import": data_import,
    "tables": tables,
}
"""Page URL path (dashboard.py's NAVIGATION) -> the data behind the page."""
