"""Key-account decisions: the latest decision per account counts, every decision is kept."""

from __future__ import annotations

from datetime import datetime

import pytest

from kapanalytics import store
from kapanalytics.errors import ConfigurationError
from kapanalytics.keyaccounts import current_key_accounts, decision_history, record_decision


@pytest.fixture
def con_with_accounts(con):
    con.execute(
        "insert into accounts (account_id, name) values"
        " ('A1', 'Alpha GmbH'), ('B2', 'Beta AG'), ('C3', 'Gamma SE')"
    )
    return con


def test_no_decision_means_no_key_account(con_with_accounts):
    assert current_key_accounts(con_with_accounts) == []


def test_made_key_accounts_are_listed_sorted(con_with_accounts):
    record_decision(con_with_accounts, "C3", True, "growth potential", "board")
    record_decision(con_with_accounts, "A1", True, "top revenue", "board")
    assert current_key_accounts(con_with_accounts) == ["A1", "C3"]


@pytest.mark.parametrize(
    ("decisions", "expected"),
    [
        ([True], ["A1"]),
        ([True, False], []),
        ([True, False, True], ["A1"]),
        ([False], []),
    ],
)
def test_latest_decision_wins(con_with_accounts, decisions, expected):
    for is_key in decisions:
        record_decision(con_with_accounts, "A1", is_key, None, "board")
    assert current_key_accounts(con_with_accounts) == expected


def test_decided_at_orders_before_decision_id(con_with_accounts):
    # recorded later, but decided earlier: the earlier decision is not the current one
    record_decision(con_with_accounts, "A1", True, None, "kam", decided_at=datetime(2026, 5, 1))
    record_decision(con_with_accounts, "A1", False, None, "kam", decided_at=datetime(2026, 1, 1))
    assert current_key_accounts(con_with_accounts) == ["A1"]


def test_same_instant_falls_back_to_decision_id(con_with_accounts):
    moment = datetime(2026, 3, 1, 12, 0)
    record_decision(con_with_accounts, "B2", True, None, "kam", decided_at=moment)
    record_decision(con_with_accounts, "B2", False, None, "kam", decided_at=moment)
    assert current_key_accounts(con_with_accounts) == []


def test_record_returns_increasing_ids(con_with_accounts):
    first = record_decision(con_with_accounts, "A1", True, None, None)
    second = record_decision(con_with_accounts, "B2", True, None, None)
    assert isinstance(first, int)
    assert second == first + 1


def test_unknown_account_is_refused_and_nothing_stored(con_with_accounts):
    with pytest.raises(ConfigurationError, match="no account 'Z9'"):
        record_decision(con_with_accounts, "Z9", True, None, "board")
    count = con_with_accounts.execute("select count(*) from key_account_decisions").fetchone()[0]
    assert count == 0


def test_non_boolean_decision_is_refused(con_with_accounts):
    with pytest.raises(ConfigurationError, match="True or False"):
        record_decision(con_with_accounts, "A1", "yes", None, "board")


def test_recording_bumps_the_data_version(con_with_accounts):
    before = store.data_version(con_with_accounts)
    record_decision(con_with_accounts, "A1", True, None, "board")
    assert store.data_version(con_with_accounts) != before


def test_history_keeps_every_decision_newest_first(con_with_accounts):
    record_decision(con_with_accounts, "A1", True, "fit", "anna", decided_at=datetime(2026, 1, 1))
    record_decision(con_with_accounts, "B2", True, "size", "ben", decided_at=datetime(2026, 2, 1))
    record_decision(con_with_accounts, "A1", False, "lost", "anna", decided_at=datetime(2026, 3, 1))
    history = decision_history(con_with_accounts)
    assert list(history.columns) == [
        "decision_id",
        "account_id",
        "name",
        "is_key_account",
        "reason",
        "decided_by",
        "decided_at",
    ]
    assert history["account_id"].tolist() == ["A1", "B2", "A1"]
    assert history["reason"].tolist() == ["lost", "size", "fit"]
    assert history["name"].iloc[1] == "Beta AG"


def test_history_of_one_account(con_with_accounts):
    record_decision(con_with_accounts, "A1", True, None, "anna")
    record_decision(con_with_accounts, "B2", True, None, "ben")
    record_decision(con_with_accounts, "A1", False, None, "anna")
    history = decision_history(con_with_accounts, "A1")
    assert history["account_id"].tolist() == ["A1", "A1"]
    assert history["is_key_account"].tolist() == [False, True]
