"""The key-account plan for the next meeting: everything it shows, gathered once, written as an
Excel workbook (every table of the plan, one sheet each) or a PowerPoint deck
(:mod:`kapanalytics.plan_pptx`).

The export holds the saved version of the plan (the latest, or the one asked for) with the
figures as of the analysis date; words and column titles follow ``lang``.

    kap export plan --account K100618 --format pptx
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from kapanalytics import account360, budget, divisions, orgchart, plan_review, plans, powermap
from kapanalytics.errors import ConfigurationError
from kapanalytics.export import neutralise_formulas
from kapanalytics.filters import Filters, last_12_months
from kapanalytics.i18n import TEXTS, t
from kapanalytics.metrics_catalog import metric_definitions
from kapanalytics.store import main_currency
from kapanalytics.touchpoints import cadence, cadence_class, touchpoint_timeline

FORMATS = ("pptx", "xlsx")
MAX_MAP_ROWS = 30
"""Rows of the org chart that fit a slide; beyond, the deck shows the account's own people."""


@dataclass(frozen=True)
class PlanDocument:
    """Every part of one account's plan, as of ``as_of``."""

    account_id: str
    profile: dict
    status: dict
    as_of: date
    currency: str
    version: plans.PlanVersion | None
    key_figures: pd.DataFrame
    product_groups: pd.DataFrame
    opportunities: pd.DataFrame
    white_space: pd.DataFrame
    budget: pd.DataFrame
    contacts: pd.DataFrame
    warnings: pd.DataFrame
    org_chart: pd.DataFrame
    map_has_divisions: bool
    divisions: pd.DataFrame
    cadence: dict
    reviews: pd.DataFrame
    actions: pd.DataFrame
    versions: pd.DataFrame

    @property
    def plan(self) -> plans.Plan:
        return self.version.plan if self.version else plans.Plan()

    @property
    def name(self) -> str:
        return self.profile["name"] or self.account_id


def plan_document(
    con: duckdb.DuckDBPyConnection,
    account_id: str,
    *,
    version: int | None = None,
    as_of: date | None = None,
) -> PlanDocument:
    """Gather the account's plan (``version``, default the latest) and its data sections.

    Raises :class:`ConfigurationError` for an unknown account or a version that does not exist.
    """
    profile = account360.account_profile(con, account_id)
    as_of = account360.as_of_date(con, as_of)
    stored = plans.load_plan(con, account_id, version)
    if version is not None and stored is None:
        raise ConfigurationError(
            f"The plan of {account_id} has no version {version}. Versions: "
            f"{', '.join(map(str, plans.plan_versions(con, account_id)['version'])) or 'none yet'}."
        )
    plan = stored.plan if stored else plans.Plan()
    status = account360.account_status(con, account_id, as_of=as_of)
    everyone = Filters(period=last_12_months(as_of))
    contacts = powermap.power_map_contacts(con, account_id, as_of=as_of)
    chart, with_divisions = _map_for_a_slide(con, account_id, contacts)
    timeline = touchpoint_timeline(con, [account_id], as_of)
    return PlanDocument(
        account_id=account_id,
        profile=profile,
        status=status,
        as_of=as_of,
        currency=main_currency(con),
        version=stored,
        key_figures=account360.key_figures(con, account_id, as_of=as_of),
        product_groups=account360.revenue_by_product_group(con, account_id, as_of=as_of),
        opportunities=account360.account_opportunities(con, account_id),
        white_space=account360.account_white_space(con, account_id, as_of=as_of),
        budget=budget.budget_vs_actual(
            con, everyone, year=as_of.year, level="product_group", account_id=account_id
        ),
        contacts=contacts,
        warnings=powermap.power_map_warnings(contacts),
        org_chart=chart,
        map_has_divisions=with_divisions,
        divisions=divisions.divisions_matrix(con, account_id, as_of=as_of),
        cadence=cadence(
            timeline, as_of, cadence_class(status["is_key_account"], status["abc_class"])
        ),
        reviews=plan_review.section_reviews(plan, as_of),
        actions=plan_review.action_list(plan, as_of),
        versions=plans.plan_versions(con, account_id),
    )


