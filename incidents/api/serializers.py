"""The incident resources of the API: incident cases with their risk areas, timeline and lab
tests."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from core.api.serializers import PortalModelSerializer, ResourceUrlField
from core.validators import validate_country_list
from incidents.choices import DatePrecision, IncidentRiskArea, IncidentSource, TimelineKind
from incidents.models import Incident, IncidentEvent, LabTest
from incidents.services import INCIDENT_EDIT_FIELDS
from organisations.models import Organisation

RISK_AREAS_HELP = "The risk areas of the case, e.g. forced_labour, debt_bondage (sv: riskområden)."


class IncidentEventSerializer(PortalModelSerializer):
    organisation_code = serializers.CharField(
        source="organisation.code",
        read_only=True,
        allow_null=True,
        help_text="The code of the organisation that acted or decided (sv: organisation).",
    )

    class Meta:
        model = IncidentEvent
        fields = [
            "id",
            "occurred_on",
            "precision",
            "kind",
            "description",
            "organisation",
            "organisation_code",
            "recorded_by",
            "created",
            "modified",
        ]
        read_only_fields = fields


class LabTestSerializer(PortalModelSerializer):
    supplier_name = serializers.CharField(
        source="supplier.name",
        read_only=True,
        allow_null=True,
        help_text="The supplier's name (sv: leverantör).",
    )

    class Meta:
        model = LabTest
        fields = [
            "id",
            "sample",
            "supplier",
            "supplier_name",
            "laboratory",
            "method",
            "status",
            "sampled_on",
            "sampled_precision",
            "claimed_origin",
            "indicated_origin",
            "result",
            "created",
            "modified",
        ]
        read_only_fields = fields


def _codes(organisations) -> list[str]:
    return [organisation.code for organisation in organisations]


class IncidentSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:incident-detail")
    # Declared: a read-only model field would lose allow_blank, and the schema its "" value.
    source = serializers.ChoiceField(
        choices=IncidentSource.choices, allow_blank=True, read_only=True
    )
    category_name = serializers.CharField(
        source="category.name",
        read_only=True,
        allow_null=True,
        help_text="The category's name (sv: kategori).",
    )
    risk_areas = serializers.SerializerMethodField(help_text=RISK_AREAS_HELP)
    supplier_names = serializers.SerializerMethodField(
        help_text="The suppliers' names, in the order of `suppliers` (sv: leverantörer)."
    )
    site_names = serializers.SerializerMethodField(
        help_text="The sites' names, in the order of `sites` (sv: anläggningar)."
    )
    lead_organisation_code = serializers.CharField(
        source="lead_organisation.code",
        read_only=True,
        allow_null=True,
        help_text="The lead organisation's code, e.g. SE-T (sv: ansvarig organisation).",
    )
    involved_organisation_codes = serializers.SerializerMethodField(
        help_text="The involved organisations' codes (sv: involverade organisationer)."
    )
    partner_codes = serializers.SerializerMethodField(
        help_text="The partners' codes, e.g. Electronics Watch (sv: partner)."
    )
    timeline = IncidentEventSerializer(
        many=True,
        read_only=True,
        help_text="The dated timeline of actions and decisions, oldest first (sv: tidslinje).",
    )
    lab_tests = LabTestSerializer(
        many=True, read_only=True, help_text="Laboratory tests of the case (sv: labbtester)."
    )

    class Meta:
        model = Incident
        fields = [
            "id",
            "url",
            "title",
            "year_opened",
            "opened_on",
            "source",
            "source_detail",
            "category",
            "category_name",
            "risk_areas",
            "countries",
            "suppliers",
            "supplier_names",
            "sites",
            "site_names",
            "lead_organisation",
            "lead_organisation_code",
            "involved_organisations",
            "involved_organisation_codes",
            "partners",
            "partner_codes",
            "status",
            "confidential",
            "description",
            "outcome",
            "closed_on",
            "timeline",
            "lab_tests",
            "created",
            "modified",
        ]
        read_only_fields = fields

    # The relations below are prefetched in order by the viewset: no query per row.

    def get_risk_areas(self, incident) -> list[str]:
        return [risk.area for risk in incident.risks.all()]

    def get_supplier_names(self, incident) -> list[str]:
        return [supplier.name for supplier in incident.suppliers.all()]

    def get_site_names(self, incident) -> list[str]:
        return [site.name for site in incident.sites.all()]

    def get_involved_organisation_codes(self, incident) -> list[str]:
        return _codes(incident.involved_organisations.all())

    def get_partner_codes(self, incident) -> list[str]:
        return _codes(incident.partners.all())


class IncidentWriteSerializer(PortalModelSerializer):
    """Opening a case (POST) and changing it (PATCH); the timeline grows with the action."""

    risk_areas = serializers.ListField(
        child=serializers.ChoiceField(choices=IncidentRiskArea.choices),
        required=False,
        help_text=f"{RISK_AREAS_HELP} On PATCH the list replaces the case's risk areas.",
    )
    countries = serializers.ListField(
        child=serializers.CharField(max_length=2, min_length=2),
        required=False,
        help_text="ISO 3166-1 alpha-2 codes of the countries concerned, e.g. MY (sv: länder).",
    )

    class Meta:
        model = Incident
        fields = INCIDENT_EDIT_FIELDS
        extra_kwargs = {
            # Left out, the year follows the day the case was opened (else this year).
            "year_opened": {
                "min_value": 2000,
                "max_value": 2100,
                "required": False,
                "allow_null": True,
            }
        }

    def validate_countries(self, value):
        codes = [code.strip().upper() for code in value]
        try:
            validate_country_list(codes)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return codes

    def validate_risk_areas(self, value):
        return list(dict.fromkeys(value))


class IncidentEventInputSerializer(serializers.Serializer):
    occurred_on = serializers.DateField(
        help_text="The date (sv: datum). With precision year or month, give the first day."
    )
    precision = serializers.ChoiceField(
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How precise the date is: year, month or day (sv: datumprecision).",
    )
    kind = serializers.ChoiceField(
        choices=TimelineKind.choices,
        help_text="What happened: opened, action, decision, finding, planned, closed or note "
        "(sv: typ).",
    )
    description = serializers.CharField(
        max_length=10_000, help_text="What was done or decided (sv: beskrivning)."
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Id of the organisation that acted or decided, if any (sv: organisation).",
    )

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        fields["organisation"].queryset = Organisation.objects.for_user(user)
        return fields
