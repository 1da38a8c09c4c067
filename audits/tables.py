"""The tables of the audit and finding lists: sortable, each row links to its audit."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from audits.models import Audit, Finding

DATE_FORMAT = "Y-m-d"


class AuditTable(tables.Table):
    supplier = tables.Column(
        verbose_name=_("Supplier"),
        linkify=lambda record: record.get_absolute_url(),
        order_by=("supplier__name",),
    )
    year = tables.Column(verbose_name=_("Year"))
    kind = tables.Column(verbose_name=_("Kind"))
    status = tables.Column(verbose_name=_("Status"))
    lead_organisation = tables.Column(verbose_name=_("Lead"), order_by=("lead_organisation__code",))
    co_leads = tables.Column(
        verbose_name=_("Co-leads"), accessor="pk", orderable=False, empty_values=()
    )
    category = tables.Column(verbose_name=_("Category"), order_by=("category__name",))
    planned_date = tables.DateColumn(format=DATE_FORMAT, verbose_name=_("Planned date"))

    class Meta:
        model = Audit
        fields = (
            "supplier",
            "year",
            "kind",
            "status",
            "lead_organisation",
            "co_leads",
            "category",
            "planned_date",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No audits.")

    def render_supplier(self, record):
        return record.supplier.name

    def render_lead_organisation(self, value):
        return value.code

    def render_co_leads(self, record):
        return ", ".join(o.code for o in record.co_lead_organisations.all()) or "–"

    def render_category(self, value):
        return value.name


class FindingTable(tables.Table):
    description = tables.Column(verbose_name=_("Finding"))
    audit = tables.Column(
        verbose_name=_("Audit"), order_by=("audit__supplier__name", "audit__year")
    )
    lead = tables.Column(
        verbose_name=_("Lead"),
        accessor="audit__lead_organisation__code",
        order_by=("audit__lead_organisation__code",),
    )
    kind = tables.Column(verbose_name=_("Kind"))
    severity = tables.Column(verbose_name=_("Severity"))
    deadline = tables.DateColumn(format=DATE_FORMAT, verbose_name=_("Deadline"))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Finding
        fields = ("description", "audit", "lead", "kind", "severity", "deadline", "status")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No findings.")

    def render_description(self, record):
        url = reverse("audits:audit_detail", args=[record.audit_id])
        text = record.description
        if len(text) > 90:
            text = text[:89] + "…"
        return format_html('<a href="{}#finding-{}">{}</a>', url, record.pk, text)

    def render_audit(self, record):
        audit = record.audit
        return f"{audit.supplier.name} · {audit.year}"
