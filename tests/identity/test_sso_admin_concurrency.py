"""Two IdPs saved at once with one e-mail domain (PostgreSQL): one gets it, the other is told."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from identity import provider_services
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
    saved, release, outcomes = threading.Event(), threading.Event(), {}

    def first():
        try:
            with transaction.atomic():  # holds the first save open until released
                provider_services.provider_save(
                    provider=oidc_provider(world.region_a, ["delad.se"]),
                    user=secretary,
                    client_secret="a",
                )
                saved.set()
                release.wait(timeout=10)
            outcomes["first"] = "saved"
        finally:
            connection.close()

    def second():
        try:
            saved.wait(timeout=10)
            provider_services.provider_save(
                provider=oidc_provider(world.region_b, ["delad.se"]),
                user=secretary,
                client_secret="b",
            )
            outcomes["second"] = "saved"
        except ValidationError as error:
            outcomes["second"] = error.message_dict
        except Exception as error:  # whatever it was, the test reports it
            outcomes["second"] = type(error).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    saved.wait(timeout=10)
    time.sleep(0.5)  # the second save is waiting by now
    release.set()
    for thread in threads:
        thread.join()
    assert outcomes["first"] == "saved"
    assert list(outcomes["second"]) == ["email_domains"], outcomes["second"]
    from identity.models import IdentityProvider

    assert IdentityProvider.objects.get().organisation == world.region_a
