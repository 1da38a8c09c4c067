"""Every fact of the 2024 activity report (verksamhetsrapport 2024), as data.

What the report does not say stays out: no dates, findings, populations or clause texts are
invented. Spellings are the report's; corrections live in aliases. Amounts are in tkr.
"""

SOURCE = "Verksamhetsrapport 2024, Hållbar Upphandling"
YEAR = 2024
SECRETARIAT = "KANSLIET"

# (ISO 3166-2:SE code, name, short name as in the accounts table, 2024 contribution in tkr)
REGIONS = [
    ("SE-K", "Region Blekinge", "Blekinge", 159),
    ("SE-W", "Region Dalarna", "Dalarna", 288),
    ("SE-I", "Region Gotland", "Gotland", 61),
    ("SE-X", "Region Gävleborg", "Gävleborg", 287),
    ("SE-N", "Region Halland", "Halland", 344),
    ("SE-Z", "Region Jämtland Härjedalen", "Jämtland Härjedalen", 133),
    ("SE-F", "Region Jönköpings län", "Jönköping", 369),
    ("SE-H", "Region Kalmar län", "Kalmar län", 248),
    ("SE-G", "Region Kronoberg", "Kronoberg", 204),
    ("SE-BD", "Region Norrbotten", "Norrbotten", 249),
    ("SE-M", "Region Skåne", "Skåne", 1419),
    ("SE-AB", "Region Stockholm", "Stockholm", 2440),
    ("SE-D", "Region Sörmland", "Sörmland", 303),
    ("SE-C", "Region Uppsala", "Uppsala", 404),
    ("SE-S", "Region Värmland", "Värmland", 284),
    ("SE-AC", "Region Västerbotten", "Västerbotten", 277),
    ("SE-Y", "Region Västernorrland", "Västernorrland", 243),
    ("SE-U", "Region Västmanland", "Västmanland", 281),
    ("SE-O", "Västra Götalandsregionen", "Västra Götalandsregionen", 1765),
    ("SE-T", "Region Örebro län", "Örebro län", 308),
    ("SE-E", "Region Östergötland", "Östergötland", 472),
]

# code: (name, short name, kind, country, description)
ORGANISATIONS = {
    SECRETARIAT: (
        "Regionernas nationella kansli för Hållbar Upphandling",
        "Kansliet",
        "secretariat",
        "SE",
        "Lindhagensgatan 98, Box 225 50, 104 22 Stockholm. www.hållbarupphandling.se",
    ),
    "ADDA": ("Adda Inköpscentral", "Adda", "purchasing_body", "SE", ""),
    "VARUFORS": ("Varuförsörjningen", "Varuförsörjningen", "purchasing_body", "SE", ""),
    "LMV": ("Läkemedelsverket", "Läkemedelsverket", "authority", "SE", ""),
    "UHM": ("Upphandlingsmyndigheten", "Upphandlingsmyndigheten", "authority", "SE", ""),
    "SVANEN": ("Miljömärkning Svanen", "Svanen", "other", "SE", ""),
    "MALMO": ("Malmö stad", "Malmö stad", "authority", "SE", ""),
    "RMC-MHF": (
        "RMC:s nätverksgrupp Miljö- och hälsofarliga ämnen i varor",
        "RMC:s nätverksgrupp",
        "network",
        "SE",
        "",
    ),
    "LFU": (
        "Ledningsnätverket för regionernas upphandling",
        "LfU",
        "network",
        "SE",
        "",
    ),
    "EW": (
        "Electronics Watch",
        "Electronics Watch",
        "ngo",
        "",
        "Oberoende ideell organisation som utvärderar arbetsvillkoren i leverantörsledet för "
        "IT-produkter åt offentlig sektor.",
    ),
    "IWGEPP": (
        "International Working Group on Ethical Public Procurement",
        "IWGEPP",
        "network",
        "",
        "Internationellt samarbete mellan offentliga myndigheter, akademi och "
        "civilsamhällsorganisationer från flera länder.",
    ),
    "SYKEHUSINNKJOP": ("Sykehusinnkjøp", "Sykehusinnkjøp", "nordic_partner", "NO", ""),
    "OSLO": ("Oslo kommun", "Oslo kommun", "nordic_partner", "NO", ""),
    "NHS-ENGLAND": ("NHS England", "NHS", "authority", "GB", "Englands hälsomyndighet."),
}

