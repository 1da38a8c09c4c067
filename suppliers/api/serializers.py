"""Suppliers, sites and framework agreements over the API."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from core.api.serializers import PortalModelSerializer, ResourceUrlField, instant_text
from suppliers.models import FrameworkAgreement, Site, Supplier, SupplierAlias, SupplierSite


class SupplierAliasSerializer(PortalModelSerializer):
    class Meta:
        model = SupplierAlias
        fields = ["id", "name", "kind", "note"]
        read_only_fields = fields


class SupplierSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:supplier-detail")
    # A plain string: the address is empty where it is not known.
    website = serializers.CharField(
        read_only=True, help_text="The website's address; empty if not known (sv: webbplats)."
    )
    parent_name = serializers.CharField(
        source="parent.name",
        read_only=True,
        allow_null=True,
        help_text="The parent company's name (sv: moderbolag).",
    )
    aliases = SupplierAliasSerializer(
        many=True,
        read_only=True,
        help_text="Other names the supplier goes by: former names, spellings, trade names "
        "(sv: alias).",
    )

    class Meta:
        model = Supplier
        fields = [
            "id",
            "url",
            "name",
            "organisation_number",
            "country",
            "parent",
            "parent_name",
            "website",
            "notes",
            "aliases",
            "created",
            "modified",
        ]
        read_only_fields = fields


SUPPLIER_ROW_COLUMNS = (
    "id",
    "name",
    "organisation_number",
    "country",
    "parent_id",
    "parent__name",
    "website",
    "notes",
    "created",
    "modified",
)


def supplier_rows(page: list[dict], context: dict) -> list[dict]:
    """SupplierSerializer's output for the page's suppliers (their values(*SUPPLIER_ROW_COLUMNS)
    rows), in its order, with one more query for their aliases (tests/suppliers/test_api.py
    holds it to the serializer): the register's bulk read, 50 000 suppliers at Nordic scale,
    without a model instance or a serializer field per row."""
    if not page:
        return []
    rows = {row["id"]: row for row in page}
    ids = list(rows)
    aliases: dict[int, list[dict]] = {}
    for alias in (
        SupplierAlias.objects.filter(supplier_id__any_of=ids)
        .order_by("name", "pk")
        .values("supplier_id", "id", "name", "kind", "note")
    ):
        supplier_id = alias.pop("supplier_id")
        aliases.setdefault(supplier_id, []).append(alias)
    request = context.get("request")
    base = request.build_absolute_uri(reverse("api:supplier-list")) if request else ""
    zone = timezone.get_current_timezone()
    out = []
    for pk in ids:
        row = rows[pk]
        out.append(
            {
                "id": pk,
                "url": f"{base}{pk}/",
                "name": row["name"],
                "organisation_number": row["organisation_number"],
                "country": row["country"],
                "parent": row["parent_id"],
                "parent_name": row["parent__name"],
                "website": row["website"],
                "notes": row["notes"],
                "aliases": aliases.get(pk, []),
                "created": instant_text(row["created"], zone),
                "modified": instant_text(row["modified"], zone),
            }
        )
    return out


class SupplierSiteSerializer(PortalModelSerializer):
    supplier_name = serializers.CharField(
        source="supplier.name", read_only=True, help_text="The supplier's name (sv: leverantör)."
    )

    class Meta:
        model = SupplierSite
        fields = ["supplier", "supplier_name", "tier", "products"]
        read_only_fields = fields


class SiteSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:site-detail")
    operator_name = serializers.CharField(
        source="operator.name",
        read_only=True,
        allow_null=True,
        help_text="The name of the company that runs the site (sv: operatör).",
    )
    suppliers = serializers.SerializerMethodField(
        help_text="Ids of the suppliers that source from the site (sv: leverantörer)."
    )
    supplier_links = SupplierSiteSerializer(
        many=True,
        read_only=True,
        help_text="The suppliers that source from the site, with the tier of their supply chain "
        "(1 = direct sub-supplier) and the products (sv: leverantörer och nivå).",
    )

    class Meta:
        model = Site
        fields = [
            "id",
            "url",
            "name",
            "kind",
            "country",
            "locality",
            "operator",
            "operator_name",
            "suppliers",
            "supplier_links",
            "notes",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_suppliers(self, site) -> list[int]:
        return [link.supplier_id for link in site.supplier_links.all()]


AGREEMENT_FIELDS = [
    "title",
    "reference",
    "supplier",
    "lead_organisation",
    "co_lead_organisations",
    "category",
    "start_date",
    "end_date",
    "code_of_conduct",
    "due_diligence_level",
    "status",
    "terminated_on",
    "termination_reason",
]


class FrameworkAgreementSerializer(PortalModelSerializer):
    url = ResourceUrlField(view_name="api:agreement-detail")
    supplier_name = serializers.CharField(
        source="supplier.name", read_only=True, help_text="The supplier's name (sv: leverantör)."
    )
    lead_organisation_code = serializers.CharField(
        source="lead_organisation.code",
        read_only=True,
        help_text="The lead organisation's code, e.g. SE-T (sv: ansvarig organisation).",
    )
    co_lead_organisation_codes = serializers.SerializerMethodField(
        help_text="The co-lead organisations' codes (sv: medansvariga organisationer)."
    )
    category_name = serializers.CharField(
        source="category.name",
        read_only=True,
        allow_null=True,
        help_text="The category's name (sv: kategori).",
    )

    class Meta:
        model = FrameworkAgreement
        fields = [
            "id",
            "url",
            "reference",
            "title",
            "supplier",
            "supplier_name",
            "lead_organisation",
            "lead_organisation_code",
            "co_lead_organisations",
            "co_lead_organisation_codes",
            "category",
            "category_name",
            "start_date",
            "end_date",
            "code_of_conduct",
            "due_diligence_level",
            "status",
            "terminated_on",
            "termination_reason",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_co_lead_organisation_codes(self, agreement) -> list[str]:
        return [org.code for org in agreement.co_lead_organisations.all()]


class FrameworkAgreementWriteSerializer(PortalModelSerializer):
    """A new agreement (POST) or a change of one (PATCH); the service checks who may."""

    class Meta:
        model = FrameworkAgreement
        fields = AGREEMENT_FIELDS


class AgreementTerminateInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        help_text="Why the agreement ends before its time (sv: skäl till uppsägning)."
    )
    terminated_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The day it was terminated (sv: uppsagt den).",
    )
