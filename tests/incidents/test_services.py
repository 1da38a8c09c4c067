"""The incident services: what they save, who they record, and what they refuse."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from incidents.choices import DatePrecision, TimelineKind
from incidents.models import Incident, IncidentEvent
from incidents.services import incident_create, incident_event_add, incident_update

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


@pytest.fixture(autouse=True)
def english():
    # The messages are checked by their msgid, whatever the Swedish catalogue says.
    with translation.override("en"):
        yield


def test_create_saves_relations_and_history(world):
    incident = incident_create(
        user=world.users["procurer_a"],
        title="Skuldslaveri i Taiwan",
        year_opened=2024,
        lead_organisation=world.region_a,
        countries=["TW"],
        risk_areas=["forced_labour", "debt_bondage"],
        suppliers=[world.supplier],
        partners=[world.partner],
    )
    assert incident.pk
    assert set(incident.risks.values_list("area", flat=True)) == {"forced_labour", "debt_bondage"}
    assert list(incident.suppliers.all()) == [world.supplier]
    assert list(incident.partners.all()) == [world.partner]
    assert incident.history.first().history_user == world.users["procurer_a"]


def test_create_accepts_involvement_instead_of_lead(world):
    incident = incident_create(
        user=world.users["procurer_b"],
        title="Gemensamt ärende",
        year_opened=2024,
        lead_organisation=world.region_a,
        involved_organisations=[world.region_b],
    )
    assert list(incident.involved_organisations.all()) == [world.region_b]


def test_secretariat_opens_cases_for_anyone(world):
    incident = incident_create(
        user=world.users["secretariat"], title="Utan region", year_opened=2024
    )
    assert incident.lead_organisation is None


def test_procurer_cannot_open_another_regions_case(world):
    with pytest.raises(ValidationError) as error:
        incident_create(
            user=world.users["procurer_b"],
            title="Region A:s ärende",
            year_opened=2024,
            lead_organisation=world.region_a,
            risk_areas=["corruption"],
        )
    assert error.value.message_dict["involved_organisations"] == [
        "One of your organisations must lead the case or be involved in it."
    ]
    assert not Incident.objects.filter(title="Region A:s ärende").exists()


@pytest.mark.parametrize("role", ["reader", "auditor"])
def test_readers_and_auditors_open_no_cases(world, role):
    with pytest.raises(ValidationError, match=r"You may not open incident cases\."):
        incident_create(
            user=world.users[role],
            title="Läsarens ärende",
            year_opened=2024,
            lead_organisation=world.region_a,
        )
    assert not Incident.objects.filter(title="Läsarens ärende").exists()


def test_create_refuses_a_duplicate_and_saves_nothing(world):
    with pytest.raises(ValidationError) as error:
        incident_create(
            user=world.users["procurer_a"],
            title="Tvångsarbete i Malaysia",
            year_opened=2024,
            lead_organisation=world.region_a,
            risk_areas=["forced_labour"],
        )
    # Next to the title, in words: never the constraint's name.
    assert error.value.message_dict == {
        "title": ["A case with this title was already opened that year."]
    }
    assert Incident.objects.filter(title="Tvångsarbete i Malaysia").count() == 1


def test_create_refuses_a_bad_country(world):
    with pytest.raises(ValidationError) as error:
        incident_create(
            user=world.users["procurer_a"],
            title="Okänt land",
            year_opened=2024,
            lead_organisation=world.region_a,
            countries=["XX"],
        )
    assert "countries" in error.value.message_dict
    assert not Incident.objects.filter(title="Okänt land").exists()


def test_update_changes_fields_and_keeps_unnamed_relations(world):
    world.incident.suppliers.add(world.supplier)
    incident = incident_update(
        incident=world.incident,
        user=world.users["procurer_a"],
        status="closed",
        closed_on=datetime.date(2024, 12, 1),
        outcome="Ramavtalet hävdes.",
        risk_areas=["illegal_employment"],
    )
    incident.refresh_from_db()
    assert incident.status == "closed"
    assert list(incident.suppliers.all()) == [world.supplier]
    assert list(incident.risks.values_list("area", flat=True)) == ["illegal_employment"]
    assert incident.history.first().history_user == world.users["procurer_a"]


def test_procurer_cannot_change_another_regions_case(world):
    with pytest.raises(ValidationError) as error:
        incident_update(incident=world.incident, user=world.users["procurer_b"], title="Ändrad")
    assert error.value.messages == [
        "You may not change the incident case “Tvångsarbete i Malaysia”."
    ]
    world.incident.refresh_from_db()
    assert world.incident.title == "Tvångsarbete i Malaysia"


def test_procurer_cannot_hand_the_case_away(world):
    with pytest.raises(ValidationError) as error:
        incident_update(
            incident=world.incident,
            user=world.users["procurer_a"],
            lead_organisation=world.region_b,
            status="monitoring",
        )
    assert "involved_organisations" in error.value.message_dict
    world.incident.refresh_from_db()
    assert world.incident.lead_organisation == world.region_a
    assert world.incident.status == "open"


def test_update_refuses_a_closing_date_on_an_open_case(world):
    with pytest.raises(ValidationError, match=r"Only a closed case has a closing date\."):
        incident_update(
            incident=world.incident,
            user=world.users["secretariat"],
            closed_on=datetime.date(2024, 12, 1),
        )
    world.incident.refresh_from_db()
    assert world.incident.closed_on is None


@pytest.mark.parametrize(
    ("given", "precision", "stored"),
    [
        (datetime.date(2023, 6, 17), DatePrecision.YEAR, datetime.date(2023, 1, 1)),
        (datetime.date(2025, 1, 20), DatePrecision.MONTH, datetime.date(2025, 1, 1)),
        (datetime.date(2025, 1, 20), DatePrecision.DAY, datetime.date(2025, 1, 20)),
    ],
)
def test_event_add_stores_the_date_as_precise_as_given(world, given, precision, stored):
    entry = incident_event_add(
        incident=world.incident,
        user=world.users["procurer_a"],
        occurred_on=given,
        precision=precision,
        kind=TimelineKind.ACTION,
        description="  Leverantören kontaktad.  ",
        organisation=world.region_a,
    )
    assert entry.occurred_on == stored
    assert entry.precision == precision
    assert entry.description == "Leverantören kontaktad."
    assert entry.recorded_by == world.users["procurer_a"]
    assert world.incident.history.first().history_user == world.users["procurer_a"]


def test_event_add_on_a_confidential_case_by_its_involved_region(world):
    entry = incident_event_add(
        incident=world.confidential_incident,
        user=world.users["procurer_b"],
        occurred_on=datetime.date(2024, 3, 1),
        kind=TimelineKind.NOTE,
        description="Polisanmälan gjord.",
    )
    assert entry.pk


@pytest.mark.parametrize("role", ["procurer_b", "reader", "auditor"])
def test_event_add_refused_outside_the_gate(world, role):
    with pytest.raises(ValidationError) as error:
        incident_event_add(
            incident=world.incident,
            user=world.users[role],
            occurred_on=datetime.date(2025, 1, 1),
            kind=TimelineKind.ACTION,
            description="Försök.",
        )
    assert error.value.messages == ["You may not add to the timeline of “Tvångsarbete i Malaysia”."]
    assert not IncidentEvent.objects.exists()


def test_event_add_refuses_an_empty_description(world):
    with pytest.raises(ValidationError) as error:
        incident_event_add(
            incident=world.incident,
            user=world.users["procurer_a"],
            occurred_on=datetime.date(2025, 1, 1),
            kind=TimelineKind.ACTION,
            description="   ",
        )
    assert "description" in error.value.message_dict
    assert not IncidentEvent.objects.exists()


def test_event_add_refuses_an_unknown_precision(world):
    with pytest.raises(ValidationError):
        incident_event_add(
            incident=world.incident,
            user=world.users["procurer_a"],
            occurred_on=datetime.date(2025, 1, 1),
            precision="week",
            kind=TimelineKind.ACTION,
            description="Något.",
        )
    assert not IncidentEvent.objects.exists()
