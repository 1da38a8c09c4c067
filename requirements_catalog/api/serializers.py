"""The requirements catalogue over the API: instruments with their versions and clauses."""

from __future__ import annotations

from rest_framework import serializers

from core.api.serializers import PortalModelSerializer, ResourceUrlField
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from requirements_catalog.services import (
    CLAUSE_FIELDS,
    INSTRUMENT_FIELDS,
    INSTRUMENT_RELATIONS,
    VERSION_FIELDS,
)


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


# The version and clause resources (instrument-versions, clauses) --------------------------


class InstrumentVersionResourceSerializer(InstrumentVersionSerializer):
    """A version on its own (``instrument-versions``): the nested version's fields, with its
    address and instrument."""

    url = ResourceUrlField(view_name="api:instrumentversion-detail")
    instrument_code = serializers.CharField(
        source="instrument.code",
        read_only=True,
        help_text="The instrument's code, e.g. uppforandekod (sv: instrumentets kod).",
    )

    class Meta(InstrumentVersionSerializer.Meta):
        fields = [
            "id",
            "url",
            "instrument",
            "instrument_code",
            *InstrumentVersionSerializer.Meta.fields[1:],
        ]
        read_only_fields = fields


class ClauseResourceSerializer(ClauseSerializer):
    """A clause on its own (``clauses``), with its address and version."""

    url = ResourceUrlField(view_name="api:clause-detail")
    version_status = serializers.CharField(
        source="version.status",
        read_only=True,
        help_text="The version's status: only a draft's clauses change (sv: versionens status).",
    )

    class Meta(ClauseSerializer.Meta):
        fields = [
            "id",
            "url",
            "version",
            "version_status",
            *ClauseSerializer.Meta.fields[1:],
            "created",
            "modified",  # the key of incremental sync, as on every resource
        ]
        read_only_fields = fields


class InstrumentWriteSerializer(PortalModelSerializer):
    """Adding an instrument (POST) and changing it (PATCH; the lists replace the instrument's)."""

    class Meta:
        model = Instrument
        fields = [*INSTRUMENT_FIELDS, *INSTRUMENT_RELATIONS]
        # The model's rules (one of category and all prioritised, the code's uniqueness) are
        # the service's, with their messages on the fields.
        validators = []


class InstrumentVersionDraftSerializer(PortalModelSerializer):
    """A new draft of an instrument (POST): it starts with the clauses of the instrument's latest
    published version; an instrument has one draft at a time."""

    class Meta:
        model = InstrumentVersion
        fields = ["instrument", *VERSION_FIELDS]
        validators = []  # the service's, with their messages on the fields
        extra_kwargs = {"year": {"min_value": 2000, "max_value": 2100}}


class InstrumentVersionUpdateSerializer(PortalModelSerializer):
    """A draft's name, year and notes (PATCH); a published version is immutable (409)."""

    class Meta:
        model = InstrumentVersion
        fields = list(VERSION_FIELDS)
        validators = []
        extra_kwargs = {"year": {"min_value": 2000, "max_value": 2100}}


class InstrumentVersionPublishSerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The day it was published: today if left out; never in the future, never "
        "before the version it supersedes (sv: publicerad).",
    )
    year = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=2000,
        max_value=2100,
        help_text="The version's year. Left out, it is the year of `on`; given, it must be "
        "that year (sv: år).",
    )


class ClauseReorderSerializer(serializers.Serializer):
    clauses = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        max_length=1000,
        help_text="The ids of every clause of the draft, each once, in their new order "
        "(sv: punkternas ordning).",
    )


class ClauseCreateSerializer(PortalModelSerializer):
    """A new clause of a draft (POST), after its last clause."""

    class Meta:
        model = Clause
        fields = ["version", *CLAUSE_FIELDS]
        validators = []


class ClauseUpdateSerializer(PortalModelSerializer):
    """A clause of a draft changed (PATCH)."""

    class Meta:
        model = Clause
        fields = list(CLAUSE_FIELDS)
        validators = []
