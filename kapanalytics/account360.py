"""One customer at a glance: who it is, where it stands, and its figures against its peers.

Everything is as of the analysis date ``as_of`` (the last invoice date) and over the whole
portfolio, whatever the sidebar filters show: an account's ABC class, key-account status, risk
score and share of wallet are its standing among all accounts, computed by the modules that
define them (:mod:`abc`, :mod:`keyaccounts`, :mod:`scoring`, :mod:`risk`, :mod:`potential`,
:mod:`budget`). Definitions: docs/metrics.md, "Account 360".

Key figures run over the five 12-month windows ending on ``as_of`` (the last 12 months, the 12
before, ...), so the latest is always a whole year. The **industry peers** of an account in a
window are the other accounts of its industry with a purchase in that window; each figure is
compared with their median.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from kapanalytics import abc, budget, keyaccounts, potential, risk, scoring
from kapanalytics.criteria import account_criteria_frame
from kapanalytics.errors import ConfigurationError
from kapanalytics.facts import analysis_date
from kapanalytics.filters import Filters, Period, account_filter_sql, last_12_months
from kapanalytics.powermap import account_family
from kapanalytics.staging import Cte, account_days_cte, invoice_lines_cte, with_query

YEARS = 5
KEY_FIGURES = ("revenue", "contribution_margin", "share_of_wallet", "order_count")
SEARCH_LIMIT = 50


def as_of_date(con: duckdb.DuckDBPyConnection, as_of: date | None = None) -> date:
    """``as_of``, else the analysis date; :class:`ConfigurationError` without invoice lines."""
    day = as_of or analysis_date(con)
    if day is None:
        raise ConfigurationError("There are no invoice lines yet. Import transactions first.")
    return day


def windows(as_of: date, years: int = YEARS) -> list[Period]:
    """The ``years`` 12-month windows ending on ``as_of``, oldest first."""
    periods, end = [], as_of
    for _ in range(years):
        period = last_12_months(end)
        periods.append(period)
        end = period.start - timedelta(days=1)
    return periods[::-1]


# ---- finding an account -----------------------------------------------------------------------


def search_accounts(
    con: duckdb.DuckDBPyConnection,
    text: str = "",
    filters: Filters | None = None,
    *,
    limit: int = SEARCH_LIMIT,
) -> pd.DataFrame:
    """Accounts whose id or name contains ``text`` (any case), at most ``limit`` of them.

    Only the accounts the account filters of ``filters`` choose. Order: an exact id first,
    then key accounts, then revenue of the last 12 months descending, then id. Columns:
    account_id, name, industry, owner, is_key_account, revenue_l12m.
    """
    as_of = analysis_date(con) or date.today()
    window = last_12_months(as_of)
    condition, params = account_filter_sql(filters, "a") if filters is not None else ("true", [])
    needle = (text or "").strip().lower()
    sql, all_params = with_query(
        [keyaccounts.key_accounts_cte()],
        f"""
    select
        a.account_id,
        a.name,
        a.industry,
        a.owner,
        k.account_id is not null as is_key_account,
        coalesce(r.revenue, 0) as revenue_l12m
    from accounts as a
    left join key_accounts as k on k.account_id = a.account_id
    left join (
        -- each day's lines summed once at import: a year of account days, not of lines
        select account_id, sum(revenue) as revenue
        from staged_account_days
        where day between ? and ?
        group by account_id
    ) as r on r.account_id = a.account_id
    where {condition}
        and (? = '' or contains(lower(a.account_id), ?) or contains(lower(a.name), ?))
    order by
        lower(a.account_id) = ? desc,
        is_key_account desc,
        revenue_l12m desc,
        a.account_id
    limit ?
    """,
        (window.start, window.end, *params, needle, needle, needle, needle, int(limit)),
    )
    return con.execute(sql, all_params).df()


def account_profile(con: duckdb.DuckDBPyConnection, account_id: str) -> dict:
    """The account's CRM record with its group and divisions.

    Keys: every ``accounts`` column, group_id and group_name (the top-most account above it,
    itself when it has none), parent_name, divisions (list of (account_id, name) below it),
    is_key_account, key_account_since (date of the decision that made it one, or None).
    Raises :class:`ConfigurationError` for an unknown account.
    """
    frame = con.execute("select * from accounts where account_id = ? limit 1", [account_id]).df()
    if frame.empty:
        raise ConfigurationError(
            f"There is no account {account_id!r}. Search by id or name to find it."
        )
    profile = {k: (None if _missing(v) else v) for k, v in frame.iloc[0].to_dict().items()}
    group_id = group_head(con, account_id)
    profile["group_id"] = group_id
    profile["group_name"] = _name(con, group_id)
    profile["parent_name"] = _name(con, profile.get("parent_account_id"))
    below = [a for a in account_family(con, account_id) if a != account_id]
    profile["divisions"] = con.execute(
        "select account_id, min(name) as name from accounts"
        " where list_contains(?::varchar[], account_id)"
        " group by account_id order by name, account_id",
        [below],
    ).fetchall()
    history = keyaccounts.decision_history(con, account_id)
    latest = history.iloc[0] if len(history) else None
    profile["is_key_account"] = bool(latest is not None and latest["is_key_account"])
    profile["key_account_since"] = (
        latest["decided_at"].date() if profile["is_key_account"] else None
    )
    return profile


def group_head(con: duckdb.DuckDBPyConnection, account_id: str) -> str:
    """The top-most account above ``account_id`` through ``parent_account_id`` (itself when it
    has no parent; a parent id naming no account, or a loop of parents, ends the chain)."""
    seen, current = {account_id}, account_id
    while True:
        row = con.execute(
            "select parent_account_id from accounts where account_id = ? limit 1", [current]
        ).fetchone()
        parent = row[0] if row else None
        exists = (
            parent
            and con.execute(
                "select count(*) from accounts where account_id = ?", [parent]
            ).fetchone()[0]
        )
        if not exists or parent in seen:
            return current
        seen.add(parent)
        current = parent


def _name(con: duckdb.DuckDBPyConnection, account_id: str | None) -> str | None:
    if not account_id:
        return None
    row = con.execute(
        "select min(name) from accounts where account_id = ?", [account_id]
    ).fetchone()
    return row[0] if row else None


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value))


# ---- its standing in the portfolio ------------------------------------------------------------


# what an account's standing reads of the selection's scores and of the wallet
_SELECTION_FIGURES = ("won_opportunities", "lost_opportunities", "win_rate", "open_pipeline")
_WALLET_FIGURES = ("annual_potential", "revenue_l12m", "share_of_wallet", "white_space")


@dataclass(frozen=True)
class PortfolioStanding:
    """The portfolio-wide results an account's standing is read from (one row per account in
    each frame), computed once by :func:`portfolio_standing` for every account's page."""

    abc: pd.DataFrame
    key_accounts: frozenset
    scored: pd.DataFrame
    risk: pd.DataFrame
    wallet: pd.DataFrame


