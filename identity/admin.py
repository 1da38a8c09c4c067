from django.contrib import admin

from core.admin import BaseHistoryAdmin
from identity.models import ExternalIdentity, IdentityProvider, MfaRequirement, WebAuthnCredential


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
