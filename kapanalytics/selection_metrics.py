"""The key-account selection pages' own numbers beside the criteria: label and one-sentence
definition, in English and German.

The criteria, the score, the contribution and the top-N stay probability are declared in
:mod:`kapanalytics.criteria`; :func:`kapanalytics.metrics_catalog.metric_definitions` joins
both. The full definitions are in docs/metrics.md under "Key-account selection".
"""

from __future__ import annotations


def _m(unit: str, en: tuple[str, str], de: tuple[str, str]) -> dict[str, str]:
    return {"unit": unit, "label_en": en[0], "help_en": en[1], "label_de": de[0], "help_de": de[1]}


SELECTION_PAGE_METRICS: dict[str, dict[str, str]] = {
    # the ranked table
    "selection_rank": _m(
        "count",
        ("Rank", "Position by selection score, 1 = best; equal scores go to the lower id."),
        ("Rang", "Platz nach Auswahl-Score, 1 = bester; bei gleichem Score die kleinere ID."),
    ),
    "rank_movement": _m(
        "count",
        (
            "Rank movement",
            "Rank under the saved configuration compared with minus the rank now; positive "
            "means the account moved up.",
        ),
        (
            "Rangänderung",
            "Rang unter der verglichenen gespeicherten Konfiguration minus der Rang jetzt; "
            "positiv heißt, der Kunde ist aufgestiegen.",
        ),
    ),
    "normalised_value": _m(
        "points",
        (
            "Normalised value",
            "The criterion mapped to 0..100 by its normalisation (percentile rank, min-max or "
            "1..5 rating) over the accounts scored.",
        ),
        (
            "Normierter Wert",
            "Das Kriterium auf 0..100 abgebildet durch seine Normierung (Perzentilrang, "
            "Min-Max oder Bewertung 1..5) über die bewerteten Kunden.",
        ),
    ),
    "criteria_missing": _m(
        "count",
        (
            "Criteria missing",
            "Active criteria without a value for the account: left out and re-weighted, or "
            "scored 0, as the missing-value policy says.",
        ),
        (
            "Fehlende Kriterien",
            "Aktive Kriterien ohne Wert für den Kunden: weggelassen und neu gewichtet oder "
            "mit 0 bewertet, je nach Regel für fehlende Werte.",
        ),
    ),
    # why a score
    "weight_share": _m(
        "ratio",
        ("Weight share", "The criterion's weight divided by the sum of the active weights."),
        ("Gewichtsanteil", "Gewicht des Kriteriums geteilt durch die Summe der aktiven Gewichte."),
    ),
    "applied_share": _m(
        "ratio",
        (
            "Weight share applied",
            "The share this account's score gives the criterion: when re-weighting, a missing "
            "criterion gets 0 and the others grow in proportion.",
        ),
        (
            "Angewandter Gewichtsanteil",
            "Der Anteil, den der Score dieses Kunden dem Kriterium gibt: beim Neugewichten "
            "bekommt ein fehlendes Kriterium 0 und die anderen wachsen anteilig.",
        ),
    ),
    # how stable
    "best_rank": _m(
        "count",
        ("Best rank", "The best rank the account reached in the perturbed draws."),
        ("Bester Rang", "Der beste Rang des Kunden in den zufällig gestörten Durchläufen."),
    ),
    "worst_rank": _m(
        "count",
        ("Worst rank", "The worst rank the account fell to in the perturbed draws."),
        ("Schlechtester Rang", "Der schlechteste Rang des Kunden in den gestörten Durchläufen."),
    ),
    "median_rank": _m(
        "count",
        ("Median rank", "The middle rank of the account over the perturbed draws."),
        ("Median-Rang", "Der mittlere Rang des Kunden über die gestörten Durchläufe."),
    ),
    "fragile_selection": _m(
        "class",
        (
            "Fragile",
            "Top-N stay probability between 10 % and 90 %: whether the account is in the top N "
            "hangs on the exact weights.",
        ),
        (
            "Wackelig",
            "Top-N-Verbleibwahrscheinlichkeit zwischen 10 % und 90 %: ob der Kunde zu den "
            "Top N gehört, hängt an den genauen Gewichten.",
        ),
    ),
    "certain_accounts": _m(
        "count",
        ("Always in the top N", "Accounts ranked within the top N in every perturbed draw."),
        ("Immer in den Top N", "Kunden, die in jedem gestörten Durchlauf unter den Top N sind."),
    ),
    "fragile_accounts": _m(
        "count",
        ("Fragile accounts", "Accounts whose top-N membership is fragile (10 % .. 90 %)."),
        ("Wackelige Kunden", "Kunden mit wackeliger Top-N-Zugehörigkeit (10 % .. 90 %)."),
    ),
    "within_reach": _m(
        "count",
        (
            "Within reach",
            "Accounts outside the top N now that enter it in at least one perturbed draw.",
        ),
        (
            "In Reichweite",
            "Kunden außerhalb der Top N, die in mindestens einem gestörten Durchlauf hineinkommen.",
        ),
    ),
    # configurations compared
    "top_n_entering": _m(
        "count",
        ("Entering the top N", "Accounts in the top N of the second configuration only."),
        ("Neu in den Top N", "Kunden nur in den Top N der zweiten Konfiguration."),
    ),
    "top_n_leaving": _m(
        "count",
        ("Leaving the top N", "Accounts in the top N of the first configuration only."),
        ("Fallen aus den Top N", "Kunden nur in den Top N der ersten Konfiguration."),
    ),
    # portfolio matrix
    "attitude_score": _m(
        "points",
        (
            "Attitude",
            "The account's attitude toward us on 0..100: mentor 100, positive 75, neutral 50, "
            "negative 25, enemy 0.",
        ),
        (
            "Einstellung",
            "Einstellung des Kunden zu uns auf 0..100: Mentor 100, positiv 75, neutral 50, "
            "negativ 25, Gegner 0.",
        ),
    ),
    "quadrant": _m(
        "class",
        (
            "Quadrant",
            "Where the account sits against the two lines: invest, develop, maintain or serve "
            "efficiently; a point on a line counts as high.",
        ),
        (
            "Quadrant",
            "Lage des Kunden zu den beiden Linien: investieren, entwickeln, halten oder "
            "effizient bedienen; ein Punkt auf einer Linie zählt als hoch.",
        ),
    ),
    "quadrant_accounts": _m(
        "count",
        ("Accounts", "Accounts placed in the quadrant (x and y known)."),
        ("Kunden", "Kunden im Quadranten (x und y bekannt)."),
    ),
    "quadrant_revenue": _m(
        "money",
        ("Revenue, last 12 months", "The quadrant's accounts' revenue of the last 12 months."),
        ("Umsatz, letzte 12 Monate", "Umsatz der letzten 12 Monate der Kunden im Quadranten."),
    ),
    "quadrant_key_accounts": _m(
        "count",
        ("Key accounts", "Current key accounts among the quadrant's accounts."),
        ("Key Accounts", "Aktuelle Key Accounts unter den Kunden des Quadranten."),
    ),
    # prospects and decisions
    "potential_threshold": _m(
        "money",
        (
            "High potential from",
            "The annual potential from which an account counts as high potential: the chosen "
            "quantile of the positive potentials.",
        ),
        (
            "Hohes Potenzial ab",
            "Jahrespotenzial, ab dem ein Kunde als potenzialstark gilt: das gewählte Quantil "
            "der positiven Potenziale.",
        ),
    ),
    "prospect_rank": _m(
        "count",
        (
            "Rank by white space",
            "Position among the prospects and under-served accounts by white space, largest first.",
        ),
        (
            "Rang nach White Space",
            "Platz unter den Interessenten und unterversorgten Kunden nach White Space, der "
            "größte zuerst.",
        ),
    ),
    "review_add": _m(
        "count",
        (
            "To consider as key accounts",
            "Accounts in the first class of the ranking that are no key account yet.",
        ),
        (
            "Als Key Account zu prüfen",
            "Kunden in der ersten Klasse der Rangliste, die noch kein Key Account sind.",
        ),
    ),
    "review_check": _m(
        "count",
        (
            "Key accounts to review",
            "Key accounts outside the first class of the current ranking.",
        ),
        (
            "Zu überprüfende Key Accounts",
            "Key Accounts außerhalb der ersten Klasse der aktuellen Rangliste.",
        ),
    ),
    "key_account_count": _m(
        "count",
        ("Key accounts", "Accounts whose latest decision made them key accounts."),
        ("Key Accounts", "Kunden, die nach der letzten Entscheidung Key Accounts sind."),
    ),
}
