"""The analyses ``kap export NAME`` can write, with the options each one takes.

Each area of the app registers its exports here (see ``EXPORTS`` at the end), so the command
line, its help and its tests know every export without knowing the analyses.

    kap export quarantine --format csv
    kap export abc --measure revenue --from 2025-01-01 --to 2025-12-31 --a 0.8 --b 0.95
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd


@dataclass(frozen=True)
class ExportOption:
    """One ``--name VALUE`` option of an export; ``type`` converts the text given."""

    name: str
    help: str
    type: Callable[[str], object] = str
    default: object = None
    choices: tuple[str, ...] | None = None
    required: bool = False

    @property
    def dest(self) -> str:
        return self.name.replace("-", "_")


TABLE_FORMATS = ("csv", "xlsx", "parquet")


@dataclass(frozen=True)
class AnalysisExport:
    """``build(con, **options)`` returns the table to write.

    ``example`` is a working set of options (as typed after the name), shown in the help and
    run by the tests on the demo company. An export that is a document rather than one table
    (a plan as a deck) has no ``build`` but ``write(con, path, fmt, **options)``, and names
    the ``formats`` it can be written as (the first is its default).
    """

    name: str
    help: str
    build: Callable[..., pd.DataFrame] | None
    options: tuple[ExportOption, ...] = field(default_factory=tuple)
    example: tuple[str, ...] = ()
    formats: tuple[str, ...] = TABLE_FORMATS
    write: Callable[..., object] | None = None


def iso_date(text: str) -> date:
    """A date option written as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None


def _quarantine(con: duckdb.DuckDBPyConnection, import_id: int | None = None) -> pd.DataFrame:
    from kapanalytics.ingest import quarantine_rows

    return quarantine_rows(con, import_id)


