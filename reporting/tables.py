"""Tables of the reporting list pages."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reporting.models import Event, FinancialYear, Narrative, ReportJob, YearlyFigure
from reporting.selectors import format_tkr


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
    # In the report's order of sections (selectors.narrative_list_queryset), not by name.
    section = tables.Column(verbose_name=_("section"), order_by=("section_place", "order"))
    order = tables.Column(verbose_name=_("order"))
    heading = tables.Column(verbose_name=_("heading"))
    body = tables.Column(verbose_name=_("text"), orderable=False, empty_values=())
    edit = tables.TemplateColumn(
        template_name="reporting/_row_actions.html",
        extra_context={"edit": "reporting:narrative_edit", "delete": "reporting:narrative_delete"},
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
        if not value.strip():
            # Started but not written yet: the report leaves it out.
            return format_html(
                '<span class="text-body-secondary fst-italic text-nowrap">{}</span>', EMPTY_TEXT
            )
        return value if len(value) <= 240 else f"{value[:240]}…"


EMPTY_TEXT = _("Empty: not printed")
NUMBER = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}


class YearlyFigureTable(tables.Table):
    key = tables.Column(verbose_name=_("figure"))
    year = tables.Column(verbose_name=_("year"))
    value = tables.Column(verbose_name=_("value"), attrs=NUMBER)
    source = tables.Column(verbose_name=_("source"))
    note = tables.Column(verbose_name=_("note"), orderable=False)
    edit = tables.TemplateColumn(
        template_name="reporting/_row_actions.html",
        extra_context={
            "edit": "reporting:yearlyfigure_edit",
            "delete": "reporting:yearlyfigure_delete",
        },
        verbose_name="",
        orderable=False,
        empty_values=(),
    )

    class Meta:
        model = YearlyFigure
        fields = ("key", "year", "value", "source", "note", "edit")
        order_by = ("-year", "key")
        empty_text = _("No figures for this choice.")
        row_attrs = {"id": lambda record: f"figure-{record.pk}"}

    def render_value(self, record):
        text = f"{record.value.normalize():f}"
        return _("over %(number)s") % {"number": text} if record.is_lower_bound else text


class FinancialYearTable(tables.Table):
    """The years' accounts: the totals the report prints, and whether they balance."""

    year = tables.Column(verbose_name=_("year"), linkify=True)
    opening_balance = tables.Column(verbose_name=_("IB, tkr"), attrs=NUMBER)
    contributions_total = tables.Column(verbose_name=_("contributions, tkr"), attrs=NUMBER)
    closing_balance = tables.Column(verbose_name=_("UB, tkr"), attrs=NUMBER)
    costs_total = tables.Column(verbose_name=_("costs, tkr"), attrs=NUMBER)
    balances = tables.Column(verbose_name=_("balances"), empty_values=(), orderable=False)

    class Meta:
        model = FinancialYear
        fields = (
            "year",
            "opening_balance",
            "contributions_total",
            "closing_balance",
            "costs_total",
            "balances",
        )
        order_by = ("-year",)
        empty_text = _("No accounts yet.")

    def render_opening_balance(self, value):
        return format_tkr(value)

    def render_contributions_total(self, value):
        return format_tkr(value)

    def render_closing_balance(self, value):
        return format_tkr(value)

    def render_costs_total(self, value):
        return format_tkr(value)

    def render_balances(self, record):
        difference = (
            record.opening_balance
            + record.contributions_total
            - record.closing_balance
            - record.costs_total
        )
        if difference == 0:
            return _("Yes")
        return _("No: the difference is %(amount)s tkr") % {"amount": format_tkr(difference)}
