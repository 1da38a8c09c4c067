"""The login lock's page (django-axes keeps the failures and the lock, see core/login_lock.py);
a logged-in page keeps its session with session_extend. The login and logout views are in
identity/views/login.py (they know the organisations' IdPs)."""

from __future__ import annotations

import datetime
import math

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST


@require_POST
def session_extend(request):
    """The "stay logged in" button of the session warning (static/hallbar/session.js): the
    session is saved again with a new expiry, which the answer gives. Logged out already: 401,
    never a redirect to the login page."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("Your session has ended. Log in again.")}, status=401)
    request.session.modified = True
    seconds = request.session.get_expiry_age()
    expires_at = timezone.now() + datetime.timedelta(seconds=seconds)
    return JsonResponse({"expires_in": seconds, "expires_at": expires_at.isoformat()})


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page (the admin's too) with the wait, status 429 and
    ``Retry-After``."""
    handler = AxesProxyHandler.get_implementation()
    seconds = handler.seconds_locked(request, credentials)
    message = _("Too many failed logins. Wait %(minutes)d minutes and try again.") % {
        "minutes": max(1, math.ceil(seconds / 60))
    }
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    response = render(
        request,
        "registration/login.html",
        {"form": form, "lock_message": message, "next": request.POST.get("next", "")},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