def _map_for_a_slide(
    con: duckdb.DuckDBPyConnection, account_id: str, contacts: pd.DataFrame
) -> tuple[pd.DataFrame, bool]:
    family = powermap.account_family(con, account_id)
    nodes = orgchart.org_chart(contacts, orgchart.family_accounts(con, family), account_id)
    if len(nodes) <= MAX_MAP_ROWS or len(family) == 1:
        return nodes, len(family) > 1
    own = contacts[contacts["account_id"] == account_id]
    return orgchart.org_chart(own, orgchart.family_accounts(con, [account_id]), account_id), False


# ---- words ------------------------------------------------------------------------------------

LABEL_PREFIXES = (
    "col.",
    "accounts.plan_col.",
    "controlling.col.",
    "retention.col.",
)


def column_label(column: str, lang: str) -> str:
    """A column's title: the account pages' own (``accounts.col.*``), else the metric
    catalogue's label, else the first of the texts :data:`LABEL_PREFIXES` + column, else the
    name itself."""
    if f"accounts.col.{column}" in TEXTS:
        return t(f"accounts.col.{column}", lang)
    definitions = metric_definitions()
    if column in definitions:
        return definitions[column][f"label_{lang}"]
    for prefix in LABEL_PREFIXES:
        if prefix + column in TEXTS:
            return t(prefix + column, lang)
    return column


def column_titles(columns: list[str], lang: str) -> dict[str, str]:
    """Column -> title (:func:`column_label`); a title that two columns would share gets the
    column's name beside it, so a table never has two columns of one title."""
    titles = {column: column_label(column, lang) for column in columns}
    counts = pd.Series(list(titles.values())).value_counts()
    return {c: f"{title} ({c})" if counts[title] > 1 else title for c, title in titles.items()}


def labelled(frame: pd.DataFrame, lang: str, **codes: str) -> pd.DataFrame:
    """``frame`` with column titles in ``lang`` and the codes of the columns named in
    ``codes`` (column -> text prefix) written out."""
    out = frame.copy()
    for column, prefix in codes.items():
        out[column] = [
            t(prefix + c, lang) if isinstance(c, str) and prefix + c in TEXTS else c
            for c in out[column].astype(object)
        ]
    return out.rename(columns=column_titles(list(out.columns), lang))


def warning_text(warning: dict, lang: str) -> str:
    """A power-map warning as a sentence in ``lang`` (missing details as –, whole numbers
    without decimals)."""
    details = {k: _detail(v) for k, v in warning.items()}
    code = warning["warning"]
    if code == "decision_maker_not_contacted" and details["days"] == "–":
        code = "decision_maker_never_contacted"
    return t(f"accounts.warning.{code}", lang, **details)


