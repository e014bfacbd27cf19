"""The customer base of the demo company: who the accounts are and how each relationship runs.

:func:`generate_portfolio` draws every account's attributes (industry, country, size, owner,
group membership) and its hidden story: when it started buying, how fast it grows, whether and
when it is lost, and whether it is won back. The invoices, contacts and opportunities are then
drawn from that story, so the tables agree with each other the way a real company's would.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyarrow as pa

from kapanalytics.demo import vocabulary as voc
from kapanalytics.demo.common import (
    DAYS_PER_YEAR,
    NO_DAY,
    Window,
    coded,
    date_array,
    numbered_ids,
    stream,
    to_business_day,
)

PROSPECT_SHARE = 0.08
"""Accounts that have not bought yet."""
INITIAL_CUSTOMER_SHARE = 0.62
"""Customers already buying when the window opens; the rest are won during the window."""
ANNUAL_CHURN = 0.12
"""Chance that a customer of average size and tenure stops buying within a year. The loyal
stay longer, so about 10 % of the customers active at a year's start are lost in that year."""
WIN_BACK_SHARE = 0.25
"""Lost accounts (for a reason one can win back) that buy again later."""
GROUP_SHARE = 0.02
"""Groups per account; each has a holding and 2..6 divisions in different countries."""
MEDIAN_POTENTIAL_EUR = 60_000
POTENTIAL_SIGMA = 1.4
"""Spread of log annual potential: sets how concentrated revenue is."""

HOLDING_LEGAL_FORMS = ("AG", "GmbH & Co. KG", "GmbH", "SE")
HOLDING_LEGAL_WEIGHTS = (0.35, 0.3, 0.25, 0.1)

ACTIVE, PROSPECT, LOST = "active", "prospect", "lost"


@dataclass
class Portfolio:
    """All accounts, one entry per account in every array (index = the account's position).

    Days are day numbers (see :mod:`kapanalytics.demo.common`); ``NO_DAY`` where absent.
    """

    window: Window
    account_no: np.ndarray  # the number in the account id 'K<number>'; increases with creation
    name: np.ndarray
    parent: np.ndarray  # position of the group's holding, -1 for independent accounts
    industry: np.ndarray  # index into vocabulary.INDUSTRIES
    country: np.ndarray  # index into vocabulary.COUNTRIES
    region: np.ndarray
    owner: np.ndarray  # index into vocabulary.OWNERS
    status: np.ndarray
    created_day: np.ndarray
    first_day: np.ndarray  # first day it can buy; NO_DAY for prospects
    churn_day: np.ndarray  # when it stops buying; may lie after the window (still buying)
    last_day: np.ndarray  # last day of its first buying spell
    lost_day: np.ndarray  # the CRM's lost date, NO_DAY if never marked lost
    winback_day: np.ndarray  # first day of buying again after a loss, NO_DAY if not won back
    lost_reason: np.ndarray  # index into LOST_REASONS, -1 if none
    competitor: np.ndarray  # index into COMPETITORS, -1 if none
    potential: np.ndarray  # annual spend in our categories, EUR
    revenue_level: np.ndarray  # our annual revenue at the window's end if it kept buying, EUR
    growth: np.ndarray  # yearly growth rate of our revenue
    discount: np.ndarray  # discount off list price
    mix: np.ndarray  # (accounts, product groups): share of its purchases per product group
    employees: np.ndarray
    credit_rating: np.ndarray
    attitude_score: np.ndarray  # latent; higher is friendlier
    attitude: np.ndarray  # index into ATTITUDES

    @property
    def size(self) -> int:
        return len(self.account_no)

    @cached_property
    def account_ids(self) -> pa.Array:
        """The account ids ('K100001', ...), by position."""
        return numbered_ids("K", self.account_no)

    @property
    def is_customer(self) -> np.ndarray:
        return self.status != PROSPECT

    @property
    def size_score(self) -> np.ndarray:
        """0 (tiny) .. 1 (large): revenue (or potential, for prospects) on a log scale."""
        basis = np.where(self.is_customer, self.revenue_level, 0.3 * self.potential)
        return np.clip(np.log10(np.maximum(basis, 1) / 5_000) / 3, 0, 1)

    def relationship_end(self) -> np.ndarray:
        """The last day we work with the account: its lost date, or the window's end."""
        end = np.full(self.size, self.window.end_day)
        lost_for_good = (self.lost_day != NO_DAY) & (self.winback_day == NO_DAY)
        return np.where(lost_for_good, self.lost_day, end)

    def accounts_table(self) -> pa.Table:
        """The canonical ``accounts`` rows, ordered by account id."""
        table = pa.table(
            {
                "account_id": self.account_ids,
                "name": self.name,
                "parent_account_id": coded(self.parent, self.account_ids),
                "industry": coded(self.industry, list(voc.INDUSTRIES)),
                "country": coded(self.country, [c.code for c in voc.COUNTRIES]),
                "region": self.region,
                "segment": segment_of(self.employees),
                "owner": coded(self.owner, voc.OWNERS),
                "created_date": date_array(self.created_day),
                "status": self.status,
                "lost_date": date_array(self.lost_day),
                "lost_reason": coded(self.lost_reason, list(voc.LOST_REASONS)),
                "lost_to_competitor": coded(self.competitor, voc.COMPETITORS),
                "annual_potential": np.round(self.potential, -3),
                "credit_rating": self.credit_rating,
                "employees": self.employees.astype(np.int32),
                "attitude": coded(self.attitude, voc.ATTITUDES),
            }
        )
        return table.take(np.argsort(self.account_no, kind="stable"))


