"""Audit pages: the start page, the lists, the detail page and one view per workflow step.

Views fetch through the gate (out of scope → 404), collect input with a form, and leave every
decision to audits.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django_filters.views import FilterView

from audits import selectors, selectors_home, services
from audits.choices import AuditStatus
from audits.files import extension_for
from audits.filtersets import AuditFilterSet, FindingFilterSet, PublicSummaryFilterSet
from audits.forms import (
    AuditForm,
    CancelForm,
    ConductForm,
    EvidenceForm,
    FindingForm,
    FindingStatusForm,
    FollowUpForm,
    ReportForm,
    ResultsForm,
    StepDateForm,
)
from audits.models import Audit, Evidence, Finding
from audits.resources import AuditResource, FindingResource
from audits.services._common import lock_audits, lock_findings
from audits.tables import AuditTable, FindingTable
from core.files import download_name, stored_file_response
from core.models import whole_name
from core.permissions import Action, can, can_add, get_scope
from core.submissions import AlreadySent
from core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    SaveFormMixin,
    SendOnceMixin,
    add_service_errors,
    return_to,
)
from core.views.importexport import ObjectExportView, ObjectImportView


class HomeView(LoginRequiredMixin, View):
    """The start page: what needs my attention."""

    def get(self, request):
        context = selectors_home.home_page(
            request.user, today=timezone.localdate(), year_param=request.GET.get("year")
        )
        return render(request, "home.html", context)


class AuditListView(ObjectListView):
    queryset = Audit.objects.all()
    filterset_class = AuditFilterSet
    table_class = AuditTable

    def get_queryset(self):
        return selectors.audit_list(self.request.user)


class AuditDetailView(ObjectDetailView):
    queryset = Audit.objects.select_related(
        "supplier",
        "lead_organisation",
        "auditor",
        "category",
        "template_version__instrument",
        "follows_up__supplier",
        "incident",
        "public_summary_approved_by",
    )

    def get_extra_context(self, obj):
        user = self.request.user
        can_change = can(user, obj, Action.CHANGE)
        return {
            **selectors.audit_detail(user, obj),
            "steps": selectors.audit_steps(user, obj, can_change=can_change),
            "can_plan_follow_up": obj.status in (AuditStatus.REPORTED, AuditStatus.CLOSED)
            and can_add(user, Audit),
            "shows_internal": get_scope(user).views_shared_data or obj.auditor_id == user.pk,
            # Edit and delete are for the planners; the assigned auditor only fills in.
            "can_change": Audit.objects.planned_by(user).filter(pk=obj.pk).exists(),
            "visible_follows_up": Audit.objects.for_user(user, Action.VIEW)
            .filter(pk=obj.follows_up_id)
            .select_related("supplier")
            .first()
            if obj.follows_up_id
            else None,
            "visible_incident": selectors.audit_incident(user, obj),
        }

    def get_history(self, obj, context):
        # The history names internal fields: for those who see them on the page.
        return super().get_history(obj, context) if context["shows_internal"] else None


class AuditEditView(ObjectEditView):
    queryset = Audit.objects.all()
    form_class = AuditForm

    def get_queryset(self):
        # Changing a plan is for the lead and co-lead organisations (and the secretariat).
        return self.queryset.planned_by(self.request.user)

    # A new plan may be prefilled from the query string (the "plan follow-up audit" button).
    prefill = ("supplier", "kind", "category", "follows_up")

    def get_form(self, obj, data=None, files=None):
        initial = {}
        if obj.pk is None:
            initial = {k: v for k, v in self.request.GET.items() if k in self.prefill}
        return self.form_class(
            data=data, files=files, instance=obj, user=self.request.user, initial=initial
        )

    def save(self, form):
        values = form.service_values()
        co_leads = form.cleaned_data.get("co_lead_organisations", [])
        if form.instance.pk:
            return services.audit_update(
                user=self.request.user,
                audit=form.instance,
                co_lead_organisations=co_leads,
                **values,
            )
        return services.audit_plan(user=self.request.user, co_lead_organisations=co_leads, **values)


class AuditDeleteView(ObjectDeleteView):
    queryset = Audit.objects.all()


class AuditExportView(ObjectExportView):
    resource_class = AuditResource
    filterset_class = AuditFilterSet


class AuditImportView(ObjectImportView):
    resource_class = AuditResource


class FindingExportView(ObjectExportView):
    resource_class = FindingResource
    filterset_class = FindingFilterSet


class FindingImportView(ObjectImportView):
    resource_class = FindingResource


class FindingListView(ObjectListView):
    queryset = Finding.objects.all()
    filterset_class = FindingFilterSet
    table_class = FindingTable
    template_name = "audits/finding_list.html"

    def get_queryset(self):
        return selectors.finding_list(self.request.user)


# ---- workflow steps --------------------------------------------------------------------------


class AuditStepView(LoginRequiredMixin, View):
    """A step on one audit the user may change (or, for ``action`` view, see).

    A step names its form (``get_form``) and what it does with a valid one (``perform``, which
    calls the service and returns the message for the user); a service's refusal comes back on
    the form.
    """

    action = Action.CHANGE
    template_name = "audits/step_form.html"
    title = ""

    def get_audit(self, pk) -> Audit:
        queryset = Audit.objects.for_user(self.request.user, self.action).select_related(
            "supplier", "template_version__instrument", "follows_up__supplier"
        )
        return get_object_or_404(queryset, pk=pk)

    def get_form(self, audit, data=None, files=None):
        raise NotImplementedError

    def perform(self, audit, form) -> str:
        raise NotImplementedError

    def render_step(self, audit, form, status=200, **extra):
        context = {
            "audit": audit,
            "object": audit,
            "form": form,
            "title": self.title,
            "cancel_url": return_to(self.request, audit.get_absolute_url()),
            **extra,
        }
        return render(self.request, self.template_name, context, status=status)

    def done(self, audit, message):
        messages.success(self.request, message)
        return HttpResponseRedirect(return_to(self.request, audit.get_absolute_url()))

    def get(self, request, pk):
        audit = self.get_audit(pk)
        return self.render_step(audit, self.get_form(audit))

    def post(self, request, pk):
        audit = self.get_audit(pk)
        form = self.get_form(audit, data=request.POST, files=request.FILES)
        if form.is_valid():
            try:
                message = self.perform(audit, form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return self.done(audit, message)
        return self.render_step(audit, form, status=400)


class AuditConductView(AuditStepView):
    """The audit was carried out: its days. The assigned auditor takes this step too."""

    @property
    def title(self):
        return _("Record that the audit was carried out")

    def get_form(self, audit, data=None, files=None):
        return ConductForm(data=data, user=self.request.user, audit=audit)

    def perform(self, audit, form):
        year = audit.year
        services.audit_conduct(user=self.request.user, audit=audit, **form.cleaned_data)
        message = _("The audit was recorded as carried out.")
        if audit.year != year:
            moved = _("It is now a %(year)d audit, the year of its start date.") % {
                "year": audit.year
            }
            message = f"{message} {moved}"
        return message


class PlannerStepView(AuditStepView):
    """A step for the lead and co-lead organisations only (an assigned auditor gets 404)."""

    def get_audit(self, pk) -> Audit:
        queryset = Audit.objects.planned_by(self.request.user).select_related("supplier")
        return get_object_or_404(queryset, pk=pk)


class AuditCancelView(PlannerStepView):
    @property
    def title(self):
        return _("Cancel the audit")

    def get_form(self, audit, data=None, files=None):
        return CancelForm(data=data, user=self.request.user)

    def perform(self, audit, form):
        services.audit_cancel(
            user=self.request.user,
            audit=audit,
            reason=form.cleaned_data["cancellation_reason"],
            on=form.cleaned_data.get("on"),
        )
        return _("The audit was cancelled.")


class AuditResultsView(AuditStepView):
    """The results, saved as a draft: what is filled in is saved and the page comes back with
    the progress until every criterion has an outcome; then the audit's page."""

    template_name = "audits/audit_results.html"

    @property
    def title(self):
        return _("Record results")

    def get_form(self, audit, data=None, files=None):
        criteria = (
            list(audit.template_version.clauses.order_by("order", "code"))
            if audit.template_version_id
            else []
        )
        existing = {r.criterion_id: r for r in audit.results.all()}
        return ResultsForm(
            data=data, user=self.request.user, audit=audit, criteria=criteria, existing=existing
        )

    def perform(self, audit, form):
        services.audit_results_record(
            user=self.request.user,
            audit=audit,
            results=form.results(),
            on=form.cleaned_data.get("on"),
            complete=False,
            opened=form.opened_versions(),
        )
        filled, total = selectors.results_progress(audit)
        self.complete = filled >= total
        if self.complete:
            return _("The results were recorded: all %(total)d criteria are filled in.") % {
                "total": total
            }
        return _("The results were saved: %(filled)d of %(total)d criteria filled in.") % {
            "filled": filled,
            "total": total,
        }

    def done(self, audit, message):
        if self.complete:
            return super().done(audit, message)
        messages.success(self.request, message)
        return HttpResponseRedirect(self.request.path)


