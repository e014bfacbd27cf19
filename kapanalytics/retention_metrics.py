"""The retention pages' metrics: label and one-sentence definition, in English and German.

:func:`kapanalytics.metrics_catalog.metric_definitions` joins them with the others; the full
definitions are in docs/metrics.md under "Retention", "Customer lifetime", "Lost customers",
"Win-back" and "Early warning". New and lost accounts are the overview's.
"""

from __future__ import annotations


def _metric(unit: str, en: tuple[str, str], de: tuple[str, str]) -> dict[str, str]:
    label_en, help_en = en
    label_de, help_de = de
    return {
        "unit": unit,
        "label_en": label_en,
        "help_en": help_en,
        "label_de": label_de,
        "help_de": help_de,
    }


RETENTION_METRICS: dict[str, dict[str, str]] = {
    "customer_retention_rate": _metric(
        "ratio",
        ("Customer retention", "Of the accounts active in the period before, the share active."),
        ("Kundenbindungsquote", "Anteil der in der Vorperiode aktiven Kunden, die aktiv sind."),
    ),
    "gross_revenue_retention": _metric(
        "ratio",
        (
            "Gross revenue retention",
            "Revenue kept from last period's paying accounts, growth not counted.",
        ),
        (
            "Bruttoumsatzbindung",
            "Gehaltener Umsatz der zahlenden Kunden der Vorperiode, ohne Wachstum.",
        ),
    ),
    "net_revenue_retention": _metric(
        "ratio",
        (
            "Net revenue retention",
            "Revenue of last period's paying accounts now, growth included, over their revenue "
            "then.",
        ),
        (
            "Nettoumsatzbindung",
            "Heutiger Umsatz der zahlenden Kunden der Vorperiode, mit Wachstum, geteilt durch "
            "ihren damaligen Umsatz.",
        ),
    ),
    "customers_at_start": _metric(
        "count",
        ("Customers at the start", "Customers the day before the period starts."),
        ("Kunden am Anfang", "Kunden am Tag vor Beginn der Periode."),
    ),
    "flow_new_accounts": _metric(
        "count",
        ("New customers", "First purchase ever in the period (and a customer then)."),
        ("Neukunden", "Allererster Kauf in der Periode (und damit Kunde)."),
    ),
    "reactivated_accounts": _metric(
        "count",
        ("Reactivated", "Former customers who bought again in the period after being lost."),
        ("Reaktiviert", "Frühere Kunden, die nach dem Verlust in der Periode wieder kauften."),
    ),
    "customers_at_end": _metric(
        "count",
        ("Customers at the end", "Customers on the period's last day."),
        ("Kunden am Ende", "Kunden am letzten Tag der Periode."),
    ),
    "bridge_revenue_change": _metric(
        "money",
        (
            "Revenue bridge",
            "Each account's revenue change sorted into new, reactivated, expansion, contraction "
            "or churned.",
        ),
        (
            "Umsatzbrücke",
            "Umsatzänderung jedes Kunden, eingeordnet als neu, reaktiviert, Ausweitung, "
            "Rückgang oder abgewandert.",
        ),
    ),
    "cohort_customer_retention": _metric(
        "ratio",
        ("Cohort retention", "Share of a cohort's accounts active in the k-th period after it."),
        ("Kohortenbindung", "Anteil der Kunden einer Kohorte, die k Perioden später aktiv sind."),
    ),
    "cohort_revenue_retention": _metric(
        "ratio",
        ("Cohort revenue retention", "A cohort's revenue k periods on over its first revenue."),
        ("Kohorten-Umsatzbindung", "Umsatz einer Kohorte k Perioden später zum ersten Umsatz."),
    ),
    "median_lifetime_days": _metric(
        "count",
        (
            "Median lifetime (days)",
            "Days after the first purchase when half of the customers have churned (Kaplan-Meier).",
        ),
        (
            "Median-Lebensdauer (Tage)",
            "Tage nach dem ersten Kauf, bis die Hälfte der Kunden abgewandert ist (Kaplan-Meier).",
        ),
    ),
    "survival_rate": _metric(
        "ratio",
        ("Still a customer after 1 year", "Kaplan-Meier estimate of staying a year or longer."),
        ("Nach 1 Jahr noch Kunde", "Kaplan-Meier-Schätzung, ein Jahr oder länger zu bleiben."),
    ),
    "log_rank_p_value": _metric(
        "ratio",
        (
            "Log-rank p-value",
            "Chance of curves this different if the segments truly shared one; below 5 % they "
            "differ.",
        ),
        (
            "Log-Rank-p-Wert",
            "Wahrscheinlichkeit so verschiedener Kurven bei gleichen Segmenten; unter 5 % "
            "unterscheiden sie sich.",
        ),
    ),
    "lost_revenue": _metric(
        "money",
        (
            "Lost revenue",
            "Revenue of the lost accounts in the 12 months up to their last purchase.",
        ),
        (
            "Verlorener Umsatz",
            "Umsatz der verlorenen Kunden in den 12 Monaten bis zu ihrem letzten Kauf.",
        ),
    ),
    "uncoded_share": _metric(
        "ratio",
        ("Losses without a reason", "Share of lost accounts with no reason or with 'other'."),
        ("Verluste ohne Grund", "Anteil verlorener Kunden ohne Grund oder mit 'sonstige'."),
    ),
    "opportunity_win_rate": _metric(
        "ratio",
        ("Win rate", "Won / (won + lost) opportunities closed in the period."),
        ("Gewinnquote", "Gewonnene / (gewonnene + verlorene) abgeschlossene Chancen."),
    ),
    "opportunity_win_rate_value": _metric(
        "ratio",
        ("Win rate by value", "Won amount / (won + lost amount) of the period's opportunities."),
        ("Gewinnquote nach Wert", "Gewonnener Betrag / (gewonnener + verlorener Betrag)."),
    ),
    "win_back_score": _metric(
        "money",
        (
            "Win-back value",
            "Lost revenue x recoverability of the reason x 0.5 ^ (time since loss / half-life).",
        ),
        (
            "Rückgewinnungswert",
            "Verlorener Umsatz x Rückgewinnbarkeit x 0,5 ^ (Zeit seit Verlust / Halbwertszeit).",
        ),
    ),
    "recoverability": _metric(
        "ratio",
        (
            "Recoverability",
            "1 for a recoverable reason, 0 for an unrecoverable one, else a set factor.",
        ),
        (
            "Rückgewinnbarkeit",
            "1 bei rückgewinnbarem Grund, 0 bei nicht rückgewinnbarem, sonst ein Faktor.",
        ),
    ),
    "win_back_rate": _metric(
        "ratio",
        ("Win-back rate", "Of the accounts lost in a period, the share that bought again later."),
        (
            "Rückgewinnungsquote",
            "Anteil der in einer Periode verlorenen Kunden, die später wieder kauften.",
        ),
    ),
    "revenue_brought_back": _metric(
        "money",
        ("Revenue brought back", "Revenue of won-back accounts from their return on."),
        ("Zurückgeholter Umsatz", "Umsatz zurückgewonnener Kunden ab ihrer Rückkehr."),
    ),
    "risk_score": _metric(
        "points",
        (
            "Risk score",
            "0..100: the weighted mean of the risk points of the stability factors.",
        ),
        (
            "Risikowert",
            "0..100: gewichtetes Mittel der Risikopunkte der Stabilitätsfaktoren.",
        ),
    ),
    "risk_contribution": _metric(
        "points",
        ("Driver points", "The points one factor adds to an account's risk score."),
        ("Treiberpunkte", "Die Punkte, die ein Faktor zum Risikowert beiträgt."),
    ),
    "roc_auc": _metric(
        "ratio",
        (
            "ROC AUC",
            "Chance that an account that churned scored higher than one that stayed (0.5 = "
            "guessing).",
        ),
        (
            "ROC AUC",
            "Wahrscheinlichkeit, dass ein abgewanderter Kunde höher bewertet war als ein "
            "gebliebener (0,5 = Raten).",
        ),
    ),
    "top_decile_lift": _metric(
        "count",
        (
            "Top-decile lift",
            "Churn rate of the 10 % highest scores over the churn rate of all.",
        ),
        (
            "Lift oberstes Zehntel",
            "Abwanderungsquote der 10 % höchsten Werte geteilt durch die aller.",
        ),
    ),
}
