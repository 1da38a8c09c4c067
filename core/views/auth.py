"""Login (django-axes keeps the failures and the lock, see core/login_lock.py); logout (Django's,
POST only) ends the session."""

from __future__ import annotations

import math

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.shortcuts import render
from django.utils.translation import gettext as _


class PortalLoginView(LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


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
