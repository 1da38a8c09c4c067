"""The days of the audit workflow's steps, and the dated log of each finding's status.

Existing rows get their days from what was recorded: a timeline entry happened on the local day
it was recorded; an audit's report, close and cancel on the day of its timeline entry (left
empty where that day would contradict the audit's own dates, as after the old results step that
copied a future planned date); an approval on the day it was recorded. Each finding's status log
is read from its history (each change dated by the finding's own field for that step where there
is one, else the day it was recorded), or from its fields where it has no history.

Two rules the next migration adds to the database are made true first: a verified closed finding
names the audit that verified it (the earliest carried-out later audit of the same supplier,
its own follow-ups first; where there is none, the finding goes back to the status before, as the
verification was never recorded), and a cancelled audit has a reason.
"""

import datetime
from collections import defaultdict

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F, Q
from django.utils import timezone


NO_REASON = "Inget skäl registrerat (avbruten innan portalen frågade efter skälet)."
CARRIED_OUT = ("conducted", "reported", "closed")
BATCH = 1000


def _day(instant) -> datetime.date:
    return timezone.localtime(instant).date()


def _latest(*days):
    days = [day for day in days if day is not None]
    return max(days) if days else None


def fill_timeline_days(apps, schema_editor):
    AuditEvent = apps.get_model("audits", "AuditEvent")
    changed = []
    for event in AuditEvent.objects.only("pk", "at").iterator(chunk_size=BATCH):
        event.occurred_on = _day(event.at)
        changed.append(event)
        if len(changed) >= BATCH:
            AuditEvent.objects.bulk_update(changed, ["occurred_on"])
            changed = []
    AuditEvent.objects.bulk_update(changed, ["occurred_on"])


def fill_audit_days(apps, schema_editor):
    Audit = apps.get_model("audits", "Audit")
    AuditEvent = apps.get_model("audits", "AuditEvent")
    first, last = {}, {}
    for audit_id, action, at in (
        AuditEvent.objects.filter(action__in=["reported", "closed", "cancelled"])
        .order_by("at", "pk")
        .values_list("audit_id", "action", "at")
    ):
        first.setdefault((audit_id, action), _day(at))
        last[audit_id, action] = _day(at)
    audits = Audit.objects.filter(
        Q(status__in=["reported", "closed", "cancelled"])
        | Q(public_summary_approved_at__isnull=False)
    )
    changed = []
    for audit in audits.iterator(chunk_size=BATCH):
        done = _latest(audit.start_date, audit.end_date)
        if audit.status in ("reported", "closed"):
            day = first.get((audit.pk, "reported"))
            if day is not None and (done is None or day >= done):
                audit.reported_on = day
        if audit.status == "closed":
            day = last.get((audit.pk, "closed"))
            if day is not None and day >= (_latest(audit.reported_on, done) or day):
                audit.closed_on = day
        if audit.status == "cancelled":
            audit.cancelled_on = last.get((audit.pk, "cancelled"))
            if not audit.cancellation_reason.strip():
                audit.cancellation_reason = NO_REASON
        if audit.public_summary_approved_at is not None:
            audit.public_summary_approved_on = _latest(
                _day(audit.public_summary_approved_at), audit.reported_on
            )
        changed.append(audit)
    Audit.objects.bulk_update(
        changed,
        [
            "reported_on",
            "closed_on",
            "cancelled_on",
            "cancellation_reason",
            "public_summary_approved_on",
        ],
        batch_size=BATCH,
    )


def _verifier(Audit, finding):
    """The audit that verified ``finding``, as far as the records tell: a carried-out audit of
    the same supplier, not its own, that did not start before the finding was raised; its own
    follow-ups first, then the earliest."""
    candidates = (
        Audit.objects.filter(supplier_id=finding.audit.supplier_id, status__in=CARRIED_OUT)
        .exclude(pk=finding.audit_id)
        .filter(Q(start_date__isnull=True) | Q(start_date__gte=finding.raised_on))
    )
    own = candidates.filter(follows_up_id=finding.audit_id).order_by("start_date", "pk").first()
    return own or candidates.order_by("start_date", "pk").first()


