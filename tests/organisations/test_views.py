"""The organisation register in the browser."""

import pytest
from django.urls import reverse
from django.utils import translation

from audits.models import Audit
from incidents.models import Incident
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_organisation_list_queries_do_not_grow_with_rows(client, world):
    client.force_login(world.users["reader"])
    url = reverse("organisations:organisation_list") + "?kind=ngo&per_page=50"
    Organisation.objects.create(code="EW", name="Electronics Watch", kind=OrganisationKind.NGO)
    client.get(url)
    one = count_queries(client, url)
    for index in range(49):
        Organisation.objects.create(
            code=f"NGO{index}", name=f"NGO {index}", kind=OrganisationKind.NGO
        )
    assert client.get(url).context["table"].paginator.count == 50
    assert count_queries(client, url) == one


def test_organisation_list_regions_first_and_search(client, world):
    Organisation.objects.filter(pk=world.region_b.pk).update(population=2_454_821)
    client.force_login(world.users["procurer_a"])
    response = client.get(reverse("organisations:organisation_list"))
    codes = [row.record.code for row in response.context["table"].rows]
    assert codes[:2] == ["SE-AB", "SE-T"]  # regions first, by name
    assert set(codes[2:]) == {"KANSLIET", "ADDA"}
    assert "2,454,821" in response.content.decode()
    response = client.get(reverse("organisations:organisation_list"), {"q": "adda"})
    assert [row.record.code for row in response.context["table"].rows] == ["ADDA"]
    response = client.get(reverse("organisations:organisation_list"), {"kind": "region"})
    assert len(response.context["table"].rows) == 2


def test_organisation_list_auditor_sees_none(client, world):
    client.force_login(world.users["auditor"])
    response = client.get(reverse("organisations:organisation_list"))
    assert response.context["table"].paginator.count == 0


def test_organisation_detail_shows_what_it_leads(client, world):
    world.risk_analysis.responsible_organisations.add(world.region_a)
    client.force_login(world.users["reader"])
    html = client.get(world.region_a.get_absolute_url()).content.decode()
    assert "SE-T" in html
    assert world.audit_a.get_absolute_url() in html
    assert "Ramavtal A" in html
    assert "Tvångsarbete i Malaysia" in html
    assert "Fördjupad riskanalys: Skyddsrockar" in html
    assert "Members" not in html  # members are for the secretariat


def test_organisation_detail_members_for_secretariat_only(client, world):
    client.force_login(world.users["secretariat"])
    html = client.get(world.region_a.get_absolute_url()).content.decode()
    assert "Members" in html
    assert "procurer_a" in html and "reader" in html
    client.force_login(world.users["procurer_a"])
    html = client.get(world.region_a.get_absolute_url()).content.decode()
    assert "procurer_a" not in html.split("</nav>", 1)[1]


@pytest.mark.parametrize(
    ("role", "sees"), [("secretariat", True), ("procurer_b", True), ("procurer_a", False)]
)
def test_organisation_detail_confidential_incident_gated(client, world, role, sees):
    Incident.objects.filter(pk=world.confidential_incident.pk).update(
        lead_organisation=world.region_b
    )
    client.force_login(world.users[role])
    html = client.get(world.region_b.get_absolute_url()).content.decode()
    assert ("Misstänkt mutbrott" in html) is sees


def test_organisation_detail_co_led_agreement(client, world):
    world.agreement.co_lead_organisations.add(world.region_b)
    client.force_login(world.users["procurer_b"])
    html = client.get(world.region_b.get_absolute_url()).content.decode()
    assert "Ramavtal A" in html and "co-lead" in html
    assert Audit.objects.filter(lead_organisation=world.region_b).exists()
