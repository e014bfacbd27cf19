"""The words the demo company is made of: industries, countries, people, products, reasons.

Plain data, no logic. Every name is fictional. Every string is representable in cp1252, so the
German sample extracts can be written in the encoding a German Excel writes.
"""

from __future__ import annotations

from dataclasses import dataclass

# Industry -> share of accounts. The order fixes the rows of PRODUCT_AFFINITY below.
INDUSTRIES: dict[str, float] = {
    "automotive": 0.16,
    "mechanical engineering": 0.22,
    "chemicals": 0.08,
    "food and beverage": 0.08,
    "electronics": 0.09,
    "construction": 0.07,
    "medical technology": 0.05,
    "logistics": 0.06,
    "plastics": 0.06,
    "energy": 0.04,
    "packaging": 0.05,
    "metalworking": 0.04,
}

# The words a company name uses for its trade, German first, then English (for foreign firms).
INDUSTRY_WORDS_DE: dict[str, tuple[str, ...]] = {
    "automotive": ("Fahrzeugtechnik", "Automotive", "Fahrzeugteile", "Karosseriebau"),
    "mechanical engineering": (
        "Maschinenbau",
        "Anlagenbau",
        "Sondermaschinenbau",
        "Präzisionstechnik",
        "Fördertechnik",
    ),
    "chemicals": ("Chemie", "Spezialchemie", "Lackfabrik", "Chemiewerke"),
    "food and beverage": ("Lebensmittel", "Feinkost", "Molkerei", "Backwaren", "Getränke"),
    "electronics": ("Elektronik", "Elektrotechnik", "Leiterplatten", "Schaltanlagen"),
    "construction": ("Bau", "Bautechnik", "Baustoffe", "Tiefbau"),
    "medical technology": ("Medizintechnik", "Dentaltechnik", "Labortechnik"),
    "logistics": ("Logistik", "Spedition", "Lagertechnik"),
    "plastics": ("Kunststofftechnik", "Kunststoffwerk", "Spritzguss"),
    "energy": ("Energietechnik", "Windkraft", "Solartechnik"),
    "packaging": ("Verpackung", "Verpackungstechnik", "Kartonagen"),
    "metalworking": ("Metallbau", "Stahlbau", "Gießerei", "Umformtechnik"),
}
INDUSTRY_WORDS_EN: dict[str, tuple[str, ...]] = {
    "automotive": ("Automotive", "Auto Parts", "Vehicle Systems"),
    "mechanical engineering": ("Engineering", "Machinery", "Industrial Systems"),
    "chemicals": ("Chemicals", "Coatings"),
    "food and beverage": ("Foods", "Dairy", "Beverages"),
    "electronics": ("Electronics", "Electric"),
    "construction": ("Construction", "Building Materials"),
    "medical technology": ("Medical", "Medtech"),
    "logistics": ("Logistics", "Transport"),
    "plastics": ("Plastics", "Polymers"),
    "energy": ("Energy", "Power Systems"),
    "packaging": ("Packaging",),
    "metalworking": ("Metal Works", "Steel", "Foundry"),
}


@dataclass(frozen=True)
class Country:
    """A country we sell to: its share of accounts, sales regions and company conventions."""

    code: str
    share: float
    regions: tuple[str, ...]
    region_weights: tuple[float, ...]
    legal_forms: tuple[str, ...]
    legal_weights: tuple[float, ...]
    language: str
    label: str
    """How a group calls its company in that country, e.g. 'Polska'."""


