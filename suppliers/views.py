"""Pages of the supplier register (with aliases), framework agreements and sites (with the
suppliers that source from them)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views import View

from core.views.generic import (
    ChildAddView,
    ChildDeleteView,
    ChildEditView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from core.views.importexport import ObjectExportView, ObjectImportView
from suppliers import selectors, services
from suppliers.filtersets import FrameworkAgreementFilterSet, SiteFilterSet, SupplierFilterSet
from suppliers.forms import (
    FrameworkAgreementForm,
    SiteForm,
    SupplierAliasForm,
    SupplierForm,
    SupplierSiteForm,
    supplier_suggestion,
)
from suppliers.models import FrameworkAgreement, Site, Supplier, SupplierAlias, SupplierSite
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
    template_name = "suppliers/object_list.html"


class SupplierDetailView(ObjectDetailView):
    queryset = selectors.supplier_detail_queryset()

    def get_extra_context(self, obj):
        user = self.request.user
        return {
            "aliases": selectors.supplier_aliases(supplier=obj),
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

    def delete(self, obj):
        services.supplier_delete(supplier=obj, user=self.request.user)


class SupplierAliasViewMixin:
    """A supplier's other names: added under the supplier, changed and deleted on their own."""

    parent_queryset = Supplier.objects.all()
    queryset = SupplierAlias.objects.select_related("supplier")
    parent_field = "supplier"
    form_class = SupplierAliasForm

    def save(self, form):
        return services.supplier_alias_save(alias=form.instance, user=self.request.user)


class SupplierAliasAddView(SupplierAliasViewMixin, ChildAddView):
    pass


class SupplierAliasEditView(SupplierAliasViewMixin, ChildEditView):
    pass


class SupplierAliasDeleteView(SupplierAliasViewMixin, ChildDeleteView):
    def delete(self, row):
        services.supplier_alias_delete(alias=row, user=self.request.user)


class AgreementListView(ObjectListView):
    queryset = selectors.agreement_list_queryset()
    filterset_class = FrameworkAgreementFilterSet
    table_class = FrameworkAgreementTable
    url_model_name = "agreement"
    template_name = "suppliers/object_list.html"


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

    def delete(self, obj):
        services.agreement_delete(agreement=obj, user=self.request.user)


class SiteListView(ObjectListView):
    queryset = selectors.site_list_queryset()
    filterset_class = SiteFilterSet
    table_class = SiteTable
    template_name = "suppliers/object_list.html"


class SiteDetailView(ObjectDetailView):
    queryset = Site.objects.select_related("operator")

    def get_extra_context(self, obj):
        return {
            "supplier_links": selectors.site_supplier_links(site=obj),
            "incidents": selectors.site_incidents(site=obj, user=self.request.user),
        }


class SiteEditView(ObjectEditView):
    queryset = Site.objects.select_related("operator")
    form_class = SiteForm

    def save(self, form):
        return services.site_save(site=form.instance, user=self.request.user)


class SiteDeleteView(ObjectDeleteView):
    queryset = Site.objects.all()

    def delete(self, obj):
        services.site_delete(site=obj, user=self.request.user)


class SupplierSiteViewMixin:
    """The suppliers that source from a site: added under the site, changed and deleted on
    their own pages."""

    parent_queryset = Site.objects.all()
    queryset = SupplierSite.objects.select_related("site", "supplier")
    parent_field = "site"
    form_class = SupplierSiteForm

    def save(self, form):
        return services.supplier_site_save(link=form.instance, user=self.request.user)


class SupplierSiteAddView(SupplierSiteViewMixin, ChildAddView):
    pass


class SupplierSiteEditView(SupplierSiteViewMixin, ChildEditView):
    pass


class SupplierSiteDeleteView(SupplierSiteViewMixin, ChildDeleteView):
    def delete(self, row):
        services.supplier_site_delete(link=row, user=self.request.user)


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
