"""Reporting in the browser: the year's registers the report is built from (events, yearly
figures, the accounts, the report's texts, and the page "Året" that gathers them) and the yearly
activity report (verksamhetsrapport): check a year, order its build, follow it, download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from core.files import stored_file_response
from core.permissions import Action, get_scope
from core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    add_service_errors,
)
from core.views.importexport import ObjectExportView, ObjectImportView
from reporting import selectors, services
from reporting.choices import ReportJobStatus, ReportSection
from reporting.filtersets import (
    EventFilterSet,
    FinancialYearFilterSet,
    NarrativeFilterSet,
    ReportJobFilterSet,
    YearlyFigureFilterSet,
)
from reporting.forms import (
    ContributionForm,
    CostLineForm,
    EventForm,
    FinancialYearForm,
    NarrativeForm,
    NarrativeStartForm,
    ReportOrderForm,
    YearlyFigureForm,
)
from reporting.models import (
    Contribution,
    CostLine,
    Event,
    FinancialYear,
    Narrative,
    ReportJob,
    YearlyFigure,
)
from reporting.resources import EventResource
from reporting.services import (
    COST_LINE_FIELDS,
    EVENT_FIELDS,
    FINANCIAL_YEAR_FIELDS,
    NARRATIVE_FIELDS,
    YEARLY_FIGURE_FIELDS,
)
from reporting.tables import (
    EventTable,
    FinancialYearTable,
    NarrativeTable,
    ReportJobTable,
    YearlyFigureTable,
)


def _values(form, fields) -> dict:
    """The form's cleaned values of ``fields`` that the form has."""
    return {name: form.cleaned_data[name] for name in fields if name in form.cleaned_data}


class RegisterEditView(ObjectEditView):
    """Add (no pk) or change (pk) a row of a register through its services: ``create(form)``
    and ``update(form)``. ``cancel_url`` where the row has no list page of its own. The add
    form takes the first values of ``initial_from_query`` from the address (?year=2025)."""

    initial_from_query: tuple[str, ...] = ("year",)

    def get_form(self, obj, data=None, files=None):
        form = super().get_form(obj, data=data, files=files)
        if obj.pk is None and data is None:
            for name in self.initial_from_query:
                if name in form.fields and self.request.GET.get(name):
                    form.initial[name] = self.request.GET[name]
        return form

    def save(self, form):
        return self.update(form) if form.instance.pk else self.create(form)

    def create(self, form):
        raise NotImplementedError

    def update(self, form):
        raise NotImplementedError


def _chosen_year(request, data=None) -> int:
    """The year of ``?year=`` (or of ``data``) when it is a sane one, else this year."""
    try:
        year = int((request.GET if data is None else data).get("year", ""))
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if services.FIRST_YEAR <= year <= services.LAST_YEAR else timezone.localdate().year


# The year ---------------------------------------------------------------------------------------


class YearOverviewView(LoginRequiredMixin, View):
    """ "Året": what the year's registers hold (events, yearly figures, accounts, texts) and the
    year's report, each with the way to it; for the secretariat, what is still to be entered."""

    def get(self, request):
        if not get_scope(request.user).views_shared_data:
            raise PermissionDenied
        year = _chosen_year(request)
        overview = selectors.year_overview(year=year, user=request.user)
        return render(
            request,
            "reporting/year_overview.html",
            {
                "overview": overview,
                "year": year,
                "previous_year": year - 1,
                "next_year": year + 1,
                "opening_balance_remark": selectors.opening_balance_remark(
                    financial_year=overview.financial_year
                )
                if overview.financial_year
                else None,
            },
        )


# Events -----------------------------------------------------------------------------------------


class EventListView(ObjectListView):
    queryset = Event.objects.prefetch_related("organisers")
    filterset_class = EventFilterSet
    table_class = EventTable


class EventDetailView(ObjectDetailView):
    queryset = Event.objects.all()

    def get_extra_context(self, obj):
        return {"organisers": obj.organisers.for_user(self.request.user)}


