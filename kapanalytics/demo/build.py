"""Write the demo company into a kapanalytics database, replacing what is there."""

from __future__ import annotations

import getpass
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

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
    generate_catalogue,
    generate_invoices,
    invoice_line_chunks,
)
from kapanalytics.demo.planning import decide_key_accounts, plan_budgets, yearly_revenue
from kapanalytics.demo.portfolio import generate_portfolio
from kapanalytics.errors import ConfigurationError
from kapanalytics.schema import CANONICAL_TABLES
from kapanalytics.store import table_row_counts, transaction

Progress = Callable[[float, str], None]

DEMO_FILE_NAME = "demo company"
DEMO_MAPPING = "demo"


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
    progress: Progress | None = None,
) -> DemoSummary:
    """Replace all data in ``con`` with a generated B2B supplier, the same for the same seed.

    ``con`` must be a database opened by :func:`kapanalytics.store.connect`. Every canonical
    table and ``key_account_decisions`` are emptied and refilled in one transaction (all of it
    lands, or nothing does), and one ``import_log`` row records the load, so the data version
    changes. ``progress(fraction, message)`` is called as the build advances.

    >>> from kapanalytics.store import connect
    >>> summary = build_demo(connect(":memory:"), accounts=200)
    >>> summary.row_counts["accounts"]
    200
    """
    if accounts < 20:
        raise ConfigurationError(f"accounts={accounts}: the demo needs at least 20 accounts.")
    if not 1 <= years <= 20:
        raise ConfigurationError(f"years={years}: choose between 1 and 20 years of history.")
    if seed < 0:
        raise ConfigurationError(f"seed={seed}: the seed must be zero or positive.")
    report = progress or (lambda fraction, message: None)
    started = time.perf_counter()
    started_at = datetime.now()
    window = Window.ending(end_date, years)

    report(0.0, "Drawing accounts")
    portfolio = generate_portfolio(seed, accounts, window)
    catalogue = generate_catalogue(seed)
    report(0.05, "Drawing invoices")
    invoices = generate_invoices(seed, portfolio)

    with transaction(con):
        for table in [*CANONICAL_TABLES, "key_account_decisions"]:
            # the names come from the schema, never from a user
            con.execute(f'delete from "{table}"')
        _insert(con, "accounts", portfolio.accounts_table())
        _insert(con, "products", catalogue.table())
        chunks = max(1, -(-invoices.count // INVOICES_PER_CHUNK))
        for number, lines in enumerate(invoice_line_chunks(seed, portfolio, catalogue, invoices)):
            report(0.1 + 0.6 * number / chunks, f"Writing invoice lines ({number + 1}/{chunks})")
            con.register("demo_lines", lines)
            con.execute("insert into transactions " + LINES_SELECT)
            con.unregister("demo_lines")

        report(0.7, "Writing contacts and touchpoints")
        contacts = generate_contacts(seed, portfolio)
        activities, last_contact = generate_activities(seed, portfolio, contacts)
        _insert(con, "contacts", contacts_table(contacts, last_contact))
        _insert(con, "activities", activities)
        report(0.8, "Writing opportunities and ratings")
        _insert(con, "opportunities", generate_opportunities(seed, portfolio))
        _insert(con, "account_ratings", generate_ratings(seed, portfolio))

        report(0.9, "Deciding key accounts and budgets")
        revenue = yearly_revenue(con, portfolio)
        history = decide_key_accounts(seed, portfolio, revenue)
        _insert(con, "budgets", plan_budgets(seed, portfolio, revenue, history))
        decisions = history.table(portfolio, seed)
        con.register("demo_decisions", decisions)
        con.execute(
            "insert into key_account_decisions"
            " (decision_id, account_id, is_key_account, reason, decided_by, decided_at)"
            " select nextval('decision_id_seq'), * from demo_decisions order by decided_at"
        )
        con.unregister("demo_decisions")

        counts = table_row_counts(con)
        counts["key_account_decisions"] = decisions.num_rows
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
        start_date=window.start,
        end_date=window.end,
        row_counts=counts,
        key_accounts=len(history.current),
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
