"""Pages of the organisation register."""

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
from core.views.generic import ObjectDetailView, ObjectListView, add_service_errors
from organisations import selectors
from organisations.filtersets import OrganisationFilterSet
from organisations.forms import ApiTokenForm
from organisations.models import ApiToken, Organisation
from organisations.services import api_token_create, api_token_revoke
from organisations.tables import OrganisationTable


class AdminAddMixin:
    """For registers without an add page: the secretariat's Add button opens the admin's.

    (A candidate for core.views.generic: other apps' list views import it from here.)
    """

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        context["can_add"] = context["can_add"] and self.request.user.is_staff
        context["add_url_name"] = f"admin:{meta.app_label}_{meta.model_name}_add"
        return context


class OrganisationListView(AdminAddMixin, ObjectListView):
    queryset = selectors.organisation_list_queryset()
    filterset_class = OrganisationFilterSet
    table_class = OrganisationTable


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
            "population": number_format(obj.population, force_grouping=True)
            if obj.population
            else "",
        }


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
