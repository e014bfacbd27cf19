"""The CRM side of the demo company: contacts (power maps), touchpoints, opportunities, ratings.

Each table follows the account's story from :mod:`kapanalytics.demo.portfolio`: large accounts
have more people, more touchpoints and more opportunities; complaints pile up before an account
is lost for bad service or delivery; after a loss the owner tries to win it back; opportunities
of an account that is being lost go to the competitor that takes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from kapanalytics.demo import vocabulary as voc
from kapanalytics.demo.common import (
    DAYS_PER_YEAR,
    NO_DAY,
    coded,
    date_array,
    numbered_ids,
    stream,
    timestamp_array,
    year_of,
)
from kapanalytics.demo.invoices import GROUP_NAMES
from kapanalytics.demo.portfolio import LOST, Portfolio, attitude_of

STAFF = (*voc.OWNERS, *voc.ACCOUNT_TEAM, voc.MANAGING_DIRECTOR, voc.MANAGEMENT)
"""Everyone on our side; owner columns are stored as positions into this list."""
TEAM = np.arange(len(voc.OWNERS), len(voc.OWNERS) + len(voc.ACCOUNT_TEAM))
DIRECTOR = STAFF.index(voc.MANAGING_DIRECTOR)
MANAGEMENT = STAFF.index(voc.MANAGEMENT)


def _spread(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For item counts per account: the account of each item and the item's rank within it."""
    account = np.repeat(np.arange(len(counts)), counts)
    rank = np.arange(len(account)) - np.repeat(np.cumsum(counts) - counts, counts)
    return account, rank


@dataclass
class Contacts:
    """The people at every account, ordered by account, the top manager of each first."""

    account: np.ndarray  # position of each contact's account in the portfolio
    first: np.ndarray  # position of each account's first contact
    count: np.ndarray  # contacts per account
    columns: dict[str, pa.Array]
    """The ``contacts`` columns except ``last_contact_date``, which the touchpoints give."""

    @property
    def ids(self) -> pa.Array:
        return self.columns["contact_id"]


def generate_contacts(seed: int, p: Portfolio, *, scale: float = 1.0) -> Contacts:
    """A power map per account: a managing director on top, the others reporting upwards.

    Influence falls with the level, but not strictly: a design engineer can outweigh a
    director. Attitudes scatter around the account's attitude toward us. ``scale`` multiplies
    the people below the top manager (at most 40 per account).
    """
    rng = stream(seed, "contacts")
    # a small firm has its owner and a buyer; a large account a buying centre of 10 to 25
    count = np.clip(1 + rng.poisson(scale * (0.8 + 24 * p.size_score**2.2)), 1, 40)
    account, rank = _spread(count)
    n = len(account)
    first = np.cumsum(count) - count

    positions = voc.POSITIONS
    share = np.array([pos.share for pos in positions])
    position = np.where(rank == 0, 0, rng.choice(len(positions), n, p=share / share.sum()))
    level = np.array([pos.level for pos in positions])[position]
    # within an account, order by level so that superiors come first
    order = np.lexsort((rng.random(n), level, account))
    position, level = position[order], level[order]

    # reports_to: someone one level up if there is one, else anyone higher
    key = account * 10 + level
    above = np.searchsorted(key, account * 10 + level, side="left")
    one_up = np.searchsorted(key, account * 10 + level - 1, side="left")
    direct = above > one_up
    low = np.where(direct, one_up, first[account])
    boss = low + np.floor(rng.random(n) * np.maximum(above - low, 1)).astype(np.int64)
    boss = np.where(level == 0, -1, boss)

    influence = np.array([4.6, 3.9, 3.0, 2.0])[level] + rng.normal(0, 0.8, n)
    influence = np.clip(np.round(influence), 1, 5).astype(np.int32)
    attitude = attitude_of(p.attitude_score[account] + rng.normal(0, 0.6, n))
    role_table = np.array([[pos.roles.get(r, 0.0) for r in voc.BUYING_ROLES] for pos in positions])
    role_cumulative = np.cumsum(role_table, axis=1) / role_table.sum(axis=1, keepdims=True)
    role = np.argmax(rng.random(n)[:, None] < role_cumulative[position], axis=1)

    names = _person_names(rng, p, account, level)
    large = p.size_score[account] > 0.6
    relationship_owner = np.where(rng.random(n) < 0.62, p.owner[account], rng.choice(TEAM, n))
    director = (level == 0) & large & (rng.random(n) < 0.5)
    relationship_owner = np.where(director, DIRECTOR, relationship_owner)

    ids = numbered_ids("C", 1_000_001 + np.arange(n))
    columns = {
        "contact_id": ids,
        "account_id": coded(account, p.account_ids),
        "name": pa.array(names, pa.string()),
        "title": coded(position, [pos.title for pos in positions]),
        "department": coded(position, [pos.department for pos in positions]),
        "buying_role": coded(role, voc.BUYING_ROLES),
        "influence": pa.array(influence),
        "attitude": coded(attitude, voc.ATTITUDES),
        "reports_to_contact_id": coded(boss, ids),
        "relationship_owner": coded(relationship_owner, STAFF),
    }
    return Contacts(account=account, first=first, count=count, columns=columns)


