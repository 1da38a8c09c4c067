"""Reporting over the API: events, yearly figures and the accounts (read-only), report jobs
(read, and ordered by the secretariat with POST)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound

from core.api.viewsets import PortalReadOnlyViewSet
from organisations.models import Organisation
from reporting import services
from reporting.api.serializers import (
    EventSerializer,
    FinancialYearSerializer,
    ReportJobSerializer,
    ReportRequestSerializer,
    YearlyFigureSerializer,
)
from reporting.choices import ReportJobStatus
from reporting.filtersets import (
    EventFilterSet,
    FinancialYearFilterSet,
    ReportJobFilterSet,
    YearlyFigureFilterSet,
)
from reporting.models import Contribution, CostLine, Event, FinancialYear, ReportJob, YearlyFigure


class EventViewSet(PortalReadOnlyViewSet):
    """Trainings, webinars, conferences and market dialogues (evenemang), with their organisers.

    ``participants`` with ``participants_is_lower_bound`` true reads "over 560".
    """

    queryset = Event.objects.prefetch_related(
        Prefetch("organisers", queryset=Organisation.objects.order_by("code"))
    )
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    ordering_fields = ("modified", "id", "year", "date", "title", "kind")


class YearlyFigureViewSet(PortalReadOnlyViewSet):
    """Figures of a year counted by hand (nyckeltal): newsletters, subscribers, staff, and totals
    from before the portal, each with its source."""

    queryset = YearlyFigure.objects.all()
    serializer_class = YearlyFigureSerializer
    filterset_class = YearlyFigureFilterSet
    ordering_fields = ("modified", "id", "year", "key")


class FinancialYearViewSet(PortalReadOnlyViewSet):
    """The accounts of each year in tkr (ekonomi): contributions per organisation, cost lines,
    and their totals. They balance when opening balance + contributions − closing balance equals
    the costs."""

    queryset = FinancialYear.objects.prefetch_related(
        Prefetch(
            "contributions",
            queryset=Contribution.objects.select_related("organisation").order_by(
                "organisation__code", "pk"
            ),
        ),
        Prefetch("cost_lines", queryset=CostLine.objects.order_by("order", "pk")),
    )
    serializer_class = FinancialYearSerializer
    filterset_class = FinancialYearFilterSet
    ordering_fields = ("modified", "id", "year")


class ReportJobViewSet(PortalReadOnlyViewSet):
    """Requests to build a year's activity report (verksamhetsrapport) and how they went;
    ``pdf_url`` is set once the job is done."""

    queryset = ReportJob.objects.all()
    serializer_class = ReportJobSerializer
    filterset_class = ReportJobFilterSet
    ordering_fields = ("modified", "id", "year", "created", "status")
    http_method_names = ("get", "post", "head", "options")

    @extend_schema(
        request=ReportRequestSerializer,
        responses={202: ReportJobSerializer},
        description="The secretariat orders the report of a year: 202 with the job, whose URL "
        "(Location) shows its progress; the PDF follows when a worker has built it.",
    )
    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
        },
        description="The finished report as a PDF (404 until the job is done).",
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        job = self.get_object()
        if job.status != ReportJobStatus.DONE or not job.pdf:
            raise NotFound(_("The report is not built yet."))
        return FileResponse(
            job.pdf.open("rb"),
            as_attachment=True,
            filename=f"verksamhetsrapport-{job.year}.pdf",
            content_type="application/pdf",
        )

    def create(self, request, *args, **kwargs):
        data = ReportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            job = services.report_job_request(user=request.user, year=data.validated_data["year"])
        return self.object_response(job, status.HTTP_202_ACCEPTED)