def attitude_of(score: np.ndarray) -> np.ndarray:
    """Index into ATTITUDES for a latent attitude score (higher is friendlier).

    The cut points give about 7 % mentors, 27 % positive, 40 % neutral, 19 % negative and
    7 % enemies among accounts.
    """
    return np.searchsorted(-np.array([1.4, 0.3, -1.0, -2.0]), -score)


def segment_of(employees: np.ndarray) -> np.ndarray:
    """The size band of each account (vocabulary.SEGMENTS)."""
    bounds = np.array([bound for bound, _ in voc.SEGMENTS])
    labels = np.array([label for _, label in voc.SEGMENTS], dtype=object)
    # bands are listed largest first: count the bounds an account falls below
    return labels[np.sum(employees[:, None] < bounds[None, :], axis=1)]


def generate_portfolio(
    seed: int, accounts: int, window: Window, *, first_account_no: int = 100_001
) -> Portfolio:
    """Draw ``accounts`` accounts (customers, lost customers and prospects) for the window.

    Account ids are 'K' and a number from ``first_account_no`` on, in order of creation.
    """
    rng = stream(seed, "accounts")
    n = accounts
    is_prospect = rng.random(n) < PROSPECT_SHARE
    industry = rng.choice(len(voc.INDUSTRIES), n, p=_normalised(voc.INDUSTRIES.values()))
    country = rng.choice(len(voc.COUNTRIES), n, p=_normalised(c.share for c in voc.COUNTRIES))

    # Size: the potential is heavy-tailed (lognormal); we hold a share of it.
    potential = np.maximum(rng.lognormal(np.log(MEDIAN_POTENTIAL_EUR), POTENTIAL_SIGMA, n), 3_000)
    share_of_wallet = 0.05 + 0.85 * rng.beta(1.3, 2.6, n)
    revenue_level = np.where(is_prospect, 0.0, potential * share_of_wallet)

    parent, group_surname = _form_groups(rng, is_prospect, potential, country, industry)
    region = _regions(rng, country)
    owner = _owners(rng, region, parent)

    timeline = _timelines(rng, window, is_prospect, revenue_level, parent)
    size_score = np.clip(np.log10(np.maximum(revenue_level, 1) / 5_000) / 3, 0, 1)
    growth = np.clip(rng.normal(0.02, 0.1, n), -0.3, 0.35)
    discount = np.clip(0.02 + 0.2 * size_score + rng.normal(0, 0.03, n), 0, 0.3)
    mix = _product_mix(rng, industry, size_score)

    employees = np.maximum(potential / rng.lognormal(np.log(900), 0.5, n), 3).round()
    insolvent = timeline["lost_reason"] == list(voc.LOST_REASONS).index("insolvency")
    credit_rating = np.clip(2.3 + rng.normal(0, 0.7, n) - 0.3 * size_score, 1, 6)
    credit_rating = np.where(insolvent, rng.uniform(4.5, 6, n), credit_rating).round(1)

    lost_now = timeline["status"] == LOST
    fading = (timeline["churn_day"] <= window.end_day + 180) & ~lost_now
    attitude_score = (
        rng.normal(0, 1, n) + 0.6 * size_score - 1.2 * lost_now - 0.5 * fading + 0.3 * (parent >= 0)
    )
    attitude_score = np.where(is_prospect, 0.7 * rng.normal(0, 1, n) - 0.3, attitude_score)
    attitude = attitude_of(attitude_score)

    names = _company_names(rng, industry, country, parent, group_surname)
    # CRM numbers increase with the creation date; ties in a random but fixed order
    creation_order = np.lexsort((rng.random(n), timeline["created_day"]))
    account_no = np.empty(n, dtype=np.int64)
    account_no[creation_order] = first_account_no + np.arange(n)

    return Portfolio(
        window=window,
        account_no=account_no,
        name=names,
        parent=parent,
        industry=industry,
        country=country,
        region=region,
        owner=owner,
        potential=potential,
        revenue_level=revenue_level,
        growth=growth,
        discount=discount,
        mix=mix,
        employees=employees,
        credit_rating=credit_rating,
        attitude_score=attitude_score,
        attitude=attitude,
        **timeline,
    )