def _person_names(
    rng: np.random.Generator, p: Portfolio, account: np.ndarray, level: np.ndarray
) -> np.ndarray:
    language = np.array([c.language for c in voc.COUNTRIES])[p.country[account]]
    names = np.empty(len(account), dtype=object)
    for lang, surnames in voc.SURNAMES.items():
        where = np.flatnonzero(language == lang)
        firsts = np.array(voc.FIRST_NAMES[lang], dtype=object)
        lasts = np.array(surnames, dtype=object)
        given = firsts[rng.integers(len(firsts), size=len(where))]
        family = lasts[rng.integers(len(lasts), size=len(where))]
        names[where] = given + " " + family
    doctor = (level <= 1) & (language == "de") & (rng.random(len(account)) < 0.12)
    names[doctor] = "Dr. " + names[doctor]
    return names


def contacts_table(contacts: Contacts, last_contact_day: np.ndarray) -> pa.Table:
    """The ``contacts`` rows, with the day of each person's last touchpoint."""
    return pa.table({**contacts.columns, "last_contact_date": date_array(last_contact_day)})


def generate_activities(
    seed: int, p: Portfolio, contacts: Contacts, *, scale: float = 1.0
) -> tuple[pa.Table, np.ndarray]:
    """Touchpoints over each relationship, plus complaints before losses and win-back tries.

    Returns the ``activities`` table and, per contact, the day of its last touchpoint
    (``NO_DAY`` if never touched), which becomes the contact's ``last_contact_date``.
    ``scale`` multiplies the routine touchpoints per account and year.
    """
    rng = stream(seed, "activities")
    window = p.window
    rel_end = p.relationship_end()
    per_year = scale * np.where(
        p.is_customer,
        np.clip(2 * (np.maximum(p.revenue_level, 1) / 10_000) ** 0.55, 1, 150),
        rng.uniform(2, 5, p.size),
    )
    years = (rel_end - p.created_day + 1) / DAYS_PER_YEAR
    routine_count = rng.poisson(per_year * years)
    account, _ = _spread(routine_count)
    day = window.place(p.created_day[account], rel_end[account], rng.random(len(account)))
    kinds = [*voc.ACTIVITY_TYPES, voc.COMPLAINT]
    shares = np.array([*voc.ACTIVITY_TYPES.values(), 0.025])
    kind = rng.choice(len(kinds), len(account), p=shares / shares.sum())

    # complaints in the months before an account leaves over service or delivery
    reasons = list(voc.LOST_REASONS)
    unhappy = np.isin(
        p.lost_reason, [reasons.index("service quality"), reasons.index("delivery problems")]
    )
    complaint_count = np.where(unhappy, rng.integers(2, 5, p.size), 0)
    c_account, _ = _spread(complaint_count)
    c_first = np.maximum(p.last_day[c_account] - 240, p.created_day[c_account])
    c_day = window.place(c_first, p.last_day[c_account], rng.random(len(c_account)))

    # win-back tries in the year after the loss
    lost = p.status == LOST
    tries = np.where(lost & (rng.random(p.size) < 0.5), rng.integers(1, 5, p.size), 0)
    w_account, _ = _spread(tries)
    w_last = np.minimum(p.lost_day[w_account] + 365, window.end_day)
    w_day = window.place(p.lost_day[w_account], w_last, rng.random(len(w_account)))
    w_kinds = [kinds.index(k) for k in ("visit", "call", "meeting", "email")]

    account = np.concatenate([account, c_account, w_account])
    day = np.concatenate([day, c_day, w_day])
    kind = np.concatenate(
        [
            kind,
            np.full(len(c_account), kinds.index(voc.COMPLAINT)),
            np.array(w_kinds)[rng.integers(0, 4, len(w_account))],
        ]
    )
    n = len(account)
    with_contact = rng.random(n) < 0.85
    pick = contacts.first[account] + np.floor(rng.random(n) * contacts.count[account]).astype(int)
    contact = np.where(with_contact, pick, -1)
    team = (kind == kinds.index("service")) | (rng.random(n) < 0.15)
    owner = np.where(team, rng.choice(TEAM, n), p.owner[account])

    order = np.lexsort((p.account_no[account], day))
    account, day, kind, contact, owner = (
        account[order],
        day[order],
        kind[order],
        contact[order],
        owner[order],
    )
    last_contact = np.full(len(contacts.account), NO_DAY, dtype=np.int64)
    touched = contact >= 0
    np.maximum.at(last_contact, contact[touched], day[touched])

    table = pa.table(
        {
            "activity_id": numbered_ids("ACT-", 10_000_001 + np.arange(n)),
            "account_id": coded(account, p.account_ids),
            "contact_id": coded(contact, contacts.ids),
            "activity_date": date_array(day),
            "type": coded(kind, kinds),
            "owner": coded(owner, STAFF),
        }
    )
    return table, last_contact


