"""Throttling per API token (per user for the browsable API, per address for anonymous callers).

Over the rate, DRF answers 429 with ``Retry-After`` in seconds. The rates come from the settings
(``HALLBAR_API_RATE``, ``HALLBAR_API_ANON_RATE``); the counters live in the cache (Redis when
REDIS_URL is set, so every worker process counts together).
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class SettingsRateThrottle(SimpleRateThrottle):
    """The rate is read from the settings at each request, not frozen at import."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


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
