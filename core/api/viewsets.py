"""Declarative viewsets (after NetBox's generic API views): a resource names its queryset (shaped
once), serializers and FilterSet; reads go through the gate, writes through the app's services.

- Reads: ``queryset.for_user(user, view)``; an object outside the scope is 404.
- PATCH and DELETE: the object must be visible (else 404) and changeable (else 403).
- POST, PATCH: the input is validated by ``write_serializer_class``; the service named by the
  viewset's ``perform_service_create``/``perform_service_update`` makes the change, atomically.
- Lists: page-number pagination, ``modified_since`` sync, a stable order, ``?format=csv``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAcceptable, PermissionDenied, ValidationError
from rest_framework.response import Response

from core.api.exceptions import Gone, PayloadTooLarge
from core.api.filters import ModifiedSinceFilter, StableOrderingFilter
from core.api.pagination import PortalPagination
from core.api.permissions import PortalApiPermission
from core.api.renderers import CsvRenderer, OrjsonRenderer, PortalBrowsableAPIRenderer
from core.api.serializers import IdsSerializer
from core.api.throttling import AnonymousRateThrottle, TokenRateThrottle
from core.db_locks import lock_row
from core.permissions import Action, can, can_add
from core.versions import check_version, etag_of, if_match_versions


class PortalGenericViewSet(viewsets.GenericViewSet):
    queryset = None  # shaped once: select_related, prefetch_related, annotations
    filterset_class = None
    ordering_fields = ("modified", "id")
    public = False  # anonymous callers may read (the approved public summaries)

    permission_classes = (PortalApiPermission,)
    filter_backends = (DjangoFilterBackend, ModifiedSinceFilter, StableOrderingFilter)
    pagination_class = PortalPagination
    renderer_classes = (OrjsonRenderer, PortalBrowsableAPIRenderer, CsvRenderer)
    throttle_classes = (TokenRateThrottle, AnonymousRateThrottle)
    http_method_names = ("get", "head", "options")
    lookup_value_regex = r"[0-9]+"

    @property
    def model(self):
        return self.queryset.model

    def get_queryset(self):
        return self.queryset.all().for_user(self.request.user, Action.VIEW)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.HALLBAR_API_MAX_BODY_BYTES:
            raise PayloadTooLarge()

    def is_csv(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) == "csv"

    def paginate_queryset(self, queryset):
        # A CSV export holds every row that matches the filters, as one file, up to a limit.
        if self.is_csv():
            limit = settings.HALLBAR_API_CSV_MAX_ROWS
            if queryset.count() > limit:
                raise ValidationError(
                    {
                        "format": [
                            _(
                                "A CSV export holds at most %(limit)d rows; narrow the filters "
                                "or page through the JSON."
                            )
                            % {"limit": limit}
                        ]
                    }
                )
            return None
        return super().paginate_queryset(queryset)

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            # An unknown ?format= is a format we cannot give, not a missing object.
            raise NotAcceptable(_("Unknown format; use json or csv.")) from None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        renderer = getattr(response, "accepted_renderer", None)
        if getattr(renderer, "format", None) == "csv":
            if response.status_code >= 400:
                # Errors keep the one JSON shape, whatever format was asked for.
                response.accepted_renderer = OrjsonRenderer()
                response.accepted_media_type = OrjsonRenderer.media_type
            else:
                name = getattr(self, "basename", None) or "export"
                response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response

    def get_read_serializer(self, *args, **kwargs):
        kwargs.setdefault("context", self.get_serializer_context())
        return self.serializer_class(*args, **kwargs)

    def detail_url(self, obj) -> str | None:
        try:
            return reverse(f"api:{self.basename}-detail", args=[obj.pk])
        except NoReverseMatch:
            return None

    def object_response(self, obj, status_code=status.HTTP_200_OK) -> Response:
        """The object as a reader sees it, read again through the shaped, gated queryset."""
        obj = self.get_queryset().get(pk=obj.pk)
        headers = {}
        if status_code in (status.HTTP_201_CREATED, status.HTTP_202_ACCEPTED):
            url = self.detail_url(obj)
            if url:
                headers["Location"] = self.request.build_absolute_uri(url)
        if getattr(obj, "modified", None) is not None:
            headers["ETag"] = etag_of(obj)
        return Response(self.get_read_serializer(obj).data, status=status_code, headers=headers)


class _CountedRows:
    """The page's values() rows for the paginator, counted on the list's own queryset: the
    values' joins (supplier and organisation names) would make the count read them too."""

    def __init__(self, rows, queryset):
        self.rows, self.queryset = rows, queryset

    def count(self):
        return self.queryset.order_by().count()

    def __getitem__(self, index):
        return self.rows[index]

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return self.count()