# (partner code, kind, since year, description)
PARTNERSHIPS = [
    (
        "ADDA",
        "cooperation_agreement",
        2015,
        "Samverkansavtal; 2024 med särskilt fokus på avtalsuppföljning och effektiva och "
        "kvalitetssäkrade processer för kontorsrevisioner.",
    ),
    (
        "EW",
        "membership",
        2016,
        "Sveriges regioner är medlemmar. Det nationella kansliet är representerat i styrelsen; "
        "Region Stockholm deltar i en arbetsgrupp för att stärka föreningsfriheten.",
    ),
    (
        "IWGEPP",
        "collaboration",
        None,
        "Kansliet ledde 2024 arbetsgruppen för hållbar upphandling i praktiken; Malmö stad leder "
        "arbetet 2025.",
    ),
]

# The category tree as far as the report names it: (name, parent name or None).
CATEGORIES = [
    ("Vårdrelaterad papper & plast", None),
    ("MT-bild och funktion", None),
    ("Vårdrelaterad utrustning och förbrukningsvaror", None),
    ("Sårvård och kompression", "Vårdrelaterad utrustning och förbrukningsvaror"),
    ("Läkemedel", None),
    ("Livsmedel", None),
]
# The report places its in-depth risk analyses and harmonised requirements "inom regionernas
# prioriterade inköpskategorier"; those categories are prioritised for 2023–2025. The risk level
# per area is in the missing picture of the tree, so it stays empty.
PRIORITY_PERIOD = (2023, 2025)
PRIORITISED_CATEGORIES = [
    "Vårdrelaterad papper & plast",
    "MT-bild och funktion",
    "Vårdrelaterad utrustning och förbrukningsvaror",
    "Läkemedel",
]

# (category, products/areas, responsible organisation codes)
RISK_ANALYSES = [
    ("Vårdrelaterad papper & plast", "Skyddsrockar", ["SE-Y", "SE-Z", "SE-BD", "SE-AC"]),
    ("MT-bild och funktion", "Energianvändning", ["SE-AB"]),
    (
        "Vårdrelaterad utrustning och förbrukningsvaror",
        "Tandvård och ortodonti",
        ["SE-T", "VARUFORS", "SE-U"],
    ),
]

STUDIES = [
    {
        "title": "Cirkulär ekonomi i hälso- och sjukvården",
        "responsible": [SECRETARIAT],
        "counterparts": [],
        "summary": "Rapport som ger regionerna grundläggande kunskap om cirkulär ekonomi, med "
        "fokus på hälso- och sjukvården, och visar på goda exempel från olika regioner.",
        "outcome": "Sammanställningen har delats med alla regioner.",
    },
    {
        "title": "NHS-programmet för klimatmål (netto-noll) jämfört med EU:s krav",
        "responsible": [],
        "counterparts": ["NHS-ENGLAND"],
        "summary": "Regionerna har fått förslag från Englands hälsomyndighet (NHS) om att delta i "
        "deras program för klimatmål (netto-noll). En analys har gjorts av skillnaderna mellan "
        "NHS-programmet och EU:s krav, vilket visat både likheter och olikheter.",
        "outcome": "Varje region beslutar om de vill ansluta sig till NHS-programmet.",
    },
]

