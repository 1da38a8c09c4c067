"""Shared fixtures. Tests run on the database that DATABASE_URL names (SQLite when unset)."""

import copy
import datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation
from rest_framework.test import APIClient

from organisations.services import api_token_create
from tests.world import World

# The test OpenID provider (its own process) for the SSO tests: the ``oidc_idp`` fixture; the
# test SAML IdP (SimpleSAMLphp): the ``saml_idp`` and ``sp_key_cert`` fixtures.
pytest_plugins = ["tests.identity.oidc_provider.fixtures", "tests.identity.saml_idp"]

# The slow checks that gain nothing from a second database: the browser tests and the
# deployment checks. CI runs them on the PostgreSQL pass only (`-m "not slow"` on the SQLite
# pass, which runs schemathesis with fewer examples instead).
SLOW = ("tests/e2e/", "tests/test_deploy.py")


# The longest files first (the browser sweep, a real Celery worker, the matrices, the PDF). With
# `--dist loadfile --no-loadscope-reorder` (make test, .ci/run) pytest-xdist hands out whole files
# in this order, on demand (without the flag it orders files by their count of cases, which left
# the one-case sweep and worker files for the end: one process busy, the other idle). The first
# four go two to each process, so each process pairs a browser sweep (CPU) with a real-worker
# test (mostly waiting for the worker).
LONG_FIRST = (
    "tests/e2e/test_pages_secretariat.py",
    "tests/test_worker.py",
    "tests/e2e/test_pages_english.py",
    "tests/reminders/test_worker_beat.py",
    "tests/e2e/test_pages_procurers.py",
    "tests/e2e/test_pages_readers.py",
    "tests/test_migrations.py",
    "tests/e2e/",
    "tests/test_deploy.py",
    "tests/test_permission_matrix.py",
    "tests/test_api_matrix.py",
    "tests/api/test_schemathesis.py",
    "tests/test_admin_pages.py",
    "tests/reporting/test_report_jobs.py",
    "tests/reporting/test_report_print.py",
    "tests/new_year/",
)


def _rank(item) -> int:
    return next(
        (rank for rank, prefix in enumerate(LONG_FIRST) if item.nodeid.startswith(prefix)),
        len(LONG_FIRST),
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith(SLOW):
            item.add_marker(pytest.mark.slow)
    items.sort(key=_rank)  # stable: the order within a file and among the others is kept


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: a request the test client sends in
    English leaves English active in the thread (LocaleMiddleware does not switch back), and the
    next test of the same process would read its lazy messages in English."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache. The cache outlives a test's rolled-back rows: a
    module's tests share one world (``module_world``), and SQLite hands out rolled-back ids again,
    so what one test cached for a user or an object (the menu's to-do counts, a throttle's count)
    would reach the next test's user or object of the same id."""
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each test process's database, made from the models (``--no-migrations``) and completed to
    what the migrations make (tests/database.py; tests/test_migrations.py proves them equal)."""
    from tests.database import complete_test_database

    with django_db_blocker.unblock():
        complete_test_database(connection)


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """One World for a whole module, built in a transaction that is rolled back after the module.

    Each test still runs in its own savepoint inside it (pytest-django's ``db``), so what a test
    writes is gone before the next one, as with Django's ``TestCase.setUpTestData``. A module opts
    in with ``pytestmark = pytest.mark.usefixtures("module_world")``; its tests then get this
    world from the ``world`` fixture and must not build another World (the codes are unique) nor
    need real commits (``transaction=True``, ``live_server``: the module's transaction is open)."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = World()
        yield world
        transaction.set_rollback(True)


def token_client(raw: str | None) -> APIClient:
    """An APIClient that sends the bearer token ``raw``; None: anonymous."""
    client = APIClient()
    if raw:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


class Logins:
    """Each user of a world logged in once: a portal session and an API token per role."""

    def __init__(self, world):
        from django.test import Client

        self.sessions, self.tokens = {}, {}
        for role, user in world.users.items():
            client = Client()
            client.force_login(user)
            self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            _token, self.tokens[role] = api_token_create(user=user, name=f"module-{role}", days=1)

    def log_in(self, client, role: str) -> None:
        """``client`` sends ``role``'s session cookie from now on, as after a login."""
        client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]

    def api(self, role: str | None) -> APIClient:
        """An APIClient with ``role``'s bearer token; None: anonymous."""
        return token_client(self.tokens[role] if role else None)


@pytest.fixture(scope="module")
def module_logins(module_world, django_db_blocker):
    """Every role of the module's world logged in once for the module (``Logins``), inside the
    module's transaction: for modules that send a few requests per case, many cases per role
    (the permission matrices, where a login or a token per case cost a fifth of the time)."""
    with django_db_blocker.unblock():
        return Logins(module_world)


@pytest.fixture(scope="module")
def module_seed_2024(django_db_setup, django_db_blocker):
    """The 2024 data (``seed_2024``, ~2.7 s) loaded once for a module, in a transaction rolled
    back after the module; each test runs in its own savepoint inside it. The data stays for the
    rest of the module from the first test that asks for it: put the tests that need an empty
    database before those."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_2024", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def conducted_audit(world):
    """Region A's office audit of Abena, planned and carried out on 2024-05-03 by its procurer
    through the services (findings can be added to it)."""
    from audits import services
    from audits.choices import AuditKind

    audit = services.audit_plan(
        user=world.users["procurer_a"],
        supplier=world.supplier,
        kind=AuditKind.OFFICE,
        lead_organisation=world.region_a,
        planned_date=datetime.date(2024, 5, 3),
    )
    return services.audit_conduct(
        user=world.users["procurer_a"], audit=audit, start_date=datetime.date(2024, 5, 3)
    )


@pytest.fixture
def world(request, db):
    """The test world (tests/world.py): a new one for each test, or the module's one (copied, so
    a test that changes an instance in memory leaves the next test the original)."""
    if "module_world" in request.fixturenames:
        return copy.deepcopy(request.getfixturevalue("module_world"))
    return World()


@pytest.fixture
def shared_world(module_world):
    """The module's world copied shallowly, for the many cases of a module that change no object
    of it (the permission matrices: a deep copy per case cost 8 % of them). What a case keeps on
    the copy (reporting's matrix accounts) goes with the case, as its rows do."""
    return copy.copy(module_world)


@pytest.fixture
def api_as(world):
    """api_as("procurer_a") → an APIClient with that user's bearer token; None → anonymous."""

    made = []

    def make(role=None):
        if not role:
            return token_client(None)
        made.append(role)
        name = f"test-{role}-{len(made)}"
        _token, raw = api_token_create(user=world.users[role], name=name, days=1)
        return token_client(raw)

    return make
