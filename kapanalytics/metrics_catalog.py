"""Every metric declared once: its label and a one-sentence definition, in English and German.

Pages show the label as the metric's title and the definition as its hover help. The full
definition, formula and edge cases of each key are in docs/metrics.md (a test keeps the two in
step: every key here has a section there, and every section a key here).
"""

from __future__ import annotations

from kapanalytics.account_metrics import ACCOUNT_METRICS
from kapanalytics.controlling_metrics import CONTROLLING_METRICS
from kapanalytics.criteria import catalogue_entries
from kapanalytics.retention_metrics import RETENTION_METRICS
from kapanalytics.selection_metrics import SELECTION_PAGE_METRICS

_DEFINITIONS: dict[str, dict[str, str]] = {
    "revenue": {
        "unit": "money",
        "label_en": "Revenue",
        "label_de": "Umsatz",
        "help_en": (
            "Sum of the net amounts of all invoice lines dated in the period, credit notes "
            "included as negative lines."
        ),
        "help_de": (
            "Summe der Nettobeträge aller Rechnungspositionen im Zeitraum; Gutschriften gehen "
            "als negative Positionen ein."
        ),
    },
    "contribution_margin": {
        "unit": "money",
        "label_en": "Contribution margin",
        "label_de": "Deckungsbeitrag",
        "help_en": (
            "Revenue minus cost of goods, over the lines of the period that have a cost; "
            "empty when no line has one."
        ),
        "help_de": (
            "Umsatz minus Wareneinsatz über die Positionen des Zeitraums mit Kostenangabe; "
            "leer, wenn keine Position Kosten hat."
        ),
    },
    "contribution_margin_pct": {
        "unit": "ratio",
        "label_en": "Contribution margin %",
        "label_de": "Deckungsbeitrag in %",
        "help_en": (
            "Contribution margin divided by the revenue of the same lines (those with a cost)."
        ),
        "help_de": (
            "Deckungsbeitrag geteilt durch den Umsatz derselben Positionen (jener mit "
            "Kostenangabe)."
        ),
    },
    "active_accounts": {
        "unit": "count",
        "label_en": "Active accounts",
        "label_de": "Aktive Kunden",
        "help_en": (
            "Accounts with at least one purchase (an invoice with a positive total) in the period."
        ),
        "help_de": (
            "Kunden mit mindestens einem Kauf (einer Rechnung mit positiver Summe) im Zeitraum."
        ),
    },
    "new_accounts": {
        "unit": "count",
        "label_en": "New accounts",
        "label_de": "Neukunden",
        "help_en": "Accounts whose first purchase ever falls in the period.",
        "help_de": "Kunden, deren allererster Kauf in den Zeitraum fällt.",
    },
    "lost_accounts": {
        "unit": "count",
        "label_en": "Lost accounts",
        "label_de": "Verlorene Kunden",
        "help_en": (
            "Accounts whose churn date falls in the period: last purchase plus the churn "
            "window, or the CRM's lost date if earlier."
        ),
        "help_de": (
            "Kunden, deren Abwanderungsdatum in den Zeitraum fällt: letzter Kauf plus "
            "Abwanderungsfenster, oder das frühere Verlustdatum aus dem CRM."
        ),
    },
    "key_account_revenue_share": {
        "unit": "ratio",
        "label_en": "Key-account share",
        "label_de": "Key-Account-Anteil",
        "help_en": "Share of the period's revenue that comes from the current key accounts.",
        "help_de": "Anteil des Umsatzes im Zeitraum, der auf die aktuellen Key Accounts entfällt.",
    },
}

FIELDS = ("unit", "label_en", "label_de", "help_en", "help_de")
"""The entries of every metric; ``unit`` is one of :data:`UNITS`."""

UNITS = ("money", "ratio", "count", "rating", "points", "class")
"""money; ratio (0.25 = 25 %); count; rating (1..5, the credit rating 1..6); points (0..100);
class (a label such as an ABC class or a traffic light)."""


def metric_definitions() -> dict[str, dict[str, str]]:
    """Every metric key -> its unit, labels and one-sentence definitions (en, de).

    Example: ``metric_definitions()["revenue"]["label_de"] == "Umsatz"``. Returns a copy, so a
    caller may change it freely.
    """
    # the key-account selection declares its criteria once, in its own catalogue, and its
    # pages' other numbers in kapanalytics/selection_metrics.py
    selection = {key: dict(entry) for key, entry in SELECTION_PAGE_METRICS.items()}
    # the controlling pages declare theirs in kapanalytics/controlling_metrics.py
    controlling = {key: dict(entry) for key, entry in CONTROLLING_METRICS.items()}
    # the retention pages declare theirs in kapanalytics/retention_metrics.py
    retention = {key: dict(entry) for key, entry in RETENTION_METRICS.items()}
    # the account pages (360, power map, plan) declare theirs in kapanalytics/account_metrics.py
    accounts = {key: dict(entry) for key, entry in ACCOUNT_METRICS.items()}
    return {
        **{key: dict(entry) for key, entry in _DEFINITIONS.items()},
        **catalogue_entries(),
        **selection,
        **controlling,
        **retention,
        **accounts,
    }
