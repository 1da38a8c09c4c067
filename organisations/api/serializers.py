"""The organisations of the collaboration and its partnerships over the API: no users,
memberships or tokens."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api.serializers import PortalModelSerializer, ResourceUrlField
from core.validators import validate_country_code
from organisations.models import Organisation, Partnership, PartnershipYear
from organisations.services import ORGANISATION_FIELDS, PARTNERSHIP_FIELDS


class OrganisationSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:organisation-detail")
    # A plain string: the address is empty where it is not known.
    website = serializers.CharField(
        read_only=True, help_text="The website's address; empty if not known (sv: webbplats)."
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "url",
            "code",
            "name",
            "short_name",
            "kind",
            "country",
            "population",
            "website",
            "description",
            "created",
            "modified",
        ]
        read_only_fields = fields


class OrganisationWriteSerializer(PortalModelSerializer):
    """A new organisation (POST) or a change of one (PATCH), by the secretariat."""

    country = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2,
        help_text="ISO 3166-1 alpha-2 code, e.g. SE; empty for international organisations "
        "(sv: land).",
    )

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS

    def validate_country(self, value):
        code = (value or "").strip().upper()
        if code:
            try:
                validate_country_code(code)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages) from None
        return code


class PartnershipYearSerializer(serializers.ModelSerializer):
    """One year's text of a partnership. On write, an empty ``description`` removes the year's."""

    year = serializers.IntegerField(
        min_value=1990, max_value=2100, help_text="The year the text describes (sv: år)."
    )
    description = serializers.CharField(
        allow_blank=True,
        max_length=20_000,
        trim_whitespace=True,
        help_text="What the partnership did or was about that year; the report of that year "
        "prints it (sv: beskrivning). On write, an empty text removes the year's.",
    )

    class Meta:
        model = PartnershipYear
        fields = ["year", "description"]


def _years_input(value) -> dict[int, str]:
    years: dict[int, str] = {}
    for item in value:
        if item["year"] in years:
            raise serializers.ValidationError(
                _("%(year)s is given twice.") % {"year": item["year"]}
            )
        years[item["year"]] = item["description"]
    return years


class PartnershipSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:partnership-detail")
    partner_code = serializers.CharField(
        source="partner.code", read_only=True, help_text="The partner's code (sv: partner)."
    )
    partner_name = serializers.CharField(
        source="partner.name", read_only=True, help_text="The partner's name (sv: partner)."
    )
    years = PartnershipYearSerializer(
        many=True,
        read_only=True,
        help_text="The partnership's text of each year that has one, newest first "
        "(sv: samarbetet år för år).",
    )

    class Meta:
        model = Partnership
        fields = [
            "id",
            "url",
            "partner",
            "partner_code",
            "partner_name",
            "kind",
            "since_year",
            "until_year",
            "years",
            "created",
            "modified",
        ]
        read_only_fields = fields


class PartnershipWriteSerializer(PortalModelSerializer):
    """A new partnership (POST) or a change of one (PATCH), by the secretariat."""

    years = PartnershipYearSerializer(
        many=True,
        required=False,
        help_text="Texts of years: each year given gets its text (an empty text removes the "
        "year's); years not given keep theirs. At most one entry per year (sv: år).",
    )

    class Meta:
        model = Partnership
        fields = [*PARTNERSHIP_FIELDS, "years"]
        # One partnership of a kind per partner: the service's to check, with its message on
        # the kind.
        validators = []

    def validate_years(self, value):
        return _years_input(value)