class EventEditView(RegisterEditView):
    queryset = Event.objects.all()
    form_class = EventForm

    def create(self, form):
        return services.event_create(
            user=self.request.user,
            organisers=form.cleaned_data["organisers"],
            **_values(form, EVENT_FIELDS),
        )

    def update(self, form):
        return services.event_update(
            user=self.request.user,
            event=form.instance,
            organisers=form.cleaned_data["organisers"],
            **_values(form, EVENT_FIELDS),
        )


class EventDeleteView(ObjectDeleteView):
    queryset = Event.objects.all()

    def delete(self, obj):
        services.event_delete(user=self.request.user, event=obj)


class EventExportView(ObjectExportView):
    resource_class = EventResource
    filterset_class = EventFilterSet


class EventImportView(ObjectImportView):
    resource_class = EventResource


# Yearly figures ---------------------------------------------------------------------------------


class YearlyFigureListView(ObjectListView):
    """The figures of the years that no record gives (newsletters, subscribers, staff …)."""

    queryset = YearlyFigure.objects.all()
    filterset_class = YearlyFigureFilterSet
    table_class = YearlyFigureTable


class YearlyFigureEditView(RegisterEditView):
    queryset = YearlyFigure.objects.all()
    form_class = YearlyFigureForm
    initial_from_query = ("year", "key")

    def create(self, form):
        return services.yearly_figure_create(
            user=self.request.user, **_values(form, YEARLY_FIGURE_FIELDS)
        )

    def update(self, form):
        return services.yearly_figure_update(
            user=self.request.user, figure=form.instance, **_values(form, YEARLY_FIGURE_FIELDS)
        )


class YearlyFigureDeleteView(ObjectDeleteView):
    queryset = YearlyFigure.objects.all()

    def delete(self, obj):
        services.yearly_figure_delete(user=self.request.user, figure=obj)

    def success_url(self, obj):
        return f"{reverse('reporting:yearlyfigure_list')}?year={obj.year}"


# The accounts -----------------------------------------------------------------------------------


class FinancialYearListView(ObjectListView):
    """The accounts of every year, with their totals and whether they balance."""

    queryset = selectors.financial_year_list_queryset()
    filterset_class = FinancialYearFilterSet
    table_class = FinancialYearTable


class FinancialYearDetailView(ObjectDetailView):
    """A year's accounts as the report prints them, and whether they balance."""

    queryset = FinancialYear.objects.all()

    def get_extra_context(self, obj):
        return {
            "accounts": selectors.financial_year_accounts(
                financial_year=obj, user=self.request.user
            )
        }


class FinancialYearEditView(RegisterEditView):
    queryset = FinancialYear.objects.all()
    form_class = FinancialYearForm
    initial_from_query = ()

    def get_form(self, obj, data=None, files=None):
        # ?year=2025 (from "Året"): that year, its opening balance prefilled from 2024's UB.
        year = _chosen_year(self.request) if self.request.GET.get("year") else None
        return self.form_class(
            data=data, files=files, instance=obj, user=self.request.user, year=year
        )

    def create(self, form):
        financial_year = services.financial_year_create(
            user=self.request.user, **_values(form, FINANCIAL_YEAR_FIELDS)
        )
        self._remark(financial_year)
        return financial_year

    def update(self, form):
        financial_year = services.financial_year_update(
            user=self.request.user,
            financial_year=form.instance,
            **_values(form, FINANCIAL_YEAR_FIELDS),
        )
        self._remark(financial_year)
        return financial_year

    def _remark(self, financial_year):
        remark = selectors.opening_balance_remark(financial_year=financial_year)
        if remark:
            messages.warning(self.request, remark)


class FinancialYearDeleteView(ObjectDeleteView):
    queryset = FinancialYear.objects.all()

    def delete(self, obj):
        services.financial_year_delete(user=self.request.user, financial_year=obj)


