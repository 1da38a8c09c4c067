from tests.identity.oidc_provider.fixtures import oidc_idp  # noqa: F401
