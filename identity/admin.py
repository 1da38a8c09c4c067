from django.contrib import admin

from core.admin import BaseHistoryAdmin, BaseModelAdmin
from identity.models import (
    ExternalIdentity,
    IdentityProvider,
    MfaRequirement,
    UserStatusChange,
    WebAuthnCredential,
)


@admin.register(IdentityProvider)
class IdentityProviderAdmin(BaseHistoryAdmin):
    list_display = ["organisation", "protocol", "enabled"]
    list_filter = ["protocol", "enabled"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "saml_entity_id", "oidc_issuer"]


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(BaseHistoryAdmin):
    list_display = ["subject", "provider", "user", "last_login"]
    list_select_related = ["provider__organisation", "user"]
    raw_id_fields = ["user"]
    search_fields = ["subject", "user__username"]


@admin.register(MfaRequirement)
class MfaRequirementAdmin(BaseHistoryAdmin):
    list_display = ["role", "required"]


@admin.register(WebAuthnCredential)
class WebAuthnCredentialAdmin(BaseHistoryAdmin):
    list_display = ["name", "user", "created", "last_used_at"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["credential_id", "public_key", "sign_count"]


@admin.register(UserStatusChange)
class UserStatusChangeAdmin(BaseModelAdmin):
    """Read-only: written by identity.services.user_status_set (the users page)."""

    list_display = ["created", "user", "active", "changed_by", "reason"]
    list_filter = ["active"]
    list_select_related = ["user", "changed_by"]
    search_fields = ["user__username", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
