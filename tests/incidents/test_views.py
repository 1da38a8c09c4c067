"""The incident pages: what each user sees, the timeline's precision, query counts."""

import datetime

import pytest
from django.urls import reverse

from incidents.choices import DatePrecision, IncidentRiskArea, LabTestStatus, TimelineKind
from incidents.models import Incident, IncidentEvent, IncidentRisk, LabTest
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from suppliers.models import Supplier
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


def make_incidents(start: int, stop: int, organisation) -> None:
    for n in range(start, stop):
        incident = Incident.objects.create(
            title=f"Ärende {n}",
            year_opened=2024,
            lead_organisation=organisation,
            countries=["MY"],
            confidential=n % 3 == 0,
        )
        incident.involved_organisations.add(organisation)
        incident.suppliers.add(Supplier.objects.create(name=f"Leverantör {n}"))
        IncidentRisk.objects.create(incident=incident, area=IncidentRiskArea.FORCED_LABOUR)


@pytest.mark.parametrize("role", ["secretariat", "procurer_a", "reader"])
def test_incident_list_queries_do_not_grow_with_rows(client, world, role):
    Incident.objects.all().delete()
    client.force_login(world.users[role])
    url = reverse("incidents:incident_list")
    # Also with a filter on a related table: counted with one row and with fifty.
    filtered = f"{url}?risk_area=forced_labour&organisation=SE-T&country=my"
    make_incidents(0, 1, world.region_a)
    one, one_filtered = count_queries(client, url), count_queries(client, filtered)
    make_incidents(1, 50, world.region_a)
    assert count_queries(client, url) == one
    assert count_queries(client, filtered) == one_filtered


def test_incident_list_shows_cases_in_swedish(client, world):
    IncidentRisk.objects.create(incident=world.incident, area=IncidentRiskArea.FORCED_LABOUR)
    client.force_login(world.users["reader"])
    response = client.get(reverse("incidents:incident_list"))
    content = response.content.decode()
    assert "Tvångsarbete i Malaysia" in content
    assert "Tvångsarbete" in content  # the risk area, translated
    assert "Öppen" in content  # the status
    # The confidential case involves Region B only: the reader of Region A does not see it.
    assert "Misstänkt mutbrott" not in content


def test_confidential_case_is_listed_for_involved_organisation(client, world):
    client.force_login(world.users["procurer_b"])
    content = client.get(reverse("incidents:incident_list")).content.decode()
    assert "Misstänkt mutbrott" in content


def test_auditor_gets_an_empty_list(client, world):
    client.force_login(world.users["auditor"])
    content = client.get(reverse("incidents:incident_list")).content.decode()
    assert "Tvångsarbete i Malaysia" not in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=malaysia", {"Tvångsarbete i Malaysia"}),
        ("q=Tvångsarbete", {"Tvångsarbete i Malaysia"}),
        ("year_opened=2023", {"Äldre ärende"}),
        ("status=closed", {"Äldre ärende"}),
        ("risk_area=corruption", {"Misstänkt mutbrott"}),
        ("country=TW", {"Äldre ärende"}),
        ("country=my", {"Tvångsarbete i Malaysia"}),
        ("organisation=se-ab", {"Misstänkt mutbrott"}),
        ("organisation=SE-T", {"Tvångsarbete i Malaysia"}),
        ("supplier=SUPPLIER", {"Tvångsarbete i Malaysia"}),
    ],
)
def test_incident_list_filters(client, world, query, expected):
    world.incident.countries = ["MY"]
    world.incident.save()
    world.incident.suppliers.add(world.supplier)
    IncidentRisk.objects.create(
        incident=world.confidential_incident, area=IncidentRiskArea.CORRUPTION
    )
    Incident.objects.create(
        title="Äldre ärende",
        year_opened=2023,
        status="closed",
        countries=["TW"],
        description="Något i Taiwan.",
    )
    client.force_login(world.users["secretariat"])
    query = query.replace("SUPPLIER", str(world.supplier.pk))
    response = client.get(f"{reverse('incidents:incident_list')}?{query}")
    titles = {row.record.title for row in response.context["table"].rows}
    assert titles == expected


def test_incident_detail_shows_everything(client, world):
    incident = world.incident
    incident.countries = ["MY"]
    incident.description = "Rapport om <script>tvångsarbete</script>."
    incident.outcome = "Leverantören åtgärdade."
    incident.save()
    incident.suppliers.add(world.supplier)
    incident.sites.add(world.site)
    incident.involved_organisations.add(world.region_b)
    ew = Organisation.objects.create(
        code="EW", name="Electronics Watch", kind=OrganisationKind.NGO, country=""
    )
    incident.partners.add(ew)
    IncidentRisk.objects.create(incident=incident, area=IncidentRiskArea.DEBT_BONDAGE)
    IncidentEvent.objects.create(
        incident=incident,
        occurred_on=datetime.date(2023, 1, 1),
        precision=DatePrecision.YEAR,
        kind=TimelineKind.OPENED,
        description="Uppgifter i media.",
    )
    IncidentEvent.objects.create(
        incident=incident,
        occurred_on=datetime.date(2025, 1, 1),
        precision=DatePrecision.MONTH,
        kind=TimelineKind.ACTION,
        description="Möte med leverantören.",
    )
    IncidentEvent.objects.create(
        incident=incident,
        occurred_on=datetime.date(2025, 3, 14),
        kind=TimelineKind.DECISION,
        description="Beslut om åtgärdsplan.",
    )
    LabTest.objects.create(
        incident=incident,
        sample="Bomullshandduk",
        supplier=world.supplier,
        laboratory="Oritain",
        method="Isotopanalys",
        status=LabTestStatus.DONE,
        claimed_origin="Indien",
        indicated_origin="Kina",
        result="Ursprunget stämmer inte.",
        sampled_on=datetime.date(2024, 6, 1),
        sampled_precision=DatePrecision.MONTH,
    )
    client.force_login(world.users["reader"])
    response = client.get(reverse("incidents:incident_detail", args=[incident.pk]))
    content = response.content.decode()
    for text in [
        "Tvångsarbete i Malaysia",
        "Skuldslaveri",  # the risk area, in Swedish
        ">Malaysia</dd>",  # the country named, not coded
        "Abena",
        "Fabrik (MY)",
        "Region Örebro län",
        "Region Stockholm",
        "Electronics Watch",
        "Leverantören åtgärdade.",
        "Bomullshandduk",
        "Oritain",
        "Isotopanalys",
        "Indien",
        "Kina",
        "Ursprunget stämmer inte.",
        "juni 2024",
        # The timeline, each date as precise as its source.
        ">2023<",
        ">januari 2025<",
        ">2025-03-14<",
    ]:
        assert text in content, text
    assert "2023-01-01<" not in content
    # User text is escaped.
    assert "&lt;script&gt;" in content
    assert "<script>tvångsarbete" not in content
    # The reader changes nothing.
    assert reverse("incidents:incident_edit", args=[incident.pk]) not in content
    assert reverse("incidents:incidentevent_add", args=[incident.pk]) not in content


