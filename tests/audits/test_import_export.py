"""Import and export of audits and findings (the regions' follow-up logs): every row through
the audit workflow's services, so the same rules, refusals, timeline and history apply."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from audits import services
from audits.choices import AuditKind, AuditStatus, FindingStatus, TimelineAction
from audits.models import Audit, AuditEvent, Finding
from core.imports import import_dataset
from core.resources import REGISTRY
from core.spreadsheets import read_table
from suppliers.models import Supplier

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

AUDITS = "supplier,year,kind,status,lead_organisation,co_lead_organisations,planned_date,template\n"
FINDINGS = (
    "audit_supplier,audit_year,audit_kind,audit_lead_organisation,audit_date,"
    "kind,severity,clause,description,raised_on,deadline,status,action_plan_received_on,"
    "closed_on,verified_by_audit_date\n"
)


@pytest.fixture(autouse=True)
def _second_criterion(world):
    """The template's results need every clause; these tests record two (World's has one)."""
    world.add_second_criterion()


@pytest.fixture(autouse=True)
def supplier(db):
    """The supplier the files name, of these tests' own: a row names an audit by supplier, year,
    kind, lead and date, and World's audit A (Abena, 2024, office, SE-T, 2024-05-03) would match
    the rows here."""
    return Supplier.objects.create(name="Mölnlycke")


@pytest.fixture(autouse=True)
def other_supplier(db):
    return Supplier.objects.create(name="Essity")


def run(user, resource, text, *, name="fil.csv", dry_run=False):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_dataset(
        user=user,
        resource_class=REGISTRY[resource],
        dataset=read_table(name, data),
        dry_run=dry_run,
    )


def messages(outcome):
    return [str(error) for error in outcome.errors]


@pytest.fixture
def conducted(world, supplier):
    """An office audit of Mölnlycke led by SE-T, planned for and carried out on 2024-05-03, with the
    template's results."""
    audit = services.audit_plan(
        user=world.users["secretariat"],
        supplier=supplier,
        kind=AuditKind.OFFICE,
        year=2024,
        lead_organisation=world.region_a,
        planned_date=world.day,
        template_version=world.template_version,
    )
    services.audit_results_record(
        user=world.users["secretariat"],
        audit=audit,
        results={world.criterion.pk: ("fulfilled", ""), world.second_criterion.pk: ("partly", "")},
    )
    return services.audit_conduct(
        user=world.users["secretariat"], audit=audit, start_date=world.day
    )


@pytest.fixture
def verifier(world, supplier, conducted):
    """A follow-up of the conducted audit, carried out on 2024-07-15."""
    follow_up = services.audit_plan(
        user=world.users["secretariat"],
        supplier=supplier,
        kind=AuditKind.FOLLOW_UP,
        follows_up=conducted,
        lead_organisation=world.region_a,
        planned_date=datetime.date(2024, 7, 15),
    )
    return services.audit_conduct(
        user=world.users["secretariat"], audit=follow_up, start_date=datetime.date(2024, 7, 15)
    )


# -- Audits ----------------------------------------------------------------------------------------


def test_audits_are_recorded_in_their_state_with_timeline_and_history(
    world, supplier, other_supplier
):
    outcome = run(
        world.users["secretariat"],
        "audits",
        AUDITS
        + "Mölnlycke,2024,office,conducted,SE-T,SE-AB,2024-05-03,bedomningsmall / 1\n"
        + "Essity,2025,follow_up,,SE-AB,,2025-02-01,\n",
    )
    assert outcome.saved, messages(outcome)
    assert outcome.counts["new"] == 2
    old = Audit.objects.get(supplier=supplier)
    assert old.status == AuditStatus.CONDUCTED
    assert list(old.co_lead_organisations.all()) == [world.region_b]
    assert old.template_version == world.template_version
    assert old.history.first().history_user == world.users["secretariat"]
    event = AuditEvent.objects.get(audit=old)
    assert (event.action, event.actor, event.message) == (
        TimelineAction.IMPORTED,
        world.users["secretariat"],
        "Status vid importen: genomförd.",
    )
    new = Audit.objects.get(supplier=other_supplier)
    assert new.status == AuditStatus.PLANNED
    assert AuditEvent.objects.get(audit=new).message == "Status vid importen: planerad."

    again = run(
        world.users["secretariat"],
        "audits",
        AUDITS
        + "Mölnlycke,2024,office,conducted,SE-T,SE-AB,2024-05-03,bedomningsmall / 1\n"
        + "Essity,2025,follow_up,,SE-AB,,2025-02-01,\n",
    )
    assert again.counts == {"new": 0, "update": 0, "unchanged": 2, "error": 0}
    assert AuditEvent.objects.count() == 2


