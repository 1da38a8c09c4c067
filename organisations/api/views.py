"""The regions, the secretariat and the partner organisations, read-only."""

from __future__ import annotations

from core.api.viewsets import PortalReadOnlyViewSet
from organisations.api.serializers import OrganisationSerializer
from organisations.filtersets import OrganisationFilterSet
from organisations.models import Organisation


class OrganisationViewSet(PortalReadOnlyViewSet):
    """Regions (by ISO 3166-2:SE code), the secretariat and the organisations the collaboration
    works with (sv: organisationer). Filter by kind, country or free text (code or name)."""

    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ("modified", "id", "code", "name", "kind")
