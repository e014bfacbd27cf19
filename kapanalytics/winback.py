"""Win-back: which lost accounts are worth winning back, and how often it has worked.

Definitions (docs/metrics.md, "Win-back"):

- **Candidates** are the filtered accounts lost as of the analysis date T (churn date on or
  before T, no customer since) whose churn date lies within the last ``max_years`` years.
- **Recoverability** of a candidate comes from its CRM lost reason: 1 for a reason classed
  recoverable (e.g. price, service), 0 for one classed unrecoverable (e.g. insolvency, moved),
  ``unknown_factor`` for any other reason or none. The classes are configurable and saved.
- **Win-back score** = lost revenue x recoverability x 0.5 ^ (days since loss / half-life):
  what it used to buy in a year, discounted for a reason that will not change and for the time
  that has passed. Candidates rank by score descending, then lost revenue, then account_id.
- **Win-back rate** of a period: of the accounts lost in it (as the customer flow counts them),
  the share with a purchase after their churn date.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from kapanalytics import saved_settings
from kapanalytics.access import User
from kapanalytics.churn import DEFAULT_WINDOW_DAYS, churn_events
from kapanalytics.errors import ConfigurationError
from kapanalytics.facts import analysis_date
from kapanalytics.filters import Filters, Period
from kapanalytics.lost import LOST_COLUMNS, lost_accounts

SETTING_NAME = "retention.winback_classes"


@dataclass(frozen=True)
class WinBackConfig:
    """How lost reasons translate into recoverability, and how time since the loss counts.

    Reasons are compared case-insensitively, without surrounding blanks.
    """

    recoverable: tuple[str, ...] = (
        "price",
        "service quality",
        "delivery problems",
        "product fit",
        "competitor offer",
    )
    unrecoverable: tuple[str, ...] = ("insolvency", "moved/merger", "internal sourcing")
    unknown_factor: float = 0.5
    half_life_days: int = 365
    max_years: int = 3

    def __post_init__(self) -> None:
        both = {r.strip().lower() for r in self.recoverable} & {
            r.strip().lower() for r in self.unrecoverable
        }
        if both:
            raise ConfigurationError(
                f"A reason cannot be both recoverable and unrecoverable: {', '.join(sorted(both))}."
            )
        if not 0 <= self.unknown_factor <= 1:
            raise ConfigurationError(
                f"The factor for other reasons must lie in 0..1, not {self.unknown_factor!r}."
            )
        if self.half_life_days < 1 or self.max_years < 1:
            raise ConfigurationError("The half-life and the years to look back must be >= 1.")

    def recoverability(self, reasons: pd.Series) -> np.ndarray:
        """1, 0 or ``unknown_factor`` per lost reason."""
        key = reasons.fillna("").astype(str).str.strip().str.lower()
        return np.select(
            [
                key.isin([r.strip().lower() for r in self.recoverable]),
                key.isin([r.strip().lower() for r in self.unrecoverable]),
            ],
            [1.0, 0.0],
            self.unknown_factor,
        )

    def to_dict(self) -> dict:
        return {
            **asdict(self),
            "recoverable": list(self.recoverable),
            "unrecoverable": list(self.unrecoverable),
        }

    @classmethod
    def from_dict(cls, value: dict) -> WinBackConfig:
        known = {k: v for k, v in value.items() if k in cls.__dataclass_fields__}
        for key in ("recoverable", "unrecoverable"):
            if key in known:
                known[key] = tuple(known[key])
        return replace(cls(), **known)


def save_config(
    con: duckdb.DuckDBPyConnection,
    config: WinBackConfig,
    author: str | None,
    expected_version: int | None = None,
    *,
    actor: User | None = None,
) -> int:
    """Save the reason classes as the next version (see :mod:`kapanalytics.saved_settings`)."""
    return saved_settings.save_setting(
        con,
        SETTING_NAME,
        config.to_dict(),
        author,
        expected_version,
        label="win-back classes",
        actor=actor,
    )


def load_config(con: duckdb.DuckDBPyConnection) -> tuple[WinBackConfig, int]:
    """The saved reason classes and their version; the defaults and 0 when none is saved."""
    saved = saved_settings.load_setting(con, SETTING_NAME)
    if saved is None:
        return WinBackConfig(), 0
    return WinBackConfig.from_dict(saved.value), saved.version


def known_reasons(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The distinct lost reasons the CRM uses (trimmed, blanks left out), sorted."""
    rows = con.execute(
        "select distinct trim(lost_reason) as reason from accounts"
        " where trim(lost_reason) <> '' order by reason"
    ).fetchall()
    return [row[0] for row in rows]


