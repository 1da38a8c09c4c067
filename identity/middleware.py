"""Keeps a user who must set up MFA, and has not yet, on the MFA pages (identity/mfa_login.py
says which sessions are marked)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from identity import mfa_login

# What a confined session may open: its MFA set-up, logout, the language and session
# switches, and the accessibility statement (its form too).
ALLOWED_URL_NAMES = {
    "identity:mfa_settings",
    "identity:mfa_totp_add",
    "identity:mfa_passkey_add",
    "identity:mfa_recovery",
    "identity:mfa_method_delete",
    "logout",
    "set_language",
    "session_extend",
    "core:accessibility_statement",
}


class MfaEnrolmentMiddleware:
    """After AuthenticationMiddleware: a marked session is sent to the MFA page from anywhere
    else (an API or HTMX call gets a 403 that says why)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if mfa_login.confined(request) and not self.allowed(request):
            url = reverse("identity:mfa_settings")
            if request.method == "GET" and not request.headers.get("HX-Request"):
                url += "?" + urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(url)
            return JsonResponse({"detail": _("Set up two-step verification first.")}, status=403)
        return self.get_response(request)

    @staticmethod
    def allowed(request) -> bool:
        path = request.path_info
        if path.startswith((settings.STATIC_URL, "/favicon")):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return True  # a 404 page shows nothing
        return match.view_name in ALLOWED_URL_NAMES