class AccountRowEditView(RegisterEditView):
    """A contribution or a cost line: added from its year's page (``year_pk``), back to it."""

    template_name = "reporting/accountrow_edit.html"

    def get(self, request, pk=None, year_pk=None):
        self.year_pk = year_pk
        return super().get(request, pk)

    def post(self, request, pk=None, year_pk=None):
        self.year_pk = year_pk
        return super().post(request, pk)

    def get_object(self, pk):
        obj = super().get_object(pk)
        if pk is None:
            obj.financial_year = get_object_or_404(
                FinancialYear.objects.for_user(self.request.user, Action.CHANGE), pk=self.year_pk
            )
        return obj

    def cancel_url(self, obj):
        return obj.financial_year.get_absolute_url()


class ContributionEditView(AccountRowEditView):
    queryset = Contribution.objects.select_related("financial_year", "organisation")
    form_class = ContributionForm

    def create(self, form):
        return services.contribution_create(
            user=self.request.user,
            financial_year=form.instance.financial_year,
            organisation=form.cleaned_data["organisation"],
            amount=form.cleaned_data["amount"],
        )

    def update(self, form):
        return services.contribution_update(
            user=self.request.user,
            contribution=form.instance,
            organisation=form.cleaned_data["organisation"],
            amount=form.cleaned_data["amount"],
        )


class CostLineEditView(AccountRowEditView):
    queryset = CostLine.objects.select_related("financial_year")
    form_class = CostLineForm

    def create(self, form):
        return services.cost_line_create(
            user=self.request.user,
            financial_year=form.instance.financial_year,
            **_values(form, COST_LINE_FIELDS),
        )

    def update(self, form):
        return services.cost_line_update(
            user=self.request.user, line=form.instance, **_values(form, COST_LINE_FIELDS)
        )


class ContributionDeleteView(ObjectDeleteView):
    queryset = Contribution.objects.select_related("financial_year", "organisation")

    def delete(self, obj):
        services.contribution_delete(user=self.request.user, contribution=obj)

    def success_url(self, obj):
        return obj.financial_year.get_absolute_url()


class CostLineDeleteView(ObjectDeleteView):
    queryset = CostLine.objects.select_related("financial_year")

    def delete(self, obj):
        services.cost_line_delete(user=self.request.user, line=obj)

    def success_url(self, obj):
        return obj.financial_year.get_absolute_url()


class ReportJobListView(ObjectListView):
    """Every report built, newest first; the secretariat orders a new one here."""

    queryset = ReportJob.objects.select_related("requested_by")
    filterset_class = ReportJobFilterSet
    table_class = ReportJobTable
    template_name = "reporting/reportjob_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if get_scope(self.request.user).is_secretariat:
            context["order_form"] = ReportOrderForm(user=self.request.user)
        return context


class SecretariatOnlyMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not get_scope(request.user).is_secretariat:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportCheckView(SecretariatOnlyMixin, View):
    """Before anything is printed: the year's consistency check, then the build button."""

    template_name = "reporting/report_check.html"

    def get(self, request):
        from reporting.consistency import consistency_check

        form = ReportOrderForm(data=request.GET or None, user=request.user)
        issues = None
        if form.is_valid():
            year = form.cleaned_data["year"]
            issues = consistency_check(year=year)
            # A remark on a text links to that text, where the secretariat corrects it.
            positions = {
                (row.section, row.order): row.pk
                for row in Narrative.objects.filter(year=year).only("pk", "section", "order")
            }
            remarks = []
            for issue in issues:
                where = (issue.details or {}).get("narrative") or {}
                pk = positions.get((where.get("section"), where.get("order")))
                url = reverse("reporting:narrative_edit", args=[pk]) if pk else None
                section = (
                    ReportSection(issue.section).label
                    if issue.section in ReportSection.values
                    else issue.section
                )
                remarks.append({"issue": issue, "section": section, "edit_url": url})
            issues = remarks
        return render(
            request,
            self.template_name,
            {"form": form, "issues": issues},
            status=400 if form.is_bound and not form.is_valid() else 200,
        )


