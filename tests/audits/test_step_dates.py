"""Every dated step of the audit workflow, through the service, the portal's form and the API:
today by default, never in the future, never before the step it follows, the day stored; each
refusal in Swedish and English, on the field the user typed the day in (never at the top of the
form), 400 with ``errors.<field>`` in the API, 409 for a step in the wrong state."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from audits import services
from audits.choices import AuditKind, AuditStatus, FindingStatus
from audits.models import Audit, Finding
from organisations.services import api_token_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

PLANNED = datetime.date(2024, 5, 3)
START, END = datetime.date(2024, 5, 3), datetime.date(2024, 5, 4)
REPORTED = datetime.date(2024, 5, 20)


# ---- the states each step starts from -------------------------------------------------------


@pytest.fixture(autouse=True)
def _second_criterion(world):
    """The template's results need every clause; these tests record two (World's has one)."""
    world.add_second_criterion()


def planned(world) -> Audit:
    return services.audit_plan(
        user=world.users["procurer_a"],
        supplier=world.supplier,
        kind=AuditKind.OFFICE,
        lead_organisation=world.region_a,
        template_version=world.template_version,
        planned_date=PLANNED,
    )


def carried_out(world) -> Audit:
    return services.audit_conduct(
        user=world.users["procurer_a"], audit=planned(world), start_date=START, end_date=END
    )


def reported(world) -> Audit:
    return services.audit_report(
        user=world.users["procurer_a"],
        audit=carried_out(world),
        summary="Sammanfattning.",
        public_summary="Offentlig sammanfattning.",
        on=REPORTED,
    )


def with_finding(world) -> Finding:
    return services.finding_add(
        user=world.users["procurer_a"],
        audit=carried_out(world),
        kind="non_compliance",
        severity="major",
        description="Riskanalys saknas.",
    )


def two_results(world):
    return {world.criterion.pk: ("fulfilled", ""), world.second_criterion.pk: ("partly", "")}


@dataclass(frozen=True)
class Step:
    """One dated step: how to reach it, take it with a day, and read the day it stored."""

    name: str
    setup: Callable  # world -> the audit (or finding) the step is taken on
    service: Callable  # (world, obj, day) -> None
    field: str  # the field the day is typed in (form and API)
    stored: Callable  # obj (refreshed) -> the stored day
    url: str  # the portal's URL name (kwargs pk)
    form: Callable  # (world, obj) -> the other fields of the form
    api: str  # the API's URL name
    body: Callable  # (world, obj) -> the other fields of the API body
    too_early: datetime.date | None = None  # a day before the step it follows
    too_early_sv: str = ""
    too_early_en: str = ""
    user: str = "procurer_a"
    default: Callable | None = None  # world, obj -> the day when none is given (today else)

    def pk(self, obj):
        return obj.pk


STEPS = [
    Step(
        name="conduct",
        setup=planned,
        service=lambda world, a, day: services.audit_conduct(
            user=world.users["procurer_a"], audit=a, start_date=day
        ),
        field="start_date",
        stored=lambda a: a.start_date,
        url="audits:audit_conduct",
        form=lambda world, a: {},
        api="api:audit-conduct",
        body=lambda world, a: {},
    ),
    Step(
        name="results",
        setup=carried_out,
        service=lambda world, a, day: services.audit_results_record(
            user=world.users["procurer_a"], audit=a, results=two_results(world), on=day
        ),
        field="on",
        stored=lambda a: a.timeline.get(action="results_recorded").occurred_on,
        url="audits:audit_results",
        form=lambda world, a: {
            f"outcome_{world.criterion.pk}": "fulfilled",
            f"outcome_{world.second_criterion.pk}": "partly",
        },
        api="api:audit-results",
        body=lambda world, a: {
            "results": [
                {"criterion": world.criterion.pk, "outcome": "fulfilled"},
                {"criterion": world.second_criterion.pk, "outcome": "partly"},
            ]
        },
        too_early=datetime.date(2024, 5, 2),
        too_early_sv="Datumet kan inte vara före revisionens start (2024-05-03).",
        too_early_en="The date cannot be before the audit's start (2024-05-03).",
    ),
    Step(
        name="finding",
        setup=carried_out,
        service=lambda world, a, day: services.finding_add(
            user=world.users["procurer_a"],
            audit=a,
            kind="observation",
            description="Ny.",
            raised_on=day,
        ),
        field="raised_on",
        stored=lambda a: a.findings.get().raised_on,
        url="audits:finding_add",
        form=lambda world, a: {"kind": "observation", "description": "Ny."},
        api="api:finding-list",
        body=lambda world, a: {"audit": a.pk, "kind": "observation", "description": "Ny."},
        too_early=datetime.date(2024, 5, 2),
        too_early_sv="Datumet kan inte vara före revisionens start (2024-05-03).",
        too_early_en="The date cannot be before the audit's start (2024-05-03).",
        default=lambda world, a: END,  # the audit's last day
    ),
    Step(
        name="finding_status",
        setup=with_finding,
        service=lambda world, f, day: services.finding_status_set(
            user=world.users["procurer_a"],
            finding=f,
            status=FindingStatus.ACTION_PLAN_RECEIVED,
            on=day,
        ),
        field="on",
        stored=lambda f: f.action_plan_received_on,
        url="audits:finding_status",
        form=lambda world, f: {"status": "action_plan_received"},
        api="api:finding-status",
        body=lambda world, f: {"status": "action_plan_received"},
        too_early=datetime.date(2024, 5, 3),
        too_early_sv="Datumet kan inte vara före den dag avvikelsen noterades (2024-05-04).",
        too_early_en="The date cannot be before the day the finding was raised (2024-05-04).",
    ),
    Step(
        name="report",
        setup=carried_out,
        service=lambda world, a, day: services.audit_report(
            user=world.users["procurer_a"], audit=a, summary="S.", public_summary="", on=day
        ),
        field="on",
        stored=lambda a: a.reported_on,
        url="audits:audit_report",
        form=lambda world, a: {"summary": "S."},
        api="api:audit-report",
        body=lambda world, a: {"summary": "S."},
        too_early=datetime.date(2024, 5, 3),
        too_early_sv="Datumet kan inte vara före revisionens slut (2024-05-04).",
        too_early_en="The date cannot be before the audit's end (2024-05-04).",
    ),
    Step(
        name="approve",
        setup=reported,
        service=lambda world, a, day: services.public_summary_approve(
            user=world.users["secretariat"], audit=a, on=day
        ),
        field="on",
        stored=lambda a: a.public_summary_approved_on,
        url="audits:audit_approve",
        form=lambda world, a: {},
        api="api:audit-approve-public-summary",
        body=lambda world, a: {},
        too_early=datetime.date(2024, 5, 19),
        too_early_sv="Datumet kan inte vara före den dag revisionen rapporterades (2024-05-20).",
        too_early_en="The date cannot be before the day the audit was reported (2024-05-20).",
        user="secretariat",
    ),
    Step(
        name="close",
        setup=reported,
        service=lambda world, a, day: services.audit_close(
            user=world.users["procurer_a"], audit=a, on=day
        ),
        field="on",
        stored=lambda a: a.closed_on,
        url="audits:audit_close",
        form=lambda world, a: {},
        api="api:audit-close",
        body=lambda world, a: {},
        too_early=datetime.date(2024, 5, 19),
        too_early_sv="Datumet kan inte vara före den dag revisionen rapporterades (2024-05-20).",
        too_early_en="The date cannot be before the day the audit was reported (2024-05-20).",
    ),
    Step(
        name="cancel",
        setup=planned,
        service=lambda world, a, day: services.audit_cancel(
            user=world.users["procurer_a"], audit=a, reason="Leverantören upphörde.", on=day
        ),
        field="on",
        stored=lambda a: a.cancelled_on,
        url="audits:audit_cancel",
        form=lambda world, a: {"cancellation_reason": "Leverantören upphörde."},
        api="api:audit-cancel",
        body=lambda world, a: {"cancellation_reason": "Leverantören upphörde."},
    ),
]
EARLY = [step for step in STEPS if step.too_early]
ids = lambda steps: [step.name for step in steps]  # noqa: E731


def refreshed(obj):
    obj.refresh_from_db()
    return obj


def future_message(language: str) -> str:
    today = timezone.localdate().isoformat()
    if language == "sv":
        return f"Datumet kan inte ligga i framtiden (i dag är {today})."
    return f"The date cannot be in the future (today is {today})."


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


# ---- the service ------------------------------------------------------------------------------


@pytest.mark.parametrize("step", STEPS, ids=ids(STEPS))
def test_the_day_is_today_unless_given(world, step):
    obj = step.setup(world)
    step.service(world, obj, None)
    expected = step.default(world, obj) if step.default else timezone.localdate()
    assert step.stored(refreshed(obj)) == expected


@pytest.mark.parametrize("step", STEPS, ids=ids(STEPS))
def test_the_day_given_is_stored(world, step):
    obj = step.setup(world)
    day = datetime.date(2024, 6, 10)
    step.service(world, obj, day)
    assert step.stored(refreshed(obj)) == day


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("step", STEPS, ids=ids(STEPS))
def test_a_day_in_the_future_is_refused_on_its_field(world, step, language):
    obj = step.setup(world)
    events = obj.audit.timeline.count() if isinstance(obj, Finding) else obj.timeline.count()
    with translation.override(language), pytest.raises(ValidationError) as refused:
        step.service(world, obj, tomorrow())
    assert refused.value.message_dict == {step.field: [future_message(language)]}
    # Nothing recorded: not the step, not its timeline entry.
    audit = refreshed(obj).audit if isinstance(obj, Finding) else refreshed(obj)
    assert audit.timeline.count() == events


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("step", EARLY, ids=ids(EARLY))
def test_a_day_before_the_step_it_follows_is_refused_on_its_field(world, step, language):
    obj = step.setup(world)
    with translation.override(language), pytest.raises(ValidationError) as refused:
        step.service(world, obj, step.too_early)
    expected = step.too_early_sv if language == "sv" else step.too_early_en
    assert refused.value.message_dict == {step.field: [expected]}


# ---- the portal's forms ----------------------------------------------------------------------


def field_errors(page: str, field: str) -> str:
    """The text of the error block under ``field`` ('' when there is none)."""
    found = re.search(rf'id="{re.escape(field)}-errors">(.*?)</div>', page, re.S)
    return html.unescape(found.group(1)).strip() if found else ""


def top_errors(page: str) -> str:
    found = re.search(r'id="form-errors">(.*?)</div>\s*\n', page, re.S)
    return html.unescape(found.group(1)) if found else ""


def portal_post(client, world, step, obj, day, language):
    client.force_login(world.users[step.user])
    data = {**step.form(world, obj), step.field: day.isoformat()}
    return client.post(reverse(step.url, args=[obj.pk]), data, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("step", STEPS, ids=ids(STEPS))
def test_the_form_shows_a_future_day_next_to_its_field(client, world, step, language):
    obj = step.setup(world)
    response = portal_post(client, world, step, obj, tomorrow(), language)
    assert response.status_code == 400
    page = response.content.decode()
    assert field_errors(page, step.field) == future_message(language)
    assert future_message(language) not in top_errors(page)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("step", EARLY, ids=ids(EARLY))
def test_the_form_shows_a_too_early_day_next_to_its_field(client, world, step, language):
    obj = step.setup(world)
    response = portal_post(client, world, step, obj, step.too_early, language)
    assert response.status_code == 400
    page = response.content.decode()
    expected = step.too_early_sv if language == "sv" else step.too_early_en
    assert field_errors(page, step.field) == expected
    assert not top_errors(page)


@pytest.mark.parametrize("step", STEPS, ids=ids(STEPS))
def test_the_form_stores_the_day_typed(client, world, step):
    obj = step.setup(world)
    response = portal_post(client, world, step, obj, datetime.date(2024, 6, 10), "sv")
    assert response.status_code == 302, response.content.decode()
    assert step.stored(refreshed(obj)) == datetime.date(2024, 6, 10)


# ---- the API ---------------------------------------------------------------------------------


def api_client(user, language="sv") -> APIClient:
    _token, raw = api_token_create(user=user, name=f"test-{user.pk}-{language}", days=1)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE=language)
    return client


def api_post(world, step, obj, day, language="sv"):
    client = api_client(world.users[step.user], language)
    body = {**step.body(world, obj), step.field: day.isoformat()}
    args = None if step.api == "api:finding-list" else [obj.pk]
    return client.post(reverse(step.api, args=args), body, format="json")


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("step", STEPS, ids=ids(STEPS))
def test_the_api_refuses_a_future_day_under_its_field(world, step, language):
    obj = step.setup(world)
    response = api_post(world, step, obj, tomorrow(), language)
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {step.field: [future_message(language)]}


@pytest.mark.parametrize("step", EARLY, ids=ids(EARLY))
def test_the_api_refuses_a_too_early_day_under_its_field(world, step):
    obj = step.setup(world)
    response = api_post(world, step, obj, step.too_early, "en")
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {step.field: [step.too_early_en]}


@pytest.mark.parametrize("step", STEPS, ids=ids(STEPS))
def test_the_api_stores_the_day_given(world, step):
    obj = step.setup(world)
    response = api_post(world, step, obj, datetime.date(2024, 6, 10))
    assert response.status_code in (200, 201), response.content
    assert step.stored(refreshed(obj)) == datetime.date(2024, 6, 10)


# ---- steps in the wrong state: 409 ------------------------------------------------------------


WRONG_STATE = [
    # (the step, the state it is asked in, the Swedish refusal)
    (
        "api:audit-conduct",
        carried_out,
        {},
        "Bara en planerad revision kan registreras som genomförd; den här är genomförd.",
    ),
    (
        "api:audit-cancel",
        carried_out,
        {"cancellation_reason": "Sent."},
        "Bara en planerad revision kan avbrytas; den här är genomförd, och det som har "
        "genomförts ligger kvar.",
    ),
    (
        "api:audit-report",
        planned,
        {"summary": "S."},
        "Registrera att revisionen är genomförd innan du rapporterar den.",
    ),
    (
        "api:audit-close",
        carried_out,
        {},
        "Endast en rapporterad revision kan avslutas; den här har status genomförd.",
    ),
    (
        "api:audit-approve-public-summary",
        carried_out,
        {},
        "Endast den offentliga sammanfattningen av en rapporterad revision kan godkännas.",
    ),
]


@pytest.mark.parametrize(
    ("name", "setup", "body", "message"), WRONG_STATE, ids=[row[0] for row in WRONG_STATE]
)
def test_a_step_in_the_wrong_state_is_a_conflict(world, name, setup, body, message):
    audit = setup(world)
    response = api_client(world.users["secretariat"]).post(
        reverse(name, args=[audit.pk]), body, format="json"
    )
    assert response.status_code == 409, response.content
    assert response.json()["detail"] == message


def test_a_finding_of_a_planned_audit_is_a_conflict(world):
    audit = planned(world)
    response = api_client(world.users["procurer_a"], "en").post(
        reverse("api:finding-list"),
        {"audit": audit.pk, "kind": "observation", "description": "För tidigt."},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Record that the audit was carried out before adding findings."
    )
    assert not audit.findings.exists()
    assert Audit.objects.get(pk=audit.pk).status == AuditStatus.PLANNED
