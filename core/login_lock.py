"""The login lock, built on django-axes with its database handler.

Two counters, each over the failures of the last ``AXES_COOLOFF_TIME`` (the lock lasts until
the newest counted failure is that old):

- per username, normalised (NFKC, case-folded, surrounding whitespace stripped), from every
  address: ``HALLBAR_LOGIN_FAILURES_PER_USER`` failures lock that username;
- per client address, over all usernames: ``HALLBAR_LOGIN_FAILURES_PER_ADDRESS`` (much higher)
  lock the address, so one address cannot lock out other users by trying random usernames
  unless it makes that many attempts.

Why the database handler: the failures are counted in ``axes_accessattempt`` rows in the same
database as the users, so the lock keeps counting when Redis is down (the cache handler would
fall back to one process's memory) and the secretariat sees and unlocks them in the admin
(*Axes › Access attempts*) or with ``manage.py axes_reset_username <username>``.

The client address follows the API's rule (``REST_FRAMEWORK["NUM_PROXIES"]``, from
``HALLBAR_NUM_PROXIES``): with 0 proxies ``X-Forwarded-For`` is ignored.
"""

from __future__ import annotations

import ipaddress
import math
import unicodedata

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone
from rest_framework.throttling import BaseThrottle


def normalise_username(value) -> str:
    """One spelling per username: ``" ＡＮＮＡ "`` and ``"anna"`` are the same."""
    return unicodedata.normalize("NFKC", str(value or "")).strip().casefold()


def client_address(request) -> str | None:
    """The client's address under the same proxy rule as the API's throttling; None when the
    request has none that parses (a forwarded header may hold anything)."""
    ident = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address((ident or "").strip()))
    except ValueError:
        return None


def axes_username(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the normalised username of the credentials (or the POST)."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    return normalise_username(raw)


def axes_client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE."""
    return client_address(request)


class LoginLockHandler(AxesDatabaseHandler):
    """Axes' database handler with a threshold of its own per parameter: the username counter
    against ``HALLBAR_LOGIN_FAILURES_PER_USER``, the address counter against
    ``HALLBAR_LOGIN_FAILURES_PER_ADDRESS``. ``AXES_FAILURE_LIMIT`` is the username's limit; a
    locked address reports that many failures."""

    def _counts(self, request, credentials) -> tuple[int, int]:
        by_user, by_address = self.get_user_attempts(request, credentials)
        user = by_user.aggregate(n=Sum("failures_since_start"))["n"] or 0
        address = by_address.aggregate(n=Sum("failures_since_start"))["n"] or 0
        return user, address

    def get_failures(self, request, credentials=None) -> int:
        user, address = self._counts(request, credentials)
        user_limit = settings.HALLBAR_LOGIN_FAILURES_PER_USER
        if address >= settings.HALLBAR_LOGIN_FAILURES_PER_ADDRESS:
            return max(user, user_limit)
        return user

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears its username's failures only: the address's count stays
        (else logging in to one's own account would wipe an attack's tally)."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = (
            self.filter_user_attempts(request, credentials)[0].filter(username=username).delete()
        )
        return count

    def seconds_locked(self, request, credentials=None) -> int:
        """How long until the lock on this request's username or address lifts."""
        user, address = self._counts(request, credentials)
        by_user, by_address = self.get_user_attempts(request, credentials)
        newest = []
        if user >= settings.HALLBAR_LOGIN_FAILURES_PER_USER:
            newest.append(by_user.aggregate(t=Max("attempt_time"))["t"])
        if address >= settings.HALLBAR_LOGIN_FAILURES_PER_ADDRESS:
            newest.append(by_address.aggregate(t=Max("attempt_time"))["t"])
        newest = [t for t in newest if t is not None]
        cool_off = get_cool_off(request)
        if not newest or cool_off is None:
            return int(cool_off.total_seconds()) if cool_off else 0
        remaining = (max(newest) + cool_off - timezone.now()).total_seconds()
        return max(1, math.ceil(remaining))
