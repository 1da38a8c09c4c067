"""Incident cases over the API. Writes and the timeline go through the same services as the
portal; confidential cases stay within the secretariat and the involved organisations (the
gate, ``Incident.objects.for_user``)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import PortalModelViewSet
from incidents import services
from incidents.api.serializers import (
    IncidentEventInputSerializer,
    IncidentSerializer,
    IncidentWriteSerializer,
)
from incidents.filtersets import IncidentFilterSet
from incidents.models import Incident, IncidentEvent, IncidentRisk, LabTest
from organisations.models import Organisation
from suppliers.models import Site, Supplier


def _organisations():
    return Organisation.objects.order_by("code")


class IncidentViewSet(PortalModelViewSet):
    """Incident cases (incidentärenden) with their risk areas, dated timeline and lab tests.

    Open a case with POST, change it with PATCH (the lists of risk areas, suppliers, sites,
    involved organisations and partners replace the case's), delete it with DELETE
    (the secretariat). Add to the timeline with the ``timeline`` action. Confidential cases are
    seen only by the secretariat and the organisations involved in them.
    """

    queryset = Incident.objects.select_related("lead_organisation", "category").prefetch_related(
        Prefetch("risks", queryset=IncidentRisk.objects.order_by("area")),
        Prefetch("suppliers", queryset=Supplier.objects.order_by("name", "pk")),
        Prefetch("sites", queryset=Site.objects.order_by("name", "pk")),
        Prefetch("involved_organisations", queryset=_organisations()),
        Prefetch("partners", queryset=_organisations()),
        Prefetch(
            "timeline",
            queryset=IncidentEvent.objects.select_related("organisation").order_by(
                "occurred_on", "pk"
            ),
        ),
        Prefetch("lab_tests", queryset=LabTest.objects.select_related("supplier").order_by("pk")),
    )
    serializer_class = IncidentSerializer
    write_serializer_class = IncidentWriteSerializer
    filterset_class = IncidentFilterSet
    ordering_fields = ("modified", "id", "year_opened", "opened_on", "title", "status")

    def perform_service_create(self, values):
        return services.incident_create(user=self.request.user, **values)

    def perform_service_update(self, incident, values):
        return services.incident_update(user=self.request.user, incident=incident, **values)

    @extend_schema(
        request=IncidentEventInputSerializer,
        responses={status.HTTP_201_CREATED: IncidentSerializer},
    )
    @action(detail=True, methods=["post"])
    def timeline(self, request, pk=None):
        """Add a dated entry to the case's timeline; answers with the case (201)."""
        incident = self.get_object()
        data = IncidentEventInputSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            services.incident_event_add(user=request.user, incident=incident, **data.validated_data)
        incident = self.get_queryset().get(pk=incident.pk)
        return Response(self.get_read_serializer(incident).data, status=status.HTTP_201_CREATED)