# Instruments published in 2024. The clause texts are not in the report: none are invented.
INSTRUMENTS = [
    {
        "code": "uppforandekod",
        "kind": "code_of_conduct",
        "title": "Uppförandekod för leverantörer",
        "category": None,
        "all_prioritised": True,
        "products_areas": "",
        "responsible": [SECRETARIAT, "ADDA"],
        "description": "Regionernas gemensamma uppförandekod för leverantörer, framtagen "
        "tillsammans med Adda Inköpscentral. Omfattar mänskliga rättigheter, arbetares "
        "rättigheter, miljö och affärsetik.",
        "version_notes": "Reviderad version, lanserad 2024 efter nära tre år och en omfattande "
        "konsultationsrunda.",
        "related": [],
    },
    {
        "code": "villkor-hallbara-leveranskedjor",
        "kind": "due_diligence",
        "title": "Villkor för hållbara leveranskedjor",
        "category": None,
        "all_prioritised": True,
        "products_areas": "Uppförandekod och krav på tillbörlig aktsamhet för hållbara "
        "leveranskedjor.",
        "responsible": [SECRETARIAT, "ADDA"],
        "description": "Harmoniserade krav för tillbörlig aktsamhet, i linje med FN:s vägledande "
        "principer för företag och mänskliga rättigheter samt OECD:s riktlinjer om tillbörlig "
        "aktsamhet för ansvarsfullt företagande. Lanserades tillsammans med ett webbaserat stöd "
        "för upphandlande organisationer och leverantörer.",
        "version_notes": "Nya villkor, lanserade 2024 tillsammans med den reviderade "
        "uppförandekoden.",
        "related": ["uppforandekod"],
    },
    {
        "code": "miljokrav-sarvard-kompression",
        "kind": "environmental_requirement",
        "title": "Harmoniserade miljökrav: sårvård och kompression",
        "category": "Vårdrelaterad utrustning och förbrukningsvaror",
        "all_prioritised": False,
        "products_areas": "Sårvård och kompression",
        "responsible": ["RMC-MHF"],
        "description": "",
        "version_notes": "",
        "related": [],
    },
    {
        "code": "miljokrav-inkontinens",
        "kind": "environmental_requirement",
        "title": "Harmoniserade miljökrav: inkontinens",
        "category": "Vårdrelaterad utrustning och förbrukningsvaror",
        "all_prioritised": False,
        "products_areas": "Inkontinens (absorberande och avledande)",
        "responsible": ["SE-F", "SE-O", "SE-AB"],
        "description": "",
        "version_notes": "",
        "related": [],
    },
    {
        "code": "vagledning-lakemedel",
        "kind": "guidance",
        "title": "Vägledning för hållbarhetskriterier för läkemedel",
        "category": "Läkemedel",
        "all_prioritised": False,
        "products_areas": "Läkemedel",
        "responsible": ["SE-O"],
        "description": "",
        "version_notes": "Reviderad 2024.",
        "related": [],
    },
    {
        "code": "systematiskt-miljoarbete",
        "kind": "environmental_requirement",
        "title": "Harmoniserade krav: systematiskt miljöarbete",
        "category": None,
        "all_prioritised": True,
        "products_areas": "Systematiskt miljöarbete",
        "responsible": [SECRETARIAT, "ADDA"],
        "description": "",
        "version_notes": "",
        "related": [],
    },
    {
        "code": "bedomningsmall-kontorsrevision",
        "kind": "assessment_template",
        "title": "Bedömningsmall för kontorsrevisioner",
        "category": None,
        "all_prioritised": False,
        "products_areas": "",
        "responsible": ["ADDA", SECRETARIAT],
        "description": "Gemensam bedömningsmall för revisorer, för en kalibrerad och enhetlig "
        "bedömning av leverantörers efterlevnad av hållbarhetskrav. Ger vägledning för "
        "leverantörer med exempel på dokumentation som verifierar implementation av kraven.",
        "version_notes": "Lanserad 2024.",
        "related": [],
    },
]

