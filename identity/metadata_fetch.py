"""Fetching an IdP's SAML metadata from its URL, once, when the secretariat saves the IdP.

Never at login: the portal keeps the XML it read, so a closed network needs no outbound call
beyond the IdP itself (the secretariat may paste the XML instead). The fetch is bounded: a total
time (``HALLBAR_SAML_METADATA_TIMEOUT``, seconds) and a size (``HALLBAR_SAML_METADATA_MAX_BYTES``);
an IdP's own metadata is a few kilobytes, a federation's aggregate a few megabytes.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

METADATA_TIMEOUT_SECONDS = 10
METADATA_MAX_BYTES = 10 * 1024 * 1024
ACCEPT = "application/samlmetadata+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"


def _refused(message: str, code: str) -> ValidationError:
    return ValidationError({"saml_metadata_url": ValidationError(message, code=code)})


def metadata_fetch(url: str) -> str:
    """The text at ``url`` (http or https), within the time and size bounds; a ValidationError on
    the ``saml_metadata_url`` field says what went wrong (unreachable, an error status, too slow,
    too large, not text)."""
    timeout = getattr(settings, "HALLBAR_SAML_METADATA_TIMEOUT", METADATA_TIMEOUT_SECONDS)
    limit = getattr(settings, "HALLBAR_SAML_METADATA_MAX_BYTES", METADATA_MAX_BYTES)
    if urlsplit(url).scheme not in ("http", "https"):
        raise _refused(_("The metadata URL must begin with https:// or http://."), "url_scheme")
    too_large = _("The metadata at that URL is larger than %(size)s MB; nothing was saved.") % {
        "size": f"{limit / 1024 / 1024:.2g}"
    }
    started = time.monotonic()
    chunks, size = [], 0
    try:
        with requests.get(
            url, timeout=timeout, stream=True, headers={"Accept": ACCEPT}, allow_redirects=True
        ) as response:
            if response.status_code != 200:
                raise _refused(
                    _(
                        "The metadata URL answered with HTTP status %(status)s, not the metadata; "
                        "nothing was saved."
                    )
                    % {"status": response.status_code},
                    "url_status",
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise _refused(too_large, "url_too_large")
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise _refused(too_large, "url_too_large")
                if time.monotonic() - started > timeout:
                    raise requests.Timeout
                chunks.append(chunk)
    except requests.Timeout as error:
        raise _refused(
            ngettext(
                "The metadata URL did not answer within %(seconds)s second; nothing was saved. "
                "Check the address, or paste the metadata instead.",
                "The metadata URL did not answer within %(seconds)s seconds; nothing was saved. "
                "Check the address, or paste the metadata instead.",
                int(timeout),
            )
            % {"seconds": timeout},
            "url_timeout",
        ) from error
    except requests.RequestException as error:
        raise _refused(
            _(
                "The metadata URL could not be reached (%(error)s); nothing was saved. Check the "
                "address, or paste the metadata instead."
            )
            % {"error": type(error).__name__},
            "url_unreachable",
        ) from error
    try:
        return b"".join(chunks).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refused(
            _("The metadata at that URL is not UTF-8 text; nothing was saved."), "url_not_text"
        ) from error
