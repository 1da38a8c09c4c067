"""Where an organisation's OpenID Connect IdP sends the person back (identity/oidc.py)."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View

from identity import oidc, selectors
from identity.choices import Protocol


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class OidcCallbackView(View):
    """The authorization response: verified, then the person is logged in, or told why not
    (400 through ``identity.login.failed``). Not in one transaction with the request: no
    transaction stays open while the IdP's token and userinfo endpoints are called
    (``services.sso_login`` is atomic itself)."""

    def get(self, request, pk):
        provider = get_object_or_404(selectors.login_providers(), pk=pk, protocol=Protocol.OIDC)
        return oidc.callback(request, provider)
