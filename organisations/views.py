"""Pages of the organisation register, the partnerships and each user's API tokens; and the
views of rows shown on their parent's page (a partnership's years, an analysis's risks, a
supplier's aliases), which the registers above this app use too."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views import View

from core.permissions import Action
from core.views.generic import (
    ChildAddView,
    ChildDeleteView,
    ChildEditView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    add_service_errors,
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


class OrganisationDeleteView(ObjectDeleteView):
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


class PartnershipDeleteView(ObjectDeleteView):
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
