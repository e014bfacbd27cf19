"""Which rows of a large table go to the browser: a search, then the first rows.

A page shows at most :data:`MAX_ROWS_SHOWN` rows of a table; the downloads hold every row that
matches the search, so nothing is lost by showing less.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

MAX_ROWS_SHOWN = 2_000
ROW_CHOICES = (25, 100, 500, MAX_ROWS_SHOWN)


def matching_rows(frame: pd.DataFrame, search: str, columns: Sequence[str]) -> pd.DataFrame:
    """The rows where any of ``columns`` contains ``search`` (case-insensitive, as plain text,
    not a pattern); every row when ``search`` is blank."""
    needle = search.strip().casefold()
    if not needle:
        return frame
    hit = pd.Series(False, index=frame.index)
    for column in columns:
        text = frame[column].astype("string").str.casefold()
        hit |= text.str.contains(needle, regex=False).fillna(False).astype(bool)
    return frame[hit]


def first_rows(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The first ``limit`` rows, never more than :data:`MAX_ROWS_SHOWN`."""
    return frame.head(max(0, min(int(limit), MAX_ROWS_SHOWN)))