def _normalised(weights) -> np.ndarray:
    values = np.fromiter(weights, dtype=float)
    return values / values.sum()


def _form_groups(
    rng: np.random.Generator,
    is_prospect: np.ndarray,
    potential: np.ndarray,
    country: np.ndarray,
    industry: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Make groups of large customers: a holding in DACH and divisions in other countries.

    Changes ``country`` and ``industry`` in place (divisions share their holding's industry).
    Returns the parent position of every account (-1 if none) and each member's group surname.
    """
    n = len(potential)
    parent = np.full(n, -1)
    group_surname = np.full(n, None, dtype=object)
    n_groups = round(n * GROUP_SHARE) if n >= 50 else 0
    sizes = rng.integers(3, 8, n_groups)  # the holding and 2..6 divisions
    customers = np.flatnonzero(~is_prospect)
    pool = customers[np.argsort(-potential[customers], kind="stable")][: int(0.3 * len(customers))]
    while n_groups and sizes.sum() > len(pool):
        n_groups -= 1
        sizes = sizes[:n_groups]
    members = rng.permutation(pool)[: sizes.sum()]
    country_p = _normalised(c.share for c in voc.COUNTRIES)
    dach = [i for i, c in enumerate(voc.COUNTRIES) if c.code in ("DE", "AT", "CH")]
    group_names = _group_names(rng, len(sizes))
    start = 0
    for number, size in enumerate(sizes):
        group = members[start : start + size]
        start += size
        holding = group[np.argmax(potential[group])]
        divisions = group[group != holding]
        parent[divisions] = holding
        if country[holding] not in dach:
            country[holding] = dach[0]
        country[divisions] = rng.choice(len(voc.COUNTRIES), len(divisions), False, country_p)
        industry[group] = industry[holding]
        group_surname[group] = group_names[number]
    return parent, group_surname


def _group_names(rng: np.random.Generator, count: int) -> list[str]:
    """Distinct family or brand names for ``count`` groups: "Kuhn", "Neckarwerk", "Roth-Beck".

    When there are more groups than double names (portfolios of half a million accounts and
    more), the further names join three surnames: "Roth-Beck-Kuhn".
    """
    surnames = list(voc.SURNAMES["de"])
    brands = [stem + ending for stem in voc.PLACE_STEMS for ending in voc.PLACE_ENDINGS]
    names = [surnames[i] for i in rng.permutation(len(surnames))]
    names += [brands[i] for i in rng.permutation(len(brands))]
    taken = set(names)
    doubles = len(surnames) * (len(surnames) - 1)
    parts = 2 if count <= len(names) + doubles else 3
    while len(names) < count:
        name = "-".join(surnames[i] for i in rng.choice(len(surnames), parts, replace=False))
        if name not in taken:
            names.append(name)
            taken.add(name)
    return names[:count]


def _regions(rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
    region = np.empty(len(country), dtype=object)
    for index, spec in enumerate(voc.COUNTRIES):
        where = np.flatnonzero(country == index)
        choice = rng.choice(len(spec.regions), len(where), p=_normalised(spec.region_weights))
        region[where] = np.array(spec.regions, dtype=object)[choice]
    return region


def _owners(rng: np.random.Generator, region: np.ndarray, parent: np.ndarray) -> np.ndarray:
    """Owner by region; most divisions belong to their group's key-account manager."""
    owner = np.zeros(len(region), dtype=np.int64)
    regions = sorted({r for covered in voc.OWNER_REGIONS.values() for r in covered})
    for name in regions:
        candidates = [i for i, covered in enumerate(voc.OWNER_REGIONS.values()) if name in covered]
        where = np.flatnonzero(region == name)
        owner[where] = np.array(candidates)[rng.integers(len(candidates), size=len(where))]
    divisions = np.flatnonzero(parent >= 0)
    follow = divisions[rng.random(len(divisions)) < 0.6]
    owner[follow] = owner[parent[follow]]
    return owner


def _timelines(
    rng: np.random.Generator,
    window: Window,
    is_prospect: np.ndarray,
    revenue_level: np.ndarray,
    parent: np.ndarray,
) -> dict[str, np.ndarray]:
    """When each account was created, bought first, stopped, was marked lost, came back."""
    n = len(is_prospect)
    start, end = window.start_day, window.end_day
    initial = ~is_prospect & (rng.random(n) < INITIAL_CUSTOMER_SHARE)
    acquired = to_business_day(rng.integers(start + 30, end - 20, n))
    first_day = np.where(initial, start, acquired)
    first_day = np.where(is_prospect, NO_DAY, first_day)
    created_day = np.maximum(first_day - rng.integers(14, 270, n), start)
    created_day = np.where(initial, start, created_day)  # the CRM went live with the window
    prospect_created = rng.integers(max(start, end - 3 * 365), end - 7, n)
    created_day = np.where(is_prospect, prospect_created, created_day)

    # Large customers and group members stay longer; new customers leave more readily than
    # those that have bought for years. The average hazard gives ANNUAL_CHURN.
    customers = ~is_prospect
    median_revenue = np.median(revenue_level[customers]) if customers.any() else 1.0
    relative = np.maximum(revenue_level, 1) / max(median_revenue, 1)
    hazard = relative**-0.12 * np.where(parent >= 0, 0.45, 1.0) * np.where(initial, 0.85, 1.3)
    hazard *= -np.log(1 - ANNUAL_CHURN) / hazard[customers].mean() if customers.any() else 1
    lifetime_days = 60 + rng.exponential(1.0, n) / hazard * DAYS_PER_YEAR
    churn_day = np.where(is_prospect, NO_DAY, first_day + lifetime_days.astype(np.int64))
    last_day = np.where(is_prospect, NO_DAY, to_business_day(np.minimum(churn_day, end)))

    # The CRM marks the loss weeks or months after the last order; later than the window's
    # end it has not been noticed yet, and the account still shows as active.
    lost_day = churn_day + rng.integers(30, 150, n)
    marked = customers & (lost_day <= end)
    lost_day = np.where(marked, lost_day, NO_DAY)
    reasons = list(voc.LOST_REASONS)
    lost_reason = rng.choice(len(reasons), n, p=_normalised(voc.LOST_REASONS.values()))
    lost_reason = np.where(marked, lost_reason, -1)
    took_over = np.isin(lost_reason, [reasons.index(r) for r in voc.REASONS_WITHOUT_COMPETITOR])
    took_over = marked & ~took_over & (rng.random(n) < 0.85)
    competitor = rng.choice(len(voc.COMPETITORS), n, p=_normalised(voc.COMPETITOR_WEIGHTS))
    competitor = np.where(took_over, competitor, -1)

    final = np.isin(lost_reason, [reasons.index("insolvency"), reasons.index("moved/merger")])
    resume = to_business_day(churn_day + rng.integers(400, 850, n))
    won_back = marked & ~final & (rng.random(n) < WIN_BACK_SHARE) & (resume <= end - 30)
    winback_day = np.where(won_back, resume, NO_DAY)

    status = np.where(is_prospect, PROSPECT, np.where(marked & ~won_back, LOST, ACTIVE))
    return {
        "status": status.astype(object),
        "created_day": created_day,
        "first_day": first_day,
        "churn_day": churn_day,
        "last_day": last_day,
        "lost_day": lost_day,
        "winback_day": winback_day,
        "lost_reason": lost_reason,
        "competitor": competitor,
    }


def _product_mix(
    rng: np.random.Generator, industry: np.ndarray, size_score: np.ndarray
) -> np.ndarray:
    """Each account's purchase shares per product group, drawn around its industry's needs.

    Small accounts buy from few groups, large ones more broadly; groups with a tiny share are
    dropped, which leaves real white space to sell into.
    """
    affinity = np.asarray(voc.PRODUCT_AFFINITY)
    affinity = affinity / affinity.sum(axis=1, keepdims=True)
    concentration = 1.0 + 4.0 * size_score
    alpha = affinity[industry] * concentration[:, None]
    mix = rng.gamma(alpha)
    mix /= mix.sum(axis=1, keepdims=True)
    mix = np.where(mix < 0.04, 0.0, mix)
    # an account buying from no group after the cut keeps its largest one
    empty = mix.sum(axis=1) == 0
    mix[empty, np.argmax(alpha[empty], axis=1)] = 1.0
    return mix / mix.sum(axis=1, keepdims=True)


def _company_names(
    rng: np.random.Generator,
    industry: np.ndarray,
    country: np.ndarray,
    parent: np.ndarray,
    group_surname: np.ndarray,
) -> np.ndarray:
    """Plausible fictional company names; unique within the portfolio."""
    industries = list(voc.INDUSTRIES)
    holdings = set(parent[parent >= 0].tolist())
    cores: list[str] = []
    legals: list[str] = []
    draws = rng.random((len(industry), 8))
    legal_forms = _legal_forms(draws[:, 0], country)
    holding_forms = np.array(HOLDING_LEGAL_FORMS)[_pick(HOLDING_LEGAL_WEIGHTS, draws[:, 7])]
    for i in range(len(industry)):
        spec = voc.COUNTRIES[country[i]]
        german = spec.language == "de"
        words = (voc.INDUSTRY_WORDS_DE if german else voc.INDUSTRY_WORDS_EN)[
            industries[industry[i]]
        ]
        u = draws[i]
        legal = legal_forms[i]
        word = words[int(u[1] * len(words))]
        surnames = voc.SURNAMES[spec.language]
        surname = surnames[int(u[2] * len(surnames))]
        if group_surname[i] is not None:
            if i in holdings:
                core = f"{group_surname[i]} Holding"
                legal = holding_forms[i]
            else:
                core = f"{group_surname[i]} {word} {spec.label}"
        elif u[3] < 0.45:
            core = f"{surname} {word}"
        elif u[3] < 0.55:
            other = surnames[int(u[4] * len(surnames))]
            core = f"{surname} & {other} {word}" if other != surname else f"{surname} {word}"
        elif u[3] < 0.72 and german:
            stem = voc.PLACE_STEMS[int(u[5] * len(voc.PLACE_STEMS))]
            core = f"{stem}{voc.PLACE_ENDINGS[int(u[6] * len(voc.PLACE_ENDINGS))]} {word}"
        elif u[3] < 0.82:
            core = surname
        else:
            letters = "ABDEFGHKLMNPRSTW"
            initials = "".join(letters[int(x * len(letters))] for x in (u[4], u[5], u[6]))
            core = f"{initials} {word}"
        cores.append(core)
        legals.append(legal)
    codes = [voc.COUNTRIES[c].code for c in country]
    return _unique_names(rng, cores, legals, codes)


def _pick(weights: tuple[float, ...], u: np.ndarray) -> np.ndarray:
    """Index drawn with ``weights`` for each uniform draw in ``u``."""
    cumulative = np.cumsum(weights) / sum(weights)
    return np.searchsorted(cumulative, u, side="right").clip(0, len(weights) - 1)


def _legal_forms(u: np.ndarray, country: np.ndarray) -> np.ndarray:
    """A legal form per account, as common in its country."""
    forms = np.empty(len(country), dtype=object)
    for index, spec in enumerate(voc.COUNTRIES):
        where = country == index
        forms[where] = np.array(spec.legal_forms, dtype=object)[_pick(spec.legal_weights, u[where])]
    return forms


def _unique_names(
    rng: np.random.Generator, cores: list[str], legals: list[str], countries: list[str]
) -> np.ndarray:
    """Tell apart equal names by a site ("Weber Maschinenbau Ulm GmbH"), as companies do."""
    names = np.array([f"{c} {legal}" for c, legal in zip(cores, legals, strict=True)], dtype=object)
    for attempt in range(6):
        _, first = np.unique(names, return_index=True)
        duplicate = np.ones(len(names), dtype=bool)
        duplicate[first] = False
        if not duplicate.any():
            break
        for i in np.flatnonzero(duplicate):
            cities = voc.CITIES[countries[i]]
            site = cities[rng.integers(len(cities))]
            suffix = f" {attempt - 2}" if attempt >= 3 else ""
            names[i] = f"{cores[i]} {site}{suffix} {legals[i]}"
    return names
