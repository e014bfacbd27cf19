"""The words of the app shell, the overview and the data pages."""

# key -> (English, German). Placeholders in braces are filled by ``t(..., name=value)``.
TEXTS: dict[str, tuple[str, str]] = {
    # shell and navigation
    "app.title": ("kapanalytics", "kapanalytics"),
    "app.tagline": (
        "Key-account and customer-portfolio analytics",
        "Key-Account- und Kundenportfolio-Analyse",
    ),
    "nav.portfolio": ("Portfolio", "Portfolio"),
    "nav.controlling": ("Controlling", "Controlling"),
    "nav.retention": ("Retention", "Kundenbindung"),
    "nav.accounts": ("Accounts", "Kunden"),
    "nav.data": ("Data", "Daten"),
    "page.overview": ("Overview", "Übersicht"),
    "page.data_import": ("Import", "Import"),
    "page.data_tables": ("Tables and history", "Tabellen und Verlauf"),
    "sidebar.language": ("Language", "Sprache"),
    "sidebar.filters": ("Filters", "Filter"),
    "sidebar.period": ("Period", "Zeitraum"),
    "sidebar.period.last_12_months": ("Last 12 months", "Letzte 12 Monate"),
    "sidebar.period.year_to_date": ("Year to date", "Laufendes Jahr"),
    "sidebar.period.previous_year": ("Previous year", "Vorjahr"),
    "sidebar.period.custom": ("Custom range", "Eigener Zeitraum"),
    "sidebar.period.range": ("From – to", "Von – bis"),
    "sidebar.period.help": (
        "The period counts invoice lines; it is compared with the period of the same length "
        "just before it. The data end on {end}.",
        "Der Zeitraum bestimmt, welche Rechnungspositionen zählen; verglichen wird mit dem "
        "gleich langen Zeitraum direkt davor. Die Daten enden am {end}.",
    ),
    "sidebar.filter.region": ("Region", "Region"),
    "sidebar.filter.country": ("Country", "Land"),
    "sidebar.filter.industry": ("Industry", "Branche"),
    "sidebar.filter.owner": ("Account owner", "Kundenbetreuer"),
    "sidebar.filter.segment": ("Segment", "Segment"),
    "sidebar.filter.all": ("All", "Alle"),
    "sidebar.filter.help": (
        "Filters choose which accounts are counted, on every page.",
        "Filter wählen, welche Kunden gezählt werden – auf jeder Seite.",
    ),
    "sidebar.reset": ("Reset filters", "Filter zurücksetzen"),
    "sidebar.database": ("Database: {path}", "Datenbank: {path}"),
    # common
    "common.none": ("(none)", "(keine)"),
    "common.download_csv": ("CSV", "CSV"),
    "common.download_xlsx": ("Excel", "Excel"),
    "common.download_help": (
        "Download this table as it is shown",
        "Diese Tabelle so herunterladen, wie sie angezeigt wird",
    ),
    "common.no_data": (
        "No invoice lines in the chosen period and filters.",
        "Keine Rechnungspositionen im gewählten Zeitraum und Filter.",
    ),
    "common.empty_database": (
        "The database holds no data yet. Import your extracts on the Data page, or build the "
        "demo company there.",
        "Die Datenbank enthält noch keine Daten. Importieren Sie Ihre Auszüge auf der Seite "
        "Daten oder erzeugen Sie dort die Demo-Firma.",
    ),
    "common.database_error": (
        "The database cannot be used: {error}",
        "Die Datenbank ist nicht nutzbar: {error}",
    ),
    "common.database_way_forward": (
        "**How to go on.** Build the demo company below: the damaged file is kept beside the "
        "new one as `{name}.damaged-…`, nothing is deleted. Then bring your own data back: "
        "import the extracts you loaded last again (Data → Import, or `kap import` with the "
        "same files and presets), or stop the app and put a copy of `{name}` from your backup "
        "in its place ({path}).",
        "**So geht es weiter.** Erzeugen Sie unten die Demo-Firma: die beschädigte Datei bleibt "
        "als `{name}.damaged-…` daneben erhalten, nichts wird gelöscht. Holen Sie dann Ihre "
        "Daten zurück: importieren Sie die zuletzt geladenen Auszüge erneut (Daten → Import "
        "oder `kap import` mit denselben Dateien und Vorlagen), oder beenden Sie die App und "
        "legen Sie eine Kopie von `{name}` aus Ihrer Sicherung an ihre Stelle ({path}).",
    ),
    "common.database_move_aside": (
        "Keep the damaged file aside and build the demo company",
        "Beschädigte Datei beiseitelegen und Demo-Firma erzeugen",
    ),
    "common.database_moved": (
        "The damaged database was kept as {path}; the demo company is in a fresh file.",
        "Die beschädigte Datenbank wurde als {path} aufbewahrt; die Demo-Firma liegt in einer "
        "neuen Datei.",
    ),
    "common.building_demo": (
        "Building the demo company (first start) …",
        "Demo-Firma wird erzeugt (erster Start) …",
    ),
    "common.rebuild_demo": ("Build the demo company", "Demo-Firma erzeugen"),
    "common.rebuild_demo_help": (
        "Replaces every imported table with the demo company. Decisions and settings stay.",
        "Ersetzt alle importierten Tabellen durch die Demo-Firma. Entscheidungen und "
        "Einstellungen bleiben.",
    ),
    "common.rebuild_demo_confirm": (
        "I understand that imported data are replaced",
        "Mir ist klar, dass importierte Daten ersetzt werden",
    ),
    "common.demo_built": (
        "Demo company built: {accounts} accounts, {lines} invoice lines.",
        "Demo-Firma erzeugt: {accounts} Kunden, {lines} Rechnungspositionen.",
    ),
    # columns
    "col.account_id": ("Account", "Kunde"),
    "col.name": ("Name", "Name"),
    "col.industry": ("Industry", "Branche"),
    "col.country": ("Country", "Land"),
    "col.region": ("Region", "Region"),
    "col.owner": ("Owner", "Betreuer"),
    "col.segment": ("Segment", "Segment"),
    "col.product_group": ("Product group", "Warengruppe"),
    "col.revenue": ("Revenue", "Umsatz"),
    "col.previous_revenue": ("Revenue, previous period", "Umsatz Vorperiode"),
    "col.change_pct": ("Change %", "Veränderung %"),
    "col.contribution_margin": ("Contribution margin", "Deckungsbeitrag"),
    "col.share": ("Share", "Anteil"),
    "col.share_of_revenue": ("Share of revenue", "Umsatzanteil"),
    "col.is_key_account": ("Key account", "Key Account"),
    "col.month": ("Month", "Monat"),
    "col.kpi": ("Figure", "Kennzahl"),
    "col.current": ("Period", "Zeitraum"),
    "col.previous": ("Previous period", "Vorperiode"),
    "col.change": ("Change", "Veränderung"),
    "col.table": ("Table", "Tabelle"),
    "col.rows": ("Rows", "Zeilen"),
    # overview
    "overview.title": ("Overview", "Übersicht"),
    "overview.caption": (
        "{start} – {end}, compared with {prev_start} – {prev_end}. {accounts} accounts "
        "selected. Amounts in {currency}.",
        "{start} – {end}, verglichen mit {prev_start} – {prev_end}. {accounts} Kunden "
        "ausgewählt. Beträge in {currency}.",
    ),
    "overview.trend": ("Revenue and contribution margin by month", "Umsatz und DB je Monat"),
    "overview.by_product_group": ("Revenue by product group", "Umsatz nach Warengruppe"),
    "overview.by_region": ("Revenue by region", "Umsatz nach Region"),
    "overview.top_accounts": ("Top accounts", "Top-Kunden"),
    "overview.top_n": ("Accounts shown", "Angezeigte Kunden"),
    "overview.kpi_table": ("The figures above as a table", "Die Kennzahlen als Tabelle"),
    "overview.previous_value": ("previous period: {value}", "Vorperiode: {value}"),
    # data pages
    "data.import.title": ("Import extracts", "Auszüge importieren"),
    "data.import.intro": (
        "Load CRM and ERP extracts (CSV, Excel, Parquet; English or German formats). The file "
        "is checked first; nothing is stored until you import it. Upload limit: {limit} MB.",
        "CRM- und ERP-Auszüge laden (CSV, Excel, Parquet; englische oder deutsche Formate). "
        "Die Datei wird zuerst geprüft; gespeichert wird erst beim Import. Obergrenze: "
        "{limit} MB.",
    ),
    "data.import.file": ("File", "Datei"),
    "data.import.preset": ("Format (preset)", "Format (Vorlage)"),
    "data.import.preset_help": (
        "A preset knows the column names of a source system. Choose 'Map columns myself' for "
        "any other file.",
        "Eine Vorlage kennt die Spaltennamen eines Quellsystems. Für andere Dateien "
        "'Spalten selbst zuordnen' wählen.",
    ),
    "data.import.manual": ("Map columns myself", "Spalten selbst zuordnen"),
    "data.import.table": ("Load into table", "Laden in Tabelle"),
    "data.import.table_auto": ("Detect from the columns", "An den Spalten erkennen"),
    "data.import.sheet": ("Sheet", "Tabellenblatt"),
    "data.import.mode": ("Mode", "Modus"),
    "data.import.mode.upsert": (
        "Update and add (by key)",
        "Aktualisieren und ergänzen (nach Schlüssel)",
    ),
    "data.import.mode.replace": ("Replace the table", "Tabelle ersetzen"),
    "data.import.bad_rows": ("Rows with problems", "Zeilen mit Fehlern"),
    "data.import.bad_rows.reject": ("Cancel the import", "Import abbrechen"),
    "data.import.bad_rows.quarantine": (
        "Load the valid rows, keep the rest in quarantine",
        "Gültige Zeilen laden, den Rest in Quarantäne",
    ),
    "data.import.preview": ("First rows of the file", "Erste Zeilen der Datei"),
    "data.import.detected": (
        "Detected: {details}",
        "Erkannt: {details}",
    ),
    "data.import.mapping": ("Column mapping", "Spaltenzuordnung"),
    "data.import.mapping_help": (
        "Choose the file's column for each field. Fields marked * are required.",
        "Wählen Sie für jedes Feld die Spalte der Datei. Felder mit * sind Pflicht.",
    ),
    "data.import.not_mapped": ("(not in the file)", "(nicht in der Datei)"),
    "data.import.check": ("Check file", "Datei prüfen"),
    "data.import.run": ("Import", "Importieren"),
    "data.import.report_ok": (
        "{rows} rows checked, no problems found.",
        "{rows} Zeilen geprüft, keine Fehler gefunden.",
    ),
    "data.import.report_bad": (
        "{bad} of {rows} rows have problems.",
        "{bad} von {rows} Zeilen haben Fehler.",
    ),
    "data.import.problems": ("Problems by rule", "Fehler nach Regel"),
    "data.import.examples": ("Examples", "Beispiele"),
    "data.import.done": (
        "Imported into {table}: {loaded} rows loaded, {quarantined} in quarantine "
        "(import {import_id}).",
        "Importiert in {table}: {loaded} Zeilen geladen, {quarantined} in Quarantäne "
        "(Import {import_id}).",
    ),
    "data.import.progress": ("Importing {file} …", "{file} wird importiert …"),
    "data.import.rejected": (
        "Import cancelled, nothing stored: {error}",
        "Import abgebrochen, nichts gespeichert: {error}",
    ),
    "data.tables.title": ("Tables and import history", "Tabellen und Importverlauf"),
    "data.tables.counts": ("Rows per table", "Zeilen je Tabelle"),
    "data.tables.history": ("Import history", "Importverlauf"),
    "data.tables.quarantine": ("Quarantine", "Quarantäne"),
    "data.tables.quarantine_help": (
        "Rows an import set aside, with the reason and what to do. Fix them in the source and "
        "import the file again.",
        "Zeilen, die ein Import zurückgestellt hat, mit Grund und Abhilfe. In der Quelle "
        "korrigieren und die Datei erneut importieren.",
    ),
    "data.tables.browse": ("Browse a table", "Tabelle ansehen"),
    "data.tables.browse_rows": (
        "First {rows} rows of {total}.",
        "Erste {rows} von {total} Zeilen.",
    ),
    "data.tables.maintenance": ("Demo company", "Demo-Firma"),
    "data.tables.empty": ("Nothing here yet.", "Noch nichts vorhanden."),
}