def portfolio_standing(
    con: duckdb.DuckDBPyConnection, *, as_of: date | None = None
) -> PortfolioStanding:
    """Every account's ABC class, selection score, risk score and wallet as of ``as_of``
    (the analysis date by default), over all accounts: what :func:`standing_of` picks from."""
    as_of = as_of_date(con, as_of)
    everyone = Filters(period=last_12_months(as_of))
    # one criteria frame for the selection score and the wallet (both of every account)
    frame = account_criteria_frame(con, everyone, as_of=as_of)
    # the score and class of every account, as score_accounts gives them, without the
    # contributions an account's standing does not show
    ranked = scoring.Scorer.from_frame(frame, _selection_config(con)).rescore()
    scored = ranked[["account_id", "score", "class"]].merge(
        frame[["account_id", *_SELECTION_FIGURES]], on="account_id"
    )
    # only the columns read from them: a cache hands out a copy on every page run; the
    # wallet's figures are the criteria frame's (potential.wallet_of adds only attributes)
    return PortfolioStanding(
        abc=abc.abc_classes(con, everyone)[["account_id", "abc_class", "rank"]],
        key_accounts=frozenset(keyaccounts.current_key_accounts(con)),
        scored=scored,
        risk=risk.risk_scores(con, everyone, as_of=as_of)[
            ["account_id", "risk_score", "driver_1", "driver_2", "driver_3"]
        ],
        wallet=frame[["account_id", *_WALLET_FIGURES]],
    )


