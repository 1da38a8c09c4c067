"""Permission matrix rows of the login through an organisation's IdP and of MFA."""

from identity.choices import Protocol
from identity.models import IdentityProvider
from tests.matrix import MatrixRow, expect

# A fixed test certificate body is enough here: no row verifies a signature.
_CERT = "MIIBszCCAVmgAwIBAgIUTEST"


def _oidc_provider(world):
    """An OpenID Connect IdP of the partner organisation. The matrix's requests never reach it:
    a callback without state is refused before anything is fetched."""
    provider, _ = IdentityProvider.objects.get_or_create(
        organisation=world.partner,
        defaults={
            "protocol": Protocol.OIDC,
            "oidc_issuer": "https://idp.adda.test",
            "oidc_client_id": "hallbar",
        },
    )
    return provider


def _saml_provider(world):
    """An enabled SAML IdP of region A. The matrix's requests never reach it."""
    provider, _ = IdentityProvider.objects.get_or_create(
        organisation=world.region_a,
        defaults={
            "protocol": Protocol.SAML,
            "saml_entity_id": "https://idp.region-a.test/saml",
            "saml_sso_url": "https://idp.region-a.test/saml/sso",
            "saml_slo_url": "https://idp.region-a.test/saml/slo",
            "saml_x509_certs": [_CERT],
        },
    )
    return provider


ALL_200 = expect(200)
SECRETARIAT_ONLY = expect(403, secretariat=200)

ROWS = [
    # The choice of an organisation on the login page: anyone may send it; empty is refused.
    MatrixRow("identity:sso_start", expect(400, anonymous=400), method="post"),
    # An IdP that does not exist (or is turned off): 404 for everyone.
    MatrixRow("identity:sso_begin", expect(404, anonymous=404), kwargs=lambda w: {"pk": 999999}),
    # The OIDC callback without state or code: refused (identity.login.failed) for everyone.
    MatrixRow(
        "identity:oidc_callback",
        expect(400, anonymous=400),
        kwargs=lambda w: {"pk": _oidc_provider(w).pk},
    ),
    MatrixRow(
        "identity:oidc_callback",
        expect(404, anonymous=404),
        kwargs=lambda w: {"pk": 999999},
        note="unknown",
    ),
    # SAML 2.0: the ACS without an answer is refused (400) whoever posts it; the SLS without a
    # logout message likewise; the SP's metadata is public (XML: the sweep skips "_metadata").
    MatrixRow(
        "identity:saml_acs",
        expect(400, anonymous=400),
        method="post",
        kwargs=lambda w: {"pk": _saml_provider(w).pk},
    ),
    MatrixRow(
        "identity:saml_acs",
        expect(404, anonymous=404),
        method="post",
        kwargs=lambda w: {"pk": 999999},
        note="unknown",
    ),
    MatrixRow(
        "identity:saml_sls",
        expect(400, anonymous=400),
        kwargs=lambda w: {"pk": _saml_provider(w).pk},
    ),
    MatrixRow(
        "identity:saml_metadata",
        expect(200, anonymous=200),
        kwargs=lambda w: {"pk": _saml_provider(w).pk},
    ),
    # The second step of a login: without a pending login (a right password), back to the login.
    MatrixRow("identity:mfa_login", expect(302)),
    MatrixRow("identity:mfa_login", expect(302), method="post", data=lambda w: {"method": "totp"}),
    # Every logged-in local user's own "Two-step verification" pages.
    MatrixRow("identity:mfa_settings", ALL_200),
    MatrixRow("identity:mfa_totp_add", ALL_200),
    MatrixRow("identity:mfa_passkey_add", ALL_200),
    MatrixRow("identity:mfa_recovery", ALL_200),
    # The secretariat's authenticator app: its own to remove, nobody else's (404).
    MatrixRow(
        "identity:mfa_method_delete",
        expect(404, secretariat=200),
        kwargs=lambda w: {"kind": "totp", "pk": w.secretariat_totp.pk},
    ),
    MatrixRow(
        "identity:mfa_method_delete",
        expect(404, secretariat=200),
        method="post",
        kwargs=lambda w: {"kind": "totp", "pk": w.secretariat_totp.pk},
        data=lambda w: {"password": "wrong"},
    ),
    # The MFA rule per role: the secretariat's page.
    MatrixRow("identity:mfarequirement_list", SECRETARIAT_ONLY),
    MatrixRow(
        "identity:mfarequirement_list",
        expect(403, secretariat=302),
        method="post",
        data=lambda w: {"auditor": "on"},
    ),
]


