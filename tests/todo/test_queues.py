"""Att göra (/todo/): each role's queues, what shows and what does not, the counts in the
headings and in the menu, the approve step taken from the queue, and the queries it costs."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.choices import FindingStatus
from organisations.choices import Role
from organisations.models import Membership
from tests.helpers import count_queries
from tests.todo.data import conducted_audit, fill_queues, finding, reported_audit
from todo.selectors import SECTION_LIMIT

pytestmark = pytest.mark.usefixtures("module_world")

TODO = "/todo/"


def page(client, world, role):
    client.force_login(world.users[role])
    response = client.get(TODO)
    assert response.status_code == 200
    return response


def sections(response) -> dict[str, list]:
    """Queue key → its rows, as the page shows them."""
    return {s.queue.key: s.rows for s in response.context["sections"]}


def heading_count(response, key) -> int:
    html = response.content.decode()
    match = re.search(rf'id="queue-{key}">[^<]*<span[^>]*>\((\d+)\)', html)
    assert match, f"no heading for {key}"
    return int(match.group(1))


def menu_text(response) -> str:
    """The menu link's accessible name (its aria-label; the badge shows the number)."""
    html = response.content.decode()
    link = r'<a [^>]*aria-label="([^"]*)" data-todo-menu>.*?data-todo-total>(\d+)<'
    match = re.search(link, html)
    if not match:
        return ""
    assert match.group(1).split(", ")[1].startswith(match.group(2) + " ")
    return match.group(1)


@pytest.mark.django_db
def test_the_secretariat_has_its_three_queues_with_their_rows(client, world):
    made = fill_queues(world)
    response = page(client, world, "secretariat")
    rows = sections(response)
    assert list(rows) == ["approval", "report", "verification"]
    assert rows["approval"] == [made.waiting]  # the World's public audit is approved already
    assert rows["report"] == [made.conducted]
    assert rows["verification"] == [made.verifying]
    for key in rows:
        assert heading_count(response, key) == 1
    html = response.content.decode()
    approve = reverse("audits:audit_approve", args=[made.waiting.pk])
    assert f'href="{approve}?next=/todo/"' in html
    assert "Granska och godkänn" in html
    assert menu_text(response) == "Att göra, 3 ärenden"


@pytest.mark.django_db
def test_a_procurer_sees_only_their_regions_open_findings_by_deadline(client, world):
    made = fill_queues(world)  # region B's audit with two unsettled findings
    later = finding(world, made.conducted, deadline=dt.date(2099, 1, 1), description="Senare.")
    closed = finding(
        world, made.conducted, deadline=dt.date(2025, 5, 1), status=FindingStatus.ESCALATED
    )
    response_a = page(client, world, "procurer_a")
    assert sections(response_a) == {"my_findings": [world.finding_a]}
    assert "data-overdue" in response_a.content.decode()  # 2024-08-01 has passed
    assert "Försenad" in response_a.content.decode()
    assert menu_text(response_a) == "Att göra, 1 ärende"

    response_b = page(client, world, "procurer_b")
    rows = sections(response_b)["my_findings"]
    # Overdue first, then the later deadline, no deadline last; the closed one not at all.
    assert rows == [made.verifying, later, made.open_b]
    assert closed not in rows and world.finding_a not in rows
    html = response_b.content.decode()
    assert html.count("data-overdue") == 1
    assert heading_count(response_b, "my_findings") == 3
    assert "Handlingsplan mottagen" in html and "Riskanalys saknas" not in html


@pytest.mark.django_db
def test_a_co_leading_procurer_sees_the_audits_findings(client, world):
    made = fill_queues(world)
    made.conducted.co_lead_organisations.add(world.region_a)
    rows = sections(page(client, world, "procurer_a"))["my_findings"]
    assert rows == [world.finding_a, made.verifying, made.open_b]