def budget_standing(
    con: duckdb.DuckDBPyConnection, account_id: str, *, as_of: date | None = None
) -> pd.DataFrame:
    """The account's budget against actual of the year of ``as_of``, year to date
    (:func:`budget.budget_vs_actual`; no row without a budget this year)."""
    as_of = as_of_date(con, as_of)
    everyone = Filters(period=last_12_months(as_of))
    return budget.budget_vs_actual(con, everyone, year=as_of.year, account_id=account_id)


def standing_of(standing: PortfolioStanding, account_id: str, plan: pd.DataFrame) -> dict:
    """The keys of :func:`account_status` for ``account_id``, from the portfolio's standing
    and the account's :func:`budget_standing`."""
    status: dict = {}
    classes = standing.abc
    mine = classes[classes["account_id"] == account_id]
    status["abc_class"] = mine["abc_class"].iloc[0] if len(mine) else None
    status["abc_rank"] = int(mine["rank"].iloc[0]) if len(mine) else None
    status["is_key_account"] = account_id in standing.key_accounts
    scored = standing.scored
    row = scored[scored["account_id"] == account_id]
    status["selection_score"] = _value(row, "score")
    status["selection_class"] = str(row["class"].iloc[0]) if len(row) else None
    for key in _SELECTION_FIGURES:
        status[key] = _value(row, key)
    scores = standing.risk
    at_risk = scores[scores["account_id"] == account_id]
    status["risk_score"] = _value(at_risk, "risk_score")
    status["risk_drivers"] = (
        [d for d in at_risk[["driver_1", "driver_2", "driver_3"]].iloc[0] if isinstance(d, str)]
        if len(at_risk)
        else []
    )
    wallet = standing.wallet
    mine = wallet[wallet["account_id"] == account_id]
    for key in _WALLET_FIGURES:
        status[key] = _value(mine, key)
    for key in ("budget_ytd", "actual_ytd", "attainment_ytd", "forecast"):
        status[key] = _value(plan, key)
    for key in ("ytd_light", "forecast_light"):
        status[key] = (
            plan[key].iloc[0] if len(plan) and isinstance(plan[key].iloc[0], str) else None
        )
    return status


def account_status(
    con: duckdb.DuckDBPyConnection, account_id: str, *, as_of: date | None = None
) -> dict:
    """Where the account stands among all accounts, as of ``as_of``.

    Keys: abc_class and abc_rank (revenue of the last 12 months, :func:`abc.abc_classes`; None
    without revenue), is_key_account, selection_score and selection_class (the saved selection
    configuration 'standard', else the default one: :func:`scoring.score_accounts`),
    won_opportunities, lost_opportunities, win_rate, open_pipeline (the selection's criteria,
    :func:`criteria.account_criteria_frame`),
    risk_score and risk_drivers (:func:`risk.risk_scores`; None for an account that is no
    customer any more), annual_potential, revenue_l12m, share_of_wallet, white_space
    (:func:`potential.wallet`), budget_ytd, actual_ytd, attainment_ytd, ytd_light, forecast,
    forecast_light (:func:`budget.budget_vs_actual`; None without a budget this year).

    The pages keep :func:`portfolio_standing` cached and call :func:`standing_of`, so that
    the next account's page does not compute the portfolio again.
    """
    return standing_of(
        portfolio_standing(con, as_of=as_of),
        account_id,
        budget_standing(con, account_id, as_of=as_of),
    )


def _selection_config(con: duckdb.DuckDBPyConnection) -> scoring.SelectionConfig:
    from kapanalytics import selection_configs

    try:
        return selection_configs.load_config(con, "standard").config
    except ConfigurationError:
        return scoring.default_config()


def _value(frame: pd.DataFrame, column: str) -> float | None:
    if frame.empty or _missing(frame[column].iloc[0]):
        return None
    return float(frame[column].iloc[0])


# ---- figures over the years against the industry's peers --------------------------------------


