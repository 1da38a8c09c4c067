"""Two people drafting or publishing the same instrument at the same moment, on real concurrent
PostgreSQL connections: one succeeds, the other gets the message (never a database error)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from requirements_catalog import services
from requirements_catalog.choices import VersionStatus
from requirements_catalog.models import InstrumentVersion
from tests.world import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]


def race(call, times=2):
    """Run ``call`` in ``times`` threads at once, each on its own connection; the outcomes."""
    barrier = threading.Barrier(times)
    outcomes = []

    def run():
        try:
            barrier.wait()
            outcomes.append(("ok", call()))
        except ValidationError as error:
            outcomes.append(("refused", error))
        except Exception as error:  # a database error is what the test looks for
            outcomes.append(("error", error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes, key=lambda outcome: outcome[0])


def slowly(function):
    """The function, a moment later: the window in which the other one would slip in."""

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return function(*args, **kwargs)

    return slow


def test_two_drafts_at_once_make_one_draft_and_a_message(monkeypatch):
    world = World()
    # Between the check for a draft and the insert, the other request has its chance.
    monkeypatch.setattr(
        services, "latest_published_version", slowly(services.latest_published_version)
    )
    outcomes = race(
        lambda: services.instrument_version_draft(
            instrument=world.instrument,
            version=str(threading.get_ident()),
            year=2025,
            user=world.users["secretariat"],
        )
    )
    assert [kind for kind, _ in outcomes] == ["ok", "refused"], outcomes
    refusal = outcomes[1][1]
    assert refusal.message_dict["instrument"][0].startswith("Bedömningsmall har redan ett utkast")
    assert world.instrument.versions.filter(status=VersionStatus.DRAFT).count() == 1


def test_two_publications_at_once_publish_once(monkeypatch):
    world = World()
    monkeypatch.setattr(services, "step_date", slowly(services.step_date))
    outcomes = race(
        lambda: services.instrument_version_publish(
            version=world.draft_version, user=world.users["secretariat"]
        )
    )
    assert [kind for kind, _ in outcomes] == ["ok", "refused"], outcomes
    assert outcomes[1][1].code == "version_immutable"
    version = InstrumentVersion.objects.get(pk=world.draft_version.pk)
    assert version.status == VersionStatus.PUBLISHED
    assert version.history.filter(status=VersionStatus.PUBLISHED).count() == 1
