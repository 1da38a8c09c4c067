"""Suppliers, sites and framework agreements over the API, written through suppliers.services
as in the portal: the secretariat keeps the supplier and site registers; a procurer adds
agreements their organisation leads and changes those it leads or co-leads; the secretariat
deletes.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from core.api.exceptions import Conflict
from core.api.viewsets import PortalModelViewSet
from core.permissions import Action
from organisations.models import Organisation
from suppliers import services
from suppliers.api.serializers import (
    SUPPLIER_ROW_COLUMNS,
    SUPPLIER_ROW_EXPRESSIONS,
    AgreementTerminateInputSerializer,
    FrameworkAgreementSerializer,
    FrameworkAgreementWriteSerializer,
    SiteSerializer,
    SiteWriteSerializer,
    SupplierSerializer,
    SupplierWriteSerializer,
    supplier_rows,
)
from suppliers.filtersets import FrameworkAgreementFilterSet, SiteFilterSet, SupplierFilterSet
from suppliers.models import FrameworkAgreement, Site, Supplier, SupplierAlias, SupplierSite


def _set_fields(obj, values: dict) -> None:
    for name, value in values.items():
        setattr(obj, name, value)


class SupplierViewSet(PortalModelViewSet):
    """The supplier register (leverantörer), with the other names each goes by and its parent
    company. Search ``q`` finds names, aliases and organisation numbers.

    The secretariat adds with POST, changes with PATCH and deletes with DELETE (refused with
    409 while audits, agreements, sites, subsidiaries or incident cases refer to the supplier).
    A POST of a supplier like others of the register (the same organisation number or name once
    company forms are set aside, or a similar name) is 409 ``possible_duplicate`` with the
    ``candidates``; send it again with ``confirm_duplicate: true`` to add it all the same.
    ``aliases`` in a write replaces the supplier's other names; ``parent`` is the parent
    company's id.
    """

    queryset = Supplier.objects.select_related("parent").prefetch_related(
        Prefetch("aliases", queryset=SupplierAlias.objects.order_by("name", "pk"))
    )
    serializer_class = SupplierSerializer
    write_serializer_class = SupplierWriteSerializer
    row_builder = staticmethod(supplier_rows)
    row_columns = SUPPLIER_ROW_COLUMNS
    row_expressions = SUPPLIER_ROW_EXPRESSIONS
    filterset_class = SupplierFilterSet
    ordering_fields = ("modified", "id", "name", "country")

    def perform_service_create(self, values):
        aliases = values.pop("aliases", None)
        confirm = values.pop("confirm_duplicate", False)
        try:
            return services.supplier_save(
                supplier=Supplier(**values),
                user=self.request.user,
                aliases=aliases,
                confirm_duplicate=confirm,
            )
        except services.PossibleDuplicates as error:
            raise Conflict(
                " ".join(error.messages),
                code="possible_duplicate",
                errors={"confirm_duplicate": error.messages},
                extra={"candidates": [self._candidate(match) for match in error.matches]},
            ) from error

    def _candidate(self, match) -> dict:
        return {
            "id": match.pk,
            "name": match.name,
            "organisation_number": match.organisation_number,
            "reason": match.reason,
            "score": match.score,
            "url": self.request.build_absolute_uri(reverse("api:supplier-detail", args=[match.pk])),
        }

    def perform_service_update(self, supplier, values):
        aliases = values.pop("aliases", None)
        values.pop("confirm_duplicate", None)
        _set_fields(supplier, values)
        return services.supplier_save(supplier=supplier, user=self.request.user, aliases=aliases)

    def perform_service_delete(self, supplier):
        services.supplier_delete(supplier=supplier, user=self.request.user)


class SiteViewSet(PortalModelViewSet):
    """Sites suppliers source from: factories, mines, farms (underleverantörer, fabriker), with
    the suppliers each serves and at which tier.

    The secretariat adds with POST, changes with PATCH and deletes with DELETE (refused with
    409 while incident cases name the site). ``supplier_links`` in a write replaces the
    suppliers that source from the site.
    """

    queryset = Site.objects.select_related("operator").prefetch_related(
        Prefetch(
            "supplier_links",
            queryset=SupplierSite.objects.select_related("supplier").order_by(
                "tier", "supplier__name", "pk"
            ),
        )
    )
    serializer_class = SiteSerializer
    write_serializer_class = SiteWriteSerializer
    filterset_class = SiteFilterSet
    ordering_fields = ("modified", "id", "name", "country")

    def perform_service_create(self, values):
        links = values.pop("supplier_links", None)
        return services.site_save(site=Site(**values), user=self.request.user, supplier_links=links)

    def perform_service_update(self, site, values):
        links = values.pop("supplier_links", None)
        _set_fields(site, values)
        return services.site_save(site=site, user=self.request.user, supplier_links=links)

    def perform_service_delete(self, site):
        services.site_delete(site=site, user=self.request.user)


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

    def perform_service_delete(self, agreement):
        services.agreement_delete(agreement=agreement, user=self.request.user)
