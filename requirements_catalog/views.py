"""The requirements catalogue in the browser: instruments, their versions and clause texts, and
the secretariat's curation of them (instruments, drafts, clauses, publishing) through
requirements_catalog.services. Clauses are also imported from and exported to spreadsheets
(requirements_catalog.resources).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views import View

from core.files import stored_file_response
from core.permissions import Action, can, can_add
from core.submissions import AlreadySent
from core.views.generic import (
    GatedViewMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    SendOnceMixin,
    add_service_errors,
)
from core.views.importexport import ObjectExportView, ObjectImportView
from requirements_catalog import selectors, services
from requirements_catalog.choices import VersionStatus
from requirements_catalog.filtersets import ClauseFilterSet, InstrumentFilterSet
from requirements_catalog.forms import (
    ClauseForm,
    InstrumentForm,
    InstrumentVersionForm,
    InstrumentVersionPublishForm,
)
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from requirements_catalog.resources import ClauseResource
from requirements_catalog.tables import InstrumentTable


def _refuse(request, error: ValidationError, url: str) -> HttpResponseRedirect:
    """A service's refusal of a step without a form: the message, back on the page."""
    for message in error.messages:
        messages.error(request, message)
    return HttpResponseRedirect(url)


# Instruments --------------------------------------------------------------------------------


class InstrumentListView(ObjectListView):
    queryset = selectors.instrument_list_queryset()
    filterset_class = InstrumentFilterSet
    table_class = InstrumentTable
    template_name = "requirements_catalog/instrument_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page's import/export menu is the clauses' (instruments have none of their own).
        context["clause_import_url_name"] = (
            ClauseResource.url_name("import") if can_add(self.request.user, Clause) else None
        )
        return context


class InstrumentDetailView(ObjectDetailView):
    queryset = Instrument.objects.select_related("category")

    def get_extra_context(self, obj):
        user = self.request.user
        versions = list(selectors.instrument_versions(instrument=obj, user=user))
        can_change = can(user, obj, Action.CHANGE)
        draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
        refusal = services.instrument_delete_refusal(obj) if can_change else None
        return {
            "responsible_organisations": obj.responsible_organisations.for_user(user),
            "related_instruments": obj.related_instruments.for_user(user),
            "versions": versions,
            "can_change": can_change,
            "draft": draft,
            # The delete button only where the instrument may go (never published).
            "can_delete": can_change and refusal is None,
        }


class InstrumentEditView(ObjectEditView):
    queryset = Instrument.objects.all()
    form_class = InstrumentForm

    def save(self, form):
        values = form.service_fields()
        if form.instance.pk:
            return services.instrument_update(
                instrument=form.instance, user=self.request.user, **values
            )
        return services.instrument_create(user=self.request.user, **values)


class InstrumentDeleteView(ObjectDeleteView):
    queryset = Instrument.objects.all()

    def refusal(self, obj):
        return services.instrument_delete_refusal(obj)

    def delete(self, obj):
        services.instrument_delete(instrument=obj, user=self.request.user)


# Versions -----------------------------------------------------------------------------------


class InstrumentVersionDetailView(ObjectDetailView):
    queryset = InstrumentVersion.objects.select_related("instrument", "published_by", "supersedes")

    def get_extra_context(self, obj):
        user = self.request.user
        may_change = can(user, obj, Action.CHANGE)
        # A published version is immutable: its page offers no change, only a new draft.
        is_draft = not obj.is_immutable
        return {
            # Versions have no list page of their own: the breadcrumb leads to the instruments.
            "model_meta": Instrument._meta,
            "list_url_name": "requirements_catalog:instrument_list",
            "clauses": selectors.version_clauses(version=obj, user=user),
            "superseded_by": InstrumentVersion.objects.for_user(user)
            .filter(supersedes=obj)
            .first(),
            "can_change": may_change and is_draft,
            "can_delete": may_change and is_draft,
            "can_draft": may_change
            and not is_draft
            and selectors.open_draft(instrument=obj.instrument) is None,
        }


