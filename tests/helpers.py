"""Helpers the tests share (tests/conftest.py holds the shared fixtures)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def forget_menu_counts(client) -> None:
    """Drop the logged-in user's work-queue counts that the menu keeps in the cache (todo), so
    that a counted page view counts them afresh: the worst case, the same for every view."""
    from django.contrib.auth import SESSION_KEY
    from django.core.cache import cache

    from todo.selectors import counts_key

    user_id = client.session.get(SESSION_KEY)
    if user_id is not None:
        cache.delete(counts_key(user_id))


def count_queries(client, url, query=None, *, warm_up=False) -> int:
    """The SQL queries one GET of ``url`` costs; the answer must be 200. ``warm_up`` sends the
    request once before counting (an API token's first use is recorded once, not each time).
    The menu's work-queue counts are always counted (``forget_menu_counts``)."""
    if warm_up:
        client.get(url, query or {})
    forget_menu_counts(client)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, query or {})
    assert response.status_code == 200, response.content[:500]
    return len(context)


VERSION_MARKER = 'name="record_version" value="'


def version_in(response) -> str:
    """The version an edit page's form carries (its hidden ``record_version``)."""
    content = response.content.decode()
    assert VERSION_MARKER in content, "the form carries no version"
    return content.split(VERSION_MARKER, 1)[1].split('"', 1)[0]


def second_secretary(world):
    """Another member of the world's secretariat: the colleague who changes a record while
    the first one has its form open."""
    from organisations.choices import Role
    from organisations.models import Membership, User

    colleague = User.objects.create_user(username="kollegan", password="matrix-password-1")
    Membership.objects.create(
        user=colleague, organisation=world.secretariat_org, role=Role.SECRETARIAT
    )
    return colleague


def empty_broker() -> None:
    """Empty this test process's own Redis database (broker and cache), not just its queue.

    A worker killed on purpose leaves its message in the broker's ``unacked`` hash, which a queue
    purge does not touch; a worker started later, even in the next run, takes it back once the
    visibility timeout has passed and runs a task meant for rows that are gone (or, for a
    reminders task, sends a day's mails in the middle of another test). Each pytest-xdist process
    has a database of its own (hallbar/settings/test.py), so no other process's keys go."""
    from django.conf import settings

    from hallbar.celery import app

    assert settings.CELERY_TASK_DEFAULT_QUEUE.startswith("hallbar-test"), "not the tests' broker"
    with app.connection_for_write() as conn:
        conn.default_channel.client.flushdb()


def two_writers(first_write, second_write) -> dict:
    """Two writers of the same rows at once, on two real connections (PostgreSQL): the first
    writes in a transaction it keeps open until the second has started and waited half a second,
    then commits. What each ended with: ``"saved"``, a ValidationError's ``message_dict``, or the
    name of any other exception (the test reports it)."""
    import threading
    import time

    from django.core.exceptions import ValidationError
    from django.db import transaction

    written, release, outcomes = threading.Event(), threading.Event(), {}

    def first():
        try:
            with transaction.atomic():  # holds the first write open until released
                first_write()
                written.set()
                release.wait(timeout=10)
            outcomes["first"] = "saved"
        except Exception as error:
            outcomes["first"] = type(error).__name__
        finally:
            written.set()
            connection.close()

    def second():
        try:
            written.wait(timeout=10)
            second_write()
            outcomes["second"] = "saved"
        except ValidationError as error:
            outcomes["second"] = error.message_dict
        except Exception as error:
            outcomes["second"] = type(error).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    written.wait(timeout=10)
    time.sleep(0.5)  # the second writer is waiting by now
    release.set()
    for thread in threads:
        thread.join()
    return outcomes
