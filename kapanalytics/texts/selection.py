"""The words of the key-account selection pages: criteria and weights, the ranking, why a score,
its stability, configurations, the portfolio matrix, prospects, decisions and ratings."""

# key -> (English, German). Placeholders in braces are filled by ``t(..., name=value)``.
TEXTS: dict[str, tuple[str, str]] = {
    # navigation
    "selection.page.selection": ("Key-account selection", "Key-Account-Auswahl"),
    "selection.page.matrix": ("Portfolio matrix", "Portfolio-Matrix"),
    "selection.page.decisions": ("Decisions and ratings", "Entscheiden & Bewerten"),
    # who
    "selection.user": ("Your name", "Ihr Name"),
    "selection.user.help": (
        "Saved configurations, decisions and ratings are recorded under this name, with the time.",
        "Gespeicherte Konfigurationen, Entscheidungen und Bewertungen werden unter diesem "
        "Namen und mit der Uhrzeit festgehalten.",
    ),
    "selection.user_needed": (
        "Enter your name in the sidebar first: every record says who made it.",
        "Bitte zuerst Ihren Namen in der Seitenleiste eingeben: jeder Eintrag hält fest, wer "
        "ihn gemacht hat.",
    ),
    "selection.someone": ("someone", "jemand"),
    # settings
    "selection.title": ("Key-account selection", "Key-Account-Auswahl"),
    "selection.settings": ("Criteria and weights", "Kriterien und Gewichte"),
    "selection.criteria": ("Criteria", "Kriterien"),
    "selection.criteria.help": (
        "Choose {min} to {max} criteria. Each gets a weight; the score is the weighted mean "
        "of the criteria mapped to 0..100.",
        "Wählen Sie {min} bis {max} Kriterien. Jedes bekommt ein Gewicht; der Score ist das "
        "gewichtete Mittel der auf 0..100 abgebildeten Kriterien.",
    ),
    "selection.count_message": (
        "A selection needs {min} to {max} criteria; {count} are chosen. Add or remove criteria "
        "above to get a score.",
        "Eine Auswahl braucht {min} bis {max} Kriterien; gewählt sind {count}. Fügen Sie oben "
        "Kriterien hinzu oder entfernen Sie welche, um einen Score zu erhalten.",
    ),
    "selection.config_invalid_elsewhere": (
        "The configuration on the selection page gives no score yet (it needs 3 to 8 criteria, "
        "a name and valid classes). Finish it there.",
        "Die Konfiguration auf der Auswahlseite ergibt noch keinen Score (sie braucht 3 bis 8 "
        "Kriterien, einen Namen und gültige Klassen). Vervollständigen Sie sie dort.",
    ),
    "selection.share": ("Share of the score: {share}", "Anteil am Score: {share}"),
    "selection.direction.higher": ("Higher is better.", "Höher ist besser."),
    "selection.direction.lower": ("Lower is better.", "Niedriger ist besser."),
    "selection.normalisation": ("Normalisation", "Normierung"),
    "selection.normalisation.help": (
        "How the value becomes 0..100: percentile rank among the accounts, min-max between the "
        "smallest and largest value, or the 1..5 rating (1 = 0, 5 = 100).",
        "Wie der Wert zu 0..100 wird: Perzentilrang unter den Kunden, Min-Max zwischen dem "
        "kleinsten und größten Wert oder die Bewertung 1..5 (1 = 0, 5 = 100).",
    ),
    "selection.norm.percentile": ("Percentile rank", "Perzentilrang"),
    "selection.norm.minmax": ("Min-max", "Min-Max"),
    "selection.norm.rating": ("Rating 1..5", "Bewertung 1..5"),
    "selection.level": ("Level", "Ebene"),
    "selection.level.help": (
        "Score single accounts, or groups: a parent with its divisions rolled up.",
        "Einzelne Kunden bewerten, oder Gruppen: eine Muttergesellschaft mit ihren Töchtern "
        "zusammengefasst.",
    ),
    "selection.level.account": ("Accounts", "Kunden"),
    "selection.level.group": ("Groups", "Gruppen"),
    "selection.level_count.account": ("accounts", "Kunden"),
    "selection.level_count.group": ("groups", "Gruppen"),
    "selection.missing": ("Missing values", "Fehlende Werte"),
    "selection.missing.help": (
        "When an account lacks a criterion: leave it out and weight the others up, or score it 0.",
        "Wenn einem Kunden ein Kriterium fehlt: weglassen und die anderen höher gewichten, oder "
        "mit 0 bewerten.",
    ),
    "selection.missing.reweight": (
        "Leave out and re-weight the others",
        "Weglassen, die anderen neu gewichten",
    ),
    "selection.missing.zero": ("Score a missing value as 0", "Fehlenden Wert mit 0 bewerten"),
    "selection.method": ("Classes by", "Klassen nach"),
    "selection.method.help": (
        "Top N: the first ranks form the first class. Thresholds: a minimum score per class.",
        "Top N: die ersten Ränge bilden die erste Klasse. Schwellen: ein Mindest-Score je Klasse.",
    ),
    "selection.method.top_n": ("Top N", "Top N"),
    "selection.method.thresholds": ("Score thresholds", "Score-Schwellen"),
    "selection.cutoff.top_n": ("{name}: ranks up to", "{name}: Ränge bis"),
    "selection.cutoff.top_n.help": (
        "The last rank of this class; the next class starts after it. Strictly increasing.",
        "Der letzte Rang dieser Klasse; danach beginnt die nächste. Streng steigend.",
    ),
    "selection.cutoff.thresholds": ("{name}: score from", "{name}: Score ab"),
    "selection.cutoff.thresholds.help": (
        "The smallest score of this class, 0..100. Strictly decreasing.",
        "Der kleinste Score dieser Klasse, 0..100. Streng fallend.",
    ),
    "selection.class_name": ("Class {number}", "Klasse {number}"),
    "selection.class_name.help": (
        "The name shown for this class; each class needs its own.",
        "Der angezeigte Name dieser Klasse; jede Klasse braucht einen eigenen.",
    ),
    "selection.class_default.0": ("key account", "Key Account"),
    "selection.class_default.1": ("development", "Entwicklung"),
    "selection.class_default.2": ("maintain", "Halten"),
    "selection.class_default.3": ("serve efficiently", "Effizient bedienen"),
    "selection.classes_invalid.top_n": (
        "The top-N cut-offs must increase from class to class (e.g. 50, 200, 500), and every "
        "class needs a name of its own.",
        "Die Top-N-Grenzen müssen von Klasse zu Klasse steigen (z. B. 50, 200, 500), und jede "
        "Klasse braucht einen eigenen Namen.",
    ),
    "selection.classes_invalid.thresholds": (
        "The score thresholds must decrease from class to class within 0..100 (e.g. 75, 50, "
        "25), and every class needs a name of its own.",
        "Die Score-Schwellen müssen von Klasse zu Klasse innerhalb 0..100 fallen (z. B. 75, "
        "50, 25), und jede Klasse braucht einen eigenen Namen.",
    ),
    "selection.config_name": ("Configuration name", "Name der Konfiguration"),
    "selection.config_name.help": (
        "Saving under a name adds a version; earlier versions stay.",
        "Speichern unter einem Namen legt eine neue Version an; frühere bleiben erhalten.",
    ),
    "selection.name_missing": (
        "Give the configuration a name.",
        "Geben Sie der Konfiguration einen Namen.",
    ),
    "selection.save": ("Save configuration", "Konfiguration speichern"),
    "selection.save.help": (
        "Saves criteria, weights, normalisations, missing-value policy, classes and level "
        "under the name, with your name and the time.",
        "Speichert Kriterien, Gewichte, Normierungen, Regel für fehlende Werte, Klassen und "
        "Ebene unter dem Namen, mit Ihrem Namen und der Uhrzeit.",
    ),
    "selection.saved": (
        "Saved '{name}' as version {version}.",
        "'{name}' als Version {version} gespeichert.",
    ),
    "selection.conflict": (
        "Not saved: '{name}' was saved as version {version} by {who} at {when}, after you "
        "started from version {opened}. Your weights are still on screen: load '{name}' to see "
        "the new version, or save yours under another name.",
        "Nicht gespeichert: '{name}' wurde als Version {version} von {who} am {when} "
        "gespeichert, nachdem Sie mit Version {opened} begonnen haben. Ihre Gewichte sind "
        "weiter zu sehen: Laden Sie '{name}' für die neue Version, oder speichern Sie Ihre "
        "unter einem anderen Namen.",
    ),
    "selection.load_choice": ("Saved configurations", "Gespeicherte Konfigurationen"),
    "selection.load": ("Load", "Laden"),
    "selection.loaded": (
        "On screen: '{name}', started from version {version}.",
        "Angezeigt: '{name}', ausgehend von Version {version}.",
    ),
    "selection.none_saved": (
        "No configuration saved yet.",
        "Noch keine Konfiguration gespeichert.",
    ),
    # ranking
    "selection.caption": (
        "12 months ending {date} · {accounts} {level} · missing values: {policy}. The sidebar's "
        "filters choose the accounts; its period plays no part.",
        "12 Monate bis {date} · {accounts} {level} · fehlende Werte: {policy}. Die Filter der "
        "Seitenleiste wählen die Kunden; ihr Zeitraum spielt keine Rolle.",
    ),
    "selection.tab.ranking": ("Ranking", "Rangliste"),
    "selection.tab.why": ("Why this score", "Warum dieser Score"),
    "selection.tab.stable": ("How stable", "Wie stabil"),
    "selection.tab.configs": ("Configurations", "Konfigurationen"),
    "selection.movement_against": (
        "Rank movement against the saved configuration '{name}' (version {version}).",
        "Rangänderung gegenüber der gespeicherten Konfiguration '{name}' (Version {version}).",
    ),
    "selection.movement_none": (
        "Rank movement appears once a configuration is saved.",
        "Die Rangänderung erscheint, sobald eine Konfiguration gespeichert ist.",
    ),
    "selection.search": ("Search", "Suche"),
    "selection.search_hint": ("Name or account id", "Name oder Kundennummer"),
    "selection.rows_shown": ("Rows shown", "Angezeigte Zeilen"),
    "selection.showing": (
        "Showing {shown} of {total} rows; the downloads hold all {total}.",
        "Angezeigt {shown} von {total} Zeilen; die Downloads enthalten alle {total}.",
    ),
    "selection.col.normalised_of": ("{criterion} (0..100)", "{criterion} (0..100)"),
    "selection.col.contribution_of": ("{criterion}: points", "{criterion}: Punkte"),
    "selection.col.class": ("Class", "Klasse"),
    "selection.col.score": ("Score", "Score"),
    "selection.col.base_rank": ("Rank now", "Rang jetzt"),
    "selection.col.decision_reason": ("Reason", "Begründung"),
    "selection.col.reason": ("Reason", "Begründung"),
    "selection.col.decided_by": ("Decided by", "Entschieden von"),
    "selection.col.decided_at": ("Decided at", "Entschieden am"),
    "selection.col.config_name": ("Configuration", "Konfiguration"),
    "selection.col.config_version": ("Version", "Version"),
    "selection.col.version": ("Version", "Version"),
    "selection.col.versions": ("Versions", "Versionen"),
    "selection.col.saved_by": ("Saved by", "Gespeichert von"),
    "selection.col.saved_at": ("Saved at", "Gespeichert am"),
    "selection.col.weights": ("Weights", "Gewichte"),
    "selection.col.criterion": ("Criterion", "Kriterium"),
    "selection.col.value": ("Value", "Wert"),
    "selection.col.score_first": ("Score, first", "Score, erste"),
    "selection.col.score_second": ("Score, second", "Score, zweite"),
    "selection.col.rank_first": ("Rank, first", "Rang, erste"),
    "selection.col.rank_second": ("Rank, second", "Rang, zweite"),
    "selection.col.rank_change": ("Rank change", "Rangänderung"),
    "selection.col.in_top_first": ("Top N, first", "Top N, erste"),
    "selection.col.in_top_second": ("Top N, second", "Top N, zweite"),
    "selection.col.top_n_change": ("Top N", "Top N"),
    "selection.col.strategy": ("Strategy", "Strategie"),
    "selection.col.quadrant": ("Quadrant", "Quadrant"),
    "selection.col.kind": ("Kind", "Art"),
    "selection.col.rating": ("Rating", "Bewertung"),
    "selection.col.rated_by": ("Rated by", "Bewertet von"),
    "selection.col.rated_at": ("Rated at", "Bewertet am"),
    "selection.col.abc_class": ("ABC class", "ABC-Klasse"),
    # why
    "selection.find_account": ("Find an account", "Kunden suchen"),
    "selection.account": ("Account", "Kunde"),
    "selection.account_option": ("{name} ({id}) · rank {rank}", "{name} ({id}) · Rang {rank}"),
    "selection.no_match": ("No account matches the search.", "Kein Kunde passt zur Suche."),
    "selection.why_caption": (
        "Each bar is one criterion's contribution: its normalised value times its share of the "
        "weights the account has; together they make the score.",
        "Jeder Balken ist der Beitrag eines Kriteriums: sein normierter Wert mal sein Anteil an "
        "den Gewichten, die der Kunde hat; zusammen ergeben sie den Score.",
    ),
    "selection.waterfall.hover": (
        "{criterion}: +{points} points<br>normalised {normalised} × weight {share}",
        "{criterion}: +{points} Punkte<br>normiert {normalised} × Gewicht {share}",
    ),
    "selection.missing_value": ("missing", "fehlt"),
    "selection.points_axis": ("Points", "Punkte"),
    # stability
    "selection.stable_caption": (
        "Each of {draws} seeded draws multiplies every weight by a random factor within "
        "±{spread} % and ranks the accounts again. N = {n}. The chart shows the accounts ranked "
        "near the line: rank now (dot) and the range from best to worst rank.",
        "Jeder von {draws} reproduzierbaren Durchläufen multipliziert jedes Gewicht mit einem "
        "Zufallsfaktor innerhalb ±{spread} % und ordnet die Kunden neu. N = {n}. Das Diagramm "
        "zeigt die Kunden nahe der Linie: Rang jetzt (Punkt) und die Spanne vom besten zum "
        "schlechtesten Rang.",
    ),
    "selection.stable": ("Stable", "Stabil"),
    "selection.fragile": ("Fragile", "Wackelig"),
    "selection.range.hover": (
        "%{y}<br>rank now %{x}, best %{customdata[0]}, worst %{customdata[1]}<br>"
        "in the top N in %{customdata[2]:.0%} of the draws",
        "%{y}<br>Rang jetzt %{x}, bester %{customdata[0]}, schlechtester %{customdata[1]}<br>"
        "in %{customdata[2]:.0%} der Durchläufe unter den Top N",
    ),
    "selection.top_n_line": ("Top {n}", "Top {n}"),
    "selection.rank_axis": ("Rank", "Rang"),
    # configurations
    "selection.saved_configs": ("Saved configurations", "Gespeicherte Konfigurationen"),
    "selection.on_screen": ("On screen (unsaved)", "Angezeigt (ungespeichert)"),
    "selection.compare_first": ("Compare", "Vergleichen"),
    "selection.compare_second": ("with", "mit"),
    "selection.compare_n": ("N", "N"),
    "selection.compare_levels": (
        "The two configurations score different levels (accounts and groups); compare two of "
        "the same level.",
        "Die beiden Konfigurationen bewerten verschiedene Ebenen (Kunden und Gruppen); "
        "vergleichen Sie zwei derselben Ebene.",
    ),
    "selection.compare_download": (
        "The table lists the accounts that enter or leave the top N; the downloads hold every "
        "account.",
        "Die Tabelle listet die Kunden, die in die Top N kommen oder herausfallen; die "
        "Downloads enthalten alle Kunden.",
    ),
    "selection.change.enters": ("enters", "kommt hinein"),
    "selection.change.leaves": ("leaves", "fällt heraus"),
    "selection.change.stays_in": ("stays in", "bleibt drin"),
    "selection.change.stays_out": ("stays out", "bleibt draußen"),
    "selection.history": ("Versions of '{name}'", "Versionen von '{name}'"),
    # portfolio matrix
    "selection.key_account": ("Key account", "Key Account"),
    "selection.not_key_account": ("Other account", "Anderer Kunde"),
    "selection.abc_prefix": ("Class", "Klasse"),
    "selection.matrix.title": ("Portfolio matrix", "Portfolio-Matrix"),
    "selection.matrix.caption": (
        "Scores of the configuration '{config}' ({level}), 12 months ending {date}. Bubble "
        "area: revenue of the last 12 months.",
        "Scores der Konfiguration '{config}' ({level}), 12 Monate bis {date}. Blasenfläche: "
        "Umsatz der letzten 12 Monate.",
    ),
    "selection.matrix.x": ("Our position (x)", "Unsere Position (x)"),
    "selection.matrix.x.help": (
        "How well placed we are with the account: share of wallet, relationship strength, or "
        "its attitude toward us.",
        "Wie gut wir beim Kunden aufgestellt sind: Share of Wallet, Beziehungsstärke oder seine "
        "Einstellung zu uns.",
    ),
    "selection.matrix.y": ("Attractiveness (y)", "Attraktivität (y)"),
    "selection.matrix.y.help": (
        "How attractive the account is: selection score, annual potential or growth.",
        "Wie attraktiv der Kunde ist: Auswahl-Score, Jahrespotenzial oder Wachstum.",
    ),
    "selection.matrix.colour": ("Colour", "Farbe"),
    "selection.matrix.colour.help": (
        "ABC class on the revenue of the same 12 months, or the key-account status.",
        "ABC-Klasse auf den Umsatz derselben 12 Monate, oder der Key-Account-Status.",
    ),
    "selection.matrix.colour.abc_class": ("ABC class", "ABC-Klasse"),
    "selection.matrix.colour.is_key_account": ("Key account", "Key Account"),
    "selection.matrix.lines": ("Quadrant lines", "Quadrantenlinien"),
    "selection.matrix.lines.help": (
        "At the medians of x and y, or at values you set. A point on a line counts as high.",
        "Bei den Medianen von x und y oder bei selbst gesetzten Werten. Ein Punkt auf einer "
        "Linie zählt als hoch.",
    ),
    "selection.matrix.lines.median": ("Medians", "Mediane"),
    "selection.matrix.lines.set": ("Set values", "Eigene Werte"),
    "selection.matrix.x_line": ("Line on {axis}", "Linie bei {axis}"),
    "selection.matrix.y_line": ("Line on {axis}", "Linie bei {axis}"),
    "selection.matrix.chart_caption": (
        "{drawn} bubbles: the largest by revenue of {placed} accounts with both values ({total} "
        "in all). Axes of shares and amounts show the 1st to 99th percentile; double-click the "
        "chart for all. Select a bubble to open the account below.",
        "{drawn} Blasen: die umsatzstärksten von {placed} Kunden mit beiden Werten ({total} "
        "insgesamt). Achsen mit Anteilen und Beträgen zeigen das 1. bis 99. Perzentil; "
        "Doppelklick ins Diagramm zeigt alle. Wählen Sie eine Blase, um den Kunden unten zu "
        "öffnen.",
    ),
    "selection.matrix.details": ("The account", "Der Kunde"),
    "selection.matrix.details.help": (
        "Select a bubble in the chart, or choose here.",
        "Eine Blase im Diagramm auswählen, oder hier wählen.",
    ),
    "selection.matrix.status.yes": (
        "Class '{cls}' · a key account. {strategy}",
        "Klasse '{cls}' · Key Account. {strategy}",
    ),
    "selection.matrix.status.no": (
        "Class '{cls}' · no key account. {strategy}",
        "Klasse '{cls}' · kein Key Account. {strategy}",
    ),
    "selection.matrix.points": ("Every account in the matrix", "Alle Kunden der Matrix"),
    "selection.matrix.prospects": (
        "Prospects and under-served accounts",
        "Interessenten und unterversorgte Kunden",
    ),
    "selection.matrix.prospects.quantile": (
        "High potential from quantile",
        "Hohes Potenzial ab Quantil",
    ),
    "selection.matrix.prospects.quantile.help": (
        "An account has high potential when its annual potential reaches this quantile of the "
        "positive potentials.",
        "Ein Kunde hat hohes Potenzial, wenn sein Jahrespotenzial dieses Quantil der positiven "
        "Potenziale erreicht.",
    ),
    "selection.matrix.prospects.share": ("Share of wallet below", "Share of Wallet unter"),
    "selection.matrix.prospects.share.help": (
        "Under-served: our share of its potential is below this.",
        "Unterversorgt: unser Anteil an seinem Potenzial liegt darunter.",
    ),
    "selection.matrix.prospects.rule": (
        "Targets for account-based selling: annual potential at least the {quantile} quantile "
        "of the positive potentials, and a share of wallet below {share} or no revenue in the "
        "last 12 months; ranked by white space.",
        "Ziele für Account-Based Selling: Jahrespotenzial mindestens das {quantile}-Quantil der "
        "positiven Potenziale, und ein Share of Wallet unter {share} oder kein Umsatz in den "
        "letzten 12 Monaten; geordnet nach White Space.",
    ),
    "selection.matrix.kind.not_buying_yet": ("not buying yet", "kauft noch nicht"),
    "selection.matrix.kind.under_served": ("under-served", "unterversorgt"),
    # decisions and ratings
    "selection.decisions.title": ("Decisions and ratings", "Entscheidungen und Bewertungen"),
    "selection.decisions.caption": (
        "Ranking of the configuration '{config}' ({level}). Every decision keeps its reason, "
        "who and when; the current key accounts feed every page.",
        "Rangliste der Konfiguration '{config}' ({level}). Jede Entscheidung behält Begründung, "
        "wer und wann; die aktuellen Key Accounts gelten auf allen Seiten.",
    ),
    "selection.decisions.tab.decide": ("Decide", "Entscheiden"),
    "selection.decisions.tab.list": ("Key accounts and history", "Key Accounts und Verlauf"),
    "selection.decisions.tab.ratings": ("Ratings", "Bewertungen"),
    "selection.decisions.status.yes": (
        "A key account today · rank {rank} · score {score} · {cls}",
        "Heute Key Account · Rang {rank} · Score {score} · {cls}",
    ),
    "selection.decisions.status.no": (
        "No key account today · rank {rank} · score {score} · {cls}",
        "Heute kein Key Account · Rang {rank} · Score {score} · {cls}",
    ),
    "selection.decisions.action": ("Decision", "Entscheidung"),
    "selection.decisions.action.make": ("Make a key account", "Zum Key Account machen"),
    "selection.decisions.action.remove": ("Remove as key account", "Als Key Account entfernen"),
    "selection.decisions.reason": ("Reason", "Begründung"),
    "selection.decisions.reason.help": (
        "Why: it stays with the decision in the history.",
        "Warum: sie bleibt mit der Entscheidung im Verlauf.",
    ),
    "selection.decisions.reason_needed": (
        "Give a reason: every decision keeps one.",
        "Geben Sie eine Begründung an: jede Entscheidung behält eine.",
    ),
    "selection.decisions.record": ("Record decision", "Entscheidung festhalten"),
    "selection.decisions.recorded.make": (
        "{name} is now a key account (recorded by {who}).",
        "{name} ist jetzt Key Account (festgehalten von {who}).",
    ),
    "selection.decisions.recorded.remove": (
        "{name} is no longer a key account (recorded by {who}).",
        "{name} ist kein Key Account mehr (festgehalten von {who}).",
    ),
    "selection.decisions.review_title": ("Worth a second look", "Einen zweiten Blick wert"),
    "selection.decisions.review_caption": (
        "Accounts in the class '{first_class}' that are no key account, and key accounts "
        "outside it.",
        "Kunden der Klasse '{first_class}', die kein Key Account sind, und Key Accounts "
        "außerhalb davon.",
    ),
    "selection.decisions.kind.add": ("consider adding", "Aufnahme prüfen"),
    "selection.decisions.kind.review": ("review", "überprüfen"),
    "selection.decisions.current": ("Current key accounts", "Aktuelle Key Accounts"),
    "selection.decisions.history": ("Every decision", "Alle Entscheidungen"),
    "selection.decisions.ratings_caption": (
        "The 1..5 ratings behind the qualitative criteria (1 = poor, 5 = excellent). Change "
        "cells and save: each rating is kept with who and when; earlier ones stay in the "
        "history.",
        "Die Bewertungen 1..5 hinter den qualitativen Kriterien (1 = schwach, 5 = "
        "ausgezeichnet). Zellen ändern und speichern: jede Bewertung wird mit wer und wann "
        "festgehalten; frühere bleiben im Verlauf.",
    ),
    "selection.decisions.ratings_pending": (
        "{count} changed ratings not saved yet.",
        "{count} geänderte Bewertungen noch nicht gespeichert.",
    ),
    "selection.decisions.ratings_save": ("Save ratings", "Bewertungen speichern"),
    "selection.decisions.ratings_saved": (
        "Saved {count} ratings by {who}.",
        "{count} Bewertungen von {who} gespeichert.",
    ),
    "selection.decisions.ratings_latest": (
        "Latest ratings of these accounts",
        "Letzte Bewertungen dieser Kunden",
    ),
}
