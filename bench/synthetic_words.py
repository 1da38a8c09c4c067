"""The word lists bench/synthetic_year.py draws its Swedish-looking rows from.

Kept apart from the generator so that it reads as what it does. Nothing here is a fact: every row
made from these words is marked ``is_synthetic``.
"""

# Supplier names: prefix + root + middle + legal form. 40 × 30 × 12 is ample for 2 000 names.
NAME_PREFIXES = [
    "Nord", "Syd", "Väst", "Öst", "Scandi", "Medi", "Care", "Lab", "Bio", "Pharma",
    "Dental", "Ortho", "Steri", "Clean", "Green", "Eko", "Fjäll", "Älv", "Sjö", "Berg",
    "Skog", "Ström", "Lund", "Göta", "Svea", "Vasa", "Polar", "Aurora", "Nova", "Vita",
    "Prima", "Opti", "Flex", "Safe", "Aqua", "Terra", "Lumi", "Kron", "Ek", "Åre",
]  # fmt: skip
NAME_ROOTS = [
    "med", "tech", "care", "lab", "vård", "pack", "plast", "textil", "kem", "optik",
    "data", "tronic", "trading", "supply", "logistik", "produkt", "instrument", "diagnostik",
    "hygien", "möbel", "form", "line", "gruppen", "kraft", "sense", "vision", "pro", "life",
    "nova", "matic",
]  # fmt: skip
NAME_MIDDLES = [
    "", "", "", " Medical", " Nordic", " Scandinavia", " Healthcare", " Solutions",
    " Group", " Instrument", " Hygien & Service", " Sjukvårdsprodukter",
]  # fmt: skip

# (country, legal form, share of suppliers): most suppliers of the regions are Swedish
# companies with an organisation number; the rest have none.
COUNTRIES = [
    ("SE", " AB", 0.88),
    ("DE", " GmbH", 0.03),
    ("FI", " Oy", 0.02),
    ("DK", " A/S", 0.02),
    ("NL", " B.V.", 0.01),
    ("CN", " Co., Ltd.", 0.02),
    ("MY", " Sdn. Bhd.", 0.01),
    ("GB", " Ltd", 0.01),
]

# Findings: (area, description) with a root cause and the action required.
FINDINGS = [
    ("labour_rights", "Arbetstiden överskrider 60 timmar per vecka hos en underleverantör."),
    ("labour_rights", "Övertid ersätts inte enligt lokal lagstiftning."),
    ("labour_rights", "Anställningsavtal saknas för inhyrd personal."),
    ("labour_rights", "Arbetstagare har betalat rekryteringsavgifter till agenter."),
    ("human_rights", "Leverantören saknar en kartläggning av risker i leveranskedjan."),
    ("human_rights", "Ingen klagomålsmekanism finns för arbetstagare hos underleverantörer."),
    ("human_rights", "Uppförandekoden har inte förts vidare till underleverantörer."),
    ("environment", "Kemikalier förvaras utan invallning."),
    ("environment", "Miljöpolicyn saknar mätbara mål."),
    ("environment", "Avfall sorteras inte enligt gällande tillstånd."),
    ("business_ethics", "Riktlinjer mot mutor och korruption saknas."),
    ("business_ethics", "Leverantören kan inte visa vem som äger underleverantören."),
]
ROOT_CAUSES = [
    "Ansvaret för hållbarhetsfrågor är inte fördelat i organisationen.",
    "Underleverantörer följs inte upp systematiskt.",
    "Rutinen finns men är inte känd av personalen.",
    "Leverantören har vuxit snabbt och processerna har inte följt med.",
]
REQUIRED_ACTIONS = [
    "Ta fram en handlingsplan med tidsatta åtgärder.",
    "Redovisa dokumentation som visar att rutinen tillämpas.",
    "Genomför en riskkartläggning av leveranskedjan och redovisa resultatet.",
    "Inför en rutin och utbilda berörd personal.",
]
GOOD_PRACTICES = [
    "Leverantören följer upp sina underleverantörer med egna platsbesök.",
    "Arbetstagarrepresentanter deltar i riskbedömningen.",
    "Spårbarheten är dokumenterad ända till råvaran.",
]

# Incidents: risk area → the title's words.
INCIDENT_RISKS = {
    "forced_labour": "Misstänkt tvångsarbete",
    "debt_bondage": "Skuldslaveri bland migrantarbetare",
    "child_labour": "Misstänkt barnarbete",
    "corruption": "Misstänkt korruption",
    "illegal_employment": "Brott mot utlänningslagen",
    "working_conditions": "Bristande arbetsvillkor",
    "environment": "Utsläpp till vattendrag",
    "misleading_origin": "Vilseledande ursprungsuppgifter",
}
# Only codes the report prints by their Swedish name (reporting/templatetags/report_format.py).
INCIDENT_COUNTRIES = ["CN", "MY", "TW", "IN", "PK", "VN", "TH", "BD", "TR", "SE", "DE", "IT"]
INCIDENT_STEPS = [
    ("action", "Leverantören har kontaktats och ombetts redogöra för sina rutiner."),
    ("action", "Dokumentation har begärts in från leverantören och dess underleverantör."),
    ("finding", "Granskningen bekräftade delar av uppgifterna."),
    ("decision", "Leverantören ska ta fram en handlingsplan."),
    ("action", "En återrevision har genomförts hos underleverantören."),
]

# Events: (kind, title, format, organiser kinds).
EVENT_TOPICS = [
    "uppförandekoden för leverantörer",
    "villkor för hållbara leveranskedjor",
    "avtalsuppföljning i praktiken",
    "kemikaliekrav i upphandling",
    "cirkulära inköp av möbler",
    "klimatkrav för transporter",
    "mänskliga rättigheter i leveranskedjan",
    "riskanalys av inköpskategorier",
    "miljömärkning av medicintekniska produkter",
    "kontorsrevisioner och avvikelsehantering",
    "tillbörlig aktsamhet enligt OECD",
    "hållbara textilier i vården",
]
CITIES = ["Stockholm", "Göteborg", "Malmö", "Uppsala", "Örebro", "Umeå", "Linköping", "Luleå"]
APPEARANCES = [
    "Swedish Medtech Sustainability Forum",
    "Almedalsveckan",
    "Sveriges Offentliga Inköpare",
    "OECD Forum on Responsible Business Conduct",
    "Procura+",
    "Upphandlingsdagarna",
    "United Nations Forum on Business and Human Rights",
    "Nordiska upphandlingsdagarna",
]
PRODUCT_AREAS = [
    "Operationstextilier",
    "Handskar",
    "Kanyler och sprutor",
    "Kontorsmöbler",
    "IT-hårdvara",
    "Livsmedel: kaffe och kakao",
    "Städkemikalier",
    "Förbandsmaterial",
    "Inkontinensprodukter",
    "Laboratorieutrustning",
]
COST_LINES = [
    ("staff", "Personalkostnader", 0.52),
    ("rent_it", "Hyra och IT-arbetsplats", 0.04),
    ("travel", "Resekostnader", 0.02),
    ("consultants", "Konsulter och köpta tjänster", 0.38),
    ("membership_fees", "Medlemsavgifter", 0.02),
    ("other", "Övriga kostnader", 0.02),
]
