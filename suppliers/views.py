"""Pages of the supplier register, framework agreements and sites."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views import View

from core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from core.views.importexport import ObjectExportView, ObjectImportView
from organisations.views import AdminAddMixin
from suppliers import selectors, services
from suppliers.filtersets import FrameworkAgreementFilterSet, SiteFilterSet, SupplierFilterSet
from suppliers.forms import FrameworkAgreementForm, SupplierForm, supplier_suggestion
from suppliers.models import FrameworkAgreement, Site, Supplier
from suppliers.resources import AgreementResource, SiteResource, SupplierResource
from suppliers.tables import FrameworkAgreementTable, SiteTable, SupplierTable

# Framework agreements are named 'agreement' in the URLs, not by their model name.


class SupplierOptionsView(LoginRequiredMixin, View):
    """Up to 20 suppliers matching what is typed in a supplier box: the <option>s of its
    datalist, written as the box reads them back ("Name (organisation number)")."""

    LIMIT = 20

    def get(self, request):
        typed = next((value.strip() for value in request.GET.values() if value.strip()), "")
        suppliers = selectors.supplier_suggestions(user=request.user, typed=typed, limit=self.LIMIT)
        return render(
            request,
            "suppliers/_supplier_options.html",
            {"options": [supplier_suggestion(supplier) for supplier in suppliers]},
        )


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
    url_model_name = "agreement"


class AgreementDetailView(ObjectDetailView):
    queryset = selectors.agreement_list_queryset()
    url_model_name = "agreement"


class AgreementEditView(ObjectEditView):
    queryset = FrameworkAgreement.objects.all()
    form_class = FrameworkAgreementForm
    url_model_name = "agreement"

    def save(self, form):
        return services.agreement_save(
            agreement=form.instance,
            user=self.request.user,
            co_lead_organisations=form.cleaned_data["co_lead_organisations"],
        )


class AgreementDeleteView(ObjectDeleteView):
    queryset = FrameworkAgreement.objects.all()
    url_model_name = "agreement"


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


class SupplierExportView(ObjectExportView):
    resource_class = SupplierResource
    filterset_class = SupplierFilterSet


class SupplierImportView(ObjectImportView):
    resource_class = SupplierResource


class AgreementExportView(ObjectExportView):
    resource_class = AgreementResource
    filterset_class = FrameworkAgreementFilterSet


class AgreementImportView(ObjectImportView):
    resource_class = AgreementResource


class SiteExportView(ObjectExportView):
    resource_class = SiteResource
    filterset_class = SiteFilterSet


class SiteImportView(ObjectImportView):
    resource_class = SiteResource
