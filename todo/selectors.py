"""The work queues (Att göra): what waits for a user, per role, each read through the permission
gate. A user with several memberships gets the queues of each of their roles.

What the queues hold, from the audits' and findings' statuses (audits/choices.py):

- secretariat, *summaries waiting for approval*: reported (or closed) audits whose public summary
  is written and not yet approved (``Audit.objects.awaiting_approval()``, the audits app's rule);
- secretariat, *audits waiting for a report*: audits carried out (``conducted``) and not yet
  reported;
- secretariat, *findings awaiting verification*: findings whose corrective action plan was
  received (``action_plan_received``) and that are not yet verified closed or escalated;
- procurer, *open findings of my organisations*: findings neither verified closed nor escalated
  of the audits that an organisation in which they plan audits leads or co-leads;
- auditor, *my assigned audits*: audits assigned to them still to be carried out or reported
  (``planned``, ``conducted``).

A reader has no queue. Each queue's count and rows come from the same queryset, so the menu's
count and the page agree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audits.choices import FINDING_SETTLED_STATUSES, AuditStatus, FindingStatus
from audits.models import Audit, Finding
from core.permissions import Action, Role, get_scope

# The rows a section shows; the rest are one link away, in the register's list.
SECTION_LIMIT = 50
# The menu's counts are kept this long per user: a count may lag a change made by somebody else
# by this much (the user's own changes drop it at once, todo.middleware; /todo/ always counts).
COUNTS_TIMEOUT = 60


def _summaries_awaiting_approval(user) -> QuerySet:
    return (
        Audit.objects.for_user(user, Action.VIEW)
        .awaiting_approval()
        .select_related("supplier", "lead_organisation")
        .order_by(F("reported_on").asc(nulls_last=True), "pk")
    )


def _audits_awaiting_report(user) -> QuerySet:
    return (
        Audit.objects.for_user(user, Action.VIEW)
        .filter(status=AuditStatus.CONDUCTED)
        .select_related("supplier", "lead_organisation")
        .order_by(F("end_date").asc(nulls_last=True), "pk")
    )


def _by_deadline(findings: QuerySet) -> QuerySet:
    # The earliest deadline first, so the overdue come first; no deadline last.
    return findings.select_related("audit", "audit__supplier", "audit__lead_organisation").order_by(
        F("deadline").asc(nulls_last=True), "pk"
    )


def _findings_awaiting_verification(user) -> QuerySet:
    return _by_deadline(
        Finding.objects.for_user(user, Action.VIEW).filter(
            status=FindingStatus.ACTION_PLAN_RECEIVED
        )
    )


def _open_findings_of_my_organisations(user) -> QuerySet:
    organisations = get_scope(user).procurer_organisation_ids
    led = Audit.objects.led_by(
        organisations, lead="lead_organisation", co_leads="co_lead_organisations"
    )
    return _by_deadline(
        Finding.objects.for_user(user, Action.VIEW)
        .exclude(status__in=FINDING_SETTLED_STATUSES)
        .filter(audit__in=led.values("pk"))
    )


def _assigned_audits(user) -> QuerySet:
    return (
        Audit.objects.for_user(user, Action.VIEW)
        .filter(auditor_id=user.pk, status__in=(AuditStatus.PLANNED, AuditStatus.CONDUCTED))
        .select_related("supplier", "lead_organisation")
        .order_by(F("planned_date").asc(nulls_last=True), "year", "pk")
    )


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    description: str
    empty: str
    kind: str  # "audits" or "findings": the table it is shown in
    rows: Callable[[object], QuerySet]
    # The register's list filtered to exactly this queue, for "show all" (name, query string).
    list_url: tuple[str, str] | None = None


SECRETARIAT_QUEUES = (
    Queue(
        "approval",
        _("Public summaries waiting for approval"),
        _("Reported audits whose public summary nobody has approved yet."),
        _("No public summary is waiting for approval."),
        "approval",
        _summaries_awaiting_approval,
    ),
    Queue(
        "report",
        _("Audits waiting for a report"),
        _("Audits carried out and not yet reported, the longest waiting first."),
        _("No audit is waiting for a report."),
        "audits",
        _audits_awaiting_report,
        ("audits:audit_list", "status=conducted"),
    ),
    Queue(
        "verification",
        _("Findings awaiting verification"),
        _("Findings whose corrective action plan was received, by deadline."),
        _("No finding is awaiting verification."),
        "findings",
        _findings_awaiting_verification,
        ("audits:finding_list", "status=action_plan_received"),
    ),
)
PROCURER_QUEUES = (
    Queue(
        "my_findings",
        _("Open findings of my organisations"),
        _(
            "Findings neither verified closed nor escalated, of the audits my organisations lead "
            "or co-lead, by deadline."
        ),
        _("No open findings."),
        "findings",
        _open_findings_of_my_organisations,
    ),
)
AUDITOR_QUEUES = (
    Queue(
        "assigned",
        _("My assigned audits"),
        _("Audits assigned to me that are still to be carried out or reported."),
        _("No audits are assigned to you."),
        "assigned",
        _assigned_audits,
    ),
)


def queues_for(user) -> list[Queue]:
    """The queues of each of the user's roles (none for a reader, nor for anonymous users)."""
    scope = get_scope(user)
    queues: list[Queue] = []
    if scope.is_secretariat:
        queues += SECRETARIAT_QUEUES
    if Role.PROCURER in scope.roles:
        queues += PROCURER_QUEUES
    if Role.AUDITOR in scope.roles:
        queues += AUDITOR_QUEUES
    return queues


@dataclass
class Section:
    queue: Queue
    count: int
    rows: list

    @property
    def more(self) -> bool:
        return self.count > len(self.rows)

    @property
    def list_url(self) -> str:
        if not self.queue.list_url:
            return ""
        name, query = self.queue.list_url
        return f"{reverse(name)}?{query}"


def todo_page(user, *, today: datetime.date) -> dict:
    """Each queue's first rows and count: one query per queue (two when it holds more than a
    section shows), whatever the number of rows. The counts are stored for the menu as well."""
    sections = []
    for queue in queues_for(user):
        queryset = queue.rows(user)
        rows = list(queryset[: SECTION_LIMIT + 1])
        count = len(rows) if len(rows) <= SECTION_LIMIT else queryset.count()
        sections.append(Section(queue, count, rows[:SECTION_LIMIT]))
    counts = {section.queue.key: section.count for section in sections}
    cache.set(_counts_key(user), counts, COUNTS_TIMEOUT)
    return {"sections": sections, "today": today, "total": sum(counts.values())}


def _counts_key(user) -> str:
    return counts_key(user.pk)


def counts_key(user_id) -> str:
    """The cache key of a user's counts."""
    return f"todo:counts:{user_id}"


def menu_counts(user) -> dict[str, int]:
    """Each of the user's queues' count, for the menu: from the cache (one round trip) when
    counted in the last ``COUNTS_TIMEOUT`` seconds, else one count query per queue."""
    key = _counts_key(user)
    counts = cache.get(key)
    if counts is None:
        counts = {queue.key: queue.rows(user).count() for queue in queues_for(user)}
        cache.set(key, counts, COUNTS_TIMEOUT)
    return counts


def forget_counts(user) -> None:
    """Drop the user's cached counts (after a change they made)."""
    cache.delete(_counts_key(user))