# The two audit lists, in the report's order and spelling.
OFFICE_AUDITS = [
    "AB Nordenta",
    "Abcur",
    "Baxter Medical AB",
    "Betapharm Arzneimittel GmbH",
    "Bioglan AB",
    "Campus Pharma AB",
    "Canon Medical Systems",
    "Caretec i Forserum AB",
    "Catell AB",
    "Clemondo AB",
    "Diversey Sverige AB",
    "Dräger Sverige AB",
    "Dustin Sverige AB",
    "Ecolab AB",
    "Eli Lilly Sweden AB",
    "EQL Pharma AB",
    "Fisher & Paykel Healthcare AB",
    "Fresenius Kabi AB",
    "Gilead Sciences Sweden AB",
    "Hameln Pharma AB",
    "Hultafors Group AB",
    "KEN Hygiene Systems A/S",
    "LEO Pharma AB",
    "Macure Pharma ApS",
    "Meda AB",
    "Medi Sweden AB",
    "Menigo Foodservice AB",
    "Merck Sharp & Dohme (Sweden) AB",
    "Navamedivc AB",
    "Nowus Healthcare A/S",
    "Organon Sweden AB",
    "Orion Pharma AB",
    "Proact IT Sweden AB",
    "RaMa Medical Aktiebolag",
    "Rekal Svenska AB",
    "Secma",
    "Silentia",
    "Smartab Hi-Tech Chemicals AB",
    "Stada Nordic ApS",
    "Swereco AB",
    "TietoEvry",
    "Tilotts Pharma AB",
    "Timik AB",
    "Varian Medical Systems Scandinavia A/S",
]
FOLLOW_UP_AUDITS = [
    "Abena",
    "Abigo",
    "AD Medical",
    "AST Medical",
    "Betcon Dickinson",
    "Care of Sweden",
    "Cellcomb",
    "Convatec",
    "Dentsply/Wellspect",
    "Getinge",
    "Hartmann",
    "ICU Medical",
    "Kahls kaffe",
    "Lohmann & Rauscher",
    "Martin & Servera",
    "Medela Medical AB",
    "Mediplast",
    "Mediq Sverige",
    "Nutricia / Danone",
    "Plandent",
    "Sjöbloms",
    "Smith and Nephew",
    "STV",
    "Svensk Cater",
    "Vi tri Medical",
]
# "ICU Medical (tidigare Smiths Medical) (glöm ej ta med observatör)": the supplier is ICU
# Medical, formerly Smiths Medical, and its follow-up audit needs an observer.
OBSERVER_REQUIRED = {"ICU Medical"}

# supplier name: [(alias, kind, note)]
ALIASES = {
    "ICU Medical": [("Smiths Medical", "former_name", "Enligt verksamhetsrapport 2024.")],
    "Navamedivc AB": [("Navamedic AB", "spelling", "Rapporten stavar 'Navamedivc AB'.")],
    "Betcon Dickinson": [("Becton Dickinson", "spelling", "Rapporten stavar 'Betcon Dickinson'.")],
    "Canon Medical Systems": [
        ("Canon Medical AB", "spelling", "Namnet i rapportens incidentavsnitt.")
    ],
}

# Suppliers named only in incidents.
OTHER_SUPPLIERS = ["Bake My Day", "Sony", "Panasonic", "Daikin"]

# A site whose name the report does not give: described, not named.
SITES = [
    {
        "name": "Fabrik hos underleverantör i Malaysia",
        "kind": "factory",
        "country": "MY",
        "notes": "Underleverantör till Sony, Panasonic och Daikin där tvångsarbete har "
        "identifierats. Fabrikens namn anges inte i verksamhetsrapporten.",
        "suppliers": ["Sony", "Panasonic", "Daikin"],
    }
]

AGREEMENTS = [
    {
        "supplier": "Bake My Day",
        "lead": "SE-W",
        "category": "Livsmedel",
        "title": "Ramavtal bröd",
        "status": "terminated",
        "termination_reason": "Hävt av Region Dalarna efter uppgifter om att företaget brutit "
        "mot utlänningslagen (incidentärende 2024).",
    }
]

