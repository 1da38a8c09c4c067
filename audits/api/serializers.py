"""The audit resources of the API: audits with their results, findings, public summaries."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from audits.choices import ResultOutcome
from audits.models import Audit, AuditResult, Finding, FindingStatusChange
from audits.services import AUDIT_FIELDS, FINDING_FIELDS, FOLLOW_UP_DECISIONS, PLAN_FIELDS
from core.api.serializers import (
    GatedPrimaryKeyRelatedField,
    PortalModelSerializer,
    ResourceUrlField,
    instant_text,
)
from core.permissions import Role
from organisations.models import User
from suppliers.api.serializers import LedRecordNamesMixin


class AuditResultSerializer(PortalModelSerializer):
    criterion_code = serializers.CharField(
        source="criterion.code", read_only=True, help_text="The criterion's code (sv: kod)."
    )

    class Meta:
        model = AuditResult
        fields = ["criterion", "criterion_code", "outcome", "comment"]


class AuditSerializer(LedRecordNamesMixin, PortalModelSerializer):
    url = ResourceUrlField(view_name="api:audit-detail")
    results = AuditResultSerializer(many=True, read_only=True)
    incident = serializers.SerializerMethodField(
        help_text="The incident case the audit was made for, if any and if the caller may see "
        "it: a confidential case shows as null outside its organisations (sv: incidentärende)."
    )

    class Meta:
        model = Audit
        fields = [
            "id",
            "url",
            "supplier",
            "supplier_name",
            "kind",
            "year",
            "status",
            "planned_date",
            "start_date",
            "end_date",
            "lead_organisation",
            "lead_organisation_code",
            "co_lead_organisations",
            "co_lead_organisation_codes",
            "auditor",
            "category",
            "category_name",
            "template_version",
            "follows_up",
            "incident",
            "observer_required",
            "internal_note",
            "summary",
            "public_summary",
            "public_summary_approved_at",
            "public_summary_approved_on",
            "reported_on",
            "closed_on",
            "cancelled_on",
            "cancellation_reason",
            "results",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_incident(self, audit) -> int | None:
        visible = self.context.get("visible_incidents")
        if audit.incident_id is None or visible is None or audit.incident_id not in visible:
            return None
        return audit.incident_id


YEAR_HELP = (
    "The year the audit belongs to (sv: år). Left out or null: the year of the start date, else "
    "of the planned date, else this year; a year that contradicts those dates is refused."
)


class AuditWriteSerializer(PortalModelSerializer):
    """Planning (POST); the workflow steps are actions. The days the audit was carried out are
    the ``conduct`` action's."""

    auditor = GatedPrimaryKeyRelatedField(
        queryset=User.objects.filter(memberships__role=Role.AUDITOR).distinct(),
        required=False,
        allow_null=True,
        help_text="The external auditor (a user with the auditor role) who fills in the audit "
        "(sv: revisor).",
    )

    class Meta:
        model = Audit
        fields = [*PLAN_FIELDS, "co_lead_organisations"]
        extra_kwargs = {
            "year": {
                "min_value": 2000,
                "max_value": 2100,
                "required": False,
                "allow_null": True,
                "help_text": YEAR_HELP,
            }
        }


class AuditUpdateSerializer(AuditWriteSerializer):
    """Changing the plan (PATCH); on an audit that was carried out also its start and end date
    (a correction: never in the future, the end not before the start)."""

    class Meta(AuditWriteSerializer.Meta):
        fields = [*AUDIT_FIELDS, "co_lead_organisations"]


ON_HELP = (
    "The day the step happened, ISO 8601 (sv: datum). Left out: today. Never in the future, "
    "never before the step it follows."
)


def on_field(help_text: str = ON_HELP) -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True, default=None, help_text=help_text)


class StepDateInputSerializer(serializers.Serializer):
    """The day of the step; everything else is known."""

    on = on_field()


class AuditConductInputSerializer(serializers.Serializer):
    start_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The day the audit started (sv: startdatum); today if left out. Never in the "
        "future; its year becomes the audit's year.",
    )
    end_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The last day of the audit (sv: slutdatum); the start date if left out.",
    )


class AuditCancelInputSerializer(serializers.Serializer):
    cancellation_reason = serializers.CharField(
        max_length=5000,
        help_text="Why the audit will not be carried out (sv: skäl). Required.",
    )
    on = on_field()


class ResultInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(help_text="Id of a criterion (clause) of the template.")
    outcome = serializers.ChoiceField(
        choices=ResultOutcome.choices, help_text="The outcome (sv: utfall)."
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class AuditResultsInputSerializer(serializers.Serializer):
    results = ResultInputSerializer(
        many=True,
        allow_empty=False,
        help_text="One result per criterion of the audit's template version (sv: resultat).",
    )
    on = on_field(
        "The day the results were recorded, ISO 8601; today if left out. Never in the future, "
        "never before the audit's start."
    )

    def validate_results(self, value):
        seen = set()
        for row in value:
            if row["criterion"] in seen:
                raise serializers.ValidationError(
                    _("Criterion %(id)s is given more than once.") % {"id": row["criterion"]}
                )
            seen.add(row["criterion"])
        return value


class AuditReportInputSerializer(serializers.Serializer):
    summary = serializers.CharField(help_text="The audit's summary (sv: sammanfattning).")
    public_summary = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The summary for the public; published once the secretariat approves it "
        "(sv: publik sammanfattning).",
    )
    on = on_field(
        "The day the audit was reported, ISO 8601; today if left out. Never in the future, never "
        "before the audit ended."
    )


class FollowUpReviewInputSerializer(serializers.Serializer):
    decisions = serializers.DictField(
        child=serializers.ChoiceField(choices=FOLLOW_UP_DECISIONS),
        allow_empty=False,
        help_text="For each open finding of the followed-up audit, by id: close, keep or "
        "escalate (sv: stäng, behåll, eskalera).",
    )

    def validate_decisions(self, value):
        try:
            return {int(key): decision for key, decision in value.items()}
        except ValueError:
            raise serializers.ValidationError(_("The keys are finding ids.")) from None


class FindingStatusChangeSerializer(PortalModelSerializer):
    class Meta:
        model = FindingStatusChange
        fields = ["status", "on"]
        read_only_fields = fields


class FindingSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:finding-detail")
    status_changes = FindingStatusChangeSerializer(
        many=True,
        read_only=True,
        help_text="The finding's status day by day: each status it got and the day it did, "
        "oldest first (sv: statusändringar). Its status on any day is the last one on or "
        "before it.",
    )
    audit_year = serializers.IntegerField(source="audit.year", read_only=True)
    supplier = serializers.IntegerField(
        source="audit.supplier_id", read_only=True, help_text="The audited supplier's id."
    )
    supplier_name = serializers.CharField(
        source="audit.supplier.name", read_only=True, help_text="Supplier (sv: leverantör)."
    )
    clause_code = serializers.CharField(source="clause.code", read_only=True, allow_null=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "url",
            "audit",
            "audit_year",
            "supplier",
            "supplier_name",
            *FINDING_FIELDS,
            "clause_code",
            "status",
            "action_plan_received_on",
            "closed_on",
            "verified_by_audit",
            "status_changes",
            "created",
            "modified",
        ]
        read_only_fields = fields


class FindingWriteSerializer(PortalModelSerializer):
    """A new finding of an audit (POST) or a change of its text and dates (PATCH)."""

    class Meta:
        model = Finding
        fields = ["audit", *FINDING_FIELDS]
        extra_kwargs = {"raised_on": {"required": False}}

    def validate_audit(self, audit):
        if self.instance is not None and audit.pk != self.instance.audit_id:
            raise serializers.ValidationError("A finding cannot move to another audit.")
        return audit


class FindingStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Finding._meta.get_field("status").choices,
        help_text="The new status: open, action_plan_received, verified_closed or escalated "
        "(sv: status).",
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Why, or the action plan."
    )
    verified_by_audit = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For verified_closed: the carried-out audit of the same supplier that verified "
        "the correction (sv: verifierad av revision); required but for a good practice.",
    )
    on = on_field(
        "The day of the status change, ISO 8601; today if left out. Never in the future, never "
        "before the finding was raised nor before its previous status change (nor, verified "
        "closed, before the verifying audit started)."
    )


class PublicSummarySerializer(PortalModelSerializer):
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)

    class Meta:
        model = Audit
        fields = [
            "id",
            "supplier_name",
            "kind",
            "year",
            "public_summary",
            "public_summary_approved_at",
            "modified",
        ]
        read_only_fields = fields


