"""The audit resources of the API: audits with their results, findings, public summaries."""

from __future__ import annotations

from rest_framework import serializers

from audits.choices import ResultOutcome
from audits.models import Audit, AuditResult, Finding
from audits.services import AUDIT_FIELDS, FINDING_FIELDS, FOLLOW_UP_DECISIONS
from core.api.serializers import (
    GatedPrimaryKeyRelatedField,
    PortalModelSerializer,
    ResourceUrlField,
)
from core.permissions import Role
from organisations.models import User


class AuditResultSerializer(PortalModelSerializer):
    criterion_code = serializers.CharField(
        source="criterion.code", read_only=True, help_text="The criterion's code (sv: kod)."
    )

    class Meta:
        model = AuditResult
        fields = ["criterion", "criterion_code", "outcome", "comment"]


class AuditSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:audit-detail")
    supplier_name = serializers.CharField(
        source="supplier.name", read_only=True, help_text="The supplier's name (sv: leverantör)."
    )
    lead_organisation_code = serializers.CharField(
        source="lead_organisation.code",
        read_only=True,
        allow_null=True,
        help_text="The lead organisation's code, e.g. SE-T (sv: ansvarig organisation).",
    )
    co_lead_organisation_codes = serializers.SerializerMethodField(
        help_text="The co-lead organisations' codes (sv: medansvariga organisationer)."
    )
    category_name = serializers.CharField(
        source="category.name",
        read_only=True,
        allow_null=True,
        help_text="The category's name (sv: kategori).",
    )
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
            "results",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_co_lead_organisation_codes(self, audit) -> list[str]:
        return [org.code for org in audit.co_lead_organisations.all()]

    def get_incident(self, audit) -> int | None:
        visible = self.context.get("visible_incidents")
        if audit.incident_id is None or visible is None or audit.incident_id not in visible:
            return None
        return audit.incident_id


class AuditWriteSerializer(PortalModelSerializer):
    """Planning (POST) and changing the plan (PATCH); the workflow steps are actions."""

    auditor = GatedPrimaryKeyRelatedField(
        queryset=User.objects.filter(memberships__role=Role.AUDITOR).distinct(),
        required=False,
        allow_null=True,
        help_text="The external auditor (a user with the auditor role) who fills in the audit "
        "(sv: revisor).",
    )

    class Meta:
        model = Audit
        fields = [*AUDIT_FIELDS, "co_lead_organisations"]
        extra_kwargs = {"year": {"min_value": 2000, "max_value": 2100}}


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

    def validate_results(self, value):
        seen = set()
        for row in value:
            if row["criterion"] in seen:
                raise serializers.ValidationError(
                    f"Criterion {row['criterion']} is given more than once."
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
            raise serializers.ValidationError("The keys are finding ids.") from None


class EmptyInputSerializer(serializers.Serializer):
    """No body needed."""


class FindingSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:finding-detail")
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
            "kind",
            "severity",
            "clause",
            "clause_code",
            "description",
            "root_cause",
            "required_action",
            "raised_on",
            "deadline",
            "status",
            "action_plan",
            "action_plan_received_on",
            "closed_on",
            "verified_by_audit",
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
        help_text="The later audit that verified the correction (sv: verifierad av revision).",
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