@pytest.mark.django_db
def test_an_auditor_sees_only_the_audits_assigned_to_them(client, world):
    made = fill_queues(world)
    reported = reported_audit(world, lead=world.region_b)
    reported.auditor = world.users["auditor"]
    reported.save()  # reported already: nothing left for the auditor
    response = page(client, world, "auditor")
    assert sections(response) == {"assigned": [world.audit_b, made.conducted]}
    html = response.content.decode()
    assert reverse("audits:audit_conduct", args=[world.audit_b.pk]) + "?next=/todo/" in html
    assert reverse("audits:audit_report", args=[made.conducted.pk]) + "?next=/todo/" in html
    assert "Abena" not in html  # region A's audit, not assigned
    assert "Avvikelse" not in html  # no findings queue for an auditor
    assert menu_text(response) == "Att göra, 2 ärenden"


@pytest.mark.django_db
def test_a_reader_has_no_queue_and_no_menu_link(client, world):
    fill_queues(world)
    response = page(client, world, "reader")
    assert response.context["sections"] == []
    assert "har ingen arbetskö" in response.content.decode()
    assert menu_text(client.get("/")) == ""
    assert "data-todo-menu" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_user_with_several_roles_gets_each_roles_queues(client, world):
    made = fill_queues(world)
    procurer_a = world.users["procurer_a"]
    Membership.objects.create(user=procurer_a, organisation=world.partner, role=Role.AUDITOR)
    made.conducted.auditor = procurer_a
    made.conducted.save()
    rows = sections(page(client, world, "procurer_a"))
    assert rows == {"my_findings": [world.finding_a], "assigned": [made.conducted]}


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(TODO)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_the_secretariat_approves_from_the_queue_and_comes_back_to_it(client, world):
    made = fill_queues(world)
    second = reported_audit(world, supplier=world.other_supplier, day=1, summary="Bra arbete.")
    response = page(client, world, "secretariat")
    assert heading_count(response, "approval") == 2
    assert menu_text(response) == "Att göra, 4 ärenden"
    url = reverse("audits:audit_approve", args=[made.waiting.pk]) + "?next=/todo/"
    form = client.get(url)
    assert form.status_code == 200
    assert 'href="/todo/"' in form.content.decode()  # "Avbryt" goes back to the queue
    response = client.post(url, {"on": "2025-03-20"}, follow=True)
    assert response.redirect_chain == [("/todo/", 302)]
    assert "Den offentliga sammanfattningen har godkänts." in response.content.decode()
    assert sections(response)["approval"] == [second]
    assert heading_count(response, "approval") == 1
    made.waiting.refresh_from_db()
    assert made.waiting.public_summary_approved_on == dt.date(2025, 3, 20)
    assert made.waiting.public_summary_approved_by == world.users["secretariat"]
    public = client.get(reverse("audits:public_summaries")).content.decode()
    assert "Leverantören har åtgärdat." in public
    # The next page's menu counts afresh after the user's own change.
    assert menu_text(client.get("/audits/")) == "Att göra, 3 ärenden"


@pytest.mark.django_db
def test_a_refused_approval_stays_on_the_form_and_the_queue(client, world):
    made = fill_queues(world)
    client.force_login(world.users["secretariat"])
    url = reverse("audits:audit_approve", args=[made.waiting.pk]) + "?next=/todo/"
    response = client.post(url, {"on": "2025-03-01"})  # before the report (2025-03-10)
    assert response.status_code == 400
    made.waiting.refresh_from_db()
    assert made.waiting.public_summary_approved_at is None
    assert sections(client.get(TODO))["approval"] == [made.waiting]


@pytest.mark.django_db
def test_a_next_address_of_another_site_is_ignored(client, world):
    made = fill_queues(world)
    client.force_login(world.users["secretariat"])
    url = reverse("audits:audit_approve", args=[made.waiting.pk])
    response = client.post(f"{url}?next=https://evil.example/", {})
    assert response.status_code == 302
    assert response["Location"] == made.waiting.get_absolute_url()