COUNTRIES: tuple[Country, ...] = (
    Country(
        "DE",
        0.60,
        ("Germany North", "Germany South", "Germany West", "Germany East"),
        (0.2, 0.35, 0.3, 0.15),
        ("GmbH", "GmbH & Co. KG", "AG", "KG", "SE"),
        (0.5, 0.25, 0.12, 0.1, 0.03),
        "de",
        "Deutschland",
    ),
    Country(
        "AT", 0.09, ("Austria",), (1,), ("GmbH", "Ges.m.b.H.", "AG"), (6, 2, 2), "de", "Austria"
    ),
    Country("CH", 0.08, ("Switzerland",), (1,), ("AG", "GmbH", "SA"), (6, 3, 1), "de", "Schweiz"),
    Country("NL", 0.035, ("Benelux",), (1,), ("B.V.", "N.V."), (9, 1), "nl", "Nederland"),
    Country("BE", 0.02, ("Benelux",), (1,), ("NV", "SA", "BV"), (4, 3, 3), "nl", "Belgium"),
    Country("FR", 0.035, ("France",), (1,), ("SAS", "S.A.", "SARL"), (5, 3, 2), "fr", "France"),
    Country("IT", 0.03, ("Southern Europe",), (1,), ("S.p.A.", "S.r.l."), (4, 6), "it", "Italia"),
    Country("ES", 0.015, ("Southern Europe",), (1,), ("S.L.", "S.A."), (6, 4), "es", "España"),
    Country(
        "PL",
        0.03,
        ("Central Eastern Europe",),
        (1,),
        ("Sp. z o.o.", "S.A."),
        (8, 2),
        "pl",
        "Polska",
    ),
    Country("CZ", 0.02, ("Central Eastern Europe",), (1,), ("s.r.o.", "a.s."), (7, 3), "cz", "CZ"),
    Country(
        "HU", 0.01, ("Central Eastern Europe",), (1,), ("Kft.", "Zrt."), (7, 3), "hu", "Hungary"
    ),
    Country("SE", 0.012, ("Nordics",), (1,), ("AB",), (1,), "se", "Sverige"),
    Country("DK", 0.01, ("Nordics",), (1,), ("A/S", "ApS"), (6, 4), "dk", "Danmark"),
    Country("GB", 0.015, ("UK and Ireland",), (1,), ("Ltd", "plc"), (8, 2), "en", "UK"),
)

SURNAMES: dict[str, tuple[str, ...]] = {
    "de": (
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Koch", "Richter", "Bauer", "Klein", "Wolf", "Schröder",
        "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange", "Werner",
        "Krause", "Lehmann", "Schmid", "Maier", "Köhler", "Herrmann", "König", "Walter",
        "Huber", "Kaiser", "Fuchs", "Peters", "Scholz", "Möller", "Weiß", "Jung", "Hahn",
        "Vogel", "Friedrich", "Keller", "Günther", "Berger", "Winkler", "Roth", "Beck",
        "Lorenz", "Baumann", "Franke", "Albrecht", "Brandt", "Haas", "Sommer", "Graf",
        "Seidel", "Ziegler", "Kuhn", "Engel", "Pohl", "Horn", "Busch", "Bergmann", "Voigt",
        "Sauer", "Arnold", "Stein", "Ludwig", "Böhm", "Thiele", "Ritter", "Kessler",
        "Eberhardt", "Reuter", "Brenner", "Steiner", "Gruber", "Pichler", "Moser", "Leitner",
        "Brunner", "Egger", "Frei", "Baumgartner", "Lüthi", "Gerber", "Hollerbach",
        "Stiegler", "Wiedemann", "Kronauer", "Dietrich", "Hauser", "Lindner", "Ebner",
    ),
    "nl": (
        "de Vries", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer",
        "Mulder", "de Groot", "Bos", "Vos", "Peeters", "Maes", "Jacobs", "Claes",
    ),
    "fr": (
        "Martin", "Bernard", "Dubois", "Durand", "Leroy", "Moreau", "Simon", "Laurent",
        "Lefèvre", "Michel", "Garnier", "Faure", "Rousseau", "Girard",
    ),
    "it": (
        "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
        "Marino", "Greco", "Bruno", "Gallo", "Conti", "Fontana", "Moretti",
    ),
    "es": (
        "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez",
        "Pérez", "Gómez", "Navarro", "Torres",
    ),
    "pl": (
        "Nowak", "Kowalski", "Wójcik", "Kowalczyk", "Kaminski", "Lewandowski", "Zielinski",
        "Szymanski", "Wozniak", "Mazur", "Krawczyk", "Jankowski",
    ),
    "cz": (
        "Novak", "Svoboda", "Novotny", "Dvorak", "Cerny", "Prochazka", "Kucera", "Vesely",
        "Horak", "Nemec",
    ),
    "hu": ("Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Farkas"),
    "se": (
        "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
        "Lindberg", "Lindqvist", "Berg",
    ),
    "dk": (
        "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
        "Sørensen", "Rasmussen", "Jørgensen",
    ),
    "en": (
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Davies", "Evans",
        "Roberts", "Walker", "Wright", "Hughes", "Edwards", "Green",
    ),
}  # fmt: skip

FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "de": (
        "Andreas", "Michael", "Thomas", "Stefan", "Christian", "Markus", "Frank", "Jürgen",
        "Klaus", "Martin", "Peter", "Alexander", "Tobias", "Jan", "Matthias", "Daniel",
        "Sabine", "Claudia", "Petra", "Andrea", "Susanne", "Nicole", "Julia", "Katrin",
        "Anja", "Stefanie", "Birgit", "Monika", "Laura", "Lena", "Jörg", "Uwe",
    ),
    "nl": ("Jan", "Pieter", "Bram", "Sanne", "Eva", "Lotte", "Thijs", "Ruud", "Maarten", "Femke"),
    "fr": ("Jean", "Pierre", "Nicolas", "Philippe", "Sophie", "Isabelle", "Camille", "Céline"),
    "it": ("Marco", "Luca", "Giuseppe", "Francesco", "Giulia", "Chiara", "Paola", "Matteo"),
    "es": ("Javier", "Carlos", "David", "María", "Lucía", "Ana", "Miguel", "Elena"),
    "pl": ("Piotr", "Tomasz", "Krzysztof", "Anna", "Katarzyna", "Marek", "Agnieszka", "Pawel"),
    "cz": ("Jan", "Petr", "Tomas", "Martin", "Jana", "Eva", "Lucie", "Pavel"),
    "hu": ("László", "István", "Gábor", "Zoltán", "Katalin", "Anna", "Péter", "Judit"),
    "se": ("Erik", "Lars", "Anders", "Johan", "Karin", "Anna", "Maria", "Magnus"),
    "dk": ("Mads", "Søren", "Lars", "Henrik", "Mette", "Anne", "Camilla", "Rasmus"),
    "en": ("James", "John", "David", "Richard", "Sarah", "Emma", "Claire", "Helen"),
}  # fmt: skip

# Fantasy stems for names like "Neckarwerk Fahrzeugtechnik GmbH".
PLACE_STEMS = (
    "Rhein", "Main", "Weser", "Elbe", "Isar", "Neckar", "Donau", "Alpen", "Harz", "Eifel",
    "Taunus", "Ruhr", "Saar", "Mosel", "Bodensee", "Nord", "Hanse", "Spree", "Lech", "Inn",
)  # fmt: skip
PLACE_ENDINGS = ("werk", "tec", "metall", "form", "plan", "tronic", "pack", "con")

# The key-account managers (account owners) and the sales regions each of them covers.
OWNER_REGIONS: dict[str, tuple[str, ...]] = {
    "Andrea Hoffmann": ("Germany South",),
    "Markus Weber": ("Germany West",),
    "Stefan Brandl": ("Germany West", "Benelux"),
    "Claudia Richter": ("Germany West",),
    "Thomas Keller": ("Germany South", "Switzerland"),
    "Julia Neumann": ("France", "UK and Ireland", "Benelux"),
    "Michael Schubert": ("Germany East", "Central Eastern Europe"),
    "Sabine Lorenz": ("Austria", "Switzerland"),
    "Jan Petersen": ("Germany North", "Nordics"),
    "Katrin Vogt": ("Germany North", "Germany East"),
    "Florian Bauer": ("Germany South", "Austria"),
    "Nicole Hartmann": ("Southern Europe", "Central Eastern Europe", "France"),
}
OWNERS: tuple[str, ...] = tuple(OWNER_REGIONS)

# Others on our side who own relationships: application engineers, service, management.
ACCOUNT_TEAM = ("Tim Schäfer", "Lisa Wolff", "Oliver Sommerfeld", "Jana Fuchs", "Ralf Engels")
MANAGING_DIRECTOR = "Dr. Helmut Steinbach"
MANAGEMENT = "Geschäftsleitung"

