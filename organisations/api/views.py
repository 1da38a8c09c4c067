"""The regions, the secretariat and the partner organisations, and the collaboration's
partnerships with their text per year; the secretariat writes both, through
organisations.services as in the portal."""

from __future__ import annotations

from django.db.models import Prefetch

from core.api.viewsets import PortalModelViewSet
from organisations import services
from organisations.api.serializers import (
    OrganisationSerializer,
    OrganisationWriteSerializer,
    PartnershipSerializer,
    PartnershipWriteSerializer,
)
from organisations.filtersets import OrganisationFilterSet, PartnershipFilterSet
from organisations.models import Organisation, Partnership, PartnershipYear


class OrganisationViewSet(PortalModelViewSet):
    """Regions (by ISO 3166-2:SE code), the secretariat and the organisations the collaboration
    works with (sv: organisationer). Filter by kind, country or free text (code or name).

    The secretariat adds with POST, changes with PATCH and deletes with DELETE (409 while
    members, audits, agreements or other records refer to the organisation). No organisation
    becomes the secretariat, and the secretariat stays it.
    """

    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    write_serializer_class = OrganisationWriteSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ("modified", "id", "code", "name", "kind")

    def perform_service_create(self, values):
        return services.organisation_save(
            organisation=Organisation(**values), user=self.request.user
        )

    def perform_service_update(self, organisation, values):
        for name, value in values.items():
            setattr(organisation, name, value)
        return services.organisation_save(organisation=organisation, user=self.request.user)

    def perform_service_delete(self, organisation):
        services.organisation_delete(organisation=organisation, user=self.request.user)


class PartnershipViewSet(PortalModelViewSet):
    """The collaboration's standing partnerships (samarbeten): Adda, Electronics Watch, the
    Nordic partners …, each with its years and a text per year, which the report of that year
    prints (a year without a text prints none).

    The secretariat adds with POST, changes with PATCH and deletes with DELETE. ``years`` in a
    write sets the text of each year it names (an empty text removes that year's) and leaves
    the other years' as they are. ``year`` filters the partnerships that ran in that year.
    """

    queryset = Partnership.objects.select_related("partner").prefetch_related(
        Prefetch("years", queryset=PartnershipYear.objects.order_by("-year", "pk"))
    )
    serializer_class = PartnershipSerializer
    write_serializer_class = PartnershipWriteSerializer
    filterset_class = PartnershipFilterSet
    ordering_fields = ("modified", "id", "since_year", "partner__name")

    def perform_service_create(self, values):
        years = values.pop("years", None)
        return services.partnership_save(
            partnership=Partnership(**values), user=self.request.user, years=years
        )

    def perform_service_update(self, partnership, values):
        years = values.pop("years", None)
        for name, value in values.items():
            setattr(partnership, name, value)
        return services.partnership_save(
            partnership=partnership, user=self.request.user, years=years
        )

    def perform_service_delete(self, partnership):
        services.partnership_delete(partnership=partnership, user=self.request.user)
