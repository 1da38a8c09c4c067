"""Audit pages say things once and whole: the timeline's entries do not repeat their label, a
message names a finding whole, and the audit and its incident case link to each other through
the gate."""

import datetime
import importlib

import pytest
from django.urls import reverse

from audits import services
from audits.choices import AuditKind, TimelineAction
from audits.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

said_once = importlib.import_module("audits.migrations.0007_timeline_said_once").said_once

LONG = (
    "Leverantören saknar en riskanalys av leveranskedjan för handskar från Malaysia, och "
    "underleverantörernas arbetsvillkor har inte granskats sedan 2021."
)


def conducted(world):
    audit = services.audit_plan(
        user=world.users["procurer_a"],
        supplier=world.supplier,
        kind=AuditKind.OFFICE,
        lead_organisation=world.region_a,
        template_version=world.template_version,
        planned_date=datetime.date(2023, 3, 1),
    )
    return services.audit_conduct(
        user=world.users["procurer_a"],
        audit=audit,
        start_date=datetime.date(2023, 3, 6),
        end_date=datetime.date(2023, 3, 6),
    )


def timeline_texts(client, user, audit):
    client.force_login(user)
    html = client.get(audit.get_absolute_url()).content.decode()
    section = html[html.index('id="timeline-heading"') : html.index('id="history-heading"')]
    return section


def test_each_timeline_entry_reads_once(client, world):
    audit = conducted(world)
    services.finding_add(
        user=world.users["procurer_a"],
        audit=audit,
        kind="non_compliance",
        severity="major",
        description=LONG,
    )
    entries = dict(audit.timeline.values_list("action", "message"))
    assert entries[TimelineAction.PLANNED] == ""
    assert entries[TimelineAction.CONDUCTED] == ""
    assert entries[TimelineAction.FINDING_ADDED] == LONG
    section = timeline_texts(client, world.users["reader"], audit)
    assert f"<strong>Avvikelse tillagd</strong>: {LONG}" in section
    assert section.count("Avvikelse tillagd") == 1
    assert "<strong>Planerad</strong></td>" in section
    assert "Revisionen har planerats" not in section


def test_old_entries_are_repaired_in_both_languages(world):
    cut = LONG[:60]
    assert said_once("finding_added", f"Avvikelse tillagd: Avvikelse: {cut}", LONG) == LONG
    assert said_once("finding_added", f"Finding added: Non-compliance: {cut}", LONG) == LONG
    # The finding is gone: what the text held is kept, the label and kind are not repeated.
    assert said_once("finding_added", f"Avvikelse tillagd: Observation: {cut}") == cut
    assert (
        said_once("finding_status", f"Avvikelse Avvikelse: {cut}: Öppen → Eskalerad.", LONG)
        == f"{LONG}: Öppen → Eskalerad."
    )
    assert said_once("evidence_added", "Underlag tillagt: rapport.pdf") == "rapport.pdf"
    assert said_once("closed", "Revisionen har avslutats.") == ""
    assert said_once("cancelled", "Audit cancelled: Supplier went bankrupt.") == (
        "Supplier went bankrupt."
    )
    assert said_once("conducted", "Genomförd 2023-03-06–2023-03-08.") == (
        "Från 2023-03-06 till 2023-03-08."
    )
    assert said_once(
        "conducted",
        "Genomförd 2023-01-09. Året ändrades från 2022 till 2023, året för revisionens datum.",
    ) == ("Året ändrades från 2022 till 2023, året för revisionens datum.")
    assert said_once("results_recorded", "Resultat registrerade för 1 kriterier.") == (
        "1 kriterium."
    )
    assert said_once("updated", "Planeringen har uppdaterats.") == "Revisionens planering."
    # What the services never wrote is left as it is.
    assert said_once("imported", "Inläst från verksamhetsrapporten.") == (
        "Inläst från verksamhetsrapporten."
    )


def test_the_migration_rewrites_stored_entries(world):
    from django.apps import apps

    module = importlib.import_module("audits.migrations.0007_timeline_said_once")
    entry = AuditEvent.objects.create(
        audit=world.audit_a,
        at=datetime.datetime(2024, 5, 3, 10, tzinfo=datetime.UTC),
        action=TimelineAction.FINDING_ADDED,
        message="Avvikelse tillagd: Avvikelse: Riskanalys saknas.",
        data={"finding": world.finding_a.pk},
    )
    module.forwards(apps, None)
    entry.refresh_from_db()
    assert entry.message == "Riskanalys saknas."


def test_a_saved_finding_is_named_whole_in_the_message(client, world):
    audit = conducted(world)
    client.force_login(world.users["procurer_a"])
    response = client.post(
        reverse("audits:finding_add", args=[audit.pk]),
        {
            "kind": "non_compliance",
            "severity": "major",
            "description": LONG,
            "raised_on": "2023-03-06",
        },
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [f"Avvikelse: {LONG} har sparats."]
    # A name in a list or menu is shortened, and says so.
    finding = audit.findings.get()
    assert str(finding).endswith("…") and len(str(finding)) < len(LONG)


def test_the_audit_names_its_incident_only_to_who_may_see_it(client, world):
    audit = world.audit_a
    audit.incident = world.confidential_incident
    audit.save()
    url = world.confidential_incident.get_absolute_url()
    client.force_login(world.users["procurer_b"])  # region B is involved in the case
    assert url in client.get(audit.get_absolute_url()).content.decode()
    client.force_login(world.users["procurer_a"])  # region A is not
    html = client.get(audit.get_absolute_url()).content.decode()
    assert url not in html and "Misstänkt mutbrott" not in html
    assert "Incidentärende</dt>" not in html


def test_the_incident_lists_its_audits_as_far_as_the_user_sees_them(client, world):
    world.audit_a.incident = world.incident
    world.audit_a.save()
    world.audit_b.incident = world.incident
    world.audit_b.save()
    client.force_login(world.users["reader"])
    html = client.get(world.incident.get_absolute_url()).content.decode()
    assert world.audit_a.get_absolute_url() in html and world.audit_b.get_absolute_url() in html
    # The auditor reaches no incident case at all, and so none of its audits.
    client.force_login(world.users["auditor"])
    assert client.get(world.incident.get_absolute_url()).status_code == 404
    # An incident without audits says so.
    client.force_login(world.users["secretariat"])
    html = client.get(world.confidential_incident.get_absolute_url()).content.decode()
    assert "Inga revisioner gjorda för ärendet." in html
