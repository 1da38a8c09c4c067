from django import forms
from django.contrib import admin
from django.core.validators import MaxLengthValidator
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from core.admin import (
    BaseHistoryAdmin,
    BaseTabularInline,
    category_path_related,
    count_of,
)
from core.validators import normalise_organisation_number
from riskanalysis.admin import CategoryListFilter
from suppliers import providers
from suppliers.models import (
    DuplicateRejection,
    FrameworkAgreement,
    Site,
    Supplier,
    SupplierAlias,
    SupplierSite,
)


def format_organisation_number(value: str) -> str:
    """'5560360793' → '556036-0793', as people write it."""
    return f"{value[:6]}-{value[6:]}" if len(value) == 10 else value


class SupplierForm(forms.ModelForm):
    """Accepts the organisation number as people write it (NNNNNN-NNNN) and stores ten digits."""

    class Meta:
        model = Supplier
        fields = (
            "name",
            "organisation_number",
            "country",
            "parent",
            "website",
            "notes",
            "is_synthetic",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("organisation_number")
        if field is not None:
            # Room for the hyphen; the stored value is checked by the model's validator.
            field.max_length = 11
            field.widget.attrs["maxlength"] = "11"
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]

    def clean_organisation_number(self):
        return normalise_organisation_number(self.cleaned_data.get("organisation_number", ""))


class SupplierAliasInline(BaseTabularInline):
    model = SupplierAlias
    fields = ("name", "kind", "note")


class SupplierSiteInline(BaseTabularInline):
    """The sites a supplier sources from."""

    model = SupplierSite
    fields = ("site", "tier", "products")
    autocomplete_fields = ("site",)
    verbose_name_plural = _("sites the supplier sources from")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("site", "supplier")


class SiteSupplierInline(BaseTabularInline):
    """The suppliers that source from a site."""

    model = SupplierSite
    fields = ("supplier", "tier", "products")
    autocomplete_fields = ("supplier",)
    verbose_name_plural = _("suppliers sourcing from the site")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("site", "supplier")


@admin.register(Supplier)
class SupplierAdmin(BaseHistoryAdmin):
    form = SupplierForm
    inlines = (SupplierAliasInline, SupplierSiteInline)
    list_display = (
        "name",
        "organisation_number_display",
        "country",
        "parent",
        "alias_names",
        "audit_count",
        "agreement_count",
    )
    list_filter = ("country", ("parent", admin.EmptyFieldListFilter))
    search_fields = ("name", "organisation_number", "aliases__name", "parent__name")
    autocomplete_fields = ("parent",)

    def get_queryset(self, request):
        # Audits live in a higher app, which this one must not import: audits provides the count.
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .prefetch_related(Prefetch("aliases", queryset=SupplierAlias.objects.order_by("name")))
            .annotate(
                audit_count=providers.supplier_audit_count(),
                agreement_count=count_of(FrameworkAgreement, "supplier"),
            )
        )

    @admin.display(description=_("organisation number"), ordering="organisation_number")
    def organisation_number_display(self, obj):
        return format_organisation_number(obj.organisation_number)

    @admin.display(description=_("aliases"))
    def alias_names(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())

    @admin.display(description=_("audits"), ordering="audit_count")
    def audit_count(self, obj):
        return obj.audit_count

    @admin.display(description=_("agreements"), ordering="agreement_count")
    def agreement_count(self, obj):
        return obj.agreement_count


@admin.register(SupplierAlias)
class SupplierAliasAdmin(BaseHistoryAdmin):
    list_display = ("name", "supplier", "kind", "note")
    list_filter = ("kind",)
    list_select_related = ("supplier",)
    search_fields = ("name", "supplier__name", "note")
    autocomplete_fields = ("supplier",)


@admin.register(Site)
class SiteAdmin(BaseHistoryAdmin):
    inlines = (SiteSupplierInline,)
    list_display = ("name", "kind", "country", "locality", "operator", "supplier_count")
    list_filter = ("kind", "country")
    list_select_related = ("operator",)
    search_fields = ("name", "locality", "operator__name", "suppliers__name")
    autocomplete_fields = ("operator",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(supplier_count=count_of(SupplierSite, "site"))

    @admin.display(description=_("suppliers"), ordering="supplier_count")
    def supplier_count(self, obj):
        return obj.supplier_count


@admin.register(SupplierSite)
class SupplierSiteAdmin(BaseHistoryAdmin):
    list_display = ("supplier", "site", "site_country", "tier", "products")
    list_filter = ("tier", "site__kind", "site__country")
    list_select_related = ("supplier", "site")
    search_fields = ("supplier__name", "site__name", "site__locality", "products")
    autocomplete_fields = ("supplier", "site")

    @admin.display(description=_("country"), ordering="site__country")
    def site_country(self, obj):
        return obj.site.country


@admin.register(FrameworkAgreement)
class FrameworkAgreementAdmin(BaseHistoryAdmin):
    list_display = (
        "label",
        "supplier",
        "lead_organisation",
        "category",
        "start_date",
        "end_date",
        "status",
        "due_diligence_level",
        "code_of_conduct",
    )
    list_filter = (
        "status",
        "due_diligence_level",
        "code_of_conduct",
        "lead_organisation",
        ("category", CategoryListFilter),
    )
    list_select_related = ("supplier", "lead_organisation", category_path_related())
    search_fields = (
        "reference",
        "title",
        "supplier__name",
        "supplier__aliases__name",
        "lead_organisation__name",
    )
    autocomplete_fields = ("supplier", "lead_organisation", "co_lead_organisations", "category")
    date_hierarchy = "start_date"

    @admin.display(description=_("agreement"), ordering="title")
    def label(self, obj):
        return obj.title or obj.reference or _("agreement")


@admin.register(DuplicateRejection)
class DuplicateRejectionAdmin(admin.ModelAdmin):
    """Pairs the secretariat marked as not duplicates (Möjliga dubbletter); deleting one here
    proposes the pair again."""

    list_display = ["__str__", "first", "second", "rejected_by", "rejected_at"]
    list_select_related = ["first", "second", "rejected_by"]
    search_fields = ["first__name", "second__name"]
    raw_id_fields = ["first", "second", "rejected_by"]