COMPETITORS = (
    "Hanseatic Components",
    "Alpentec Antriebe",
    "Castellan Industrial",
    "Nordstern Technik",
    "Weserland Industriebedarf",
    "Kestrel Automation",
)
COMPETITOR_WEIGHTS = (0.28, 0.2, 0.15, 0.15, 0.13, 0.09)

# Why accounts are lost, as the CRM codes it, with how often each occurs.
LOST_REASONS: dict[str, float] = {
    "price": 0.24,
    "service quality": 0.10,
    "delivery problems": 0.12,
    "product fit": 0.08,
    "competitor offer": 0.15,
    "insolvency": 0.06,
    "moved/merger": 0.07,
    "internal sourcing": 0.05,
    "other": 0.13,
}
# Reasons after which no competitor took the business and no win-back is possible or likely.
REASONS_WITHOUT_COMPETITOR = ("insolvency", "moved/merger", "internal sourcing", "other")

# Why opportunities are lost.
OPPORTUNITY_LOST_REASONS: dict[str, float] = {
    "price": 0.34,
    "competitor offer": 0.2,
    "product fit": 0.12,
    "delivery time": 0.1,
    "no decision": 0.14,
    "project cancelled": 0.1,
}
OPPORTUNITY_KINDS = (
    "framework contract",
    "retrofit",
    "new line",
    "tender",
    "spare parts agreement",
    "pilot project",
    "plant expansion",
    "service contract",
)
OPEN_STAGES: dict[str, float] = {  # stage -> the CRM's default close probability
    "Qualification": 0.1,
    "Needs analysis": 0.25,
    "Proposal": 0.5,
    "Negotiation": 0.75,
}
WON_STAGE = "Closed won"
LOST_STAGE = "Closed lost"

ATTITUDES = ("mentor", "positive", "neutral", "negative", "enemy")
BUYING_ROLES = (
    "decision maker",
    "user",
    "influencer",
    "ratifier",
    "specifier",
    "door opener",
    "buyer",
)


@dataclass(frozen=True)
class Position:
    """A job in a customer's organisation and the buying roles such a person usually has."""

    title: str
    department: str
    level: int
    """0 = top management .. 3 = staff; people report to someone of a lower level."""
    share: float
    """How often the job appears among an account's contacts below the top manager."""
    roles: dict[str, float]


# The top manager first: every account's first contact holds that job.
POSITIONS: tuple[Position, ...] = (
    Position("Managing Director", "Management", 0, 0.0, {"ratifier": 0.5, "decision maker": 0.5}),
    Position("Head of Purchasing", "Purchasing", 1, 3, {"decision maker": 0.6, "buyer": 0.4}),
    Position(
        "Technical Director", "Engineering", 1, 1.5, {"decision maker": 0.4, "influencer": 0.6}
    ),
    Position("Plant Manager", "Production", 1, 1.5, {"decision maker": 0.3, "influencer": 0.7}),
    Position(
        "Head of Maintenance",
        "Maintenance",
        2,
        2,
        {"user": 0.5, "influencer": 0.3, "specifier": 0.2},
    ),
    Position("Production Manager", "Production", 2, 2, {"user": 0.6, "influencer": 0.4}),
    Position("Quality Manager", "Quality", 2, 1.5, {"specifier": 0.6, "influencer": 0.4}),
    Position("Strategic Buyer", "Purchasing", 2, 2, {"buyer": 0.8, "influencer": 0.2}),
    Position("Controller", "Finance", 2, 0.8, {"ratifier": 0.6, "influencer": 0.4}),
    Position("Design Engineer", "Engineering", 3, 2, {"specifier": 0.7, "user": 0.3}),
    Position("Maintenance Technician", "Maintenance", 3, 1.5, {"user": 0.8, "door opener": 0.2}),
    Position("Purchasing Agent", "Purchasing", 3, 2, {"buyer": 0.9, "door opener": 0.1}),
    Position("Assistant to Management", "Management", 3, 0.7, {"door opener": 1.0}),
)

