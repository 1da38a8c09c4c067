"""Permission matrix rows of the login through an organisation's IdP and of MFA."""

from tests.matrix import MatrixRow, expect

# A fixed test certificate body is enough here: no row verifies a signature.
_CERT = "MIIBszCCAVmgAwIBAgIUTEST"


def saml_idp(w):
    """An enabled SAML IdP of region A (made once per world)."""
    from identity.choices import Protocol
    from identity.models import IdentityProvider

    provider, _created = IdentityProvider.objects.get_or_create(
        organisation=w.region_a,
        defaults={
            "protocol": Protocol.SAML,
            "saml_entity_id": "https://idp.region-a.test/saml",
            "saml_sso_url": "https://idp.region-a.test/saml/sso",
            "saml_slo_url": "https://idp.region-a.test/saml/slo",
            "saml_x509_certs": [_CERT],
        },
    )
    return provider


ROWS = [
    # The choice of an organisation on the login page: anyone may send it; empty is refused.
    MatrixRow("identity:sso_start", expect(400, anonymous=400), method="post"),
    # An IdP that does not exist (or is turned off): 404 for everyone.
    MatrixRow("identity:sso_begin", expect(404, anonymous=404), kwargs=lambda w: {"pk": 999999}),
    # SAML 2.0: the ACS without an answer is refused (400) whoever posts it; the SLS without a
    # logout message likewise; the SP's metadata is public (XML: the sweep skips "_metadata");
    # the logout step with no LogoutRequest waiting goes to the login page.
    MatrixRow(
        "identity:saml_acs",
        expect(400, anonymous=400),
        method="post",
        kwargs=lambda w: {"pk": saml_idp(w).pk},
    ),
    MatrixRow(
        "identity:saml_sls", expect(400, anonymous=400), kwargs=lambda w: {"pk": saml_idp(w).pk}
    ),
    MatrixRow(
        "identity:saml_metadata",
        expect(200, anonymous=200),
        kwargs=lambda w: {"pk": saml_idp(w).pk},
    ),
    MatrixRow("identity:saml_logout", expect(302, anonymous=302)),
]
