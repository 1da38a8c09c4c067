"""The services behind the secretariat's IdP and user pages, called directly: who may call them,
the time bound of a metadata fetch, and a deactivated user at the IdP's door."""

import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from identity import provider_services, services
from identity.models import ExternalIdentity, IdentityProvider
from tests.identity.sso_admin_support import idp_metadata, serving


def oidc_provider(organisation, domains=()):
    return IdentityProvider(
        organisation=organisation,
        protocol="oidc",
        oidc_issuer="https://login.example.se",
        oidc_client_id="hallbar",
        email_domains=list(domains),
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("module_world")
class TestWhoAndWhat:
    def test_only_the_secretariat_saves_deletes_and_deactivates(self, world):
        for role in ("procurer_a", "reader", "auditor"):
            with pytest.raises(PermissionDenied):
                provider_services.provider_save(
                    provider=oidc_provider(world.region_a),
                    user=world.users[role],
                    client_secret="x",
                )
            with pytest.raises(PermissionDenied):
                services.user_status_set(
                    target=world.users["procurer_b"], active=False, user=world.users[role]
                )
        assert not IdentityProvider.objects.exists()
        assert world.users["procurer_b"].__class__.objects.get(username="procurer_b").is_active

    def test_slow_metadata_url_times_out(self, world, settings):
        settings.HALLBAR_SAML_METADATA_TIMEOUT = 1
        provider = IdentityProvider(organisation=world.region_a, protocol="saml")
        with serving({"/slow": idp_metadata().encode()}, delay=3) as base:
            provider.saml_metadata_url = f"{base}/slow"
            started = time.monotonic()
            with pytest.raises(ValidationError) as error:
                provider_services.provider_save(provider=provider, user=world.users["secretariat"])
            assert time.monotonic() - started < 2.5
        assert "svarade inte inom 1 sekund;" in str(error.value.message_dict)
        assert not IdentityProvider.objects.exists()

    def test_deactivated_user_is_refused_at_the_idp(self, world):
        provider = provider_services.provider_save(
            provider=oidc_provider(world.region_a),
            user=world.users["secretariat"],
            client_secret="x",
        )
        user = services.sso_login(
            provider=provider, subject="sub-1", attributes={"email": "anna@rol.se"}
        )
        services.user_status_set(target=user, active=False, user=world.users["secretariat"])
        with pytest.raises(services.SsoRefused) as refused:
            services.sso_login(provider=provider, subject="sub-1", attributes={})
        assert refused.value.code == "inactive"
        assert ExternalIdentity.objects.filter(user=user).exists()  # the link is kept