@pytest.mark.django_db
def test_a_procurer_changes_a_findings_status_from_the_queue(client, world):
    client.force_login(world.users["procurer_a"])
    url = reverse("audits:finding_status", args=[world.finding_a.pk]) + "?next=/todo/"
    response = client.post(
        url,
        {"status": FindingStatus.ESCALATED, "on": "2024-09-01"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/todo/", response.content.decode()[:2000]
    assert sections(response) == {"my_findings": []}
    assert "Inga öppna avvikelser." in response.content.decode()


@pytest.mark.django_db
def test_a_long_queue_shows_its_first_rows_and_its_whole_count(client, world):
    made = fill_queues(world)
    for number in range(SECTION_LIMIT):
        finding(
            world,
            made.conducted,
            deadline=dt.date(2026, 1, 1),
            status=FindingStatus.ACTION_PLAN_RECEIVED,
            description=f"Avvikelse {number}.",
        )
    response = page(client, world, "secretariat")
    assert len(sections(response)["verification"]) == SECTION_LIMIT
    assert heading_count(response, "verification") == SECTION_LIMIT + 1
    html = response.content.decode()
    assert f"De första {SECTION_LIMIT} av {SECTION_LIMIT + 1} visas." in html
    assert "/audits/findings/?status=action_plan_received" in html
    assert menu_text(response) == f"Att göra, {SECTION_LIMIT + 3} ärenden"


# ---- what it costs ---------------------------------------------------------------------------


def _more_rows(world, made, n):
    for number in range(n):
        reported_audit(world, day=number + 1, summary=f"Sammanfattning {number}.")
        audit = conducted_audit(world, day=number + 1, auditor=world.users["auditor"])
        finding(
            world,
            audit,
            deadline=dt.date(2025, 6, 1),
            status=FindingStatus.ACTION_PLAN_RECEIVED,
        )
        finding(world, audit, deadline=None)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["secretariat", "procurer_b", "auditor"])
def test_the_pages_queries_do_not_grow_with_its_rows(client, world, role):
    made = fill_queues(world)
    client.force_login(world.users[role])
    few = count_queries(client, TODO)
    _more_rows(world, made, 12)
    many = count_queries(client, TODO)
    assert sum(len(rows) for rows in sections(client.get(TODO)).values()) > 12
    assert many == few


WITHOUT_MENU = [
    {
        **settings.TEMPLATES[0],
        "OPTIONS": {
            **settings.TEMPLATES[0]["OPTIONS"],
            "context_processors": [
                p
                for p in settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
                if not p.startswith("todo.")
            ],
        },
    }
]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "queues"), [("secretariat", 3), ("procurer_a", 1), ("reader", 0)])
def test_the_menus_counts_cost_a_query_per_queue_once_a_minute(client, world, role, queues):
    """Any page: one count query per queue of the user when the counts are not cached, none
    while they are."""
    fill_queues(world)
    client.force_login(world.users[role])
    url = "/audits/"
    client.get(url)
    with override_settings(TEMPLATES=WITHOUT_MENU):
        without = _queries(client, url)
    cache.clear()
    cold = _queries(client, url)
    warm = _queries(client, url)
    assert (cold - without, warm - without) == (queues, 0)


@pytest.mark.django_db
def test_a_change_by_someone_else_shows_in_the_menu_within_the_cache_time(client, world):
    """The counts are cached per user for a minute: another user's change shows on the next
    page after that (or at once on /todo/, which always counts)."""
    client.force_login(world.users["secretariat"])
    assert menu_text(client.get("/audits/")) == "Att göra, 0 ärenden"
    reported_audit(world)  # reported by a region meanwhile
    assert menu_text(client.get("/audits/")) == "Att göra, 0 ärenden"  # cached
    assert menu_text(client.get(TODO)) == "Att göra, 1 ärende"
    assert menu_text(client.get("/audits/")) == "Att göra, 1 ärende"
    cache.clear()  # as when the minute has passed
    assert menu_text(client.get("/audits/")) == "Att göra, 1 ärende"


@pytest.mark.django_db
def test_the_users_own_change_shows_in_the_menu_on_the_next_page(client, world):
    made = fill_queues(world)
    client.force_login(world.users["secretariat"])
    assert menu_text(client.get("/audits/")) == "Att göra, 3 ärenden"  # now cached
    url = reverse("audits:audit_approve", args=[made.waiting.pk])
    response = client.post(url, {}, follow=True)  # from the audit's page: back to it
    assert response.redirect_chain == [(made.waiting.get_absolute_url(), 302)]
    assert menu_text(response) == "Att göra, 2 ärenden"
