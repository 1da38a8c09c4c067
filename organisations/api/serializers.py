"""The organisations of the collaboration over the API: no users, memberships or tokens."""

from __future__ import annotations

from rest_framework import serializers

from core.api.serializers import PortalModelSerializer, ResourceUrlField
from organisations.models import Organisation


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
