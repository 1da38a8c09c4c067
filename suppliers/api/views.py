"""Suppliers and sites (read-only) and framework agreements (read and write) over the API.

Agreements change through suppliers.services, as in the portal: a procurer adds agreements
their organisation leads and changes those it leads or co-leads; the secretariat deletes.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from core.api.viewsets import PortalModelViewSet, PortalReadOnlyViewSet
from core.permissions import Action
from organisations.models import Organisation
from suppliers import services
from suppliers.api.serializers import (
    SUPPLIER_ROW_COLUMNS,
    AgreementTerminateInputSerializer,
    FrameworkAgreementSerializer,
    FrameworkAgreementWriteSerializer,
    SiteSerializer,
    SupplierSerializer,
    supplier_rows,
)
from suppliers.filtersets import FrameworkAgreementFilterSet, SiteFilterSet, SupplierFilterSet
from suppliers.models import FrameworkAgreement, Site, Supplier, SupplierAlias, SupplierSite


class SupplierViewSet(PortalReadOnlyViewSet):
    """The supplier register (leverantörer), with the other names each goes by and its parent
    company. Search ``q`` finds names, aliases and organisation numbers."""

    queryset = Supplier.objects.select_related("parent").prefetch_related(
        Prefetch("aliases", queryset=SupplierAlias.objects.order_by("name", "pk"))
    )
    serializer_class = SupplierSerializer
    row_builder = staticmethod(supplier_rows)
    row_columns = SUPPLIER_ROW_COLUMNS
    filterset_class = SupplierFilterSet
    ordering_fields = ("modified", "id", "name", "country")


class SiteViewSet(PortalReadOnlyViewSet):
    """Sites suppliers source from: factories, mines, farms (underleverantörer, fabriker), with
    the suppliers each serves and at which tier."""

    queryset = Site.objects.select_related("operator").prefetch_related(
        Prefetch(
            "supplier_links",
            queryset=SupplierSite.objects.select_related("supplier").order_by(
                "tier", "supplier__name", "pk"
            ),
        )
    )
    serializer_class = SiteSerializer
    filterset_class = SiteFilterSet
    ordering_fields = ("modified", "id", "name", "country")


class AgreementViewSet(PortalModelViewSet):
    """Framework agreements (ramavtal) of the regions with suppliers.

    Add with POST (a procurer: agreements their organisation leads), change with PATCH (the lead
    and co-lead organisations), delete with DELETE (the secretariat); end one before its time
    with the ``terminate`` action.
    """

    queryset = FrameworkAgreement.objects.select_related(
        "supplier", "lead_organisation", "category"
    ).prefetch_related(
        Prefetch("co_lead_organisations", queryset=Organisation.objects.order_by("code"))
    )
    serializer_class = FrameworkAgreementSerializer
    write_serializer_class = FrameworkAgreementWriteSerializer
    filterset_class = FrameworkAgreementFilterSet
    ordering_fields = ("modified", "id", "start_date", "end_date", "supplier__name", "status")

    def perform_service_create(self, values):
        co_leads = values.pop("co_lead_organisations", None)
        return services.agreement_save(
            agreement=FrameworkAgreement(**values),
            user=self.request.user,
            co_lead_organisations=co_leads,
        )

    def perform_service_update(self, agreement, values):
        co_leads = values.pop("co_lead_organisations", None)
        for name, value in values.items():
            setattr(agreement, name, value)
        return services.agreement_save(
            agreement=agreement, user=self.request.user, co_lead_organisations=co_leads
        )

    @extend_schema(
        request=AgreementTerminateInputSerializer, responses=FrameworkAgreementSerializer
    )
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        """End the agreement before its time, with the reason; 409 if it is already terminated."""
        agreement = self.get_object_for(Action.CHANGE)
        data = AgreementTerminateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            services.agreement_terminate(
                agreement=agreement, user=request.user, **data.validated_data
            )
        return self.object_response(agreement)