def test_a_changed_plan_is_updated_through_the_service(world, conducted):
    outcome = run(
        world.users["secretariat"],
        "audits",
        AUDITS + "Mölnlycke,2024,office,conducted,SE-T,SE-AB,2024-05-03,bedomningsmall / 1\n",
    )
    assert outcome.counts["update"] == 1, messages(outcome)
    assert list(conducted.co_lead_organisations.all()) == [world.region_b]
    assert conducted.timeline.order_by("at", "pk").last().message == "Revisionens planering."


def test_a_procurer_imports_only_audits_their_organisation_leads(world):
    before = Audit.objects.count()
    outcome = run(
        world.users["procurer_a"],
        "audits",
        AUDITS
        + "Mölnlycke,2025,office,,SE-T,,2025-03-01,\nEssity,2025,office,,SE-AB,,2025-03-02,\n",
    )
    assert messages(outcome) == [
        "rad 3, kolumn lead_organisation: Den huvudansvariga organisationen måste vara en av "
        "dina egna organisationer."
    ]
    assert Audit.objects.count() == before


def test_an_import_closes_a_reported_audit_and_refuses_other_steps(
    world, conducted, other_supplier
):
    services.audit_report(
        user=world.users["secretariat"],
        audit=conducted,
        summary="Klar.",
        public_summary="",
        on=datetime.date(2024, 5, 20),
    )
    header = AUDITS.replace("\n", ",closed_on\n")
    too_early = "Mölnlycke,2024,office,closed,SE-T,,2024-05-03,bedomningsmall / 1,2024-05-19\n"
    outcome = run(world.users["secretariat"], "audits", header + too_early)
    assert messages(outcome) == [
        "rad 2, kolumn closed_on: Datumet kan inte vara före den dag revisionen rapporterades "
        "(2024-05-20)."
    ]
    row = "Mölnlycke,2024,office,closed,SE-T,,2024-05-03,bedomningsmall / 1,2024-06-01\n"
    outcome = run(world.users["secretariat"], "audits", header + row)
    assert outcome.saved, messages(outcome)
    conducted.refresh_from_db()
    assert (conducted.status, conducted.closed_on) == (
        AuditStatus.CLOSED,
        datetime.date(2024, 6, 1),
    )
    assert conducted.timeline.order_by("at", "pk").last().action == TimelineAction.CLOSED

    other = services.audit_plan(
        user=world.users["secretariat"],
        supplier=other_supplier,
        kind="office",
        year=2024,
        lead_organisation=world.region_b,
        planned_date=world.day,
    )
    outcome = run(
        world.users["secretariat"],
        "audits",
        AUDITS + "Essity,2024,office,reported,SE-AB,,2024-05-03,\n",
    )
    assert messages(outcome) == [
        "rad 2, kolumn status: Revisionen är planerad; en import kan registrera en planerad "
        "revision som genomförd eller avbruten och avsluta en rapporterad. Ta de andra stegen "
        "(resultat, rapport) i portalen."
    ]
    other.refresh_from_db()
    assert other.status == AuditStatus.PLANNED


def test_bad_audit_cells_are_named_and_nothing_is_saved(world):
    before = Audit.objects.count()
    outcome = run(
        world.users["secretariat"],
        "audits",
        AUDITS
        + "Mölnlycke,2024,office,,SE-T,,2024-05-03,\n"
        + "Okänd AB,1999,visit,done,SE-X,,3 maj,okand / 9\n",
    )
    errors = messages(outcome)
    assert (
        "rad 3, kolumn supplier: Ingen leverantör har organisationsnumret, namnet eller "
        "aliaset ”Okänd AB”." in errors
    )
    assert "rad 3, kolumn year: 1999 ligger utanför 2000–2100." in errors
    assert any(e.startswith("rad 3, kolumn kind: ”visit” är inte något av:") for e in errors)
    assert any(e.startswith("rad 3, kolumn status: ”done” är inte något av:") for e in errors)
    assert "rad 3, kolumn lead_organisation: Ingen organisation har koden ”SE-X”." in errors
    assert any(e.startswith("rad 3, kolumn planned_date: ”3 maj” är inget datum") for e in errors)
    assert (
        "rad 3, kolumn template: Ingen instrumentversion heter ”okand / 9”; skriv instrumentets "
        "kod och versionen, kod / version." in errors
    )
    assert Audit.objects.count() == before