def _import_log(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    from kapanalytics.ingest import import_history

    return import_history(con)


def _controlling_exports() -> tuple[AnalysisExport, ...]:
    """ABC classes, share of wallet, cross-sell list, profitability, budget vs actual."""
    from kapanalytics import abc, budget
    from kapanalytics import controlling_exports as ce

    period = (
        ExportOption("from", "first day of the period (default: 12 months before --to)", iso_date),
        ExportOption("to", "last day of the period (default: the last invoice date)", iso_date),
    )
    thresholds = (
        ExportOption("a", "threshold of class A (default 0.8)", float),
        ExportOption("b", "threshold of class B (default 0.95)", float),
    )
    return (
        AnalysisExport(
            "abc",
            "ABC classes: account, measure, share, share before, class",
            ce.abc_table,
            (
                ExportOption("measure", "what to rank by", choices=abc.MEASURES),
                *period,
                *thresholds,
                ExportOption("level", "account or group", choices=abc.LEVELS),
            ),
            ("--measure", "revenue", "--from", "2025-10-01", "--to", "2026-09-30"),
        ),
        AnalysisExport(
            "wallet",
            "share of wallet and white space per account, 12 months ending on --to",
            ce.wallet_table,
            (period[1], ExportOption("level", "account or group", choices=abc.LEVELS)),
            ("--level", "group"),
        ),
        AnalysisExport(
            "cross-sell",
            "white-space cells against peers, ranked by expected value",
            ce.cross_sell_table,
            (
                period[1],
                ExportOption("min-peer-share", "more than this share of peers buy (0.5)", float),
                ExportOption("min-peers", "at least this many peers (3)", int),
            ),
            ("--min-peer-share", "0.6"),
        ),
        AnalysisExport(
            "profitability",
            "CM I, cost to serve, CM II, ABC class and C-customer treatment per account",
            ce.profitability_table,
            (
                *period,
                ExportOption("rates", "cost rates, e.g. visit=300,invoice=25", ce.parse_rates),
                *thresholds,
                ExportOption(
                    "high-potential-from", "annual potential of tomorrow's key accounts", float
                ),
            ),
            ("--rates", "visit=300,invoice=25"),
        ),
        AnalysisExport(
            "budget",
            "budget vs actual per key account and product group, with forecasts and lights",
            ce.budget_table,
            (
                ExportOption("year", "budget year (default: the last invoice date's)", int),
                ExportOption("level", "rows", choices=budget.LEVELS),
                ExportOption("green-from", "attainment from which the light is green (1.0)", float),
                ExportOption("amber-from", "attainment from which the light is amber (0.9)", float),
            ),
            ("--level", "account"),
        ),
    )


def _retention_exports() -> tuple[AnalysisExport, ...]:
    """Lost accounts and reasons, win rates, retention, cohorts, survival, risk, win-back, and the
    per-customer purchase summary."""
    from kapanalytics import lost, opportunities, retention, survival
    from kapanalytics import retention_exports as re
    from kapanalytics.churn import GRAINS
    from kapanalytics.purchase_summary import FREQUENCIES

    period = (
        ExportOption("from", "first day of the period (default: 12 months before --to)", iso_date),
        ExportOption("to", "last day of the period (default: the last invoice date)", iso_date),
    )
    window = ExportOption("window", "the churn window W in days (365)", int)
    grain = ExportOption("grain", "periods", choices=GRAINS)
    return (
        AnalysisExport(
            "lost",
            "accounts lost in the period: churn date, lost revenue, reason, competitor, owner",
            re.lost_table,
            (*period, window),
            ("--from", "2025-10-01", "--to", "2026-09-30"),
        ),
        AnalysisExport(
            "lost-reasons",
            "lost accounts and lost revenue by reason (or competitor, owner ...), as a Pareto",
            re.lost_reasons_table,
            (
                ExportOption("by", "what to group by", choices=lost.PARETO_DIMENSIONS),
                ExportOption(
                    "measure", "what orders the rows", choices=("accounts", "lost_revenue")
                ),
                *period,
                window,
            ),
            ("--by", "lost_to_competitor", "--measure", "lost_revenue"),
        ),
        AnalysisExport(
            "win-rates",
            "opportunities won and lost in the period, win rate by count and by value",
            re.win_rates_table,
            (ExportOption("by", "rows", choices=opportunities.WIN_RATE_DIMENSIONS), *period),
            ("--by", "owner"),
        ),
        AnalysisExport(
            "retention",
            "customer retention rate, GRR and NRR per period (and segment)",
            re.retention_table,
            (grain, ExportOption("by", "segment", choices=retention.SEGMENT_DIMENSIONS)),
            ("--grain", "quarter"),
        ),
        AnalysisExport(
            "cohorts",
            "cohort retention matrix: cohorts by first purchase, share kept k periods later",
            re.cohorts_table,
            (
                grain,
                ExportOption("measure", "customers or revenue", choices=retention.COHORT_MEASURES),
            ),
            ("--grain", "year", "--measure", "revenue"),
        ),
        AnalysisExport(
            "survival",
            "Kaplan-Meier per segment: median lifetime, survival after 1-3 years, log-rank test",
            re.survival_table,
            (ExportOption("by", "segment", choices=survival.SURVIVAL_DIMENSIONS), window),
            ("--by", "segment"),
        ),
        AnalysisExport(
            "risk",
            "early-warning risk score of every customer (saved weights), factors and drivers",
            re.risk_table,
            (window,),
        ),
        AnalysisExport(
            "win-back",
            "win-back candidates ranked by lost revenue x recoverability x time since the loss",
            re.win_back_table,
            (window,),
        ),
        AnalysisExport(
            "purchase-summary",
            "frequency, recency, T and monetary value per customer, as the lifetimes package "
            "defines them",
            re.purchase_summary_table,
            (
                ExportOption(
                    "as-of", "the observation end (default: the last invoice date)", iso_date
                ),
                ExportOption(
                    "freq", "count in days or weeks (default D)", choices=tuple(FREQUENCIES)
                ),
            ),
            ("--as-of", "2026-06-30", "--freq", "W"),
        ),
    )


def _account_exports() -> tuple[AnalysisExport, ...]:
    """The key-account plan, as a PowerPoint deck or an Excel workbook."""
    from kapanalytics import plan_export

    return (
        AnalysisExport(
            "plan",
            "a key-account plan as a PowerPoint deck (native charts) or an Excel workbook",
            None,
            (
                ExportOption("account", "the account's id", required=True),
                ExportOption(
                    "lang", "the language of its words (default en)", choices=("en", "de")
                ),
                ExportOption("version", "the saved plan version (default: the latest)", int),
            ),
            ("--account", "K100001", "--format", "xlsx"),
            formats=plan_export.FORMATS,
            write=plan_export.write_plan,
        ),
    )


def _selection_exports() -> tuple[AnalysisExport, ...]:
    """The ranked list of the key-account selection under a saved configuration."""
    from kapanalytics.selection_configs import DEFAULT_CONFIG_NAME, scores_export

    def scores(
        con: duckdb.DuckDBPyConnection,
        config: str = DEFAULT_CONFIG_NAME,
        version: int | None = None,
    ) -> pd.DataFrame:
        return scores_export(con, config, version=version)

    return (
        AnalysisExport(
            "scores",
            "the key-account ranking: score, class, decisions and each criterion's points",
            scores,
            (
                ExportOption(
                    "config",
                    "a saved configuration's name; 'default' is the starting configuration "
                    "until one is saved under that name (default: default)",
                ),
                ExportOption("version", "the saved version (default: the latest)", int),
            ),
            ("--config", "default"),
        ),
    )


EXPORTS: dict[str, AnalysisExport] = {
    e.name: e
    for e in (
        AnalysisExport(
            "quarantine",
            "rows imports set aside, with reason and fix",
            _quarantine,
            (ExportOption("import-id", "only the rows of this import", int),),
        ),
        AnalysisExport("import-log", "every import: file, rows, time, who", _import_log),
        *_controlling_exports(),
        *_selection_exports(),
        *_retention_exports(),
        *_account_exports(),
    )
}
