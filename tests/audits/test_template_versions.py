"""An audit is scored against a published assessment template: a draft may still change, so it
is neither offered nor accepted for a plan (an audit that already uses one keeps it)."""

import pytest
from django.urls import reverse
from django.utils import translation

from audits.models import Audit
from requirements_catalog.choices import VersionStatus
from requirements_catalog.models import InstrumentVersion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


@pytest.fixture
def draft(world):
    return InstrumentVersion.objects.create(
        instrument=world.template_version.instrument,
        version="2026-utkast",
        year=2026,
        status=VersionStatus.DRAFT,
    )


def _plan(world, template):
    return {
        "supplier": world.supplier.pk,
        "kind": "office",
        "year": 2026,
        "planned_date": "2026-10-01",
        "lead_organisation": world.region_a.pk,
        "template_version": template.pk,
    }


def test_the_plan_form_offers_published_templates_only(client, world, draft):
    client.force_login(world.users["procurer_a"])
    form = client.get(reverse("audits:audit_add")).context["form"]
    offered = set(form.fields["template_version"].queryset)
    assert world.template_version in offered
    assert draft not in offered
    response = client.post(reverse("audits:audit_add"), _plan(world, draft))
    assert response.status_code == 400
    assert "template_version" in response.context["form"].errors
    assert not Audit.objects.filter(year=2026).exists()


def test_the_api_refuses_a_draft_template_on_its_field(world, draft, api_as):
    with translation.override("sv"):
        response = api_as("procurer_a").post(
            reverse("api:audit-list"), _plan(world, draft), format="json"
        )
    assert response.status_code == 400
    (message,) = response.json()["errors"]["template_version"]
    assert "är ett utkast" in message
    assert not Audit.objects.filter(year=2026).exists()


def test_an_audit_that_uses_a_draft_keeps_it_when_its_plan_changes(client, world, draft):
    Audit.objects.filter(pk=world.audit_a.pk).update(template_version=draft)
    client.force_login(world.users["procurer_a"])
    url = reverse("audits:audit_edit", args=[world.audit_a.pk])
    form = client.get(url).context["form"]
    assert draft in set(form.fields["template_version"].queryset)
