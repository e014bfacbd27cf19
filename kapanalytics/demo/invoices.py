"""Products, invoices and invoice lines of the demo company.

Invoices are drawn for the whole portfolio at once (a few numbers per invoice), numbered in date
order per year like an ERP does, and then expanded into lines chunk by chunk, so memory stays
bounded however many accounts are generated.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from kapanalytics.demo import vocabulary as voc
from kapanalytics.demo.common import (
    DAYS_PER_YEAR,
    NO_DAY,
    date_array,
    stream,
    to_business_day,
    year_of,
)
from kapanalytics.demo.portfolio import Portfolio

CREDIT_NOTE_SHARE = 0.035
"""Invoices later partly or fully credited (returns, cancellations)."""
SPECIAL_PRICE_SHARE = 0.03
"""Invoice lines at a project or special price."""
INVOICES_PER_CHUNK = 400_000
"""Invoices expanded into lines at a time; bounds the memory of large demos."""
GROUP_NAMES = np.array([g.name for g in voc.PRODUCT_GROUPS], dtype=object)


@dataclass(frozen=True)
class Catalogue:
    """The products, sorted by product group; arrays are indexed by product position."""

    product_id: np.ndarray
    name: np.ndarray
    group: np.ndarray  # index into vocabulary.PRODUCT_GROUPS
    list_price: np.ndarray
    unit_cost: np.ndarray
    popularity_edges: np.ndarray
    """Group g's products own the interval [g, g+1), split by popularity; see pick()."""

    def table(self) -> pa.Table:
        return pa.table(
            {
                "product_id": pa.array(self.product_id),
                "name": pa.array(self.name),
                "product_group": pa.array(GROUP_NAMES[self.group]),
            }
        )

    def pick(self, group: np.ndarray, u: np.ndarray) -> np.ndarray:
        """The product position for each (group, uniform draw), popular products more often."""
        return np.searchsorted(self.popularity_edges, group + u, side="right")


def generate_catalogue(seed: int) -> Catalogue:
    """About 150 products in 8 groups: variants of each article, with list price and cost."""
    rng = stream(seed, "products")
    ids, names, groups, prices, costs, edges = [], [], [], [], [], []
    for g, spec in enumerate(voc.PRODUCT_GROUPS):
        low, high = spec.price_range
        group_prices = []
        for a, article in enumerate(spec.articles):
            base = np.exp(rng.uniform(np.log(low), np.log(high) - np.log(3)))
            for v in range(int(rng.integers(2, 5))):
                ids.append(f"A-{g + 1}{a + 1:02d}{v + 1:02d}")
                names.append(f"{article} {_variant_code(article, v)}")
                group_prices.append(round(base * (1 + 0.45 * v), 2))
                groups.append(g)
        group_prices = np.array(group_prices)
        prices.extend(group_prices)
        costs.extend(group_prices * spec.cost_share * rng.uniform(0.85, 1.15, len(group_prices)))
        # cheaper articles sell more often
        weight = rng.pareto(1.5, len(group_prices)) + 1
        weight = weight / np.sqrt(group_prices)
        cumulative = np.cumsum(weight) / weight.sum()
        cumulative[-1] = 1.0
        edges.extend(g + cumulative)
    return Catalogue(
        product_id=np.array(ids, dtype=object),
        name=np.array(names, dtype=object),
        group=np.array(groups),
        list_price=np.array(prices),
        unit_cost=np.round(np.array(costs), 2),
        popularity_edges=np.array(edges),
    )


def _variant_code(article: str, variant: int) -> str:
    letters = "".join(ch for ch in article.upper() if ch.isalpha())[:2]
    return f"{letters}-{(variant + 1) * 20}"


@dataclass
class Invoices:
    """One entry per invoice (regular ones sorted by date), plus the credit notes for some."""

    account: np.ndarray  # position in the portfolio
    day: np.ndarray
    number: np.ndarray  # running number within the invoice's year
    value: np.ndarray  # intended net value, EUR
    lines: np.ndarray
    credit_day: np.ndarray  # NO_DAY where not credited
    credit_number: np.ndarray
    credit_lines: np.ndarray

    @property
    def count(self) -> int:
        return len(self.account)


