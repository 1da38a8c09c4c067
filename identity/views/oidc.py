"""Where an organisation's OpenID Connect IdP sends the person back (identity/oidc.py)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views import View

from identity import oidc, selectors
from identity.choices import Protocol


class OidcCallbackView(View):
    """The authorization response: verified, then the person is logged in, or told why not
    (400 through ``identity.login.failed``)."""

    def get(self, request, pk):
        provider = get_object_or_404(selectors.login_providers(), pk=pk, protocol=Protocol.OIDC)
        return oidc.callback(request, provider)
