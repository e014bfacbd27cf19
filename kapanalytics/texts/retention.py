"""The words of the retention pages: churn, cohorts, survival, lost customers, win-back and
early warning."""

# key -> (English, German). Placeholders in braces are filled by ``t(..., name=value)``.
TEXTS: dict[str, tuple[str, str]] = {
    # navigation
    "retention.page.churn": ("Churn and retention", "Abwanderung und Bindung"),
    "retention.page.cohorts": ("Cohorts", "Kohorten"),
    "retention.page.survival": ("Customer lifetime", "Kundenlebensdauer"),
    "retention.page.lost": ("Lost customers", "Verlorene Kunden"),
    "retention.page.winback": ("Win-back", "Rückgewinnung"),
    "retention.page.risk": ("Early warning", "Frühwarnung"),
    # shared controls
    "retention.window": ("Churn window W (days)", "Abwanderungsfenster W (Tage)"),
    "retention.window.help": (
        "An account counts as churned W days after its last purchase, or on the CRM's lost "
        "date if that is earlier.",
        "Ein Kunde gilt W Tage nach seinem letzten Kauf als abgewandert, oder am "
        "Verlustdatum im CRM, falls das früher liegt.",
    ),
    "retention.grain": ("Periods", "Perioden"),
    "retention.grain.year": ("Years", "Jahre"),
    "retention.grain.quarter": ("Quarters", "Quartale"),
    "retention.grain.month": ("Months", "Monate"),
    "retention.segment": ("Broken down by", "Aufgeteilt nach"),
    "retention.segment.all": ("Whole portfolio", "Gesamtes Portfolio"),
    "retention.segment.industry": ("Industry", "Branche"),
    "retention.segment.region": ("Region", "Region"),
    "retention.segment.country": ("Country", "Land"),
    "retention.segment.owner": ("Account owner", "Kundenbetreuer"),
    "retention.segment.segment": ("Segment (size)", "Segment (Größe)"),
    "retention.segment.abc_class": ("ABC class", "ABC-Klasse"),
    "retention.segment.cohort_year": ("Year of first purchase", "Jahr des ersten Kaufs"),
    "retention.segment.lost_reason": ("Lost reason", "Verlustgrund"),
    "retention.segment.lost_to_competitor": ("Competitor that won", "Gewinnender Wettbewerber"),
    "retention.segment.account": ("Account", "Kunde"),
    "retention.segment.product_group": ("Product group", "Produktgruppe"),
    "retention.segment.competitor": ("Competitor", "Wettbewerber"),
    "retention.measure.accounts": ("Accounts", "Kunden"),
    "retention.measure.lost_revenue": ("Lost revenue", "Verlorener Umsatz"),
    "retention.include_running": ("Periods cut off by the data", "Angeschnittene Perioden"),
    "retention.include_running.help": (
        "Also show periods the data cover only in part (their rates compare unequal spans) "
        "and the flow of the data's first period (everyone buying then counts as new).",
        "Auch Perioden zeigen, die die Daten nur teilweise abdecken (ihre Quoten vergleichen "
        "ungleich lange Zeiträume), und die Bewegung der ersten Periode der Daten (wer dann "
        "kauft, zählt als neu).",
    ),
    "retention.no_periods": (
        "No period with a period before it in the data.",
        "Keine Periode mit einer Vorperiode in den Daten.",
    ),
    "retention.truncated": (
        "Showing the first {shown} of {total} rows; the downloads hold them all.",
        "Angezeigt werden die ersten {shown} von {total} Zeilen; die Downloads enthalten alle.",
    ),
    "retention.save": ("Save", "Speichern"),
    "retention.saved": ("Saved as version {version}.", "Als Version {version} gespeichert."),
    "retention.saved_by": ("Your name (for the history)", "Ihr Name (für den Verlauf)"),
    # churn page
    "retention.churn.title": ("Churn and retention", "Abwanderung und Kundenbindung"),
    "retention.churn.caption": (
        "Cards: {start} – {end} against {prev_start} – {prev_end}. Charts: every period of "
        "the data. W = {window} days. Filters choose accounts; periods and first purchases "
        "always span all the data.",
        "Kennzahlen: {start} – {end} gegenüber {prev_start} – {prev_end}. Diagramme: alle "
        "Perioden der Daten. W = {window} Tage. Filter wählen Kunden; Perioden und Erstkäufe "
        "umfassen immer alle Daten.",
    ),
    "retention.churn.rates": ("Retention over time", "Kundenbindung im Zeitverlauf"),
    "retention.churn.flow": ("Customer flow", "Kundenbewegung"),
    "retention.churn.bridge": ("Revenue bridge", "Umsatzbrücke"),
    "retention.bridge.period": ("Period", "Periode"),
    "retention.rate.customer_retention_rate": ("Customer retention", "Kundenbindungsquote"),
    "retention.rate.gross_revenue_retention": ("GRR", "GRR"),
    "retention.rate.net_revenue_retention": ("NRR", "NRR"),
    "retention.rate.win_rate": ("Win rate", "Gewinnquote"),
    "retention.rate.win_back_rate": ("Win-back rate", "Rückgewinnungsquote"),
    "retention.rate.churn_rate": ("Churn rate", "Abwanderungsquote"),
    "retention.flow.new": ("New", "Neu"),
    "retention.flow.reactivated": ("Reactivated", "Reaktiviert"),
    "retention.flow.lost": ("Lost", "Verloren"),
    "retention.flow.end": ("Customers at the end", "Kunden am Ende"),
    "retention.bridge.start": ("Start", "Anfang"),
    "retention.bridge.new": ("New", "Neu"),
    "retention.bridge.reactivated": ("Reactivated", "Reaktiviert"),
    "retention.bridge.expansion": ("Expansion", "Ausweitung"),
    "retention.bridge.contraction": ("Contraction", "Rückgang"),
    "retention.bridge.churned": ("Churned", "Abgewandert"),
    "retention.bridge.end": ("End", "Ende"),
    # charts
    "retention.chart.rate": ("Rate", "Quote"),
    "retention.chart.accounts": ("Accounts", "Kunden"),
    "retention.chart.cohort": ("Cohort", "Kohorte"),
    "retention.chart.periods_after": ("Periods after the first purchase", "Perioden nach Erstkauf"),
    "retention.chart.survival": ("Still a customer", "Noch Kunde"),
    "retention.chart.days": ("Days since the first purchase", "Tage seit dem ersten Kauf"),
    "retention.chart.cumulative_share": ("Cumulative share", "Kumulierter Anteil"),
    "retention.chart.score_band": ("Risk score band", "Risikowert-Band"),
    "retention.chart.guessing": ("Guessing", "Raten"),
    "retention.chart.false_positive_rate": (
        "Stayed, flagged (false positive rate)",
        "Geblieben, markiert (Falsch-positiv-Rate)",
    ),
    "retention.chart.true_positive_rate": (
        "Churned, flagged (true positive rate)",
        "Abgewandert, markiert (Richtig-positiv-Rate)",
    ),
    "retention.model.risk_score": ("Risk score", "Risikowert"),
    "retention.model.revenue_trend_only": ("Revenue trend alone", "Nur Umsatztrend"),
    # cohorts
    "retention.cohorts.title": ("Cohorts", "Kohorten"),
    "retention.cohorts.measure": ("Retention of", "Bindung von"),
    "retention.cohorts.measure.customers": ("Customers", "Kunden"),
    "retention.cohorts.measure.revenue": ("Revenue", "Umsatz"),
    "retention.cohorts.range": ("Cohorts shown", "Angezeigte Kohorten"),
    "retention.cohorts.caption": (
        "A cohort is the period of an account's first purchase ever. The filters and the "
        "range choose which cohorts and accounts are shown; they never change who belongs to "
        "a cohort. Cell k: the share of the cohort active in the k-th period after its own "
        "(customers), or its revenue then over its revenue in its own period (revenue).",
        "Eine Kohorte ist die Periode des allerersten Kaufs eines Kunden. Filter und Bereich "
        "wählen, welche Kohorten und Kunden gezeigt werden; sie ändern nie, wer zu einer "
        "Kohorte gehört. Zelle k: Anteil der Kohorte, der in der k-ten Periode danach aktiv "
        "ist (Kunden), oder ihr Umsatz dann im Verhältnis zum Umsatz der eigenen Periode.",
    ),
    # survival
    "retention.survival.title": ("Customer lifetime", "Kundenlebensdauer"),
    "retention.survival.by": ("Curves by", "Kurven nach"),
    "retention.survival.segments": ("Segments compared", "Verglichene Segmente"),
    "retention.survival.pick": (
        "Choose at least one segment.",
        "Wählen Sie mindestens ein Segment.",
    ),
    "retention.survival.caption": (
        "Lifetime: from the first purchase to the churn date (W = {window} days, or the CRM's "
        "lost date), or to the analysis date for accounts still buying. Kaplan-Meier estimate "
        "with a 95 % band.",
        "Lebensdauer: vom ersten Kauf bis zum Abwanderungsdatum (W = {window} Tage oder "
        "Verlustdatum im CRM), bei noch kaufenden Kunden bis zum Analysedatum. "
        "Kaplan-Meier-Schätzung mit 95-%-Band.",
    ),
    "retention.survival.median_not_reached": (
        "More than half of the customers are still buying at the longest lifetime observed: "
        "the median lifetime is not reached.",
        "Mehr als die Hälfte der Kunden kauft bei der längsten beobachteten Lebensdauer noch: "
        "der Median wird nicht erreicht.",
    ),
    "retention.survival.log_rank": (
        "Log-rank test across the chosen segments: chi² = {chi2}, {dof} degrees of freedom.",
        "Log-Rank-Test über die gewählten Segmente: Chi² = {chi2}, {dof} Freiheitsgrade.",
    ),
    # lost customers
    "retention.lost.title": ("Lost customers", "Verlorene Kunden"),
    "retention.lost.caption": (
        "Accounts whose churn date ({window} days after the last purchase, or the CRM's lost "
        "date) falls in {start} – {end}, as the overview counts them.",
        "Kunden, deren Abwanderungsdatum ({window} Tage nach dem letzten Kauf oder das "
        "Verlustdatum im CRM) in {start} – {end} fällt, wie in der Übersicht gezählt.",
    ),
    "retention.lost.tab.list": ("Lost accounts", "Verlorene Kunden"),
    "retention.lost.tab.reasons": ("Reasons and competitors", "Gründe und Wettbewerber"),
    "retention.lost.tab.over_time": ("Reasons over time", "Gründe im Zeitverlauf"),
    "retention.lost.tab.opportunities": ("Opportunities", "Verkaufschancen"),
    "retention.lost.by": ("Group by", "Gruppieren nach"),
    "retention.lost.measure": ("Order by", "Sortieren nach"),
    "retention.lost.none": ("No account was lost.", "Kein Kunde wurde verloren."),
    "retention.lost.coding": ("How well reasons are coded", "Wie gut Gründe erfasst sind"),
    "retention.lost.win_by": ("Win rates by", "Gewinnquoten nach"),
    "retention.lost.lost_opportunities": (
        "Lost opportunities by reason and competitor",
        "Verlorene Verkaufschancen nach Grund und Wettbewerber",
    ),
    # win-back
    "retention.winback.title": ("Win-back", "Rückgewinnung"),
    "retention.winback.classes": ("Reason classes", "Klassen der Verlustgründe"),
    "retention.winback.recoverable": (
        "Recoverable reasons (factor 1)",
        "Rückgewinnbare Gründe (Faktor 1)",
    ),
    "retention.winback.unrecoverable": (
        "Unrecoverable reasons (factor 0)",
        "Nicht rückgewinnbare Gründe (Faktor 0)",
    ),
    "retention.winback.unknown_factor": (
        "Factor of other reasons and of no reason",
        "Faktor für andere und fehlende Gründe",
    ),
    "retention.winback.half_life": (
        "Half-life of the value (days since the loss)",
        "Halbwertszeit des Werts (Tage seit Verlust)",
    ),
    "retention.winback.max_years": ("Look back (years)", "Rückblick (Jahre)"),
    "retention.winback.version": (
        "Saved version: {version} (0: the defaults).",
        "Gespeicherte Version: {version} (0: Vorgaben).",
    ),
    "retention.winback.candidates": ("Candidates", "Kandidaten"),
    "retention.winback.caption": (
        "Accounts lost in the last {years} years and not back: score = lost revenue × "
        "recoverability × 0.5 ^ (days since the loss / half-life).",
        "In den letzten {years} Jahren verlorene, nicht zurückgekehrte Kunden: Wert = "
        "verlorener Umsatz × Rückgewinnbarkeit × 0,5 ^ (Tage seit Verlust / Halbwertszeit).",
    ),
    "retention.winback.history": ("Win-back so far", "Bisherige Rückgewinnung"),
    "retention.winback.recent_note": (
        "Accounts lost recently have had less time to come back.",
        "Kürzlich verlorene Kunden hatten weniger Zeit zurückzukehren.",
    ),
    "retention.winback.reactivated": ("Accounts won back", "Zurückgewonnene Kunden"),
    # early warning
    "retention.risk.title": ("Early warning", "Frühwarnung"),
    "retention.risk.weights": ("Factor weights", "Gewichte der Faktoren"),
    "retention.risk.version": (
        "Saved version: {version} (0: the defaults).",
        "Gespeicherte Version: {version} (0: Vorgaben).",
    ),
    "retention.risk.mean": ("Mean risk score", "Mittlerer Risikowert"),
    "retention.risk.high": ("Accounts at 50 or more", "Kunden ab 50"),
    "retention.risk.high.help": (
        "Customers whose risk score is 50 or higher.",
        "Kunden mit einem Risikowert von 50 oder mehr.",
    ),
    "retention.risk.customers": ("Customers scored", "Bewertete Kunden"),
    "retention.risk.list": ("Customers by risk", "Kunden nach Risiko"),
    "retention.risk.backtest": ("Backtest", "Rückblickender Test"),
    "retention.risk.as_of": ("Score as of", "Bewertet zum"),
    "retention.risk.as_of.help": (
        "The score uses only what was known on that day; the test then looks {window} days ahead.",
        "Der Wert nutzt nur, was an dem Tag bekannt war; der Test schaut dann {window} Tage "
        "voraus.",
    ),
    "retention.risk.auc_trend": ("ROC AUC, revenue trend alone", "ROC AUC, nur Umsatztrend"),
    "retention.risk.lift_trend": ("Lift, revenue trend alone", "Lift, nur Umsatztrend"),
    "retention.risk.trend.help": (
        "The same test for a score that ranks by the fall in revenue alone (last 12 months "
        "against the 12 before).",
        "Derselbe Test für eine Rangfolge allein nach dem Umsatzrückgang (letzte 12 Monate "
        "gegenüber den 12 davor).",
    ),
    "retention.risk.backtest.caption": (
        "Left: the share that churned within W, per band of the score. Right: how many of "
        "those who churned each score flags against how many of those who stayed. Contact "
        "attitudes carry no date, so the backtest leaves them out.",
        "Links: Anteil der innerhalb von W Abgewanderten je Band des Werts. Rechts: wie viele "
        "der Abgewanderten jeder Wert markiert, gegenüber den Gebliebenen. Kontakt-"
        "Einstellungen haben kein Datum, der Test lässt sie daher weg.",
    ),
    "retention.factor.recency": ("Recency vs usual interval", "Letzter Kauf vs. üblicher Abstand"),
    "retention.factor.recency.help": (
        "Days since the last purchase over the account's usual interval: 0 points on time, "
        "100 at three intervals.",
        "Tage seit dem letzten Kauf geteilt durch den üblichen Abstand: 0 Punkte pünktlich, "
        "100 bei drei Abständen.",
    ),
    "retention.factor.revenue_trend": ("Revenue trend", "Umsatztrend"),
    "retention.factor.revenue_trend.help": (
        "Revenue of the last 12 months against the 12 before: 100 points at a fall by half.",
        "Umsatz der letzten 12 Monate gegenüber den 12 davor: 100 Punkte bei Halbierung.",
    ),
    "retention.factor.order_frequency": ("Order frequency", "Bestellhäufigkeit"),
    "retention.factor.order_frequency.help": (
        "Purchases in the last 12 months: one is 100 points, twelve or more 0.",
        "Käufe in den letzten 12 Monaten: einer 100 Punkte, zwölf oder mehr 0.",
    ),
    "retention.factor.product_breadth": ("Product-group breadth", "Breite der Produktgruppen"),
    "retention.factor.product_breadth.help": (
        "Product groups bought in the last 12 months: one is 100 points, four or more 0.",
        "In 12 Monaten gekaufte Produktgruppen: eine 100 Punkte, vier oder mehr 0.",
    ),
    "retention.factor.complaints": ("Complaints", "Reklamationen"),
    "retention.factor.complaints.help": (
        "Complaints in the last 6 months: 50 points each, at most 100.",
        "Reklamationen der letzten 6 Monate: je 50 Punkte, höchstens 100.",
    ),
    "retention.factor.touchpoint_gap": ("Days since a touchpoint", "Tage seit Kontakt"),
    "retention.factor.touchpoint_gap.help": (
        "Days since the last touchpoint: 0 points up to 90 days, 100 at a year or without one.",
        "Tage seit dem letzten Kontakt: 0 Punkte bis 90 Tage, 100 ab einem Jahr oder ohne.",
    ),
    "retention.factor.lost_opportunities": (
        "Lost opportunities",
        "Verlorene Verkaufschancen",
    ),
    "retention.factor.lost_opportunities.help": (
        "Share of lost among the opportunities closed in the last two years.",
        "Anteil verlorener an den in zwei Jahren abgeschlossenen Verkaufschancen.",
    ),
    "retention.factor.contact_attitude": (
        "Attitude of key contacts",
        "Haltung der Schlüsselkontakte",
    ),
    "retention.factor.contact_attitude.help": (
        "The attitude of the most influential contacts: mentor 0 .. enemy 100 points.",
        "Haltung der einflussreichsten Kontakte: Mentor 0 .. Gegner 100 Punkte.",
    ),
    # column labels
    "retention.col.abc_class": ("ABC class", "ABC-Klasse"),
    "retention.col.accounts": ("Accounts", "Kunden"),
    "retention.col.active_accounts": ("Active accounts", "Aktive Kunden"),
    "retention.col.band": ("Score band", "Wertband"),
    "retention.col.base_accounts": ("Active before", "Zuvor aktiv"),
    "retention.col.base_revenue": ("Revenue before", "Umsatz zuvor"),
    "retention.col.churn_date": ("Churn date", "Abwanderungsdatum"),
    "retention.col.churn_rate": ("Churn rate", "Abwanderungsquote"),
    "retention.col.churn_source": ("Churn by", "Abwanderung durch"),
    "retention.col.churned": ("Churned", "Abgewandert"),
    "retention.col.cohort_accounts": ("Cohort size", "Kohortengröße"),
    "retention.col.cohort_start": ("Cohort", "Kohorte"),
    "retention.col.competitor": ("Competitor", "Wettbewerber"),
    "retention.col.complaints_6m": ("Complaints, 6 months", "Reklamationen, 6 Monate"),
    "retention.col.contraction": ("Contraction", "Rückgang"),
    "retention.col.cumulative_share": ("Cumulative share", "Kumulierter Anteil"),
    "retention.col.customer_retention": ("Customer retention", "Kundenbindung"),
    "retention.col.customer_retention_rate": ("Customer retention rate", "Kundenbindungsquote"),
    "retention.col.days_away": ("Days away", "Tage weg"),
    "retention.col.days_since_loss": ("Days since the loss", "Tage seit Verlust"),
    "retention.col.days_since_purchase": ("Days since the last purchase", "Tage seit letztem Kauf"),
    "retention.col.drivers": ("Drivers (points)", "Treiber (Punkte)"),
    "retention.col.end": ("End", "Ende"),
    "retention.col.expansion": ("Expansion", "Ausweitung"),
    "retention.col.gross_revenue_retention": ("GRR", "GRR"),
    "retention.col.is_complete": ("Whole period", "Ganze Periode"),
    "retention.col.last_purchase_date": ("Last purchase", "Letzter Kauf"),
    "retention.col.lost": ("Lost", "Verloren"),
    "retention.col.lost_accounts": ("Lost accounts", "Verlorene Kunden"),
    "retention.col.lost_reason": ("Lost reason", "Verlustgrund"),
    "retention.col.lost_revenue": ("Lost revenue (12 months)", "Verlorener Umsatz (12 Monate)"),
    "retention.col.lost_to_competitor": ("Lost to", "Verloren an"),
    "retention.col.lost_value": ("Lost value", "Verlorener Wert"),
    "retention.col.mean_score": ("Mean score", "Mittlerer Wert"),
    "retention.col.median_days": ("Median lifetime (days)", "Median-Lebensdauer (Tage)"),
    "retention.col.median_lower": ("Median, lower 95 %", "Median, untere 95 %"),
    "retention.col.median_upper": ("Median, upper 95 %", "Median, obere 95 %"),
    "retention.col.model": ("Model", "Modell"),
    "retention.col.net_retained_revenue": ("Revenue kept, net", "Gehaltener Umsatz, netto"),
    "retention.col.net_revenue_retention": ("NRR", "NRR"),
    "retention.col.new": ("New", "Neu"),
    "retention.col.opportunities": ("Opportunities", "Verkaufschancen"),
    "retention.col.other_reason": ("Coded 'other'", "Als 'sonstige' erfasst"),
    "retention.col.overall": ("All", "Alle"),
    "retention.col.period_end": ("Period end", "Periodenende"),
    "retention.col.period_offset": ("Periods after", "Perioden danach"),
    "retention.col.period_start": ("Period", "Periode"),
    "retention.col.rank": ("Rank", "Rang"),
    "retention.col.reactivated": ("Reactivated", "Reaktiviert"),
    "retention.col.recoverability": ("Recoverability", "Rückgewinnbarkeit"),
    "retention.col.retained_accounts": ("Retained", "Gehalten"),
    "retention.col.retained_revenue": ("Revenue kept, gross", "Gehaltener Umsatz, brutto"),
    "retention.col.returned_date": ("Back on", "Zurück am"),
    "retention.col.revenue_12m": ("Revenue, 12 months", "Umsatz, 12 Monate"),
    "retention.col.revenue_brought_back": ("Revenue brought back", "Zurückgeholter Umsatz"),
    "retention.col.revenue_prev_12m": ("Revenue, 12 months before", "Umsatz, 12 Monate davor"),
    "retention.col.revenue_retention": ("Revenue retention", "Umsatzbindung"),
    "retention.col.risk_score": ("Risk score", "Risikowert"),
    "retention.col.roc_auc": ("ROC AUC", "ROC AUC"),
    "retention.col.score": ("Win-back score", "Rückgewinnungswert"),
    "retention.col.start": ("Start", "Anfang"),
    "retention.col.survival_1y": ("Still a customer after 1 year", "Nach 1 Jahr noch Kunde"),
    "retention.col.survival_2y": ("After 2 years", "Nach 2 Jahren"),
    "retention.col.survival_3y": ("After 3 years", "Nach 3 Jahren"),
    "retention.col.time_factor": ("Time factor", "Zeitfaktor"),
    "retention.col.top_decile_lift": ("Top-decile lift", "Lift oberstes Zehntel"),
    "retention.col.uncoded_share": ("Share uncoded", "Anteil ohne Grund"),
    "retention.col.win_back_rate": ("Win-back rate", "Rückgewinnungsquote"),
    "retention.col.win_rate": ("Win rate", "Gewinnquote"),
    "retention.col.win_rate_value": ("Win rate by value", "Gewinnquote nach Wert"),
    "retention.col.without_reason": ("Without a reason", "Ohne Grund"),
    "retention.col.won": ("Won", "Gewonnen"),
    "retention.col.won_back": ("Won back", "Zurückgewonnen"),
    "retention.col.won_value": ("Won value", "Gewonnener Wert"),
}
