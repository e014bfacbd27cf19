"""Write the demo company into a kapanalytics database, replacing what is there."""

from __future__ import annotations

import getpass
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from numbers import Real

import duckdb
import pyarrow as pa

from kapanalytics.demo.common import Window
from kapanalytics.demo.crm import (
    contacts_table,
    generate_activities,
    generate_contacts,
    generate_opportunities,
    generate_ratings,
)
from kapanalytics.demo.invoices import (
    INVOICES_PER_CHUNK,
    LINES_SELECT,
    Catalogue,
    Invoices,
    generate_catalogue,
    generate_invoices,
    invoice_line_chunks,
)
from kapanalytics.demo.planning import (
    KeyAccountHistory,
    YearlyRevenue,
    decide_key_accounts,
    plan_budgets,
    yearly_revenue,
)
from kapanalytics.demo.portfolio import Portfolio, generate_portfolio
from kapanalytics.errors import ConfigurationError
from kapanalytics.schema import CANONICAL_TABLES
from kapanalytics.staging import refresh_staged_tables
from kapanalytics.store import table_row_counts, transaction

Progress = Callable[[float, str], None]

DEMO_FILE_NAME = "demo company"
DEMO_MAPPING = "demo"
SCALES = ("invoice_scale", "opportunity_scale", "contact_scale", "activity_scale")
"""The options that set how many rows the demo draws per account, as multiples of the usual."""
MAX_SCALE = 100


@dataclass(frozen=True)
class Planning:
    """Management's side of the demo: the key-account history and what it leads to."""

    history: KeyAccountHistory
    budgets: pa.Table
    decisions: pa.Table
    """The ``key_account_decisions`` rows without ``decision_id``, in decision order."""


