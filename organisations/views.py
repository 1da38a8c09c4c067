"""Pages of the organisation register, the partnerships and each user's API tokens; and the
views of rows shown on their parent's page (a partnership's years, an analysis's risks, a
supplier's aliases), which the registers above this app use too."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views import View

from core.permissions import Action
from core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    add_service_errors,
    existing_url_name,
)
from organisations import selectors, services
from organisations.filtersets import OrganisationFilterSet, PartnershipFilterSet
from organisations.forms import (
    ApiTokenForm,
    OrganisationForm,
    PartnershipForm,
    PartnershipYearForm,
)
from organisations.models import ApiToken, Organisation, Partnership, PartnershipYear
from organisations.services import api_token_create, api_token_revoke
from organisations.tables import OrganisationTable, PartnershipTable


class AdminAddMixin:
    """For registers without an add page: the secretariat's Add button opens the admin's.

    (A candidate for core.views.generic: other apps' list views import it from here. This
    app's registers and those of riskanalysis and suppliers no longer need it.)
    """

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        context["can_add"] = context["can_add"] and self.request.user.is_staff
        context["add_url_name"] = f"admin:{meta.app_label}_{meta.model_name}_add"
        return context


class ServiceDeleteView(ObjectDeleteView):
    """ObjectDeleteView whose deletion goes through the app's service, ``delete(obj)``.

    (A candidate for core.views.generic, as the child views below.)
    """

    def delete(self, obj) -> None:
        raise NotImplementedError

    def post(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        label = str(obj)
        try:
            with transaction.atomic():
                self.delete(obj)
        except ProtectedError:
            messages.error(
                request,
                _("%(object)s cannot be deleted: other records refer to it.") % {"object": label},
            )
            return HttpResponseRedirect(obj.get_absolute_url())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("%(object)s was deleted.") % {"object": label})
        return HttpResponseRedirect(reverse(self.url_name("list")))


class ChildViewMixin(LoginRequiredMixin):
    """A row shown on its parent's page (an analysis's identified risks, a supplier's aliases):
    added under its parent (the URL's pk is the parent's), changed and deleted on pages of its
    own, and back to the parent's page after. Both are fetched through the gate for change: a
    parent or row the user may not change is a 404.
    """

    parent_queryset = None  # the parents
    queryset = None  # the rows
    parent_field = ""  # the row's reference to its parent
    form_class = None
    template_name = "organisations/child_edit.html"

    @property
    def model(self):
        return self.queryset.model

    def get_parent(self, pk):
        return get_object_or_404(
            self.parent_queryset.for_user(self.request.user, Action.CHANGE), pk=pk
        )

    def get_row(self, pk):
        return get_object_or_404(self.queryset.for_user(self.request.user, Action.CHANGE), pk=pk)

    def parent_of(self, row):
        return getattr(row, self.parent_field)

    def get_form(self, row, data=None):
        return self.form_class(data=data, instance=row, user=self.request.user)

    def save(self, form):
        """Save through the app's service; a refusal is a ValidationError."""
        raise NotImplementedError

    def render_form(self, row, form, status=200):
        parent = self.parent_of(row)
        context = {
            "object": row,
            "parent": parent,
            "parent_meta": parent._meta,
            "parent_list_url_name": existing_url_name(type(parent), "list"),
            "form": form,
            "model_meta": self.model._meta,
            "cancel_url": row.get_absolute_url() if row.pk else parent.get_absolute_url(),
        }
        return render(self.request, self.template_name, context, status=status)

    def handle(self, row, data):
        form = self.get_form(row, data=data)
        if form.is_valid():
            try:
                with transaction.atomic():
                    row = self.save(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(self.request, _("%(object)s was saved.") % {"object": row})
                return HttpResponseRedirect(row.get_absolute_url())
        return self.render_form(row, form, status=400)


class ChildAddView(ChildViewMixin, View):
    def new_row(self, parent):
        return self.model(**{self.parent_field: parent})

    def get(self, request, pk):
        row = self.new_row(self.get_parent(pk))
        return self.render_form(row, self.get_form(row))

    def post(self, request, pk):
        return self.handle(self.new_row(self.get_parent(pk)), request.POST)


class ChildEditView(ChildViewMixin, View):
    def get(self, request, pk):
        row = self.get_row(pk)
        return self.render_form(row, self.get_form(row))

    def post(self, request, pk):
        return self.handle(self.get_row(pk), request.POST)


class ChildDeleteView(ChildViewMixin, View):
    template_name = "generic/object_delete.html"

    def delete(self, row) -> None:
        raise NotImplementedError

    def get(self, request, pk):
        row = self.get_row(pk)
        context = {
            "object": row,
            "model_meta": self.model._meta,
            "cancel_url": row.get_absolute_url(),
        }
        return render(request, self.template_name, context)

    def post(self, request, pk):
        row = self.get_row(pk)
        parent, label = self.parent_of(row), str(row)
        try:
            with transaction.atomic():
                self.delete(row)
        except (ValidationError, ProtectedError) as error:
            text = (
                " ".join(error.messages)
                if isinstance(error, ValidationError)
                else _("%(object)s cannot be deleted: other records refer to it.")
                % {"object": label}
            )
            messages.error(request, text)
            return HttpResponseRedirect(row.get_absolute_url())
        messages.success(request, _("%(object)s was deleted.") % {"object": label})
        return HttpResponseRedirect(parent.get_absolute_url())


class OrganisationListView(ObjectListView):
    queryset = selectors.organisation_list_queryset()
    filterset_class = OrganisationFilterSet
    table_class = OrganisationTable
    template_name = "organisations/organisation_list.html"


class OrganisationEditView(ObjectEditView):
    queryset = Organisation.objects.all()
    form_class = OrganisationForm

    def save(self, form):
        return services.organisation_save(organisation=form.instance, user=self.request.user)


class OrganisationDeleteView(ServiceDeleteView):
    queryset = Organisation.objects.all()

    def delete(self, obj):
        services.organisation_delete(organisation=obj, user=self.request.user)


class OrganisationDetailView(ObjectDetailView):
    queryset = Organisation.objects.all()

    def get_extra_context(self, obj):
        user = self.request.user
        return {
            "led_audits": selectors.organisation_led_audits(organisation=obj, user=user),
            "agreements": selectors.organisation_agreements(organisation=obj, user=user),
            "led_incidents": selectors.organisation_led_incidents(organisation=obj, user=user),
            "risk_analyses": selectors.organisation_risk_analyses(organisation=obj, user=user),
            "members": selectors.organisation_members(organisation=obj, user=user),
            "partnerships": selectors.organisation_partnerships(organisation=obj, user=user),
            "population": number_format(obj.population, force_grouping=True)
            if obj.population
            else "",
        }


# Partnerships (samarbeten): the secretariat's register, with a text per year ------------------


class PartnershipListView(ObjectListView):
    queryset = selectors.partnership_list_queryset()
    filterset_class = PartnershipFilterSet
    table_class = PartnershipTable
    template_name = "organisations/organisation_list.html"


class PartnershipDetailView(ObjectDetailView):
    queryset = Partnership.objects.select_related("partner")

    def get_extra_context(self, obj):
        return {"years": selectors.partnership_years(partnership=obj, user=self.request.user)}


class PartnershipEditView(ObjectEditView):
    queryset = Partnership.objects.select_related("partner")
    form_class = PartnershipForm

    def save(self, form):
        return services.partnership_save(partnership=form.instance, user=self.request.user)


class PartnershipDeleteView(ServiceDeleteView):
    queryset = Partnership.objects.select_related("partner")

    def delete(self, obj):
        services.partnership_delete(partnership=obj, user=self.request.user)


class PartnershipYearViewMixin:
    parent_queryset = Partnership.objects.select_related("partner")
    queryset = PartnershipYear.objects.select_related("partnership__partner")
    parent_field = "partnership"
    form_class = PartnershipYearForm

    def save(self, form):
        return services.partnership_year_save(entry=form.instance, user=self.request.user)


class PartnershipYearAddView(PartnershipYearViewMixin, ChildAddView):
    pass


class PartnershipYearEditView(PartnershipYearViewMixin, ChildEditView):
    pass


class PartnershipYearDeleteView(PartnershipYearViewMixin, ChildDeleteView):
    def delete(self, row):
        services.partnership_year_delete(entry=row, user=self.request.user)


# API tokens: each user makes and revokes their own ------------------------------------------


class ApiTokenListView(LoginRequiredMixin, View):
    """My API tokens, and a form to make one. The token text is shown once, right after."""

    template_name = "organisations/apitoken_list.html"

    def render_page(self, request, form, status=200, created=None, raw=None):
        tokens = ApiToken.objects.for_user(request.user, Action.VIEW).filter(user=request.user)
        context = {"tokens": tokens, "form": form, "created": created, "raw_token": raw}
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page(request, ApiTokenForm(user=request.user))

    def post(self, request):
        form = ApiTokenForm(data=request.POST, user=request.user)
        if form.is_valid():
            try:
                token, raw = api_token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return self.render_page(
                    request, ApiTokenForm(user=request.user), created=token, raw=raw
                )
        return self.render_page(request, form, status=400)


class ApiTokenRevokeView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        token = get_object_or_404(ApiToken.objects.for_user(request.user, Action.CHANGE), pk=pk)
        api_token_revoke(token=token, user=request.user)
        messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
        return HttpResponseRedirect(reverse("organisations:apitoken_list"))