class AuditReportView(AuditStepView):
    @property
    def title(self):
        return _("Report the audit")

    def get_form(self, audit, data=None, files=None):
        return ReportForm(
            data=data,
            user=self.request.user,
            initial={"summary": audit.summary, "public_summary": audit.public_summary},
        )

    def perform(self, audit, form):
        services.audit_report(user=self.request.user, audit=audit, **form.cleaned_data)
        return _("The audit was reported.")


class AuditApproveView(AuditStepView):
    """The secretariat approves the public summary, on the day it did."""

    action = Action.VIEW
    template_name = "audits/audit_approve.html"

    @property
    def title(self):
        return _("Approve the public summary")

    def get_audit(self, pk) -> Audit:
        audit = super().get_audit(pk)
        if not get_scope(self.request.user).is_secretariat:
            raise PermissionDenied
        return audit

    def get_form(self, audit, data=None, files=None):
        return StepDateForm(data=data, user=self.request.user)

    def perform(self, audit, form):
        services.public_summary_approve(
            user=self.request.user, audit=audit, on=form.cleaned_data.get("on")
        )
        return _("The public summary was approved.")


class AuditCloseView(PlannerStepView):
    @property
    def title(self):
        return _("Close the audit")

    def get_form(self, audit, data=None, files=None):
        return StepDateForm(data=data, user=self.request.user)

    def perform(self, audit, form):
        services.audit_close(user=self.request.user, audit=audit, on=form.cleaned_data.get("on"))
        return _("The audit was closed.")