class ReportJobAddView(SecretariatOnlyMixin, View):
    """Order the build; the worker takes it from there."""

    def post(self, request):
        form = ReportOrderForm(data=request.POST, user=request.user)
        if form.is_valid():
            try:
                job = services.report_job_request(user=request.user, year=form.cleaned_data["year"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The report for %(year)d is being built.") % {"year": job.year}
                )
                return HttpResponseRedirect(job.get_absolute_url())
        return render(
            request, "reporting/report_check.html", {"form": form, "issues": None}, status=400
        )


class ReportJobDetailView(ObjectDetailView):
    queryset = ReportJob.objects.select_related("requested_by")


class ReportJobProgressView(LoginRequiredMixin, View):
    """The job's status and progress, for the detail page to poll until the job ends."""

    def get(self, request, pk):
        job = get_object_or_404(ReportJob.objects.for_user(request.user), pk=pk)
        return render(request, "reporting/_reportjob_progress.html", {"object": job})


class ReportJobPdfView(LoginRequiredMixin, View):
    """The PDF of a finished job, through the gate (never a public /media/ address)."""

    def get(self, request, pk):
        job = get_object_or_404(ReportJob.objects.for_user(request.user), pk=pk)
        if job.status != ReportJobStatus.DONE or not job.pdf:
            raise Http404
        return stored_file_response(
            job.pdf, filename=f"verksamhetsrapport-{job.year}.pdf", content_type="application/pdf"
        )


# The report's texts -------------------------------------------------------------------------------


class NarrativeListView(ObjectListView):
    """The report's texts per year and section; the secretariat writes them, and starts a new
    year's from the report's structure."""

    queryset = selectors.narrative_list_queryset()
    filterset_class = NarrativeFilterSet
    table_class = NarrativeTable
    template_name = "reporting/narrative_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["start_year"] = _chosen_year(self.request)
        return context


class NarrativeEditView(RegisterEditView):
    queryset = Narrative.objects.all()
    form_class = NarrativeForm
    initial_from_query = ("year", "section")

    def create(self, form):
        return services.narrative_create(user=self.request.user, **_values(form, NARRATIVE_FIELDS))

    def update(self, form):
        return services.narrative_update(
            user=self.request.user, narrative=form.instance, **_values(form, NARRATIVE_FIELDS)
        )


class NarrativeDeleteView(ObjectDeleteView):
    queryset = Narrative.objects.all()

    def delete(self, obj):
        services.narrative_delete(user=self.request.user, narrative=obj)

    def success_url(self, obj):
        return f"{reverse('reporting:narrative_list')}?year={obj.year}"


class NarrativeStartYearView(SecretariatOnlyMixin, View):
    """ "Starta året": what it will make (the sections and headings of the latest earlier year
    with texts), then the year's texts, empty, in one step."""

    template_name = "reporting/narrative_start.html"

    def _render(self, request, form, year: int, status=200):
        structure = selectors.narrative_structure(year=year)
        return render(
            request,
            self.template_name,
            {"form": form, "structure": structure, "missing": structure.missing_by_section()},
            status=status,
        )

    def get(self, request):
        year = _chosen_year(request)
        form = NarrativeStartForm(user=request.user, initial={"year": year})
        return self._render(request, form, year)

    def post(self, request):
        form = NarrativeStartForm(data=request.POST, user=request.user)
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                with transaction.atomic():
                    started = services.narratives_start_year(user=request.user, year=year)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, started_message(started))
                return HttpResponseRedirect(f"{reverse('reporting:narrative_list')}?year={year}")
        return self._render(request, form, _chosen_year(request, request.POST), status=400)


def started_message(started) -> str:
    count = len(started.created)
    if started.from_year is None:
        text = ngettext(
            "%(count)d empty text was added to %(year)d, one per section of the report.",
            "%(count)d empty texts were added to %(year)d, one per section of the report.",
            count,
        )
    else:
        text = ngettext(
            "%(count)d empty text was added to %(year)d, with the sections and headings of "
            "%(from_year)d.",
            "%(count)d empty texts were added to %(year)d, with the sections and headings of "
            "%(from_year)d.",
            count,
        )
    text %= {"count": count, "year": started.year, "from_year": started.from_year}
    if started.already_there:
        text += " " + ngettext(
            "%(count)d text was there already and is kept as it was.",
            "%(count)d texts were there already and are kept as they were.",
            started.already_there,
        ) % {"count": started.already_there}
    return text