def _detail(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def section_title(key: str, lang: str) -> str:
    return t(f"accounts.section.{key}", lang)


# ---- Excel ------------------------------------------------------------------------------------


def plan_tables(doc: PlanDocument, lang: str) -> dict[str, pd.DataFrame]:
    """Every table of the plan, sheet title -> table with titles in ``lang``."""
    plan = doc.plan
    cover = [
        ("customer", doc.name),
        ("account_id", doc.account_id),
        ("owner", doc.profile["owner"]),
        ("group", doc.profile["group_name"]),
        ("divisions", ", ".join(n for _, n in doc.profile["divisions"])),
        ("industry", doc.profile["industry"]),
        ("country", doc.profile["country"]),
        ("version", doc.version.version if doc.version else None),
        ("saved_by", doc.version.saved_by if doc.version else None),
        ("saved_at", doc.version.saved_at if doc.version else None),
        ("as_of", doc.as_of),
        *((label, doc.status[key]) for label, key in COVER_FIGURES),
    ]
    sections = []
    for key in (*plans.TEXT_SECTIONS, *plans.SWOT_SECTIONS):
        value = plan.section(key)
        parts = value.items() if isinstance(value, dict) else [(None, value)]
        for part, text in parts:
            title = section_title(key, lang)
            if part:
                title = f"{title}: {t(f'accounts.swot.{part}', lang)}"
            sections.append({"section": title, "text": text})
    review = doc.reviews.assign(section=[section_title(k, lang) for k in doc.reviews["section"]])
    top = [
        {"kind": t(f"accounts.section.{key}", lang), "rank": i, "text": text}
        for key in plans.LIST_SECTIONS
        for i, text in enumerate(plan.section(key), start=1)
    ]
    tables = {
        "cover": pd.DataFrame(
            [(column_label(k, lang), v) for k, v in cover],
            columns=[column_label("field", lang), column_label("value", lang)],
        ),
        "key_figures": labelled(doc.key_figures, lang, figure="accounts.figure."),
        "product_groups": labelled(doc.product_groups, lang),
        "opportunities": labelled(doc.opportunities, lang, status="accounts.status."),
        "white_space": labelled(doc.white_space, lang),
        "budget": labelled(doc.budget, lang),
        "power_map": labelled(doc.contacts, lang, freshness="accounts.freshness."),
        "warnings": pd.DataFrame(
            {
                column_label("warning", lang): [
                    warning_text(w, lang) for w in doc.warnings.to_dict("records")
                ]
            }
        ),
        "divisions": labelled(doc.divisions, lang, quadrant="accounts.quadrant."),
        "sections": labelled(pd.DataFrame(sections, columns=["section", "text"]), lang),
        "reviews": labelled(review, lang, state="accounts.state."),
        "top_5": labelled(pd.DataFrame(top, columns=["kind", "rank", "text"]), lang),
        "goals": labelled(plans.section_frame(plan, "goals"), lang),
        "actions": labelled(doc.actions, lang),
        "relationship_plan": labelled(plans.section_frame(plan, "relationship_plan"), lang),
        "marketing_calendar": labelled(plans.section_frame(plan, "marketing_calendar"), lang),
        "versions": labelled(doc.versions, lang),
    }
    return {t(f"accounts.sheet.{name}", lang): frame for name, frame in tables.items()}


COVER_FIGURES = (
    ("abc_class", "abc_class"),
    ("is_key_account", "is_key_account"),
    ("score", "selection_score"),
    ("risk_score", "risk_score"),
    ("revenue_l12m", "revenue_l12m"),
    ("annual_potential", "annual_potential"),
    ("share_of_wallet", "share_of_wallet"),
    ("white_space", "white_space"),
    ("attainment_ytd", "attainment_ytd"),
)
"""The standing shown on the cover: (label, key of :func:`account360.account_status`)."""


def plan_xlsx(doc: PlanDocument, lang: str) -> bytes:
    """The workbook: one sheet per table of :func:`plan_tables`, header rows frozen."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        for title, frame in plan_tables(doc, lang).items():
            safe = neutralise_formulas(frame)
            safe.to_excel(writer, sheet_name=title[:31], index=False)
            sheet = writer.sheets[title[:31]]
            sheet.freeze_panes(1, 0)
            sheet.set_column(0, max(len(safe.columns) - 1, 0), 18)
    return buffer.getvalue()


def plan_xlsx_bytes(
    con: duckdb.DuckDBPyConnection, account_id: str, lang: str = "en", version: int | None = None
) -> bytes:
    return plan_xlsx(plan_document(con, account_id, version=version), lang)


def plan_pptx_bytes(
    con: duckdb.DuckDBPyConnection, account_id: str, lang: str = "en", version: int | None = None
) -> bytes:
    from kapanalytics.plan_pptx import plan_deck

    return plan_deck(plan_document(con, account_id, version=version), lang)


def write_plan(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: str,
    *,
    account: str,
    lang: str = "en",
    version: int | None = None,
) -> Path:
    """Write the account's plan to ``path`` as pptx or xlsx (``kap export plan``)."""
    if fmt not in FORMATS:
        raise ConfigurationError(f"A plan is exported as {' or '.join(FORMATS)}, not {fmt!r}.")
    write = plan_pptx_bytes if fmt == "pptx" else plan_xlsx_bytes
    path.write_bytes(write(con, account, lang, version))
    return path
