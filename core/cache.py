"""The cache when Redis may be gone: Django's Redis cache that, while Redis cannot be reached,
keeps serving from this process's memory and says so in the log.

What the portal keeps in the cache (login failure counts, the API's throttling, import progress)
is worth less than the pages and the API: with Redis down they are counted per process for a
while, and every request is still answered. Each call tries Redis first, so the shared cache is
used again as soon as Redis is back. Connecting is given a short timeout (settings: CACHES'
OPTIONS), so a request does not hang on a dead Redis either.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)
# One line in the log per this many seconds while Redis stays away, not one per request.
LOG_EVERY_SECONDS = 60

_GUARDED = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class ResilientRedisCache(RedisCache):
    """RedisCache whose every call falls back to process memory while Redis is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(
            f"hallbar-fallback-{id(self)}", {"TIMEOUT": self.default_timeout}
        )
        self._logged_at = 0.0

    def _unreachable(self, name: str, error: Exception) -> None:
        now = time.monotonic()
        if now - self._logged_at >= LOG_EVERY_SECONDS:
            self._logged_at = now
            logger.warning(
                "Redis cache unreachable (%s: %s); %s served from this process's memory",
                type(error).__name__,
                error,
                name,
            )


def _guard(name: str):
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        try:
            return redis_method(self, *args, **kwargs)
        except UNREACHABLE as error:
            self._unreachable(name, error)
            return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


for _name in _GUARDED:
    setattr(ResilientRedisCache, _name, _guard(_name))
