"""The requirements catalogue over the API: instruments with their versions and clauses."""

from __future__ import annotations

from rest_framework import serializers

from core.api.serializers import PortalModelSerializer, ResourceUrlField
from requirements_catalog.models import Clause, Instrument, InstrumentVersion


class ClauseSerializer(PortalModelSerializer):
    class Meta:
        model = Clause
        fields = [
            "id",
            "code",
            "title",
            "text",
            "area",
            "level",
            "rationale",
            "verification",
            "order",
        ]
        read_only_fields = fields


class InstrumentVersionSerializer(PortalModelSerializer):
    clauses = ClauseSerializer(
        many=True,
        read_only=True,
        help_text="The clauses (requirements, guidance points or template criteria) in their "
        "order (sv: punkter).",
    )

    class Meta:
        model = InstrumentVersion
        fields = [
            "id",
            "version",
            "year",
            "status",
            "published_on",
            "supersedes",
            "document",
            "notes",
            "clauses",
            "created",
            "modified",
        ]
        read_only_fields = fields


class InstrumentSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:instrument-detail")
    category_name = serializers.CharField(
        source="category.name",
        read_only=True,
        allow_null=True,
        help_text="The category's name (sv: kategori).",
    )
    responsible_organisation_codes = serializers.SerializerMethodField(
        help_text="The responsible organisations' codes (sv: ansvariga organisationer)."
    )
    versions = InstrumentVersionSerializer(
        many=True,
        read_only=True,
        help_text="The instrument's versions, newest first, each with its clauses (sv: versioner).",
    )

    class Meta:
        model = Instrument
        fields = [
            "id",
            "url",
            "code",
            "kind",
            "title",
            "category",
            "category_name",
            "applies_to_all_prioritised",
            "products_areas",
            "responsible_organisations",
            "responsible_organisation_codes",
            "related_instruments",
            "description",
            "versions",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_responsible_organisation_codes(self, instrument) -> list[str]:
        return [org.code for org in instrument.responsible_organisations.all()]
