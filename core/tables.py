"""The table of the secretariat's list of accessibility reports."""

import django_tables2 as tables
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext_lazy as _

from core.models import AccessibilityReport


class AccessibilityReportTable(tables.Table):
    created = tables.DateTimeColumn(format="Y-m-d H:i", linkify=True)
    description = tables.Column()
    sender = tables.Column(verbose_name=_("Sender"), empty_values=(), orderable=False)

    class Meta:
        model = AccessibilityReport
        fields = ("created", "status", "page", "description", "sender")
        sequence = fields
        empty_text = _("No accessibility reports match.")

    def render_description(self, value):
        return truncatechars(value, 120)

    def render_sender(self, record):
        parts = [part for part in (record.name, record.email) if part]
        if record.user is not None:
            parts.append(str(record.user))
        return ", ".join(parts) if parts else _("anonymous")
