"""The deletion log of incremental sync: /api/v1/deletions/?since=…"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from core.api import registry
from core.api.filters import StableOrderingFilter, parse_instant
from core.api.viewsets import PortalListViewSet
from core.filtersets import PortalFilterSet
from core.models import Deletion


class DeletionFilterSet(PortalFilterSet):
    since = django_filters.CharFilter(
        label=_("Deleted at or after (ISO 8601)"), method="filter_since"
    )
    type = django_filters.CharFilter(label=_("Resource, such as audits"), method="filter_type")

    class Meta:
        model = Deletion
        fields = ["since", "type"]

    def filter_since(self, queryset, name, value):
        return queryset.filter(deleted_at__gte=parse_instant(value, field="since"))

    def filter_type(self, queryset, name, value):
        labels = [label for label, prefix in registry.RESOURCE_OF_MODEL.items() if prefix == value]
        return queryset.filter(model__in=labels)


class DeletionSerializer(serializers.ModelSerializer):
    type = serializers.SerializerMethodField(
        help_text="The resource the row belonged to, as in its URL: audits, findings, … (sv: typ)."
    )
    id = serializers.IntegerField(
        source="object_id", help_text="The id the row had in that resource."
    )
    deleted_at = serializers.DateTimeField(help_text="When it was deleted (sv: raderad).")

    class Meta:
        model = Deletion
        fields = ["type", "id", "deleted_at"]

    def get_type(self, obj) -> str:
        return registry.RESOURCE_OF_MODEL.get(obj.model, obj.model)


@extend_schema(tags=["sync"])
class DeletionViewSet(PortalListViewSet):
    """What was deleted, oldest first: remove these rows from a mirror (sv: raderade poster)."""

    queryset = Deletion.objects.all()
    serializer_class = DeletionSerializer
    filterset_class = DeletionFilterSet
    ordering = ("deleted_at", "id")
    ordering_fields = ("deleted_at", "id")
    filter_backends = (DjangoFilterBackend, StableOrderingFilter)

    def get_queryset(self):
        return super().get_queryset().filter(model__in=list(registry.RESOURCE_OF_MODEL))