def candidates(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    config: WinBackConfig | None = None,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """The win-back candidates, best first (definition in the module's docstring).

    ``config`` defaults to the saved classes. Columns: rank, account_id, name, owner,
    industry, region, segment, churn_date, lost_revenue, lost_reason, lost_to_competitor,
    days_since_loss, recoverability, time_factor, score.
    """
    chosen = config if config is not None else load_config(con)[0]
    end = analysis_date(con)
    # the lost list's columns without how it churned, with the days since and the score
    columns = [
        "rank",
        *(c for c in LOST_COLUMNS if c not in ("churn_source", "last_purchase_date")),
        "days_since_loss",
        "recoverability",
        "time_factor",
        "score",
    ]
    if end is None:
        return pd.DataFrame(columns=columns)
    since = _years_before(end, chosen.max_years)
    lost = lost_accounts(con, filters.with_period(Period(since, end)), window_days=window_days)
    days = (pd.Timestamp(end) - pd.to_datetime(lost["churn_date"])).dt.days
    frame = lost.assign(
        days_since_loss=days.astype("int64"),
        recoverability=chosen.recoverability(lost["lost_reason"]),
        time_factor=0.5 ** (days / chosen.half_life_days),
    )
    frame["score"] = (
        frame["lost_revenue"].clip(lower=0) * frame["recoverability"] * frame["time_factor"]
    )
    frame = frame.sort_values(
        ["score", "lost_revenue", "account_id"], ascending=[False, False, True], ignore_index=True
    )
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return frame[columns]


def win_back_rates(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    grain: str = "year",
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """Per period of loss: lost, won_back, win_back_rate, revenue_brought_back.

    Periods with no loss are left out. Recent periods have had less time to win anyone back.
    """
    events = churn_events(con, filters, grain, window_days=window_days)
    if events.empty:
        return pd.DataFrame(
            columns=["period_start", "lost", "won_back", "win_back_rate", "revenue_brought_back"]
        )
    rates = events.groupby("period_start", as_index=False).agg(
        lost=("account_id", "size"),
        won_back=("won_back", "sum"),
        revenue_brought_back=("revenue_brought_back", "sum"),
    )
    rates["win_back_rate"] = rates["won_back"] / rates["lost"]
    return rates[["period_start", "lost", "won_back", "win_back_rate", "revenue_brought_back"]]


def reactivated_accounts(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    grain: str = "year",
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """The accounts won back: each loss followed by a purchase, most revenue brought back first.

    Columns: account_id, churn_date, returned_date, days_away, revenue_brought_back.
    """
    events = churn_events(con, filters, grain, window_days=window_days)
    back = events[events["won_back"].astype(bool)].copy()
    back["days_away"] = (
        pd.to_datetime(back["returned_date"]) - pd.to_datetime(back["churn_date"])
    ).dt.days
    return back.sort_values(
        ["revenue_brought_back", "account_id"], ascending=[False, True], ignore_index=True
    )[["account_id", "churn_date", "returned_date", "days_away", "revenue_brought_back"]]


def _years_before(day: date, years: int) -> date:
    """The day after the same date ``years`` years earlier: the start of the last ``years``."""
    try:
        earlier = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        earlier = day.replace(year=day.year - years, day=28)
    return earlier + timedelta(days=1)
