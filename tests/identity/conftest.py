from tests.identity.saml_idp import saml_idp, sp_key_cert  # noqa: F401  (fixtures)
