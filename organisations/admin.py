from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import BaseHistoryAdmin, BaseModelAdmin, BaseTabularInline, count_of
from organisations.models import (
    ApiToken,
    Membership,
    Organisation,
    Partnership,
    PartnershipYear,
    User,
)
from organisations.services import api_token_revoke, user_privileges_sync

# Rights in the admin that only a superuser hands out; staff status follows the memberships.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups", "user_permissions")


class MembershipOfUserInline(BaseTabularInline):
    model = Membership
    fields = ("organisation", "role")
    autocomplete_fields = ("organisation",)
    verbose_name_plural = _("memberships")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "user")


class MembershipOfOrganisationInline(BaseTabularInline):
    model = Membership
    fields = ("user", "role")
    autocomplete_fields = ("user",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "user")


class PartnershipInline(BaseTabularInline):
    model = Partnership
    fields = ("kind", "since_year", "until_year")
    show_change_link = True


class PartnershipYearInline(BaseTabularInline):
    model = PartnershipYear
    fields = ("year", "description")


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    inlines = (MembershipOfUserInline,)
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "organisations_display",
        "is_staff",
        "is_superuser",
        "is_active",
        "last_login",
    )
    list_filter = (
        "is_staff",
        "is_superuser",
        "is_active",
        "memberships__role",
        "memberships__organisation",
    )
    search_fields = (
        "username",
        "first_name",
        "last_name",
        "email",
        "memberships__organisation__name",
        "memberships__organisation__code",
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None:  # the add form asks for the username and password only
            return fields
        fields.append("is_staff")
        if not request.user.is_superuser:
            fields.extend(SUPERUSER_ONLY_FIELDS)
        return fields

    def has_change_permission(self, request, obj=None):
        # A superuser's account (and password) is for superusers to change.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the memberships inline: staff status and the admin group follow them.
        user_privileges_sync(form.instance)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.select_related("organisation").order_by(
                        "organisation__name"
                    ),
                )
            )
        )

    @admin.display(description=_("organisations (role)"))
    def organisations_display(self, obj):
        return ", ".join(
            f"{m.organisation.short_name or m.organisation.name} ({m.get_role_display()})"
            for m in obj.memberships.all()
        )


@admin.register(Organisation)
class OrganisationAdmin(BaseHistoryAdmin):
    inlines = (MembershipOfOrganisationInline, PartnershipInline)
    list_display = (
        "name",
        "code",
        "short_name",
        "kind",
        "country",
        "population",
        "member_count",
    )
    list_filter = ("kind", "country")
    search_fields = ("name", "code", "short_name")
    ordering = ("kind", "name")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(member_count=count_of(Membership, "organisation"))
        )

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


@admin.register(Membership)
class MembershipAdmin(BaseHistoryAdmin):
    list_display = ("user", "organisation", "role", "created")
    list_filter = ("role", "organisation__kind", "organisation")
    list_select_related = ("user", "organisation")
    search_fields = (
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "organisation__name",
        "organisation__code",
    )
    autocomplete_fields = ("user", "organisation")
    date_hierarchy = "created"


@admin.register(Partnership)
class PartnershipAdmin(BaseHistoryAdmin):
    """The fallback: the portal's Samarbeten pages do the same through the services."""

    inlines = (PartnershipYearInline,)
    list_display = ("partner", "kind", "since_year", "until_year")
    list_filter = ("kind",)
    list_select_related = ("partner",)
    search_fields = ("partner__name", "partner__code")
    autocomplete_fields = ("partner",)


@admin.register(ApiToken)
class ApiTokenAdmin(BaseModelAdmin):
    """Tokens are made with create_api_token or in the portal, where their text is shown once;
    here they are listed and revoked."""

    list_display = ("name", "user", "prefix", "created", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("revoked_at", "expires_at")
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("user", "name", "prefix", "expires_at", "revoked_at", "last_used_at")
    exclude = ("digest",)
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token, user=request.user)
        self.message_user(request, _("%(count)d tokens revoked.") % {"count": queryset.count()})


@admin.register(PartnershipYear)
class PartnershipYearAdmin(BaseHistoryAdmin):
    list_display = ("partnership", "year")
    list_filter = ("year", "partnership__kind")
    list_select_related = ("partnership__partner",)
    search_fields = ("partnership__partner__name", "partnership__partner__code", "description")
    autocomplete_fields = ("partnership",)