# Incidents handled in 2024. Timeline dates carry the precision the report gives.
INCIDENTS = [
    {
        "title": "Tvångsarbete och skuldslaveri bland migrantarbetare i Taiwan",
        "year_opened": 2024,
        "source": "",
        "source_detail": "Rapporter om risker för tvångsarbete och skuldslaveri",
        "category": None,
        "risks": ["forced_labour", "debt_bondage"],
        "countries": ["TW"],
        "lead": None,
        "involved": [],
        "partners": ["SYKEHUSINNKJOP"],
        "suppliers": [],
        "sites": [],
        "status": "open",
        "confidential": False,
        "description": "Efter rapporter om risker för tvångsarbete och skuldslaveri bland "
        "migrantarbetare i Taiwan har en uppföljning inletts i samarbete med norska "
        "Sykehusinnkjøp. Av cirka trettio leverantörer med tillverkning i Taiwan har två valts "
        "ut för en fördjupad granskning.",
        "outcome": "",
        "timeline": [
            (
                (2024, None),
                "year",
                "action",
                "Uppföljning inledd i samarbete med Sykehusinnkjøp; "
                "två av cirka trettio leverantörer med tillverkning i Taiwan valda för fördjupad "
                "granskning.",
            ),
            ((2025, None), "year", "planned", "Uppföljning på plats planeras."),
        ],
        "lab_tests": [],
    },
    {
        "title": "Bake My Day: brott mot utlänningslagen",
        "year_opened": 2024,
        "source": "",
        "source_detail": "",
        "category": "Livsmedel",
        "risks": ["illegal_employment"],
        "countries": ["SE"],
        "lead": "SE-W",
        "involved": ["SE-W"],
        "partners": [],
        "suppliers": ["Bake My Day"],
        "sites": [],
        "status": "closed",
        "confidential": False,
        "description": "Under året framkom uppgifter om att företaget Bake My Day brutit mot "
        "utlänningslagen inom riskkategorin livsmedel (bröd).",
        "outcome": "Region Dalarna hävde ramavtalet med Bake My Day och nätverket informerades "
        "om incidenten.",
        "timeline": [
            ((2024, None), "year", "decision", "Region Dalarna hävde ramavtalet med Bake My Day."),
            ((2024, None), "year", "action", "Nätverket informerades om incidenten."),
        ],
        "lab_tests": [],
    },
    {
        "title": "Tvångsarbete hos underleverantör till Sony, Panasonic och Daikin i Malaysia",
        "year_opened": 2024,
        "source": "",
        "source_detail": "",
        "category": None,
        "risks": ["forced_labour"],
        "countries": ["MY"],
        "lead": "SE-AB",
        "involved": ["SE-AB"],
        "partners": ["EW"],
        "suppliers": ["Sony", "Panasonic", "Daikin"],
        "sites": ["Fabrik hos underleverantör i Malaysia"],
        "status": "open",
        "confidential": False,
        "description": "Tvångsarbete har identifierats hos underleverantör till Sony, Panasonic "
        "och Daikin vid en fabrik i Malaysia. Incidenthanteringen leds av Region Stockholm i "
        "samarbete med Electronics Watch.",
        "outcome": "",
        "timeline": [
            (
                (2024, None),
                "year",
                "action",
                "Incidenthanteringen leds av Region Stockholm i samarbete med Electronics Watch.",
            ),
            (
                (2025, None),
                "year",
                "planned",
                "Arbetet fortsätter med krav på gottgörelse för migrantarbetare.",
            ),
        ],
        "lab_tests": [],
    },
    {
        "title": "Misstänkt mutbrott vid Region Uppsalas inköp av röntgenutrustning",
        "year_opened": 2024,
        "source": "",
        "source_detail": "",
        "category": None,
        "risks": ["corruption"],
        "countries": ["SE"],
        "lead": None,
        "involved": ["SE-C"],
        "partners": [],
        "suppliers": ["Canon Medical Systems"],
        "sites": [],
        "status": "closed",
        "confidential": False,
        "description": "Uppföljning av Canon Medical AB med särskilt fokus på korruption med "
        "anledning av misstänkt mutbrott i samband med Region Uppsalas inköp av "
        "röntgenutrustning.",
        "outcome": "En uppföljande kontorsrevision har genomförts där de interna systemen för "
        "anti-korruption bedöms som godkända.",
        "timeline": [
            (
                (2024, None),
                "year",
                "action",
                "Uppföljande kontorsrevision genomförd; de interna "
                "systemen för anti-korruption bedöms som godkända.",
            ),
        ],
        "lab_tests": [],
        # The office audit of Canon Medical Systems in the 2024 list is that follow-up.
        "audit_supplier": "Canon Medical Systems",
    },
    {
        "title": "Tomatpuré med möjligt ursprung i tvångsarbete i Xinjiang",
        "year_opened": 2024,
        "source": "media",
        "source_detail": "BBC",
        "category": "Livsmedel",
        "risks": ["forced_labour", "misleading_origin"],
        "countries": ["CN"],
        "lead": "SE-X",
        "involved": ["SE-X"],
        "partners": [],
        "suppliers": [],
        "sites": [],
        "status": "open",
        "confidential": False,
        "description": "Under året granskade BBC tomatpuré på den brittiska marknaden och fann att "
        "den kan innehålla tomater från Xinjiang, Kina, där statligt subventionerat tvångsarbete "
        "förekommer. Vissa produkter har dessutom marknadsförts som italienska.",
        "outcome": "",
        "timeline": [
            (
                (2024, None),
                "year",
                "action",
                "Region Gävleborg har inlett en riskkartläggning av "
                "relevanta leverantörer för att utreda om tomatpuré som levereras till Sveriges "
                "regioner kan ha samma koppling.",
            ),
        ],
        "lab_tests": [],
    },
    {
        "title": "Bomullens ursprung inom sårvård och kompression",
        "year_opened": 2023,
        "source": "own_mapping",
        "source_detail": "",
        "category": "Sårvård och kompression",
        "risks": ["forced_labour"],
        "countries": ["CN"],
        "lead": None,
        "involved": ["SE-I", "SE-AB", "SE-S", "SE-T"],
        "partners": [],
        "suppliers": [],
        "sites": [],
        "status": "open",
        "confidential": False,
        "description": "Projekt för att kartlägga ursprunget av bomull inom kategorin sårvård och "
        "kompression, genomfört av en grupp från Region Gotland, Stockholm, Värmland och Örebro. "
        "En leverantör har valts för isotopanalys av bomullsprodukter för att identifiera "
        "ursprunget och spårbarheten, särskilt med avseende på eventuell användning av bomull "
        "från regioner med statligt sanktionerat tvångsarbete, såsom Xinjiang i Kina.",
        "outcome": "",
        "timeline": [
            (
                (2023, None),
                "year",
                "action",
                "Riskprodukter och leverantörernas kännedom om råvarornas ursprung kartlades.",
            ),
            (
                (2024, None),
                "year",
                "action",
                "Avtal för analyser upprättades, produkter "
                "identifierades för testning och dialog fördes med leverantörer om spårbarhet.",
            ),
            ((2025, 1), "month", "action", "Provtagning av produkter inleddes."),
        ],
        "lab_tests": [
            {
                "sample": "Bomullsprodukter från en utvald leverantör",
                "method": "Isotopanalys",
                "status": "sampling",
                "sampled_on": (2025, 1),
                "sampled_precision": "month",
            }
        ],
    },
]

