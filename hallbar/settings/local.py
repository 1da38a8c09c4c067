"""The default settings for a developer's machine: DEBUG on unless the environment says no."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