def yearly_facts(
    con: duckdb.DuckDBPyConnection, account_id: str, *, as_of: date | None = None
) -> pd.DataFrame:
    """Each account of the account's industry in each window: window_start, window_end,
    account_id, revenue, contribution_margin (NaN without a costed line), order_count
    (purchases), annual_potential, is_active (a purchase in the window)."""
    as_of = as_of_date(con, as_of)
    periods = windows(as_of)
    values = ", ".join("(?::date, ?::date)" for _ in periods)
    bounds = [day for p in periods for day in (p.start, p.end)]
    industry = con.execute(
        "select min(industry) from accounts where account_id = ?", [account_id]
    ).fetchone()[0]
    ctes = [
        Cte(
            "peer_accounts",
            "select * from accounts where industry is not distinct from ?::varchar",
            (industry,),
        ),
        account_days_cte("peer_accounts"),
        Cte("windows", f"select * from (values {values}) as w(window_start, window_end)", bounds),
        Cte(
            "window_facts",
            """
    select w.window_start, d.account_id, sum(d.revenue) as revenue,
        sum(d.contribution_margin) as contribution_margin, sum(d.purchases) as order_count
    from account_days as d
    inner join windows as w on d.day between w.window_start and w.window_end
    group by all
    """,
        ),
    ]
    sql, params = with_query(
        ctes,
        """
    select
        w.window_start, w.window_end, a.account_id,
        coalesce(f.revenue, 0) as revenue,
        f.contribution_margin,
        coalesce(f.order_count, 0) as order_count,
        a.annual_potential,
        coalesce(f.order_count, 0) > 0 as is_active
    from windows as w
    cross join (select distinct account_id, annual_potential from peer_accounts) as a
    left join window_facts as f on f.window_start = w.window_start and f.account_id = a.account_id
    order by w.window_start, a.account_id
    """,
    )
    frame = con.execute(sql, params).df()
    potential_positive = frame["annual_potential"].where(frame["annual_potential"] > 0)
    frame["share_of_wallet"] = frame["revenue"] / potential_positive
    return frame


def key_figures(
    con: duckdb.DuckDBPyConnection, account_id: str, *, as_of: date | None = None
) -> pd.DataFrame:
    """The account's key figures per window against the median of its industry peers.

    One row per window and figure (:data:`KEY_FIGURES`), oldest window first: window_start,
    window_end, figure, account (its value), peer_median (the median over the other accounts
    of the industry active in the window; NaN without any, and missing values left out),
    peers (how many were active). Share of wallet is the window's revenue over today's annual
    potential (the CRM keeps no history of it).
    """
    return peer_comparison(yearly_facts(con, account_id, as_of=as_of), account_id)


def peer_comparison(facts: pd.DataFrame, account_id: str) -> pd.DataFrame:
    """:func:`key_figures` from the facts of :func:`yearly_facts`."""
    rows = []
    for (start, end), window in facts.groupby(["window_start", "window_end"], sort=True):
        me = window[window["account_id"] == account_id]
        peers = window[(window["account_id"] != account_id) & window["is_active"]]
        for figure in KEY_FIGURES:
            rows.append(
                {
                    "window_start": start,
                    "window_end": end,
                    "figure": figure,
                    "account": float(me[figure].iloc[0]) if len(me) else np.nan,
                    "peer_median": float(peers[figure].median()) if len(peers) else np.nan,
                    "peers": len(peers),
                }
            )
    columns = ["window_start", "window_end", "figure", "account", "peer_median", "peers"]
    return pd.DataFrame(rows, columns=columns)


def revenue_by_product_group(
    con: duckdb.DuckDBPyConnection, account_id: str, *, as_of: date | None = None
) -> pd.DataFrame:
    """The account's revenue per window and product group: window_start, window_end,
    product_group, revenue (only groups with lines in the window), oldest window first and
    the largest group first."""
    as_of = as_of_date(con, as_of)
    periods = windows(as_of)
    values = ", ".join("(?::date, ?::date)" for _ in periods)
    bounds = [day for p in periods for day in (p.start, p.end)]
    sql, params = with_query(
        [
            Cte("the_account", "select * from accounts where account_id = ?", (account_id,)),
            invoice_lines_cte("the_account"),
            Cte(
                "windows", f"select * from (values {values}) as w(window_start, window_end)", bounds
            ),
        ],
        """
    select w.window_start, w.window_end, l.product_group, sum(l.net_amount) as revenue
    from invoice_lines as l
    inner join windows as w on l.invoice_date between w.window_start and w.window_end
    group by all
    order by w.window_start, revenue desc, l.product_group
    """,
    )
    return con.execute(sql, params).df()


