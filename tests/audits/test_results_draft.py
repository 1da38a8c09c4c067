"""The results form saves a draft, a criterion at a time, shows the progress, never overwrites
a result someone else saved meanwhile; each result control and each follow-up decision names
what it is about in its label (issue 17)."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits import services
from audits.choices import AuditKind, TimelineAction
from audits.models import AuditResult

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


@pytest.fixture
def client_a(client, world):
    world.add_second_criterion()
    client.force_login(world.users["procurer_a"])
    return client


def results_url(world):
    return reverse("audits:audit_results", args=[world.audit_a.pk])


def page_of(response) -> str:
    return html.unescape(response.content.decode())


def versions(page: str) -> dict[str, str]:
    return dict(re.findall(r'name="(version_\d+)" value="(\d*)"', page))


def test_one_criterion_is_saved_as_a_draft_then_the_rest(client_a, world):
    first, second = world.criterion, world.second_criterion
    page = page_of(client_a.get(results_url(world)))
    assert "0 av 2 kriterier ifyllda" in page

    response = client_a.post(
        results_url(world),
        {f"outcome_{first.pk}": "partly", f"comment_{first.pk}": "Delvis", **versions(page)},
    )
    # Not all filled in: back to the form, with the progress.
    assert response.status_code == 302 and response.url == results_url(world)
    assert [(r.criterion, r.outcome) for r in world.audit_a.results.all()] == [(first, "partly")]
    page = page_of(client_a.get(results_url(world)))
    assert "Resultaten sparades: 1 av 2 kriterier ifyllda." in page
    assert "1 av 2 kriterier ifyllda" in page
    assert 'aria-valuenow="1"' in page
    entry = world.audit_a.timeline.get(action=TimelineAction.RESULTS_RECORDED)
    assert entry.actor == world.users["procurer_a"]
    assert entry.message == "Sparade: 1.1; 1 av 2 kriterier ifyllda."
    first_saved = AuditResult.objects.get(criterion=first).modified

    # The second one; the first is sent again as it was and is not written again.
    response = client_a.post(
        results_url(world),
        {
            f"outcome_{first.pk}": "partly",
            f"comment_{first.pk}": "Delvis",
            f"outcome_{second.pk}": "fulfilled",
            **versions(page),
        },
    )
    assert response.url == world.audit_a.get_absolute_url()
    assert world.audit_a.results.count() == 2
    last = world.audit_a.timeline.filter(action=TimelineAction.RESULTS_RECORDED).order_by("pk")
    assert last.last().message == "Sparade: 1.2; 2 av 2 kriterier ifyllda."
    assert AuditResult.objects.get(criterion=first).modified == first_saved
    detail = page_of(client_a.get(world.audit_a.get_absolute_url()))
    assert "Resultaten registrerades: alla 2 kriterier är ifyllda." in detail
    assert "2 av 2 kriterier ifyllda" in detail


def test_nothing_chosen_or_a_comment_without_an_outcome_saves_nothing(client_a, world):
    response = client_a.post(results_url(world), {})
    assert response.status_code == 400
    assert "Inget att spara: inget utfall valdes eller ändrades." in page_of(response)
    response = client_a.post(
        results_url(world),
        {
            f"outcome_{world.criterion.pk}": "fulfilled",
            f"comment_{world.second_criterion.pk}": "Kod saknas",
        },
    )
    assert response.status_code == 400
    page = page_of(response)
    assert "Välj ett utfall för att spara kommentaren till: 1.2" in page
    # What was typed is still in the form.
    assert "Kod saknas" in page
    assert not world.audit_a.results.exists()


def test_a_saved_result_keeps_an_outcome(client_a, world):
    services.audit_results_record(
        user=world.users["procurer_a"],
        audit=world.audit_a,
        results={world.criterion.pk: ("fulfilled", "")},
        complete=False,
    )
    page = page_of(client_a.get(results_url(world)))
    select = re.search(rf'<select name="outcome_{world.criterion.pk}".*?</select>', page, re.S)
    assert 'value=""' not in select.group(0)
    with pytest.raises(ValidationError) as error:
        services.audit_results_record(
            user=world.users["procurer_a"],
            audit=world.audit_a,
            results={world.criterion.pk: ("", "")},
            complete=False,
        )
    assert "behåller sitt utfall" in error.value.messages[0]
    assert world.audit_a.results.get().outcome == "fulfilled"


def test_a_result_saved_by_someone_else_meanwhile_is_not_overwritten(client_a, world):
    services.audit_results_record(
        user=world.users["procurer_a"],
        audit=world.audit_a,
        results={world.criterion.pk: ("fulfilled", "")},
        complete=False,
    )
    opened = versions(page_of(client_a.get(results_url(world))))
    # The secretariat changes it while the page is open.
    services.audit_results_record(
        user=world.users["secretariat"],
        audit=world.audit_a,
        results={world.criterion.pk: ("not_fulfilled", "Saknas")},
        complete=False,
    )
    data = {
        f"outcome_{world.criterion.pk}": "partly",
        f"outcome_{world.second_criterion.pk}": "fulfilled",
        **opened,
    }
    response = client_a.post(results_url(world), data)
    assert response.status_code == 400
    page = page_of(response)
    assert "Sparat av någon annan sedan du öppnade sidan: 1.1 (nu: Ej uppfyllt)" in page
    assert [(r.criterion_id, r.outcome) for r in world.audit_a.results.all()] == [
        (world.criterion.pk, "not_fulfilled")
    ]
    # The form now carries the stored version: saving again is a choice made knowing it.
    response = client_a.post(results_url(world), {**data, **versions(page)})
    assert response.status_code == 302
    assert world.audit_a.results.get(criterion=world.criterion).outcome == "partly"


def test_the_api_still_takes_every_criterion_at_once(world):
    world.add_second_criterion()
    with pytest.raises(ValidationError) as error:
        services.audit_results_record(
            user=world.users["procurer_a"],
            audit=world.audit_a,
            results={world.criterion.pk: ("fulfilled", "")},
        )
    assert "1.2" in error.value.messages[0]


def test_each_result_control_names_its_criterion(client_a, world):
    page = page_of(client_a.get(results_url(world)))
    for criterion in (world.criterion, world.second_criterion):
        assert (
            f'<label class="form-label" for="id_outcome_{criterion.pk}">'
            f"Utfall för kriterium {criterion.code}</label>"
        ) in page
        assert (
            f'<label class="form-label" for="id_comment_{criterion.pk}">'
            f"Kommentar till kriterium {criterion.code}</label>"
        ) in page


def test_each_follow_up_decision_names_its_finding(client_a, world):
    procurer = world.users["procurer_a"]
    audit = world.audit_a
    services.audit_conduct(user=procurer, audit=audit, start_date=datetime.date(2024, 5, 3))
    follow_up = services.audit_plan(
        user=procurer,
        supplier=world.supplier,
        kind=AuditKind.FOLLOW_UP,
        lead_organisation=world.region_a,
        follows_up=audit,
        planned_date=datetime.date(2025, 2, 10),
    )
    page = page_of(client_a.get(reverse("audits:audit_follow_up", args=[follow_up.pk])))
    finding = world.finding_a
    assert (
        f'<label class="visually-hidden" for="id_decision_{finding.pk}">'
        f"Beslut för avvikelse: {finding.description}</label>"
    ) in page