def generate_opportunities(seed: int, p: Portfolio, *, scale: float = 1.0) -> pa.Table:
    """Opportunities over each relationship: won, lost (with reason and competitor), or open.

    Open opportunities carry no close date: the demo holds no date after the window's end.
    ``scale`` multiplies the opportunities per account and year (not the win-back offers).
    """
    rng = stream(seed, "opportunities")
    window = p.window
    rel_end = np.where(p.is_customer, np.maximum(p.last_day, p.created_day), window.end_day)
    rel_end = np.where(p.winback_day != NO_DAY, window.end_day, rel_end)
    per_year = scale * np.where(
        p.is_customer,
        np.clip(0.3 * (np.maximum(p.revenue_level, 1) / 20_000) ** 0.4, 0.15, 12),
        0.5,
    )
    years = (rel_end - p.created_day + 1) / DAYS_PER_YEAR
    account, _ = _spread(rng.poisson(per_year * years))
    n = len(account)
    created = window.place(p.created_day[account], rel_end[account], rng.random(n))
    close = created + rng.integers(20, 300, n)

    win_chance = np.clip(0.42 + 0.08 * p.attitude_score[account], 0.1, 0.8)
    won = (rng.random(n) < win_chance) & p.is_customer[account]
    # what was in play while the account was being lost went to the competitor that took it
    lost_day, back_day = p.lost_day[account], p.winback_day[account]
    losing = (lost_day != NO_DAY) & (close >= p.last_day[account] - 180)
    losing &= (back_day == NO_DAY) | (close < back_day)
    close = np.where(losing, np.minimum(close, window.end_day), close)
    won &= ~losing
    is_open = close > window.end_day
    status = np.where(is_open, "open", np.where(won, "won", "lost"))

    # a won win-back offer shortly before a lost account buys again
    back = np.flatnonzero(p.winback_day != NO_DAY)
    b_close = p.winback_day[back] - rng.integers(5, 40, len(back))
    b_created = np.maximum(b_close - rng.integers(60, 150, len(back)), window.start_day)
    account = np.concatenate([account, back])
    created = np.concatenate([created, b_created])
    close = np.concatenate([close, b_close])
    status = np.concatenate([status, np.full(len(back), "won")])
    is_open = np.concatenate([is_open, np.zeros(len(back), bool)])
    losing = np.concatenate([losing, np.zeros(len(back), bool)])
    n = len(account)

    cumulative_mix = np.cumsum(p.mix, axis=1)
    group = np.argmax(rng.random(n)[:, None] < cumulative_mix[account], axis=1)
    kind = np.array(voc.OPPORTUNITY_KINDS, dtype=object)[rng.integers(0, 8, n)]
    kind[len(kind) - len(back) :] = "win-back offer"
    names = GROUP_NAMES[group] + " – " + kind + " " + year_of(created).astype(str).astype(object)

    basis = np.where(p.is_customer, p.revenue_level, 0.25 * p.potential)[account]
    amount = np.round(np.maximum(basis * 0.15 * rng.lognormal(0, 0.7, n), 1_000), -2)

    stages = list(voc.OPEN_STAGES)
    stage_index = rng.choice(len(stages), n, p=[0.3, 0.3, 0.25, 0.15])
    stage = np.where(
        is_open,
        np.array(stages, dtype=object)[stage_index],
        np.where(status == "won", voc.WON_STAGE, voc.LOST_STAGE),
    )
    probability = np.where(
        is_open,
        np.array(list(voc.OPEN_STAGES.values()))[stage_index],
        np.where(status == "won", 1.0, 0.0),
    )

    lost = status == "lost"
    reasons = list(voc.OPPORTUNITY_LOST_REASONS)
    reason = rng.choice(len(reasons), n, p=list(voc.OPPORTUNITY_LOST_REASONS.values()))
    reason = np.where(
        losing, rng.choice([reasons.index("price"), reasons.index("competitor offer")], n), reason
    )
    silent = np.isin(reason, [reasons.index("no decision"), reasons.index("project cancelled")])
    competitor = rng.choice(
        len(voc.COMPETITORS), n, p=np.array(voc.COMPETITOR_WEIGHTS) / sum(voc.COMPETITOR_WEIGHTS)
    )
    named = (lost & ~silent & (rng.random(n) < 0.9)) | ((status == "won") & (rng.random(n) < 0.4))
    account_competitor = p.competitor[account]
    competitor = np.where(losing & (account_competitor >= 0), account_competitor, competitor)

    table = pa.table(
        {
            "opportunity_id": numbered_ids("OPP-", 1_000_001 + np.arange(n)),
            "account_id": coded(account, p.account_ids),
            "name": pa.array(names, pa.string()),
            "product_group": coded(group, GROUP_NAMES),
            "stage": pa.array(stage, pa.string()),
            "status": pa.array(status, pa.string()),
            "amount": amount,
            "probability": probability,
            "created_date": date_array(created),
            "close_date": date_array(np.where(is_open, NO_DAY, close)),
            "lost_reason": coded(np.where(lost, reason, -1), reasons),
            "competitor": coded(np.where(named, competitor, -1), voc.COMPETITORS),
            "owner": coded(p.owner[account], STAFF),
        }
    )
    # ids in the order the opportunities were opened, as a CRM numbers them
    order = np.lexsort((p.account_no[account], created))
    return table.take(order).set_column(0, "opportunity_id", table["opportunity_id"])


