"""fresh_copy: a reader changing its copy never changes the shared value or another copy."""

from __future__ import annotations

import dataclasses
import datetime
from typing import NamedTuple

import numpy as np
import pandas as pd
import pytest

from kapanalytics.shared_values import fresh_copy


def shared_frame() -> pd.DataFrame:
    frame = pd.DataFrame(
        {"account_id": ["a", "b", "c"], "revenue": [3.0, 1.0, 2.0], "rank": [1, 3, 2]}
    )
    frame.attrs["as_of"] = datetime.date(2026, 6, 30)
    return frame


def change_every_way(frame: pd.DataFrame) -> None:
    frame["revenue"] = frame["revenue"] * 2
    frame.loc[0, "account_id"] = "z"
    frame.iloc[1, 2] = 99
    frame["new"] = 1
    frame.index = frame.index[::-1]
    frame.attrs["as_of"] = None


def test_a_frame_changed_by_its_reader_leaves_the_shared_one_as_it_was():
    shared = shared_frame()
    before = shared.copy(deep=True)
    copied = fresh_copy(shared)
    change_every_way(copied)
    pd.testing.assert_frame_equal(shared, before)
    assert shared.attrs == {"as_of": datetime.date(2026, 6, 30)}
    # and the next reader gets the value as it was
    pd.testing.assert_frame_equal(fresh_copy(shared), before)


def test_the_copy_shares_the_data_until_written():
    shared = shared_frame()
    copied = fresh_copy(shared)
    assert copied is not shared
    assert np.shares_memory(copied["revenue"].to_numpy(), shared["revenue"].to_numpy())


def test_a_series_and_an_array_are_copies():
    series = pd.Series([1.0, 2.0])
    array = np.array([1.0, 2.0])
    copied_series, copied_array = fresh_copy(series), fresh_copy(array)
    copied_series.iloc[0] = 5.0
    copied_array[0] = 5.0
    assert series.tolist() == [1.0, 2.0]
    assert array.tolist() == [1.0, 2.0]


class Pair(NamedTuple):
    frame: pd.DataFrame
    label: str


@dataclasses.dataclass(frozen=True)
class Result:
    frame: pd.DataFrame
    totals: dict[str, list[float]]
    as_of: datetime.date


class Opaque:
    def __init__(self) -> None:
        self.values = [1, 2]


def test_frames_inside_containers_and_dataclasses_are_copied_too():
    shared = {
        "tuple": (shared_frame(), 1),
        "named": Pair(shared_frame(), "x"),
        "list": [shared_frame()],
        "result": Result(shared_frame(), {"a": [1.0]}, datetime.date(2026, 1, 1)),
        "set": {1, 2},
        "opaque": Opaque(),
    }
    copied = fresh_copy(shared)
    assert isinstance(copied["named"], Pair)
    assert isinstance(copied["result"], Result)
    for frame in (
        copied["tuple"][0],
        copied["named"].frame,
        copied["list"][0],
        copied["result"].frame,
    ):
        change_every_way(frame)
    copied["result"].totals["a"].append(2.0)
    copied["set"].add(3)
    copied["opaque"].values.append(3)
    copied["list"].append("more")
    for frame in (
        shared["tuple"][0],
        shared["named"].frame,
        shared["list"][0],
        shared["result"].frame,
    ):
        pd.testing.assert_frame_equal(frame, shared_frame())
    assert shared["result"].totals == {"a": [1.0]}
    assert shared["set"] == {1, 2}
    assert shared["opaque"].values == [1, 2]
    assert len(shared["list"]) == 1


@pytest.mark.parametrize(
    "value",
    [None, 3, 2.5, "text", datetime.date(2026, 1, 1), pd.Timestamp("2026-01-01"), pd.Index([1])],
)
def test_immutable_values_are_handed_out_as_they_are(value):
    assert fresh_copy(value) is value
