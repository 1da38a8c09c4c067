"""`Authorization: Bearer <token>` for the REST API, against organisations.ApiToken.

Failed attempts are counted per client address (the API's proxy rule, ``HALLBAR_NUM_PROXIES``)
in a fixed window of ``HALLBAR_API_TOKEN_FAILURE_RATE`` (default 20/min), in the cache (Redis,
or each process's memory while Redis is down, see core/cache.py). Once an address has used them
up, every bearer token from it is refused with 429 and ``Retry-After`` until the window ends,
the right one too: otherwise guessing would go on, only answered differently.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from core.api.throttling import window_count, window_hit
from organisations.services import api_token_find


def _failure_window(request) -> tuple[str, int, int]:
    """The failure counter's key, the allowed failures and the window's seconds."""
    allowed, duration = SimpleRateThrottle.parse_rate(None, settings.HALLBAR_API_TOKEN_FAILURE_RATE)
    address = BaseThrottle().get_ident(request)
    return f"api-token-failures:{address}", allowed, duration


def _refuse_if_too_many(request) -> None:
    key, allowed, duration = _failure_window(request)
    count, wait = window_count(key, duration)
    if count >= allowed:
        raise exceptions.Throttled(
            wait=wait, detail=gettext("Too many failed token attempts from this address.")
        )


def _failed(request, message):
    key, _allowed, duration = _failure_window(request)
    window_hit(key, duration)
    return exceptions.AuthenticationFailed(message)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        _refuse_if_too_many(request)
        if len(header) != 2:
            raise _failed(request, _("Give the token as 'Bearer <token>'."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise _failed(request, _("The token is not valid.")) from error
        token = api_token_find(raw=raw, now=timezone.now())
        if token is None:
            raise _failed(request, _("The token is unknown, expired or revoked."))
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
