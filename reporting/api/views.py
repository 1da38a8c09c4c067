"""Reporting over the API, read-only: events, yearly figures, the accounts and report jobs."""

from __future__ import annotations

from django.db.models import Prefetch

from core.api.viewsets import PortalReadOnlyViewSet
from organisations.models import Organisation
from reporting.api.serializers import (
    EventSerializer,
    FinancialYearSerializer,
    ReportJobSerializer,
    YearlyFigureSerializer,
)
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
