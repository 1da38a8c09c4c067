"""The edit pages of a parent's rows (ChildEditView: a partnership's yearly text, a supplier's
alias, an analysis's risk) carry the version they were opened on: a form opened before another
user's change is refused with who changed what, and nothing is saved; the refused form holds
the stored version, so saving it again works."""

import pytest
from django.urls import reverse

from organisations import services
from organisations.choices import PartnershipKind
from organisations.models import Partnership, PartnershipYear
from tests.helpers import second_secretary, version_in

pytestmark = pytest.mark.django_db


def test_a_stale_partnership_year_form_is_refused_naming_who_changed_what(client, world):
    colleague = second_secretary(world)
    partnership = Partnership.objects.create(
        partner=world.partner, kind=PartnershipKind.COOPERATION_AGREEMENT, since_year=2015
    )
    entry = PartnershipYear.objects.create(
        partnership=partnership, year=2024, description="Gemensam utbildning."
    )
    path = reverse("organisations:partnershipyear_edit", args=[entry.pk])
    client.force_login(world.users["secretariat"])
    data = {"year": 2024, "description": "Gemensam utbildning i Oslo."}
    data["record_version"] = version_in(client.get(path))
    entry.description = "Gemensam utbildning i Bergen."
    services.partnership_year_save(entry=entry, user=colleague)

    refused = client.post(path, data)
    assert refused.status_code == 400
    content = refused.content.decode()
    assert "kollegan" in content
    assert str(PartnershipYear._meta.get_field("description").verbose_name) in content
    assert PartnershipYear.objects.get(pk=entry.pk).description == "Gemensam utbildning i Bergen."

    again = client.post(path, {**data, "record_version": version_in(refused)})
    assert again.status_code == 302
    stored = PartnershipYear.objects.get(pk=entry.pk)
    assert stored.description == "Gemensam utbildning i Oslo."
    assert stored.history.first().history_user == world.users["secretariat"]