def generate_ratings(seed: int, p: Portfolio) -> pa.Table:
    """Qualitative ratings (1..5) on five criteria for most accounts.

    Large accounts are re-rated about a year later, so the table holds a history. Management
    rates strategic importance; the account owner rates the rest.
    """
    rng = stream(seed, "ratings")
    window = p.window
    rel_end = p.relationship_end()
    rated = rng.random(p.size) < np.where(p.is_customer, 0.85, 0.5)
    first = np.minimum(p.created_day + 30, rel_end)
    day = window.place(first, rel_end, rng.random(p.size))
    again = rated & (p.size_score > 0.6) & (day + 400 <= rel_end)
    day2 = np.minimum(day + rng.integers(330, 400, p.size), rel_end)

    groups_bought = (p.mix > 0).sum(axis=1)
    region_fit = {"DE": 5, "AT": 5, "CH": 4.6, "NL": 4, "BE": 4, "FR": 3.5, "PL": 3.6, "CZ": 3.8}
    country_fit = np.array([region_fit.get(c.code, 2.8) for c in voc.COUNTRIES])
    partner_industries = [list(voc.INDUSTRIES).index(i) for i in ("logistics", "construction")]
    base = np.column_stack(
        [
            np.where(p.is_customer, 1.4 + 0.75 * groups_bought, 3.0),  # product_fit
            3.1 + 0.9 * p.attitude_score,  # cultural_fit
            country_fit[p.country],  # geographic_fit
            1.6 + 1.2 * np.isin(p.industry, partner_industries),  # channel_partner_potential
            1.2 + 3.6 * p.size_score,  # strategic_importance
        ]
    )
    score = np.clip(np.round(base + rng.normal(0, 0.7, base.shape)), 1, 5)
    score2 = np.clip(score + rng.choice([-1, 0, 0, 0, 1], score.shape), 1, 5)

    accounts = np.concatenate([np.flatnonzero(rated), np.flatnonzero(again)])
    days = np.concatenate([day[rated], day2[again]])
    scores = np.concatenate([score[rated], score2[again]])
    n_criteria = len(voc.RATING_CRITERIA)
    seconds = days * 86_400 + 8 * 3_600 + rng.integers(0, 10 * 3_600, len(days))
    criterion = np.tile(np.arange(n_criteria), len(accounts))
    account = np.repeat(accounts, n_criteria)
    management = criterion == voc.RATING_CRITERIA.index("strategic_importance")
    rated_by = np.where(management, MANAGEMENT, p.owner[account])
    table = pa.table(
        {
            "account_id": coded(account, p.account_ids),
            "criterion": coded(criterion, voc.RATING_CRITERIA),
            "rating": scores.ravel().astype(np.int32),
            "rated_by": coded(rated_by, STAFF),
            "rated_at": timestamp_array(np.repeat(seconds, n_criteria)),
        }
    )
    return table.take(
        np.lexsort((criterion, np.repeat(seconds, n_criteria), p.account_no[account]))
    )
