"""The canonical tables, declared once as data.

The importer needs each field's type, whether it is required and which fields form a table's
key; the store needs the DDL. Both come from the declarations below, so the two can never
disagree. ``kap schema`` prints the generated DDL.

Keys are enforced by the importer (duplicate keys are a validation error, upsert deletes by key),
not by PRIMARY KEY constraints: a DuckDB index on a hundred million invoice lines would cost
gigabytes of memory and slow every import, while the importer checks the same rule in one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = 4
"""2: key-account plans and contact edits; 3: the staged invoice lines and invoices."""


@dataclass(frozen=True)
class Field:
    """One column of a canonical table.

    ``type`` is the DuckDB type: VARCHAR, DATE, TIMESTAMP, DOUBLE, INTEGER or BOOLEAN.
    """

    name: str
    type: str
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class Table:
    """A canonical table: its fields, its key and what a row means."""

    name: str
    description: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    references: dict[str, str] = field(default_factory=dict)
    """field -> table whose key it must name (e.g. account_id -> accounts)."""

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def required_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.required]


def _f(name: str, type_: str, description: str, required: bool = False) -> Field:
    return Field(name=name, type=type_, required=required, description=description)


ACCOUNTS = Table(
    name="accounts",
    description="One row per customer account (or prospect); divisions point to their parent.",
    key=("account_id",),
    fields=(
        _f("account_id", "VARCHAR", "the account's id in the CRM", required=True),
        _f("name", "VARCHAR", "the customer's name"),
        _f("parent_account_id", "VARCHAR", "the group or parent company, for divisions"),
        _f("industry", "VARCHAR", "industry or sector"),
        _f("country", "VARCHAR", "country name or ISO code"),
        _f("region", "VARCHAR", "sales region"),
        _f("segment", "VARCHAR", "customer segment or size band"),
        _f("owner", "VARCHAR", "the key-account manager or account owner"),
        _f("created_date", "DATE", "when the account was created in the CRM"),
        _f("status", "VARCHAR", "active, prospect or lost"),
        _f("lost_date", "DATE", "when the CRM marked the account as lost"),
        _f("lost_reason", "VARCHAR", "why the account was lost, as coded in the CRM"),
        _f("lost_to_competitor", "VARCHAR", "the competitor that won the account"),
        _f("annual_potential", "DOUBLE", "the customer's yearly spend in our categories"),
        _f("credit_rating", "DOUBLE", "credit rating, 1 (best) .. 6 (worst)"),
        _f("employees", "INTEGER", "number of employees"),
        _f("attitude", "VARCHAR", "the account's attitude toward us (mentor .. enemy)"),
    ),
)

PRODUCTS = Table(
    name="products",
    description="One row per product; the product group is what most analyses use.",
    key=("product_id",),
    fields=(
        _f("product_id", "VARCHAR", "product or article number", required=True),
        _f("name", "VARCHAR", "product name"),
        _f("product_group", "VARCHAR", "product group or category"),
    ),
)

TRANSACTIONS = Table(
    name="transactions",
    description="One row per invoice line; credit notes are negative lines.",
    key=("invoice_id", "line_no"),
    references={"account_id": "accounts"},
    fields=(
        _f("invoice_id", "VARCHAR", "invoice number; derived per account and day if absent"),
        _f("line_no", "INTEGER", "line within the invoice; numbered in file order if absent"),
        _f("account_id", "VARCHAR", "the invoiced account", required=True),
        _f("invoice_date", "DATE", "invoice date", required=True),
        _f("product_id", "VARCHAR", "product or article number"),
        _f("product_group", "VARCHAR", "product group of the line"),
        _f("quantity", "DOUBLE", "quantity; negative on credit notes"),
        _f("unit_price", "DOUBLE", "net unit price"),
        _f("net_amount", "DOUBLE", "net amount of the line", required=True),
        _f("cost_amount", "DOUBLE", "cost of goods of the line, where known"),
        _f("currency", "VARCHAR", "ISO currency code"),
        _f("is_credit_note", "BOOLEAN", "the line belongs to a credit note or cancellation"),
    ),
)

OPPORTUNITIES = Table(
    name="opportunities",
    description="One row per sales opportunity, open, won or lost.",
    key=("opportunity_id",),
    references={"account_id": "accounts"},
    fields=(
        _f("opportunity_id", "VARCHAR", "opportunity id", required=True),
        _f("account_id", "VARCHAR", "the account", required=True),
        _f("name", "VARCHAR", "opportunity name"),
        _f("product_group", "VARCHAR", "product group offered"),
        _f("stage", "VARCHAR", "sales stage as named in the CRM"),
        _f("status", "VARCHAR", "open, won or lost", required=True),
        _f("amount", "DOUBLE", "expected or final value"),
        _f("probability", "DOUBLE", "close probability, 0..1"),
        _f("created_date", "DATE", "when the opportunity was opened"),
        _f("close_date", "DATE", "expected or actual close date"),
        _f("lost_reason", "VARCHAR", "why it was lost"),
        _f("competitor", "VARCHAR", "the competitor involved or that won"),
        _f("owner", "VARCHAR", "our owner of the opportunity"),
    ),
)

CONTACTS = Table(
    name="contacts",
    description="One row per person at a customer: the power map.",
    key=("contact_id",),
    references={"account_id": "accounts"},
    fields=(
        _f("contact_id", "VARCHAR", "contact id", required=True),
        _f("account_id", "VARCHAR", "the account the person works for", required=True),
        _f("name", "VARCHAR", "the person's name"),
        _f("title", "VARCHAR", "job title"),
        _f("department", "VARCHAR", "department"),
        _f("buying_role", "VARCHAR", "decision maker, user, influencer, ratifier, specifier, ..."),
        _f("influence", "INTEGER", "influence on buying decisions, 1 (low) .. 5 (high)"),
        _f("attitude", "VARCHAR", "mentor, positive, neutral, negative or enemy"),
        _f("reports_to_contact_id", "VARCHAR", "the contact this person reports to"),
        _f("relationship_owner", "VARCHAR", "who on our side owns the relationship"),
        _f("last_contact_date", "DATE", "date of the last contact"),
    ),
)

ACTIVITIES = Table(
    name="activities",
    description="One row per touchpoint: visit, call, email, meeting, event, complaint, service.",
    key=("activity_id",),
    references={"account_id": "accounts"},
    fields=(
        _f("activity_id", "VARCHAR", "activity id", required=True),
        _f("account_id", "VARCHAR", "the account", required=True),
        _f("contact_id", "VARCHAR", "the contact, where known"),
        _f("activity_date", "DATE", "date of the touchpoint", required=True),
        _f("type", "VARCHAR", "visit, call, email, meeting, event, complaint or service", True),
        _f("owner", "VARCHAR", "who on our side"),
    ),
)

BUDGETS = Table(
    name="budgets",
    description="Budgeted revenue per account, month and product group.",
    key=("account_id", "year", "month", "product_group"),
    references={"account_id": "accounts"},
    fields=(
        _f("account_id", "VARCHAR", "the account", required=True),
        _f("year", "INTEGER", "budget year", required=True),
        _f("month", "INTEGER", "month 1..12", required=True),
        _f("product_group", "VARCHAR", "product group ('' for all)", required=True),
        _f("budget_amount", "DOUBLE", "budgeted net revenue", required=True),
    ),
)

ACCOUNT_RATINGS = Table(
    name="account_ratings",
    description="Qualitative ratings of an account on a criterion, 1 (poor) .. 5 (excellent).",
    key=("account_id", "criterion", "rated_at"),
    references={"account_id": "accounts"},
    fields=(
        _f("account_id", "VARCHAR", "the account", required=True),
        _f("criterion", "VARCHAR", "product_fit, cultural_fit, geographic_fit, ...", True),
        _f("rating", "INTEGER", "rating 1..5", required=True),
        _f("rated_by", "VARCHAR", "who rated"),
        _f("rated_at", "TIMESTAMP", "when", required=True),
    ),
)

CANONICAL_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        ACCOUNTS,
        PRODUCTS,
        TRANSACTIONS,
        OPPORTUNITIES,
        CONTACTS,
        ACTIVITIES,
        BUDGETS,
        ACCOUNT_RATINGS,
    )
}

# Version 2: key-account plans (every save a new version) and the power map's edits, which
# live beside the CRM's contacts so that a re-import never overwrites what a user entered.
PLAN_TABLES_DDL = """
create table if not exists account_plans (
    account_id varchar not null,            -- the customer (or division) the plan is for
    version integer not null,               -- 1, 2, ... per account; the highest is current
    plan_json varchar not null,             -- sections, goals, actions and reviews as JSON
    saved_by varchar not null,
    saved_at timestamp not null,
    primary key (account_id, version)       -- two saves of one version: the second fails
);