def settle_finding_fields(apps, schema_editor):
    Audit = apps.get_model("audits", "Audit")
    Finding = apps.get_model("audits", "Finding")
    Finding.objects.exclude(status="verified_closed").filter(closed_on__isnull=False).update(
        closed_on=None
    )
    for finding in Finding.objects.filter(action_plan_received_on__lt=F("raised_on")):
        finding.action_plan_received_on = finding.raised_on
        finding.save(update_fields=["action_plan_received_on"])
    unverified = (
        Finding.objects.filter(status="verified_closed", verified_by_audit__isnull=True)
        .exclude(kind="good_practice")
        .select_related("audit")
    )
    for finding in unverified:
        verifier = _verifier(Audit, finding)
        if verifier is not None:
            finding.verified_by_audit = verifier
        else:
            finding.status = "action_plan_received" if finding.action_plan_received_on else "open"
            finding.closed_on = None
        finding.save(update_fields=["verified_by_audit", "status", "closed_on"])


def _steps_from_history(rows, raised_on):
    """(status, day, recorded_at, user id) for each change of status in the history rows."""
    steps = []
    for status, when, user_id, received_on, closed_on in rows:
        if steps and steps[-1][0] == status:
            continue
        if not steps:
            day = raised_on
        elif status == "action_plan_received" and received_on:
            day = received_on
        elif status == "verified_closed" and closed_on:
            day = closed_on
        else:
            day = _day(when)
        steps.append([status, day, when, user_id])
    return steps


def _steps_from_fields(finding):
    steps = [["open", finding.raised_on, finding.created, None]]
    if finding.action_plan_received_on and finding.status in (
        "action_plan_received",
        "verified_closed",
    ):
        steps.append(
            ["action_plan_received", finding.action_plan_received_on, finding.created, None]
        )
    if finding.status == "escalated":
        steps.append(["escalated", _day(finding.modified), finding.modified, None])
    if finding.status == "verified_closed":
        steps.append(
            ["verified_closed", finding.closed_on or _day(finding.modified), finding.modified, None]
        )
    return steps


def build_status_log(apps, schema_editor):
    Finding = apps.get_model("audits", "Finding")
    HistoricalFinding = apps.get_model("audits", "HistoricalFinding")
    FindingStatusChange = apps.get_model("audits", "FindingStatusChange")
    history = defaultdict(list)
    for row in HistoricalFinding.objects.order_by("id", "history_date", "history_id").values_list(
        "id",
        "status",
        "history_date",
        "history_user_id",
        "action_plan_received_on",
        "closed_on",
    ):
        history[row[0]].append(row[1:])
    log = []
    for finding in Finding.objects.iterator(chunk_size=BATCH):
        rows = history.get(finding.pk)
        steps = _steps_from_history(rows, finding.raised_on) if rows else []
        if not steps or steps[-1][0] != finding.status:
            # The history is missing or ends elsewhere (a change made outside the services):
            # the fields tell the rest.
            steps = _steps_from_fields(finding)
        previous = finding.raised_on
        for status, day, recorded_at, user_id in steps:
            previous = max(day, previous)  # a day never before the step it follows
            log.append(
                FindingStatusChange(
                    finding_id=finding.pk,
                    status=status,
                    on=previous,
                    recorded_at=recorded_at,
                    by_id=user_id,
                    is_synthetic=finding.is_synthetic,
                )
            )
        if len(log) >= BATCH:
            FindingStatusChange.objects.bulk_create(log)
            log = []
    FindingStatusChange.objects.bulk_create(log)


