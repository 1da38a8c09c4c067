"""Throttling per API token (per user for the browsable API, per address for anonymous callers).

Over the rate, DRF answers 429 with ``Retry-After`` in seconds. The rates come from the settings
(``HALLBAR_API_RATE``, ``HALLBAR_API_ANON_RATE``); the counters live in the cache (Redis when
REDIS_URL is set, so every worker process counts together; while Redis is down each process's
memory, see core/cache.py).

The count is exact under concurrency: a fixed window (the rate's period, aligned to the clock)
with one counter per caller, created with ``cache.add`` and raised with ``cache.incr``, both
atomic in Redis (and under a lock in local memory). DRF's SimpleRateThrottle reads a list of
times, appends and writes it back: concurrent requests overwrite each other's entries and let
more through than the rate. A fixed window lets at most the rate through per window (a caller
may use one window's budget at its end and the next at its start).
"""

from __future__ import annotations

import math
import time

from django.core.cache import cache as default_cache
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


def _window(key: str, duration: int, now: float | None) -> tuple[str, int]:
    """The counter's key for the current window of ``duration`` seconds and the seconds until
    that window ends."""
    now = time.time() if now is None else now
    window = int(now // duration)
    return f"{key}:{duration}:{window}", max(1, math.ceil((window + 1) * duration - now))


def window_hit(key: str, duration: int, *, cache=default_cache, now: float | None = None):
    """Count one hit of ``key`` in the current window of ``duration`` seconds.

    Returns the number of hits in this window (this one included) and the seconds until the
    window ends."""
    window_key, wait = _window(key, duration, now)
    cache.add(window_key, 0, duration + 1)
    try:
        count = cache.incr(window_key)
    except ValueError:  # expired between add and incr, or Redis went away in between
        cache.add(window_key, 0, duration + 1)
        count = cache.incr(window_key)
    return count, wait


def window_count(key: str, duration: int, *, cache=default_cache, now: float | None = None):
    """The hits of ``key`` so far in the current window and the seconds until it ends."""
    window_key, wait = _window(key, duration, now)
    return cache.get(window_key, 0), wait


class SettingsRateThrottle(SimpleRateThrottle):
    """The rate is read from the settings at each request, not frozen at import; counted in a
    fixed window with an atomic counter."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        count, self._wait = window_hit(self.key, self.duration, cache=self.cache)
        return count <= self.num_requests

    def wait(self):
        return getattr(self, "_wait", None)


class TokenRateThrottle(SettingsRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated):
            return None
        token_id = getattr(request.auth, "pk", None)
        ident = f"token-{token_id}" if token_id is not None else f"user-{user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(SettingsRateThrottle):
    scope = "anonymous"

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        if user and user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
