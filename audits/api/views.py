"""Audits, findings and public summaries over the API. Every workflow step is an action that
calls the same service as the portal's button."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from audits import services
from audits.api.serializers import (
    AUDIT_ROW_COLUMNS,
    AuditReportInputSerializer,
    AuditResultsInputSerializer,
    AuditSerializer,
    AuditWriteSerializer,
    EmptyInputSerializer,
    FindingSerializer,
    FindingStatusInputSerializer,
    FindingWriteSerializer,
    FollowUpReviewInputSerializer,
    PublicSummarySerializer,
    audit_rows,
)
from audits.filtersets import AuditFilterSet, FindingFilterSet, PublicSummaryFilterSet
from audits.models import Audit, AuditResult, Finding
from core.api.serializers import VisibleIds
from core.api.viewsets import PortalModelViewSet, PortalReadOnlyViewSet
from incidents.models import Incident
from organisations.models import Organisation


class AuditViewSet(PortalModelViewSet):
    """Audits of suppliers (revisioner), with their results per criterion.

    Plan with POST, change the plan with PATCH, delete a plan with DELETE; the steps after are
    actions: results, report, approve-public-summary, follow-up-review, close.
    """

    # Only the columns the serializer shows: a year of audits is thousands of rows, and every
    # column of a related row (timestamps above all) costs its parsing.
    queryset = (
        Audit.objects.select_related("supplier", "lead_organisation", "category")
        .only(
            *(field.name for field in Audit._meta.concrete_fields),
            "supplier__name",
            "lead_organisation__code",
            "category__name",
        )
        .prefetch_related(
            Prefetch(
                "co_lead_organisations",
                queryset=Organisation.objects.only("id", "code").order_by("code"),
            ),
            Prefetch(
                "results",
                queryset=AuditResult.objects.select_related("criterion")
                .only("audit", "criterion", "outcome", "comment", "criterion__code")
                .order_by("criterion__order", "criterion__code", "pk"),
            ),
        )
    )
    serializer_class = AuditSerializer
    write_serializer_class = AuditWriteSerializer
    row_builder = staticmethod(audit_rows)
    row_columns = AUDIT_ROW_COLUMNS
    filterset_class = AuditFilterSet
    ordering_fields = ("modified", "id", "year", "start_date", "supplier__name", "status")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["visible_incidents"] = VisibleIds(Incident, self.request.user)
        return context

    def perform_service_create(self, values):
        return services.audit_plan(user=self.request.user, **values)

    def perform_service_update(self, audit, values):
        co_leads = values.pop("co_lead_organisations", None)
        return services.audit_update(
            user=self.request.user, audit=audit, co_lead_organisations=co_leads, **values
        )

    def _step(self, service, **kwargs):
        audit = self.get_object()
        with transaction.atomic():
            service(user=self.request.user, audit=audit, **kwargs)
        return self.object_response(audit)

    @extend_schema(request=AuditResultsInputSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        """Record the result of every criterion; the audit becomes conducted."""
        data = AuditResultsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        results = {
            row["criterion"]: (row["outcome"], row["comment"])
            for row in data.validated_data["results"]
        }
        return self._step(services.audit_results_record, results=results)

    @extend_schema(request=AuditReportInputSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """Write the summary and the public summary; the audit becomes reported."""
        data = AuditReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._step(services.audit_report, **data.validated_data)

    @extend_schema(request=EmptyInputSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"], url_path="approve-public-summary")
    def approve_public_summary(self, request, pk=None):
        """The secretariat approves the public summary; it is then public."""
        return self._step(services.public_summary_approve)

    @extend_schema(request=FollowUpReviewInputSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up-review")
    def follow_up_review(self, request, pk=None):
        """In a follow-up audit: close, keep or escalate each open finding it checked."""
        data = FollowUpReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        follow_up = self.get_object()
        with transaction.atomic():
            services.follow_up_review(
                user=request.user,
                follow_up=follow_up,
                decisions=data.validated_data["decisions"],
            )
        return self.object_response(follow_up)

    @extend_schema(request=EmptyInputSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close a reported audit whose findings are all settled; 409 while some are open."""
        return self._step(services.audit_close)


class FindingViewSet(PortalModelViewSet):
    """Findings of audits (avvikelser, observationer) and their corrective actions.

    Add with POST (the audit must have its results), change with PATCH; move the status with the
    ``status`` action: action plan received, verified closed (by a later audit), escalated.
    """

    queryset = Finding.objects.select_related("audit", "audit__supplier", "clause")
    serializer_class = FindingSerializer
    write_serializer_class = FindingWriteSerializer
    filterset_class = FindingFilterSet
    ordering_fields = ("modified", "id", "deadline", "raised_on", "status")

    def may_create(self):
        # Whoever may change the audit adds its findings (its assigned auditor too): the
        # service asks the audit's gate.
        return True

    def perform_service_create(self, values):
        audit = values.pop("audit")
        return services.finding_add(user=self.request.user, audit=audit, **values)

    def perform_service_update(self, finding, values):
        values.pop("audit", None)
        return services.finding_update(user=self.request.user, finding=finding, **values)

    @extend_schema(request=FindingStatusInputSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Move the finding on: action_plan_received, verified_closed, escalated or open."""
        data = FindingStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        finding = self.get_object()
        values = dict(data.validated_data)
        verifier_id = values.pop("verified_by_audit")
        verifier = None
        if verifier_id is not None:
            verifier = Audit.objects.for_user(request.user).filter(pk=verifier_id).first()
            if verifier is None:
                raise serializers.ValidationError({"verified_by_audit": ["No such audit."]})
        with transaction.atomic():
            services.finding_status_set(
                user=request.user, finding=finding, verified_by_audit=verifier, **values
            )
        return self.object_response(finding)


class PublicSummaryViewSet(PortalReadOnlyViewSet):
    """Approved public summaries of audit results: open to everybody, no token needed
    (sv: publika sammanfattningar)."""

    public = True
    queryset = Audit.objects.select_related("supplier").only(
        "id",
        "year",
        "kind",
        "public_summary",
        "public_summary_approved_at",
        "modified",
        "supplier__id",
        "supplier__name",
    )
    serializer_class = PublicSummarySerializer
    filterset_class = PublicSummaryFilterSet
    ordering_fields = ("modified", "id", "year", "public_summary_approved_at")

    def get_queryset(self):
        # The same rows for everybody: only approved summaries, whoever asks.
        return self.queryset.public()