@dataclass(frozen=True)
class DemoDraw:
    """The demo company, drawn part by part while it is written out.

    The same options give the same company, whatever it is written to: :func:`build_demo`
    loads a draw into a database, a file writer can stream it to Parquet. Parts are drawn when
    asked for; :meth:`planning` needs the revenue the invoice lines add up to, so it comes last.
    The options are those of :func:`build_demo`; impossible ones raise ConfigurationError.
    """

    seed: int = 7
    accounts: int = 2000
    end_date: date = date(2026, 9, 30)
    years: int = 5
    invoice_scale: float = 1.0
    opportunity_scale: float = 1.0
    contact_scale: float = 1.0
    activity_scale: float = 1.0

    def __post_init__(self) -> None:
        if self.accounts < 20:
            raise ConfigurationError(
                f"accounts={self.accounts}: the demo needs at least 20 accounts."
            )
        if not 1 <= self.years <= 20:
            raise ConfigurationError(
                f"years={self.years}: choose between 1 and 20 years of history."
            )
        if self.seed < 0:
            raise ConfigurationError(f"seed={self.seed}: the seed must be zero or positive.")
        for name in SCALES:
            value = getattr(self, name)
            usable = isinstance(value, Real) and not isinstance(value, bool)
            if not (usable and math.isfinite(value) and 0 < value <= MAX_SCALE):
                raise ConfigurationError(
                    f"{name}={value!r}: choose a factor above 0 and at most {MAX_SCALE}; "
                    "1 draws the usual number."
                )

    @cached_property
    def window(self) -> Window:
        return Window.ending(self.end_date, self.years)

    @cached_property
    def portfolio(self) -> Portfolio:
        return generate_portfolio(self.seed, self.accounts, self.window)

    @cached_property
    def catalogue(self) -> Catalogue:
        return generate_catalogue(self.seed)

    def invoices(self) -> Invoices:
        """Every invoice; large (a few numbers per invoice), so drawn anew on each call."""
        return generate_invoices(self.seed, self.portfolio, scale=self.invoice_scale)

    def line_chunks(self, invoices: Invoices) -> Iterator[pa.Table]:
        """The lines of ``invoices`` a chunk at a time; :data:`LINES_SELECT` makes them rows."""
        return invoice_line_chunks(self.seed, self.portfolio, self.catalogue, invoices)

    def contacts_and_activities(self) -> tuple[pa.Table, pa.Table]:
        """The ``contacts`` and ``activities`` rows (a contact's last touchpoint links them)."""
        contacts = generate_contacts(self.seed, self.portfolio, scale=self.contact_scale)
        activities, last_contact = generate_activities(
            self.seed, self.portfolio, contacts, scale=self.activity_scale
        )
        return contacts_table(contacts, last_contact), activities

    def opportunities(self) -> pa.Table:
        return generate_opportunities(self.seed, self.portfolio, scale=self.opportunity_scale)

    def ratings(self) -> pa.Table:
        return generate_ratings(self.seed, self.portfolio)

    def planning(self, revenue: YearlyRevenue) -> Planning:
        """Key-account decisions and budgets from the revenue the invoice lines invoiced."""
        history = decide_key_accounts(self.seed, self.portfolio, revenue)
        budgets = plan_budgets(self.seed, self.portfolio, revenue, history)
        return Planning(history, budgets, history.table(self.portfolio, self.seed))


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`build_demo` wrote.

    ``row_counts`` has the rows per canonical table plus ``key_account_decisions``;
    ``start_date`` .. ``end_date`` is the period the demo covers (every date lies in it).
    """

    seed: int
    start_date: date
    end_date: date
    row_counts: dict[str, int]
    key_accounts: int
    """Accounts that are key accounts at ``end_date``."""
    seconds: float = field(compare=False)
    """How long the build took."""

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())


def build_demo(
    con: duckdb.DuckDBPyConnection,
    *,
    seed: int = 7,
    accounts: int = 2000,
    end_date: date = date(2026, 9, 30),
    years: int = 5,
    invoice_scale: float = 1.0,
    opportunity_scale: float = 1.0,
    contact_scale: float = 1.0,
    activity_scale: float = 1.0,
    progress: Progress | None = None,
) -> DemoSummary:
    """Replace all data in ``con`` with a generated B2B supplier, the same for the same seed.

    ``con`` must be a database opened by :func:`kapanalytics.store.connect`. Every canonical
    table and ``key_account_decisions`` are emptied and refilled in one transaction (all of it
    lands, or nothing does), and one ``import_log`` row records the load, so the data version
    changes. ``progress(fraction, message)`` is called as the build advances.

    The scales multiply how many rows are drawn per account, for data sets of a chosen size
    (1, the default, draws the usual company; each is above 0 and at most 100):
    ``invoice_scale`` the invoices per account and year (an account's revenue stays the same:
    more invoices carry smaller amounts), ``opportunity_scale`` the opportunities per account
    and year, ``contact_scale`` the people at an account besides its top manager,
    ``activity_scale`` the routine touchpoints per account and year.

    >>> from kapanalytics.store import connect
    >>> summary = build_demo(connect(":memory:"), accounts=200)
    >>> summary.row_counts["accounts"]
    200
    """
    draw = DemoDraw(
        seed=seed,
        accounts=accounts,
        end_date=end_date,
        years=years,
        invoice_scale=invoice_scale,
        opportunity_scale=opportunity_scale,
        contact_scale=contact_scale,
        activity_scale=activity_scale,
    )
    report = progress or (lambda fraction, message: None)
    started = time.perf_counter()
    started_at = datetime.now()

    report(0.0, "Drawing accounts")
    portfolio, catalogue = draw.portfolio, draw.catalogue
    report(0.05, "Drawing invoices")
    invoices = draw.invoices()

    with transaction(con):
        for table in [*CANONICAL_TABLES, "key_account_decisions"]:
            # the names come from the schema, never from a user
            con.execute(f'delete from "{table}"')
        _insert(con, "accounts", portfolio.accounts_table())
        _insert(con, "products", catalogue.table())
        chunks = max(1, -(-invoices.count // INVOICES_PER_CHUNK))
        for number, lines in enumerate(draw.line_chunks(invoices)):
            report(0.1 + 0.6 * number / chunks, f"Writing invoice lines ({number + 1}/{chunks})")
            con.register("demo_lines", lines)
            con.execute("insert into transactions " + LINES_SELECT)
            con.unregister("demo_lines")

        report(0.7, "Writing contacts and touchpoints")
        contacts, activities = draw.contacts_and_activities()
        _insert(con, "contacts", contacts)
        _insert(con, "activities", activities)
        report(0.8, "Writing opportunities and ratings")
        _insert(con, "opportunities", draw.opportunities())
        _insert(con, "account_ratings", draw.ratings())

        report(0.9, "Deciding key accounts and budgets")
        planning = draw.planning(yearly_revenue(con, portfolio))
        _insert(con, "budgets", planning.budgets)
        con.register("demo_decisions", planning.decisions)
        con.execute(
            "insert into key_account_decisions"
            " (decision_id, account_id, is_key_account, reason, decided_by, decided_at)"
            " select nextval('decision_id_seq'), * from demo_decisions order by decided_at"
        )
        con.unregister("demo_decisions")
        refresh_staged_tables(con)

        counts = table_row_counts(con)
        counts["key_account_decisions"] = planning.decisions.num_rows
        total = sum(counts.values())
        con.execute(
            "insert into import_log (import_id, target_table, file_name, file_hash, mapping,"
            " mode, rows_in, rows_loaded, rows_quarantined, started_at, finished_at,"
            " imported_by) values (nextval('import_id_seq'), 'all', ?, ?, ?, 'replace', ?, ?,"
            " 0, ?, ?, ?)",
            [
                DEMO_FILE_NAME,
                None,
                DEMO_MAPPING,
                total,
                total,
                started_at,
                datetime.now(),
                _user(),
            ],
        )
    report(1.0, "Done")
    return DemoSummary(
        seed=seed,
        start_date=draw.window.start,
        end_date=draw.window.end,
        row_counts=counts,
        key_accounts=len(planning.history.current),
        seconds=time.perf_counter() - started,
    )


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """Append ``rows`` (columns named as the canonical table's fields) to ``table``."""
    con.register("demo_rows", rows)
    try:
        con.execute(f'insert into "{table}" by name select * from demo_rows')
    finally:
        con.unregister("demo_rows")


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
