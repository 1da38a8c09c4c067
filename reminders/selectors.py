"""Which reminders fall on a day, to whom, and what a person's digest holds.

The ladder of every item, counted from its due day (``due``):

- ``due - N`` (due soon) and ``due`` (due today): the responsible people: the procurers of the
  finding's audit's lead and co-lead organisations, of the incident's lead and involved ones;
- ``due + 1`` (overdue): the lead organisation's escalation contacts (``RegionContact``), or,
  where it names none, its procurers; the secretariat when there is no lead organisation;
- ``due + 1 + M`` (escalated): the secretariat.

The items and their due day:

- a finding's corrective action (non-compliance or observation, neither verified closed nor
  escalated): its deadline;
- a corrective action plan awaited (such a finding still open, no plan received): raised on +
  P days;
- an incident not closed: its last timeline entry (else the day it was opened, else the day it
  was recorded) + K days.

Each stage falls on exactly one day; ``send_reminders --date`` runs a day the beat missed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.db.models.functions import Coalesce, TruncDate

from audits.choices import FINDING_SETTLED_STATUSES, FindingKind, FindingStatus
from audits.models import Audit, Finding
from core.permissions import Action, Role
from incidents.choices import IncidentStatus
from incidents.models import Incident
from organisations.choices import OrganisationKind
from organisations.models import Membership, User
from reminders.choices import DigestState, Frequency, Stage, Subject
from reminders.models import Digest, RegionContact, Reminder, ReminderPreference

# How far back a digest looks for reminders not yet sent (a weekly digest holds a week).
WINDOW_DAYS = 7
STAGE_ORDER = [Stage.ESCALATED, Stage.OVERDUE, Stage.DUE, Stage.DUE_SOON]


@dataclass(frozen=True)
class Ladder:
    days_before: int  # N
    escalation_days: int  # M
    incident_quiet_days: int  # K
    action_plan_days: int  # P

    @classmethod
    def from_settings(cls) -> Ladder:
        return cls(
            days_before=settings.HALLBAR_REMINDER_DAYS_BEFORE,
            escalation_days=settings.HALLBAR_REMINDER_ESCALATION_DAYS,
            incident_quiet_days=settings.HALLBAR_REMINDER_INCIDENT_QUIET_DAYS,
            action_plan_days=settings.HALLBAR_REMINDER_ACTION_PLAN_DAYS,
        )

    def stages(self, day: datetime.date) -> dict[datetime.date, Stage]:
        """The due day that puts an item at each stage on ``day``."""
        one = datetime.timedelta(days=1)
        return {
            day + datetime.timedelta(days=self.days_before): Stage.DUE_SOON,
            day: Stage.DUE,
            day - one: Stage.OVERDUE,
            day - one - datetime.timedelta(days=self.escalation_days): Stage.ESCALATED,
        }


def _open_findings():
    return Finding.objects.exclude(status__in=FINDING_SETTLED_STATUSES).exclude(
        kind=FindingKind.GOOD_PRACTICE
    )


def _incident_last_activity():
    return Incident.objects.exclude(status=IncidentStatus.CLOSED).annotate(
        last_activity=Coalesce(Max("timeline__occurred_on"), "opened_on", TruncDate("created"))
    )


@dataclass
class _Item:
    subject: str
    item_key: str
    due: datetime.date
    lead_id: int | None
    others: set
    finding_id: int | None = None
    incident_id: int | None = None


def _items_due(dues: list[datetime.date], ladder: Ladder) -> list[_Item]:
    """Every item whose due day is one of ``dues``, with its lead and other organisations."""
    items = []
    findings = list(
        _open_findings()
        .filter(deadline__in=dues)
        .values_list("pk", "deadline", "audit_id", "audit__lead_organisation_id")
    )
    plan_offset = datetime.timedelta(days=ladder.action_plan_days)
    plans = list(
        _open_findings()
        .filter(status=FindingStatus.OPEN, raised_on__in=[d - plan_offset for d in dues])
        .values_list("pk", "raised_on", "audit_id", "audit__lead_organisation_id")
    )
    co_leads = defaultdict(set)
    audit_ids = {row[2] for row in findings + plans}
    for audit_id, org_id in Audit.co_lead_organisations.through.objects.filter(
        audit_id__in=audit_ids
    ).values_list("audit_id", "organisation_id"):
        co_leads[audit_id].add(org_id)
    for pk, deadline, audit_id, lead_id in findings:
        items.append(
            _Item(Subject.FINDING_DEADLINE, f"finding:{pk}", deadline, lead_id, co_leads[audit_id])
        )
        items[-1].finding_id = pk
    for pk, raised_on, audit_id, lead_id in plans:
        items.append(
            _Item(
                Subject.ACTION_PLAN,
                f"finding:{pk}",
                raised_on + plan_offset,
                lead_id,
                co_leads[audit_id],
            )
        )
        items[-1].finding_id = pk
    quiet = datetime.timedelta(days=ladder.incident_quiet_days)
    incidents = list(
        _incident_last_activity()
        .filter(last_activity__in=[d - quiet for d in dues])
        .values_list("pk", "last_activity", "lead_organisation_id")
    )
    involved = defaultdict(set)
    for incident_id, org_id in Incident.involved_organisations.through.objects.filter(
        incident_id__in=[row[0] for row in incidents]
    ).values_list("incident_id", "organisation_id"):
        involved[incident_id].add(org_id)
    for pk, last, lead_id in incidents:
        items.append(
            _Item(Subject.INCIDENT_QUIET, f"incident:{pk}", last + quiet, lead_id, involved[pk])
        )
        items[-1].incident_id = pk
    return items


def _people():
    return User.objects.filter(is_active=True)


def _procurers_by_organisation(org_ids) -> dict[int, set[int]]:
    by_org = defaultdict(set)
    for org_id, user_id in Membership.objects.filter(
        organisation_id__in=org_ids, role=Role.PROCURER, user__in=_people()
    ).values_list("organisation_id", "user_id"):
        by_org[org_id].add(user_id)
    return by_org


def _contacts_by_organisation(org_ids) -> dict[int, set[int]]:
    named = defaultdict(set)
    for org_id, user_id in RegionContact.objects.filter(
        organisation_id__in=org_ids, user__in=_people()
    ).values_list("organisation_id", "user_id"):
        named[org_id].add(user_id)
    procurers = _procurers_by_organisation(set(org_ids) - set(named))
    return {org_id: named.get(org_id) or procurers.get(org_id, set()) for org_id in org_ids}


def secretariat_ids() -> set[int]:
    return set(
        Membership.objects.filter(
            role=Role.SECRETARIAT,
            organisation__kind=OrganisationKind.SECRETARIAT,
            user__in=_people(),
        ).values_list("user_id", flat=True)
    )


def reminders_of_day(day: datetime.date, *, ladder: Ladder | None = None) -> list[Reminder]:
    """The reminders that fall on ``day``, unsaved, one per person, item, subject and stage."""
    ladder = ladder or Ladder.from_settings()
    stages = ladder.stages(day)
    items = _items_due(list(stages), ladder)
    org_ids = set()
    for item in items:
        org_ids |= item.others | ({item.lead_id} if item.lead_id else set())
    procurers = _procurers_by_organisation(org_ids)
    contacts = _contacts_by_organisation({i.lead_id for i in items if i.lead_id})
    secretariat = secretariat_ids()
    made = {}
    for item in items:
        stage = stages[item.due]
        if stage in (Stage.DUE_SOON, Stage.DUE):
            people = set()
            for org_id in item.others | {item.lead_id}:
                people |= procurers.get(org_id, set())
        elif stage == Stage.OVERDUE and item.lead_id:
            people = contacts.get(item.lead_id, set())
        else:
            people = secretariat
        for person in people:
            key = (person, item.item_key, item.subject, stage)
            made[key] = Reminder(
                recipient_id=person,
                subject=item.subject,
                stage=stage,
                item_key=item.item_key,
                finding_id=item.finding_id,
                incident_id=item.incident_id,
                day=day,
                due=item.due,
            )
    return list(made.values())


# ---- what one person is told -------------------------------------------------------------------


def preference_of(user) -> ReminderPreference:
    """The person's preference, or the default (daily, Swedish) when they never chose."""
    found = ReminderPreference.objects.filter(user_id=user.pk).first()
    return found or ReminderPreference(user=user)