# ---- opportunities and white space ------------------------------------------------------------

OPPORTUNITY_COLUMNS = (
    "opportunity_id",
    "name",
    "product_group",
    "status",
    "stage",
    "amount",
    "probability",
    "created_date",
    "close_date",
    "lost_reason",
    "competitor",
    "owner",
)


def account_opportunities(con: duckdb.DuckDBPyConnection, account_id: str) -> pd.DataFrame:
    """Every opportunity of the account: open first (by close date), then won and lost, the
    latest closed first. Columns :data:`OPPORTUNITY_COLUMNS`; status in lower case."""
    columns = ", ".join(c for c in OPPORTUNITY_COLUMNS if c != "status")
    return con.execute(
        f"""
        select {columns}, lower(trim(status)) as status
        from opportunities
        where account_id = ?
        order by lower(trim(status)) <> 'open', close_date desc nulls last, opportunity_id
        """,
        [account_id],
    ).df()[list(OPPORTUNITY_COLUMNS)]


def account_white_space(
    con: duckdb.DuckDBPyConnection, account_id: str, *, as_of: date | None = None
) -> pd.DataFrame:
    """The account's white-space cells against its peers (:func:`potential.white_space_cells`
    over the whole portfolio): product_group, peers, peer_buying_share, peer_median_spend,
    size_factor, expected_value; largest expected value first."""
    as_of = as_of_date(con, as_of)
    # peers come from every account whatever the filters; listing only this account leaves
    # its cells as they are and skips everyone else's
    only_this = Filters(period=last_12_months(as_of), account_ids=(account_id,))
    cells = potential.white_space_cells(con, only_this)
    mine = cells[cells["account_id"] == account_id]
    columns = [
        "product_group",
        "peers",
        "peer_buying_share",
        "peer_median_spend",
        "size_factor",
        "expected_value",
    ]
    return mine[columns].reset_index(drop=True)


# ---- what the data suggest for the plan -------------------------------------------------------


def plan_prompts(
    status: dict,
    white_space: pd.DataFrame,
    deals: pd.DataFrame,
    warnings: pd.DataFrame,
    *,
    limit: int = 5,
) -> dict[str, list[tuple[str, dict]]]:
    """Candidates for the plan's top-5 opportunities and risks, from the data: each a code and
    its details, for the page to word.

    Opportunities: the white-space cells with the largest expected value (``white_space``),
    then open opportunities by amount (``deals``, :func:`account_opportunities`). Risks: the
    risk score's drivers (``status``, :func:`account_status`), the power map's warnings
    (:func:`kapanalytics.powermap.power_map_warnings`), then opportunities lost to a
    competitor, the latest first. At most ``limit`` of each.
    """
    chances: list[tuple[str, dict]] = [
        ("white_space", {"product_group": r.product_group, "value": r.expected_value})
        for r in white_space.itertuples(index=False)
    ]
    open_deals = deals[deals["status"] == "open"].sort_values("amount", ascending=False)
    chances += [
        ("open_opportunity", {"name": r.name, "value": r.amount})
        for r in open_deals.itertuples(index=False)
    ]
    risks: list[tuple[str, dict]] = [
        ("risk_driver", {"factor": driver}) for driver in status.get("risk_drivers", [])
    ]
    risks += [("warning", dict(w)) for w in warnings.to_dict("records")]
    lost = deals[(deals["status"] == "lost") & deals["competitor"].notna()]
    risks += [
        ("lost_to", {"name": r.name, "competitor": r.competitor, "reason": r.lost_reason})
        for r in lost.itertuples(index=False)
    ]
    return {"opportunities": chances[:limit], "risks": risks[:limit]}
