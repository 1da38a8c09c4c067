"""The end of every SSO login, whichever the protocol: the login lock, the user from
``services.sso_login``, Django's session, and what single logout will need later.

The SAML and OIDC views call ``complete`` with what the IdP vouched for; the logout view calls
``logout_redirect`` to end the IdP's session too where it offers single logout.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import login as django_login
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from identity import services

SESSION_KEY = "hallbar_sso"
NEXT_KEY = "hallbar_sso_next"
# One of settings.AUTHENTICATION_BACKENDS, else the session would not load the user again.
BACKEND = "organisations.backends.NormalisedUsernameBackend"


def remember_next(request, next_url: str | None) -> None:
    """Where to go after the IdP sends the user back (only a URL of this site)."""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[NEXT_KEY] = next_url
    else:
        request.session.pop(NEXT_KEY, None)


def onward(request, url: str, *, heading: str):
    """A page that sends the browser on to the IdP at ``url`` at once (an instant meta refresh,
    WCAG's G110) with a link to follow by hand. Not a 302: the login page's organisation form and
    the menu's logout button post here, and a redirect to another site after a form posted here
    breaks the CSP's form-action 'self' in the browser."""
    return render(request, "identity/sso_onward.html", {"url": url, "heading": heading})


def refused(request, provider, message: str, status: int = 403):
    """The login page with why the IdP's answer was not accepted; counted by the login lock
    against the client's address (and the subject, where there is one)."""
    return render(
        request,
        "identity/sso_refused.html",
        {"provider": provider, "message": message},
        status=status,
    )


def _count_failure(request, username: str) -> None:
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def locked(request, username: str = "") -> bool:
    return AxesProxyHandler.is_locked(request, credentials={"username": username})


def complete(request, provider, *, subject: str, attributes: dict, logout_data: dict):
    """Log the user in whom ``provider`` vouched for as ``subject``, or say why not.

    ``logout_data`` is kept in the session for single logout (SAML: NameID and SessionIndex;
    OIDC: the ID token).
    """
    if locked(request, subject):
        return refused(
            request,
            provider,
            _("Too many failed logins. Wait a while and try again."),
            status=429,
        )
    try:
        user = services.sso_login(provider=provider, subject=subject, attributes=attributes)
    except services.SsoRefused as refusal:
        _count_failure(request, subject)
        return refused(request, provider, refusal.message)
    next_url = request.session.get(NEXT_KEY)
    django_login(request, user, backend=BACKEND)  # a new session key; the old data is kept
    request.session.pop(NEXT_KEY, None)
    request.session[SESSION_KEY] = {
        "provider": provider.pk,
        "protocol": provider.protocol,
        **logout_data,
    }
    return HttpResponseRedirect(next_url or "/")


def failed(request, provider, message: str):
    """An answer from the IdP that did not verify (signature, audience, state…): counted by the
    login lock against the client's address."""
    _count_failure(request, "")
    return refused(request, provider, message, status=400)
