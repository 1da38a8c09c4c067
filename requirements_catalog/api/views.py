"""The requirements catalogue over the API: instruments with their versions and clauses, read by
everyone with a reading role and curated by the secretariat through the same services as the
portal's pages."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action

from core.api.exceptions import Conflict
from core.api.viewsets import PortalModelViewSet
from core.permissions import Action
from organisations.models import Organisation
from requirements_catalog import services
from requirements_catalog.api.serializers import (
    ClauseCreateSerializer,
    ClauseReorderSerializer,
    ClauseResourceSerializer,
    ClauseUpdateSerializer,
    InstrumentSerializer,
    InstrumentVersionDraftSerializer,
    InstrumentVersionPublishSerializer,
    InstrumentVersionResourceSerializer,
    InstrumentVersionUpdateSerializer,
    InstrumentWriteSerializer,
)
from requirements_catalog.filtersets import (
    ClauseFilterSet,
    InstrumentFilterSet,
    InstrumentVersionFilterSet,
)
from requirements_catalog.models import Clause, Instrument, InstrumentVersion


def _ordered_clauses():
    return Clause.objects.order_by("order", "code", "pk")


@contextmanager
def immutable_is_a_conflict():
    """A change of a published version is refused for the version's state: 409, not 400."""
    try:
        yield
    except DjangoValidationError as error:
        if getattr(error, "code", None) == "version_immutable":
            raise Conflict(" ".join(error.messages), code="version_immutable") from None
        raise


class InstrumentViewSet(PortalModelViewSet):
    """The collaboration's instruments (styrdokument): the code of conduct, the due-diligence
    clauses, harmonised requirements and guidance, and the assessment templates audits are
    scored against; each with its versions (newest first) and their clauses in order.

    The secretariat adds an instrument with POST, changes it with PATCH (the lists of
    responsible organisations and related instruments replace the instrument's) and deletes one
    that was never published with DELETE (its draft goes with it; 409 otherwise). Versions and
    clauses are written through `instrument-versions` and `clauses`.
    """

    queryset = Instrument.objects.select_related("category").prefetch_related(
        Prefetch("responsible_organisations", queryset=Organisation.objects.order_by("code")),
        Prefetch("related_instruments", queryset=Instrument.objects.order_by("pk")),
        Prefetch(
            "versions",
            queryset=InstrumentVersion.objects.order_by("-year", "-pk").prefetch_related(
                Prefetch("clauses", queryset=_ordered_clauses())
            ),
        ),
    )
    serializer_class = InstrumentSerializer
    write_serializer_class = InstrumentWriteSerializer
    filterset_class = InstrumentFilterSet
    ordering_fields = ("modified", "id", "code", "title", "kind")

    def perform_service_create(self, values):
        return services.instrument_create(user=self.request.user, **values)

    def perform_service_update(self, instrument, values):
        return services.instrument_update(user=self.request.user, instrument=instrument, **values)

    def perform_service_delete(self, instrument):
        services.instrument_delete(user=self.request.user, instrument=instrument)


@extend_schema_view(
    partial_update=extend_schema(
        request=InstrumentVersionUpdateSerializer, responses=InstrumentVersionResourceSerializer
    )
)
class InstrumentVersionViewSet(PortalModelViewSet):
    """The versions of the instruments, each with its clauses in order (sv: versioner).

    The secretariat drafts a new version of an instrument with POST (it starts with the clauses
    of the instrument's latest published version; one draft per instrument at a time), changes a
    draft's name, year and notes with PATCH, deletes a draft with DELETE and publishes it with
    the `publish` action (dated, today by default; it supersedes the published version; the
    version's year becomes the year of publication). The `reorder` action puts a draft's clauses
    in a new order. A published version is immutable: every change of it answers 409 with the
    code `version_immutable`.
    """

    queryset = InstrumentVersion.objects.select_related("instrument").prefetch_related(
        Prefetch("clauses", queryset=_ordered_clauses())
    )
    serializer_class = InstrumentVersionResourceSerializer
    write_serializer_class = InstrumentVersionDraftSerializer
    filterset_class = InstrumentVersionFilterSet
    ordering_fields = ("modified", "id", "year", "published_on")

    def get_serializer_class(self):
        if self.action == "partial_update":
            return InstrumentVersionUpdateSerializer
        return super().get_serializer_class()

    def perform_service_create(self, values):
        return services.instrument_version_draft(user=self.request.user, **values)

    def perform_service_update(self, version, values):
        with immutable_is_a_conflict():
            return services.instrument_version_update(
                user=self.request.user, draft=version, **values
            )

    def perform_service_delete(self, version):
        with immutable_is_a_conflict():
            services.instrument_version_delete(user=self.request.user, version=version)

    @extend_schema(
        request=InstrumentVersionPublishSerializer,
        responses=InstrumentVersionResourceSerializer,
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a draft on `on` (today if left out); the version it supersedes becomes
        superseded, and the version's year is the year of `on`."""
        data = InstrumentVersionPublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = self.get_object_for(Action.CHANGE)
        with transaction.atomic(), immutable_is_a_conflict():
            version = services.instrument_version_publish(
                user=request.user, version=version, **data.validated_data
            )
        return self.object_response(version)

    @extend_schema(request=ClauseReorderSerializer, responses=InstrumentVersionResourceSerializer)
    @action(detail=True, methods=["post"])
    def reorder(self, request, pk=None):
        """Put a draft's clauses in a new order: the ids of all of them, each once."""
        data = ClauseReorderSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = self.get_object_for(Action.CHANGE)
        with transaction.atomic(), immutable_is_a_conflict():
            services.clause_reorder(
                user=request.user, version=version, clauses=data.validated_data["clauses"]
            )
        return self.object_response(version)


@extend_schema_view(
    partial_update=extend_schema(request=ClauseUpdateSerializer, responses=ClauseResourceSerializer)
)
class ClauseViewSet(PortalModelViewSet):
    """The clauses of the instruments' versions: requirements, guidance points and template
    criteria (sv: punkter). Filter by `version_id`, or by `instrument` (its code) and `version`
    (its name), as the clauses' spreadsheet names them.

    The secretariat adds a clause to a draft with POST (after its last clause), changes it with
    PATCH and removes it with DELETE; a published version's clauses answer 409 with the code
    `version_immutable`. The order is set with `instrument-versions/{id}/reorder/`.
    """

    queryset = Clause.objects.select_related("version")
    serializer_class = ClauseResourceSerializer
    write_serializer_class = ClauseCreateSerializer
    filterset_class = ClauseFilterSet
    ordering_fields = ("modified", "id", "order", "code")

    def get_serializer_class(self):
        if self.action == "partial_update":
            return ClauseUpdateSerializer
        return super().get_serializer_class()

    def perform_service_create(self, values):
        with immutable_is_a_conflict():
            return services.clause_create(user=self.request.user, **values)

    def perform_service_update(self, clause, values):
        with immutable_is_a_conflict():
            return services.clause_update(user=self.request.user, clause=clause, **values)

    def perform_service_delete(self, clause):
        with immutable_is_a_conflict():
            services.clause_delete(user=self.request.user, clause=clause)
