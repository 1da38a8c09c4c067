"""The category tree with its priority periods, risk analyses with their identified risks, and
studies over the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from core.api.serializers import PortalModelSerializer, ResourceUrlField
from core.validators import validate_country_list
from riskanalysis.models import Category, CategoryPriority, IdentifiedRisk, RiskAnalysis, Study
from riskanalysis.services import (
    CATEGORY_FIELDS,
    CATEGORY_PRIORITY_FIELDS,
    IDENTIFIED_RISK_FIELDS,
    RISK_ANALYSIS_FIELDS,
    STUDY_FIELDS,
)


class CategoryPrioritySerializer(PortalModelSerializer):
    class Meta:
        model = CategoryPriority
        fields = ["id", *CATEGORY_PRIORITY_FIELDS]
        read_only_fields = fields


class CategorySerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:category-detail")
    path = serializers.SerializerMethodField(
        help_text="The names from the root of the tree down to this category, e.g. "
        '["Läkemedel", "Antibiotika"] (sv: sökväg i kategoriträdet).'
    )
    priorities = CategoryPrioritySerializer(
        many=True,
        read_only=True,
        help_text="The periods the category is prioritised, newest first, with a risk level per "
        "area (sv: prioriterade perioder).",
    )

    class Meta:
        model = Category
        fields = [
            "id",
            "url",
            "name",
            "parent",
            "path",
            "description",
            "priorities",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_path(self, category) -> list[str]:
        # The view puts every category's ancestor names in the context, read in one query.
        names = self.context.get("category_names", {})
        return names.get(category.pk, [category.name])


class CategoryWriteSerializer(PortalModelSerializer):
    """A new category (POST) or a change of one (PATCH), by the secretariat. Its priority
    periods are written at ``category-priorities``."""

    class Meta:
        model = Category
        fields = CATEGORY_FIELDS
        # The uniqueness of the name under its parent and the tree's shape are the service's to
        # check, with their messages on the fields.
        validators = []


class CategoryPriorityResourceSerializer(PortalModelSerializer):
    """A priority period as its own resource, with the category it belongs to."""

    url = ResourceUrlField(view_name="api:categorypriority-detail")
    category_name = serializers.CharField(
        source="category.name", read_only=True, help_text="The category's name (sv: kategori)."
    )

    class Meta:
        model = CategoryPriority
        fields = [
            "id",
            "url",
            "category",
            "category_name",
            *CATEGORY_PRIORITY_FIELDS,
            "created",
            "modified",
        ]
        read_only_fields = fields


class CategoryPriorityWriteSerializer(PortalModelSerializer):
    """A new priority period of a category (POST) or a change of one (PATCH); the category is
    given on POST and stays."""

    class Meta:
        model = CategoryPriority
        fields = ["category", *CATEGORY_PRIORITY_FIELDS]
        validators = []
        extra_kwargs = {
            "start_year": {"min_value": 2000, "max_value": 2100},
            "end_year": {"min_value": 2000, "max_value": 2100},
        }

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # PATCH: the period stays with its category
            fields["category"].read_only = True
        return fields


class IdentifiedRiskSerializer(PortalModelSerializer):
    class Meta:
        model = IdentifiedRisk
        fields = [
            "id",
            "area",
            "description",
            "likelihood",
            "severity",
            "supply_chain_stage",
            "countries",
        ]
        read_only_fields = fields


def _codes(organisations) -> list[str]:
    return [organisation.code for organisation in organisations.all()]


class RiskAnalysisSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:riskanalysis-detail")
    category_name = serializers.CharField(
        source="category.name", read_only=True, help_text="The category's name (sv: kategori)."
    )
    responsible_organisation_codes = serializers.SerializerMethodField(
        help_text="The responsible organisations' codes, e.g. SE-T (sv: ansvariga organisationer)."
    )
    risks = IdentifiedRiskSerializer(
        many=True,
        read_only=True,
        help_text="The risks the analysis found (sv: identifierade risker).",
    )

    class Meta:
        model = RiskAnalysis
        fields = [
            "id",
            "url",
            "title",
            "kind",
            "category",
            "category_name",
            "products_areas",
            "year",
            "responsible_organisations",
            "responsible_organisation_codes",
            "summary",
            "measures",
            "document",
            "risks",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_responsible_organisation_codes(self, analysis) -> list[str]:
        return _codes(analysis.responsible_organisations)


class StudySerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:study-detail")
    responsible_organisation_codes = serializers.SerializerMethodField(
        help_text="The responsible organisations' codes (sv: ansvariga organisationer)."
    )
    counterpart_codes = serializers.SerializerMethodField(
        help_text="The codes of the organisations the study concerns (sv: motparter)."
    )

    class Meta:
        model = Study
        fields = [
            "id",
            "url",
            "title",
            "year",
            "responsible_organisations",
            "responsible_organisation_codes",
            "counterparts",
            "counterpart_codes",
            "summary",
            "outcome",
            "document",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_responsible_organisation_codes(self, study) -> list[str]:
        return _codes(study.responsible_organisations)

    def get_counterpart_codes(self, study) -> list[str]:
        return _codes(study.counterparts)


class RiskAnalysisWriteSerializer(PortalModelSerializer):
    """A new risk analysis (POST) or a change of one (PATCH), by the secretariat. Its risks are
    written at ``identified-risks``; ``responsible_organisations`` replaces the list."""

    class Meta:
        model = RiskAnalysis
        fields = RISK_ANALYSIS_FIELDS
        # The year's range and the uniqueness of (year, category, products/areas) are the
        # service's to check, with their messages on the fields.
        validators = []


class CountryCodesField(serializers.ListField):
    child = serializers.CharField(max_length=2, min_length=2)

    def to_internal_value(self, data):
        codes = [code.strip().upper() for code in super().to_internal_value(data)]
        try:
            validate_country_list(codes)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return codes


class IdentifiedRiskResourceSerializer(PortalModelSerializer):
    """An identified risk as its own resource, with the analysis it belongs to."""

    url = ResourceUrlField(view_name="api:identifiedrisk-detail")
    analysis_title = serializers.CharField(
        source="analysis.title", read_only=True, help_text="The analysis's title (sv: analys)."
    )
    year = serializers.IntegerField(
        source="analysis.year", read_only=True, help_text="The analysis's year (sv: år)."
    )

    class Meta:
        model = IdentifiedRisk
        fields = [
            "id",
            "url",
            "analysis",
            "analysis_title",
            "year",
            *IDENTIFIED_RISK_FIELDS,
            "created",
            "modified",
        ]
        read_only_fields = fields


class IdentifiedRiskWriteSerializer(PortalModelSerializer):
    """A new identified risk of an analysis (POST) or a change of one (PATCH); the analysis
    is given on POST and stays."""

    countries = CountryCodesField(
        required=False,
        help_text="ISO 3166-1 alpha-2 codes of the countries where the risk lies, e.g. MY "
        "(sv: länder).",
    )

    class Meta:
        model = IdentifiedRisk
        fields = ["analysis", *IDENTIFIED_RISK_FIELDS]
        extra_kwargs = {
            "likelihood": {"min_value": 1, "max_value": 5},
            "severity": {"min_value": 1, "max_value": 5},
        }

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # PATCH: the risk stays with its analysis
            fields["analysis"].read_only = True
        return fields


class StudyWriteSerializer(PortalModelSerializer):
    """A new study (POST) or a change of one (PATCH), by the secretariat; the organisation lists
    replace the study's."""

    class Meta:
        model = Study
        fields = STUDY_FIELDS
        validators = []
