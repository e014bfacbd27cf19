"""A small hand-made company for the key-account selection tests, and helpers to load it.

The analysis date is 2026-09-30 (the last invoice date), so L12M is 2025-10-01 .. 2026-09-30,
the 12 months before are 2024-10-01 .. 2025-09-30, and the 12 months three years back are
2022-10-01 .. 2023-09-30. A1 and A2 are stand-alone accounts, A3 a prospect without lines;
the group P has two divisions, D1 and D2.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from kapanalytics.staging import refresh_staged_tables

AS_OF = date(2026, 9, 30)

ACCOUNTS = [
    # account_id, name, parent, region, potential, credit rating, attitude
    ("A1", "Alpha GmbH", None, "North", 100_000.0, 2.0, "positive"),
    ("A2", "Beta AG", None, "South", 50_000.0, 4.0, "enemy"),
    ("A3", "Gamma KG", None, "North", 80_000.0, None, None),
    ("P", "Pi Holding", None, "North", 200_000.0, 1.0, "mentor"),
    ("D1", "Pi Nord", "P", "North", 100_000.0, 2.0, "positive"),
    ("D2", "Pi Süd", "P", "South", 50_000.0, 5.0, "negative"),
]

PRODUCTS = [("p-pump", "Pump X", "Pumps")]

LINES = [
    # invoice_id, account_id, date, product_id, product_group, net, cost, credit note
    ("INV1", "A1", "2026-09-30", None, "Valves", 1000.0, 600.0, None),
    ("INV1", "A1", "2026-09-30", "p-pump", None, 500.0, None, None),
    ("INV2", "A1", "2025-10-01", None, "Seals", 200.0, 100.0, None),
    ("INV3", "A1", "2025-09-30", None, "Valves", 800.0, 500.0, None),
    ("CN1", "A1", "2026-05-01", None, "Valves", -300.0, -180.0, True),
    (None, "A1", "2026-03-03", None, "Valves", 100.0, None, None),
    (None, "A1", "2026-03-03", None, None, 50.0, None, None),
    ("INV4", "A1", "2023-01-15", None, "Valves", 1500.0, 900.0, None),
    ("INV5", "A1", "2026-07-07", None, "Valves", 400.0, 250.0, None),
    ("INV5", "A1", "2026-07-07", None, "Service", -50.0, None, None),
    ("INV10", "A2", "2026-01-10", None, "Pumps", 2000.0, 1500.0, None),
    ("INV11", "A2", "2024-12-01", None, "Pumps", 1000.0, 800.0, None),
    ("INV20", "D1", "2026-02-02", None, "Valves", 3000.0, 2000.0, None),
    ("INV21", "D1", "2023-03-03", None, "Valves", 1000.0, 700.0, None),
    ("INV30", "D2", "2026-04-04", None, "Seals", 1000.0, 700.0, None),
    ("INV40", "P", "2026-06-06", None, "Drives", 500.0, None, None),
]

OPPORTUNITIES = [
    # id, account, status, amount, close_date
    ("O1", "A1", "won", 5000.0, "2025-01-01"),
    ("O2", "A1", "Won ", 7000.0, "2024-06-01"),
    ("O3", "A1", "lost", 3000.0, "2026-02-01"),
    ("O4", "A1", "lost", 9000.0, "2023-09-30"),  # exactly three years back: outside
    ("O5", "A1", "open", 10000.0, None),
    ("O6", "A1", "open", None, None),
    ("O7", "D1", "won", 1000.0, "2026-01-01"),
    ("O8", "D2", "lost", 1000.0, "2026-01-01"),
    ("O9", "D2", "open", 2500.0, None),
]

CONTACTS = [
    # id, account, buying role
    ("C1", "A1", "decision maker"),
    ("C2", "A1", "buyer"),
    ("C3", "A1", "Buyer "),
    ("C4", "A1", "chief"),
    ("C5", "D1", "user"),
    ("C6", "D2", "user"),
    ("C7", "D2", "influencer"),
    ("C8", "P", "decision maker"),
]

ACTIVITIES = [
    # account, date, count
    ("A1", "2026-01-15", 6),
    ("A1", "2025-09-30", 1),
    ("D1", "2026-03-01", 2),
    ("D2", "2026-05-01", 13),
]

RATINGS = [
    # account, criterion, rating, rated_at
    ("A1", "product_fit", 2, "2025-01-01"),
    ("A1", "product_fit", 4, "2026-01-01"),
    ("A1", "strategic_importance", 5, "2026-01-01"),
    ("D1", "product_fit", 5, "2026-01-01"),
    ("D2", "product_fit", 1, "2026-01-01"),
]


def lines_frame() -> pd.DataFrame:
    frame = pd.DataFrame(
        LINES,
        columns=[
            "invoice_id",
            "account_id",
            "invoice_date",
            "product_id",
            "product_group",
            "net_amount",
            "cost_amount",
            "is_credit_note",
        ],
    )
    frame["invoice_date"] = pd.to_datetime(frame["invoice_date"]).dt.date
    frame["line_no"] = frame.groupby(frame["invoice_id"].fillna("-")).cumcount() + 1
    return frame


def load_company(con) -> None:
    """Insert the hand-made company into a fresh database."""
    accounts = pd.DataFrame(
        ACCOUNTS,
        columns=[
            "account_id",
            "name",
            "parent_account_id",
            "region",
            "annual_potential",
            "credit_rating",
            "attitude",
        ],
    )
    accounts["status"] = ["active", "active", "prospect", "active", "active", "active"]
    products = pd.DataFrame(PRODUCTS, columns=["product_id", "name", "product_group"])
    opportunities = pd.DataFrame(
        OPPORTUNITIES, columns=["opportunity_id", "account_id", "status", "amount", "close_date"]
    )
    opportunities["close_date"] = pd.to_datetime(opportunities["close_date"]).dt.date
    contacts = pd.DataFrame(CONTACTS, columns=["contact_id", "account_id", "buying_role"])
    activities = pd.DataFrame(
        [
            (f"T{i}-{n}", account, date.fromisoformat(day), "call")
            for i, (account, day, count) in enumerate(ACTIVITIES)
            for n in range(count)
        ],
        columns=["activity_id", "account_id", "activity_date", "type"],
    )
    ratings = pd.DataFrame(
        [(a, c, r, datetime.fromisoformat(t)) for a, c, r, t in RATINGS],
        columns=["account_id", "criterion", "rating", "rated_at"],
    )
    for table, frame in [
        ("accounts", accounts),
        ("products", products),
        ("transactions", lines_frame().astype({"is_credit_note": "object"})),
        ("opportunities", opportunities),
        ("contacts", contacts),
        ("activities", activities),
        ("account_ratings", ratings),
    ]:
        con.register("frame_to_load", frame)
        con.execute(f"insert into {table} by name select * from frame_to_load")
        con.unregister("frame_to_load")
    refresh_staged_tables(con)
