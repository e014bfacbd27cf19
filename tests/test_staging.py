"""How the staging steps are written into a query: read anew, computed apart, or as they are."""

from __future__ import annotations

from datetime import date

import pytest

from kapanalytics.filters import Filters, Period
from kapanalytics.staging import Cte, staging_ctes, with_query

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


def written(ctes: list[Cte]) -> str:
    return with_query(ctes, "select 1")[0]


def test_the_chosen_accounts_days_are_picked_apart_only_when_asked_and_filtered():
    north = Filters(YEAR, region=("North",))
    assert "account_days as materialized (" in written(staging_ctes(north, days_apart=True))
    assert "account_days as not materialized (" in written(staging_ctes(north))
    # without an account filter there is nothing to pick: every day as it is
    everyone = written(staging_ctes(Filters(YEAR), days_apart=True))
    assert "account_days as not materialized (" in everyone
    assert "select * from staged_account_days" in everyone


def test_a_step_is_either_inline_or_materialized():
    assert "plain as (" in written([Cte("plain", "select 1")])
    with pytest.raises(ValueError, match="both inline and materialized"):
        written([Cte("both", "select 1", inline=True, materialized=True)])