ACTIVITY_TYPES: dict[str, float] = {  # type -> share among routine touchpoints
    "visit": 0.2,
    "call": 0.32,
    "email": 0.26,
    "meeting": 0.1,
    "event": 0.04,
    "service": 0.08,
}
COMPLAINT = "complaint"

RATING_CRITERIA = (
    "product_fit",
    "cultural_fit",
    "geographic_fit",
    "channel_partner_potential",
    "strategic_importance",
)

# Segment (size band) by employees: the lower bound of each band, largest first.
SEGMENTS: tuple[tuple[int, str], ...] = (
    (1000, "Enterprise"),
    (250, "Upper mid-market"),
    (50, "Mid-market"),
    (0, "Small business"),
)


@dataclass(frozen=True)
class ProductGroup:
    """A product group: its articles, price range (EUR, list) and cost of goods share of list."""

    name: str
    articles: tuple[str, ...]
    price_range: tuple[float, float]
    cost_share: float


PRODUCT_GROUPS: tuple[ProductGroup, ...] = (
    ProductGroup(
        "Drive technology",
        ("Servomotor", "Getriebemotor", "Planetengetriebe", "Frequenzumrichter", "Kupplung",
         "Linearachse", "Schrittmotor"),
        (120, 3500),
        0.62,
    ),
    ProductGroup(
        "Hydraulics",
        ("Hydraulikzylinder", "Hydraulikpumpe", "Wegeventil", "Druckbegrenzungsventil",
         "Hydraulikaggregat", "Schlauchleitung", "Filterelement"),
        (25, 4500),
        0.6,
    ),
    ProductGroup(
        "Pneumatics",
        ("Pneumatikzylinder", "Magnetventil", "Wartungseinheit", "Druckluftschlauch",
         "Steckverschraubung", "Vakuumsauger"),
        (4, 450),
        0.55,
    ),
    ProductGroup(
        "Sensors",
        ("Näherungsschalter", "Drucksensor", "Temperaturfühler", "Lichtschranke", "Drehgeber",
         "Füllstandsensor", "Kamerasensor"),
        (20, 1800),
        0.48,
    ),
    ProductGroup(
        "Control systems",
        ("SPS-Steuerung", "Bedienpanel", "E/A-Modul", "Sicherheitsrelais", "Schaltschrank",
         "Netzteil", "Industrie-PC"),
        (60, 6500),
        0.58,
    ),
    ProductGroup(
        "Fasteners",
        ("Sechskantschraube VPE 100", "Zylinderschraube VPE 100", "Sechskantmutter VPE 200",
         "Unterlegscheibe VPE 500", "Gewindestange", "Blindniet VPE 500"),
        (3, 90),
        0.42,
    ),
    ProductGroup(
        "Tools",
        ("Drehmomentschlüssel", "Bohrer-Set", "Messschieber", "Schraubendreher-Set",
         "Akku-Bohrschrauber", "Werkzeugwagen"),
        (12, 2200),
        0.57,
    ),
    ProductGroup(
        "Service",
        ("Wartungsvertrag", "Inbetriebnahme", "Reparatur", "Schulung", "Ersatzteilpaket",
         "Technikerstunde", "Sicherheitsprüfung"),
        (85, 5000),
        0.35,
    ),
)  # fmt: skip

# How much an industry buys of each product group (rows: INDUSTRIES in order; columns:
# PRODUCT_GROUPS in order). Relative weights; an account's own mix is drawn around them.
PRODUCT_AFFINITY: tuple[tuple[float, ...], ...] = (
    (3.0, 1.5, 2.0, 3.0, 2.0, 3.0, 1.5, 1.0),  # automotive
    (4.0, 2.5, 2.5, 2.5, 3.0, 2.0, 1.5, 1.0),  # mechanical engineering
    (1.5, 1.0, 2.0, 3.0, 2.5, 1.0, 1.0, 3.0),  # chemicals
    (2.0, 0.5, 3.0, 2.5, 2.0, 0.7, 0.8, 3.0),  # food and beverage
    (1.0, 0.3, 1.5, 3.0, 3.5, 1.5, 2.0, 1.0),  # electronics
    (1.0, 3.5, 1.0, 0.7, 0.7, 3.5, 3.5, 1.0),  # construction
    (1.5, 0.3, 1.5, 3.0, 2.0, 1.0, 1.5, 2.0),  # medical technology
    (3.5, 1.5, 1.0, 2.5, 2.0, 1.0, 1.0, 3.0),  # logistics
    (2.0, 3.0, 2.5, 1.5, 2.0, 1.0, 1.0, 1.5),  # plastics
    (2.0, 2.0, 0.7, 2.5, 3.0, 1.5, 1.0, 3.5),  # energy
    (3.0, 0.5, 3.5, 2.5, 2.5, 0.8, 0.8, 2.0),  # packaging
    (1.5, 3.0, 2.0, 1.0, 1.0, 2.0, 3.5, 1.5),  # metalworking
)