# The secretariat's register of IdPs and its page of users: 403 for every other role.


def _provider(world):
    from identity.models import IdentityProvider

    return IdentityProvider.objects.get_or_create(
        organisation=world.region_a,
        defaults={
            "protocol": "oidc",
            "oidc_issuer": "https://idp.regionorebrolan.se",
            "oidc_client_id": "hallbar",
            "oidc_client_secret": "hemligt",
            "email_domains": ["regionorebrolan.se"],
        },
    )[0]


def _provider_data(world):
    return {
        "organisation": world.region_b.pk,
        "protocol": "oidc",
        "enabled": "on",
        "email_domains": "regionstockholm.se",
        "oidc_issuer": "https://login.regionstockholm.se",
        "oidc_client_id": "hallbar",
        "client_secret": "s3cret",
        "oidc_scopes": "openid email profile",
        "attr_email": "email",
        "attr_first_name": "given_name",
        "attr_last_name": "family_name",
        "role_mapping": "",
        "default_role": "reader",
        "create_users": "on",
    }


def _target(world):
    from organisations.models import User

    return User.objects.get_or_create(username="matrix-target")[0]


def _inactive_target(world):
    from organisations.models import User

    return User.objects.get_or_create(username="matrix-inactive", defaults={"is_active": False})[0]


SECRETARIAT_PAGE = expect(403, secretariat=200)
SECRETARIAT_POST = expect(403, secretariat=302)

ROWS += [
    MatrixRow("identity:provider_list", SECRETARIAT_PAGE),
    MatrixRow("identity:provider_add", SECRETARIAT_PAGE),
    MatrixRow(
        "identity:provider_add", SECRETARIAT_POST, method="post", data=_provider_data, note="add"
    ),
    MatrixRow(
        "identity:provider_detail", SECRETARIAT_PAGE, kwargs=lambda w: {"pk": _provider(w).pk}
    ),
    MatrixRow("identity:provider_edit", SECRETARIAT_PAGE, kwargs=lambda w: {"pk": _provider(w).pk}),
    MatrixRow(
        "identity:provider_edit",
        SECRETARIAT_POST,
        kwargs=lambda w: {"pk": _provider(w).pk},
        method="post",
        data=lambda w: {**_provider_data(w), "organisation": w.region_a.pk, "client_secret": ""},
        note="change",
    ),
    MatrixRow(
        "identity:provider_delete", SECRETARIAT_PAGE, kwargs=lambda w: {"pk": _provider(w).pk}
    ),
    MatrixRow(
        "identity:provider_delete",
        SECRETARIAT_POST,
        kwargs=lambda w: {"pk": _provider(w).pk},
        method="post",
    ),
    MatrixRow("identity:user_list", SECRETARIAT_PAGE),
    MatrixRow("identity:user_detail", SECRETARIAT_PAGE, kwargs=lambda w: {"pk": _target(w).pk}),
    MatrixRow("identity:user_deactivate", SECRETARIAT_PAGE, kwargs=lambda w: {"pk": _target(w).pk}),
    MatrixRow(
        "identity:user_deactivate",
        SECRETARIAT_POST,
        kwargs=lambda w: {"pk": _target(w).pk},
        method="post",
        data=lambda w: {"reason": "Har slutat."},
    ),
    MatrixRow(
        "identity:user_reactivate",
        SECRETARIAT_PAGE,
        kwargs=lambda w: {"pk": _inactive_target(w).pk},
    ),
    MatrixRow(
        "identity:user_reactivate",
        SECRETARIAT_POST,
        kwargs=lambda w: {"pk": _inactive_target(w).pk},
        method="post",
    ),
]