def test_an_audit_named_twice_in_a_file_is_refused(world):
    before = Audit.objects.count()
    row = "Mölnlycke,2024,office,,SE-T,,2024-05-03,\n"
    outcome = run(world.users["secretariat"], "audits", AUDITS + row + row)
    assert messages(outcome) == [
        "rad 3, kolumn supplier: Samma post som på rad 2; en fil får bara nämna varje post en gång."
    ]
    assert Audit.objects.count() == before


# -- Findings --------------------------------------------------------------------------------------


def test_findings_are_added_with_their_clause_and_status_steps_dated(world, conducted, verifier):
    outcome = run(
        world.users["procurer_a"],
        "findings",
        FINDINGS
        + "Mölnlycke,2024,office,SE-T,2024-05-03,non_compliance,major,1.2,Ingen uppförandekod.,"
        "2024-05-03,2024-08-01,verified_closed,2024-06-01,2024-07-15,2024-07-15\n"
        + "Mölnlycke,2024,office,SE-T,2024-05-03,observation,,,Rutin saknas.,,,,,,\n",
    )
    assert outcome.saved, messages(outcome)
    closed = Finding.objects.get(description="Ingen uppförandekod.")
    assert closed.clause == world.second_criterion
    assert closed.status == FindingStatus.VERIFIED_CLOSED
    assert closed.action_plan_received_on == datetime.date(2024, 6, 1)
    assert closed.closed_on == datetime.date(2024, 7, 15)
    assert closed.verified_by_audit == verifier
    assert list(closed.status_changes.values_list("status", "on")) == [
        (FindingStatus.OPEN, datetime.date(2024, 5, 3)),
        (FindingStatus.ACTION_PLAN_RECEIVED, datetime.date(2024, 6, 1)),
        (FindingStatus.VERIFIED_CLOSED, datetime.date(2024, 7, 15)),
    ]
    assert closed.history.first().history_user == world.users["procurer_a"]
    steps = [
        event.data.get("status")
        for event in conducted.timeline.filter(action=TimelineAction.FINDING_STATUS)
    ]
    assert steps == [FindingStatus.ACTION_PLAN_RECEIVED, FindingStatus.VERIFIED_CLOSED]
    open_one = Finding.objects.get(description="Rutin saknas.")
    assert (open_one.status, open_one.raised_on) == (FindingStatus.OPEN, conducted.end_date)


def test_a_finding_needs_a_conducted_audit_that_exists(world, supplier):
    before = Finding.objects.count()
    services.audit_plan(
        user=world.users["secretariat"],
        supplier=supplier,
        kind="office",
        year=2024,
        lead_organisation=world.region_a,
        planned_date=world.day,
    )
    outcome = run(
        world.users["secretariat"],
        "findings",
        FINDINGS
        + "Mölnlycke,2024,office,SE-T,2024-05-03,observation,,,Planerad.,,,,,,\n"
        + "Mölnlycke,2023,office,SE-T,2023-05-03,observation,,,Finns ej.,,,,,,\n",
    )
    assert messages(outcome) == [
        "rad 2: Registrera att revisionen är genomförd innan du lägger till avvikelser.",
        "rad 3, kolumn audit_supplier: Ingen revision av Mölnlycke 2023 har den typen, "
        "huvudansvariga organisationen och det datumet; importera revisionen först.",
    ]
    assert Finding.objects.count() == before


def test_a_findings_clause_must_belong_to_the_audits_template(world, conducted):
    before = Finding.objects.count()
    outcome = run(
        world.users["secretariat"],
        "findings",
        FINDINGS + "Mölnlycke,2024,office,SE-T,2024-05-03,observation,,9.9,Fel mall.,,,,,,\n",
    )
    assert messages(outcome) == [
        "rad 2, kolumn clause: Revisionens mall Bedömningsmall 1 har ingen klausul ”9.9”."
    ]
    assert Finding.objects.count() == before