create sequence if not exists contact_edit_id_seq start 1;
create table if not exists contact_edits (
    edit_id integer primary key,            -- orders edits made in the same instant
    contact_id varchar not null,
    account_id varchar not null,
    field varchar not null,                 -- buying_role, influence, attitude, relationship_owner
    value varchar,                          -- the value entered in the app (null clears it)
    crm_value varchar,                      -- the CRM's value when the edit was made
    edited_by varchar not null,
    edited_at timestamp not null
);
"""

# The app's own tables: what users enter and what the app records about itself.
APP_TABLES_DDL = (
    """
create table if not exists schema_info (
    schema_version integer not null          -- the version the file was last migrated to
);

create sequence if not exists import_id_seq start 1;
create table if not exists import_log (
    import_id integer primary key,          -- also the data version the page caches key on
    target_table varchar not null,          -- canonical table loaded
    file_name varchar not null,             -- the source file's name
    file_hash varchar,                      -- sha256 of the source file
    mapping varchar,                        -- preset name or mapping file
    mode varchar not null,                  -- replace or upsert
    rows_in bigint not null,                -- data rows read from the file
    rows_loaded bigint not null,            -- rows stored in the target table
    rows_quarantined bigint not null,       -- rows kept in the quarantine instead
    started_at timestamp not null,
    finished_at timestamp not null,
    imported_by varchar                     -- the user or the operating-system account
);

