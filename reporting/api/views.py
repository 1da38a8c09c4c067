"""Reporting over the API: the year's registers (events, yearly figures, the accounts, the
report's texts), read by everyone who reads shared data and written by the secretariat through
the same services as the portal; report jobs (read, and ordered by the secretariat with POST)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from core.api.viewsets import PortalModelViewSet, PortalReadOnlyViewSet
from core.files import stored_file_response
from core.permissions import can_add
from organisations.models import Organisation
from reporting import services
from reporting.api.serializers import (
    EventSerializer,
    EventWriteSerializer,
    FinancialYearSerializer,
    FinancialYearWriteSerializer,
    NarrativeSerializer,
    NarrativeStartedSerializer,
    NarrativeStartInputSerializer,
    NarrativeWriteSerializer,
    ReportJobSerializer,
    ReportRequestSerializer,
    YearlyFigureSerializer,
    YearlyFigureWriteSerializer,
)
from reporting.choices import ReportJobStatus
from reporting.filtersets import (
    EventFilterSet,
    FinancialYearFilterSet,
    NarrativeFilterSet,
    ReportJobFilterSet,
    YearlyFigureFilterSet,
)
from reporting.models import (
    Contribution,
    CostLine,
    Event,
    FinancialYear,
    Narrative,
    ReportJob,
    YearlyFigure,
)


class EventViewSet(PortalModelViewSet):
    """Trainings, webinars, conferences and market dialogues (aktiviteter), with their
    organisers.

    ``participants`` with ``participants_is_lower_bound`` true reads "over 560". The secretariat
    adds events with POST (the year follows the date unless given; a date in another year is
    refused), changes them with PATCH (``organisers`` replaces the list) and deletes them.
    """

    queryset = Event.objects.prefetch_related(
        Prefetch("organisers", queryset=Organisation.objects.order_by("code"))
    )
    serializer_class = EventSerializer
    write_serializer_class = EventWriteSerializer
    filterset_class = EventFilterSet
    ordering_fields = ("modified", "id", "year", "date", "title", "kind")

    def perform_service_create(self, values):
        return services.event_create(user=self.request.user, **values)

    def perform_service_update(self, event, values):
        return services.event_update(user=self.request.user, event=event, **values)

    def perform_service_delete(self, event):
        services.event_delete(user=self.request.user, event=event)


class YearlyFigureViewSet(PortalModelViewSet):
    """Figures of a year counted by hand (årsuppgifter): newsletters, subscribers, staff, and
    totals from before the portal, each with its source. The secretariat adds them with POST
    (one per year and figure), changes them with PATCH and deletes them."""

    queryset = YearlyFigure.objects.all()
    serializer_class = YearlyFigureSerializer
    write_serializer_class = YearlyFigureWriteSerializer
    filterset_class = YearlyFigureFilterSet
    ordering_fields = ("modified", "id", "year", "key")

    def perform_service_create(self, values):
        return services.yearly_figure_create(user=self.request.user, **values)

    def perform_service_update(self, figure, values):
        return services.yearly_figure_update(user=self.request.user, figure=figure, **values)

    def perform_service_delete(self, figure):
        services.yearly_figure_delete(user=self.request.user, figure=figure)


class FinancialYearViewSet(PortalModelViewSet):
    """The accounts of each year in tkr (ekonomi): contributions per organisation, cost lines,
    and their totals. They balance when opening balance + contributions − closing balance equals
    the costs.

    The secretariat adds a year with POST (without ``opening_balance``, the closing balance of
    the year before is carried over), changes it with PATCH and deletes it with DELETE. The
    contributions and cost lines are written inside the year: a ``contributions`` or
    ``cost_lines`` list in the body becomes the year's rows (a region's contribution and a cost
    line of the same label change in place; rows left out are deleted)."""

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
    write_serializer_class = FinancialYearWriteSerializer
    filterset_class = FinancialYearFilterSet
    ordering_fields = ("modified", "id", "year")

    def perform_service_create(self, values):
        return services.financial_year_create(user=self.request.user, **values)

    def perform_service_update(self, financial_year, values):
        return services.financial_year_update(
            user=self.request.user, financial_year=financial_year, **values
        )

    def perform_service_delete(self, financial_year):
        services.financial_year_delete(user=self.request.user, financial_year=financial_year)


class NarrativeViewSet(PortalModelViewSet):
    """The report's texts per year and section (rapportens texter), in their order; the first
    text's heading of a section is the chapter's title. The secretariat writes them (POST, PATCH,
    DELETE); an empty text is not printed. ``start-year`` makes a year's texts, empty, with the
    sections and headings of the latest earlier year that has texts."""

    queryset = Narrative.objects.all()
    serializer_class = NarrativeSerializer
    write_serializer_class = NarrativeWriteSerializer
    filterset_class = NarrativeFilterSet
    ordering_fields = ("modified", "id", "year", "section", "order")

    def perform_service_create(self, values):
        return services.narrative_create(user=self.request.user, **values)

    def perform_service_update(self, narrative, values):
        return services.narrative_update(user=self.request.user, narrative=narrative, **values)

    def perform_service_delete(self, narrative):
        services.narrative_delete(user=self.request.user, narrative=narrative)

    @extend_schema(
        request=NarrativeStartInputSerializer,
        responses={201: NarrativeStartedSerializer},
        description="Make the year's texts, empty, from the report's structure: the sections, "
        "places and headings of the latest earlier year that has texts (one text per section of "
        "the report when none has). Texts the year has are kept; only the missing ones are "
        "made. 409 when the year has them all.",
    )
    @action(detail=False, methods=["post"], url_path="start-year", url_name="start-year")
    def start_year(self, request):
        if not can_add(request.user, Narrative):
            raise PermissionDenied()
        data = NarrativeStartInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            started = services.narratives_start_year(
                user=request.user, year=data.validated_data["year"]
            )
        body = NarrativeStartedSerializer(started, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


class ReportJobViewSet(PortalReadOnlyViewSet):
    """Requests to build a year's activity report (verksamhetsrapport) and how they went;
    ``pdf_url`` is set once the job is done."""

    queryset = ReportJob.objects.all()
    serializer_class = ReportJobSerializer
    filterset_class = ReportJobFilterSet
    ordering_fields = ("modified", "id", "year", "created", "status")
    http_method_names = ("get", "post", "head", "options")

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
        return stored_file_response(
            job.pdf, filename=f"verksamhetsrapport-{job.year}.pdf", content_type="application/pdf"
        )

    @extend_schema(
        request=ReportRequestSerializer,
        responses={202: ReportJobSerializer},
        description="The secretariat orders the report of a year: 202 with the job, whose URL "
        "(Location) shows its progress; the PDF follows when a worker has built it.",
    )
    def create(self, request, *args, **kwargs):
        data = ReportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            job = services.report_job_request(user=request.user, year=data.validated_data["year"])
        return self.object_response(job, status.HTTP_202_ACCEPTED)
