"""The demo company: deterministic, complete, consistent, and shaped like a real portfolio."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from kapanalytics.demo import DemoSummary, build_demo, write_samples
from kapanalytics.demo.vocabulary import KEY_ACCOUNT_REASONS_POTENTIAL
from kapanalytics.errors import ConfigurationError
from kapanalytics.ingest import import_file
from kapanalytics.schema import CANONICAL_TABLES
from kapanalytics.store import PROJECT_ROOT, connect, data_version, table_row_counts

END = date(2026, 9, 30)
START = date(2021, 10, 1)
LAST_12_MONTHS_START = date(2025, 10, 1)
PRESET_DIR = PROJECT_ROOT / "kapanalytics" / "ingest" / "presets"
ALL_TABLES = [*CANONICAL_TABLES, "key_account_decisions"]


@pytest.fixture(scope="module")
def demo() -> tuple[duckdb.DuckDBPyConnection, DemoSummary]:
    """The default demo company (seed 7, 2,000 accounts), built once for this module."""
    con = connect(":memory:")
    summary = build_demo(con)
    yield con, summary
    con.close()


@pytest.fixture(scope="module")
def db(demo) -> duckdb.DuckDBPyConnection:
    return demo[0]


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> list[Path]:
    return write_samples(tmp_path_factory.mktemp("samples"))


def fingerprint(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, str]:
    """Row count and a hash of all rows in a fixed order (decision ids left out)."""
    # the table names come from the schema; decision ids come from a sequence of the database
    source = f'"{table}"'
    if table == "key_account_decisions":
        source = "(select * exclude (decision_id) from key_account_decisions)"
    return con.execute(
        f"select count(*), md5(coalesce(string_agg(t::varchar, '|' order by t::varchar), ''))"
        f" from {source} as t"
    ).fetchone()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    return con.execute(sql, params or []).fetchone()[0]


# --- determinism -------------------------------------------------------------------------------


def test_the_same_seed_builds_identical_tables(db):
    again = connect(":memory:")
    build_demo(again)
    for table in ALL_TABLES:
        assert fingerprint(again, table) == fingerprint(db, table), table
    again.close()


def test_another_seed_builds_another_company():
    first, second = connect(":memory:"), connect(":memory:")
    build_demo(first, seed=7, accounts=300)
    build_demo(second, seed=8, accounts=300)
    for table in ("accounts", "transactions", "contacts", "opportunities"):
        assert fingerprint(first, table) != fingerprint(second, table), table


# --- size and shape ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "low", "high"),
    [
        ("accounts", 2_000, 2_000),
        ("products", 100, 250),
        ("transactions", 150_000, 300_000),
        ("opportunities", 1_500, 5_000),
        ("contacts", 4_000, 15_000),
        ("activities", 15_000, 60_000),
        ("budgets", 2_000, 15_000),
        ("account_ratings", 6_000, 12_000),
        ("key_account_decisions", 60, 200),
    ],
)
def test_row_counts_are_in_the_expected_range(demo, table, low, high):
    con, summary = demo
    rows = scalar(con, f'select count(*) from "{table}"')
    assert low <= rows <= high
    assert summary.row_counts[table] == rows


def test_the_summary_names_the_window_and_the_seed(demo):
    con, summary = demo
    assert (summary.seed, summary.start_date, summary.end_date) == (7, START, END)
    assert summary.row_counts == {
        **table_row_counts(con),
        "key_account_decisions": scalar(con, "select count(*) from key_account_decisions"),
    }


def test_statuses_are_active_prospect_or_lost_in_realistic_shares(db):
    shares = dict(
        db.execute("select status, count(*) / 2000 from accounts group by all").fetchall()
    )
    assert set(shares) == {"active", "prospect", "lost"}
    assert 0.05 <= shares["prospect"] <= 0.12
    assert 0.15 <= shares["lost"] <= 0.35


def test_top_fifth_of_accounts_brings_65_to_85_percent_of_last_12_months_revenue(db):
    lines = db.execute(
        "select account_id, net_amount from transactions where invoice_date >= ?",
        [LAST_12_MONTHS_START],
    ).df()
    revenue = lines.groupby("account_id")["net_amount"].sum()
    revenue = revenue[revenue > 0].sort_values(ascending=False)
    top = revenue.iloc[: round(len(revenue) * 0.2)].sum() / revenue.sum()
    assert 0.65 <= top <= 0.85


def test_about_ten_percent_of_customers_are_lost_each_year(db):
    purchases = db.execute(
        "select distinct account_id, invoice_date from transactions where not is_credit_note"
    ).df()
    purchases["invoice_date"] = pd.to_datetime(purchases["invoice_date"])
    lost = db.execute("select account_id, lost_date from accounts where lost_date is not null").df()
    lost["lost_date"] = pd.to_datetime(lost["lost_date"])
    rates = []
    for year in range(1, 5):
        start = pd.Timestamp(START) + pd.DateOffset(years=year)
        end = start + pd.DateOffset(years=1)
        before = purchases[
            (purchases.invoice_date >= start - pd.DateOffset(years=1))
            & (purchases.invoice_date < start)
        ]
        customers = set(before.account_id)
        churned = lost[(lost.lost_date >= start) & (lost.lost_date < end)]
        rates.append(len(customers & set(churned.account_id)) / len(customers))
    assert all(0.06 <= rate <= 0.15 for rate in rates), rates
    assert 0.08 <= sum(rates) / len(rates) <= 0.12, rates


def test_customers_grow_and_decline(db):
    change = db.execute(
        "with yearly as (select account_id,"
        " sum(net_amount) filter (where invoice_date between '2024-10-01' and '2025-09-30') r1,"
        " sum(net_amount) filter (where invoice_date between '2025-10-01' and '2026-09-30') r2"
        " from transactions group by all)"
        " select count(*) filter (where r2 > 1.1 * r1), count(*) filter (where r2 < 0.9 * r1)"
        " from yearly where r1 > 0 and r2 > 0"
    ).fetchone()
    growing, declining = change
    assert growing >= 200
    assert declining >= 200


def test_august_and_december_are_slow_months(db):
    monthly = db.execute(
        "select month(invoice_date) as month, sum(net_amount) as revenue from transactions"
        " where invoice_date between '2022-01-01' and '2025-12-31' group by all"
    ).df()
    revenue = monthly.set_index("month")["revenue"]
    typical = revenue.drop([8, 12]).mean()
    assert revenue[8] < 0.8 * typical
    assert revenue[12] < 0.85 * typical


def test_groups_have_two_to_six_divisions_in_different_countries(db):
    groups = db.execute(
        "select parent_account_id, count(*) as divisions, count(distinct country) as countries"
        " from accounts where parent_account_id is not null group by all"
    ).df()
    assert 30 <= len(groups) <= 50
    assert groups.divisions.between(2, 6).all()
    assert (groups.countries == groups.divisions).all()


def test_every_account_has_a_unique_id_and_name(db):
    assert scalar(db, "select count(distinct account_id) from accounts") == 2000
    assert scalar(db, "select count(distinct name) from accounts") == 2000


# --- referential integrity ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "table",
    ["transactions", "opportunities", "contacts", "activities", "budgets", "account_ratings"],
)
def test_every_row_names_an_existing_account(db, table):
    orphans = scalar(
        db,
        f'select count(*) from "{table}" t where not exists'
        " (select 1 from accounts a where a.account_id = t.account_id)",
    )
    assert orphans == 0


@pytest.mark.parametrize(
    ("child", "column", "parent", "key"),
    [
        ("accounts", "parent_account_id", "accounts", "account_id"),
        ("transactions", "product_id", "products", "product_id"),
        ("activities", "contact_id", "contacts", "contact_id"),
        ("contacts", "reports_to_contact_id", "contacts", "contact_id"),
        ("key_account_decisions", "account_id", "accounts", "account_id"),
    ],
)
def test_every_reference_resolves(db, child, column, parent, key):
    orphans = scalar(
        db,
        f'select count(*) from "{child}" c where c."{column}" is not null and not exists'
        f' (select 1 from "{parent}" p where p."{key}" = c."{column}")',
    )
    assert orphans == 0


def test_contacts_report_to_someone_of_their_own_account_in_a_chain_to_the_top(db):
    contacts = db.execute("select contact_id, account_id, reports_to_contact_id from contacts").df()
    boss = contacts.set_index("contact_id")
    across = contacts.dropna(subset=["reports_to_contact_id"])
    assert (boss.loc[across.reports_to_contact_id, "account_id"].values == across.account_id).all()
    # walking up from anyone reaches a person who reports to no one
    current = contacts.reports_to_contact_id
    for _ in range(10):
        current = current.map(boss.reports_to_contact_id)
    assert current.isna().all()
    assert len(across) > 0.5 * len(contacts)


def test_activities_of_a_contact_are_at_its_account(db):
    mismatched = scalar(
        db,
        "select count(*) from activities a join contacts c using (contact_id)"
        " where a.account_id <> c.account_id",
    )
    assert mismatched == 0


# --- dates -------------------------------------------------------------------------------------


def _date_columns() -> list[tuple[str, str]]:
    columns = [
        (t.name, f.name)
        for t in CANONICAL_TABLES.values()
        for f in t.fields
        if f.type in ("DATE", "TIMESTAMP")
    ]
    return [*columns, ("key_account_decisions", "decided_at")]


@pytest.mark.parametrize(("table", "column"), _date_columns())
def test_no_date_lies_outside_the_five_years_ending_at_the_end_date(db, table, column):
    first, last = db.execute(
        f'select min("{column}")::date, max("{column}")::date from "{table}"'
    ).fetchone()
    assert first is None or first >= START
    assert last is None or last <= END


def test_lost_accounts_stop_buying_before_their_lost_date(db):
    late = scalar(
        db,
        "select count(*) from transactions t join accounts a using (account_id)"
        " where a.status = 'lost' and not t.is_credit_note and t.invoice_date > a.lost_date",
    )
    assert late == 0


def test_lost_accounts_have_a_reason_and_mostly_a_competitor(db):
    reasons = db.execute(
        "select lost_reason, count(*), count(lost_to_competitor) from accounts"
        " where status = 'lost' group by all"
    ).fetchall()
    assert {r[0] for r in reasons} >= {"price", "competitor offer", "insolvency", "other"}
    assert None not in {r[0] for r in reasons}
    with_competitor = sum(r[2] for r in reasons) / sum(r[1] for r in reasons)
    assert 0.4 <= with_competitor <= 0.9
    competitors = scalar(db, "select count(distinct lost_to_competitor) from accounts")
    assert 5 <= competitors <= 7


def test_some_lost_customers_were_won_back(db):
    won_back = scalar(
        db,
        "select count(distinct a.account_id) from accounts a join transactions t using"
        " (account_id) where a.lost_date is not null and t.invoice_date > a.lost_date"
        " and not t.is_credit_note",
    )
    assert 20 <= won_back <= 200


def test_prospects_have_potential_but_no_revenue(db):
    prospects = db.execute(
        "select count(*), count(annual_potential), count(t.account_id) from accounts a"
        " left join (select distinct account_id from transactions) t using (account_id)"
        " where a.status = 'prospect'"
    ).fetchone()
    assert prospects[0] > 0
    assert prospects[1] == prospects[0]
    assert prospects[2] == 0


def test_share_of_wallet_lies_between_5_and_90_percent_for_steady_customers(db):
    share = db.execute(
        "with last_year as (select account_id, sum(net_amount) as revenue from transactions"
        " where invoice_date >= ? group by all)"
        " select quantile_cont(revenue / annual_potential, [0.05, 0.5, 0.95]) from accounts"
        " join last_year using (account_id) where status = 'active' and created_date = ?",
        [LAST_12_MONTHS_START, START],
    ).fetchone()[0]
    assert share[0] >= 0.03
    assert share[2] <= 1.0
    assert 0.15 <= share[1] <= 0.5


# --- invoice lines -----------------------------------------------------------------------------


def test_invoices_have_several_lines_numbered_from_one(db):
    invoices = db.execute(
        "select count(*), avg(lines), max(lines), count(*) filter (where numbered_wrong)"
        " from (select invoice_id, count(*) as lines, max(line_no) <> count(*)"
        " or min(line_no) <> 1 or count(distinct account_id) <> 1"
        " or count(distinct invoice_date) <> 1 as numbered_wrong"
        " from transactions group by invoice_id)"
    ).fetchone()
    assert invoices[1] >= 2
    assert invoices[2] >= 8
    assert invoices[3] == 0
    assert (
        scalar(db, "select count(*) - count(distinct (invoice_id, line_no)) from transactions") == 0
    )


def test_credit_notes_are_negative_and_about_two_percent_of_lines(db):
    lines = db.execute(
        "select avg(is_credit_note::int), max(net_amount) filter (where is_credit_note),"
        " min(net_amount) filter (where not is_credit_note),"
        " max(quantity) filter (where is_credit_note) from transactions"
    ).fetchone()
    assert 0.01 <= lines[0] <= 0.03
    assert lines[1] < 0
    assert lines[2] > 0
    assert lines[3] < 0


def test_cost_is_below_revenue_on_most_lines_and_margins_differ_by_product_group(db):
    below = scalar(
        db, "select avg((cost_amount < net_amount)::int) from transactions where not is_credit_note"
    )
    assert 0.95 <= below < 1.0
    margins = db.execute(
        "select product_group, 1 - sum(cost_amount) / sum(net_amount) from transactions"
        " group by all"
    ).fetchall()
    values = [m[1] for m in margins]
    assert len(margins) == 8
    assert min(values) > 0.1
    assert max(values) < 0.7
    assert max(values) - min(values) > 0.15


def test_line_amounts_are_quantity_times_unit_price(db):
    off = scalar(
        db, "select count(*) from transactions where abs(net_amount - quantity * unit_price) > 0.01"
    )
    assert off == 0


def test_lines_carry_the_product_group_of_their_product(db):
    mismatched = scalar(
        db,
        "select count(*) from transactions t join products p using (product_id)"
        " where t.product_group is distinct from p.product_group",
    )
    assert mismatched == 0


# --- CRM tables --------------------------------------------------------------------------------


def test_contacts_use_the_power_map_vocabulary(db):
    roles = {r[0] for r in db.execute("select distinct buying_role from contacts").fetchall()}
    attitudes = {r[0] for r in db.execute("select distinct attitude from contacts").fetchall()}
    influence = db.execute("select min(influence), max(influence) from contacts").fetchone()
    assert roles == {
        "decision maker",
        "user",
        "influencer",
        "ratifier",
        "specifier",
        "door opener",
        "buyer",
    }
    assert attitudes == {"mentor", "positive", "neutral", "negative", "enemy"}
    assert influence == (1, 5)


def test_large_accounts_have_more_contacts_and_touchpoints(db):
    per_account = db.execute(
        "with revenue as (select account_id, sum(net_amount) as revenue from transactions"
        " group by all),"
        " people as (select account_id, count(*) as contacts from contacts group by all),"
        " touches as (select account_id, count(*) as activities from activities group by all)"
        " select ntile(5) over (order by revenue) as fifth, coalesce(contacts, 0) as contacts,"
        " coalesce(activities, 0) as activities from revenue"
        " left join people using (account_id) left join touches using (account_id)"
    ).df()
    mean = per_account.groupby("fifth")[["contacts", "activities"]].mean()
    assert mean.contacts[5] > 2 * mean.contacts[1]
    assert mean.activities[5] > 4 * mean.activities[1]


def test_activity_types_include_complaints_and_service(db):
    types = {r[0] for r in db.execute("select distinct type from activities").fetchall()}
    assert types == {"visit", "call", "email", "meeting", "event", "complaint", "service"}


def test_opportunities_are_won_lost_or_open_with_fitting_stage_and_probability(db):
    rows = db.execute(
        "select status, min(probability), max(probability), count(close_date),"
        " count(lost_reason), count(*), list(distinct stage) from opportunities group by all"
    ).fetchall()
    by_status = {r[0]: r for r in rows}
    assert set(by_status) == {"open", "won", "lost"}
    assert by_status["won"][1:3] == (1.0, 1.0)
    assert by_status["lost"][1:3] == (0.0, 0.0)
    assert by_status["open"][1] > 0
    assert by_status["open"][2] < 1
    assert by_status["lost"][4] == by_status["lost"][5]  # every lost one has a reason
    assert by_status["open"][3] == 0  # no expected close date after the end date
    won, lost = by_status["won"][5], by_status["lost"][5]
    assert 0.25 <= won / (won + lost) <= 0.6
    assert scalar(db, "select count(*) from opportunities where close_date < created_date") == 0


def test_most_accounts_are_rated_on_five_criteria(db):
    rated = db.execute(
        "select count(distinct account_id), list(distinct criterion), min(rating), max(rating)"
        " from account_ratings"
    ).fetchone()
    assert rated[0] >= 0.7 * 2000
    assert sorted(rated[1]) == sorted(
        [
            "product_fit",
            "cultural_fit",
            "geographic_fit",
            "channel_partner_potential",
            "strategic_importance",
        ]
    )
    assert (rated[2], rated[3]) == (1, 5)


# --- key accounts and budgets ------------------------------------------------------------------


def test_about_sixty_key_accounts_mostly_large_some_for_potential(demo):
    con, summary = demo
    current = con.execute(
        "select account_id, reason from key_account_decisions d where decision_id ="
        " (select max(decision_id) from key_account_decisions e where e.account_id = d.account_id)"
        " and is_key_account"
    ).df()
    assert 45 <= len(current) <= 75
    assert summary.key_accounts == len(current)
    top_tenth = {
        r[0]
        for r in con.execute(
            "select account_id from transactions where invoice_date >= ? group by all"
            " order by sum(net_amount) desc limit 200",
            [LAST_12_MONTHS_START],
        ).fetchall()
    }
    large = current.account_id.isin(top_tenth).mean()
    assert large >= 0.7
    for_potential = current[current.reason.isin(KEY_ACCOUNT_REASONS_POTENTIAL)].account_id
    assert len(for_potential) >= 3
    potential_rank = con.execute(
        "select account_id, percent_rank() over (order by annual_potential) from accounts"
    ).fetchall()
    assert all(rank >= 0.85 for account, rank in potential_rank if account in set(for_potential))
    decided = con.execute(
        "select count(*) filter (where not is_key_account), list(distinct decided_by)"
        " from key_account_decisions"
    ).fetchone()
    assert decided[0] >= 3
    assert decided[1] == ["Geschäftsleitung"]


def test_budgets_cover_the_key_accounts_monthly_for_this_year_and_last(db):
    budgets = db.execute(
        "select year, count(distinct account_id), count(distinct month),"
        " count(distinct product_group), min(budget_amount) from budgets group by all order by 1"
    ).fetchall()
    assert [b[0] for b in budgets] == [2025, 2026]
    for _, accounts, months, groups, smallest in budgets:
        assert 40 <= accounts <= 80
        assert months == 12
        assert groups >= 5
        assert smallest > 0


# --- replacing and the data version ------------------------------------------------------------


def test_the_demo_replaces_previous_contents_and_changes_the_data_version():
    con = connect(":memory:")
    build_demo(con, seed=3, accounts=120)
    con.execute("insert into accounts (account_id, name) values ('X1', 'Imported GmbH')")
    version = data_version(con)

    summary = build_demo(con, seed=3, accounts=150)

    assert scalar(con, "select count(*) from accounts where account_id = 'X1'") == 0
    assert scalar(con, "select count(*) from accounts") == 150
    assert table_row_counts(con) == {t: summary.row_counts[t] for t in CANONICAL_TABLES}
    assert data_version(con) != version
    log = con.execute(
        "select target_table, file_name, mapping, mode, rows_loaded from import_log"
        " order by import_id desc limit 1"
    ).fetchone()
    assert log == ("all", "demo company", "demo", "replace", summary.total_rows)
    con.close()


def test_a_failed_build_leaves_the_previous_data(monkeypatch):
    con = connect(":memory:")
    build_demo(con, accounts=100)
    before = table_row_counts(con)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("kapanalytics.demo.build.plan_budgets", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        build_demo(con, seed=9, accounts=150)
    assert table_row_counts(con) == before
    con.close()


def test_progress_rises_to_one():
    seen: list[float] = []
    build_demo(connect(":memory:"), accounts=60, progress=lambda f, m: seen.append(f))
    assert seen == sorted(seen)
    assert seen[0] == 0.0
    assert seen[-1] == 1.0


def test_end_date_and_years_set_the_window():
    con = connect(":memory:")
    summary = build_demo(con, accounts=150, end_date=date(2024, 12, 31), years=2)
    first, last = con.execute(
        "select min(invoice_date), max(invoice_date) from transactions"
    ).fetchone()
    assert summary.start_date == date(2023, 1, 1)
    assert first >= date(2023, 1, 1)
    assert last <= date(2024, 12, 31)
    assert last >= date(2024, 12, 31) - timedelta(days=7)


@pytest.mark.parametrize(
    "arguments", [{"accounts": 5}, {"years": 0}, {"seed": -1}], ids=["accounts", "years", "seed"]
)
def test_impossible_arguments_say_what_to_choose(arguments):
    with pytest.raises(ConfigurationError, match="="):
        build_demo(connect(":memory:"), **arguments)


# --- sample extracts ---------------------------------------------------------------------------


def _preset_columns(preset: str, table: str) -> set[str]:
    fields = tomllib.loads((PRESET_DIR / f"{preset}.toml").read_text("utf-8"))["tables"][table]
    columns = set()
    for spec in fields["fields"].values():
        names = spec["column"] if isinstance(spec, dict) else spec
        columns.update([names] if isinstance(names, str) else names)
    return columns


def read_kunden(path: Path) -> pd.DataFrame:
    # dates stay text: with thousands=".", 31.12.2025 would read as the number 31122025
    text = {"Kundennummer": str, "Angelegt am": str, "Verloren am": str}
    return pd.read_csv(path, sep=";", decimal=",", thousands=".", encoding="cp1252", dtype=text)


def read_rechnungen(path: Path) -> pd.DataFrame:
    return pd.read_csv(
        path,
        sep=";",
        decimal=",",
        thousands=".",
        encoding="utf-8-sig",
        dtype={"Rechnungsdatum": str},
    )


def test_samples_are_the_three_files_in_import_order(samples):
    assert [p.name for p in samples] == ["kunden.csv", "rechnungen.csv", "opportunities.xlsx"]


def test_kunden_csv_reads_with_german_conventions(samples):
    accounts = read_kunden(samples[0])
    assert 100 <= len(accounts) <= 1000
    assert accounts["Kundennummer"].is_unique
    assert pd.api.types.is_float_dtype(accounts["Jahrespotenzial"])
    assert accounts["Jahrespotenzial"].min() >= 1000
    assert accounts["Bonität"].between(1, 6).all()
    created = pd.to_datetime(accounts["Angelegt am"], format="%d.%m.%Y")
    assert created.max() <= pd.Timestamp(END)
    assert set(accounts["Status"]) == {"aktiv", "Interessent", "verloren"}
    assert set(accounts.columns) <= _preset_columns("generic_de", "accounts")


def test_rechnungen_csv_reads_with_german_conventions(samples):
    lines = read_rechnungen(samples[1])
    assert 100 <= len(lines) <= 1000
    assert pd.api.types.is_float_dtype(lines["Nettobetrag"])
    assert (lines["Nettobetrag"] - lines["Menge"] * lines["Einzelpreis"]).abs().max() < 0.01
    assert lines["Nettobetrag"].abs().max() >= 1000  # a thousands dot was read as one
    dates = pd.to_datetime(lines["Rechnungsdatum"], format="%d.%m.%Y")
    assert dates.max() <= pd.Timestamp(END)
    credit = lines["Belegart"] == "Gutschrift"
    assert credit.any()
    assert (lines.loc[credit, "Nettobetrag"] < 0).all()
    assert not lines.duplicated(["Rechnungsnummer", "Position"]).any()
    assert set(lines.columns) <= _preset_columns("generic_de", "transactions")


def test_opportunities_xlsx_reads_with_english_headers(samples):
    opportunities = pd.read_excel(samples[2], engine="openpyxl")
    assert 100 <= len(opportunities) <= 1000
    assert set(opportunities["Status"]) == {"open", "won", "lost"}
    assert pd.api.types.is_datetime64_any_dtype(opportunities["Created Date"])
    assert set(opportunities.columns) <= _preset_columns("generic_en", "opportunities")


def test_sample_ids_do_not_collide_with_the_demo(db, samples):
    accounts = read_kunden(samples[0])
    lines = read_rechnungen(samples[1])
    opportunities = pd.read_excel(samples[2], engine="openpyxl")
    demo_accounts = {r[0] for r in db.execute("select account_id from accounts").fetchall()}
    demo_invoices = {
        r[0] for r in db.execute("select distinct invoice_id from transactions").fetchall()
    }
    demo_opportunities = {
        r[0] for r in db.execute("select opportunity_id from opportunities").fetchall()
    }
    assert not demo_accounts & set(accounts["Kundennummer"])
    assert not demo_invoices & set(lines["Rechnungsnummer"])
    assert not demo_opportunities & set(opportunities["Opportunity ID"])
    # the extracts refer to their own accounts and to the demo's products
    assert set(lines["Kundennummer"]) <= set(accounts["Kundennummer"])
    assert set(opportunities["Account ID"]) <= set(accounts["Kundennummer"])
    demo_products = {r[0] for r in db.execute("select product_id from products").fetchall()}
    assert set(lines["Artikelnummer"]) <= demo_products


def test_the_same_seed_writes_the_same_sample_files(samples, tmp_path):
    again = write_samples(tmp_path)
    for first, second in zip(samples, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_importing_the_samples_adds_to_the_demo(samples):
    con = connect(":memory:")
    build_demo(con, accounts=300)
    before = table_row_counts(con)
    presets = ["generic_de", "generic_de", "generic_en"]
    for path, preset in zip(samples, presets, strict=True):
        result = import_file(con, path, preset=preset)
        assert result.rows_quarantined == 0
    after = table_row_counts(con)
    assert after["accounts"] == before["accounts"] + len(read_kunden(samples[0]))
    assert after["transactions"] == before["transactions"] + len(read_rechnungen(samples[1]))
    assert after["opportunities"] > before["opportunities"]
    con.close()
