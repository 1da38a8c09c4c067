"""Pages of the supplier register, framework agreements and sites."""

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from organisations.views import AdminAddMixin
from suppliers import selectors, services
from suppliers.filtersets import FrameworkAgreementFilterSet, SiteFilterSet, SupplierFilterSet
from suppliers.forms import FrameworkAgreementForm, SupplierForm
from suppliers.models import FrameworkAgreement, Site, Supplier
from suppliers.tables import FrameworkAgreementTable, SiteTable, SupplierTable

# Framework agreements are named 'agreement' in the URLs, not by their model name.
AGREEMENT_URLS = {
    "add_url_name": "suppliers:agreement_add",
    "list_url_name": "suppliers:agreement_list",
    "edit_url_name": "suppliers:agreement_edit",
    "delete_url_name": "suppliers:agreement_delete",
}


class SupplierListView(ObjectListView):
    queryset = selectors.supplier_list_queryset()
    filterset_class = SupplierFilterSet
    table_class = SupplierTable


class SupplierDetailView(ObjectDetailView):
    queryset = selectors.supplier_detail_queryset()

    def get_extra_context(self, obj):
        user = self.request.user
        return {
            "aliases": obj.aliases.all(),
            "subsidiaries": selectors.supplier_subsidiaries(supplier=obj),
            "site_links": selectors.supplier_sites(supplier=obj),
            "agreements": selectors.supplier_agreements(supplier=obj, user=user),
            "audits": selectors.supplier_audits(supplier=obj, user=user),
            "open_findings": selectors.supplier_open_findings(supplier=obj, user=user),
            "incidents": selectors.supplier_incidents(supplier=obj, user=user),
        }


class SupplierEditView(ObjectEditView):
    queryset = Supplier.objects.all()
    form_class = SupplierForm

    def save(self, form):
        return services.supplier_save(supplier=form.instance, user=self.request.user)


class SupplierDeleteView(ObjectDeleteView):
    queryset = Supplier.objects.all()


class AgreementListView(ObjectListView):
    queryset = selectors.agreement_list_queryset()
    filterset_class = FrameworkAgreementFilterSet
    table_class = FrameworkAgreementTable

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **AGREEMENT_URLS}


class AgreementDetailView(ObjectDetailView):
    queryset = selectors.agreement_list_queryset()

    def get_extra_context(self, obj):
        return dict(AGREEMENT_URLS)


class AgreementEditView(ObjectEditView):
    queryset = FrameworkAgreement.objects.all()
    form_class = FrameworkAgreementForm

    def save(self, form):
        return services.agreement_save(
            agreement=form.instance,
            user=self.request.user,
            co_lead_organisations=form.cleaned_data["co_lead_organisations"],
        )

    def render_form(self, request, obj, form, status=200):
        context = {
            "object": obj,
            "form": form,
            "model_meta": self.model._meta,
            "cancel_url": obj.get_absolute_url()
            if obj.pk
            else reverse(AGREEMENT_URLS["list_url_name"]),
        }
        return render(request, self.template_name, context, status=status)


class AgreementDeleteView(ObjectDeleteView):
    queryset = FrameworkAgreement.objects.all()

    def post(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        label = str(obj)
        try:
            with transaction.atomic():
                obj._history_user = request.user
                obj.delete()
        except ProtectedError:
            messages.error(
                request,
                _("%(object)s cannot be deleted: other records refer to it.") % {"object": label},
            )
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("%(object)s was deleted.") % {"object": label})
        return HttpResponseRedirect(reverse(AGREEMENT_URLS["list_url_name"]))


class SiteListView(AdminAddMixin, ObjectListView):
    queryset = selectors.site_list_queryset()
    filterset_class = SiteFilterSet
    table_class = SiteTable


class SiteDetailView(ObjectDetailView):
    queryset = Site.objects.select_related("operator")

    def get_extra_context(self, obj):
        return {
            "supplier_links": selectors.site_supplier_links(site=obj),
            "incidents": selectors.site_incidents(site=obj, user=self.request.user),
        }
