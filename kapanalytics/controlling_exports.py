"""The controlling analyses as ``kap export`` writes them: one table each, options as typed.

    kap export abc --measure revenue --from 2025-01-01 --to 2025-12-31 --a 0.8 --b 0.95
    kap export cross-sell --to 2026-09-30 --min-peer-share 0.5
    kap export profitability --rates visit=300,invoice=25
    kap export budget --year 2026 --level account

``--from`` and ``--to`` arrive as the keywords ``from`` and ``to`` (``**period``); ``--to``
defaults to the last invoice date and ``--from`` to 12 months before ``--to``. No sidebar
filters here: every account is covered.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import duckdb
import pandas as pd

from kapanalytics import abc, budget, potential, profitability
from kapanalytics.errors import ConfigurationError
from kapanalytics.facts import analysis_date
from kapanalytics.filters import Filters, Period, last_12_months


def export_period(con: duckdb.DuckDBPyConnection, start: date | None, end: date | None) -> Period:
    """``start`` .. ``end``; ``end`` defaults to the last invoice date, ``start`` to 12 months
    before ``end``. Raises :class:`ConfigurationError` without data or when end < start."""
    if end is None:
        end = analysis_date(con)
        if end is None:
            raise ConfigurationError("There are no invoice lines yet. Import them first.")
    if start is None:
        return last_12_months(end)
    if end < start:
        raise ConfigurationError(
            f"The period ends ({end}) before it starts ({start}). Give --from before --to."
        )
    return Period(start, end)


def _filters(con: duckdb.DuckDBPyConnection, period: dict[str, date]) -> Filters:
    return Filters(period=export_period(con, period.get("from"), period.get("to")))


def abc_table(
    con: duckdb.DuckDBPyConnection,
    *,
    measure: str = "revenue",
    a: float = abc.DEFAULT_A,
    b: float = abc.DEFAULT_B,
    level: str = "account",
    **period: date,
) -> pd.DataFrame:
    """account_id, name, <measure>, share, share_before, abc_class, ranked (see abc.py)."""
    classified = abc.abc_classes(con, _filters(con, period), measure=measure, a=a, b=b, level=level)
    return classified[["account_id", "name", measure, "share", "share_before", "abc_class"]]


def wallet_table(
    con: duckdb.DuckDBPyConnection, *, level: str = "account", **period: date
) -> pd.DataFrame:
    """Share of wallet and white space per account (or group), 12 months ending on ``to``."""
    return potential.wallet(con, _filters(con, period), level=level)


def cross_sell_table(
    con: duckdb.DuckDBPyConnection,
    *,
    min_peer_share: float = potential.PeerRule.min_peer_share,
    min_peers: int = potential.PeerRule.min_peers,
    **period: date,
) -> pd.DataFrame:
    """The white-space cells ranked by expected value, 12 months ending on ``to``."""
    return potential.white_space_cells(
        con, _filters(con, period), min_peer_share=min_peer_share, min_peers=min_peers
    )


def parse_rates(text: str) -> profitability.CostRates:
    """``visit=300,invoice=25`` -> CostRates with those two changed from the defaults."""
    known = {f.name for f in fields(profitability.CostRates)}
    changes = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        name = name.strip()
        if name not in known:
            raise ValueError(f"'{name}' is no cost driver; use {', '.join(sorted(known))}")
        try:
            changes[name] = float(value)
        except ValueError:
            raise ValueError(f"the rate for {name} must be a number, not '{value}'") from None
    return profitability.CostRates(**changes)


def profitability_table(
    con: duckdb.DuckDBPyConnection,
    *,
    rates: profitability.CostRates = profitability.CostRates(),
    a: float = abc.DEFAULT_A,
    b: float = abc.DEFAULT_B,
    high_potential_from: float | None = None,
    **period: date,
) -> pd.DataFrame:
    """CM I, cost to serve per driver, CM II, ABC class, treatment and main driver per account."""
    return profitability.with_classes(
        con, _filters(con, period), rates, a=a, b=b, high_potential_from=high_potential_from
    )


def budget_table(
    con: duckdb.DuckDBPyConnection,
    *,
    year: int | None = None,
    level: str = "product_group",
    green_from: float = 1.0,
    amber_from: float = 0.9,
) -> pd.DataFrame:
    """Budget vs actual of ``year`` per key account and product group (or ``level``)."""
    end = analysis_date(con)
    if end is None:
        raise ConfigurationError("There are no invoice lines yet. Import them first.")
    return budget.budget_vs_actual(
        con,
        Filters(period=last_12_months(end)),
        year=year,
        level=level,
        green_from=green_from,
        amber_from=amber_from,
    )
