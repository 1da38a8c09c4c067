from django.urls import path

from identity.views import login, mfa, mfa_rules, oidc, providers, saml, users

app_name = "identity"

urlpatterns = [
    # Login through an organisation's IdP, whichever the protocol.
    path("login/sso/", login.SsoStartView.as_view(), name="sso_start"),
    path("login/sso/<int:pk>/", login.SsoBeginView.as_view(), name="sso_begin"),
    #
    # SAML 2.0 (identity/views/saml.py).
    path("login/saml/<int:pk>/acs/", saml.SamlAcsView.as_view(), name="saml_acs"),
    path("login/saml/<int:pk>/sls/", saml.SamlSlsView.as_view(), name="saml_sls"),
    path("login/saml/<int:pk>/metadata/", saml.SamlMetadataView.as_view(), name="saml_metadata"),
    #
    # OpenID Connect (identity/views/oidc.py).
    path(
        "login/sso/<int:pk>/oidc/callback/",
        oidc.OidcCallbackView.as_view(),
        name="oidc_callback",
    ),
    #
    # MFA of local accounts (identity/views/mfa.py): the second step of a login, and each
    # user's own "Two-step verification" page.
    path("login/mfa/", mfa.MfaLoginView.as_view(), name="mfa_login"),
    path("account/mfa/", mfa.MfaSettingsView.as_view(), name="mfa_settings"),
    path("account/mfa/app/", mfa.TotpAddView.as_view(), name="mfa_totp_add"),
    path("account/mfa/passkey/", mfa.PasskeyAddView.as_view(), name="mfa_passkey_add"),
    path("account/mfa/recovery-codes/", mfa.RecoveryCodesView.as_view(), name="mfa_recovery"),
    path(
        "account/mfa/<str:kind>/<int:pk>/delete/",
        mfa.MethodDeleteView.as_view(),
        name="mfa_method_delete",
    ),
    # The secretariat's rule per role (identity/views/mfa_rules.py).
    path(
        "mfa/requirements/",
        mfa_rules.MfaRequirementListView.as_view(),
        name="mfarequirement_list",
    ),
    #
    # The secretariat's pages: IdPs, users, MFA rules (identity/views/providers.py, users.py).
    path(
        "identity/providers/",
        providers.IdentityProviderListView.as_view(),
        name="provider_list",
    ),
    path(
        "identity/providers/add/",
        providers.IdentityProviderEditView.as_view(),
        name="provider_add",
    ),
    path(
        "identity/providers/<int:pk>/",
        providers.IdentityProviderDetailView.as_view(),
        name="provider_detail",
    ),
    path(
        "identity/providers/<int:pk>/edit/",
        providers.IdentityProviderEditView.as_view(),
        name="provider_edit",
    ),
    path(
        "identity/providers/<int:pk>/delete/",
        providers.IdentityProviderDeleteView.as_view(),
        name="provider_delete",
    ),
    path("identity/users/", users.UserListView.as_view(), name="user_list"),
    path("identity/users/<int:pk>/", users.UserDetailView.as_view(), name="user_detail"),
    path(
        "identity/users/<int:pk>/deactivate/",
        users.UserDeactivateView.as_view(),
        name="user_deactivate",
    ),
    path(
        "identity/users/<int:pk>/reactivate/",
        users.UserReactivateView.as_view(),
        name="user_reactivate",
    ),
    #
]