class AuditFollowUpView(AuditStepView):
    template_name = "audits/audit_follow_up.html"

    @property
    def title(self):
        return _("Review the findings of the followed-up audit")

    def get_form(self, audit, data=None, files=None):
        findings = selectors.open_findings_to_review(self.request.user, audit)
        return FollowUpForm(data=data, user=self.request.user, findings=findings)

    def perform(self, audit, form):
        services.follow_up_review(
            user=self.request.user, follow_up=audit, decisions=form.decisions()
        )
        return _("The findings were reviewed.")


class EvidenceAddView(SendOnceMixin, AuditStepView):
    """An upload sent twice (a double click) keeps one file."""

    @property
    def title(self):
        return _("Upload evidence")

    def get_form(self, audit, data=None, files=None):
        form = EvidenceForm(data=data, files=files, user=self.request.user, audit=audit)
        return self.give_token(form)

    def post(self, request, pk):
        try:
            return self.already_sent() or super().post(request, pk)
        except AlreadySent as sent:
            return self.sent_before(sent.url)

    def perform(self, audit, form):
        with transaction.atomic():
            self.save_once(
                lambda: services.evidence_add(
                    user=self.request.user,
                    audit=audit,
                    uploaded_file=form.cleaned_data["file"],
                    finding=form.cleaned_data.get("finding"),
                    description=form.cleaned_data.get("description", ""),
                ),
                lambda _evidence: audit.get_absolute_url(),
            )
        return _("The file was uploaded.")


