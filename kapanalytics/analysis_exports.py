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


@dataclass(frozen=True)
class AnalysisExport:
    """``build(con, **options)`` returns the table to write.

    ``example`` is a working set of options (as typed after the name), shown in the help and
    run by the tests on the demo company.
    """

    name: str
    help: str
    build: Callable[..., pd.DataFrame]
    options: tuple[ExportOption, ...] = field(default_factory=tuple)
    example: tuple[str, ...] = ()


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
    )
}
