"""The second step of a password login, and the confinement of a user who must set up MFA.

After a right password (the portal's login page and the admin's, ``after_password``):

- a user with a second factor is not logged in yet: the session holds a *pending login* (the
  user's id, when, the authentication backend and where to go next) and the browser goes to
  the second step (``identity:mfa_login``). It expires after ``HALLBAR_MFA_PENDING_SECONDS``.
- a user whose role requires MFA and who has none is logged in, but the session is marked
  (ENROL_KEY): ``identity.middleware.MfaEnrolmentMiddleware`` lets such a session reach only
  the MFA set-up pages, logout and the accessibility statement until a method is set up.
  Sessions made otherwise (``force_login`` in tests, an SSO login: the IdP does its own MFA)
  carry no mark.
- anyone else is logged in as before.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as django_login
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseRedirect
from django.urls import reverse

from identity import selectors, services

PENDING_KEY = "hallbar_mfa_pending"
ENROL_KEY = "hallbar_mfa_enrol"


def pending_seconds() -> int:
    return getattr(settings, "HALLBAR_MFA_PENDING_SECONDS", 300)


def after_password(request, user, next_url: str):
    """The answer to a right password for ``user`` (authenticated, ``user.backend`` set), or
    None when the login view should log in as usual."""
    request.session.pop(PENDING_KEY, None)
    if selectors.mfa_methods(user):
        request.session[PENDING_KEY] = {
            "user": user.pk,
            "at": time.time(),
            "backend": user.backend,
            "next": next_url,
        }
        return HttpResponseRedirect(reverse("identity:mfa_login"))
    if services.mfa_required(user):
        django_login(request, user, backend=user.backend)
        request.session[ENROL_KEY] = True
        url = reverse("identity:mfa_settings")
        if next_url:
            url += "?" + urlencode({"next": next_url})
        return HttpResponseRedirect(url)
    return None


def pending(request) -> dict | None:
    """The pending login with its user (``"user_obj"``), or None (none, expired, or the user
    is gone or deactivated); an expired one is dropped."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None
    if time.time() - float(data.get("at", 0)) > pending_seconds():
        request.session.pop(PENDING_KEY, None)
        return None
    user = get_user_model().objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return None
    return {**data, "user_obj": user}


def drop(request) -> None:
    request.session.pop(PENDING_KEY, None)


def credentials(user) -> dict:
    return {"username": user.get_username()}


def locked(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, credentials=credentials(user))


def count_failure(request, user) -> None:
    """A wrong second factor is a failed login for the login lock (django-axes)."""
    user_login_failed.send(sender=__name__, credentials=credentials(user), request=request)


def complete(request, data: dict) -> HttpResponseRedirect:
    """The second factor was right: log in (a new session key) and on to ``next``."""
    drop(request)
    django_login(request, data["user_obj"], backend=data["backend"])
    return HttpResponseRedirect(data.get("next") or reverse(settings.LOGIN_REDIRECT_URL))


def enrolment_done(request) -> None:
    """The confined user has set up a method: the whole portal again."""
    request.session.pop(ENROL_KEY, None)


def confined(request) -> bool:
    return bool(request.session.get(ENROL_KEY)) and request.user.is_authenticated
