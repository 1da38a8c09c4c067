"""An invented year of the collaboration for the report's tests, with ``n`` of every counted
thing (other counts, countries, regions and amounts than 2024), written straight to the database.

``invent_year(year, n)`` returns what it wrote, so that a test can compare the printed report with
it. With ``n=1`` every counted noun of the report stands in the singular (one risk analysis, one
audit, one incident …); with ``n=2`` some in the singular and some in the plural; with a larger
``n`` everything is plural and the texts are long, so that the pages fill and break.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from audits.choices import AuditKind, AuditStatus, FindingKind, FindingSeverity
from audits.models import Audit, Finding
from incidents.choices import DatePrecision, IncidentRiskArea, IncidentStatus, TimelineKind
from incidents.models import Incident, IncidentEvent, IncidentRisk
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from reporting.choices import CostKind, EventKind, FigureKey, ReportSection
from reporting.models import (
    Contribution,
    CostLine,
    Event,
    FinancialYear,
    Narrative,
    YearlyFigure,
)
from requirements_catalog.choices import InstrumentKind, VersionStatus
from requirements_catalog.models import Instrument, InstrumentVersion
from riskanalysis.choices import RiskAnalysisKind
from riskanalysis.models import Category, RiskAnalysis, Study
from suppliers.models import Supplier

# Regions of the invented years (ISO 3166-2:SE) and countries from the whole alphabet, several
# of them missing from any short hand list: Côte d'Ivoire, both Congos, North Korea, Bonaire.
REGIONS = (
    ("SE-Y", "Region Västernorrland", "Västernorrland"),
    ("SE-Z", "Region Jämtland Härjedalen", "Jämtland Härjedalen"),
    ("SE-BD", "Region Norrbotten", "Norrbotten"),
    ("SE-K", "Region Blekinge", "Blekinge"),
    ("SE-I", "Region Gotland", "Gotland"),
    ("SE-N", "Region Halland", "Halland"),
    ("SE-W", "Region Dalarna", "Dalarna"),
)
COUNTRIES = ("CI", "CD", "KP", "BQ", "MM", "UZ", "GH")
SWEDISH_COUNTRIES = {
    "CI": "Elfenbenskusten",
    "CD": "Kongo-Kinshasa",
    "KP": "Nordkorea",
    "BQ": "Karibiska Nederländerna",
    "MM": "Myanmar (Burma)",
    "UZ": "Uzbekistan",
    "GH": "Ghana",
}

FILLER = (
    "Arbetet under året har bedrivits i nära samverkan mellan regionerna och kansliet, med "
    "fokus på de prioriterade inköpskategorierna och på att följa upp leverantörernas arbete "
    "med tillbörlig aktsamhet i leveranskedjorna. "
)


@dataclass
class InventedYear:
    year: int
    n: int
    risk_analyses: int = 0
    in_depth: int = 0
    studies: int = 0
    harmonised: int = 0
    office_audits: int = 0
    follow_up_audits: int = 0
    previous_year_audits: int = 0
    findings: int = 0
    incidents: int = 0
    confidential_incidents: int = 0
    countries: list[str] = field(default_factory=list)
    participants: dict[str, int] = field(default_factory=dict)  # kind → total
    sessions: dict[str, int] = field(default_factory=dict)  # kind → sessions
    events: dict[str, int] = field(default_factory=dict)  # kind → events
    event_participants: list[int] = field(default_factory=list)
    contributions: Decimal = Decimal(0)
    costs: Decimal = Decimal(0)
    opening_balance: Decimal = Decimal(0)
    closing_balance: Decimal = Decimal(0)

    @property
    def audits(self) -> int:
        return self.office_audits + self.follow_up_audits

    @property
    def competence_participants(self) -> int:
        return sum(self.participants.values())


def _regions() -> list[Organisation]:
    regions = []
    for code, name, short in REGIONS:
        region, _created = Organisation.objects.get_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": OrganisationKind.REGION},
        )
        regions.append(region)
    return regions


def _secretariat() -> Organisation:
    secretariat = Organisation.objects.filter(kind=OrganisationKind.SECRETARIAT).first()
    return secretariat or Organisation.objects.create(
        code="KANSLIET", name="Kansliet", short_name="Kansliet", kind=OrganisationKind.SECRETARIAT
    )


def invent_year(year: int, n: int, *, narratives: bool = True) -> InventedYear:
    """Write a year with ``n`` of every counted thing; returns what was written."""
    made = InventedYear(year=year, n=n)
    regions = _regions()
    secretariat = _secretariat()
    category, _created = Category.objects.get_or_create(name=f"Uppfunnen kategori {year}")

    # Risk analyses (all in depth when there is one, else all but one) and studies.
    for i in range(n):
        in_depth = n == 1 or i > 0
        analysis = RiskAnalysis.objects.create(
            title=f"Riskanalys {i + 1} {year}",
            kind=RiskAnalysisKind.IN_DEPTH if in_depth else RiskAnalysisKind.OVERVIEW,
            category=category,
            products_areas=f"Produktområde {i + 1}",
            year=year,
        )
        analysis.responsible_organisations.set(regions[: 1 + i % 3])
        made.in_depth += in_depth
        Study.objects.create(title=f"Utredning {i + 1} om {year}", year=year, summary=FILLER)
    made.risk_analyses = made.studies = n

    # Harmonised requirements and guidance with a published version of the year: one guidance
    # when there is one, else requirements and guidance mixed.
    for i in range(n):
        kind = (
            InstrumentKind.GUIDANCE if n == 1 or i % 2 else InstrumentKind.ENVIRONMENTAL_REQUIREMENT
        )
        instrument = Instrument.objects.create(
            code=f"uppfunnet-krav-{year}-{i + 1}",
            kind=kind,
            title=f"Harmoniserat krav {i + 1} {year}",
            category=category,
            products_areas=f"Område {i + 1}",
        )
        instrument.responsible_organisations.set([regions[i % len(regions)]])
        InstrumentVersion.objects.create(
            instrument=instrument,
            version="1",
            year=year,
            status=VersionStatus.PUBLISHED,
            published_on=datetime.date(year, 3, 1),
        )
    made.harmonised = n

    # Audits: n office audits and n − 1 follow-ups, each with a finding of its own.
    kinds = [AuditKind.OFFICE] * n + [AuditKind.FOLLOW_UP] * (n - 1)
    for i, kind in enumerate(kinds):
        supplier = Supplier.objects.create(name=f"Uppfunnen leverantör {year}-{i + 1} AB")
        audit = Audit.objects.create(
            supplier=supplier,
            kind=kind,
            year=year,
            status=AuditStatus.CONDUCTED,
            category=category,
            lead_organisation=regions[i % len(regions)],
        )
        Finding.objects.create(
            audit=audit,
            kind=FindingKind.NON_COMPLIANCE if i % 2 == 0 else FindingKind.OBSERVATION,
            severity=FindingSeverity.MINOR,
            description=f"Iakttagelse {i + 1}",
            raised_on=datetime.date(year, 5, 1),
        )
    made.office_audits, made.follow_up_audits = n, n - 1
    made.findings = len(kinds)
    made.previous_year_audits = n
    YearlyFigure.objects.create(
        year=year - 1, key=FigureKey.AUDITS_TOTAL, value=n, source="Uppfunnen källa"
    )

    # Incidents: one listed incident when n is 1; else one confidential of two, and two of more.
    confidential = 0 if n == 1 else (1 if n == 2 else 2)
    areas = list(IncidentRiskArea.values)
    for i in range(n):
        secret = i < confidential
        countries = list(COUNTRIES[i : i + 1 + (n > 2) * 3]) or [COUNTRIES[0]]
        incident = Incident.objects.create(
            title=f"{'Hemligt' if secret else 'Öppet'} ärende {i + 1} {year}",
            year_opened=year,
            status=IncidentStatus.OPEN,
            confidential=secret,
            countries=countries,
            description=FILLER,
            lead_organisation=regions[i % len(regions)],
        )
        for area in areas[i % len(areas) : i % len(areas) + (1 if n == 1 else 2)]:
            IncidentRisk.objects.create(incident=incident, area=area)
        of_year = Supplier.objects.filter(name__startswith=f"Uppfunnen leverantör {year}-")
        incident.suppliers.set(of_year.order_by("pk")[: 1 + (n > 2)])
        IncidentEvent.objects.create(
            incident=incident,
            occurred_on=datetime.date(year, 2, 1),
            precision=DatePrecision.MONTH,
            kind=TimelineKind.ACTION,
            description="Dialog med leverantören inleddes.",
        )
        if not secret:
            made.countries.extend(countries)
    made.incidents, made.confidential_incidents = n, confidential

    # Events of the competence section: n of each kind, some with a lower bound.
    for kind in (
        EventKind.TRAINING,
        EventKind.INTERNAL_TRAINING,
        EventKind.WEBINAR,
        EventKind.CONFERENCE,
        EventKind.MARKET_DIALOGUE,
    ):
        for i in range(n):
            participants = 17 + 13 * i + len(kind)
            sessions = 1 if n == 1 else 1 + i % 3
            event = Event.objects.create(
                title=f"{kind} {i + 1} {year}",
                kind=kind,
                year=year,
                occurrences=sessions,
                participants=participants,
                participants_is_lower_bound=i == 1,
            )
            event.organisers.set([secretariat])
            made.participants[kind] = made.participants.get(kind, 0) + participants
            made.sessions[kind] = made.sessions.get(kind, 0) + sessions
            made.events[kind] = made.events.get(kind, 0) + 1
            made.event_participants.append(participants)

    # Figures of the year and the year before.
    figures = {
        FigureKey.NEWSLETTERS: (n + 4, n + 2),
        FigureKey.NEWSLETTER_SUBSCRIBERS: (310 * n, 250 * n),
        FigureKey.MEDIA_ARTICLES: (n, n + 1),
        FigureKey.LINKEDIN_FOLLOWERS: (2150 * n, 1900 * n),
        FigureKey.SECRETARIAT_STAFF: (n + 3, n + 2),
        FigureKey.EW_FACTORIES_REVIEWED: (n, None),
        FigureKey.EW_MINES_REVIEWED: (n, None),
    }
    for key, (this_year, last_year) in figures.items():
        YearlyFigure.objects.create(year=year, key=key, value=this_year, source="Uppfunnen källa")
        if last_year is not None:
            YearlyFigure.objects.create(
                year=year - 1, key=key, value=last_year, source="Uppfunnen källa"
            )

    # Accounts that balance: IB + contributions − UB = costs.
    opening, closing = Decimal("3507.5"), Decimal(812 * n)
    amounts = [Decimal(1200 + 111 * i) for i in range(min(n, len(regions)))]
    contributions = sum(amounts, Decimal(0))
    costs = [Decimal(400 + 50 * i) for i in range(n)]
    costs.append(opening + contributions - closing - sum(costs, Decimal(0)))
    financial_year = FinancialYear.objects.create(
        year=year, opening_balance=opening, closing_balance=closing
    )
    for region, amount in zip(regions, amounts, strict=False):
        Contribution.objects.create(
            financial_year=financial_year, organisation=region, amount=amount
        )
    cost_kinds = list(CostKind.values)
    for i, amount in enumerate(costs):
        CostLine.objects.create(
            financial_year=financial_year,
            kind=cost_kinds[i % len(cost_kinds)],
            label=f"Kostnadspost {i + 1}",
            amount=amount,
            order=i,
            note="Inkluderar uppfunna kostnader." if i == 0 else "",
        )
    made.opening_balance, made.closing_balance = opening, closing
    made.contributions, made.costs = contributions, sum(costs, Decimal(0))

    if narratives:
        for order, section in enumerate(ReportSection.values):
            for paragraph in range(1 if n < 3 else n // 2):
                Narrative.objects.create(
                    year=year,
                    section=section,
                    order=paragraph,
                    heading="",
                    body=FILLER * (1 + (order + paragraph) % 4),
                )
    return made
