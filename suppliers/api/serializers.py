"""Suppliers (with aliases and parent), sites (with the suppliers sourcing from them) and
framework agreements over the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api.serializers import (
    InstantText,
    PortalModelSerializer,
    ResourceUrlField,
    beside,
    instant_text,
)
from core.validators import (
    normalise_organisation_number,
    validate_country_code,
    validate_organisation_number,
)
from suppliers.models import FrameworkAgreement, Site, Supplier, SupplierAlias, SupplierSite
from suppliers.services import (
    AGREEMENT_FIELDS,
    SITE_FIELDS,
    SUPPLIER_ALIAS_FIELDS,
    SUPPLIER_FIELDS,
)


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


def _country(value: str, blank: bool = False) -> str:
    code = (value or "").strip().upper()
    if code or not blank:
        try:
            validate_country_code(code)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
    return code


class SupplierAliasWriteSerializer(serializers.ModelSerializer):
    """One of the supplier's other names, as written."""

    class Meta:
        model = SupplierAlias
        fields = SUPPLIER_ALIAS_FIELDS
        extra_kwargs = {"kind": {"required": False}}


class SupplierWriteSerializer(PortalModelSerializer):
    """A new supplier (POST) or a change of one (PATCH), by the secretariat."""

    organisation_number = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=11,
        help_text="Swedish organisation number, NNNNNN-NNNN or ten digits; empty if there is "
        "none (sv: organisationsnummer).",
    )
    country = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2,
        help_text="ISO 3166-1 alpha-2 code, e.g. SE; empty if not known (sv: land).",
    )
    aliases = SupplierAliasWriteSerializer(
        many=True,
        required=False,
        help_text="The supplier's other names: former names, spellings, trade names (kind "
        "former_name, spelling or trade_name; spelling if not given). The list replaces the "
        "supplier's: an alias of the same name is kept and changed, the others are removed; "
        "leave it out to keep them (sv: alias).",
    )
    confirm_duplicate = serializers.BooleanField(
        required=False,
        default=False,
        write_only=True,
        help_text="POST only: add the supplier even though the register has similar ones (the "
        "409 possible_duplicate lists them as candidates). Ignored by PATCH.",
    )

    class Meta:
        model = Supplier
        fields = [*SUPPLIER_FIELDS, "aliases", "confirm_duplicate"]
        # Uniqueness (name in any case, organisation number) is the service's to check, with
        # its message on the field.
        validators = []

    def validate_organisation_number(self, value):
        number = normalise_organisation_number(value)
        if number:
            try:
                validate_organisation_number(number)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages) from None
        return number

    def validate_country(self, value):
        return _country(value, blank=True)

    def validate_aliases(self, value):
        return [dict(item) for item in value]


SUPPLIER_ROW_COLUMNS = (
    "id",
    "name",
    "organisation_number",
    "country",
    "parent_id",
    "parent__name",
    "website",
    "notes",
)
# The time stamps as the API writes them, written by PostgreSQL (InstantText).
SUPPLIER_ROW_EXPRESSIONS = {
    "created_text": InstantText("created"),
    "modified_text": InstantText("modified"),
}


def supplier_rows(page: list[dict], context: dict) -> list[dict]:
    """SupplierSerializer's output for the page's suppliers (their values(*SUPPLIER_ROW_COLUMNS,
    **SUPPLIER_ROW_EXPRESSIONS) rows), in its order, with one more query for their aliases
    (tests/suppliers/test_api.py holds it to the serializer): the register's bulk read, 50 000
    suppliers at Nordic scale, without a model instance or a serializer field per row."""
    if not page:
        return []
    ids = [row["id"] for row in page]
    aliases: dict[int, list[dict]] = {}
    for supplier_id, pk, name, kind, note in (
        SupplierAlias.objects.filter(supplier_id__any_of=ids)
        .order_by("name", "pk")
        .values_list("supplier_id", "id", "name", "kind", "note")
    ):
        aliases.setdefault(supplier_id, []).append(
            {"id": pk, "name": name, "kind": kind, "note": note}
        )
    request = context.get("request")
    base = request.build_absolute_uri(reverse("api:supplier-list")) if request else ""
    zone = timezone.get_current_timezone()
    return [
        {
            "id": row["id"],
            "url": f"{base}{row['id']}/",
            "name": row["name"],
            "organisation_number": row["organisation_number"],
            "country": row["country"],
            "parent": row["parent_id"],
            "parent_name": row["parent__name"],
            "website": row["website"],
            "notes": row["notes"],
            "aliases": aliases.get(row["id"], []),
            "created": instant_text(row["created_text"], zone),
            "modified": instant_text(row["modified_text"], zone),
        }
        for row in page
    ]


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


class SupplierSiteWriteSerializer(PortalModelSerializer):
    """A supplier that sources from the site, at a tier of its supply chain."""

    class Meta:
        model = SupplierSite
        fields = ["supplier", "tier", "products"]
        extra_kwargs = {"tier": {"min_value": 1, "max_value": 10, "required": False}}
        validators = []


class SiteWriteSerializer(PortalModelSerializer):
    """A new site (POST) or a change of one (PATCH), by the secretariat."""

    country = serializers.CharField(
        max_length=2, help_text="ISO 3166-1 alpha-2 code, e.g. MY (sv: land)."
    )
    supplier_links = SupplierSiteWriteSerializer(
        many=True,
        required=False,
        help_text="The suppliers that source from the site, each with its tier (1 = direct "
        "sub-supplier, up to 10; 1 if not given) and products. The list replaces the site's: "
        "a supplier already linked keeps its link, changed; leave it out to keep them "
        "(sv: leverantörer och nivå).",
    )

    class Meta:
        model = Site
        fields = [*SITE_FIELDS, "supplier_links"]
        validators = []

    def validate_country(self, value):
        return _country(value)

    def validate_supplier_links(self, value):
        links = [dict(item) for item in value]
        suppliers = [link["supplier"].pk for link in links]
        if len(set(suppliers)) != len(suppliers):
            raise serializers.ValidationError(_("A supplier is listed twice."))
        return links


class LedRecordNamesMixin(serializers.Serializer):
    """The names beside the ids of a supplier's record that a lead organisation runs with its
    co-leads in a category: an agreement, an audit. ``NAMES``: the name field beside each id."""

    NAMES = {
        "supplier": "supplier_name",
        "lead_organisation": "lead_organisation_code",
        "co_lead_organisations": "co_lead_organisation_codes",
        "category": "category_name",
    }
    supplier_name = serializers.CharField(
        source="supplier.name", read_only=True, help_text="The supplier's name (sv: leverantör)."
    )
    lead_organisation_code = serializers.CharField(
        source="lead_organisation.code",
        read_only=True,
        allow_null=True,
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

    def get_co_lead_organisation_codes(self, record) -> list[str]:
        return [org.code for org in record.co_lead_organisations.all()]


class FrameworkAgreementSerializer(LedRecordNamesMixin, PortalModelSerializer):
    url = ResourceUrlField(view_name="api:agreement-detail")

    class Meta:
        model = FrameworkAgreement
        fields = [
            "id",
            "url",
            *beside(AGREEMENT_FIELDS, LedRecordNamesMixin.NAMES),
            "created",
            "modified",
        ]
        read_only_fields = fields


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
