"""Admin plumbing shared by every app: the permission gate, record fields and count helpers.

Of core's own models only the accessibility reports are registered (at the end): the
secretariat's fallback for the portal's list of them. The admin is the secretariat's fallback
tool; it still goes through the permission gate so that a staff user who is not secretariat
sees no more than in the portal.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.models import AccessibilityReport
from core.permissions import Action, get_scope

# Fields every BaseModel has; the timestamps are set by the database layer.
RECORD_FIELDS = ("created", "modified", "is_synthetic")
RECORD_FIELDSET = (_("Record"), {"fields": RECORD_FIELDS, "classes": ("collapse",)})

# How many ancestors of a category are joined so that ``Category.path`` (and ``__str__``) does
# not query once per row. A tree deeper than this costs one query per extra level and row.
CATEGORY_DEPTH = 4


def category_path_related(prefix: str = "category") -> str:
    """The select_related lookup that loads ``prefix`` with its ancestors: 'category__parent…'."""
    return "__".join([*([prefix] if prefix else []), *["parent"] * CATEGORY_DEPTH])


def count_of(model, field: str, where: Q | None = None):
    """Count of ``model`` rows whose ``field`` points at the outer row, as a correlated subquery.

    Unlike ``Count`` over a join it does not multiply with other annotations, and it keeps the
    changelist at one query however many rows it shows. ``where`` narrows the counted rows.
    """
    rows = (
        model._default_manager.filter(**{field: OuterRef("pk")})
        .filter(where or Q())
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def sum_of(model, field: str, amount: str = "amount", max_digits: int = 14, places: int = 1):
    """Sum of ``model.amount`` over the rows whose ``field`` points at the outer row (0 if none)."""
    output = DecimalField(max_digits=max_digits, decimal_places=places)
    rows = (
        model._default_manager.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(total=Sum(amount))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=output), Value(Decimal(0)), output_field=output)


def _is_secretariat(request) -> bool:
    return get_scope(request.user).is_secretariat


class GatedAdminMixin:
    """Reads go through ``for_user(user, "view")``; object changes and deletes through the gate."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(queryset, "for_user"):
            queryset = queryset.for_user(request.user, Action.VIEW)
        return queryset

    def _gate_allows(self, request, obj, action: str) -> bool:
        if obj is None or obj.pk is None or _is_secretariat(request):
            return True
        queryset = self.model._default_manager.all()
        if not hasattr(queryset, "for_user"):
            return True
        return queryset.for_user(request.user, action).filter(pk=obj.pk).exists()


class BaseModelAdmin(GatedAdminMixin, admin.ModelAdmin):
    """A ModelAdmin for a ``core.models.BaseModel``: gated, with its record fields read-only."""

    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        # Django applies list_select_related only when get_queryset selects nothing related
        # itself; applied here it always holds, and autocomplete and change pages (whose
        # ``__str__`` often reads a related row) profit from it too.
        queryset = super().get_queryset(request)
        if isinstance(self.list_select_related, list | tuple) and self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset

    def get_fields(self, request, obj=None):
        # The record fields come first in the model; on the form they come last.
        fields = list(super().get_fields(request, obj))
        record = [name for name in RECORD_FIELDS if name in fields]
        return [name for name in fields if name not in record] + record

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly + tuple(f for f in ("created", "modified") if f not in readonly)

    def get_list_filter(self, request):
        filters = tuple(super().get_list_filter(request))
        return filters if "is_synthetic" in filters else (*filters, "is_synthetic")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._gate_allows(
            request, obj, Action.CHANGE
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._gate_allows(
            request, obj, Action.DELETE
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        # The bulk delete checks no object; only the secretariat gets it.
        if not _is_secretariat(request):
            actions.pop("delete_selected", None)
        return actions


class BaseHistoryAdmin(BaseModelAdmin, SimpleHistoryAdmin):
    """A BaseModelAdmin for a model with ``history = HistoricalRecords()``.

    simple_history's revert view only checks view permission on POST; here reverting needs
    change permission on the object as it is stored now (not as the historical record was).
    """

    def _stored_object(self, request, object_id):
        return self.get_queryset(request).filter(pk=unquote(str(object_id))).first()

    def revert_disabled(self, request, obj=None):
        if super().revert_disabled(request, obj):
            return True
        if obj is None:
            return False
        stored = self._stored_object(request, obj.pk)
        return stored is None or not self.has_change_permission(request, stored)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            stored = self._stored_object(request, object_id)
            if stored is None or self.revert_disabled(request, stored):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class _BaseInlineMixin(GatedAdminMixin):
    # The synthetic mark belongs to the scale generator, not to hand-entered rows.
    exclude = ("is_synthetic",)
    extra = 0


class BaseTabularInline(_BaseInlineMixin, admin.TabularInline):
    pass


class BaseStackedInline(_BaseInlineMixin, admin.StackedInline):
    pass


class ReadOnlyInlineMixin:
    """An inline that shows rows but never adds, changes or deletes them."""

    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(BaseHistoryAdmin):
    """The faults reported on the accessibility statement; the portal's list
    (/accessibility/reports/) is the secretariat's first tool. What the sender wrote stays as
    it was sent."""

    list_display = ("created", "status", "page", "short_description", "name", "email", "user")
    list_filter = ("status",)
    list_select_related = ("user",)
    search_fields = ("page", "description", "name", "email", "note")
    fields = ("page", "description", "name", "email", "user", "status", "note", "created")
    readonly_fields = ("page", "description", "name", "email", "user", "created")
    date_hierarchy = "created"

    def get_list_filter(self, request):
        # Not a BaseModel: no synthetic mark to filter by.
        return self.list_filter

    def has_add_permission(self, request):
        # Reports are sent on the statement page, by the people who met the fault.
        return False

    @admin.display(description=_("what is wrong"))
    def short_description(self, obj):
        return obj.description[:80]
