"""OpenID Connect login of one organisation's IdP: to be built (issue 19)."""

from __future__ import annotations

from django.http import Http404


def begin(request, provider):
    raise Http404


def logout_redirect(request, provider, data) -> str | None:
    return None
