"""The year 2025 entered as its users enter it: the secretariat and two regions' procurers,
through the portal's forms (tests/new_year/forms.py) and the REST API, on top of the 2024 seed.
No row is written to the database any other way; the database is read only to find the id of
what a page just made, as the user finds it in the page's address.

Every count differs from 2024's (69 audits, 18 harmonised requirements …), and the year brings
what 2024 lacked: regions outside the seed's audits (Halland, Blekinge), countries missing from
any hand list (Côte d'Ivoire, Uzbekistan, Bonaire), a cancelled audit, an audit planned and
never carried out, a draft requirement, a requirement published only in January 2026, an
escalated finding and a confidential incident. ``enter_2025`` returns what was entered, from
which the test derives each figure the report must print.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from audits.models import Audit, Finding
from incidents.models import Incident
from organisations.models import Organisation, Partnership, PartnershipYear
from reporting.models import Event, FinancialYear, Narrative
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from riskanalysis.models import Category, RiskAnalysis
from suppliers.models import Supplier
from tests.new_year.forms import submit

YEAR = 2025
D = datetime.date


def day(month: int, day_: int, year: int = YEAR) -> str:
    return D(year, month, day_).isoformat()


@dataclass
class Entered:
    """What the users entered, as the report should count it."""

    risk_analyses: list[dict] = field(default_factory=list)
    studies: list[str] = field(default_factory=list)
    harmonised: list[str] = field(default_factory=list)  # products/areas printed in the table
    not_harmonised_in_year: list[str] = field(default_factory=list)
    office_suppliers: list[str] = field(default_factory=list)
    follow_up_suppliers: list[str] = field(default_factory=list)
    not_carried_out: list[str] = field(default_factory=list)
    findings: dict[int, dict] = field(default_factory=dict)  # finding id → kind, status at end
    incidents: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)
    opening_balance: Decimal = Decimal(0)
    closing_balance: Decimal = Decimal(0)
    contributions: dict[str, Decimal] = field(default_factory=dict)
    costs: dict[str, Decimal] = field(default_factory=dict)
    narratives: dict[str, str] = field(default_factory=dict)
    partner_texts: dict[str, str] = field(default_factory=dict)
    open_at_year_end: list[int] = field(default_factory=list)  # ids of findings to close in 2026


class Users:
    """A logged-in portal client and an API client per person."""

    def __init__(self, portal: dict, api: dict):
        self.portal, self.api = portal, api


def _ok(response, status=201):
    assert response.status_code == status, (response.status_code, response.content[:2000])
    return response.json() if response.content else None


def _org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


# --- The catalogue: a new assessment template, harmonised requirements ------------------------


def enter_catalogue(users: Users, made: Entered) -> dict:
    """The secretariat: version 2025 of the assessment template with two criteria (portal), two
    harmonised requirements published in 2025 (one in the portal, one over the API), one left a
    draft (API) and one published only in January 2026 (portal)."""
    kansliet, api = users.portal["kansliet"], users.api["kansliet"]
    # A category of the tree the 2024 seed brought (the tree is kept in the admin).
    category = Category.objects.get(name="Vårdrelaterad utrustning och förbrukningsvaror")
    template = Instrument.objects.get(code="bedomningsmall-kontorsrevision")

    # The template's new version, its two criteria, published on 15 January.
    submit(
        kansliet,
        f"/requirements/instruments/{template.pk}/versions/add/",
        {"version": "2025", "year": YEAR, "notes": "Kalibrerad efter 2024 års revisioner."},
    )
    version = InstrumentVersion.objects.get(instrument=template, version="2025")
    for code, text in (
        ("K1", "Leverantören har en aktuell riskanalys av leveranskedjan."),
        ("K2", "Avvikelser åtgärdas inom avtalad tid."),
    ):
        submit(
            kansliet,
            f"/requirements/versions/{version.pk}/clauses/add/",
            {"code": code, "text": text},
        )
    submit(
        kansliet, f"/requirements/versions/{version.pk}/publish/", {"on": day(1, 15), "year": ""}
    )

    # A requirement made in the portal and published in March.
    submit(
        kansliet,
        "/requirements/instruments/add/",
        {
            "code": "krav-handskar-2025",
            "kind": "environmental_requirement",
            "title": "Miljökrav för undersökningshandskar",
            "category": category.pk,
            "products_areas": "Undersökningshandskar",
            "responsible_organisations": [_org("SE-N").pk, _org("KANSLIET").pk],
        },
    )
    gloves = Instrument.objects.get(code="krav-handskar-2025")
    submit(
        kansliet,
        f"/requirements/instruments/{gloves.pk}/versions/add/",
        {"version": "1.0", "year": YEAR},
    )
    gloves_v1 = gloves.versions.get(version="1.0")
    submit(
        kansliet, f"/requirements/versions/{gloves_v1.pk}/publish/", {"on": day(3, 10), "year": ""}
    )
    made.harmonised.append("Undersökningshandskar")

    # Guidance made over the API and published in June.
    guidance = _ok(
        api.post(
            "/api/v1/instruments/",
            {
                "code": "vagledning-textil-2025",
                "kind": "guidance",
                "title": "Vägledning för spårbarhet i textilkedjan",
                "category": category.pk,
                "products_areas": "Textilier i vården",
                "responsible_organisations": [_org("SE-K").pk],
            },
            format="json",
        )
    )
    draft = _ok(
        api.post(
            "/api/v1/instrument-versions/",
            {"instrument": guidance["id"], "version": "1", "year": YEAR},
            format="json",
        )
    )
    _ok(
        api.post(
            "/api/v1/clauses/",
            {"version": draft["id"], "code": "1", "text": "Spinneriet är känt."},
            format="json",
        )
    )
    _ok(
        api.post(
            f"/api/v1/instrument-versions/{draft['id']}/publish/", {"on": day(6, 2)}, format="json"
        ),
        200,
    )
    made.harmonised.append("Textilier i vården")

    # A draft of 2025 never published, over the API: not a requirement of the year.
    unpublished = _ok(
        api.post(
            "/api/v1/instruments/",
            {
                "code": "krav-kemikalier-utkast",
                "kind": "environmental_requirement",
                "title": "Kemikaliekrav (utkast)",
                "products_areas": "Rengöringskemikalier",
            },
            format="json",
        )
    )
    _ok(
        api.post(
            "/api/v1/instrument-versions/",
            {"instrument": unpublished["id"], "version": "0.9", "year": YEAR},
            format="json",
        )
    )
    made.not_harmonised_in_year.append("Rengöringskemikalier")

    # Drafted in 2025, published on 20 January 2026: a requirement of 2026.
    submit(
        kansliet,
        "/requirements/instruments/add/",
        {
            "code": "krav-belysning-2026",
            "kind": "environmental_requirement",
            "title": "Krav på belysning",
            "products_areas": "Belysningsarmaturer",
        },
    )
    lighting = Instrument.objects.get(code="krav-belysning-2026")
    submit(
        kansliet,
        f"/requirements/instruments/{lighting.pk}/versions/add/",
        {"version": "1", "year": YEAR},
    )
    lighting_v1 = lighting.versions.get(version="1")
    submit(
        kansliet,
        f"/requirements/versions/{lighting_v1.pk}/publish/",
        {"on": day(1, 20, 2026), "year": ""},
    )
    made.not_harmonised_in_year.append("Belysningsarmaturer")
    return {
        "category": category,
        "template": version,
        "criteria": list(Clause.objects.filter(version=version).order_by("order", "code")),
    }


# --- Risk analyses and studies ----------------------------------------------------------------


def enter_risks(users: Users, made: Entered, category: Category) -> None:
    """Three risk analyses (two in depth in the portal, an overview over the API) with their
    identified risks, and two studies (one each way)."""
    kansliet, api = users.portal["kansliet"], users.api["kansliet"]
    for title, products, regions in (
        ("Fördjupad riskanalys: undersökningshandskar", "Undersökningshandskar", ["SE-N"]),
        ("Fördjupad riskanalys: sårvård", "Förband och sårvård", ["SE-K", "SE-N"]),
    ):
        submit(
            kansliet,
            "/riskanalysis/add/",
            {
                "title": title,
                "kind": "in_depth",
                "category": category.pk,
                "products_areas": products,
                "year": YEAR,
                "responsible_organisations": [_org(code).pk for code in regions],
            },
        )
        made.risk_analyses.append({"products": products, "kind": "in_depth"})
    gloves = RiskAnalysis.objects.get(title="Fördjupad riskanalys: undersökningshandskar")
    submit(
        kansliet,
        f"/riskanalysis/{gloves.pk}/risks/add/",
        {
            "area": "labour_rights",
            "description": "Skuldslaveri bland migrantarbetare i handskfabriker.",
            "countries": "MY, TH",
        },
    )
    overview = _ok(
        api.post(
            "/api/v1/risk-analyses/",
            {
                "title": "Översiktlig riskanalys: textilier",
                "kind": "overview",
                "category": category.pk,
                "products_areas": "Textilier i vården",
                "year": YEAR,
                "responsible_organisations": [_org("SE-K").pk],
            },
            format="json",
        )
    )
    _ok(
        api.post(
            "/api/v1/identified-risks/",
            {
                "analysis": overview["id"],
                "area": "environment",
                "description": "Vattenförorening vid färgning.",
                "countries": ["UZ"],
            },
            format="json",
        )
    )
    made.risk_analyses.append({"products": "Textilier i vården", "kind": "overview"})

    submit(
        kansliet,
        "/riskanalysis/studies/add/",
        {
            "title": "Utredning om spårbarhet i bomullskedjan",
            "year": YEAR,
            "responsible_organisations": [_org("KANSLIET").pk],
            "summary": "Kartläggning av spinnerier i Centralasien.",
        },
    )
    _ok(
        api.post(
            "/api/v1/studies/",
            {
                "title": "Utredning om återvinning av engångsmaterial",
                "year": YEAR,
                "summary": "Möjligheter att samla in och återvinna engångsmaterial.",
                "outcome": "Ett pilotprojekt startas.",
            },
            format="json",
        )
    )
    made.studies += [
        "Utredning om spårbarhet i bomullskedjan",
        "Utredning om återvinning av engångsmaterial",
    ]


# --- Suppliers ----------------------------------------------------------------------------------

PORTAL_SUPPLIERS = ("Nordhandske AB", "Sårvårdsbolaget i Norden AB", "Textilkedjan Halland AB")
API_SUPPLIERS = ("Blekinge Medicinteknik AB", "Kustsjukvård Leverans AB")


def enter_suppliers(users: Users) -> None:
    """The secretariat keeps the supplier register: three suppliers in the portal (one with a
    trade name), two over the API (one a subsidiary of a portal one)."""
    procurer = users.portal["kansliet"]
    for name in PORTAL_SUPPLIERS:
        submit(procurer, "/suppliers/add/", {"name": name, "country": "SE"})
    gloves = Supplier.objects.get(name="Nordhandske AB")
    submit(
        procurer,
        f"/suppliers/{gloves.pk}/aliases/add/",
        {"name": "Nordglove", "kind": "trade_name"},
    )
    api = users.api["kansliet"]
    for name in API_SUPPLIERS:
        _ok(
            api.post(
                "/api/v1/suppliers/",
                {
                    "name": name,
                    "country": "SE",
                    "parent": gloves.pk if "Medicinteknik" in name else None,
                },
                format="json",
            )
        )


# --- Audits and findings ------------------------------------------------------------------------


def _plan_in_portal(client, supplier, *, kind, lead, template, category, planned, follows_up=None):
    changes = {
        "supplier": supplier,
        "category": category,
        "kind": kind,
        "lead_organisation": _org(lead).pk,
        "template_version": template.pk,
        "planned_date": planned,
    }
    if follows_up is not None:
        changes["follows_up"] = follows_up.pk
    query = f"?supplier={Supplier.objects.get(name=supplier).pk}" if follows_up else ""
    submit(client, f"/audits/add/{query}", changes)
    return Audit.objects.filter(supplier__name=supplier, kind=kind).latest("pk")


def _finding_in_portal(client, audit, *, kind, severity, description, raised_on):
    submit(
        client,
        f"/audits/{audit.pk}/findings/add/",
        {"kind": kind, "severity": severity, "description": description, "raised_on": raised_on},
    )
    return audit.findings.get(description=description)


def enter_audits(users: Users, made: Entered, catalogue: dict) -> None:
    """Halland in the portal: three office audits, one follow-up that closes a finding and keeps
    another, one audit cancelled. Blekinge over the API: two office audits, a follow-up that
    escalates a finding, an audit planned for December and never carried out."""
    template, criteria = catalogue["template"], catalogue["criteria"]
    # Every audit is placed in a category (the consistency check asks for one).
    category = catalogue["category"].pk
    halland = users.portal["halland"]

    # Halland, office audit 1: two non-compliances.
    first = _plan_in_portal(
        halland,
        "Nordhandske AB",
        kind="office",
        lead="SE-N",
        template=template,
        category=category,
        planned=day(3, 4),
    )
    assert first.year == YEAR  # the year followed the planned date
    submit(
        halland, f"/audits/{first.pk}/conduct/", {"start_date": day(3, 4), "end_date": day(3, 5)}
    )
    submit(
        halland,
        f"/audits/{first.pk}/results/",
        {
            f"outcome_{criteria[0].pk}": "not_fulfilled",
            f"outcome_{criteria[1].pk}": "partly",
            "on": day(3, 5),
        },
    )
    nc_closed = _finding_in_portal(
        halland,
        first,
        kind="non_compliance",
        severity="major",
        description="Riskanalys av leveranskedjan saknas.",
        raised_on=day(3, 4),
    )
    nc_kept = _finding_in_portal(
        halland,
        first,
        kind="non_compliance",
        severity="minor",
        description="Avvikelser följs inte upp i tid.",
        raised_on=day(3, 5),
    )
    submit(halland, f"/audits/{first.pk}/report/", {"summary": "Två avvikelser.", "on": day(3, 20)})
    # The supplier sends an action plan in April.
    submit(
        halland,
        f"/audits/findings/{nc_kept.pk}/status/",
        {
            "status": "action_plan_received",
            "note": "Rutin införs senast i december.",
            "on": day(4, 2),
        },
    )

    # Halland, office audits 2 and 3: an observation and a good practice.
    second = _plan_in_portal(
        halland,
        "Sårvårdsbolaget i Norden AB",
        kind="office",
        lead="SE-N",
        template=template,
        category=category,
        planned=day(5, 12),
    )
    submit(halland, f"/audits/{second.pk}/conduct/", {"start_date": day(5, 12), "end_date": ""})
    observation = _finding_in_portal(
        halland,
        second,
        kind="observation",
        severity="",
        description="Uppförandekoden är inte översatt.",
        raised_on=day(5, 12),
    )
    third = _plan_in_portal(
        halland,
        "Textilkedjan Halland AB",
        kind="office",
        lead="SE-N",
        template=template,
        category=category,
        planned=day(6, 9),
    )
    submit(
        halland, f"/audits/{third.pk}/conduct/", {"start_date": day(6, 9), "end_date": day(6, 10)}
    )
    good = _finding_in_portal(
        halland,
        third,
        kind="good_practice",
        severity="",
        description="Spårbarhet ända till spinneriet.",
        raised_on=day(6, 10),
    )

    # Halland's follow-up of audit 1 in October: closes one non-compliance, keeps the other.
    follow_up = _plan_in_portal(
        halland,
        "Nordhandske AB",
        kind="follow_up",
        lead="SE-N",
        template=template,
        category=category,
        planned=day(10, 8),
        follows_up=first,
    )
    submit(
        halland,
        f"/audits/{follow_up.pk}/conduct/",
        {"start_date": day(10, 8), "end_date": day(10, 8)},
    )
    submit(
        halland,
        f"/audits/{follow_up.pk}/follow-up/",
        {f"decision_{nc_closed.pk}": "close", f"decision_{nc_kept.pk}": "keep"},
    )
    nc_closed.refresh_from_db()
    assert (nc_closed.status, nc_closed.closed_on) == ("verified_closed", D(YEAR, 10, 8))

    # Halland plans an audit for November and cancels it in October.
    cancelled = _plan_in_portal(
        halland,
        "Textilkedjan Halland AB",
        kind="office",
        lead="SE-N",
        template=template,
        category=category,
        planned=day(11, 20),
    )
    submit(
        halland,
        f"/audits/{cancelled.pk}/cancel/",
        {"cancellation_reason": "Leverantören lämnade avtalet.", "on": day(10, 30)},
    )

    # Blekinge over the API: two office audits …
    api = users.api["blekinge"]
    blekinge = _org("SE-K").pk
    supplier = {s.name: s.pk for s in Supplier.objects.filter(name__in=API_SUPPLIERS)}
    office = []
    for name, start in (
        ("Blekinge Medicinteknik AB", D(YEAR, 2, 17)),
        ("Kustsjukvård Leverans AB", D(YEAR, 9, 22)),
    ):
        audit = _ok(
            api.post(
                "/api/v1/audits/",
                {
                    "supplier": supplier[name],
                    "kind": "office",
                    "lead_organisation": blekinge,
                    "category": category,
                    "template_version": template.pk,
                    "planned_date": start.isoformat(),
                },
                format="json",
            )
        )
        assert audit["year"] == YEAR
        _ok(
            api.post(
                f"/api/v1/audits/{audit['id']}/conduct/",
                {"start_date": start.isoformat()},
                format="json",
            ),
            200,
        )
        office.append(audit["id"])
    api_findings = {}
    for audit_id, kind, severity, text, raised in (
        (office[0], "non_compliance", "critical", "Tvångsarbete kan inte uteslutas.", day(2, 17)),
        (office[0], "non_compliance", "major", "Arbetstider över lagens gräns.", day(2, 17)),
        (office[1], "observation", None, "Leverantörslistan är ofullständig.", day(9, 22)),
    ):
        body = {"audit": audit_id, "kind": kind, "description": text, "raised_on": raised}
        if severity:
            body["severity"] = severity
        api_findings[text] = _ok(api.post("/api/v1/findings/", body, format="json"))["id"]
    _ok(
        api.post(
            f"/api/v1/audits/{office[0]}/report/",
            {
                "summary": "Två allvarliga avvikelser.",
                "public_summary": "Två avvikelser.",
                "on": day(3, 3),
            },
            format="json",
        ),
        200,
    )
    # … the follow-up of the first in November, which escalates the critical finding and keeps
    # the other open …
    follow = _ok(
        api.post(
            "/api/v1/audits/",
            {
                "supplier": supplier["Blekinge Medicinteknik AB"],
                "kind": "follow_up",
                "follows_up": office[0],
                "lead_organisation": blekinge,
                "category": category,
                "template_version": template.pk,
                "planned_date": day(11, 14),
            },
            format="json",
        )
    )
    _ok(
        api.post(
            f"/api/v1/audits/{follow['id']}/conduct/",
            {"start_date": day(11, 14), "end_date": day(11, 15)},
            format="json",
        ),
        200,
    )
    critical, hours = (
        api_findings["Tvångsarbete kan inte uteslutas."],
        api_findings["Arbetstider över lagens gräns."],
    )
    _ok(
        api.post(
            f"/api/v1/audits/{follow['id']}/follow-up-review/",
            {"decisions": {str(critical): "escalate", str(hours): "keep"}},
            format="json",
        ),
        200,
    )
    # … and an audit planned for 15 December that did not happen by the year's end.
    _ok(
        api.post(
            "/api/v1/audits/",
            {
                "supplier": supplier["Kustsjukvård Leverans AB"],
                "kind": "office",
                "lead_organisation": blekinge,
                "category": category,
                "template_version": template.pk,
                "planned_date": day(12, 15),
            },
            format="json",
        )
    )

    made.office_suppliers = [
        "Nordhandske AB",
        "Sårvårdsbolaget i Norden AB",
        "Textilkedjan Halland AB",
        "Blekinge Medicinteknik AB",
        "Kustsjukvård Leverans AB",
    ]
    made.follow_up_suppliers = ["Nordhandske AB", "Blekinge Medicinteknik AB"]
    made.findings = {
        nc_closed.pk: {"kind": "non_compliance", "status": "verified_closed"},
        nc_kept.pk: {"kind": "non_compliance", "status": "action_plan_received"},
        observation.pk: {"kind": "observation", "status": "open"},
        good.pk: {"kind": "good_practice", "status": "open"},
        critical: {"kind": "non_compliance", "status": "escalated"},
        hours: {"kind": "non_compliance", "status": "open"},
        api_findings["Leverantörslistan är ofullständig."]: {
            "kind": "observation",
            "status": "open",
        },
    }
    # The two open non-compliances a follow-up of 2026 closes (tests/new_year/test_new_year.py).
    made.open_at_year_end = [nc_kept.pk, hours]


# --- Incidents ----------------------------------------------------------------------------------


def enter_incidents(users: Users, made: Entered) -> None:
    """Three incidents: one opened in the portal and closed in the year, one confidential
    (portal), one over the API with a timeline and a plan for 2026."""
    kansliet = users.portal["kansliet"]
    gloves = Supplier.objects.get(name="Nordhandske AB")
    submit(
        kansliet,
        "/incidents/add/",
        {
            "title": "Barnarbete i kakaoodlingar",
            "opened_on": day(2, 3),
            "risk_areas": ["child_labour"],
            "countries": "CI",
            "suppliers": [gloves.pk],
            "lead_organisation": _org("SE-N").pk,
            "status": "closed",
            "closed_on": day(11, 28),
            "outcome": "Leverantören bytte odlingar.",
            "description": "Uppgifter i media om barnarbete.",
        },
    )
    cocoa = Incident.objects.get(title="Barnarbete i kakaoodlingar")
    assert cocoa.year_opened == YEAR
    submit(
        kansliet,
        f"/incidents/{cocoa.pk}/timeline/add/",
        {"when": "2025-04", "kind": "action", "description": "Dialog med leverantören."},
    )
    submit(
        kansliet,
        "/incidents/add/",
        {
            "title": "Sekretessbelagt ärende om mutor",
            "opened_on": day(5, 6),
            "risk_areas": ["corruption"],
            "countries": "BQ",
            "confidential": True,
            "description": "Uppgifter om mutor vid tullen.",
        },
    )
    api = users.api["kansliet"]
    cotton = _ok(
        api.post(
            "/api/v1/incidents/",
            {
                "title": "Tvångsarbete i bomullsskörden",
                "opened_on": day(8, 19),
                "risk_areas": ["forced_labour", "working_conditions"],
                "countries": ["UZ"],
                "lead_organisation": _org("SE-K").pk,
                "status": "monitoring",
                "description": "Rapport från en frivilligorganisation.",
            },
            format="json",
        )
    )
    assert cotton["year_opened"] == YEAR
    for entry in (
        {
            "occurred_on": day(9, 1),
            "precision": "day",
            "kind": "action",
            "description": "Brev till leverantören.",
        },
        {
            "occurred_on": day(3, 1, 2026),
            "precision": "month",
            "kind": "planned",
            "description": "Platsbesök planeras.",
        },
    ):
        _ok(api.post(f"/api/v1/incidents/{cotton['id']}/timeline/", entry, format="json"))
    made.incidents = [
        {
            "title": "Barnarbete i kakaoodlingar",
            "countries": ["Elfenbenskusten"],
            "status": "avslutat",
        },
        {"title": "Tvångsarbete i bomullsskörden", "countries": ["Uzbekistan"], "status": None},
    ]


# --- Events, figures, accounts, texts, partners -------------------------------------------------


def enter_events(users: Users, made: Entered) -> None:
    """Three events in the portal (year from the date), three over the API."""
    kansliet, api = users.portal["kansliet"], users.api["kansliet"]
    secretariat = _org("KANSLIET").pk
    for title, kind, date, sessions, participants in (
        ("Grundutbildning i hållbar upphandling", "training", day(2, 11), 3, 87),
        ("Utbildning i kontorsrevision", "training", day(9, 9), 1, 24),
        ("Internutbildning om uppförandekoden", "internal_training", day(4, 23), 2, 31),
    ):
        submit(
            kansliet,
            "/reporting/events/add/",
            {
                "title": title,
                "kind": kind,
                "date": date,
                "occurrences": sessions,
                "participants": participants,
                "organisers": [secretariat],
            },
        )
        made.events.append(
            {"title": title, "kind": kind, "sessions": sessions, "participants": participants}
        )
    assert set(
        Event.objects.filter(title__startswith="Grundutbildning i").values_list("year", flat=True)
    ) == {YEAR}
    for title, kind, date, sessions, participants in (
        ("Webbinarieserie om textilier", "webinar", day(10, 2), 4, 212),
        ("Nationell konferens om hållbar vård", "conference", day(5, 27), 1, 143),
        ("Marknadsdialog om handskar", "market_dialogue", day(1, 29), 1, 19),
    ):
        _ok(
            api.post(
                "/api/v1/events/",
                {
                    "title": title,
                    "kind": kind,
                    "date": date,
                    "occurrences": sessions,
                    "participants": participants,
                    "organisers": [secretariat],
                },
                format="json",
            )
        )
        made.events.append(
            {"title": title, "kind": kind, "sessions": sessions, "participants": participants}
        )


FIGURES_API = {
    "newsletters": 9,
    "newsletter_subscribers": 2417,
    "media_articles": 6,
    "linkedin_followers": 3381,
}
FIGURES_PORTAL = {"secretariat_staff": 7, "ew_factories_reviewed": 3, "ew_mines_reviewed": 2}


def enter_figures(users: Users, made: Entered) -> None:
    api, kansliet = users.api["kansliet"], users.portal["kansliet"]
    for key, value in FIGURES_API.items():
        _ok(
            api.post(
                "/api/v1/yearly-figures/",
                {
                    "year": YEAR,
                    "key": key,
                    "value": value,
                    "source": "Mailchimp och LinkedIn, 31 december",
                },
                format="json",
            )
        )
    for key, value in FIGURES_PORTAL.items():
        submit(
            kansliet,
            "/reporting/figures/add/",
            {"year": YEAR, "key": key, "value": value, "source": "Kansliet"},
        )
    made.figures = {**FIGURES_API, **FIGURES_PORTAL}


def enter_accounts(users: Users, made: Entered) -> None:
    """The accounts in the portal: the opening balance offered is 2024's closing balance."""
    kansliet = users.portal["kansliet"]
    last_closing = FinancialYear.objects.get(year=YEAR - 1).closing_balance
    submit(
        kansliet,
        "/reporting/accounts/add/",
        {"year": YEAR, "opening_balance": "", "closing_balance": "1 204,5"},
    )
    accounts = FinancialYear.objects.get(year=YEAR)
    assert accounts.opening_balance == last_closing
    contributions = {"SE-N": Decimal("1450"), "SE-K": Decimal("980"), "SE-I": Decimal("312.5")}
    for code, amount in contributions.items():
        submit(
            kansliet,
            f"/reporting/accounts/{accounts.pk}/contributions/add/",
            {"organisation": _org(code).pk, "amount": str(amount).replace(".", ",")},
        )
    income = last_closing + sum(contributions.values()) - Decimal("1204.5")
    costs = {"Personal": Decimal("2100"), "Resor": Decimal("187.5")}
    costs["Övrigt"] = income - sum(costs.values())
    for order, (label, amount) in enumerate(costs.items()):
        submit(
            kansliet,
            f"/reporting/accounts/{accounts.pk}/costs/add/",
            {
                "kind": {"Personal": "staff", "Resor": "travel"}.get(label, "other"),
                "label": label,
                "amount": str(amount).replace(".", ","),
                "order": order,
            },
        )
    page = kansliet.get(f"/reporting/accounts/{accounts.pk}/").content.decode()
    assert "balanserar" in page and "balanserar inte" not in page
    made.opening_balance, made.closing_balance = last_closing, Decimal("1204.5")
    made.contributions = {_org(code).name: amount for code, amount in contributions.items()}
    made.costs = costs