def digest_due(preference: ReminderPreference, day: datetime.date) -> bool:
    if preference.frequency == Frequency.DAILY:
        return True
    if preference.frequency == Frequency.WEEKLY:
        return day.weekday() == settings.HALLBAR_REMINDER_WEEKLY_DAY
    return False


def next_digest_day(preference: ReminderPreference, today: datetime.date) -> datetime.date | None:
    """The day of the person's next digest: today unless today's went out already."""
    if preference.frequency == Frequency.NONE:
        return None
    day = today
    if Digest.objects.filter(recipient_id=preference.user_id, day=today).exists():
        day += datetime.timedelta(days=1)
    while not digest_due(preference, day):
        day += datetime.timedelta(days=1)
    return day


def unsent(user, day: datetime.date):
    """The person's reminders of the last week not yet in a digest."""
    return Reminder.objects.filter(
        recipient_id=user.pk,
        digest__isnull=True,
        day__gt=day - datetime.timedelta(days=WINDOW_DAYS),
        day__lte=day,
    )


def recent(user, today: datetime.date) -> list[Entry]:
    """The person's reminders of the last week, sent or not, still pending and visible to them:
    what the work queues (Att göra) show under *Påminnelser*. Read from the stored rows, so the
    page costs a few queries, not a run of the day."""
    reminders = Reminder.objects.filter(
        recipient_id=user.pk,
        day__gt=today - datetime.timedelta(days=WINDOW_DAYS),
        day__lte=today,
    )
    return entries(user, reminders)


