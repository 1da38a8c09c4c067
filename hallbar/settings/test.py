"""Settings for the test suite: fast hashing, files in a temporary folder."""

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The real-worker tests hand their worker the same folder.
MEDIA_ROOT = env("HALLBAR_TEST_MEDIA_ROOT", default="") or tempfile.mkdtemp(  # noqa: F405
    prefix="hallbar-test-media-"
)
# A queue of the tests' own, so a developer's running worker never takes a test's task.
CELERY_TASK_DEFAULT_QUEUE = "hallbar-test"

# The tests use Redis databases of their own (never a developer's database 0, which a worker test
# empties): 9 for a run in one process; with `pytest -n 2` (pytest-xdist) each worker process
# gw0, gw1, … has its own test database (pytest-django adds the suffix) and here its own Redis
# database (10, 11, …) and queue, so one process's cache.clear() or broker flush never touches
# another's, and a real Celery worker a test starts (it inherits PYTEST_XDIST_WORKER) serves only
# its own process's tasks.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL:  # noqa: F405
    _db = 10 + int(XDIST_WORKER.removeprefix("gw")) if XDIST_WORKER else 9
    REDIS_URL = urlunsplit(urlsplit(REDIS_URL)._replace(path=f"/{_db}"))  # noqa: F405
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
if XDIST_WORKER:
    CELERY_TASK_DEFAULT_QUEUE = f"hallbar-test-{XDIST_WORKER}"

# Schemathesis sends thousands of requests; the throttle has its own test with a low rate.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"token": "1000000/min", "anonymous": "1000000/min"},
}
# Many tests send bad tokens on purpose; the failed-token throttle has its own test.
HALLBAR_API_TOKEN_FAILURE_RATE = "1000000/min"

# A commit returns without waiting for its WAL to reach the disk: the tests lose nothing they
# could see (a crash of the server would lose the last commits of a database that is dropped
# anyway), and each of their many commits, and each flush after a test with real commits, is
# spared a disk flush.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