class EvidenceDownloadView(LoginRequiredMixin, View):
    """Files are streamed through the gate, never served from a public media URL."""

    def get(self, request, pk):
        evidence = get_object_or_404(Evidence.objects.for_user(request.user, Action.VIEW), pk=pk)
        # Named by the detected type, never the uploader's extension ("polyglot.html").
        extension = extension_for(evidence.content_type)
        return stored_file_response(
            evidence.file,
            filename=download_name(evidence.original_name, extension),
            content_type=evidence.content_type if extension else "application/octet-stream",
        )


# ---- findings --------------------------------------------------------------------------------


class FindingFormView(SaveFormMixin, LoginRequiredMixin, View):
    template_name = "generic/object_edit.html"

    def render_form(self, finding, form, audit, status=200):
        context = {
            "object": finding,
            "form": form,
            "model_meta": Finding._meta,
            "cancel_url": return_to(self.request, audit.get_absolute_url()),
            # The version the edit was opened on (core/versions.py).
            "record_version": self.record_version(finding),
        }
        return render(self.request, self.template_name, context, status=status)

    def success_url(self, finding) -> str:
        default = f"{finding.audit.get_absolute_url()}#finding-{finding.pk}"
        return return_to(self.request, default)

    def done(self, finding):
        messages.success(self.request, _("%(object)s was saved.") % {"object": whole_name(finding)})
        return HttpResponseRedirect(self.success_url(finding))


class FindingAddView(FindingFormView):
    def get_audit(self, pk):
        return get_object_or_404(Audit.objects.for_user(self.request.user, Action.CHANGE), pk=pk)

    def get(self, request, pk):
        audit = self.get_audit(pk)
        finding = Finding(audit=audit)
        form = FindingForm(instance=finding, audit=audit, user=request.user)
        return self.render_form(finding, form, audit)

    def post(self, request, pk):
        audit = self.get_audit(pk)
        if sent := self.already_sent():
            return sent
        return self.save_sent_form(
            Finding(audit=audit),
            lambda finding: FindingForm(
                data=request.POST, instance=finding, audit=audit, user=request.user
            ),
            lambda finding, form: self.render_form(finding, form, audit, status=400),
        )

    def save(self, form):
        return services.finding_add(
            user=self.request.user, audit=form.instance.audit, **form.service_values()
        )


class FindingEditView(FindingFormView):
    def get_finding(self, pk):
        queryset = Finding.objects.for_user(self.request.user, Action.CHANGE).select_related(
            "audit__supplier"
        )
        return get_object_or_404(queryset, pk=pk)

    def get(self, request, pk):
        finding = self.get_finding(pk)
        form = FindingForm(instance=finding, user=request.user)
        return self.render_form(finding, form, finding.audit)

    def lock(self, finding):
        # The service's order (the audit, then the finding), read again: the form is checked
        # against what is stored now.
        lock_audits(finding.audit)
        locked = lock_findings([finding.pk]).get(finding.pk)
        if locked is None:
            raise Http404(_("The record was deleted meanwhile."))
        return locked

    def post(self, request, pk):
        return self.save_sent_form(
            self.get_finding(pk),
            lambda finding: FindingForm(data=request.POST, instance=finding, user=request.user),
            lambda finding, form: self.render_form(finding, form, finding.audit, status=400),
        )

    def save(self, form):
        return services.finding_update(
            user=self.request.user, finding=form.instance, **form.service_values()
        )


class FindingStatusView(FindingEditView):
    template_name = "audits/finding_status.html"

    def get(self, request, pk):
        finding = self.get_finding(pk)
        form = FindingStatusForm(user=request.user, finding=finding)
        return self.render_form(finding, form, finding.audit)

    def post(self, request, pk):
        finding = self.get_finding(pk)
        form = FindingStatusForm(data=request.POST, user=request.user, finding=finding)
        if form.is_valid():
            try:
                finding = services.finding_status_set(
                    user=request.user, finding=finding, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return self.done(finding)
        return self.render_form(finding, form, finding.audit, status=400)


# ---- the public page -------------------------------------------------------------------------


class PublicSummaryListView(FilterView):
    """Approved public summaries, for everybody: no login, no internal fields."""

    filterset_class = PublicSummaryFilterSet
    template_name = "audits/public_summaries.html"
    paginate_by = 25
    strict = False

    def get_queryset(self):
        return selectors.public_summaries(self.request.user)