class PortalListViewSet(mixins.ListModelMixin, PortalGenericViewSet):
    """A list only (the deletion log): no detail route."""


class PortalReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PortalGenericViewSet):
    """List and detail, and the ids of the list for a mirror's reconciliation.

    A resource whose lists are read in bulk (a year of audits) may name a ``row_builder``:
    a function ``(rows, context) -> [dict]`` that builds the read serializer's very output from
    the page's ``values(*row_columns)`` rows (and queries of its own for the page's related
    rows), without model instances. The page is read in one query with the list's filters,
    order and slice; a test holds the builder to the serializer, row for row.
    """

    row_builder = None
    row_columns: tuple[str, ...] = ()  # the values() lookups the builder reads; "id" among them
    row_expressions: dict = {}  # and values() columns computed by the database (InstantText)

    def list(self, request, *args, **kwargs):
        if self.row_builder is None:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        source = _CountedRows(queryset.values(*self.row_columns, **self.row_expressions), queryset)
        page = self.paginate_queryset(source)
        rows = type(self).row_builder(
            list(source if page is None else page), self.get_serializer_context()
        )
        return Response(rows) if page is None else self.get_paginated_response(rows)

    @extend_schema(responses=IdsSerializer)
    @action(detail=False, methods=["get"], pagination_class=None)
    def ids(self, request, *args, **kwargs):
        """Every id the list holds for the caller with these filters, in one answer.

        A mirror compares them with its own rows from time to time and drops the rest: rows
        that left the caller's view (a case made confidential, an audit moved to another
        region) are not deletions, so the deletion log cannot tell of them.
        """
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        ids = list(queryset.values_list("pk", flat=True))
        return Response({"count": len(ids), "ids": ids})

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        response = Response(self.get_serializer(obj).data)
        if getattr(obj, "modified", None) is not None:
            # The version a PATCH names in If-Match (core/versions.py).
            response["ETag"] = etag_of(obj)
        return response


class PortalModelViewSet(PortalReadOnlyViewSet):
    """Reads, and writes through the services: POST creates, PATCH changes, DELETE deletes."""

    write_serializer_class = None
    http_method_names = ("get", "post", "patch", "delete", "head", "options")

    def get_serializer_class(self):
        if self.action in ("create", "partial_update") and self.write_serializer_class:
            return self.write_serializer_class
        return self.serializer_class

    def get_object_for(self, action: str):
        """The object if visible (else 404) and the caller may take ``action`` on it (else 403)."""
        obj = self.get_object()
        if not can(self.request.user, obj, action):
            # The gate reads the row again: one deleted since get_object is not found there
            # either, and that is a 404 saying so, not a refusal.
            if not type(obj)._default_manager.filter(pk=obj.pk).exists():
                raise Gone()
            raise PermissionDenied()
        return obj

    def may_create(self) -> bool:
        """Whether the caller may create rows at all (the service decides the rest)."""
        return can_add(self.request.user, self.model)

    def create(self, request, *args, **kwargs):
        if not self.may_create():
            raise PermissionDenied()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            obj = self.perform_service_create(dict(serializer.validated_data))
        return self.object_response(obj, status.HTTP_201_CREATED)

    def lock_for_update(self, obj):
        """Lock the row a PATCH changes (and what the service checks with it, in the order the
        service locks them) and return it read afresh under the lock; None when it was deleted
        meanwhile (a 404)."""
        return type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()

    def partial_update(self, request, *args, **kwargs):
        """Change the fields sent, and only those. The row is locked and read again before
        the body is validated, so a concurrent change is neither lost nor overwritten; with
        ``If-Match`` (the ETag of a GET), a change made since is a 409 that says what changed."""
        obj = self.get_object_for(Action.CHANGE)
        with transaction.atomic():
            obj = self.lock_for_update(obj)
            if obj is None:
                raise Gone()
            check_version(obj, if_match_versions(request.headers.get("If-Match")))
            serializer = self.get_serializer(obj, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            obj = self.perform_service_update(obj, dict(serializer.validated_data))
        return self.object_response(obj)

    def destroy(self, request, *args, **kwargs):
        obj = self.get_object_for(Action.DELETE)
        with transaction.atomic():
            self.lock_or_gone(obj)
            self.perform_service_delete(obj)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def lock_or_gone(self, obj) -> None:
        """Hold the row until the change commits; deleted since it was read: 404, not a 500
        (or the deleted row saved again, or a second 204 for one deletion)."""
        if not lock_row(obj):
            raise Gone()

    def perform_service_create(self, values: dict):
        raise NotImplementedError

    def perform_service_update(self, obj, values: dict):
        raise NotImplementedError

    def perform_service_delete(self, obj):
        """Delete, recording who did it (history and the deletion log)."""
        obj._history_user = self.request.user
        obj.delete()
