"""The controlling pages' metrics: label and one-sentence definition, in English and German.

:func:`kapanalytics.metrics_catalog.metric_definitions` joins them with the others; the full
definitions are in docs/metrics.md under "ABC analysis", "Share of wallet and white space",
"Profitability and cost to serve" and "Budget vs actual". Share of wallet, white space, annual
potential and revenue of the last 12 months are the key-account selection's (criteria.py).
"""

from __future__ import annotations


def _m(unit: str, en: tuple[str, str], de: tuple[str, str]) -> dict[str, str]:
    return {"unit": unit, "label_en": en[0], "help_en": en[1], "label_de": de[0], "help_de": de[1]}


CONTROLLING_METRICS: dict[str, dict[str, str]] = {
    # ABC analysis
    "order_count": _m(
        "count",
        ("Orders", "Number of purchases (invoices with a positive total) in the period."),
        ("Aufträge", "Anzahl der Käufe (Rechnungen mit positiver Summe) im Zeitraum."),
    ),
    "abc_share": _m(
        "ratio",
        ("Share", "The account's measure divided by the total of all positive measures."),
        ("Anteil", "Kennzahl des Kunden geteilt durch die Summe aller positiven Werte."),
    ),
    "abc_share_before": _m(
        "ratio",
        (
            "Share before",
            "Summed measure of the accounts ranked before this one, over the total of "
            "positive measures; it decides the class.",
        ),
        (
            "Anteil davor",
            "Summe der Kennzahl aller davor gereihten Kunden geteilt durch die Summe der "
            "positiven Werte; sie bestimmt die Klasse.",
        ),
    ),
    "abc_cumulative_share": _m(
        "ratio",
        ("Cumulative share", "Share before plus the account's own share."),
        ("Kumulierter Anteil", "Anteil davor plus eigener Anteil des Kunden."),
    ),
    "abc_class": _m(
        "class",
        (
            "ABC class",
            "A while the share before is below a, B while below b, else C; "
            "a measure of zero or less is always C.",
        ),
        (
            "ABC-Klasse",
            "A, solange der Anteil davor unter a liegt, B unter b, sonst C; "
            "ein Wert von null oder weniger ist immer C.",
        ),
    ),
    "abc_account_share": _m(
        "ratio",
        ("Share of accounts", "Accounts of the class divided by all ranked accounts."),
        ("Anteil Kunden", "Kunden der Klasse geteilt durch alle gereihten Kunden."),
    ),
    "abc_revenue_share": _m(
        "ratio",
        ("Share of revenue", "Revenue of the class divided by the revenue of all ranked accounts."),
        ("Anteil Umsatz", "Umsatz der Klasse geteilt durch den Umsatz aller gereihten Kunden."),
    ),
    "gini": _m(
        "ratio",
        (
            "Gini coefficient",
            "Concentration of the measure: 0 when every account holds the same, near 1 when "
            "one holds everything (negative values count as 0).",
        ),
        (
            "Gini-Koeffizient",
            "Konzentration der Kennzahl: 0, wenn alle Kunden gleich viel haben, nahe 1, wenn "
            "einer alles hat (negative Werte zählen als 0).",
        ),
    ),
    # share of wallet and white space
    "untapped_potential": _m(
        "money",
        (
            "Untapped potential",
            "Sum of the positive white spaces: potential not yet won where we sell less "
            "than the potential.",
        ),
        (
            "Ungenutztes Potenzial",
            "Summe der positiven White Spaces: noch nicht gewonnenes Potenzial, wo wir "
            "weniger als das Potenzial verkaufen.",
        ),
    ),
    "peer_count": _m(
        "count",
        (
            "Peers",
            "Other accounts of the same industry and size band with revenue in the last 12 months.",
        ),
        (
            "Vergleichskunden",
            "Andere Kunden derselben Branche und Größenklasse mit Umsatz in den letzten "
            "12 Monaten.",
        ),
    ),
    "peer_buying_share": _m(
        "ratio",
        ("Peers buying", "Share of the peers that bought the product group in the last 12 months."),
        (
            "Anteil Käufer",
            "Anteil der Vergleichskunden, die die Warengruppe in den letzten 12 Monaten kauften.",
        ),
    ),
    "peer_median_spend": _m(
        "money",
        (
            "Peer median spend",
            "Median revenue in the product group of the peers that buy it.",
        ),
        (
            "Median Vergleichskunden",
            "Median des Umsatzes in der Warengruppe bei den Vergleichskunden, die sie kaufen.",
        ),
    ),
    "size_factor": _m(
        "ratio",
        (
            "Size factor",
            "The account's employees over the median employees of the buying peers "
            "(1 where unknown).",
        ),
        (
            "Größenfaktor",
            "Mitarbeiter des Kunden geteilt durch den Median der kaufenden Vergleichskunden "
            "(1, wo unbekannt).",
        ),
    ),
    "expected_value": _m(
        "money",
        (
            "Expected value",
            "Peer median spend scaled to the account's size: what the account would buy "
            "per year if it bought like its peers.",
        ),
        (
            "Erwarteter Wert",
            "Median der Vergleichskunden, auf die Größe des Kunden skaliert: was er pro "
            "Jahr kaufen würde, kaufte er wie seine Vergleichskunden.",
        ),
    ),
    # profitability and cost to serve
    "cm1": _m(
        "money",
        ("Contribution margin I", "Revenue minus cost of goods, over the lines with a cost."),
        ("Deckungsbeitrag I", "Umsatz minus Wareneinsatz über die Positionen mit Kosten."),
    ),
    "cost_to_serve": _m(
        "money",
        (
            "Cost to serve",
            "Activities of the period (visits, calls, complaints, service cases ...) and "
            "invoices, each times its rate.",
        ),
        (
            "Betreuungskosten",
            "Aktivitäten im Zeitraum (Besuche, Anrufe, Reklamationen, Servicefälle ...) und "
            "Rechnungen, jeweils mal ihrem Kostensatz.",
        ),
    ),
    "cm2": _m(
        "money",
        ("Contribution margin II", "Contribution margin I minus the cost to serve."),
        ("Deckungsbeitrag II", "Deckungsbeitrag I minus Betreuungskosten."),
    ),
    "cm2_pct": _m(
        "ratio",
        ("CM II %", "Contribution margin II divided by revenue."),
        ("DB II in %", "Deckungsbeitrag II geteilt durch den Umsatz."),
    ),
    "loss_making_accounts": _m(
        "count",
        ("Loss-making accounts", "Accounts whose contribution margin II is below zero."),
        ("Verlustkunden", "Kunden mit negativem Deckungsbeitrag II."),
    ),
    "profit_destroyed": _m(
        "money",
        (
            "Profit destroyed",
            "Sum of the negative contribution margins II: what the loss-making accounts cost.",
        ),
        (
            "Vernichteter Gewinn",
            "Summe der negativen Deckungsbeiträge II: was die Verlustkunden kosten.",
        ),
    ),
    "whale_peak_share": _m(
        "ratio",
        (
            "Whale-curve peak",
            "Highest cumulative CM II over the total CM II: how much more the profitable "
            "accounts earn than the whole portfolio keeps.",
        ),
        (
            "Gipfel der Walkurve",
            "Höchster kumulierter DB II geteilt durch den gesamten DB II: wie viel mehr die "
            "profitablen Kunden verdienen, als dem ganzen Portfolio bleibt.",
        ),
    ),
    "high_potential_from": _m(
        "money",
        (
            "High potential from",
            "Annual potential from which a C-customer is flagged as tomorrow's key account; "
            "by default the smallest revenue of an A-customer.",
        ),
        (
            "Hohes Potenzial ab",
            "Jahrespotenzial, ab dem ein C-Kunde als künftiger Key Account gilt; "
            "standardmäßig der kleinste Umsatz eines A-Kunden.",
        ),
    ),
    # budget vs actual
    "budget_year": _m(
        "money",
        ("Budget, year", "Budgeted revenue of all twelve months of the budget year."),
        ("Budget, Jahr", "Budgetierter Umsatz aller zwölf Monate des Budgetjahres."),
    ),
    "budget_ytd": _m(
        "money",
        ("Budget YTD", "Budgeted revenue of the closed months of the year."),
        ("Budget lfd. Jahr", "Budgetierter Umsatz der abgeschlossenen Monate des Jahres."),
    ),
    "actual_ytd": _m(
        "money",
        ("Actual YTD", "Revenue of the closed months of the year."),
        ("Ist lfd. Jahr", "Umsatz der abgeschlossenen Monate des Jahres."),
    ),
    "variance_ytd": _m(
        "money",
        ("Variance YTD", "Actual minus budget over the closed months."),
        ("Abweichung lfd. Jahr", "Ist minus Budget über die abgeschlossenen Monate."),
    ),
    "variance_ytd_pct": _m(
        "ratio",
        ("Variance YTD %", "Variance divided by the budget of the closed months."),
        (
            "Abweichung lfd. Jahr %",
            "Abweichung geteilt durch das Budget der abgeschlossenen Monate.",
        ),
    ),
    "attainment_ytd": _m(
        "ratio",
        ("Attainment YTD", "Actual divided by budget over the closed months."),
        ("Zielerreichung lfd. Jahr", "Ist geteilt durch Budget über die abgeschlossenen Monate."),
    ),
    "forecast_run_rate": _m(
        "money",
        (
            "Forecast, run rate",
            "Actual of the closed months divided by their number, times 12.",
        ),
        (
            "Prognose, Run-Rate",
            "Ist der abgeschlossenen Monate geteilt durch ihre Anzahl, mal 12.",
        ),
    ),
    "forecast_seasonal": _m(
        "money",
        (
            "Forecast, seasonal",
            "Actual YTD times the prior year's full revenue over its revenue of the same "
            "months: the rest of the year follows last year's pattern.",
        ),
        (
            "Prognose, saisonal",
            "Ist lfd. Jahr mal Vorjahresumsatz gesamt geteilt durch den Vorjahresumsatz "
            "derselben Monate: der Rest des Jahres folgt dem Vorjahresverlauf.",
        ),
    ),
    "forecast": _m(
        "money",
        (
            "Forecast year end",
            "The seasonal forecast where the prior year had revenue by now, else the run rate.",
        ),
        (
            "Prognose Jahresende",
            "Die saisonale Prognose, wo das Vorjahr bis dahin Umsatz hatte, sonst die Run-Rate.",
        ),
    ),
    "forecast_variance": _m(
        "money",
        ("Forecast variance", "Forecast year end minus the budget of the year."),
        ("Prognoseabweichung", "Prognose Jahresende minus Jahresbudget."),
    ),
    "forecast_attainment": _m(
        "ratio",
        ("Forecast attainment", "Forecast year end divided by the budget of the year."),
        ("Zielerreichung Prognose", "Prognose Jahresende geteilt durch das Jahresbudget."),
    ),
    "traffic_light": _m(
        "class",
        (
            "Traffic light",
            "Green from the green threshold of attainment, amber from the amber threshold, "
            "red below; none without a budget.",
        ),
        (
            "Ampel",
            "Grün ab der grünen Schwelle der Zielerreichung, gelb ab der gelben, darunter rot; "
            "keine ohne Budget.",
        ),
    ),
}
