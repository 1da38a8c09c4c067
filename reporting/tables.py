"""Tables of the reporting list pages."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from reporting.models import Event, Narrative, ReportJob


class EventTable(tables.Table):
    title = tables.Column(verbose_name=_("title"), linkify=True)
    kind = tables.Column(verbose_name=_("kind"))
    year = tables.Column(verbose_name=_("year"))
    date = tables.DateColumn(verbose_name=_("date"), format="Y-m-d")
    occurrences = tables.Column(verbose_name=_("sessions"))
    participants = tables.Column(verbose_name=_("participants"))
    organisers = tables.ManyToManyColumn(verbose_name=_("organisers"), orderable=False)

    class Meta:
        model = Event
        fields = ("title", "kind", "year", "date", "occurrences", "participants", "organisers")
        order_by = ("-year", "kind", "title")
        empty_text = _("No events match.")

    def render_participants(self, record):
        # "över 560" stays a lower bound.
        return record.participants_display


class ReportJobTable(tables.Table):
    year = tables.Column(verbose_name=_("year"), linkify=True)
    status = tables.Column(verbose_name=_("status"))
    progress = tables.Column(verbose_name=_("progress (%)"))
    requested_by = tables.Column(verbose_name=_("requested by"))
    created = tables.DateTimeColumn(verbose_name=_("requested"), format="Y-m-d H:i")
    finished_at = tables.DateTimeColumn(verbose_name=_("finished"), format="Y-m-d H:i")
    warnings = tables.Column(verbose_name=_("remarks"), orderable=False)

    class Meta:
        model = ReportJob
        fields = (
            "year",
            "status",
            "progress",
            "requested_by",
            "created",
            "finished_at",
            "warnings",
        )
        order_by = ("-created",)
        empty_text = _("No report has been built yet.")

    def render_warnings(self, value):
        return len(value or [])


class NarrativeTable(tables.Table):
    year = tables.Column(verbose_name=_("year"))
    section = tables.Column(verbose_name=_("section"))
    order = tables.Column(verbose_name=_("order"))
    heading = tables.Column(verbose_name=_("heading"))
    body = tables.Column(verbose_name=_("text"), orderable=False)
    edit = tables.TemplateColumn(
        template_name="reporting/_narrative_edit_link.html",
        verbose_name="",
        orderable=False,
        empty_values=(),
    )

    class Meta:
        model = Narrative
        fields = ("year", "section", "order", "heading", "body", "edit")
        order_by = ("-year", "section", "order")
        empty_text = _("No texts for this choice.")
        row_attrs = {"id": lambda record: f"narrative-{record.pk}"}

    def render_body(self, value):
        return value if len(value) <= 240 else f"{value[:240]}…"
