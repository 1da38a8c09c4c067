"""Response headers every answer of the portal and the API carries; the input of a form sent
after the session ended, kept for after the login."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from core import kept_input

# The portal uses none of these browser features: a page (or an injected script) may not ask.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
# Passkeys (identity's MFA) ask for WebAuthn: this site's own pages may, no embedded frame.
PERMISSIONS_POLICY += ", publickey-credentials-get=(self), publickey-credentials-create=(self)"


def _is_download(response) -> bool:
    # Not "streaming": static files stream too, and they are public and meant to be cached.
    return response.get("Content-Disposition", "").startswith("attachment")


def _is_authenticated(request) -> bool:
    # A bearer token is checked by the API's view, which sets request.user; a request that sends
    # one is treated as private even when the token was refused.
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; ``Cache-Control: no-store`` (and ``Pragma``) on
    every answer to a logged-in user or a token, and on every download and export, so that no
    shared cache or browser history keeps a copy of data that is not public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if _is_download(response) or _is_authenticated(request):
            # no-store is the strictest: a response that already says it keeps its own header.
            if "no-store" not in response.get("Cache-Control", ""):
                patch_cache_control(response, no_store=True, private=True)
            response.headers["Pragma"] = "no-cache"
        return response


class KeptInputMiddleware:
    """A form sent after the session ended keeps what was typed (core/kept_input.py).

    - A POST by a logged-out user answered with the login page: keep its input for the form's
      address (the login page then says so).
    - The logged-out user's first GET of that address after logging in: the form is shown with
      the input (``kept_input.restored``), with a message that nothing is saved yet.
    - Every answer to a logged-in user carries the owner cookie.

    After AuthenticationMiddleware and MessageMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        given = None
        if user.is_authenticated and request.method == "GET" and not is_htmx(request):
            given = kept_input.take(request)
        if given is not None:
            messages.warning(request, restored_message(given["had_files"]))
            token = kept_input.restored.set(given["data"])
            try:
                response = self.get_response(request)
            finally:
                kept_input.restored.reset(token)
        else:
            response = self.get_response(request)
        if request.user.is_authenticated:
            kept_input.set_owner_cookie(request, response)
        elif request.method == "POST" and not is_htmx(request):
            next_url = login_redirect_next(response)
            if next_url is not None:
                kept_input.keep(request, next_url)
        return response


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def login_redirect_next(response) -> str | None:
    """The ``next`` of a redirect to the login page, None for any other answer."""
    if response.status_code != 302:
        return None
    location = urlsplit(response.get("Location", ""))
    if location.path != resolve_url(settings.LOGIN_URL):
        return None
    next_url = parse_qs(location.query).get(REDIRECT_FIELD_NAME, [""])[0]
    return next_url if next_url.startswith("/") and not next_url.startswith("//") else None


def restored_message(had_files: bool) -> str:
    message = _(
        "What you typed before your session ended is filled in again. Nothing is saved yet: "
        "check it and press Save."
    )
    if had_files:
        message += " " + _("Choose the files again: they are not kept.")
    return message