def generate_invoices(seed: int, portfolio: Portfolio, *, scale: float = 1.0) -> Invoices:
    """Draw every invoice of every buying spell of every customer.

    Invoices are spread evenly over business time within a spell (regular reordering), so a
    customer's gaps stay short while it buys, and the monthly seasonality shows. An invoice's
    value follows the account's revenue level at that date: growth or decline, a ramp-up after
    the first order, and a fading in the months before the account stops buying.

    ``scale`` multiplies the invoices per account and year; each invoice's value is divided by
    it, so an account's intended revenue stays the same however many invoices carry it. A line
    holds at least one unit, so smaller invoices round up and more of them bring more revenue:
    on 300 accounts, scale 0.4 gives 11 % less revenue than 1.0, and 2.5 gives 28 % more.
    """
    rng = stream(seed, "invoices")
    p, window = portfolio, portfolio.window
    revenue = p.revenue_level
    per_year = np.clip(6 * (np.maximum(revenue, 1) / 5_000) ** 0.45, 4, 250) * scale

    # buying spells: the first for every customer, a second for the won back
    customers = np.flatnonzero(p.is_customer)
    back = np.flatnonzero(p.winback_day != NO_DAY)
    spell_account = np.concatenate([customers, back])
    spell_first = np.concatenate([p.first_day[customers], p.winback_day[back]])
    spell_last = np.concatenate([p.last_day[customers], np.full(len(back), window.end_day)])
    spell_level = np.concatenate([np.ones(len(customers)), rng.uniform(0.4, 0.9, len(back))])
    spell_ramps = np.concatenate([p.first_day[customers] > window.start_day, np.ones(len(back))])
    spell_fades = np.concatenate([np.ones(len(customers), bool), np.zeros(len(back), bool)])

    years = (spell_last - spell_first + 1) / DAYS_PER_YEAR
    count = np.maximum(rng.poisson(per_year[spell_account] * years), 1)
    spell = np.repeat(np.arange(len(spell_account)), count)
    offset = np.arange(len(spell)) - np.repeat(np.cumsum(count) - count, count)
    position = (offset + rng.random(len(spell))) / count[spell]
    day = window.place(spell_first[spell], spell_last[spell], position)
    account = spell_account[spell]

    level = revenue[account] * spell_level[spell]
    level *= np.exp(p.growth[account] * (day - window.end_day) / DAYS_PER_YEAR)
    since_first = day - spell_first[spell]
    level *= np.where(spell_ramps[spell] > 0, 1 - 0.55 * np.exp(-since_first / 150), 1)
    until_churn = (p.churn_day[account] - day).astype(float)
    fade = np.clip(0.35 + 0.65 * until_churn / 300, 0.35, 1)
    level *= np.where(spell_fades[spell], fade, 1)
    value = level / per_year[account] * rng.lognormal(-0.5 * 0.45**2, 0.45, len(day))

    size_score = p.size_score[account]
    lines = 1 + np.minimum(rng.poisson(0.5 + 3.5 * size_score), 14)

    # the ERP numbers invoices in date order within each year
    order = np.lexsort((p.account_no[account], day))
    account, day, value, lines = account[order], day[order], value[order], lines[order]
    number = _number_per_year(day)

    credited = rng.random(len(day)) < CREDIT_NOTE_SHARE
    credit_day = np.minimum(day + rng.integers(5, 60, len(day)), window.end_day)
    credit_day = np.maximum(to_business_day(credit_day), day)
    credit_day = np.where(credited, credit_day, NO_DAY)
    credit_lines = np.where(credited, np.minimum(lines, 1 + (rng.random(len(day)) < 0.5)), 0)
    credit_number = np.zeros(len(day), dtype=np.int64)
    credit_order = np.flatnonzero(credited)
    credit_order = credit_order[np.lexsort((credit_order, credit_day[credit_order]))]
    credit_number[credit_order] = _number_per_year(credit_day[credit_order])
    return Invoices(account, day, number, value, lines, credit_day, credit_number, credit_lines)


def _number_per_year(sorted_days: np.ndarray) -> np.ndarray:
    """1, 2, 3, ... within each calendar year of days sorted ascending."""
    years = year_of(sorted_days)
    first_of_year = np.searchsorted(years, years, side="left")
    return np.arange(len(sorted_days)) - first_of_year + 1


def invoice_line_chunks(
    seed: int, portfolio: Portfolio, catalogue: Catalogue, invoices: Invoices
) -> Iterator[pa.Table]:
    """The invoice lines (and credit-note lines), a chunk of invoices at a time.

    Each table has the numeric parts of the ids (``account_no``, ``invoice_year``,
    ``invoice_number``); :data:`LINES_SELECT` turns them into canonical rows.
    """
    for chunk_no, start in enumerate(range(0, invoices.count, INVOICES_PER_CHUNK)):
        stop = min(start + INVOICES_PER_CHUNK, invoices.count)
        rng = stream(seed, f"lines-{chunk_no}")
        yield _chunk_lines(rng, portfolio, catalogue, invoices, np.arange(start, stop))


