"""Admin for the versioned instruments.

A version that is not a draft is immutable: its page, its clauses and their history are shown
read-only. The database does not change; the rule is the services' and the admin follows it.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import (
    BaseHistoryAdmin,
    BaseTabularInline,
    category_path_related,
    count_of,
)
from requirements_catalog.choices import InstrumentKind, VersionStatus
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from requirements_catalog.services import instrument_version_publish
from riskanalysis.admin import CategoryListFilter


def autocomplete_target(request) -> tuple[str, str] | None:
    """(model name, field name) when ``request`` is the admin autocomplete for that field."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "autocomplete":
        return None
    return request.GET.get("model_name", ""), request.GET.get("field_name", "")


class InstrumentVersionInline(BaseTabularInline):
    """The versions of an instrument. Existing versions are changed on their own page (drafts
    only); here a new draft can be added."""

    model = InstrumentVersion
    fk_name = "instrument"
    fields = ("version", "year", "status", "published_on", "clause_count")
    readonly_fields = ("status", "published_on", "clause_count")
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("instrument")
            .annotate(clause_count=count_of(Clause, "version"))
        )

    def has_change_permission(self, request, obj=None):
        # Rows here are never edited in place: a published one is immutable, a draft is edited
        # on its own page with its clauses.
        return False

    @admin.display(description=_("clauses"))
    def clause_count(self, obj):
        return getattr(obj, "clause_count", 0) if obj.pk else self.get_empty_value_display()


class ClauseInline(BaseTabularInline):
    model = Clause
    fields = ("order", "code", "title", "text", "area", "level")
    show_change_link = True

    @staticmethod
    def _immutable(obj):
        return obj is not None and obj.is_immutable

    def has_add_permission(self, request, obj=None):
        return not self._immutable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._immutable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._immutable(obj) and super().has_delete_permission(request, obj)


@admin.register(Instrument)
class InstrumentAdmin(BaseHistoryAdmin):
    inlines = (InstrumentVersionInline,)
    list_display = (
        "title",
        "code",
        "kind",
        "category",
        "applies_to_all_prioritised",
        "products_areas",
        "responsible_display",
        "version_count",
    )
    list_filter = ("kind", "applies_to_all_prioritised", ("category", CategoryListFilter))
    search_fields = ("title", "code", "products_areas", "description", "category__name")
    autocomplete_fields = ("category", "responsible_organisations", "related_instruments")
    prepopulated_fields = {"code": ("title",)}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(category_path_related())
            .prefetch_related("responsible_organisations")
            .annotate(version_count=count_of(InstrumentVersion, "instrument"))
        )

    @admin.display(description=_("responsible organisations"))
    def responsible_display(self, obj):
        return ", ".join(o.short_name or o.name for o in obj.responsible_organisations.all())

    @admin.display(description=_("versions"), ordering="version_count")
    def version_count(self, obj):
        return obj.version_count


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(BaseHistoryAdmin):
    inlines = (ClauseInline,)
    list_display = (
        "__str__",
        "instrument",
        "version",
        "year",
        "status",
        "published_on",
        "supersedes",
        "clause_count",
    )
    list_filter = ("status", "instrument__kind", "year")
    search_fields = ("instrument__title", "instrument__code", "version", "notes")
    autocomplete_fields = ("instrument", "supersedes")
    # Publishing goes through the service (it also marks the superseded version): see the action.
    readonly_fields = ("status", "published_on", "published_by")
    date_hierarchy = "published_on"
    actions = ("publish",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("instrument", "supersedes__instrument", "published_by")
            .annotate(clause_count=count_of(Clause, "version"))
        )

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        target = autocomplete_target(request)
        if target == ("audit", "template_version"):
            # Audits are scored against a version of an assessment template, nothing else.
            queryset = queryset.filter(instrument__kind=InstrumentKind.ASSESSMENT_TEMPLATE).exclude(
                status=VersionStatus.DRAFT
            )
        elif target == ("clause", "version"):
            # Clauses are added to drafts only.
            queryset = queryset.filter(status=VersionStatus.DRAFT)
        return queryset, may_have_duplicates

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_immutable:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_immutable:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("clauses"), ordering="clause_count")
    def clause_count(self, obj):
        return obj.clause_count

    @admin.action(description=_("Publish the selected drafts"), permissions=["change"])
    def publish(self, request, queryset):
        published = 0
        for version in queryset.filter(status=VersionStatus.DRAFT).select_related("instrument"):
            try:
                instrument_version_publish(version=version, user=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{version}: {' '.join(error.messages)}", level=messages.ERROR
                )
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext("%(count)d version published.", "%(count)d versions published.", published)
                % {"count": published},
                level=messages.SUCCESS,
            )


@admin.register(Clause)
class ClauseAdmin(BaseHistoryAdmin):
    list_display = ("code", "title", "version", "area", "level", "order")
    list_filter = ("area", "level", "version__status", "version__instrument__kind")
    list_select_related = ("version__instrument",)
    search_fields = ("code", "title", "text", "version__instrument__title", "version__version")
    autocomplete_fields = ("version",)
    ordering = ("version__instrument__title", "-version__year", "order", "code")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "version" and field is not None:
            # A clause is added to, or moved into, a draft version only.
            field.queryset = field.queryset.filter(status=VersionStatus.DRAFT)
        return field

    @staticmethod
    def _immutable(obj):
        return obj is not None and obj.version_id is not None and obj.version.is_immutable

    def has_change_permission(self, request, obj=None):
        return not self._immutable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._immutable(obj) and super().has_delete_permission(request, obj)
