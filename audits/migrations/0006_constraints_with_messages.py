"""Every constraint of the audits app refuses with a message of its own, on the field it
concerns (core/constraints.py), and the days of the workflow's steps follow one another.

The constraints that only gain a message and a field are the same in the database (same name,
same condition): they change in the migration state only, so the tables are not rebuilt for
them, and PostgreSQL's composite foreign key that leans on ``audit_unique_id_supplier``
(migration 0003) stays. The new constraints are added to the tables; on SQLite that rebuilds a
table, which drops its triggers, so the follow-up triggers of migration 0003 are made again at
the end (0005 rebuilt the table too, adding a column with a default).
"""

import importlib

import core.constraints
from django.conf import settings
from django.db import migrations, models


FOLLOW_UP = importlib.import_module("audits.migrations.0003_follow_up_same_supplier")


def remake_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in [*FOLLOW_UP.SQLITE_BACKWARD, *FOLLOW_UP.SQLITE_FORWARD]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0005_workflow_days_and_finding_status_log"),
        ("incidents", "0002_initial"),
        ("organisations", "0002_api_token"),
        ("requirements_catalog", "0001_initial"),
        ("riskanalysis", "0001_initial"),
        ("suppliers", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(
                    model_name="audit",
                    name="audit_unique_id_supplier",
                ),
                migrations.RemoveConstraint(
                    model_name="audit",
                    name="audit_not_following_up_itself",
                ),
                migrations.RemoveConstraint(
                    model_name="audit",
                    name="audit_follows_up_only_follow_up_kind",
                ),
                migrations.RemoveConstraint(
                    model_name="audit",
                    name="audit_end_after_start",
                ),
                migrations.RemoveConstraint(
                    model_name="audit",
                    name="audit_public_summary_approval_complete",
                ),
                migrations.RemoveConstraint(
                    model_name="audit",
                    name="audit_year_sane",
                ),
                migrations.RemoveConstraint(
                    model_name="auditresult",
                    name="audit_result_unique_criterion",
                ),
                migrations.RemoveConstraint(
                    model_name="evidence",
                    name="evidence_size_at_most_20_mb",
                ),
                migrations.RemoveConstraint(
                    model_name="finding",
                    name="finding_deadline_not_before_audit",
                ),
                migrations.RemoveConstraint(
                    model_name="finding",
                    name="finding_non_compliance_has_severity",
                ),
                migrations.RemoveConstraint(
                    model_name="finding",
                    name="finding_verified_closed_has_date",
                ),
                migrations.RemoveConstraint(
                    model_name="finding",
                    name="finding_closed_after_raised",
                ),
                migrations.RemoveConstraint(
                    model_name="finding",
                    name="finding_verified_by_another_audit",
                ),
                migrations.RemoveConstraint(
                    model_name="finding",
                    name="finding_has_description",
                ),
                migrations.AddConstraint(
                    model_name="audit",
                    constraint=core.constraints.UniqueConstraint(
                        field="supplier",
                        fields=("id", "supplier"),
                        name="audit_unique_id_supplier",
                        violation_error_message="This audit is already recorded for the supplier.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="audit",
                    constraint=core.constraints.CheckConstraint(
                        condition=models.Q(("follows_up", models.F("pk")), _negated=True),
                        field="follows_up",
                        name="audit_not_following_up_itself",
                        violation_error_message="An audit cannot follow up itself.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="audit",
                    constraint=core.constraints.CheckConstraint(
                        condition=models.Q(
                            ("follows_up__isnull", True), ("kind", "follow_up"), _connector="OR"
                        ),
                        field="kind",
                        name="audit_follows_up_only_follow_up_kind",
                        violation_error_message="An audit that follows up another audit is a follow-up audit.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="audit",
                    constraint=core.constraints.CheckConstraint(
                        condition=models.Q(
                            ("end_date__isnull", True),
                            ("start_date__isnull", True),
                            ("end_date__gte", models.F("start_date")),
                            _connector="OR",
                        ),
                        field="end_date",
                        name="audit_end_after_start",
                        violation_error_message="An audit cannot end before it starts.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="audit",
                    constraint=core.constraints.CheckConstraint(
                        condition=models.Q(
                            ("public_summary_approved_at__isnull", True),
                            models.Q(
                                ("public_summary_approved_by__isnull", False),
                                models.Q(("public_summary", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        field="public_summary",
                        name="audit_public_summary_approval_complete",
                        violation_error_message="An approved public summary has a text and the approver recorded.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="audit",
                    constraint=core.constraints.CheckConstraint(
                        condition=models.Q(("year__gte", 2000), ("year__lte", 2100)),
                        field="year",
                        name="audit_year_sane",
                        violation_error_message="Enter a year between 2000 and 2100.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="auditresult",
                    constraint=core.constraints.UniqueConstraint(
                        field="criterion",
                        fields=("audit", "criterion"),
                        name="audit_result_unique_criterion",
                        violation_error_message="This criterion already has a result in the audit.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="evidence",
                    constraint=core.constraints.CheckConstraint(
                        condition=models.Q(("size__gt", 0), ("size__lte", 20971520)),
                        field="file",
                        name="evidence_size_at_most_20_mb",
                        violation_error_message="A file is at most 20 MB and not empty.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="finding",
                    constraint=core.constraints.CheckConstraint(
                        condition=models.Q(
                            ("deadline__isnull", True),
                            ("deadline__gte", models.F("raised_on")),
                            _connector="OR",
                        ),
                        field="deadline",
                        name="finding_deadline_not_before_audit",
                        violation_error_message="The deadline cannot be before the day the finding was raised.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="finding",
                    constraint=core.constraints.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind", "non_compliance"), _negated=True),
                            models.Q(("severity", ""), _negated=True),
                            _connector="OR",
                        ),
                        field="severity",
                        name="finding_non_compliance_has_severity",
                        violation_error_message="A non-compliance needs a severity.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="finding",
                    constraint=core.constraints.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "verified_closed"), _negated=True),
                            ("closed_on__isnull", False),
                            _connector="OR",
                        ),
                        field="closed_on",
                        name="finding_verified_closed_has_date",
                        violation_error_message="A verified closed finding needs its closing date.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="finding",
                    constraint=core.constraints.CheckConstraint(
                        condition=models.Q(
                            ("closed_on__isnull", True),
                            ("closed_on__gte", models.F("raised_on")),
                            _connector="OR",
                        ),
                        field="closed_on",
                        name="finding_closed_after_raised",
                        violation_error_message="A finding cannot close before it was raised.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="finding",
                    constraint=core.constraints.CheckConstraint(
                        condition=models.Q(("verified_by_audit", models.F("audit")), _negated=True),
                        field="verified_by_audit",
                        name="finding_verified_by_another_audit",
                        violation_error_message="A finding is verified by a later audit, not its own.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="finding",
                    constraint=core.constraints.CheckConstraint(
                        condition=models.Q(("description", ""), _negated=True),
                        field="description",
                        name="finding_has_description",
                        violation_error_message="Describe the finding.",
                    ),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="audit",
            constraint=core.constraints.CheckConstraint(
                condition=models.Q(
                    ("reported_on__isnull", True),
                    models.Q(
                        models.Q(
                            ("start_date__isnull", True),
                            ("reported_on__gte", models.F("start_date")),
                            _connector="OR",
                        ),
                        models.Q(
                            ("end_date__isnull", True),
                            ("reported_on__gte", models.F("end_date")),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                field="reported_on",
                name="audit_reported_after_carried_out",
                violation_error_message="An audit cannot be reported before it ended.",
            ),
        ),
        migrations.AddConstraint(
            model_name="audit",
            constraint=core.constraints.CheckConstraint(
                condition=models.Q(
                    ("public_summary_approved_on__isnull", True),
                    ("reported_on__isnull", True),
                    ("public_summary_approved_on__gte", models.F("reported_on")),
                    _connector="OR",
                ),
                field="public_summary_approved_on",
                name="audit_approved_after_reported",
                violation_error_message="A public summary cannot be approved before the audit was reported.",
            ),
        ),
        migrations.AddConstraint(
            model_name="audit",
            constraint=core.constraints.CheckConstraint(
                condition=models.Q(
                    ("closed_on__isnull", True),
                    models.Q(
                        models.Q(
                            ("reported_on__isnull", True),
                            ("closed_on__gte", models.F("reported_on")),
                            _connector="OR",
                        ),
                        models.Q(
                            ("end_date__isnull", True),
                            ("closed_on__gte", models.F("end_date")),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                field="closed_on",
                name="audit_closed_after_reported",
                violation_error_message="An audit cannot be closed before it was reported.",
            ),
        ),
        migrations.AddConstraint(
            model_name="audit",
            constraint=core.constraints.CheckConstraint(
                condition=models.Q(
                    ("reported_on__isnull", True),
                    ("status__in", ["reported", "closed"]),
                    _connector="OR",
                ),
                field="reported_on",
                name="audit_reported_on_only_when_reported",
                violation_error_message="Only a reported or closed audit has a report date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="audit",
            constraint=core.constraints.CheckConstraint(
                condition=models.Q(
                    ("closed_on__isnull", True), ("status", "closed"), _connector="OR"
                ),
                field="closed_on",
                name="audit_closed_on_only_when_closed",
                violation_error_message="Only a closed audit has a closing date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="audit",
            constraint=core.constraints.CheckConstraint(
                condition=models.Q(
                    ("cancelled_on__isnull", True), ("status", "cancelled"), _connector="OR"
                ),
                field="cancelled_on",
                name="audit_cancelled_on_only_when_cancelled",
                violation_error_message="Only a cancelled audit has a cancellation date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="audit",
            constraint=core.constraints.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "cancelled"), _negated=True),
                    models.Q(("cancellation_reason", ""), _negated=True),
                    _connector="OR",
                ),
                field="cancellation_reason",
                name="audit_cancelled_with_reason",
                violation_error_message="Give the reason the audit was cancelled.",
            ),
        ),
        migrations.AddConstraint(
            model_name="finding",
            constraint=core.constraints.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "verified_closed"), _negated=True),
                    ("verified_by_audit__isnull", False),
                    ("kind", "good_practice"),
                    _connector="OR",
                ),
                field="verified_by_audit",
                name="finding_verified_closed_has_verifier",
                violation_error_message="A verified closed finding names the audit that verified it.",
            ),
        ),
        migrations.AddConstraint(
            model_name="finding",
            constraint=core.constraints.CheckConstraint(
                condition=models.Q(
                    ("closed_on__isnull", True), ("status", "verified_closed"), _connector="OR"
                ),
                field="closed_on",
                name="finding_closed_on_only_when_closed",
                violation_error_message="Only a verified closed finding has a closing date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="finding",
            constraint=core.constraints.CheckConstraint(
                condition=models.Q(
                    ("action_plan_received_on__isnull", True),
                    ("action_plan_received_on__gte", models.F("raised_on")),
                    _connector="OR",
                ),
                field="action_plan_received_on",
                name="finding_action_plan_after_raised",
                violation_error_message="An action plan cannot be received before the finding was raised.",
            ),
        ),
        migrations.RunPython(remake_sqlite_triggers, remake_sqlite_triggers),
    ]