# Events of 2024. participants=None where the report gives no number; lower=True for "över N".
EVENTS = [
    {
        "title": "Utbildningar om den reviderade uppförandekoden och villkoren för hållbara "
        "leveranskedjor",
        "kind": "training",
        "format": "online",
        "occurrences": 4,
        "organisers": [SECRETARIAT, "ADDA"],
        "audience": "Upphandlare, hållbarhetskonsulter och leverantörer",
        "topics": "Den reviderade uppförandekoden för leverantörer; kontraktsvillkoren för "
        "tillbörlig aktsamhet kring hållbara leveranskedjor; det webbaserade stödet för "
        "upphandlande organisationer och leverantörer.",
        "participants": 560,
        "lower": True,
        "location": "",
        "description": "",
    },
    {
        "title": "Internutbildningar i hållbar upphandling",
        "kind": "internal_training",
        "format": "",
        "occurrences": 2,
        "organisers": [SECRETARIAT],
        "audience": "Upphandlare, controllers, hållbarhets- och miljöstrateger samt "
        "kategoriansvariga från Sveriges regioner",
        "topics": "Offentlig upphandlings betydelse som politiskt styrmedel för att nå målen i "
        "Agenda 2030; vilka ansvarsområden som omfattas; innehållet i regionernas gemensamma "
        "uppförandekod för leverantörer; praktiska metoder för uppföljningar och "
        "avvikelsehantering.",
        "participants": 140,
        "lower": True,
        "location": "",
        "description": "",
    },
    {
        "title": "Webinarier i samarbete med Läkemedelsverket",
        "kind": "webinar",
        "format": "online",
        "occurrences": 3,
        "organisers": [SECRETARIAT, "LMV"],
        "audience": "",
        "topics": "MDR och miljöhänsyn i reglering; renovering av medicinteknisk utrustning; "
        "reprocessing av medicintekniska engångsprodukter.",
        "participants": 150,
        "lower": True,
        "location": "",
        "description": "",
    },
    {
        "title": "Nätverkets årliga konferens: överkonsumtion av engångsprodukter i hälso- och "
        "sjukvården",
        "kind": "conference",
        "format": "",
        "occurrences": 1,
        "organisers": [SECRETARIAT],
        "audience": "",
        "topics": "Överkonsumtion av engångsprodukter inom hälso- och sjukvården.",
        "participants": None,
        "lower": False,
        "location": "",
        "description": "Dr Mahmood Bhutta, öron-, näsa- och halsläkare samt professor i "
        "miljömässig hållbarhet inom vårdssystem i Storbritannien, föreläste om sin forskning "
        "kring överkonsumtion och möjliga åtgärder.",
    },
    {
        "title": "Utbildning om miljömärkning och krav på typ 1-miljömärkningar",
        "kind": "training",
        "format": "",
        "occurrences": 1,
        "organisers": [SECRETARIAT, "SVANEN"],
        "audience": "",
        "topics": "Miljömärkning och hur upphandlande myndigheter kan ställa krav på typ 1 "
        "miljömärkningar.",
        "participants": None,
        "lower": False,
        "location": "",
        "description": "",
    },
    {
        "title": "Slutrapportering: miljömässig marknadsanalys av medicinteknisk utrustning",
        "kind": "webinar",
        "format": "online",
        "occurrences": 1,
        "organisers": [],
        "audience": "",
        "topics": "Energi, mätstandarder och jämförelse av energieffektivitet.",
        "participants": None,
        "lower": False,
        "location": "",
        "description": "",
    },
    {
        "title": "Nordisk konferens för upphandlingschefer och hållbarhetsteam",
        "kind": "conference",
        "format": "",
        "occurrences": 1,
        "organisers": [SECRETARIAT, "LFU"],
        "audience": "Upphandlingschefer från samtliga nordiska länder och hållbarhetsteam",
        "topics": "Utmaningar och lösningar inom hållbar offentlig upphandling.",
        "participants": None,
        "lower": False,
        "location": "",
        "description": "Den första gemensamma nordiska konferensen; ett av fokusområdena var "
        "hållbar upphandling.",
    },
    {
        "title": "Marknadsdialog om miljömärkning av medicintekniska produkter",
        "kind": "market_dialogue",
        "format": "in_person",
        "occurrences": 1,
        "organisers": [],
        "audience": "",
        "topics": "Fler miljömärkningar för medicintekniska produkter.",
        "participants": 60,
        "lower": True,
        "location": "Malmö",
        "description": "Inom den nordiska samverkan. Dialogen resulterade i att marknaden rör sig "
        "mot att börja certifiera, eller undersöka att certifiera, miljömärkta produkter.",
    },
    {
        "title": "Nordiskt möte om hållbar upphandling",
        "kind": "meeting",
        "format": "",
        "occurrences": 1,
        "organisers": ["SYKEHUSINNKJOP", "OSLO"],
        "audience": "",
        "topics": "Att dela kravformuleringar och arbetssätt för uppföljning.",
        "participants": None,
        "lower": False,
        "location": "",
        "description": "Kansliet medverkade.",
    },
    {
        "title": "IWGEPP: fysiskt möte i Bryssel",
        "kind": "meeting",
        "format": "in_person",
        "occurrences": 1,
        "organisers": ["IWGEPP"],
        "audience": "",
        "topics": "",
        "participants": None,
        "lower": False,
        "location": "Bryssel",
        "description": "Året avslutades med ett fysiskt möte där Malmö stad tog över "
        "ordförandeklubban inför 2025.",
    },
]
# Where representatives of the collaboration spoke or presented.
INVITED = "Representanter från kansliet och nätverket deltog som inbjudna talare."
EXTERNAL_APPEARANCES = [
    (
        "Swedish Medtech Sustainability Forum 2024",
        "Kartläggningen av medicinteknisk utrustning presenterades.",
    ),
    (
        "Seminarieserie i kursen Läkemedel i miljön, Uppsala universitet",
        "Västra Götalandsregionen medverkade som föreläsare för blivande farmaceuter.",
    ),
    ("FN", INVITED),
    ("United Nations Forum for Business and Human Rights", INVITED),
    ("Almedalsveckan", INVITED),
    ("Försvarets Materielverk", INVITED),
    ("OECD Textile and Garment Forum", INVITED),
    ("Universitetet i Rom", INVITED),
    ("Procura+", INVITED),
    ("Sveriges Offentliga Inköpare", INVITED),
    ("Regionernas interna utbildningar och konferenser", INVITED),
]