class InstrumentVersionAddView(SendOnceMixin, GatedViewMixin, View):
    """Draft a new version of an instrument, starting from its latest published version."""

    queryset = Instrument.objects.all()
    action = Action.CHANGE
    template_name = "requirements_catalog/instrumentversion_form.html"

    def render_form(self, instrument, form, status=200):
        context = {
            "instrument": instrument,
            "form": form,
            "latest": selectors.latest_published_version(instrument=instrument),
            "cancel_url": instrument.get_absolute_url(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        instrument = get_object_or_404(self.get_queryset(), pk=pk)
        draft = selectors.open_draft(instrument=instrument)
        if draft is not None:
            messages.info(
                request,
                _("%(instrument)s already has a draft; it is shown here.")
                % {"instrument": instrument},
            )
            return HttpResponseRedirect(draft.get_absolute_url())
        form = InstrumentVersionForm(
            instance=InstrumentVersion(instrument=instrument), user=request.user
        )
        return self.render_form(instrument, form)

    def post(self, request, pk):
        instrument = get_object_or_404(self.get_queryset(), pk=pk)
        if sent := self.already_sent():
            return sent
        form = InstrumentVersionForm(
            data=request.POST,
            files=request.FILES,
            instance=InstrumentVersion(instrument=instrument),
            user=request.user,
        )
        if form.is_valid():
            try:
                with transaction.atomic():
                    draft = self.save_once(
                        lambda: services.instrument_version_draft(
                            instrument=instrument, user=request.user, **form.service_fields()
                        )
                    )
            except AlreadySent as sent:
                return self.sent_before(sent.url)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The draft %(version)s was created.") % {"version": draft}
                )
                return HttpResponseRedirect(draft.get_absolute_url())
        return self.render_form(instrument, form, status=400)


class DraftOnlyMixin:
    """The pages that change a version: a published one sends the user back with the reason."""

    def draft_refusal(self, version: InstrumentVersion) -> HttpResponseRedirect | None:
        refusal = services.version_change_refusal(version)
        if refusal:
            messages.error(self.request, refusal)
            return HttpResponseRedirect(version.get_absolute_url())
        return None


class InstrumentVersionEditView(DraftOnlyMixin, ObjectEditView):
    queryset = InstrumentVersion.objects.select_related("instrument")
    form_class = InstrumentVersionForm
    template_name = "requirements_catalog/instrumentversion_form.html"

    def get_object(self, pk):
        if pk is None:  # drafts are added on their instrument (instrumentversion_add)
            raise Http404
        return super().get_object(pk)

    def form_context(self, obj, form):
        return {**super().form_context(obj, form), "instrument": obj.instrument}

    def get(self, request, pk=None):
        obj = self.get_object(pk)
        return self.draft_refusal(obj) or self.render_form(request, obj, self.get_form(obj))

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        return self.draft_refusal(obj) or super().post(request, pk)

    def save(self, form):
        return services.instrument_version_update(
            draft=form.instance, user=self.request.user, **form.service_fields()
        )


class InstrumentVersionDeleteView(DraftOnlyMixin, ObjectDeleteView):
    queryset = InstrumentVersion.objects.select_related("instrument")

    def get(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        return self.draft_refusal(obj) or super().get(request, pk)

    def success_url(self, obj):
        return obj.instrument.get_absolute_url()

    def delete(self, obj):
        services.instrument_version_delete(version=obj, user=self.request.user)


class InstrumentVersionPublishView(DraftOnlyMixin, GatedViewMixin, View):
    """Publish a draft on a date (today by default); it supersedes the published version."""

    queryset = InstrumentVersion.objects.select_related("instrument", "supersedes")
    action = Action.CHANGE
    template_name = "requirements_catalog/instrumentversion_publish.html"

    def render_form(self, version, form, status=200):
        context = {
            "object": version,
            "form": form,
            "clause_count": version.clauses.count(),
            "previous": selectors.latest_published_version(
                instrument=version.instrument, draft=version
            ),
            "cancel_url": version.get_absolute_url(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        version = get_object_or_404(self.get_queryset(), pk=pk)
        return self.draft_refusal(version) or self.render_form(
            version, InstrumentVersionPublishForm(version=version, user=request.user)
        )

    def post(self, request, pk):
        version = get_object_or_404(self.get_queryset(), pk=pk)
        refused = self.draft_refusal(version)
        if refused:
            return refused
        form = InstrumentVersionPublishForm(data=request.POST, version=version, user=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    version = services.instrument_version_publish(
                        version=version, user=request.user, **form.service_fields()
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(version)s was published on %(date)s as the version of %(year)s.")
                    % {
                        "version": version,
                        "date": formats.date_format(version.published_on, "SHORT_DATE_FORMAT"),
                        "year": version.year,
                    },
                )
                return HttpResponseRedirect(version.get_absolute_url())
        return self.render_form(version, form, status=400)


class InstrumentVersionDocumentView(GatedViewMixin, View):
    """A version's document, through the gate (never a bare media address)."""

    queryset = InstrumentVersion.objects.select_related("instrument")

    def get(self, request, pk):
        version = get_object_or_404(self.get_queryset(), pk=pk)
        if not version.document:
            raise Http404
        name = version.document.name.rsplit("/", 1)[-1]
        return stored_file_response(version.document, filename=name)


# Clauses ------------------------------------------------------------------------------------


class ClauseAddView(SendOnceMixin, DraftOnlyMixin, GatedViewMixin, View):
    """Add a clause to a draft, after its last one; the form is sent once."""

    queryset = InstrumentVersion.objects.select_related("instrument")
    action = Action.CHANGE
    template_name = "requirements_catalog/clause_form.html"

    def render_form(self, version, form, status=200):
        context = {
            "version": version,
            "form": form,
            "cancel_url": f"{version.get_absolute_url()}#clauses-heading",
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        version = get_object_or_404(self.get_queryset(), pk=pk)
        return self.draft_refusal(version) or self.render_form(
            version, ClauseForm(instance=Clause(version=version), user=request.user)
        )

    def post(self, request, pk):
        version = get_object_or_404(self.get_queryset(), pk=pk)
        refused = self.draft_refusal(version)
        if refused:
            return refused
        if sent := self.already_sent():
            return sent
        form = ClauseForm(data=request.POST, instance=Clause(version=version), user=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    clause = self.save_once(
                        lambda: services.clause_create(
                            version=version, user=request.user, **form.service_fields()
                        )
                    )
            except AlreadySent as sent:
                return self.sent_before(sent.url)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(object)s was saved.") % {"object": clause})
                return HttpResponseRedirect(clause.get_absolute_url())
        return self.render_form(version, form, status=400)


class ClauseEditView(DraftOnlyMixin, ObjectEditView):
    queryset = Clause.objects.select_related("version__instrument")
    form_class = ClauseForm
    template_name = "requirements_catalog/clause_form.html"

    def get_object(self, pk):
        if pk is None:  # clauses are added on their version (clause_add)
            raise Http404
        return super().get_object(pk)

    def form_context(self, obj, form):
        return {**super().form_context(obj, form), "version": obj.version}

    def get(self, request, pk=None):
        obj = self.get_object(pk)
        return self.draft_refusal(obj.version) or self.render_form(request, obj, self.get_form(obj))

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        return self.draft_refusal(obj.version) or super().post(request, pk)

    def lock(self, obj):
        # The services' order: the draft version first, then its clause (clause_create and
        # clause_move lock them so), or two changes of one draft could wait for each other.
        InstrumentVersion.objects.select_for_update().filter(pk=obj.version_id).first()
        return super().lock(obj)

    def save(self, form):
        return services.clause_update(
            clause=form.instance, user=self.request.user, **form.service_fields()
        )


class ClauseDeleteView(DraftOnlyMixin, ObjectDeleteView):
    queryset = Clause.objects.select_related("version__instrument")

    def lock(self, obj) -> None:
        InstrumentVersion.objects.select_for_update().filter(pk=obj.version_id).first()
        super().lock(obj)

    def get(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        return self.draft_refusal(obj.version) or super().get(request, pk)

    def success_url(self, obj):
        return f"{obj.version.get_absolute_url()}#clauses-heading"

    def delete(self, obj):
        services.clause_delete(clause=obj, user=self.request.user)


class ClauseMoveView(GatedViewMixin, View):
    """Move a clause of a draft one place up or down (POST ``direction=up|down``)."""

    queryset = Clause.objects.select_related("version")
    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, pk):
        clause = get_object_or_404(self.get_queryset(), pk=pk)
        offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
        if offset is None:
            messages.error(request, _("Move a clause up or down."))
            return HttpResponseRedirect(clause.get_absolute_url())
        try:
            with transaction.atomic():
                services.clause_move(clause=clause, user=request.user, offset=offset)
        except ValidationError as error:
            return _refuse(request, error, clause.get_absolute_url())
        return HttpResponseRedirect(clause.get_absolute_url())


# Import and export of clauses ---------------------------------------------------------------


class ClauseExportView(ObjectExportView):
    resource_class = ClauseResource
    filterset_class = ClauseFilterSet


class ClauseImportView(ObjectImportView):
    resource_class = ClauseResource
