"""Settings for the test suite: fast hashing, files in a temporary folder."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The real-worker tests hand their worker the same folder.
MEDIA_ROOT = env("HALLBAR_TEST_MEDIA_ROOT", default="") or tempfile.mkdtemp(  # noqa: F405
    prefix="hallbar-test-media-"
)
# A queue of the tests' own, so a developer's running worker never takes a test's task.
CELERY_TASK_DEFAULT_QUEUE = "hallbar-test"

# Schemathesis sends thousands of requests; the throttle has its own test with a low rate.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"token": "1000000/min", "anonymous": "1000000/min"},
}
# Many tests send bad tokens on purpose; the failed-token throttle has its own test.
HALLBAR_API_TOKEN_FAILURE_RATE = "1000000/min"
