"""Pages of the organisation register."""

from django.utils.formats import number_format

from core.views.generic import ObjectDetailView, ObjectListView
from organisations import selectors
from organisations.filtersets import OrganisationFilterSet
from organisations.models import Organisation
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