def test_incident_detail_offers_changes_to_the_lead_procurer(client, world):
    client.force_login(world.users["procurer_a"])
    content = client.get(
        reverse("incidents:incident_detail", args=[world.incident.pk])
    ).content.decode()
    assert reverse("incidents:incident_edit", args=[world.incident.pk]) in content
    assert reverse("incidents:incidentevent_add", args=[world.incident.pk]) in content
    # Deleting is for the secretariat.
    assert reverse("incidents:incident_delete", args=[world.incident.pk]) not in content


def test_procurer_adds_an_incident_in_the_browser(client, world):
    client.force_login(world.users["procurer_a"])
    response = client.post(
        reverse("incidents:incident_add"),
        {
            "title": "Barnarbete i gruvor",
            "year_opened": 2025,
            "status": "open",
            "lead_organisation": world.region_a.pk,
            "involved_organisations": [world.region_a.pk, world.region_b.pk],
            "risk_areas": ["child_labour", "forced_labour"],
            "countries": "cd, ZM",
            "suppliers": [world.supplier.pk],
        },
    )
    incident = Incident.objects.get(title="Barnarbete i gruvor")
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:incident_detail", args=[incident.pk])
    assert incident.countries == ["CD", "ZM"]
    assert set(incident.risks.values_list("area", flat=True)) == {"child_labour", "forced_labour"}
    assert list(incident.suppliers.all()) == [world.supplier]
    assert incident.history.first().history_user == world.users["procurer_a"]


def test_add_form_shows_the_refusal_next_to_the_field(client, world):
    client.force_login(world.users["procurer_b"])
    response = client.post(
        reverse("incidents:incident_add"),
        {"title": "Inte vårt", "year_opened": 2025, "status": "open", "countries": "XX"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "countries" in form.errors
    assert not Incident.objects.filter(title="Inte vårt").exists()
    response = client.post(
        reverse("incidents:incident_add"),
        {
            "title": "Inte vårt",
            "year_opened": 2025,
            "status": "open",
            "lead_organisation": world.region_a.pk,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["involved_organisations"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Incident.objects.filter(title="Inte vårt").exists()


def test_edit_keeps_risk_areas_and_records_who(client, world):
    IncidentRisk.objects.create(incident=world.incident, area=IncidentRiskArea.FORCED_LABOUR)
    client.force_login(world.users["procurer_a"])
    url = reverse("incidents:incident_edit", args=[world.incident.pk])
    form = client.get(url).context["form"]
    assert form.initial["risk_areas"] == ["forced_labour"]
    response = client.post(
        url,
        {
            "title": "Tvångsarbete i Malaysia",
            "year_opened": 2024,
            "status": "monitoring",
            "lead_organisation": world.region_a.pk,
            "risk_areas": ["forced_labour", "debt_bondage"],
            "outcome": "Följs upp.",
        },
    )
    assert response.status_code == 302
    world.incident.refresh_from_db()
    assert world.incident.status == "monitoring"
    assert world.incident.risks.count() == 2
    assert world.incident.history.first().history_user == world.users["procurer_a"]


def test_timeline_entry_added_in_the_browser(client, world):
    client.force_login(world.users["procurer_a"])
    url = reverse("incidents:incidentevent_add", args=[world.incident.pk])
    assert "2025-01" in client.get(url).content.decode()  # the help text
    response = client.post(
        url,
        {"when": "2025-01", "kind": "action", "description": "Leverantören kontaktad."},
    )
    assert response.status_code == 302
    entry = world.incident.timeline.get()
    assert entry.occurred_on == datetime.date(2025, 1, 1)
    assert entry.precision == DatePrecision.MONTH
    assert entry.recorded_by == world.users["procurer_a"]


def test_timeline_entry_with_a_bad_date_is_refused(client, world):
    client.force_login(world.users["procurer_a"])
    response = client.post(
        reverse("incidents:incidentevent_add", args=[world.incident.pk]),
        {"when": "2025-13", "kind": "action", "description": "Något."},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["when"]
    assert not world.incident.timeline.exists()


def test_secretariat_deletes_a_case(client, world):
    client.force_login(world.users["secretariat"])
    url = reverse("incidents:incident_delete", args=[world.incident.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert not Incident.objects.filter(pk=world.incident.pk).exists()