def _chunk_lines(
    rng: np.random.Generator,
    p: Portfolio,
    catalogue: Catalogue,
    invoices: Invoices,
    chunk: np.ndarray,
) -> pa.Table:
    n_lines = invoices.lines[chunk]
    invoice = np.repeat(chunk, n_lines)
    first_line = np.cumsum(n_lines) - n_lines
    line_no = np.arange(len(invoice)) - np.repeat(first_line, n_lines) + 1
    account = invoices.account[invoice]

    cumulative_mix = np.cumsum(p.mix, axis=1)
    group = np.argmax(rng.random(len(invoice))[:, None] < cumulative_mix[account], axis=1)
    product = catalogue.pick(group, rng.random(len(invoice)))

    # split each invoice's value over its lines
    weight = rng.exponential(1.0, len(invoice))
    weight /= np.add.reduceat(weight, first_line)[np.repeat(np.arange(len(chunk)), n_lines)]
    line_value = invoices.value[invoice] * weight

    unit_price = catalogue.list_price[product] * (1 - p.discount[account])
    unit_price *= rng.uniform(0.97, 1.03, len(invoice))
    # project and special prices: deep discounts that can cost more than they bring
    special = rng.random(len(invoice)) < SPECIAL_PRICE_SHARE
    unit_price = np.round(
        np.where(special, unit_price * rng.uniform(0.55, 0.85, len(invoice)), unit_price), 2
    )
    quantity = np.maximum(np.round(line_value / unit_price), 1)
    net_amount = np.round(quantity * unit_price, 2)
    cost_amount = np.round(
        quantity * catalogue.unit_cost[product] * rng.uniform(0.95, 1.06, len(invoice)), 2
    )

    # credit notes repeat the first lines of the credited invoice, negated (part or all)
    credited = line_no <= invoices.credit_lines[invoice]
    share = rng.uniform(0.25, 1.0, len(invoice))
    credit_quantity = -np.maximum(np.round(quantity * share), 1)
    c = credited
    return pa.table(
        {
            "is_credit_note": np.concatenate(
                [np.zeros(len(invoice), bool), np.ones(c.sum(), bool)]
            ),
            "invoice_year": np.concatenate(
                [year_of(invoices.day[invoice]), year_of(invoices.credit_day[invoice[c]])]
            ),
            "invoice_number": np.concatenate(
                [invoices.number[invoice], invoices.credit_number[invoice[c]]]
            ),
            "line_no": np.concatenate([line_no, line_no[c]]).astype(np.int32),
            "account_no": np.concatenate([p.account_no[account], p.account_no[account[c]]]),
            "invoice_date": date_array(
                np.concatenate([invoices.day[invoice], invoices.credit_day[invoice[c]]])
            ),
            "product_id": _lookup(np.concatenate([product, product[c]]), catalogue.product_id),
            "product_group": _lookup(
                catalogue.group[np.concatenate([product, product[c]])], GROUP_NAMES
            ),
            "quantity": np.concatenate([quantity, credit_quantity[c]]),
            "unit_price": np.concatenate([unit_price, unit_price[c]]),
            "net_amount": np.concatenate(
                [net_amount, np.round(credit_quantity[c] * unit_price[c], 2)]
            ),
            "cost_amount": np.concatenate(
                [cost_amount, np.round(cost_amount[c] * credit_quantity[c] / quantity[c], 2)]
            ),
        }
    )


def _lookup(index: np.ndarray, values: np.ndarray) -> pa.DictionaryArray:
    """A text column stored as positions into ``values`` (cheap for millions of lines)."""
    return pa.DictionaryArray.from_arrays(pa.array(index.astype(np.int32)), pa.array(values))


# Turns a chunk of lines (registered as ``demo_lines``) into canonical transactions rows.
LINES_SELECT = """
select
    case when is_credit_note then 'GS-' else 'RE-' end || invoice_year || '-'
        || lpad(invoice_number::varchar, 7, '0') as invoice_id,
    line_no,
    'K' || account_no as account_id,
    invoice_date,
    product_id::varchar as product_id,
    product_group::varchar as product_group,
    quantity,
    unit_price,
    net_amount,
    cost_amount,
    'EUR' as currency,
    is_credit_note
from demo_lines
"""
