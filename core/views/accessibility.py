"""The accessibility statement (tillgänglighetsredogörelse), open to everyone, with its form for
reporting a fault; the secretariat's list of the reports and its handling of one."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from core import accessibility
from core.filtersets import AccessibilityReportFilterSet
from core.forms import AccessibilityReportForm, AccessibilityReportHandleForm
from core.login_lock import client_address
from core.models import REPORT_PAGE_MAX, AccessibilityReport
from core.permissions import get_scope
from core.tables import AccessibilityReportTable
from core.views.generic import ObjectDetailView, ObjectEditView, ObjectListView, add_service_errors


def reported_page(request) -> str:
    """The page a report is about: the ``?page=`` the footer's link carries, else the page the
    visitor came from (the Referer, when it is this site's). Only a path of this site."""
    page = request.GET.get("page", "")
    if not page:
        referer = urlsplit(request.headers.get("Referer", ""))
        if referer.netloc and referer.netloc == request.get_host():
            page = referer.path + (f"?{referer.query}" if referer.query else "")
    if not page.startswith("/") or page.startswith("//"):
        return ""
    if urlsplit(page).path == reverse("core:accessibility_statement"):
        return ""  # sent from the statement itself (after a report): no page of its own
    return page[:REPORT_PAGE_MAX]


class AccessibilityStatementView(View):
    """The statement and its form; GET for everyone, POST stores a report (rate-limited)."""

    def template(self) -> str:
        # The statement is prose after Digg's Swedish template: one template per language
        # (the same sections, a test compares them) rather than a message per sentence.
        language = "en" if (get_language() or "").startswith("en") else "sv"
        return f"core/accessibility/statement_{language}.html"

    def render_page(self, request, form, status=200):
        context = {
            "form": form,
            "assessed_on": accessibility.ASSESSED_ON,
            "updated_on": accessibility.UPDATED_ON,
            "contact_email": settings.HALLBAR_ACCESSIBILITY_CONTACT_EMAIL,
        }
        return render(request, self.template(), context, status=status)

    def get(self, request):
        form = AccessibilityReportForm(initial={"page": reported_page(request)})
        return self.render_page(request, form)

    def post(self, request):
        form = AccessibilityReportForm(data=request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        user = request.user if request.user.is_authenticated else None
        sender = accessibility.Sender(user=user, address=client_address(request))
        try:
            accessibility.accessibility_report_send(sender=sender, report=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_page(request, form, status=400)
        except accessibility.TooManyReports as refusal:
            minutes = max(1, -(-refusal.wait // 60))
            form.add_error(
                None,
                _(
                    "Too many reports were sent from here. Nothing was saved: wait %(minutes)d "
                    "minutes and send it again."
                )
                % {"minutes": minutes},
            )
            response = self.render_page(request, form, status=429)
            response["Retry-After"] = str(refusal.wait)
            return response
        messages.success(
            request,
            _("Thank you: your report was sent to the secretariat, which handles it."),
        )
        return HttpResponseRedirect(reverse("core:accessibility_statement"))


class SecretariatOnlyMixin:
    """A page of the secretariat's: anyone else logged in is refused (403); anonymous visitors
    are sent to log in (LoginRequiredMixin, further down)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not get_scope(request.user).is_secretariat:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AccessibilityReportListView(SecretariatOnlyMixin, ObjectListView):
    queryset = AccessibilityReport.objects.select_related("user")
    filterset_class = AccessibilityReportFilterSet
    table_class = AccessibilityReportTable
    template_name = "core/accessibilityreport_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["new_count"] = accessibility.new_report_count()
        return context


class AccessibilityReportDetailView(ObjectDetailView):
    queryset = AccessibilityReport.objects.select_related("user")


class AccessibilityReportEditView(ObjectEditView):
    queryset = AccessibilityReport.objects.all()
    form_class = AccessibilityReportHandleForm
    template_name = "core/accessibilityreport_edit.html"

    def save(self, form):
        return accessibility.accessibility_report_handle(
            report=form.instance,
            user=self.request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
