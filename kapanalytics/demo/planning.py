"""Management's side of the demo company: key-account decisions and budgets.

Both are made from the revenue the demo actually invoiced (read back from the ``transactions``
table), the way management would: at an annual review each January, the largest customers of
the last twelve months become key accounts, a few are chosen for their potential, and those that
fall far behind or are lost are removed again. Budgets are planned per key account, month and
product group from the previous year's revenue plus a growth target.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import numpy as np
import pyarrow as pa

from kapanalytics.demo import vocabulary as voc
from kapanalytics.demo.common import (
    NO_DAY,
    coded,
    day_number,
    stream,
    timestamp_array,
    to_date,
)
from kapanalytics.demo.invoices import GROUP_NAMES
from kapanalytics.demo.portfolio import Portfolio

KEY_ACCOUNT_SHARE = 0.03
"""Current key accounts per account (60 for 2,000 accounts)."""
POTENTIAL_PICK_SHARE = 0.13
"""Of the key accounts, those chosen for potential rather than revenue."""


@dataclass
class Decision:
    day: int
    account: int
    is_key_account: bool
    reason: str


@dataclass
class KeyAccountHistory:
    """The decisions, and who was a key account after each year's review."""

    decisions: list[Decision]
    members_by_year: dict[int, list[int]]

    @property
    def current(self) -> set[int]:
        members: set[int] = set()
        for d in sorted(self.decisions, key=lambda d: d.day):
            (members.add if d.is_key_account else members.discard)(d.account)
        return members

    def table(self, p: Portfolio, seed: int) -> pa.Table:
        """The ``key_account_decisions`` rows (without decision_id), in decision order."""
        rng = stream(seed, "decision-times")
        ordered = sorted(self.decisions, key=lambda d: (d.day, p.account_no[d.account]))
        # a review's decisions are entered one after another from 10:00
        seconds, previous_day, minute = [], None, 0
        for d in ordered:
            minute = minute + 1 + int(rng.integers(0, 3)) if d.day == previous_day else 0
            previous_day = d.day
            seconds.append(d.day * 86_400 + 10 * 3_600 + minute * 60)
        return pa.table(
            {
                "account_id": p.account_ids.take([d.account for d in ordered]),
                "is_key_account": pa.array([d.is_key_account for d in ordered], pa.bool_()),
                "reason": pa.array([d.reason for d in ordered], pa.string()),
                "decided_by": pa.array([voc.MANAGEMENT] * len(ordered), pa.string()),
                "decided_at": timestamp_array(np.array(seconds, dtype=np.int64)),
            }
        )


def review_days(p: Portfolio) -> list[int]:
    """The annual key-account reviews: the first Monday on or after 12 January of each year."""
    window = p.window
    days = []
    for year in range(window.start.year, window.end.year + 1):
        day = date(year, 1, 12)
        day += timedelta(days=(7 - day.weekday()) % 7)
        if window.start + timedelta(days=90) <= day <= window.end:
            days.append(day_number(day))
    return days or [day_number(window.start + timedelta(days=90))]


@dataclass(frozen=True)
class YearlyRevenue:
    """Net revenue per account, calendar year and product group, read from the invoices."""

    first_year: int
    by_group: np.ndarray  # (accounts, years, product groups)

    def of_year(self, year: int) -> np.ndarray:
        """Each account's revenue in ``year`` (zeros for a year the window does not cover)."""
        return self.groups_of_year(year).sum(axis=1)

    def groups_of_year(self, year: int) -> np.ndarray:
        index = year - self.first_year
        if not 0 <= index < self.by_group.shape[1]:
            return np.zeros((self.by_group.shape[0], self.by_group.shape[2]))
        return self.by_group[:, index, :]


def yearly_revenue(con: duckdb.DuckDBPyConnection, p: Portfolio) -> YearlyRevenue:
    """One pass over the stored invoice lines: revenue per account, year and product group."""
    rows = con.execute(
        "select cast(substr(account_id, 2) as bigint) as account_no,"
        " year(invoice_date) as year, product_group, sum(net_amount) as revenue"
        " from transactions group by all"
    ).fetchnumpy()
    first_year = p.window.start.year
    years = p.window.end.year - first_year + 1
    revenue = np.zeros((p.size, years, len(GROUP_NAMES)))
    group_index = {name: i for i, name in enumerate(GROUP_NAMES)}
    groups = np.array([group_index[g] for g in rows["product_group"]], dtype=np.int64)
    position = _positions(p, rows["account_no"])
    np.add.at(revenue, (position, rows["year"] - first_year, groups), rows["revenue"])
    return YearlyRevenue(first_year, revenue)


def _positions(p: Portfolio, account_no: np.ndarray) -> np.ndarray:
    position_of = np.empty(p.account_no.max() + 1, dtype=np.int64)
    position_of[p.account_no] = np.arange(p.size)
    return position_of[np.asarray(account_no, dtype=np.int64)]