def forward(apps, schema_editor):
    fill_timeline_days(apps, schema_editor)
    fill_audit_days(apps, schema_editor)
    settle_finding_fields(apps, schema_editor)
    build_status_log(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0004_finding_deadline_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "ordering": ["audit", "occurred_on", "at", "pk"],
                "verbose_name": "audit timeline entry",
                "verbose_name_plural": "audit timeline entries",
            },
        ),
        migrations.AddField(
            model_name="audit",
            name="cancellation_reason",
            field=models.TextField(blank=True, verbose_name="reason for cancelling"),
        ),
        migrations.AddField(
            model_name="audit",
            name="cancelled_on",
            field=models.DateField(blank=True, null=True, verbose_name="cancelled on"),
        ),
        migrations.AddField(
            model_name="audit",
            name="closed_on",
            field=models.DateField(blank=True, null=True, verbose_name="closed on"),
        ),
        migrations.AddField(
            model_name="audit",
            name="public_summary_approved_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="public summary approved on"
            ),
        ),
        migrations.AddField(
            model_name="audit",
            name="reported_on",
            field=models.DateField(blank=True, null=True, verbose_name="reported on"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="occurred_on",
            field=models.DateField(
                help_text="The day it happened, which may be before it was recorded.",
                null=True,
                verbose_name="occurred on",
            ),
        ),
        migrations.AddField(
            model_name="historicalaudit",
            name="cancellation_reason",
            field=models.TextField(blank=True, verbose_name="reason for cancelling"),
        ),
        migrations.AddField(
            model_name="historicalaudit",
            name="cancelled_on",
            field=models.DateField(blank=True, null=True, verbose_name="cancelled on"),
        ),
        migrations.AddField(
            model_name="historicalaudit",
            name="closed_on",
            field=models.DateField(blank=True, null=True, verbose_name="closed on"),
        ),
        migrations.AddField(
            model_name="historicalaudit",
            name="public_summary_approved_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="public summary approved on"
            ),
        ),
        migrations.AddField(
            model_name="historicalaudit",
            name="reported_on",
            field=models.DateField(blank=True, null=True, verbose_name="reported on"),
        ),
        migrations.AlterField(
            model_name="audit",
            name="public_summary_approved_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the approval was recorded.",
                null=True,
                verbose_name="public summary approved at",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("planned", "Planned"),
                    ("conducted", "Carried out"),
                    ("updated", "Updated"),
                    ("results_recorded", "Results recorded"),
                    ("finding_added", "Finding added"),
                    ("finding_status", "Finding status changed"),
                    ("evidence_added", "Evidence added"),
                    ("reported", "Reported"),
                    ("summary_approved", "Public summary approved"),
                    ("closed", "Closed"),
                    ("cancelled", "Cancelled"),
                    ("imported", "Imported"),
                ],
                max_length=30,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, verbose_name="recorded at"),
        ),
        migrations.AlterField(
            model_name="historicalaudit",
            name="public_summary_approved_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the approval was recorded.",
                null=True,
                verbose_name="public summary approved at",
            ),
        ),
        migrations.CreateModel(
            name="FindingStatusChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "modified",
                    models.DateTimeField(auto_now=True, db_index=True, verbose_name="modified"),
                ),
                (
                    "is_synthetic",
                    models.BooleanField(
                        default=False,
                        help_text="Generated by the scale generator, not a fact of the collaboration.",
                        verbose_name="synthetic",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("action_plan_received", "Action plan received"),
                            ("verified_closed", "Verified closed"),
                            ("escalated", "Escalated"),
                        ],
                        max_length=30,
                        verbose_name="status",
                    ),
                ),
                (
                    "on",
                    models.DateField(
                        help_text="The day the finding got this status.", verbose_name="date"
                    ),
                ),
                ("recorded_at", models.DateTimeField(verbose_name="recorded at")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "finding",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="status_changes",
                        to="audits.finding",
                        verbose_name="finding",
                    ),
                ),
            ],
            options={
                "verbose_name": "finding status change",
                "verbose_name_plural": "finding status changes",
                "ordering": ["finding", "on", "recorded_at", "pk"],
                "indexes": [
                    models.Index(fields=["finding", "on"], name="finding_status_change_day")
                ],
            },
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="occurred_on",
            field=models.DateField(
                default=django.utils.timezone.localdate,
                help_text="The day it happened, which may be before it was recorded.",
                verbose_name="occurred on",
            ),
        ),
    ]
