"""Pages of the supplier register (with aliases), framework agreements and sites (with the
suppliers that source from them)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.permissions import Action, get_scope
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
from suppliers import merging, selectors, services
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
    """A new supplier like others of the register comes back once with them listed and a box
    "Spara ändå" to tick (suppliers/duplicates.py)."""

    queryset = Supplier.objects.all()
    form_class = SupplierForm
    template_name = "suppliers/supplier_edit.html"

    def save(self, form):
        try:
            return services.supplier_save(
                supplier=form.instance,
                user=self.request.user,
                confirm_duplicate=bool(form.cleaned_data.get("confirm_duplicate", True)),
            )
        except services.PossibleDuplicates as error:
            form.show_duplicates(error.matches)
            raise ValidationError({"confirm_duplicate": error.messages}) from error


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


# Possible duplicates: the secretariat's page, the merge and "not duplicates" ---------------


class SecretariatOnlyMixin(LoginRequiredMixin):
    """Pages of the register's curation: the secretariat's (anyone else: 403)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not get_scope(request.user).is_secretariat:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DuplicateListView(SecretariatOnlyMixin, View):
    """Möjliga dubbletter: pairs of suppliers that look alike, each with why, to merge or to
    mark as not duplicates."""

    LIMIT = 200

    def get(self, request):
        pairs, total = selectors.duplicate_pairs(limit=self.LIMIT)
        return render(
            request,
            "suppliers/duplicate_list.html",
            {"pairs": pairs, "total": total, "limit": self.LIMIT},
        )


class DuplicateRejectView(SecretariatOnlyMixin, View):
    """Inte dubbletter: the pair is remembered and not proposed again."""

    def post(self, request):
        visible = Supplier.objects.for_user(request.user, Action.CHANGE)
        supplier = get_object_or_404(visible, pk=_int(request.POST.get("supplier")))
        other = get_object_or_404(visible, pk=_int(request.POST.get("other")))
        try:
            merging.duplicate_reject(supplier=supplier, other=other, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(first)s and %(second)s are marked as not duplicates.")
                % {"first": supplier.name, "second": other.name},
            )
        return HttpResponseRedirect(reverse("suppliers:supplier_duplicates"))


def _int(value) -> int:
    return int(value) if str(value or "").isdigit() else 0


class SupplierMergeView(SecretariatOnlyMixin, View):
    """Slå ihop: the supplier of the URL is kept, ``other`` is merged into it. The page shows
    what moves, with counts, and offers to keep the other one instead."""

    def get_pair(self, request, pk, other):
        visible = Supplier.objects.for_user(request.user, Action.CHANGE)
        return get_object_or_404(visible, pk=pk), get_object_or_404(visible, pk=other)

    def get(self, request, pk, other):
        keep, merged = self.get_pair(request, pk, other)
        if keep.pk == merged.pk:
            raise Http404
        return render(
            request,
            "suppliers/supplier_merge.html",
            {
                "keep": keep,
                "merged": merged,
                "moves": selectors.supplier_merge_counts(supplier=merged),
                "keep_counts": selectors.supplier_merge_counts(supplier=keep),
            },
        )

    def post(self, request, pk, other):
        keep, merged = self.get_pair(request, pk, other)
        name = merged.name
        try:
            moved = merging.supplier_merge(keep=keep, other=merged, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("suppliers:supplier_duplicates"))
        moved.pop("_merged_id", None)
        summary = ", ".join(f"{label} {count}" for label, count in moved.items())
        messages.success(
            request,
            _("%(merged)s was merged into %(kept)s. Moved: %(summary)s.")
            % {"merged": name, "kept": keep.name, "summary": summary or "–"},
        )
        return HttpResponseRedirect(keep.get_absolute_url())
