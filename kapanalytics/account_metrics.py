"""The account pages' metrics: label and one-sentence definition, in English and German.

:func:`kapanalytics.metrics_catalog.metric_definitions` joins them with the others; the full
definitions are in docs/metrics.md under "Account 360", "Touchpoints and cadence", "Power map",
"Potential portfolio of divisions" and "Key-account plan".
"""

from __future__ import annotations


def _m(unit: str, en: tuple[str, str], de: tuple[str, str]) -> dict[str, str]:
    return {"unit": unit, "label_en": en[0], "help_en": en[1], "label_de": de[0], "help_de": de[1]}


ACCOUNT_METRICS: dict[str, dict[str, str]] = {
    "peer_median": _m(
        "money",
        (
            "Peer median",
            "The median of the figure over the other accounts of the same industry that "
            "bought in the same 12-month window.",
        ),
        (
            "Median der Vergleichskunden",
            "Median der Kennzahl über die anderen Kunden derselben Branche, die im selben "
            "12-Monats-Fenster gekauft haben.",
        ),
    ),
    "days_since_contact": _m(
        "count",
        (
            "Days since contact",
            "Days from the person's last contact (the CRM's date or their last touchpoint, "
            "whichever is later) to the analysis date.",
        ),
        (
            "Tage seit Kontakt",
            "Tage vom letzten Kontakt mit der Person (CRM-Datum oder letzter Kontaktpunkt, "
            "das spätere) bis zum Analysedatum.",
        ),
    ),
    "contact_freshness": _m(
        "class",
        (
            "Contact freshness",
            "Fresh up to 90 days since the last contact, ageing up to 180, stale beyond, "
            "never without any contact.",
        ),
        (
            "Kontaktaktualität",
            "Aktuell bis 90 Tage seit dem letzten Kontakt, veraltend bis 180, danach veraltet, "
            "nie ohne jeden Kontakt.",
        ),
    ),
    "personal_touchpoints_l12m": _m(
        "count",
        (
            "Visits and meetings, 12 months",
            "Visits and meetings with the account in the 12 months ending on the analysis date.",
        ),
        (
            "Besuche und Meetings, 12 Monate",
            "Besuche und Meetings beim Kunden in den 12 Monaten bis zum Analysedatum.",
        ),
    ),
    "cadence_attainment": _m(
        "ratio",
        (
            "Cadence attained",
            "Visits and meetings of the last 12 months divided by the yearly target of the "
            "account's class.",
        ),
        (
            "Kontaktrhythmus erreicht",
            "Besuche und Meetings der letzten 12 Monate geteilt durch das Jahresziel der "
            "Kontaktklasse des Kunden.",
        ),
    ),
    "days_since_personal_touchpoint": _m(
        "count",
        (
            "Days since the last visit",
            "Days from the last visit or meeting to the analysis date; empty without any.",
        ),
        (
            "Tage seit letztem Besuch",
            "Tage vom letzten Besuch oder Meeting bis zum Analysedatum; leer, wenn es keinen gab.",
        ),
    ),
    "division_quadrant": _m(
        "class",
        (
            "Quadrant",
            "Focus (high potential, positive), win over (high potential, not yet positive), "
            "reference (low potential, positive) or observe.",
        ),
        (
            "Quadrant",
            "Fokus (hohes Potenzial, positiv), gewinnen (hohes Potenzial, noch nicht positiv), "
            "Referenz (geringes Potenzial, positiv) oder beobachten.",
        ),
    ),
    "age_days": _m(
        "count",
        (
            "Days since review",
            "Days from the section's last review (the save that changed or confirmed it) to "
            "the analysis date, at least 0.",
        ),
        (
            "Tage seit Prüfung",
            "Tage von der letzten Prüfung des Abschnitts (der Speicherung, die ihn änderte oder "
            "bestätigte) bis zum Analysedatum, mindestens 0.",
        ),
    ),
    "stale_sections": _m(
        "class",
        (
            "Stale sections",
            "The written sections of the plan not reviewed within the review days.",
        ),
        (
            "Veraltete Abschnitte",
            "Die geschriebenen Abschnitte des Plans, die nicht innerhalb der Prüffrist geprüft "
            "wurden.",
        ),
    ),
    "overdue_actions": _m(
        "count",
        (
            "Overdue actions",
            "Actions of the plan not done whose due date lies before the analysis date.",
        ),
        (
            "Überfällige Maßnahmen",
            "Nicht erledigte Maßnahmen des Plans, deren Termin vor dem Analysedatum liegt.",
        ),
    ),
    "days_overdue": _m(
        "count",
        (
            "Days overdue",
            "Days from the action's due date to the analysis date; 0 when it is not overdue.",
        ),
        (
            "Tage überfällig",
            "Tage vom Termin der Maßnahme bis zum Analysedatum; 0, wenn sie nicht überfällig ist.",
        ),
    ),
}
