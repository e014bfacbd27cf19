"""Copies of a shared result that cost next to nothing and that their reader may change.

A result kept in memory for every session (the app's cache of query results) is handed out as
a fresh copy on each read, so that a page adding a column or sorting in place never changes
what the next reader gets. Pickling a 200,000-row frame in and out of a byte cache on every
read took half of a warm page's script time at size L. With pandas' copy-on-write a shallow
copy of a frame shares its data until either side writes, which then copies only what it
changes.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from decimal import Decimal
from typing import TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")

_IMMUTABLE = (
    str,
    bytes,
    int,
    float,
    complex,
    bool,
    type(None),
    range,
    frozenset,
    Decimal,
    datetime.date,  # and datetime, pandas' Timestamp
    datetime.time,
    datetime.timedelta,
    pd.Index,
)


def fresh_copy(value: T) -> T:
    """``value`` to hand to one reader: frames and series as shallow copy-on-write copies,
    numpy arrays copied, tuples, lists, dicts, sets and dataclasses rebuilt around fresh
    copies of what they hold, immutable scalars as they are, anything else deep-copied."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if isinstance(value, _IMMUTABLE):
        return value
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, tuple):
        items = [fresh_copy(item) for item in value]
        # a named tuple is built from its fields, a plain one from an iterable
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    if isinstance(value, list):
        return [fresh_copy(item) for item in value]
    if isinstance(value, dict):
        return {key: fresh_copy(item) for key, item in value.items()}
    if isinstance(value, set):
        return set(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        copied = copy.copy(value)
        for field in dataclasses.fields(value):
            # object.__setattr__: a frozen dataclass refuses plain assignment
            object.__setattr__(copied, field.name, fresh_copy(getattr(value, field.name)))
        return copied
    return copy.deepcopy(value)
