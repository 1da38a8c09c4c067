"""Audits, findings and public summaries over the API. Every workflow step is an action that
calls the same service as the portal's button."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from audits import services
from audits.api.serializers import (
    AUDIT_ROW_COLUMNS,
    AuditCancelInputSerializer,
    AuditConductInputSerializer,
    AuditReportInputSerializer,
    AuditResultsInputSerializer,
    AuditSerializer,
    AuditUpdateSerializer,
    AuditWriteSerializer,
    FindingSerializer,
    FindingStatusInputSerializer,
    FindingWriteSerializer,
    FollowUpReviewInputSerializer,
    PublicSummarySerializer,
    StepDateInputSerializer,
    audit_rows,
)
from audits.filtersets import AuditFilterSet, FindingFilterSet, PublicSummaryFilterSet
from audits.models import Audit, AuditResult, Finding, FindingStatusChange
from audits.services._common import lock_audits, lock_findings
from core.api.serializers import VisibleIds
from core.api.viewsets import PortalModelViewSet, PortalReadOnlyViewSet
from core.permissions import Action, can, get_scope
from incidents.models import Incident
from organisations.models import Organisation


class AuditViewSet(PortalModelViewSet):
    """Audits of suppliers (revisioner), with their results per criterion.

    Plan with POST, change the plan with PATCH, delete a plan with DELETE; the steps after are
    actions, each dated the day it happened (``on``, today if left out): conduct (the days it
    was carried out), results, report, approve-public-summary, follow-up-review (dated the
    follow-up's day), close, cancel.
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

    def get_serializer_class(self):
        if self.action == "partial_update":
            return AuditUpdateSerializer
        return super().get_serializer_class()

    def perform_service_create(self, values):
        return services.audit_plan(user=self.request.user, **values)

    def perform_service_update(self, audit, values):
        co_leads = values.pop("co_lead_organisations", None)
        return services.audit_update(
            user=self.request.user, audit=audit, co_lead_organisations=co_leads, **values
        )

    # Who may take a step, checked before its body is read: whoever may change the audit (its
    # assigned auditor too), its planners only, or the secretariat.
    CHANGE, PLAN, SECRETARIAT = "change", "plan", "secretariat"

    def _audit_for(self, gate: str) -> Audit:
        """The audit of the URL (404 outside the caller's view), if the caller may take a step
        of ``gate`` on it (else 403)."""
        audit = self.get_object()
        user = self.request.user
        allowed = {
            self.CHANGE: lambda: can(user, audit, Action.CHANGE),
            self.PLAN: lambda: Audit.objects.planned_by(user).filter(pk=audit.pk).exists(),
            self.SECRETARIAT: lambda: get_scope(user).is_secretariat,
        }[gate]()
        if not allowed:
            raise PermissionDenied()
        return audit

    def _step(self, service, input_serializer=None, *, gate=CHANGE, **kwargs):
        """Check the caller, validate the body with ``input_serializer`` (if any), take the step
        through the service, and answer with the audit as it now is."""
        audit = self._audit_for(gate)
        if input_serializer is not None:
            data = input_serializer(data=self.request.data)
            data.is_valid(raise_exception=True)
            kwargs.update(data.validated_data)
        with transaction.atomic():
            service(user=self.request.user, audit=audit, **kwargs)
        return self.object_response(audit)

    @extend_schema(request=AuditConductInputSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def conduct(self, request, pk=None):
        """Record that a planned audit was carried out, from start_date to end_date; it becomes
        conducted, and its year the start date's. 409 unless planned."""
        return self._step(services.audit_conduct, AuditConductInputSerializer)

    @extend_schema(request=AuditResultsInputSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        """Record the result of every criterion (while the audit is planned or conducted);
        the status does not change."""
        audit = self._audit_for(self.CHANGE)
        data = AuditResultsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        results = {
            row["criterion"]: (row["outcome"], row["comment"])
            for row in data.validated_data["results"]
        }
        with transaction.atomic():
            services.audit_results_record(
                user=request.user, audit=audit, results=results, on=data.validated_data["on"]
            )
        return self.object_response(audit)

    @extend_schema(request=AuditReportInputSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """Write the summary and the public summary; the audit becomes reported."""
        return self._step(services.audit_report, AuditReportInputSerializer)

    @extend_schema(request=StepDateInputSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"], url_path="approve-public-summary")
    def approve_public_summary(self, request, pk=None):
        """The secretariat approves the public summary; it is then public."""
        return self._step(
            services.public_summary_approve, StepDateInputSerializer, gate=self.SECRETARIAT
        )

    @extend_schema(request=FollowUpReviewInputSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up-review")
    def follow_up_review(self, request, pk=None):
        """In a follow-up audit that was carried out: close, keep or escalate each open finding
        it checked, dated the follow-up's day (its end date, else its start date)."""
        follow_up = self._audit_for(self.CHANGE)
        data = FollowUpReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            services.follow_up_review(
                user=request.user,
                follow_up=follow_up,
                decisions=data.validated_data["decisions"],
            )
        return self.object_response(follow_up)

    @extend_schema(request=StepDateInputSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close a reported audit whose findings are all settled; 409 while some are open."""
        return self._step(services.audit_close, StepDateInputSerializer, gate=self.PLAN)

    @extend_schema(request=AuditCancelInputSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel a planned audit, with the reason; 409 unless planned."""
        audit = self._audit_for(self.PLAN)
        data = AuditCancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            services.audit_cancel(
                user=request.user,
                audit=audit,
                reason=data.validated_data["cancellation_reason"],
                on=data.validated_data["on"],
            )
        return self.object_response(audit)


class FindingViewSet(PortalModelViewSet):
    """Findings of audits (avvikelser, observationer) and their corrective actions.

    Add with POST (the audit must have been carried out), change with PATCH; move the status
    with the ``status`` action, dated ``on``: action plan received, verified closed (naming the
    audit that verified it), escalated.
    """

    queryset = Finding.objects.select_related(
        "audit", "audit__supplier", "clause"
    ).prefetch_related(
        Prefetch(
            "status_changes",
            queryset=FindingStatusChange.objects.only("finding", "status", "on").order_by(
                "on", "recorded_at", "pk"
            ),
        )
    )
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

    def lock_for_update(self, finding):
        # The service's order: the audit, then the finding.
        lock_audits(finding.audit)
        return lock_findings([finding.pk]).get(finding.pk)

    def perform_service_update(self, finding, values):
        values.pop("audit", None)
        return services.finding_update(user=self.request.user, finding=finding, **values)

    @extend_schema(request=FindingStatusInputSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Move the finding on: action_plan_received, verified_closed, escalated or open."""
        finding = self.get_object_for(Action.CHANGE)
        data = FindingStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        verifier_id = values.pop("verified_by_audit")
        verifier = None
        if verifier_id is not None:
            verifier = Audit.objects.for_user(request.user).filter(pk=verifier_id).first()
            if verifier is None:
                raise serializers.ValidationError({"verified_by_audit": [_("No such audit.")]})
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
