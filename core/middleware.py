"""Response headers every answer of the portal and the API carries."""

from __future__ import annotations

from django.utils.cache import patch_cache_control

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
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


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
