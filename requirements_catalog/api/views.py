"""The requirements catalogue over the API (read-only)."""

from __future__ import annotations

from django.db.models import Prefetch

from core.api.viewsets import PortalReadOnlyViewSet
from organisations.models import Organisation
from requirements_catalog.api.serializers import InstrumentSerializer
from requirements_catalog.filtersets import InstrumentFilterSet
from requirements_catalog.models import Clause, Instrument, InstrumentVersion


class InstrumentViewSet(PortalReadOnlyViewSet):
    """The collaboration's instruments (styrdokument): the code of conduct, the due-diligence
    clauses, harmonised requirements and guidance, and the assessment templates audits are
    scored against; each with its versions (newest first) and their clauses in order."""

    queryset = Instrument.objects.select_related("category").prefetch_related(
        Prefetch("responsible_organisations", queryset=Organisation.objects.order_by("code")),
        Prefetch("related_instruments", queryset=Instrument.objects.order_by("pk")),
        Prefetch(
            "versions",
            queryset=InstrumentVersion.objects.order_by("-year", "-pk").prefetch_related(
                Prefetch("clauses", queryset=Clause.objects.order_by("order", "code", "pk"))
            ),
        ),
    )
    serializer_class = InstrumentSerializer
    filterset_class = InstrumentFilterSet
    ordering_fields = ("modified", "id", "code", "title", "kind")
