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

# --- generate_scale_data (bench/scale_data.py) ---------------------------------------------------

# Nordic organisations that lead audits at scale above 1, beside the 21 Swedish regions: regions,
# health authorities, cities and purchasing bodies of Norway, Denmark, Finland and Iceland. The
# regions carry their ISO 3166-2 code (NO-03, DK-84, FI-18, IS-1), the others a code made up
# here. Every row made from these is synthetic. Country → [(kind, code, name, short name)].
NORDIC_ORGANISATIONS = {
    "NO": [
        ("nordic_partner", "NO-03", "Helseetaten i Oslo", "Oslo"),
        ("nordic_partner", "NO-11", "Rogaland fylkeskommune", "Rogaland"),
        ("nordic_partner", "NO-15", "Møre og Romsdal fylkeskommune", "Møre og Romsdal"),
        ("nordic_partner", "NO-18", "Nordland fylkeskommune", "Nordland"),
        ("nordic_partner", "NO-31", "Østfold fylkeskommune", "Østfold"),
        ("nordic_partner", "NO-32", "Akershus fylkeskommune", "Akershus"),
        ("nordic_partner", "NO-33", "Buskerud fylkeskommune", "Buskerud"),
        ("nordic_partner", "NO-34", "Innlandet fylkeskommune", "Innlandet"),
        ("nordic_partner", "NO-39", "Vestfold fylkeskommune", "Vestfold"),
        ("nordic_partner", "NO-40", "Telemark fylkeskommune", "Telemark"),
        ("nordic_partner", "NO-42", "Agder fylkeskommune", "Agder"),
        ("nordic_partner", "NO-46", "Vestland fylkeskommune", "Vestland"),
        ("nordic_partner", "NO-50", "Trøndelag fylkeskommune", "Trøndelag"),
        ("nordic_partner", "NO-55", "Troms fylkeskommune", "Troms"),
        ("nordic_partner", "NO-56", "Finnmark fylkeskommune", "Finnmark"),
        ("nordic_partner", "NO-RHF-SO", "Helse Sør-Øst RHF", "Helse Sør-Øst"),
        ("nordic_partner", "NO-RHF-V", "Helse Vest RHF", "Helse Vest"),
        ("nordic_partner", "NO-RHF-M", "Helse Midt-Norge RHF", "Helse Midt-Norge"),
        ("nordic_partner", "NO-RHF-N", "Helse Nord RHF", "Helse Nord"),
        ("authority", "NO-BERGEN", "Bergen kommune", "Bergen"),
        ("authority", "NO-TRONDHEIM", "Trondheim kommune", "Trondheim"),
        ("authority", "NO-STAVANGER", "Stavanger kommune", "Stavanger"),
        ("authority", "NO-TROMSO", "Tromsø kommune", "Tromsø"),
        ("purchasing_body", "NO-NIH", "Nasjonalt innkjøpssamarbeid for helse", "NIH"),
    ],
    "DK": [
        ("nordic_partner", "DK-81", "Region Nordjylland", "Nordjylland"),
        ("nordic_partner", "DK-82", "Region Midtjylland", "Midtjylland"),
        ("nordic_partner", "DK-83", "Region Syddanmark", "Syddanmark"),
        ("nordic_partner", "DK-84", "Region Hovedstaden", "Hovedstaden"),
        ("nordic_partner", "DK-85", "Region Sjælland", "Sjælland"),
        ("authority", "DK-KOBENHAVN", "Københavns Kommune", "København"),
        ("authority", "DK-AARHUS", "Aarhus Kommune", "Aarhus"),
        ("authority", "DK-ODENSE", "Odense Kommune", "Odense"),
        ("authority", "DK-AALBORG", "Aalborg Kommune", "Aalborg"),
        ("purchasing_body", "DK-RFI", "Regionernes Fælles Indkøb", "RFI"),
        ("purchasing_body", "DK-KIS", "Kommunernes Indkøbsservice", "KIS"),
        ("purchasing_body", "DK-SYGEHUSAPOTEK", "Sygehusapotekernes Indkøb", "Sygehusapotekerne"),
    ],
    "FI": [
        ("nordic_partner", "FI-01", "Ålands hälso- och sjukvård", "Åland"),
        ("nordic_partner", "FI-02", "Etelä-Karjalan hyvinvointialue", "Etelä-Karjala"),
        ("nordic_partner", "FI-03", "Etelä-Pohjanmaan hyvinvointialue", "Etelä-Pohjanmaa"),
        ("nordic_partner", "FI-04", "Etelä-Savon hyvinvointialue", "Etelä-Savo"),
        ("nordic_partner", "FI-05", "Kainuun hyvinvointialue", "Kainuu"),
        ("nordic_partner", "FI-06", "Kanta-Hämeen hyvinvointialue", "Kanta-Häme"),
        ("nordic_partner", "FI-07", "Keski-Pohjanmaan hyvinvointialue", "Keski-Pohjanmaa"),
        ("nordic_partner", "FI-08", "Keski-Suomen hyvinvointialue", "Keski-Suomi"),
        ("nordic_partner", "FI-09", "Kymenlaakson hyvinvointialue", "Kymenlaakso"),
        ("nordic_partner", "FI-10", "Lapin hyvinvointialue", "Lappi"),
        ("nordic_partner", "FI-11", "Pirkanmaan hyvinvointialue", "Pirkanmaa"),
        ("nordic_partner", "FI-12", "Pohjanmaan hyvinvointialue", "Pohjanmaa"),
        ("nordic_partner", "FI-13", "Pohjois-Karjalan hyvinvointialue", "Pohjois-Karjala"),
        ("nordic_partner", "FI-14", "Pohjois-Pohjanmaan hyvinvointialue", "Pohjois-Pohjanmaa"),
        ("nordic_partner", "FI-15", "Pohjois-Savon hyvinvointialue", "Pohjois-Savo"),
        ("nordic_partner", "FI-16", "Päijät-Hämeen hyvinvointialue", "Päijät-Häme"),
        ("nordic_partner", "FI-17", "Satakunnan hyvinvointialue", "Satakunta"),
        ("nordic_partner", "FI-18", "Uudenmaan hyvinvointialueet", "Uusimaa"),
        ("nordic_partner", "FI-19", "Varsinais-Suomen hyvinvointialue", "Varsinais-Suomi"),
        ("authority", "FI-HELSINKI", "Helsingin kaupunki", "Helsinki"),
        ("authority", "FI-ESPOO", "Espoon kaupunki", "Espoo"),
        ("authority", "FI-TAMPERE", "Tampereen kaupunki", "Tampere"),
        ("authority", "FI-TURKU", "Turun kaupunki", "Turku"),
        ("authority", "FI-OULU", "Oulun kaupunki", "Oulu"),
        (
            "purchasing_body",
            "FI-HANKINTA",
            "Hyvinvointialueiden yhteishankinnat",
            "Yhteishankinnat",
        ),
        (
            "purchasing_body",
            "FI-SAIRAALAHANKINTA",
            "Sairaalahankintojen verkosto",
            "Sairaalahankinnat",
        ),
    ],
    "IS": [
        ("nordic_partner", "IS-1", "Heilsugæsla höfuðborgarsvæðisins", "Höfuðborgarsvæðið"),
        ("nordic_partner", "IS-2", "Heilbrigðisstofnun Suðurnesja", "Suðurnes"),
        ("nordic_partner", "IS-3", "Heilbrigðisstofnun Vesturlands", "Vesturland"),
        ("nordic_partner", "IS-4", "Heilbrigðisstofnun Vestfjarða", "Vestfirðir"),
        ("nordic_partner", "IS-5", "Heilbrigðisstofnun Norðurlands vestra", "Norðurland vestra"),
        ("nordic_partner", "IS-6", "Heilbrigðisstofnun Norðurlands eystra", "Norðurland eystra"),
        ("nordic_partner", "IS-7", "Heilbrigðisstofnun Austurlands", "Austurland"),
        ("nordic_partner", "IS-8", "Heilbrigðisstofnun Suðurlands", "Suðurland"),
        ("authority", "IS-REYKJAVIK", "Reykjavíkurborg", "Reykjavík"),
        ("authority", "IS-KOPAVOGUR", "Kópavogsbær", "Kópavogur"),
        ("authority", "IS-AKUREYRI", "Akureyrarbær", "Akureyri"),
        ("purchasing_body", "IS-INNKAUP", "Sameiginleg innkaup heilbrigðisstofnana", "Innkaup"),
    ],
}
# Legal forms of suppliers from the Nordic countries beyond Sweden (beside words.COUNTRIES).
NORDIC_FORMS = {"NO": " AS", "DK": " A/S", "FI": " Oy", "IS": " ehf."}
# Places a supplier's name may carry at scale: " Kiruna" in "Nordmed Medical Kiruna AB". The
# empty string keeps the plain names most likely.
NAME_PLACES = [""] * 20 + [
    " Kiruna", " Luleå", " Umeå", " Sundsvall", " Gävle", " Falun", " Karlstad", " Västerås",
    " Eskilstuna", " Norrköping", " Linköping", " Jönköping", " Växjö", " Kalmar", " Karlskrona",
    " Halmstad", " Borås", " Trollhättan", " Visby", " Östersund", " Örebro", " Uppsala",
    " Helsingborg", " Lund", " Malmö", " Göteborg", " Stockholm", " Södertälje", " Skövde",
    " Oslo", " Bergen", " Trondheim", " Stavanger", " Tromsø", " Bodø", " Ålesund",
    " København", " Aarhus", " Odense", " Aalborg", " Esbjerg", " Vejle", " Helsinki",
    " Espoo", " Tampere", " Turku", " Oulu", " Vaasa", " Kuopio", " Reykjavík", " Akureyri",
    " Nordic", " Baltic", " Arctic", " Europe", " International", " Partner", " Service",
]  # fmt: skip