def test_a_procurer_may_not_add_findings_to_another_regions_audit(world, conducted):
    before = Finding.objects.count()
    outcome = run(
        world.users["procurer_b"],
        "findings",
        FINDINGS + "Mölnlycke,2024,office,SE-T,2024-05-03,observation,,,Inte min.,,,,,,\n",
    )
    assert messages(outcome) == ["rad 2: Du får inte ändra den här revisionen."]
    assert Finding.objects.count() == before


def test_a_status_moves_only_along_the_workflow(world, conducted, verifier):
    finding = services.finding_add(
        user=world.users["secretariat"],
        audit=conducted,
        kind="observation",
        description="Stängd redan.",
    )
    services.finding_status_set(
        user=world.users["secretariat"],
        finding=finding,
        status=FindingStatus.VERIFIED_CLOSED,
        verified_by_audit=verifier,
    )
    outcome = run(
        world.users["secretariat"],
        "findings",
        FINDINGS + "Mölnlycke,2024,office,SE-T,2024-05-03,observation,,,Stängd redan.,,,open,,,\n",
    )
    assert messages(outcome) == [
        "rad 2, kolumn status: En avvikelse med status verifierad och stängd kan inte få "
        "status öppen."
    ]
    finding.refresh_from_db()
    assert finding.status == FindingStatus.VERIFIED_CLOSED


def test_the_reader_may_not_import_findings(world, client):
    client.force_login(world.users["reader"])
    assert client.get("/audits/findings/import/").status_code == 403
    response = client.post(
        "/audits/findings/import/", {"file": SimpleUploadedFile("f.csv", FINDINGS.encode())}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exported_audits_and_findings_import_back_unchanged(world, conducted, client, fmt):
    services.finding_add(
        user=world.users["secretariat"],
        audit=conducted,
        kind="non_compliance",
        severity="minor",
        clause=world.criterion,
        description="=SUMMA(A1) står i cellen",
        root_cause="-3 dagar sent",
        deadline=datetime.date(2024, 9, 1),
    )
    services.finding_add(
        user=world.users["secretariat"],
        audit=conducted,
        kind="good_practice",
        description="Bra rutin.",
    )
    client.force_login(world.users["secretariat"])
    # Every audit and finding is exported, World's with these (the secretariat sees them all).
    for url, resource, rows in (
        ("/audits/export/", "audits", Audit.objects.count()),
        ("/audits/findings/export/", "findings", Finding.objects.count()),
    ):
        exported = client.get(url, {"format": fmt})
        assert exported.status_code == 200
        outcome = run(world.users["secretariat"], resource, exported.content, name=f"export.{fmt}")
        assert outcome.ok, messages(outcome)
        assert outcome.counts["unchanged"] == len(outcome.rows) == rows


def test_finding_export_applies_the_filter_and_neutralises_formulas(
    world, supplier, conducted, client
):
    services.finding_add(
        user=world.users["secretariat"], audit=conducted, kind="observation", description="=1+1"
    )
    finding = services.finding_add(
        user=world.users["secretariat"],
        audit=conducted,
        kind="good_practice",
        description="Stängs.",
    )
    services.finding_status_set(
        user=world.users["secretariat"], finding=finding, status=FindingStatus.VERIFIED_CLOSED
    )
    client.force_login(world.users["procurer_a"])
    response = client.get("/audits/findings/export/", {"format": "xlsx", "open": "on"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Revisionens leverantör", "Revisionens år", "Revisionens typ")
    # The open findings of this supplier's audit (World's audit A has an open one too).
    assert [row[8] for row in rows[1:] if row[0] == supplier.name] == ["'=1+1"]


def test_the_finding_list_offers_import_to_procurers_not_readers(world, client):
    client.force_login(world.users["procurer_a"])
    page = client.get("/audits/findings/").content.decode()
    assert "/audits/findings/import/" in page
    assert "/audits/findings/export/" in page
    client.force_login(world.users["reader"])
    page = client.get("/audits/findings/").content.decode()
    assert "/audits/findings/import/" not in page
    assert "/audits/findings/export/" in page


def test_the_2024_audits_export_and_import_back_unchanged(world, client):
    call_command("seed_2024", verbosity=0)
    client.force_login(world.users["secretariat"])
    exported = client.get("/audits/export/", {"format": "csv", "year": "2024"})
    outcome = run(world.users["secretariat"], "audits", exported.content, name="r.csv")
    assert outcome.ok, messages(outcome)
    assert (
        outcome.counts["unchanged"] == len(outcome.rows) == Audit.objects.filter(year=2024).count()
    )
    assert len(outcome.rows) >= 69