create table if not exists quarantine (
    import_id integer not null,             -- the import that set the row aside
    target_table varchar not null,
    source_row bigint not null,             -- file row as a spreadsheet shows it (header: 1)
    column_name varchar,                    -- the source column at fault, if one
    value varchar,                          -- the offending value
    reason varchar not null,                -- what is wrong
    fix varchar not null,                   -- what to do about it
    raw_row varchar                         -- the whole source row as JSON
);

create table if not exists settings (
    name varchar not null,                  -- e.g. 'selection.config', 'retention.window_days'
    version integer not null,               -- 1, 2, ... per name; the highest is current
    value_json varchar not null,
    saved_by varchar,
    saved_at timestamp not null
);

create sequence if not exists decision_id_seq start 1;
create table if not exists key_account_decisions (
    decision_id integer primary key,
    account_id varchar not null,
    is_key_account boolean not null,        -- true: made a key account; false: removed
    reason varchar,
    decided_by varchar,
    decided_at timestamp not null
);

create table if not exists app_events (
    event_id bigint not null,               -- bumped on every edit users make in the app
    happened_at timestamp not null
);
"""
    + PLAN_TABLES_DDL
)


def canonical_ddl() -> str:
    """The CREATE TABLE statements of every canonical table, commented."""
    statements = []
    for table in CANONICAL_TABLES.values():
        lines = [f"-- {table.description} Key: {', '.join(table.key)}."]
        lines.append(f"create table if not exists {table.name} (")
        columns = []
        for f in table.fields:
            not_null = " not null" if f.required else ""
            columns.append(f"    {f.name} {f.type.lower()}{not_null}  -- {f.description}")
        # the comment must follow the comma, so join before commenting
        lines.extend(_join_commented(columns))
        lines.append(");")
        statements.append("\n".join(lines))
    return "\n\n".join(statements) + "\n"


def _join_commented(columns: list[str]) -> list[str]:
    """Put the separating comma before each line's trailing ``-- comment``."""
    out = []
    for i, column in enumerate(columns):
        code, comment = column.split("  -- ", 1)
        comma = "," if i < len(columns) - 1 else ""
        out.append(f"{code}{comma}  -- {comment}")
    return out