@dataclass
class Entry:
    """One line of a digest: what, where, when due, and the link."""

    reminder: Reminder
    title: str
    organisation: str
    path: str

    @property
    def stage_label(self):
        return self.reminder.get_stage_display()

    @property
    def subject_label(self):
        return self.reminder.get_subject_display()


def entries(user, reminders) -> list[Entry]:
    """The lines of ``reminders`` whose item is still pending and which the person may see,
    read through the permission gate (a confidential case they no longer see drops out); one
    line per item and subject, at its latest stage."""
    reminders = list(reminders)
    finding_ids = {r.finding_id for r in reminders if r.finding_id}
    incident_ids = {r.incident_id for r in reminders if r.incident_id}
    findings = {
        f.pk: f
        for f in _open_findings()
        .filter(pk__in=finding_ids)
        .filter(pk__in=Finding.objects.for_user(user, Action.VIEW).values("pk"))
        .select_related("audit__supplier", "audit__lead_organisation")
    }
    quiet = datetime.timedelta(days=settings.HALLBAR_REMINDER_INCIDENT_QUIET_DAYS)
    incidents = {
        i.pk: i
        for i in _incident_last_activity()
        .filter(pk__in=incident_ids)
        .filter(pk__in=Incident.objects.for_user(user, Action.VIEW).values("pk"))
        .select_related("lead_organisation")
    }
    plan_days = datetime.timedelta(days=settings.HALLBAR_REMINDER_ACTION_PLAN_DAYS)
    best: dict[tuple, Entry] = {}
    for reminder in reminders:
        if reminder.finding_id:
            finding = findings.get(reminder.finding_id)
            if finding is None:
                continue
            if reminder.subject == Subject.FINDING_DEADLINE and finding.deadline != reminder.due:
                continue  # the deadline moved: the new one has its own ladder
            if reminder.subject == Subject.ACTION_PLAN and (
                finding.status != FindingStatus.OPEN
                or finding.raised_on + plan_days != reminder.due
            ):
                continue
            audit = finding.audit
            entry = Entry(
                reminder,
                f"{audit.supplier.name}: {finding.description}",
                str(audit.lead_organisation or ""),
                f"{audit.get_absolute_url()}#finding-{finding.pk}",
            )
        else:
            incident = incidents.get(reminder.incident_id)
            if incident is None or incident.last_activity + quiet != reminder.due:
                continue  # closed, or a new entry since: nothing to remind of
            entry = Entry(
                reminder,
                incident.title,
                str(incident.lead_organisation or ""),
                incident.get_absolute_url(),
            )
        key = (reminder.item_key, reminder.subject)
        held = best.get(key)
        if held is None or STAGE_ORDER.index(reminder.stage) < STAGE_ORDER.index(
            held.reminder.stage
        ):
            best[key] = entry
    return sorted(
        best.values(),
        key=lambda e: (STAGE_ORDER.index(e.reminder.stage), e.reminder.due, e.reminder.item_key),
    )


def next_digest(user, today: datetime.date) -> tuple[datetime.date | None, list[Entry]]:
    """What the person's next digest would hold if nothing changed until it goes out: the
    reminders not yet sent and those that fall on the days until then."""
    preference = preference_of(user)
    day = next_digest_day(preference, today)
    if day is None:
        return None, entries(user, unsent(user, today))
    pending = list(unsent(user, today))
    known = {(r.item_key, r.subject, r.stage, r.day) for r in pending}
    ahead = today
    while ahead <= day:
        for reminder in reminders_of_day(ahead):
            key = (reminder.item_key, reminder.subject, reminder.stage, reminder.day)
            if reminder.recipient_id == user.pk and key not in known:
                pending.append(reminder)
        ahead += datetime.timedelta(days=1)
    return day, entries(user, pending)


def sent_digests(user, limit: int = 10):
    return list(
        Digest.objects.for_user(user).filter(state=DigestState.SENT).order_by("-day")[:limit]
    )