def enter_texts(users: Users, made: Entered) -> None:
    """'Starta året' over the API, then the texts: some written in the portal, some over the
    API; the rest stay empty and are not printed."""
    api, kansliet = users.api["kansliet"], users.portal["kansliet"]
    started = _ok(api.post("/api/v1/narratives/start-year/", {"year": YEAR}, format="json"))
    assert started["created"], started
    texts = {
        "introduction": "Året präglades av fler regioner som ledde revisioner.",
        "audits": "Revisionerna visade brister i riskanalyserna hos leverantörerna.",
        "incidents": "Incidentarbetet riktades mot råvaruledet.",
        "accounts": "Kostnaderna hölls inom ramen för regionernas bidrag.",
    }
    for section, body in texts.items():
        narrative = Narrative.objects.filter(year=YEAR, section=section).order_by("order").first()
        if section in ("introduction", "audits"):
            submit(kansliet, f"/reporting/narratives/{narrative.pk}/edit/", {"body": body})
        else:
            _ok(
                api.patch(f"/api/v1/narratives/{narrative.pk}/", {"body": body}, format="json"), 200
            )
    made.narratives = texts


def enter_partner_texts(users: Users, made: Entered) -> None:
    """A 2025 text for Adda's partnership, in the portal; Electronics Watch gets none."""
    kansliet = users.portal["kansliet"]
    adda = Partnership.objects.get(partner__code="ADDA")
    text = "Samverkansavtal; 2025 med fokus på gemensamma kontorsrevisioner."
    submit(
        kansliet,
        f"/organisations/partnerships/{adda.pk}/years/add/",
        {"year": YEAR, "description": text},
    )
    assert PartnershipYear.objects.filter(partnership=adda, year=YEAR).exists()
    made.partner_texts = {"Adda Inköpscentral": text}


def enter_2025(users: Users) -> Entered:
    made = Entered()
    catalogue = enter_catalogue(users, made)
    enter_risks(users, made, catalogue["category"])
    enter_suppliers(users)
    enter_audits(users, made, catalogue)
    enter_incidents(users, made)
    enter_events(users, made)
    enter_figures(users, made)
    enter_accounts(users, made)
    enter_texts(users, made)
    enter_partner_texts(users, made)
    assert not Finding.objects.filter(audit__year=YEAR, closed_on__year__gt=YEAR).exists()
    return made
