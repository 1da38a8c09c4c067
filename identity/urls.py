from django.urls import path

from identity.views import login, oidc

app_name = "identity"

urlpatterns = [
    # Login through an organisation's IdP, whichever the protocol.
    path("login/sso/", login.SsoStartView.as_view(), name="sso_start"),
    path("login/sso/<int:pk>/", login.SsoBeginView.as_view(), name="sso_begin"),
    #
    # SAML 2.0 (identity/views/saml.py).
    #
    # OpenID Connect (identity/views/oidc.py).
    path(
        "login/sso/<int:pk>/oidc/callback/",
        oidc.OidcCallbackView.as_view(),
        name="oidc_callback",
    ),
    #
    # MFA of local accounts (identity/views/mfa.py).
    #
    # The secretariat's pages: IdPs, users, MFA rules (identity/views/providers.py, users.py).
    #
]