def decide_key_accounts(seed: int, p: Portfolio, revenue: YearlyRevenue) -> KeyAccountHistory:
    """Run the annual reviews over the window and record every decision.

    A review in January ranks the accounts by the revenue of the year just closed.
    """
    rng = stream(seed, "key-accounts")
    target = max(1, round(KEY_ACCOUNT_SHARE * p.size))
    reviews = review_days(p)
    members: dict[int, str] = {}  # account -> 'revenue' or 'potential'
    decisions: list[Decision] = []
    members_by_year: dict[int, list[int]] = {}

    def remove_lost(until: int) -> None:
        for account in sorted(members):
            lost = p.lost_day[account]
            if lost != NO_DAY and lost < until:
                day = min(lost + int(rng.integers(10, 40)), until, p.window.end_day)
                decisions.append(Decision(day, account, False, voc.KEY_ACCOUNT_REMOVAL_LOST))
                del members[account]

    for i, day in enumerate(reviews):
        remove_lost(day)
        year = to_date(day).year
        last_year, year_before = revenue.of_year(year - 1), revenue.of_year(year - 2)
        lost_before = (p.lost_day != NO_DAY) & (p.lost_day < day)
        back_before = (p.winback_day != NO_DAY) & (p.winback_day < day)
        eligible = (p.created_day < day) & (~lost_before | back_before)
        wanted = round(target * (0.7 + 0.3 * i / max(len(reviews) - 1, 1)))
        wanted_for_potential = round(POTENTIAL_PICK_SHARE * wanted) if wanted >= 4 else 0

        ranked = np.flatnonzero(eligible & (last_year > 0))
        ranked = ranked[np.lexsort((p.account_no[ranked], -last_year[ranked]))]
        rank = np.full(p.size, p.size)
        rank[ranked] = np.arange(len(ranked))
        for account in sorted(a for a, kind in members.items() if kind == "revenue"):
            if rank[account] > 2.5 * wanted:
                declined = last_year[account] < 0.7 * year_before[account]
                reasons = voc.KEY_ACCOUNT_REMOVAL_REVENUE
                decisions.append(Decision(day, account, False, reasons[0 if declined else 1]))
                del members[account]

        by_revenue = sum(kind == "revenue" for kind in members.values())
        for account in ranked:
            if by_revenue >= wanted - wanted_for_potential:
                break
            if account not in members:
                members[account] = "revenue"
                reason = voc.KEY_ACCOUNT_REASONS_REVENUE[int(rng.integers(0, 4))]
                decisions.append(Decision(day, account, True, reason))
                by_revenue += 1

        share = last_year / p.potential
        high_potential = p.potential >= np.quantile(p.potential, 0.9)
        candidates = np.flatnonzero(eligible & high_potential & (share < 0.2))
        candidates = candidates[np.lexsort((p.account_no[candidates], -p.potential[candidates]))]
        by_potential = sum(kind == "potential" for kind in members.values())
        for account in candidates:
            if by_potential >= wanted_for_potential:
                break
            if account not in members:
                members[account] = "potential"
                reason = voc.KEY_ACCOUNT_REASONS_POTENTIAL[int(rng.integers(0, 3))]
                decisions.append(Decision(day, account, True, reason))
                by_potential += 1
        members_by_year[year] = sorted(members)

    remove_lost(p.window.end_day + 1)
    return KeyAccountHistory(decisions, members_by_year)


def plan_budgets(
    seed: int, p: Portfolio, revenue: YearlyRevenue, history: KeyAccountHistory
) -> pa.Table:
    """Monthly budgets per product group for the key accounts of the current and last year.

    A group's budget is last year's revenue in it plus a growth target; accounts chosen for
    their potential also get a target in a group they do not buy yet (white space).
    """
    rng = stream(seed, "budgets")
    end_year = p.window.end.year
    affinity = np.asarray(voc.PRODUCT_AFFINITY)[p.industry]
    month_share = np.asarray(voc.MONTH_WEIGHTS) / sum(voc.MONTH_WEIGHTS)
    accounts, years, groups, amounts = [], [], [], []
    for year in (end_year - 1, end_year):
        members = _members_in(history, year)
        if not members:
            continue
        base = revenue.groups_of_year(year - 1)
        for account in members:
            growth = rng.uniform(0.0, 0.12)
            plan = np.where(base[account] >= 2_000, base[account] * (1 + growth), 0.0)
            if plan.sum() == 0 or rng.random() < 0.3:
                # a target in the groups the industry needs most but the account does not buy
                open_groups = np.flatnonzero(plan == 0)
                best = open_groups[np.argsort(-affinity[account, open_groups], kind="stable")]
                share = 0.05 if plan.sum() == 0 else 0.03
                plan[best[: 2 if plan.sum() == 0 else 1]] = share * p.potential[account]
            for group in np.flatnonzero(plan > 0):
                accounts.append(account)
                years.append(year)
                groups.append(group)
                amounts.append(plan[group])
    monthly = np.repeat(np.array(amounts, dtype=float), 12) * np.tile(month_share, len(amounts))
    return pa.table(
        {
            "account_id": coded(np.repeat(np.array(accounts, dtype=np.int64), 12), p.account_ids),
            "year": np.repeat(np.array(years, dtype=np.int32), 12),
            "month": np.tile(np.arange(1, 13, dtype=np.int32), len(amounts)),
            "product_group": coded(np.repeat(np.array(groups, dtype=np.int64), 12), GROUP_NAMES),
            "budget_amount": np.round(monthly, -1),
        }
    )


def _members_in(history: KeyAccountHistory, year: int) -> list[int]:
    """The key accounts after the latest review up to ``year``."""
    years = [y for y in history.members_by_year if y <= year]
    return history.members_by_year[max(years)] if years else []
