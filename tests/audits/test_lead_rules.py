"""Every audit planned has a lead organisation, and only the lead organisation's members and the
secretariat hand the lead over: a co-lead cannot take it. In the portal, the API and the import."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audits import services
from audits.choices import AuditKind
from audits.models import Audit
from core.imports import import_dataset
from core.resources import REGISTRY
from core.spreadsheets import read_table
from organisations.choices import Role
from organisations.models import Membership, User
from organisations.services import api_token_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

NO_LEAD = "En revision har en huvudansvarig organisation: välj den organisation som leder den."
CO_LEAD_REFUSED = (
    "Bara den huvudansvariga organisationen och kansliet byter huvudansvarig organisation; "
    "en medansvarig organisation gör det inte."
)


def api(user):
    _token, raw = api_token_create(user=user, name=f"test-{user.username}", days=1)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def co_led(world):
    """An audit led by Region Örebro län (SE-T), co-led by Region Stockholm (SE-AB)."""
    return services.audit_plan(
        user=world.users["procurer_a"],
        supplier=world.supplier,
        kind=AuditKind.OFFICE,
        year=2024,
        lead_organisation=world.region_a,
        co_lead_organisations=[world.region_b],
        template_version=world.template_version,
        planned_date=datetime.date(2024, 5, 3),
        internal_note="Plan",
    )


def edit_data(world, audit, **changes):
    data = {
        "supplier": audit.supplier_id,
        "kind": audit.kind,
        "year": audit.year,
        "lead_organisation": audit.lead_organisation_id or "",
        "co_lead_organisations": [org.pk for org in audit.co_lead_organisations.all()],
        "template_version": audit.template_version_id or "",
        "planned_date": audit.planned_date.isoformat() if audit.planned_date else "",
        "internal_note": audit.internal_note,
    }
    data.update(changes)
    return data


# A plan without a lead ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["secretariat", "procurer_a"])
def test_the_api_refuses_a_plan_without_a_lead(world, who):
    before = Audit.objects.count()
    response = api(world.users[who]).post(
        reverse("api:audit-list"),
        {"supplier": world.supplier.pk, "kind": "office", "year": 2024, "lead_organisation": None},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert set(response.json()["errors"]) == {"lead_organisation"}
    assert Audit.objects.count() == before


def test_the_portal_refuses_the_secretariat_a_plan_without_a_lead(client, world):
    before = Audit.objects.count()
    response = login(client, world.users["secretariat"]).post(
        reverse("audits:audit_add"),
        {"supplier": world.supplier.pk, "kind": "office", "year": 2024, "lead_organisation": ""},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["lead_organisation"] == [NO_LEAD]
    assert Audit.objects.count() == before


def test_the_portal_refuses_a_procurer_a_plan_without_a_lead(client, world):
    before = Audit.objects.count()
    response = login(client, world.users["procurer_a"]).post(
        reverse("audits:audit_add"),
        {"supplier": world.supplier.pk, "kind": "office", "year": 2024, "lead_organisation": ""},
    )
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["lead_organisation"]
    assert Audit.objects.count() == before


def test_an_imported_audit_without_a_lead_is_a_row_error(world):
    before = Audit.objects.count()
    text = (
        "supplier,year,kind,status,lead_organisation,co_lead_organisations,planned_date\n"
        "Abena,2024,office,planned,,,2024-05-03\n"
    )
    outcome = import_dataset(
        user=world.users["secretariat"],
        resource_class=REGISTRY["audits"],
        dataset=read_table("fil.csv", text.encode()),
        dry_run=False,
    )
    assert [str(error) for error in outcome.errors] == [
        f"rad 2, kolumn lead_organisation: {NO_LEAD}"
    ]
    assert Audit.objects.count() == before


def test_the_lead_cannot_be_removed(world, co_led):
    response = api(world.users["secretariat"]).patch(
        reverse("api:audit-detail", args=[co_led.pk]), {"lead_organisation": None}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"lead_organisation"}
    co_led.refresh_from_db()
    assert co_led.lead_organisation == world.region_a


def test_an_audit_recorded_without_a_lead_can_still_be_edited(world):
    """The 2024 audits from the activity report name no lead; nothing is invented to edit one."""
    audit = Audit.objects.create(supplier=world.supplier, kind="office", year=2024)
    response = api(world.users["secretariat"]).patch(
        reverse("api:audit-detail", args=[audit.pk]), {"internal_note": "Rättad"}, format="json"
    )
    assert response.status_code == 200, response.content
    audit.refresh_from_db()
    assert audit.internal_note == "Rättad" and audit.lead_organisation is None


# Who hands the lead over -------------------------------------------------------------------------


def test_a_co_lead_cannot_take_the_lead_over_the_api(world, co_led):
    co_lead = api(world.users["procurer_b"])
    response = co_lead.patch(
        reverse("api:audit-detail", args=[co_led.pk]),
        {"lead_organisation": world.region_b.pk},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["lead_organisation"] == [CO_LEAD_REFUSED]
    co_led.refresh_from_db()
    assert co_led.lead_organisation == world.region_a
    # The rest of the plan stays the co-lead's to change.
    response = co_lead.patch(
        reverse("api:audit-detail", args=[co_led.pk]), {"internal_note": "Ny"}, format="json"
    )
    assert response.status_code == 200, response.content


def test_a_co_lead_cannot_take_the_lead_in_the_portal(client, world, co_led):
    response = login(client, world.users["procurer_b"]).post(
        reverse("audits:audit_edit", args=[co_led.pk]),
        edit_data(world, co_led, lead_organisation=world.region_b.pk),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["lead_organisation"] == [CO_LEAD_REFUSED]
    co_led.refresh_from_db()
    assert co_led.lead_organisation == world.region_a


def test_the_lead_hands_the_lead_to_another_of_its_organisations(client, world, co_led):
    both = User.objects.create_user(username="both", password="pw-123456-x")
    Membership.objects.create(user=both, organisation=world.region_a, role=Role.PROCURER)
    Membership.objects.create(user=both, organisation=world.partner, role=Role.PROCURER)
    response = login(client, both).post(
        reverse("audits:audit_edit", args=[co_led.pk]),
        edit_data(world, co_led, lead_organisation=world.partner.pk),
    )
    assert response.status_code == 302, response.context["form"].errors
    co_led.refresh_from_db()
    assert co_led.lead_organisation == world.partner


def test_the_secretariat_hands_the_lead_to_the_co_lead(world, co_led):
    response = api(world.users["secretariat"]).patch(
        reverse("api:audit-detail", args=[co_led.pk]),
        {"lead_organisation": world.region_b.pk},
        format="json",
    )
    assert response.status_code == 200, response.content
    co_led.refresh_from_db()
    assert co_led.lead_organisation == world.region_b
