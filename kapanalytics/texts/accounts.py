"""The words of the account pages: account 360, power map, the key-account plan, plans."""

# key -> (English, German). Placeholders in braces are filled by ``t(..., name=value)``.
TEXTS: dict[str, tuple[str, str]] = {
    # navigation
    "accounts.nav": ("Accounts", "Kunden"),
    "accounts.page.360": ("Account 360", "Kunde 360°"),
    "accounts.page.power_map": ("Power map", "Power Map"),
    "accounts.page.plan": ("Key-account plan", "Key-Account-Plan"),
    "accounts.page.plans": ("Plans", "Pläne"),
    # picking an account, the user's name
    "accounts.search": ("Search account", "Kunde suchen"),
    "accounts.search.placeholder": ("Id or part of the name", "Nummer oder Teil des Namens"),
    "accounts.search.help": (
        "Type an account id or part of a name; the list shows the first 50 matches, key "
        "accounts and large accounts first. The sidebar's filters narrow it.",
        "Kundennummer oder Teil des Namens eingeben; die Liste zeigt die ersten 50 Treffer, "
        "Key Accounts und große Kunden zuerst. Die Filter der Seitenleiste grenzen sie ein.",
    ),
    "accounts.search.none": (
        "No account matches the search and the filters.",
        "Kein Kunde passt zu Suche und Filtern.",
    ),
    "accounts.account": ("Account", "Kunde"),
    "accounts.author": ("Your name", "Ihr Name"),
    "accounts.author.help": (
        "Saved with every plan version and every contact you change.",
        "Wird mit jeder Planversion und jeder Kontaktänderung gespeichert.",
    ),
    "accounts.yes": ("yes", "ja"),
    "accounts.no": ("no", "nein"),
    # account 360
    "accounts.360.caption": (
        "{account_id} · {industry} · {country} · owner {owner} · {group} · as of {as_of}, "
        "the last invoice date",
        "{account_id} · {industry} · {country} · Betreuer {owner} · {group} · Stand {as_of}, "
        "das letzte Rechnungsdatum",
    ),
    "accounts.360.in_group": ("part of {group}", "gehört zu {group}"),
    "accounts.360.divisions": ("{count} divisions", "{count} Divisionen"),
    "accounts.360.standalone": ("no group", "kein Konzern"),
    "accounts.360.key_status": ("Key account since", "Key Account seit"),
    "accounts.360.no_key_account": ("no key account", "kein Key Account"),
    "accounts.360.key_help": (
        "The account's latest key-account decision by sales leadership.",
        "Die letzte Key-Account-Entscheidung der Vertriebsleitung zu diesem Kunden.",
    ),
    "accounts.360.selection_class": ("Selection class: {name}", "Auswahlklasse: {name}"),
    "accounts.360.key_figures": ("Key figures over five years", "Kennzahlen über fünf Jahre"),
    "accounts.360.key_figures_caption": (
        "Each bar pair is a 12-month window ending on the analysis date; grey is the median of "
        "the other accounts of the same industry that bought in that window.",
        "Jedes Balkenpaar ist ein 12-Monats-Fenster bis zum Analysedatum; grau ist der Median "
        "der anderen Kunden derselben Branche, die in diesem Fenster gekauft haben.",
    ),
    "accounts.360.key_figures_table": ("The figures as a table", "Die Kennzahlen als Tabelle"),
    "accounts.360.product_groups": ("Revenue by product group", "Umsatz nach Warengruppe"),
    "accounts.360.white_space": ("White space against peers", "White Space im Vergleich mit Peers"),
    "accounts.360.no_white_space": (
        "No product group that most of its peers buy is missing here.",
        "Es fehlt keine Warengruppe, die die meisten vergleichbaren Kunden kaufen.",
    ),
    "accounts.360.opportunities": ("Opportunities", "Verkaufschancen"),
    "accounts.360.won_opportunities": ("Won", "Gewonnen"),
    "accounts.360.lost_opportunities": ("Lost", "Verloren"),
    "accounts.360.won_lost_help": (
        "Opportunities won or lost with a close date in the last three years.",
        "Gewonnene oder verlorene Verkaufschancen mit Abschlussdatum in den letzten drei Jahren.",
    ),
    "accounts.360.budget": ("Budget vs actual", "Budget vs. Ist"),
    "accounts.360.no_budget": ("No budget for {year}.", "Kein Budget für {year}."),
    "accounts.360.touchpoints": ("Touchpoints", "Kontaktpunkte"),
    "accounts.360.cadence_class": ("Visit cadence", "Besuchsrhythmus"),
    "accounts.360.cadence_help": (
        "Key accounts are visited monthly (12 visits or meetings a year), A accounts quarterly "
        "(4), B accounts twice a year, C accounts once.",
        "Key Accounts werden monatlich besucht (12 Besuche oder Meetings im Jahr), A-Kunden "
        "quartalsweise (4), B-Kunden zweimal im Jahr, C-Kunden einmal.",
    ),
    "accounts.360.target": ("target {target} a year", "Ziel {target} pro Jahr"),
    "accounts.360.behind": (
        "Behind the cadence: {done} visits and meetings in the last 12 months against a "
        "target of {target}, or the last one longer ago than the target interval.",
        "Hinter dem Kontaktrhythmus: {done} Besuche und Meetings in den letzten 12 Monaten "
        "bei einem Ziel von {target}, oder der letzte länger her als das Zielintervall.",
    ),
    "accounts.360.decision_makers": (
        "Days since the last contact with each decision maker",
        "Tage seit dem letzten Kontakt mit jedem Entscheider",
    ),
    "accounts.360.no_decision_maker": (
        "No contact of this account holds the role decision maker.",
        "Kein Kontakt dieses Kunden hat die Rolle Entscheider.",
    ),
    "accounts.360.timeline": (
        "All {count} touchpoints of the last 24 months",
        "Alle {count} Kontaktpunkte der letzten 24 Monate",
    ),
    "accounts.360.divisions_title": (
        "Potential portfolio of divisions",
        "Potenzialportfolio der Divisionen",
    ),
    "accounts.360.no_divisions": (
        "This account belongs to no group with divisions.",
        "Dieser Kunde gehört zu keinem Konzern mit Divisionen.",
    ),
    "accounts.cadence.key_account": ("monthly", "monatlich"),
    "accounts.cadence.A": ("quarterly", "quartalsweise"),
    "accounts.cadence.B": ("twice a year", "zweimal jährlich"),
    "accounts.cadence.C": ("once a year", "einmal jährlich"),
    "accounts.cadence.key_account.help": (
        "A key account: visited monthly.",
        "Ein Key Account: monatlich besucht.",
    ),
    "accounts.cadence.A.help": (
        "An A account: visited quarterly.",
        "Ein A-Kunde: quartalsweise besucht.",
    ),
    "accounts.cadence.B.help": (
        "A B account: visited twice a year.",
        "Ein B-Kunde: zweimal jährlich besucht.",
    ),
    "accounts.cadence.C.help": (
        "A C account: visited once a year.",
        "Ein C-Kunde: einmal jährlich besucht.",
    ),
    "accounts.light.green": ("on budget", "im Budget"),
    "accounts.light.amber": ("slightly below budget", "knapp unter Budget"),
    "accounts.light.red": ("below budget", "unter Budget"),
    "accounts.figure.revenue": ("Revenue", "Umsatz"),
    "accounts.figure.contribution_margin": ("Contribution margin", "Deckungsbeitrag"),
    "accounts.figure.share_of_wallet": ("Share of wallet", "Share of Wallet"),
    "accounts.figure.order_count": ("Orders", "Aufträge"),
    "accounts.status.open": ("open", "offen"),
    "accounts.status.won": ("won", "gewonnen"),
    "accounts.status.lost": ("lost", "verloren"),
    "accounts.type.visit": ("Visit", "Besuch"),
    "accounts.type.meeting": ("Meeting", "Meeting"),
    "accounts.type.call": ("Call", "Anruf"),
    "accounts.type.email": ("Email", "E-Mail"),
    "accounts.type.event": ("Event", "Veranstaltung"),
    "accounts.type.complaint": ("Complaint", "Reklamation"),
    "accounts.type.service": ("Service", "Service"),
    # charts
    "accounts.chart.this_account": ("This account", "Dieser Kunde"),
    "accounts.chart.cadence_target": (
        "target: visits and meetings a month",
        "Ziel: Besuche und Meetings pro Monat",
    ),
    "accounts.chart.touchpoints": ("Touchpoints", "Kontaktpunkte"),
    "accounts.chart.company": ("Company", "Unternehmen"),
    "accounts.chart.attitude_axis": ("Attitude toward us", "Einstellung zu uns"),
    "accounts.chart.hover_person": (
        "Role: %{customdata[2]} · influence %{customdata[3]} · %{customdata[4]}<br>"
        "Our owner: %{customdata[5]}<br>Last contact: %{customdata[6]} (%{customdata[7]} days)",
        "Rolle: %{customdata[2]} · Einfluss %{customdata[3]} · %{customdata[4]}<br>"
        "Unser Betreuer: %{customdata[5]}<br>Letzter Kontakt: %{customdata[6]} "
        "(%{customdata[7]} Tage)",
    ),
    "accounts.attitude.mentor": ("Mentor", "Mentor"),
    "accounts.attitude.positive": ("Positive", "Positiv"),
    "accounts.attitude.neutral": ("Neutral", "Neutral"),
    "accounts.attitude.negative": ("Negative", "Negativ"),
    "accounts.attitude.enemy": ("Enemy", "Gegner"),
    "accounts.attitude.unknown": ("Unknown", "Unbekannt"),
    "accounts.freshness.fresh": ("fresh", "aktuell"),
    "accounts.freshness.ageing": ("ageing", "veraltend"),
    "accounts.freshness.stale": ("stale", "veraltet"),
    "accounts.freshness.never": ("never", "nie"),
    # divisions
    "accounts.quadrant.focus": ("Focus", "Fokus"),
    "accounts.quadrant.win_over": ("Win over", "Gewinnen"),
    "accounts.quadrant.reference": ("Reference", "Referenz"),
    "accounts.quadrant.observe": ("Observe", "Beobachten"),
    "accounts.quadrant.focus.guidance": (
        "High potential and a positive attitude: put the team's time here.",
        "Hohes Potenzial und positive Einstellung: hier die Zeit des Teams einsetzen.",
    ),
    "accounts.quadrant.win_over.guidance": (
        "High potential, attitude not yet positive: build relationships before big offers.",
        "Hohes Potenzial, Einstellung noch nicht positiv: erst Beziehungen aufbauen, dann "
        "große Angebote.",
    ),
    "accounts.quadrant.reference.guidance": (
        "Small but positive: use it as a reference for the other divisions.",
        "Klein, aber positiv: als Referenz für die anderen Divisionen nutzen.",
    ),
    "accounts.quadrant.observe.guidance": (
        "Small and not positive: serve efficiently, watch for change.",
        "Klein und nicht positiv: effizient bedienen, auf Veränderungen achten.",
    ),
    # power map
    "accounts.map.include_divisions": (
        "Include the divisions' people",
        "Personen der Divisionen einbeziehen",
    ),
    "accounts.map.caption": (
        "{count} people. Colour: attitude toward us; size: influence (1..5). Days are counted "
        "to {as_of}, the last invoice date.",
        "{count} Personen. Farbe: Einstellung zu uns; Größe: Einfluss (1..5). Tage zählen bis "
        "{as_of}, dem letzten Rechnungsdatum.",
    ),
    "accounts.map.warnings": ("{count} warnings:", "{count} Warnungen:"),
    "accounts.map.no_warnings": (
        "No warnings: decision makers reached, several threads, no influential opponent, "
        "every role covered.",
        "Keine Warnungen: Entscheider erreicht, mehrere Kontaktfäden, kein einflussreicher "
        "Gegner, alle Rollen abgedeckt.",
    ),
    "accounts.map.legend": (
        "Hover a person for role, influence, attitude, our relationship owner and the last "
        "contact. Lines lead from a manager to the people who report to them; a red ring marks "
        "a person named in a warning.",
        "Mit der Maus über einer Person: Rolle, Einfluss, Einstellung, unser Betreuer und "
        "letzter Kontakt. Linien führen von der Führungskraft zu ihren Mitarbeitenden; ein "
        "roter Ring markiert eine Person aus einer Warnung.",
    ),
    "accounts.map.edit": ("Edit contacts", "Kontakte bearbeiten"),
    "accounts.map.edit_caption": (
        "Change role, influence, attitude or our owner and save. Your edit stays in force even "
        "when the CRM is imported again; where the CRM has changed a value since, the column "
        "'CRM changed' names it.",
        "Rolle, Einfluss, Einstellung oder Betreuer ändern und speichern. Ihre Änderung gilt "
        "auch nach einem neuen CRM-Import; hat das CRM einen Wert seitdem geändert, nennt ihn "
        "die Spalte 'CRM geändert'.",
    ),
    "accounts.map.changes": ("{count} changed fields", "{count} geänderte Felder"),
    "accounts.map.save": ("Save contacts", "Kontakte speichern"),
    "accounts.map.saved": ("{count} fields saved.", "{count} Felder gespeichert."),
    "accounts.map.history": ("Edits made in the app", "Änderungen in der App"),
    "accounts.warning.decision_maker_not_contacted": (
        "No contact with decision maker {contact} for more than 90 days ({days} days; our "
        "owner: {owner}).",
        "Seit über 90 Tagen kein Kontakt mit Entscheider {contact} ({days} Tage; unser "
        "Betreuer: {owner}).",
    ),
    "accounts.warning.decision_maker_never_contacted": (
        "Decision maker {contact} has never been contacted (our owner: {owner}).",
        "Entscheider {contact} wurde noch nie kontaktiert (unser Betreuer: {owner}).",
    ),
    "accounts.warning.single_thread": (
        "Single thread: {threads} of their people reached by someone of ours in the last 180 "
        "days ({contact}, owner {owner}). Reach more people.",
        "Nur ein Kontaktfaden: {threads} ihrer Personen in den letzten 180 Tagen von uns "
        "erreicht ({contact}, Betreuer {owner}). Mehr Personen ansprechen.",
    ),
    "accounts.warning.influential_opponent": (
        "Highly influential opponent: {contact} (influence {influence}, {attitude}; our owner: "
        "{owner}).",
        "Einflussreicher Gegner: {contact} (Einfluss {influence}, {attitude}; unser Betreuer: "
        "{owner}).",
    ),
    "accounts.warning.uncovered_roles": (
        "Roles no one of ours covers: {roles}.",
        "Rollen, die niemand von uns abdeckt: {roles}.",
    ),
    # the plan
    "accounts.plan.cover": (
        "Key-account manager {owner} · version {version}, saved by {saved_by} on {saved_at}",
        "Key-Account-Manager {owner} · Version {version}, gespeichert von {saved_by} am {saved_at}",
    ),
    "accounts.plan.cover_new": (
        "Key-account manager {owner} · no plan yet: write the first version below.",
        "Key-Account-Manager {owner} · noch kein Plan: unten die erste Version schreiben.",
    ),
    "accounts.plan.newer": (
        "Version {version} by {saved_by} is newer than the one you are editing.",
        "Version {version} von {saved_by} ist neuer als die, die Sie bearbeiten.",
    ),
    "accounts.plan.load_newer": ("Load the newer version", "Neuere Version laden"),
    "accounts.plan.profile": (
        "Customer profile (fills itself from the data)",
        "Kundenprofil (füllt sich aus den Daten)",
    ),
    "accounts.plan.profile_text": (
        "**Industry** {industry} · **country** {country} · **employees** {employees} · "
        "**group** {group} · **divisions** {divisions}  \n**Revenue, last 12 months** {revenue}"
        " · **share of wallet** {share} of a potential of {potential} · **ABC class** {abc}",
        "**Branche** {industry} · **Land** {country} · **Mitarbeitende** {employees} · "
        "**Konzern** {group} · **Divisionen** {divisions}  \n**Umsatz, letzte 12 Monate** "
        "{revenue} · **Share of Wallet** {share} von {potential} Potenzial · **ABC-Klasse** {abc}",
    ),
    "accounts.plan.tab.customer": ("Customer", "Kunde"),
    "accounts.plan.tab.position": ("SWOT and our position", "SWOT und unsere Position"),
    "accounts.plan.tab.opportunities_risks": ("Opportunities and risks", "Chancen und Risiken"),
    "accounts.plan.tab.goals": ("Goals and strategy", "Ziele und Strategie"),
    "accounts.plan.tab.actions": ("Action plan", "Maßnahmenplan"),
    "accounts.plan.tab.relationships": ("Relationships and calendar", "Beziehungen und Kalender"),
    "accounts.plan.won_lost": (
        "Projects won and lost (from the CRM)",
        "Gewonnene und verlorene Projekte (aus dem CRM)",
    ),
    "accounts.plan.overdue": (
        "{count} actions are overdue (not done, due before {as_of}).",
        "{count} Maßnahmen sind überfällig (nicht erledigt, fällig vor dem {as_of}).",
    ),
    "accounts.plan.review": ("Review and save", "Prüfen und speichern"),
    "accounts.plan.review_days": (
        "A section is stale after this many days without review",
        "Ein Abschnitt veraltet nach so vielen Tagen ohne Prüfung",
    ),
    "accounts.plan.confirm": (
        "Reviewed and still valid (saved as reviewed by you)",
        "Geprüft und weiter gültig (wird als von Ihnen geprüft gespeichert)",
    ),
    "accounts.plan.confirm_help": (
        "A section you change counts as reviewed anyway; choose here the unchanged ones you "
        "have checked.",
        "Ein geänderter Abschnitt gilt ohnehin als geprüft; hier die unveränderten wählen, die "
        "Sie geprüft haben.",
    ),
    "accounts.plan.save": ("Save as a new version", "Als neue Version speichern"),
    "accounts.plan.saved": ("Saved as version {version}.", "Als Version {version} gespeichert."),
    "accounts.plan.download_mine": (
        "Download your unsaved text",
        "Ihren ungespeicherten Text herunterladen",
    ),
    "accounts.plan.mine": ("Your text", "Ihr Text"),
    "accounts.plan.theirs": ("Saved version {version}", "Gespeicherte Version {version}"),
    "accounts.plan.keep": ("Keep", "Behalten"),
    "accounts.plan.keep.mine": ("mine", "meinen"),
    "accounts.plan.keep.theirs": ("the saved one", "den gespeicherten"),
    "accounts.plan.save_merged": ("Save the merged plan", "Zusammengeführten Plan speichern"),
    "accounts.plan.discard": (
        "Drop my changes, load the saved version",
        "Meine Änderungen verwerfen, gespeicherte Version laden",
    ),
    "accounts.plan.versions": ("Versions", "Versionen"),
    "accounts.plan.no_versions": ("No version saved yet.", "Noch keine Version gespeichert."),
    "accounts.plan.compare_from": ("Compare version", "Version vergleichen"),
    "accounts.plan.compare_to": ("with version", "mit Version"),
    "accounts.plan.same": (
        "The two versions hold the same plan.",
        "Die beiden Versionen enthalten denselben Plan.",
    ),
    "accounts.plan.export": ("Export for the next meeting", "Export für das nächste Treffen"),
    "accounts.plan.export_caption": (
        "The files hold the saved version {version} with today's figures.",
        "Die Dateien enthalten die gespeicherte Version {version} mit den aktuellen Zahlen.",
    ),
    "accounts.plan.export_caption_new": (
        "No plan saved yet: the files hold the figures and empty sections.",
        "Noch kein Plan gespeichert: die Dateien enthalten die Zahlen und leere Abschnitte.",
    ),
    "accounts.plan.pptx": ("PowerPoint", "PowerPoint"),
    "accounts.plan.xlsx": ("Excel", "Excel"),
    "accounts.goal.caption": (
        "At most {limit} SMART goals, each with a measure, a target, a due date and an owner.",
        "Höchstens {limit} SMART-Ziele, jedes mit Messgröße, Zielwert, Termin und "
        "Verantwortlichem.",
    ),
    "accounts.goal.goal": ("Goal {number}", "Ziel {number}"),
    "accounts.goal.remove": ("Remove", "Entfernen"),
    "accounts.goal.measure": ("Measure", "Messgröße"),
    "accounts.goal.target": ("Target", "Zielwert"),
    "accounts.goal.due_date": ("Due date", "Termin"),
    "accounts.goal.owner": ("Owner", "Verantwortlich"),
    "accounts.goal.strategy": ("Strategy for this goal", "Strategie für dieses Ziel"),
    "accounts.goal.add": ("Add a goal", "Ziel hinzufügen"),
    "accounts.goal.too_many": (
        "A plan has at most {limit} SMART goals. Merge two or remove one before adding another.",
        "Ein Plan hat höchstens {limit} SMART-Ziele. Zwei zusammenfassen oder eines entfernen, "
        "bevor ein weiteres hinzukommt.",
    ),
    "accounts.prompt.title": ("From the data:", "Aus den Daten:"),
    "accounts.prompt.white_space": (
        "White space in {product_group}: its peers buy about {value} a year.",
        "White Space in {product_group}: vergleichbare Kunden kaufen etwa {value} im Jahr.",
    ),
    "accounts.prompt.open_opportunity": (
        "Open opportunity {name} ({value}).",
        "Offene Verkaufschance {name} ({value}).",
    ),
    "accounts.prompt.risk_driver": (
        "The risk score is driven by: {factor}.",
        "Treiber des Risikowerts: {factor}.",
    ),
    "accounts.prompt.lost_to": (
        "Lost {name} to {competitor} ({reason}).",
        "{name} an {competitor} verloren ({reason}).",
    ),
    "accounts.swot.strengths": ("Strengths", "Stärken"),
    "accounts.swot.weaknesses": ("Weaknesses", "Schwächen"),
    "accounts.swot.opportunities": ("Opportunities", "Chancen"),
    "accounts.swot.threats": ("Threats", "Risiken"),
    "accounts.swot.help": ("In whole sentences.", "In ganzen Sätzen."),
    "accounts.section.customer_goals": (
        "The customer's top-3 goals and projects",
        "Top-3-Ziele und Projekte des Kunden",
    ),
    "accounts.section.customer_goals.help": (
        "What the customer wants to reach, written SMART.",
        "Was der Kunde erreichen will, SMART formuliert.",
    ),
    "accounts.section.purchasing_strategy": ("Purchasing strategy", "Einkaufsstrategie"),
    "accounts.section.purchasing_strategy.help": (
        "Single, dual or multiple sourcing, share per supplier, central or decentral, buying "
        "committee, framework contracts, supplier ratings.",
        "Single, Dual oder Multiple Sourcing, Anteil je Lieferant, zentral oder dezentral, "
        "Einkaufsgremium, Rahmenverträge, Lieferantenbewertung.",
    ),
    "accounts.section.market": (
        "Market and competitive environment",
        "Markt und Wettbewerbsumfeld",
    ),
    "accounts.section.market.help": (
        "The customer's market, its competitors, what changes.",
        "Markt des Kunden, seine Wettbewerber, was sich ändert.",
    ),
    "accounts.section.customer_swot": ("SWOT of the customer", "SWOT des Kunden"),
    "accounts.section.our_position": ("Our position", "Unsere Position"),
    "accounts.section.our_position.help": (
        "How the customer sees us (one-off supplier or strategic partner, price or innovation "
        "leader), our competitors there, the honest reasons for lost projects.",
        "Wie der Kunde uns sieht (Einmallieferant oder strategischer Partner, Preis- oder "
        "Innovationsführer), unsere Wettbewerber dort, ehrliche Gründe für verlorene Projekte.",
    ),
    "accounts.section.our_swot": ("Our SWOT", "Unsere SWOT"),
    "accounts.section.opportunities": ("Top-5 opportunities", "Top-5-Chancen"),
    "accounts.section.opportunities.placeholder": ("Opportunity {number}", "Chance {number}"),
    "accounts.section.risks": ("Top-5 risks", "Top-5-Risiken"),
    "accounts.section.risks.placeholder": ("Risk {number}", "Risiko {number}"),
    "accounts.section.mission": ("Mission (3-5 years)", "Mission (3-5 Jahre)"),
    "accounts.section.mission.help": (
        "Where we want to be with this customer in three to five years.",
        "Wo wir mit diesem Kunden in drei bis fünf Jahren stehen wollen.",
    ),
    "accounts.section.goals": ("SMART goals and strategies", "SMART-Ziele und Strategien"),
    "accounts.section.actions": (
        "Action plan for the next 12 months",
        "Maßnahmenplan für die nächsten 12 Monate",
    ),
    "accounts.section.relationship_plan": ("Relationship plan", "Beziehungsplan"),
    "accounts.section.marketing_calendar": (
        "Key-account marketing calendar",
        "Key-Account-Marketingkalender",
    ),
    "accounts.plan_col.goal": ("Goal", "Ziel"),
    "accounts.plan_col.measure": ("Measure", "Messgröße"),
    "accounts.plan_col.target": ("Target", "Zielwert"),
    "accounts.plan_col.due_date": ("Due date", "Termin"),
    "accounts.plan_col.owner": ("Owner", "Verantwortlich"),
    "accounts.plan_col.strategy": ("Strategy", "Strategie"),
    "accounts.plan_col.what": ("What", "Was"),
    "accounts.plan_col.who": ("Who", "Wer"),
    "accounts.plan_col.status": ("Status", "Status"),
    "accounts.plan_col.ours": ("Who of ours", "Wer von uns"),
    "accounts.plan_col.theirs": ("Whom of theirs", "Wen beim Kunden"),
    "accounts.plan_col.message": ("With which message", "Mit welcher Botschaft"),
    "accounts.plan_col.date": ("Date", "Datum"),
    "accounts.plan_col.event": ("Event", "Veranstaltung"),
    "accounts.plan_col.audience": ("For whom", "Für wen"),
    "accounts.state.current": ("current", "aktuell"),
    "accounts.state.stale": ("stale", "veraltet"),
    "accounts.state.empty": ("not written", "nicht geschrieben"),
    "accounts.change.added": ("added", "hinzugefügt"),
    "accounts.change.removed": ("removed", "entfernt"),
    "accounts.change.changed": ("changed", "geändert"),
    "accounts.change.unchanged": ("unchanged", "unverändert"),
    # plans overview
    "accounts.plans.caption": (
        "Judged as of {as_of}, the last invoice date: a section is stale after {days} days "
        "without review, an action overdue when it is not done and its due date has passed.",
        "Beurteilt zum {as_of}, dem letzten Rechnungsdatum: ein Abschnitt veraltet nach {days} "
        "Tagen ohne Prüfung, eine Maßnahme ist überfällig, wenn sie nicht erledigt und ihr "
        "Termin verstrichen ist.",
    ),
    "accounts.plans.none": (
        "No plan and no key account yet.",
        "Noch kein Plan und kein Key Account.",
    ),
    "accounts.plans.open_hint": (
        "Open a plan on the page Key-account plan.",
        "Einen Plan auf der Seite Key-Account-Plan öffnen.",
    ),
    "accounts.plan_state.missing": ("No plan", "Kein Plan"),
    "accounts.plan_state.missing.help": (
        "Current key accounts without any plan.",
        "Aktuelle Key Accounts ohne Plan.",
    ),
    "accounts.plan_state.stale": ("Stale", "Veraltet"),
    "accounts.plan_state.stale.help": (
        "Plans with a section not reviewed for more than {days} days.",
        "Pläne mit einem Abschnitt, der seit über {days} Tagen nicht geprüft wurde.",
    ),
    "accounts.plan_state.overdue": ("Overdue actions", "Überfällige Maßnahmen"),
    "accounts.plan_state.overdue.help": (
        "Plans whose sections are current but with an action past its due date.",
        "Pläne mit aktuellen Abschnitten, aber einer Maßnahme nach ihrem Termin.",
    ),
    "accounts.plan_state.current": ("Current", "Aktuell"),
    "accounts.plan_state.current.help": (
        "Every section reviewed within {days} days, no action overdue.",
        "Alle Abschnitte innerhalb von {days} Tagen geprüft, keine Maßnahme überfällig.",
    ),
    # column titles
    "accounts.col.window_start": ("From", "Von"),
    "accounts.col.window_end": ("To", "Bis"),
    "accounts.col.figure": ("Figure", "Kennzahl"),
    "accounts.col.account": ("This account", "Dieser Kunde"),
    "accounts.col.peers": ("Peers", "Vergleichskunden"),
    "accounts.col.opportunity_id": ("Opportunity", "Verkaufschance"),
    "accounts.col.status": ("Status", "Status"),
    "accounts.col.stage": ("Stage", "Phase"),
    "accounts.col.amount": ("Amount", "Betrag"),
    "accounts.col.probability": ("Probability", "Wahrscheinlichkeit"),
    "accounts.col.created_date": ("Created", "Angelegt"),
    "accounts.col.close_date": ("Close date", "Abschlussdatum"),
    "accounts.col.contact_id": ("Contact", "Kontakt"),
    "accounts.col.contact": ("Person", "Person"),
    "accounts.col.title": ("Job title", "Funktion"),
    "accounts.col.department": ("Department", "Abteilung"),
    "accounts.col.account_name": ("Company", "Unternehmen"),
    "accounts.col.buying_role": ("Buying role", "Rolle im Buying Center"),
    "accounts.col.influence": ("Influence", "Einfluss"),
    "accounts.col.attitude": ("Attitude", "Einstellung"),
    "accounts.col.relationship_owner": ("Our owner", "Unser Betreuer"),
    "accounts.col.reports_to_contact_id": ("Reports to", "Berichtet an"),
    "accounts.col.last_contact_date": ("Last contact", "Letzter Kontakt"),
    "accounts.col.freshness": ("Freshness", "Aktualität"),
    "accounts.col.crm_buying_role": ("Role in the CRM", "Rolle im CRM"),
    "accounts.col.crm_influence": ("Influence in the CRM", "Einfluss im CRM"),
    "accounts.col.crm_attitude": ("Attitude in the CRM", "Einstellung im CRM"),
    "accounts.col.crm_relationship_owner": ("Owner in the CRM", "Betreuer im CRM"),
    "accounts.col.crm_changed": ("CRM changed", "CRM geändert"),
    "accounts.col.edited_by": ("Edited by", "Geändert von"),
    "accounts.col.edited_at": ("Edited at", "Geändert am"),
    "accounts.col.field": ("Field", "Feld"),
    "accounts.col.value": ("Value", "Wert"),
    "accounts.col.crm_value": ("CRM value then", "CRM-Wert damals"),
    "accounts.col.activity_date": ("Date", "Datum"),
    "accounts.col.type": ("Type", "Art"),
    "accounts.col.attitude_score": ("Attitude score", "Einstellungswert"),
    "accounts.col.quadrant": ("Quadrant", "Quadrant"),
    "accounts.col.is_selected": ("Chosen account", "Gewählter Kunde"),
    "accounts.col.potential_line": ("Potential line", "Potenziallinie"),
    "accounts.col.attitude_line": ("Attitude line", "Einstellungslinie"),
    "accounts.col.section": ("Section", "Abschnitt"),
    "accounts.col.state": ("State", "Zustand"),
    "accounts.col.reviewed_at": ("Reviewed at", "Geprüft am"),
    "accounts.col.reviewed_by": ("Reviewed by", "Geprüft von"),
    "accounts.col.is_overdue": ("Overdue", "Überfällig"),
    "accounts.col.version": ("Version", "Version"),
    "accounts.col.saved_by": ("Saved by", "Gespeichert von"),
    "accounts.col.saved_at": ("Saved at", "Gespeichert am"),
    "accounts.col.changed_sections": ("Sections changed", "Geänderte Abschnitte"),
    "accounts.col.before": ("Before", "Vorher"),
    "accounts.col.after": ("After", "Nachher"),
    "accounts.col.goals": ("Goals", "Ziele"),
    "accounts.col.empty_sections": ("Sections not written", "Nicht geschriebene Abschnitte"),
    "accounts.col.oldest_review_days": ("Oldest review, days", "Älteste Prüfung, Tage"),
    "accounts.col.open_actions": ("Open actions", "Offene Maßnahmen"),
    "accounts.col.customer": ("Customer", "Kunde"),
    "accounts.col.group": ("Group", "Konzern"),
    "accounts.col.divisions": ("Divisions", "Divisionen"),
    "accounts.col.as_of": ("Analysis date", "Analysedatum"),
    "accounts.col.warning": ("Warning", "Warnung"),
    "accounts.col.text": ("Text", "Text"),
    "accounts.col.kind": ("List", "Liste"),
    "accounts.col.employees": ("Employees", "Mitarbeitende"),
    # export
    "accounts.sheet.cover": ("Cover", "Deckblatt"),
    "accounts.sheet.key_figures": ("Key figures", "Kennzahlen"),
    "accounts.sheet.product_groups": ("Product groups", "Warengruppen"),
    "accounts.sheet.opportunities": ("Opportunities", "Verkaufschancen"),
    "accounts.sheet.white_space": ("White space", "White Space"),
    "accounts.sheet.budget": ("Budget", "Budget"),
    "accounts.sheet.power_map": ("Power map", "Power Map"),
    "accounts.sheet.warnings": ("Warnings", "Warnungen"),
    "accounts.sheet.divisions": ("Divisions", "Divisionen"),
    "accounts.sheet.sections": ("Sections", "Abschnitte"),
    "accounts.sheet.reviews": ("Reviews", "Prüfungen"),
    "accounts.sheet.top_5": ("Top 5", "Top 5"),
    "accounts.sheet.goals": ("Goals", "Ziele"),
    "accounts.sheet.actions": ("Actions", "Maßnahmen"),
    "accounts.sheet.relationship_plan": ("Relationship plan", "Beziehungsplan"),
    "accounts.sheet.marketing_calendar": ("Marketing calendar", "Marketingkalender"),
    "accounts.sheet.versions": ("Versions", "Versionen"),
    "accounts.deck.subtitle": ("Key-account plan", "Key-Account-Plan"),
    "accounts.deck.owner": ("Key-account manager: {owner}", "Key-Account-Manager: {owner}"),
    "accounts.deck.version": (
        "Version {version} of {saved_at} by {saved_by}",
        "Version {version} vom {saved_at}, {saved_by}",
    ),
    "accounts.deck.no_version": ("No plan saved yet", "Noch kein Plan gespeichert"),
    "accounts.deck.as_of": ("Figures as of {as_of}", "Zahlen zum {as_of}"),
    "accounts.deck.profile": ("Customer profile", "Kundenprofil"),
    "accounts.deck.key_figures": (
        "Key figures against industry peers",
        "Kennzahlen im Branchenvergleich",
    ),
    "accounts.deck.product_groups": ("Revenue by product group", "Umsatz nach Warengruppe"),
    "accounts.deck.budget": ("Budget vs actual {year}", "Budget vs. Ist {year}"),
    "accounts.deck.power_map": ("Power map", "Power Map"),
    "accounts.deck.map_legend": (
        "Colour: attitude (green mentor/positive, grey neutral, orange negative, red enemy); "
        "size: influence.",
        "Farbe: Einstellung (grün Mentor/positiv, grau neutral, orange negativ, rot Gegner); "
        "Größe: Einfluss.",
    ),
    "accounts.deck.map_own_people": (
        "The divisions' people are in the Excel export.",
        "Die Personen der Divisionen stehen im Excel-Export.",
    ),
    "accounts.deck.divisions": (
        "Potential portfolio of divisions",
        "Potenzialportfolio der Divisionen",
    ),
    "accounts.deck.helpful": ("Helpful", "Förderlich"),
    "accounts.deck.harmful": ("Harmful", "Hinderlich"),
    "accounts.deck.top_five": ("Top-5 opportunities and risks", "Top-5-Chancen und -Risiken"),
    "accounts.deck.goals": ("Goals and strategies", "Ziele und Strategien"),
    "accounts.deck.actions": ("Action plan (as of {as_of})", "Maßnahmenplan (Stand {as_of})"),
    "accounts.deck.overdue": ("overdue", "überfällig"),
    "accounts.deck.relationships": (
        "Relationship plan and marketing calendar",
        "Beziehungsplan und Marketingkalender",
    ),
}