# Relative invoiced volume per calendar month (January first): the summer break in August
# and the holidays at the end of December show as dips.
MONTH_WEIGHTS = (0.9, 1.0, 1.1, 1.05, 1.0, 1.05, 0.95, 0.62, 1.05, 1.1, 1.1, 0.72)

# Why management made an account a key account, or removed it (entered in German, as the
# management of this company writes).
KEY_ACCOUNT_REASONS_REVENUE = (
    "Top-Umsatzkunde, strategischer Partner",
    "Umsatzstärkster Kunde der Region",
    "Hoher Umsatz, mehrere Produktgruppen",
    "Wachstumsstarker Großkunde",
)
KEY_ACCOUNT_REASONS_POTENTIAL = (
    "Hohes Potenzial, geringer Lieferanteil",
    "Strategische Neukundenentwicklung: großes Einkaufsvolumen",
    "Potenzialkunde mit sehr guter Produktpassung",
)
KEY_ACCOUNT_REMOVAL_REVENUE = (
    "Umsatz deutlich rückläufig, kein strategischer Wert mehr",
    "Nicht mehr unter den umsatzstärksten Kunden",
)
KEY_ACCOUNT_REMOVAL_LOST = "Kunde verloren"

# Sites that tell two companies of the same name apart, e.g. "Weber Maschinenbau Ulm GmbH".
CITIES: dict[str, tuple[str, ...]] = {
    "DE": (
        "Stuttgart", "Ulm", "Augsburg", "Bielefeld", "Paderborn", "Kassel", "Chemnitz",
        "Dresden", "Leipzig", "Hannover", "Bremen", "Kiel", "Münster", "Dortmund", "Essen",
        "Aachen", "Karlsruhe", "Freiburg", "Regensburg", "Würzburg", "Nürnberg", "Heilbronn",
        "Siegen", "Osnabrück", "Rostock", "Erfurt", "Jena", "Mannheim", "Mainz", "Koblenz",
    ),
    "AT": ("Linz", "Graz", "Salzburg", "Innsbruck", "Wels", "Steyr", "Villach"),
    "CH": ("Zürich", "Basel", "Bern", "Luzern", "St. Gallen", "Winterthur", "Aarau"),
    "NL": ("Eindhoven", "Utrecht", "Rotterdam", "Venlo", "Tilburg", "Zwolle"),
    "BE": ("Antwerpen", "Gent", "Liège", "Hasselt", "Leuven"),
    "FR": ("Lyon", "Strasbourg", "Mulhouse", "Lille", "Nantes", "Grenoble"),
    "IT": ("Milano", "Torino", "Bologna", "Brescia", "Verona", "Bergamo"),
    "ES": ("Barcelona", "Valencia", "Bilbao", "Zaragoza", "Sevilla"),
    "PL": ("Poznan", "Wroclaw", "Katowice", "Gdansk", "Szczecin", "Lublin"),
    "CZ": ("Brno", "Plzen", "Ostrava", "Liberec", "Olomouc"),
    "HU": ("Gyor", "Debrecen", "Szeged", "Pécs", "Kecskemét"),
    "SE": ("Göteborg", "Malmö", "Västerås", "Örebro", "Jönköping"),
    "DK": ("Aarhus", "Odense", "Aalborg", "Vejle", "Esbjerg"),
    "GB": ("Birmingham", "Leeds", "Sheffield", "Coventry", "Bristol", "Derby"),
}  # fmt: skip
