"""The category tree, risk analyses and studies over the API (read-only)."""

from __future__ import annotations

from rest_framework import serializers

from core.api.serializers import PortalModelSerializer, ResourceUrlField
from riskanalysis.models import Category, CategoryPriority, IdentifiedRisk, RiskAnalysis, Study


class CategoryPrioritySerializer(PortalModelSerializer):
    class Meta:
        model = CategoryPriority
        fields = [
            "id",
            "start_year",
            "end_year",
            "human_rights_risk",
            "labour_rights_risk",
            "environment_risk",
            "business_ethics_risk",
            "note",
        ]
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
