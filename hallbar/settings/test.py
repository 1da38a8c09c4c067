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

# `pytest -n 2` (pytest-xdist) runs the suite in worker processes gw0, gw1, …: each has its own
# test database (pytest-django adds the suffix), and here its own Redis database and queue, so one
# process's cache.clear() or queue purge never touches another's, and a real Celery worker a test
# starts (it inherits PYTEST_XDIST_WORKER) serves only its own process's tasks.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER and REDIS_URL:  # noqa: F405
    _redis = urlsplit(REDIS_URL)  # noqa: F405
    REDIS_URL = urlunsplit(_redis._replace(path=f"/{10 + int(XDIST_WORKER.removeprefix('gw'))}"))
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
