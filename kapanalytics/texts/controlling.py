"""The words of the controlling pages: ABC analysis, share of wallet, profitability, budget."""

# key -> (English, German). Placeholders in braces are filled by ``t(..., name=value)``.
TEXTS: dict[str, tuple[str, str]] = {
    # navigation
    "controlling.page.abc": ("ABC analysis", "ABC-Analyse"),
    "controlling.page.potential": ("Share of wallet", "Share of Wallet"),
    "controlling.page.profitability": ("Profitability", "Profitabilität"),
    "controlling.page.budget": ("Budget vs actual", "Budget vs. Ist"),
    # shared controls and tables
    "controlling.measure": ("Measure", "Kennzahl"),
    "controlling.measure.revenue": ("Revenue", "Umsatz"),
    "controlling.measure.contribution_margin": ("Contribution margin", "Deckungsbeitrag"),
    "controlling.measure.order_count": ("Orders", "Aufträge"),
    "controlling.level": ("Level", "Ebene"),
    "controlling.level.account": ("Accounts", "Kunden"),
    "controlling.level.group": ("Groups", "Konzerne"),
    "controlling.threshold_a": ("Threshold a", "Schwelle a"),
    "controlling.threshold_b": ("Threshold b", "Schwelle b"),
    "controlling.threshold_help": (
        "An account is A while the share of the accounts ranked before it is below a, B while "
        "below b, else C (0 < a <= b <= 1).",
        "Ein Kunde ist A, solange der Anteil der vor ihm gereihten Kunden unter a liegt, B "
        "unter b, sonst C (0 < a <= b <= 1).",
    ),
    "controlling.class_name": ("Class {abc_class}", "Klasse {abc_class}"),
    "controlling.state.new": ("New", "Neu"),
    "controlling.state.lost": ("Lost", "Verloren"),
    "controlling.search": ("Search", "Suche"),
    "controlling.search_hint": ("Account, name, ...", "Kunde, Name, ..."),
    "controlling.rows_shown": ("Rows shown", "Angezeigte Zeilen"),
    "controlling.showing": (
        "Showing {shown} of {total} rows; the downloads hold all {total}.",
        "{shown} von {total} Zeilen angezeigt; die Downloads enthalten alle {total}.",
    ),
    # chart words
    "controlling.chart.rank": ("Accounts by rank", "Kunden nach Rang"),
    "controlling.chart.equality": ("Equal distribution", "Gleichverteilung"),
    "controlling.chart.lorenz": ("Lorenz curve", "Lorenzkurve"),
    "controlling.chart.account_share": ("Share of accounts", "Anteil der Kunden"),
    "controlling.chart.measure_share": ("Share of the measure", "Anteil der Kennzahl"),
    "controlling.chart.before": ("before", "vorher"),
    "controlling.chart.after": ("now", "jetzt"),
    "controlling.chart.money": ("Amount", "Betrag"),
    "controlling.chart.white_space_cell": ("White space", "White Space"),
    "controlling.chart.cumulative_cm2": ("Cumulative CM II", "Kumulierter DB II"),
    "controlling.chart.total_cm2": ("Total CM II", "DB II gesamt"),
    "controlling.chart.peak": ("Peak", "Gipfel"),
    "controlling.chart.accounts_by_cm2": (
        "Accounts ranked by CM II, highest first",
        "Kunden nach DB II, höchster zuerst",
    ),
    "controlling.chart.actual": ("Actual", "Ist"),
    # column labels
    "controlling.col.accounts": ("Accounts", "Kunden"),
    "controlling.col.members": ("Accounts in it", "Kunden darin"),
    "controlling.col.rank": ("Rank", "Rang"),
    "controlling.col.account_share": ("Share of accounts", "Anteil Kunden"),
    "controlling.col.measure_share": ("Share of the measure", "Anteil Kennzahl"),
    "controlling.col.order_count_share": ("Share of orders", "Anteil Aufträge"),
    "controlling.col.contribution_margin_share": ("Share of margin", "Anteil Deckungsbeitrag"),
    "controlling.col.revenue_class": ("Revenue class", "Umsatzklasse"),
    "controlling.col.margin_class": ("Margin class", "DB-Klasse"),
    "controlling.col.class_before": ("Class before", "Klasse vorher"),
    "controlling.col.class_after": ("Class now", "Klasse jetzt"),
    "controlling.col.measure_before": ("Measure before", "Kennzahl vorher"),
    "controlling.col.measure_after": ("Measure now", "Kennzahl jetzt"),
    "controlling.col.employees": ("Employees", "Mitarbeiter"),
    "controlling.col.size_band": ("Size band", "Größenklasse"),
    "controlling.col.peers_buying": ("Peers that buy", "Käufer darunter"),
    "controlling.col.peer_median_employees": (
        "Median employees of buying peers",
        "Median Mitarbeiter der Käufer",
    ),
    "controlling.col.group_revenue": ("Revenue in the group", "Umsatz in der Warengruppe"),
    "controlling.col.buys_group": ("Buys the group", "Kauft die Warengruppe"),
    "controlling.col.is_high_potential": ("High potential", "Hohes Potenzial"),
    "controlling.col.treatment": ("Suggested treatment", "Empfohlene Behandlung"),
    "controlling.col.main_cost_driver": ("Main cost driver", "Größter Kostentreiber"),
    "controlling.col.cumulative_cm2": ("Cumulative CM II", "Kumulierter DB II"),
    "controlling.col.cumulative_cm2_share": ("Cumulative CM II %", "Kumulierter DB II %"),
    "controlling.col.budget": ("Budget", "Budget"),
    "controlling.col.actual": ("Actual", "Ist"),
    "controlling.col.variance": ("Variance", "Abweichung"),
    "controlling.col.variance_pct": ("Variance %", "Abweichung %"),
    "controlling.col.cumulative_budget": ("Cumulative budget", "Budget kumuliert"),
    "controlling.col.cumulative_actual": ("Cumulative actual", "Ist kumuliert"),
    "controlling.col.prior_year": ("Prior year, full", "Vorjahr gesamt"),
    "controlling.col.prior_ytd": ("Prior year, same months", "Vorjahr gleiche Monate"),
    "controlling.col.ytd_light": ("Light YTD", "Ampel lfd. Jahr"),
    "controlling.col.forecast_light": ("Light forecast", "Ampel Prognose"),
    "controlling.col.visit_count": ("Visits", "Besuche"),
    "controlling.col.meeting_count": ("Meetings", "Meetings"),
    "controlling.col.event_count": ("Events", "Veranstaltungen"),
    "controlling.col.call_count": ("Calls", "Anrufe"),
    "controlling.col.email_count": ("E-mails", "E-Mails"),
    "controlling.col.complaint_count": ("Complaints", "Reklamationen"),
    "controlling.col.service_count": ("Service cases", "Servicefälle"),
    "controlling.col.invoice_count": ("Invoices", "Rechnungen"),
    "controlling.col.visit_cost": ("Cost of visits", "Kosten Besuche"),
    "controlling.col.meeting_cost": ("Cost of meetings", "Kosten Meetings"),
    "controlling.col.event_cost": ("Cost of events", "Kosten Veranstaltungen"),
    "controlling.col.call_cost": ("Cost of calls", "Kosten Anrufe"),
    "controlling.col.email_cost": ("Cost of e-mails", "Kosten E-Mails"),
    "controlling.col.complaint_cost": ("Cost of complaints", "Kosten Reklamationen"),
    "controlling.col.service_cost": ("Cost of service cases", "Kosten Servicefälle"),
    "controlling.col.invoice_cost": ("Cost of invoices", "Kosten Rechnungen"),
    # ABC analysis
    "controlling.abc.title": ("ABC analysis", "ABC-Analyse"),
    "controlling.abc.caption.account": (
        "{measure}: {units} accounts ranked, {start} to {end}; every filtered account with an "
        "invoice line in the period.",
        "{measure}: {units} Kunden gereiht, {start} bis {end}; jeder gefilterte Kunde mit einer "
        "Rechnungsposition im Zeitraum.",
    ),
    "controlling.abc.caption.group": (
        "{measure}: {units} groups ranked, {start} to {end}; each group sums its filtered "
        "accounts with an invoice line in the period.",
        "{measure}: {units} Konzerne gereiht, {start} bis {end}; jeder Konzern summiert seine "
        "gefilterten Kunden mit einer Rechnungsposition im Zeitraum.",
    ),
    "controlling.abc.a_account_share": ("Class A: share of accounts", "Klasse A: Anteil Kunden"),
    "controlling.abc.a_revenue_share": ("Class A: share of revenue", "Klasse A: Anteil Umsatz"),
    "controlling.abc.a_accounts": (
        "{accounts} accounts in class A.",
        "{accounts} Kunden in Klasse A.",
    ),
    "controlling.abc.tab.pareto": ("Pareto", "Pareto"),
    "controlling.abc.tab.lorenz": ("Lorenz curve and Gini", "Lorenzkurve und Gini"),
    "controlling.abc.tab.grid": ("Revenue x margin", "Umsatz x Deckungsbeitrag"),
    "controlling.abc.tab.migration": ("Migration", "Wanderung"),
    "controlling.abc.tab.table": ("All accounts", "Alle Kunden"),
    "controlling.abc.summary": ("Class summary", "Klassenübersicht"),
    "controlling.abc.lorenz_caption": (
        "Accounts sorted from the smallest: the further the curve sags below the diagonal, the "
        "more the measure is concentrated on few accounts.",
        "Kunden vom kleinsten an sortiert: je weiter die Kurve unter der Diagonale durchhängt, "
        "desto stärker ballt sich die Kennzahl auf wenige Kunden.",
    ),
    "controlling.abc.revenue_class": ("Revenue class", "Umsatzklasse"),
    "controlling.abc.margin_class": ("Margin class", "DB-Klasse"),
    "controlling.abc.grid_caption": (
        "Accounts per revenue class and contribution-margin class (same accounts, same "
        "thresholds). Revenue A with margin C brings revenue but no margin; revenue C with "
        "margin A the reverse.",
        "Kunden je Umsatzklasse und Deckungsbeitragsklasse (dieselben Kunden, dieselben "
        "Schwellen). Umsatz A mit DB C bringt Umsatz, aber keinen Deckungsbeitrag; Umsatz C "
        "mit DB A umgekehrt.",
    ),
    "controlling.abc.cell_accounts": (
        "**Accounts in the cell {row} → {column}**",
        "**Kunden in der Zelle {row} → {column}**",
    ),
    "controlling.abc.class_before": ("Class before", "Klasse vorher"),
    "controlling.abc.margin_column": ("Margin {abc_class}", "DB {abc_class}"),
    "controlling.abc.now_column": ("Now {state}", "Jetzt {state}"),
    "controlling.abc.class_after": ("Class now", "Klasse jetzt"),
    "controlling.abc.migration_caption": (
        "The chosen period against the period of the same length before it ({start} to "
        "{end}), each classified on its own. New: no line before; lost: no line now.",
        "Der gewählte Zeitraum gegen den gleich langen Zeitraum davor ({start} bis {end}), "
        "jeder für sich klassifiziert. Neu: vorher keine Position; verloren: jetzt keine.",
    ),
    # share of wallet and white space
    "controlling.potential.title": (
        "Share of wallet and white space",
        "Share of Wallet und White Space",
    ),
    "controlling.potential.caption": (
        "{accounts} filtered accounts; revenue of the 12 months from {start} to {end} (ending "
        "with the chosen period) against the annual potential from the CRM.",
        "{accounts} gefilterte Kunden; Umsatz der 12 Monate von {start} bis {end} (bis zum "
        "Ende des gewählten Zeitraums) gegen das Jahrespotenzial aus dem CRM.",
    ),
    "controlling.potential.revenue_card": ("Revenue L12M", "Umsatz L12M"),
    "controlling.potential.totals": ("Where the potential lies", "Wo das Potenzial liegt"),
    "controlling.potential.by": ("Totals by", "Summen nach"),
    "controlling.potential.accounts": ("Accounts", "Kunden"),
    "controlling.potential.matrix": (
        "Revenue by account and product group",
        "Umsatz nach Kunde und Warengruppe",
    ),
    "controlling.potential.top_n": ("Accounts in the matrix", "Kunden in der Matrix"),
    "controlling.potential.min_peer_share": (
        "White space when more peers buy than",
        "White Space, wenn mehr Vergleichskunden kaufen als",
    ),
    "controlling.potential.min_peers": (
        "At least this many peers",
        "Mindestens so viele Vergleichskunden",
    ),
    "controlling.potential.rule_help": (
        "Peers are the other accounts of the same industry and size band (by employees) with "
        "revenue in the 12 months, among all accounts, whatever the filters.",
        "Vergleichskunden sind die anderen Kunden derselben Branche und Größenklasse (nach "
        "Mitarbeitern) mit Umsatz in den 12 Monaten, aus allen Kunden, unabhängig vom Filter.",
    ),
    "controlling.potential.matrix_caption": (
        "The accounts with the highest revenue of the 12 months. A diamond marks white space: "
        "a group the account buys nothing of while most of its peers buy it.",
        "Die Kunden mit dem höchsten Umsatz der 12 Monate. Eine Raute markiert White Space: "
        "eine Warengruppe, von der der Kunde nichts kauft, die meisten Vergleichskunden aber "
        "schon.",
    ),
    "controlling.potential.cross_sell": ("Cross-sell list", "Cross-Selling-Liste"),
    "controlling.potential.cross_sell_caption": (
        "Every white-space cell, ranked by expected value: the peers' median spend in the "
        "group, scaled to the account's size (employees).",
        "Jede White-Space-Zelle, nach erwartetem Wert gereiht: Median-Umsatz der "
        "Vergleichskunden in der Warengruppe, auf die Größe des Kunden (Mitarbeiter) skaliert.",
    ),
    "controlling.potential.pick_cell": ("Show the peers of", "Vergleichskunden zeigen für"),
    "controlling.potential.peers_of": (
        "**Peers of {name} for {group}**: {industry}, {band} employees.",
        "**Vergleichskunden von {name} für {group}**: {industry}, {band} Mitarbeiter.",
    ),
    # profitability and cost to serve
    "controlling.profitability.title": (
        "Profitability and cost to serve",
        "Profitabilität und Betreuungskosten",
    ),
    "controlling.profitability.rates": ("Cost rates", "Kostensätze"),
    "controlling.profitability.rates_caption": (
        "Cost per activity and per invoice. The defaults are an assumption for a mid-sized "
        "B2B supplier; enter your own figures from cost-centre accounting.",
        "Kosten je Aktivität und je Rechnung. Die Vorgaben sind eine Annahme für einen "
        "mittelständischen B2B-Lieferanten; tragen Sie Ihre Werte aus der "
        "Kostenstellenrechnung ein.",
    ),
    "controlling.profitability.caption": (
        "{accounts} filtered accounts with invoice lines from {start} to {end}. CM II = CM I "
        "- cost to serve; classes by revenue with a = 80 %, b = 95 %.",
        "{accounts} gefilterte Kunden mit Rechnungspositionen von {start} bis {end}. DB II = "
        "DB I - Betreuungskosten; Klassen nach Umsatz mit a = 80 %, b = 95 %.",
    ),
    "controlling.profitability.no_costs": (
        "No invoice line of these accounts has a cost of goods, so contribution margins I and "
        "II are unknown; the cost to serve is shown.",
        "Keine Rechnungsposition dieser Kunden hat einen Wareneinsatz, daher sind "
        "Deckungsbeitrag I und II unbekannt; die Betreuungskosten werden gezeigt.",
    ),
    "controlling.profitability.whale": ("Whale curve", "Walkurve"),
    "controlling.profitability.whale_caption": (
        "The {accounts} most profitable accounts earn {peak}; the portfolio keeps {total}. "
        "Everything after the peak destroys profit.",
        "Die {accounts} profitabelsten Kunden verdienen {peak}; dem Portfolio bleiben {total}. "
        "Alles nach dem Gipfel vernichtet Gewinn.",
    ),
    "controlling.profitability.by_class": (
        "Profitability by ABC class",
        "Profitabilität nach ABC-Klasse",
    ),
    "controlling.profitability.loss_makers": (
        "Loss-making accounts and their cost drivers",
        "Verlustkunden und ihre Kostentreiber",
    ),
    "controlling.profitability.c_customers": ("C-customers", "C-Kunden"),
    "controlling.profitability.rule": (
        "Rule for each C-customer, the first that applies: **develop** when its annual "
        "potential is at least {threshold} (the smallest revenue of an A-customer: tomorrow's "
        "key account); **review prices** when CM I < 0; **inside sales or web shop** when CM "
        "II < 0; else **keep** the standard service.",
        "Regel je C-Kunde, die erste zutreffende: **entwickeln**, wenn sein Jahrespotenzial "
        "mindestens {threshold} beträgt (der kleinste Umsatz eines A-Kunden: künftiger Key "
        "Account); **Preise prüfen**, wenn DB I < 0; **Innendienst oder Webshop**, wenn DB II "
        "< 0; sonst **Standardbetreuung beibehalten**.",
    ),
    "controlling.profitability.treatments": ("Show treatments", "Behandlungen zeigen"),
    "controlling.profitability.all_accounts": ("All accounts", "Alle Kunden"),
    "controlling.treatment.develop": ("Develop", "Entwickeln"),
    "controlling.treatment.review_prices": ("Review prices", "Preise prüfen"),
    "controlling.treatment.inside_sales": ("Inside sales / web shop", "Innendienst / Webshop"),
    "controlling.treatment.keep": ("Keep standard service", "Standardbetreuung"),
    "controlling.treatment.develop.help": (
        "High potential: tomorrow's key account, worth an account plan.",
        "Hohes Potenzial: künftiger Key Account, einen Kundenplan wert.",
    ),
    "controlling.treatment.review_prices.help": (
        "CM I below zero: the account loses money on the goods themselves.",
        "DB I unter null: der Kunde bringt schon auf die Ware Verlust.",
    ),
    "controlling.treatment.inside_sales.help": (
        "CM II below zero: serve by inside sales or the web shop, no field visits, fewer and "
        "larger orders.",
        "DB II unter null: über Innendienst oder Webshop betreuen, keine Außendienstbesuche, "
        "weniger und größere Aufträge.",
    ),
    "controlling.treatment.keep.help": (
        "Profitable with little potential: keep the standard service.",
        "Profitabel mit wenig Potenzial: Standardbetreuung beibehalten.",
    ),
    "controlling.driver.visit": ("Visit", "Besuch"),
    "controlling.driver.meeting": ("Meeting", "Meeting"),
    "controlling.driver.event": ("Event", "Veranstaltung"),
    "controlling.driver.call": ("Call", "Anruf"),
    "controlling.driver.email": ("E-mail", "E-Mail"),
    "controlling.driver.complaint": ("Complaint", "Reklamation"),
    "controlling.driver.service": ("Service case", "Servicefall"),
    "controlling.driver.invoice": ("Invoice", "Rechnung"),
    # budget vs actual
    "controlling.budget.title": ("Budget vs actual", "Budget vs. Ist"),
    "controlling.budget.no_budgets": (
        "There are no budgets yet. Import them into the budgets table on the Data page.",
        "Es gibt noch keine Budgets. Importieren Sie sie auf der Seite Daten in die Tabelle "
        "budgets.",
    ),
    "controlling.budget.year": ("Budget year", "Budgetjahr"),
    "controlling.budget.green_from": ("Green from", "Grün ab"),
    "controlling.budget.amber_from": ("Amber from", "Gelb ab"),
    "controlling.budget.lights_help": (
        "Attainment (actual / budget) from which a light is green or amber; below amber it "
        "is red. 1.0 = 100 %.",
        "Zielerreichung (Ist / Budget), ab der die Ampel grün bzw. gelb ist; darunter rot. "
        "1,0 = 100 %.",
    ),
    "controlling.budget.caption": (
        "{year}: {months} closed months up to {as_of}. Key accounts and accounts with a "
        "budget, as the filters choose them (the period filter does not apply). Lights: "
        "green from {green}, amber from {amber} attainment.",
        "{year}: {months} abgeschlossene Monate bis {as_of}. Key Accounts und Kunden mit "
        "Budget, wie die Filter sie wählen (der Zeitraumfilter gilt hier nicht). Ampel: grün "
        "ab {green}, gelb ab {amber} Zielerreichung.",
    ),
    "controlling.budget.forecast_caption": (
        "Forecast for the open months: run rate = the average of the closed months; seasonal "
        "= the prior year's same month, scaled by this year's actual over the prior year's "
        "same months.",
        "Prognose der offenen Monate: Run-Rate = Durchschnitt der abgeschlossenen Monate; "
        "saisonal = derselbe Vorjahresmonat, skaliert mit Ist dieses Jahres geteilt durch "
        "dieselben Vorjahresmonate.",
    ),
    "controlling.budget.accounts": ("Key accounts", "Key Accounts"),
    "controlling.budget.drill_down": ("One account", "Ein Kunde"),
    "controlling.budget.account": ("Account", "Kunde"),
    "controlling.budget.product_group": ("Months of", "Monate von"),
    "controlling.budget.all_groups": ("All product groups", "Alle Warengruppen"),
    "controlling.budget.account_help": (
        "Listed with the largest shortfall against the budget first.",
        "Sortiert mit dem größten Rückstand zum Budget zuerst.",
    ),
    "controlling.budget.account_heading": (
        "**{name}**, owner {owner}: {light}",
        "**{name}**, Betreuer {owner}: {light}",
    ),
    "controlling.budget.count": (
        "{accounts} accounts with a budget or key-account status.",
        "{accounts} Kunden mit Budget oder Key-Account-Status.",
    ),
    "controlling.light.green": ("Green: on budget", "Grün: im Budget"),
    "controlling.light.amber": ("Amber: slightly behind", "Gelb: leicht zurück"),
    "controlling.light.red": ("Red: behind", "Rot: deutlich zurück"),
    "controlling.light.none": ("no budget", "kein Budget"),
}
