"""The tables of the supplier, agreement and site lists."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django_tables2.utils import A

from riskanalysis.selectors import category_paths
from suppliers.models import FrameworkAgreement, Site, Supplier


def format_organisation_number(value: str) -> str:
    """'5560360793' → '556036-0793'."""
    if value and len(value) == 10:
        return f"{value[:6]}-{value[6:]}"
    return value or ""


class SupplierTable(tables.Table):
    name = tables.Column(linkify=True)
    organisation_number = tables.Column()
    parent = tables.Column(linkify=True, order_by=("parent__name",))
    audit_count = tables.Column(verbose_name=_("Audits"), attrs={"td": {"class": "text-end"}})
    agreement_count = tables.Column(
        verbose_name=_("Agreements"), attrs={"td": {"class": "text-end"}}
    )

    class Meta:
        model = Supplier
        fields = ("name", "organisation_number", "country", "parent")
        sequence = (
            "name",
            "organisation_number",
            "country",
            "parent",
            "audit_count",
            "agreement_count",
        )
        empty_text = _("No suppliers match.")

    def render_organisation_number(self, value):
        return format_organisation_number(value)


class CategoryPathColumn(tables.Column):
    """A category's full path, from a map built once per table (not a query per row)."""

    def render(self, value, table, **kwargs):
        paths = getattr(table, "_category_paths", None)
        if paths is None:
            paths = table._category_paths = category_paths()
        return paths.get(value.pk, str(value.name))


class FrameworkAgreementTable(tables.Table):
    title = tables.Column(
        verbose_name=_("Agreement"),
        linkify=True,
        empty_values=(),
        order_by=("title", "reference"),
    )
    supplier = tables.Column(linkify=True, order_by=("supplier__name",))
    lead_organisation = tables.Column(linkify=True, order_by=("lead_organisation__name",))
    category = CategoryPathColumn(order_by=("category__name",))
    start_date = tables.DateColumn(format="Y-m-d")
    end_date = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = FrameworkAgreement
        fields = (
            "title",
            "supplier",
            "lead_organisation",
            "category",
            "start_date",
            "end_date",
            "status",
        )
        sequence = fields
        empty_text = _("No agreements match.")

    def render_title(self, record):
        return record.title or record.reference or _("Agreement %(pk)s") % {"pk": record.pk}


class SiteTable(tables.Table):
    name = tables.Column(linkify=("suppliers:site_detail", {"pk": A("pk")}))
    operator = tables.Column(linkify=True, order_by=("operator__name",))
    supplier_count = tables.Column(verbose_name=_("Suppliers"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Site
        fields = ("name", "kind", "country", "locality", "operator")
        sequence = (*fields, "supplier_count")
        empty_text = _("No sites match.")
