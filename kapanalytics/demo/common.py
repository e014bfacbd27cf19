"""Helpers every part of the demo shares: random streams, the time window, date conversion.

Days are handled as integers (days since 1970-01-01) so whole columns of dates can be drawn and
shifted with numpy; they become DuckDB dates only when a frame is loaded.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kapanalytics.demo.vocabulary import MONTH_WEIGHTS

EPOCH = date(1970, 1, 1)
DAYS_PER_YEAR = 365.25
NO_DAY = -1
"""Marks a missing date in an integer day column."""


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent random generator for one part of the demo.

    Each part draws from its own stream, so changing how many numbers one part draws never
    shifts what another part generates: the same seed gives the same company, part by part.
    """
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])


def day_number(day: date) -> int:
    """Days since 1970-01-01."""
    return (day - EPOCH).days


def to_date(day: int) -> date:
    return EPOCH + timedelta(days=int(day))


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (28 February for a 29 February without match)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def weekday(days: np.ndarray) -> np.ndarray:
    """0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday)."""
    return (days + 3) % 7


def month_index(days: np.ndarray) -> np.ndarray:
    """0 = January .. 11 = December."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12


def year_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def to_business_day(days: np.ndarray) -> np.ndarray:
    """Move Saturdays and Sundays back to the Friday before."""
    wd = weekday(days)
    return days - np.where(wd >= 5, wd - 4, 0)


def numbered_ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    """Ids made of a prefix and a number, e.g. 'OPP-' and 1000001 -> 'OPP-1000001'."""
    digits = pc.cast(pa.array(np.asarray(numbers, dtype=np.int64)), pa.string())
    return pc.binary_join_element_wise(prefix, digits, "")


def coded(index: np.ndarray, values: pa.Array | list[str]) -> pa.DictionaryArray:
    """A text column stored as positions into ``values``; a negative position is null.

    Millions of rows share a few owners, types or account ids: storing positions instead of
    Python strings keeps large demos fast and small.
    """
    index = np.asarray(index)
    positions = pa.array(index.astype(np.int32), mask=index < 0)
    return pa.DictionaryArray.from_arrays(positions, pa.array(values, pa.string()))


def date_array(days: np.ndarray) -> pa.Array:
    """An Arrow date column; ``NO_DAY`` becomes null."""
    days = np.asarray(days, dtype=np.int32)
    return pa.array(days, type=pa.int32(), mask=days == NO_DAY).cast(pa.date32())


def timestamp_array(seconds: np.ndarray) -> pa.Array:
    """An Arrow timestamp column from seconds since 1970-01-01."""
    return pa.array(np.asarray(seconds, dtype=np.int64), type=pa.int64()).cast(pa.timestamp("s"))


@dataclass(frozen=True)
class Window:
    """The days the demo covers: ``years`` years ending on ``end``, both ends included.

    Business activity is spread over it by weight: nothing on weekends, less in August and at
    the end of December (``MONTH_WEIGHTS``).
    """

    start: date
    end: date
    _cumulative: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        days = np.arange(self.start_day, self.end_day + 1)
        weights = np.asarray(MONTH_WEIGHTS)[month_index(days)] * (weekday(days) < 5)
        cumulative = np.concatenate([[0.0], np.cumsum(weights)])
        object.__setattr__(self, "_cumulative", cumulative / cumulative[-1])

    @classmethod
    def ending(cls, end: date, years: int) -> Window:
        return cls(add_years(end, -years) + timedelta(days=1), end)

    @property
    def start_day(self) -> int:
        return day_number(self.start)

    @property
    def end_day(self) -> int:
        return day_number(self.end)

    def place(self, first: np.ndarray, last: np.ndarray, position: np.ndarray) -> np.ndarray:
        """Days at relative ``position`` (0..1) of the business time between two days.

        ``first`` and ``last`` are day numbers inside the window (included); evenly spread
        positions give evenly spread business days, with fewer in the slow months.
        """
        offset_first = np.asarray(first) - self.start_day
        offset_last = np.asarray(last) - self.start_day
        low = self._cumulative[offset_first]
        high = self._cumulative[offset_last + 1]
        target = low + (high - low) * np.asarray(position)
        offset = np.searchsorted(self._cumulative, target, side="right") - 1
        # clamp: a span of only weekend days has no business time and keeps its first day
        offset = np.clip(offset, offset_first, offset_last)
        return self.start_day + offset
