"""Two IdPs saved at once with one e-mail domain (PostgreSQL): one gets it, the other is told."""

import pytest

from identity import provider_services
from tests.helpers import two_writers
from tests.identity.test_sso_admin_services import oidc_provider


@pytest.mark.django_db(transaction=True)
def test_two_idps_saved_at_once_cannot_share_a_domain(on_postgres):
    """provider_save holds an advisory lock: the second save waits for the first to commit,
    then finds the domain taken (without it both would pass the check)."""
    from tests.world import World

    if not on_postgres:
        pytest.skip("SQLite serialises writers itself; the advisory lock is PostgreSQL's")
    world = World()
    secretary = world.users["secretariat"]

    def save(organisation, secret):
        provider_services.provider_save(
            provider=oidc_provider(organisation, ["delad.se"]), user=secretary, client_secret=secret
        )

    outcomes = two_writers(lambda: save(world.region_a, "a"), lambda: save(world.region_b, "b"))
    assert outcomes["first"] == "saved"
    assert list(outcomes["second"]) == ["email_domains"], outcomes["second"]
    from identity.models import IdentityProvider

    assert IdentityProvider.objects.get().organisation == world.region_a