# (year, key, value, note)
YEARLY_FIGURES = [
    (2023, "newsletters", 13, ""),
    (2024, "newsletters", 18, ""),
    (2023, "newsletter_subscribers", 103, ""),
    (2024, "newsletter_subscribers", 198, ""),
    (2023, "media_articles", 5, ""),
    (2024, "media_articles", 13, ""),
    (2024, "linkedin_followers", 1700, "Följare på Hållbar Upphandlings LinkedIn-sida."),
    (2023, "secretariat_staff", 3, "Antalet medarbetare på kansliet före ökningen 2024."),
    (2024, "secretariat_staff", 5, ""),
    (2024, "communication_fte_percent", 20, "Personella resurser för extern kommunikation."),
    (2023, "audits_total", 42, "Revisioner under 2023, före portalen."),
    (2024, "ew_factories_reviewed", 14, "I Region Stockholms leveranskedjor."),
    (2024, "ew_mines_reviewed", 2, "I Region Stockholms leveranskedjor."),
]

ACCOUNTS = {
    "opening_balance": 4120,
    "closing_balance": 1938,
    "note": "Överskottet om SEK 1,9 miljoner har bokats upp som en förutbetalad intäkt och "
    "förbrukas under 2025.",
    # (kind, label, amount, note)
    "costs": [
        ("staff", "Personalkostnader", 6921, ""),
        ("rent_it", "Hyra och IT-arbetsplats", 512, ""),
        ("travel", "Resekostnader", 175, ""),
        (
            "consultants",
            "Konsulter och köpta tjänster",
            4882,
            "Inkluderar kostnader för riskanalyser, harmoniserade miljökrav och kontorsrevisioner.",
        ),
        ("membership_fees", "Medlemsavgifter", 230, ""),
    ],
}
