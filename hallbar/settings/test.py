"""Settings for the test suite: fast hashing, files in a temporary folder."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="hallbar-test-media-")

# Schemathesis sends thousands of requests; the throttle has its own test with a low rate.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"token": "1000000/min", "anonymous": "1000000/min"},
}
