"""The key-account selection criteria: a catalogue, and one row of values per account or group.

:data:`CRITERIA` declares each criterion once: its key, labels and one-sentence definitions in
English and German, its unit, its direction (is a higher value better or worse) and its default
normalisation (see :mod:`kapanalytics.scoring`). :func:`account_criteria_frame` computes every
criterion in DuckDB, one row per filtered account, or per group (a parent with its divisions
rolled up). The exact definitions, formulas and edge cases are in docs/metrics.md, section
"Key-account selection".

All windows end on the analysis date ``as_of`` (by default the last invoice date,
:func:`kapanalytics.facts.analysis_date`): L12M is the 12 months ending on it, whatever period
the sidebar shows, so the selection does not change when someone looks at another month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from kapanalytics.arrow_frames import query_frame
from kapanalytics.criteria_sql import (
    ATTITUDE_SCORES,
    BUYING_ROLES,
    FRAME_COLUMNS,
    RATING_CRITERIA,
    TOUCHPOINTS_PER_YEAR_TARGET,
    WIN_RATE_YEARS,
    account_groups_cte,
    criteria_frame_query,
)
from kapanalytics.errors import ConfigurationError
from kapanalytics.facts import analysis_date
from kapanalytics.filters import Filters, last_12_months

__all__ = [
    "ATTITUDE_SCORES",
    "DIRECTIONS",
    "HIGHER",
    "LEVELS",
    "LOWER",
    "NORMALISATIONS",
    "BUYING_ROLES",
    "CRITERIA",
    "FRAME_COLUMNS",
    "RATING_CRITERIA",
    "SELECTION_METRICS",
    "TOUCHPOINTS_PER_YEAR_TARGET",
    "WIN_RATE_YEARS",
    "Criterion",
    "account_criteria_frame",
    "account_groups_cte",
    "catalogue_entries",
]

HIGHER = "higher"
LOWER = "lower"
DIRECTIONS = (HIGHER, LOWER)
"""Whether a higher raw value is better (``higher``) or worse (``lower``)."""

NORMALISATIONS = ("percentile", "minmax", "rating")
"""How a raw value becomes 0..100; defined in :mod:`kapanalytics.scoring`."""

LEVELS = ("account", "group")
"""A row of the criteria frame is an account, or a group (a parent with its divisions)."""


@dataclass(frozen=True)
class Criterion:
    """One selection criterion as the catalogue declares it.

    ``unit`` is money, ratio (0.25 = 25 %), count, rating (1..5; the credit rating 1..6) or
    points (0..100). ``source`` is ``data`` (computed from invoices and the CRM) or ``rating``
    (a person's 1..5 judgement in ``account_ratings``).
    """

    key: str
    label_en: str
    label_de: str
    definition_en: str
    definition_de: str
    unit: str
    direction: str
    normalisation: str
    source: str = "data"


def _c(key, unit, direction, normalisation, en, de, source="data") -> Criterion:
    return Criterion(key, en[0], de[0], en[1], de[1], unit, direction, normalisation, source)


CRITERIA: dict[str, Criterion] = {
    c.key: c
    for c in (
        _c(
            "revenue_l12m",
            "money",
            HIGHER,
            "percentile",
            (
                "Revenue, last 12 months",
                "Net revenue of the 12 months ending on the analysis date.",
            ),
            ("Umsatz, letzte 12 Monate", "Nettoumsatz der 12 Monate bis zum Analysedatum."),
        ),
        _c(
            "revenue_cagr_3y",
            "ratio",
            HIGHER,
            "percentile",
            (
                "Revenue growth, 3-year CAGR",
                "Yearly growth rate that turns the revenue of the 12 months three years ago "
                "into the revenue of the last 12 months.",
            ),
            (
                "Umsatzwachstum, 3 Jahre (CAGR)",
                "Jährliche Wachstumsrate vom Umsatz der 12 Monate vor drei Jahren zum Umsatz "
                "der letzten 12 Monate.",
            ),
        ),
        _c(
            "revenue_growth_1y",
            "ratio",
            HIGHER,
            "percentile",
            (
                "Revenue growth, last year",
                "Change of the last 12 months' revenue against the 12 months before.",
            ),
            (
                "Umsatzwachstum, letztes Jahr",
                "Veränderung des Umsatzes der letzten 12 Monate gegenüber den 12 Monaten davor.",
            ),
        ),
        _c(
            "contribution_margin_pct_l12m",
            "ratio",
            HIGHER,
            "percentile",
            (
                "Contribution margin %",
                "Contribution margin of the last 12 months over the revenue of the same costed "
                "lines.",
            ),
            (
                "Deckungsbeitrag in %",
                "Deckungsbeitrag der letzten 12 Monate geteilt durch den Umsatz derselben "
                "Positionen mit Kostenangabe.",
            ),
        ),
        _c(
            "annual_potential",
            "money",
            HIGHER,
            "percentile",
            ("Annual potential", "The customer's yearly spend in our categories (CRM field)."),
            (
                "Jahrespotenzial",
                "Jährliches Einkaufsvolumen des Kunden in unseren Kategorien (CRM-Feld).",
            ),
        ),
        _c(
            "white_space",
            "money",
            HIGHER,
            "percentile",
            ("White space", "Annual potential minus the revenue of the last 12 months."),
            ("White Space", "Jahrespotenzial minus Umsatz der letzten 12 Monate."),
        ),
        _c(
            "share_of_wallet",
            "ratio",
            HIGHER,
            "percentile",
            ("Share of wallet", "Revenue of the last 12 months divided by the annual potential."),
            (
                "Share of Wallet",
                "Umsatz der letzten 12 Monate geteilt durch das Jahrespotenzial.",
            ),
        ),
        _c(
            "purchase_frequency",
            "count",
            HIGHER,
            "percentile",
            (
                "Purchase frequency",
                "Number of purchases (invoices with a positive total) in the last 12 months.",
            ),
            (
                "Kaufhäufigkeit",
                "Anzahl der Käufe (Rechnungen mit positiver Summe) in den letzten 12 Monaten.",
            ),
        ),
        _c(
            "product_group_breadth",
            "count",
            HIGHER,
            "percentile",
            (
                "Product-group breadth",
                "Number of distinct product groups bought in the last 12 months.",
            ),
            (
                "Sortimentsbreite",
                "Anzahl verschiedener Produktgruppen, in den letzten 12 Monaten gekauft.",
            ),
        ),
        _c(
            "win_rate",
            "ratio",
            HIGHER,
            "minmax",
            (
                "Win rate",
                "Won opportunities over won plus lost, by count, closed in the last three years.",
            ),
            (
                "Gewinnquote",
                "Gewonnene Opportunities geteilt durch gewonnene plus verlorene (Anzahl), "
                "abgeschlossen in den letzten drei Jahren.",
            ),
        ),
        _c(
            "open_pipeline",
            "money",
            HIGHER,
            "percentile",
            ("Open pipeline", "Sum of the amounts of the open opportunities."),
            ("Offene Pipeline", "Summe der Beträge aller offenen Opportunities."),
        ),
        _c(
            "relationship_strength",
            "points",
            HIGHER,
            "minmax",
            (
                "Relationship strength",
                "Half from the buying-centre roles covered by contacts (of 7), half from "
                "touchpoints in the last 12 months (full at 12); 0..100.",
            ),
            (
                "Beziehungsstärke",
                "Zur Hälfte die durch Kontakte abgedeckten Buying-Center-Rollen (von 7), zur "
                "Hälfte die Kontaktpunkte der letzten 12 Monate (voll ab 12); 0..100.",
            ),
        ),
        _c(
            "credit_rating",
            "rating",
            LOWER,
            "minmax",
            ("Credit rating", "Credit rating from the CRM, 1 (best) .. 6 (worst)."),
            ("Bonität", "Bonitätsnote aus dem CRM, 1 (beste) .. 6 (schlechteste)."),
        ),
        _c(
            "product_fit",
            "rating",
            HIGHER,
            "rating",
            ("Product fit", "Latest rating 1..5 of how well our products fit the customer."),
            ("Produkt-Fit", "Letzte Bewertung 1..5, wie gut unsere Produkte zum Kunden passen."),
            source="rating",
        ),
        _c(
            "cultural_fit",
            "rating",
            HIGHER,
            "rating",
            ("Cultural fit", "Latest rating 1..5 of how well the two companies work together."),
            (
                "Kultureller Fit",
                "Letzte Bewertung 1..5, wie gut die beiden Unternehmen zusammenpassen.",
            ),
            source="rating",
        ),
        _c(
            "geographic_fit",
            "rating",
            HIGHER,
            "rating",
            ("Geographic fit", "Latest rating 1..5 of how well we reach the customer's sites."),
            (
                "Geografischer Fit",
                "Letzte Bewertung 1..5, wie gut wir die Standorte des Kunden erreichen.",
            ),
            source="rating",
        ),
        _c(
            "channel_partner_potential",
            "rating",
            HIGHER,
            "rating",
            (
                "Channel-partner potential",
                "Latest rating 1..5 of the customer's value as a partner that sells on.",
            ),
            (
                "Vertriebspartner-Potenzial",
                "Letzte Bewertung 1..5 des Werts des Kunden als weiterverkaufender Partner.",
            ),
            source="rating",
        ),
        _c(
            "strategic_importance",
            "rating",
            HIGHER,
            "rating",
            (
                "Strategic importance",
                "Latest rating 1..5 of the customer's importance to our strategy.",
            ),
            (
                "Strategische Bedeutung",
                "Letzte Bewertung 1..5 der Bedeutung des Kunden für unsere Strategie.",
            ),
            source="rating",
        ),
    )
}

SELECTION_METRICS: dict[str, dict[str, str]] = {
    "score": {
        "unit": "points",
        "label_en": "Selection score",
        "label_de": "Auswahl-Score",
        "help_en": "Weighted mean of the normalised criteria, 0..100: sum(w * s) / sum(w).",
        "help_de": "Gewichtetes Mittel der normierten Kriterien, 0..100: Summe(w * s) / Summe(w).",
    },
    "contribution": {
        "unit": "points",
        "label_en": "Contribution to the score",
        "label_de": "Beitrag zum Score",
        "help_en": "A criterion's weighted share of the score; an account's contributions add "
        "up to its score.",
        "help_de": "Gewichteter Anteil eines Kriteriums am Score; die Beiträge eines Kunden "
        "ergeben zusammen seinen Score.",
    },
    "top_n_probability": {
        "unit": "ratio",
        "label_en": "Top-N stay probability",
        "label_de": "Top-N-Verbleibwahrscheinlichkeit",
        "help_en": "Share of random weight perturbations (each weight +-20 %) under which the "
        "account ranks within the top N.",
        "help_de": "Anteil zufälliger Gewichtsänderungen (jedes Gewicht +-20 %), unter denen "
        "der Kunde unter den Top N bleibt.",
    },
}
"""The selection's own numbers beside the criteria, in the metric catalogue's format."""


def catalogue_entries() -> dict[str, dict[str, str]]:
    """Every criterion and selection metric in the format of
    :func:`kapanalytics.metrics_catalog.metric_definitions` (unit, labels, help en/de)."""
    entries = {
        c.key: {
            "unit": c.unit,
            "label_en": c.label_en,
            "label_de": c.label_de,
            "help_en": c.definition_en,
            "help_de": c.definition_de,
        }
        for c in CRITERIA.values()
    }
    entries.update({key: dict(entry) for key, entry in SELECTION_METRICS.items()})
    return entries


def account_criteria_frame(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None,
    *,
    as_of: date | None = None,
    level: str = "account",
) -> pd.DataFrame:
    """Every selection criterion for each filtered account (``level="account"``) or group.

    Input: the filters (only their account filters apply; the period is ignored, every window
    ends on ``as_of``), the analysis date ``as_of`` (default: the last invoice date) and the
    level. At ``level="group"`` a row is a group: the top-most parent of the filtered accounts
    with the filtered divisions below it rolled up (money summed, ratios recomputed from the
    sums, product groups and buying roles counted distinct across the group, ratings and the
    credit rating averaged weighted by each member's positive L12M revenue, or plainly where
    no rated member has any). Output: one row per account or group, columns
    :data:`FRAME_COLUMNS`, sorted by account_id; NaN where a value is undefined. The analysis
    date used is in ``frame.attrs["as_of"]``. Raises :class:`ConfigurationError` for an
    unknown level, or when there are no invoice lines and no ``as_of``.
    """
    if level not in LEVELS:
        raise ConfigurationError(f"Unknown level {level!r}. Choose 'account' or 'group'.")
    if as_of is None:
        as_of = analysis_date(con)
        if as_of is None:
            raise ConfigurationError(
                "There are no invoice lines, so there is no analysis date. Import transactions "
                "first, or pass as_of."
            )
    if filters is None:
        filters = Filters(period=last_12_months(as_of))
    sql, params = criteria_frame_query(filters, as_of, level)
    frame = query_frame(con, sql, params)
    frame.attrs["as_of"] = as_of
    return frame
