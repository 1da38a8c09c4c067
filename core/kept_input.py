"""What a user typed is not lost when their session ended before they sent the form.

A form sent after the session ended is answered with the login page (the login-required
redirect). The middleware (core.middleware.KeptInputMiddleware) keeps what was typed in the new,
anonymous session, tied to the form's address: not the CSRF token, no password, no file (a file
is not in ``request.POST``), at most MAX_FIELDS fields and MAX_CHARS characters (more is not kept
at all). The login page says so; after logging in, the form at that address is shown filled in
with it, once, and nothing is saved until the user sends it again.

Whose it was: the expired session cannot say (its cookie is gone), so every answer to a
logged-in user carries a cookie of its own (OWNER_COOKIE) with an HMAC of the user's id, which
outlives the session. What is kept names that HMAC; only the same user logging in, in the same
browser, within KEEP, gets it back. Kept input without a known owner, or of another user, is
dropped unseen.
"""

from __future__ import annotations

import contextvars
import time

from django.conf import settings
from django.forms import CheckboxInput
from django.http import QueryDict
from django.utils.crypto import constant_time_compare, salted_hmac

SESSION_KEY = "hallbar_kept_input"
OWNER_COOKIE = "hallbar_owner"
OWNER_COOKIE_AGE = 14 * 24 * 60 * 60  # outlives an expired session by far
KEEP = 30 * 60  # seconds: kept input not asked for by then is dropped
MAX_FIELDS = 200
MAX_CHARS = 64 * 1024
# Never kept: the CSRF token (a new one comes with the form), the form's send-once token (the
# form gets its own) and anything that looks like a password.
SKIPPED = {"csrfmiddlewaretoken", "form_token"}

# The input being given back to the form being shown now (set by the middleware for the one
# request; read by core.forms.PortalFormMixin and core.views.generic.SaveFormMixin).
restored = contextvars.ContextVar("hallbar_restored_input", default=None)


def owner_mark(user) -> str:
    """The HMAC that says whose input it was, without saying who."""
    return salted_hmac("core.kept_input.owner", str(user.pk)).hexdigest()


def kept_fields(post: QueryDict) -> dict[str, list[str]] | None:
    """The fields of a sent form that are kept: None when there is nothing to keep or more
    than the bounds allow."""
    fields: dict[str, list[str]] = {}
    chars = 0
    for name, values in post.lists():
        if name in SKIPPED or "password" in name.lower():
            continue
        fields[name] = list(values)
        chars += len(name) + sum(len(value) for value in values)
    if not fields or len(fields) > MAX_FIELDS or chars > MAX_CHARS:
        return None
    return fields


def keep(request, next_url: str) -> bool:
    """Keep the input of ``request`` (a POST answered with the login page) for ``next_url``.
    Returns whether it was kept; the login page says the session ended either way."""
    fields = kept_fields(request.POST)
    owner = request.COOKIES.get(OWNER_COOKIE, "")
    kept = fields is not None and bool(owner)
    request.session[SESSION_KEY] = {
        "next": next_url,
        "fields": fields if kept else None,
        "owner": owner,
        "at": time.time(),
        "had_files": bool(request.FILES),
    }
    return kept


def pending(request, next_url: str) -> dict | None:
    """The kept input waiting for ``next_url`` (the login page's message), or None."""
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("next") != next_url or time.time() - kept.get("at", 0) > KEEP:
        return None
    return kept


def take(request) -> dict | None:
    """The kept input for the page now asked for by the logged-in user, taken (given once).
    Kept input of another user or past KEEP is dropped."""
    kept = request.session.get(SESSION_KEY)
    if not kept:
        return None
    if not kept.get("fields"):
        del request.session[SESSION_KEY]
        return None
    expired = time.time() - kept.get("at", 0) > KEEP
    mine = constant_time_compare(kept.get("owner", ""), owner_mark(request.user))
    if expired or not mine:
        del request.session[SESSION_KEY]
        return None
    if kept.get("next") != request.get_full_path():
        return None
    del request.session[SESSION_KEY]
    data = QueryDict(mutable=True)
    for name, values in kept["fields"].items():
        data.setlist(name, values)
    return {"data": data, "had_files": kept.get("had_files", False)}


def set_owner_cookie(request, response) -> None:
    mark = owner_mark(request.user)
    if request.COOKIES.get(OWNER_COOKIE) != mark:
        response.set_cookie(
            OWNER_COOKIE,
            mark,
            max_age=OWNER_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


NOTHING = object()


def initial_for(form, field, name):
    """The kept input's value for a field of an unbound form being shown (PortalFormMixin's
    ``get_initial_for_field``), else NOTHING. A form none of whose fields were sent (another
    form on the page) keeps its own values."""
    data = restored.get()
    if data is None or form.is_bound:
        return NOTHING
    if not any(form.add_prefix(other) in data for other in form.fields):
        return NOTHING
    key = form.add_prefix(name)
    # An unticked checkbox is not sent at all: it was unticked.
    if key in data or isinstance(field.widget, CheckboxInput):
        return field.widget.value_from_datadict(data, {}, key)
    return NOTHING