# The fields audit_rows builds itself: the URL, and the co-leads and results from their own
# queries. Every other field of AuditSerializer is read with values().
_BUILT = ("url", "co_lead_organisations", "co_lead_organisation_codes", "results")


def _values_columns(serializer_class, built) -> dict[str, str]:
    """Each field of the serializer (but ``built``) and its values() lookup, in the
    serializer's order: ``supplier.name`` is ``supplier__name``, a relation its ``_id``."""
    model = serializer_class.Meta.model
    columns = {}
    for name, field in serializer_class().fields.items():
        if name in built:
            continue
        source = name if field.source == "*" else field.source
        if "." in source:
            columns[name] = source.replace(".", "__")
        else:
            model_field = model._meta.get_field(source)
            columns[name] = model_field.attname if model_field.many_to_one else source
    return columns


def _fields_of_type(model, columns, field_type, but=()) -> tuple[str, ...]:
    return tuple(
        name
        for name, lookup in columns.items()
        if "__" not in lookup
        and isinstance(model._meta.get_field(lookup), field_type)
        and not isinstance(model._meta.get_field(lookup), but)
    )


# Declared once, by AuditSerializer: output key → values() lookup, and which are days and instants.
_AUDIT_COLUMNS = _values_columns(AuditSerializer, _BUILT)
_INSTANTS = _fields_of_type(Audit, _AUDIT_COLUMNS, models.DateTimeField)
_DATES = _fields_of_type(Audit, _AUDIT_COLUMNS, models.DateField, but=models.DateTimeField)
AUDIT_ROW_COLUMNS = tuple(_AUDIT_COLUMNS.values())


def audit_rows(page: list[dict], context: dict) -> list[dict]:
    """AuditSerializer's output for the page's audits (their values(*AUDIT_ROW_COLUMNS) rows),
    in its order, with two more values() queries for the co-leads and the results.

    The bulk read of a year's audits spends most of its time building model instances and
    walking DRF's fields; this builds the same dicts directly (tests/audits/test_api.py holds
    it to the serializer).
    """
    if not page:
        return []
    rows = {row["id"]: row for row in page}
    ids = list(rows)
    co_leads: dict[int, list[tuple[int, str]]] = {}
    for audit_id, organisation_id, code in (
        Audit.co_lead_organisations.through.objects.filter(audit_id__any_of=ids)
        .order_by("organisation__code", "organisation_id")
        .values_list("audit_id", "organisation_id", "organisation__code")
    ):
        co_leads.setdefault(audit_id, []).append((organisation_id, code))
    results: dict[int, list[dict]] = {}
    for audit_id, criterion, code, outcome, comment in (
        AuditResult.objects.filter(audit_id__any_of=ids)
        .order_by("criterion__order", "criterion__code", "pk")
        .values_list("audit_id", "criterion_id", "criterion__code", "outcome", "comment")
    ):
        results.setdefault(audit_id, []).append(
            {"criterion": criterion, "criterion_code": code, "outcome": outcome, "comment": comment}
        )
    request = context.get("request")
    base = request.build_absolute_uri(reverse("api:audit-list")) if request else ""
    visible = context.get("visible_incidents")
    if visible is not None:
        visible.preload(row["incident_id"] for row in rows.values())
    zone = timezone.get_current_timezone()
    out = []
    for pk in ids:
        row = rows[pk]
        item = {}
        for key, lookup in _AUDIT_COLUMNS.items():
            item[key] = row[lookup]
            if key == "id":
                item["url"] = f"{base}{pk}/"
        for key in _DATES:
            if item[key] is not None:
                item[key] = item[key].isoformat()
        for key in _INSTANTS:
            if item[key] is not None:
                item[key] = instant_text(item[key], zone)
        if item["incident"] is not None and (visible is None or item["incident"] not in visible):
            item["incident"] = None
        pairs = co_leads.get(pk, [])
        item["co_lead_organisations"] = [organisation_id for organisation_id, _code in pairs]
        item["co_lead_organisation_codes"] = [code for _pk, code in pairs]
        item["results"] = results.get(pk, [])
        out.append({field: item[field] for field in AuditSerializer.Meta.fields})
    return out
