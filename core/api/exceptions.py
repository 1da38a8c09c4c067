"""One JSON error shape for every refusal of the API, and never a 500 for bad input.

    {"status": 400, "code": "invalid", "detail": "The request has errors.",
     "errors": {"year": ["A valid integer is required."], "non_field_errors": [...]}}

``errors`` is present when there are field-level messages; its keys are the fields of the
request (``non_field_errors`` for the rest). The services' refusals arrive as Django's
ValidationError or PermissionDenied and are mapped here, with the state conflicts (closing an
audit with open findings, changing a closed one) as 409.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.files import StoredFileMissing

logger = logging.getLogger(__name__)

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY
# Codes of service refusals that are about the state of the object, not the request: 409.
CONFLICT_CODES = frozenset({"open_findings", "invalid_state", "conflict", "stale_version"})


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, detail=None, code=None, errors=None, extra=None):
        super().__init__(detail or _("The request conflicts with the current state."), code)
        self.errors = errors
        self.extra = extra  # more keys of the body (the candidates of a possible duplicate)


class Gone(exceptions.NotFound):
    """The object was there when the request read it, and was deleted before it could be
    changed or deleted: a 404, with a message saying so."""

    def __init__(self, detail=None):
        super().__init__(detail or _("The record was deleted meanwhile."))


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self, detail=None):
        super().__init__(detail or _("The request body is too large."))


def _messages(value) -> list[str]:
    if isinstance(value, dict):
        return [f"{key}: {message}" for key, item in value.items() for message in _messages(item)]
    if isinstance(value, list | tuple):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


def _field_errors(detail) -> dict[str, list]:
    """DRF's nested detail as {field: [messages]}; nested objects keep their structure."""
    if isinstance(detail, dict):
        return {
            str(key): (value if isinstance(value, dict) else _messages(value))
            for key, value in detail.items()
        }
    return {NON_FIELD: _messages(detail)}


def django_validation_error_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in error.message_dict.items()
        }
    return {NON_FIELD: [str(m) for m in error.messages]}


def _error_codes(error: DjangoValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors if e.code}
    return {e.code for e in error.error_list if e.code}


def translate(exc):
    """Django's and the database's exceptions as API exceptions."""
    if isinstance(exc, DjangoValidationError):
        detail = django_validation_error_detail(exc)
        if _error_codes(exc) & CONFLICT_CODES:
            # The detail is for a person: the messages, without the fields' names (``errors``
            # keeps them by field).
            return Conflict(" ".join(_messages(list(detail.values()))), errors=detail)
        if _error_codes(exc) & {"permission_denied"}:
            return exceptions.PermissionDenied(" ".join(_messages(detail)))
        return exceptions.ValidationError(detail)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, StoredFileMissing):
        return exceptions.NotFound(str(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, ObjectDoesNotExist):
        # A service that reads a row again (to lock it) after someone deleted it.
        return Gone()
    if isinstance(exc, ProtectedError | RestrictedError):
        return Conflict(_("This record cannot be deleted: other records refer to it."))
    if isinstance(exc, IntegrityError):
        logger.warning("API request refused by a database constraint: %s", exc)
        return Conflict(_("The change conflicts with other records (a database rule refused it)."))
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, TooManyFieldsSent):
        return exceptions.ValidationError({NON_FIELD: [_("The request has too many fields.")]})
    return exc


def api_exception_handler(exc, context):
    exc = translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    return Response(
        error_body(exc, response.status_code),
        status=response.status_code,
        headers={
            k: v for k, v in response.items() if k in ("Retry-After", "WWW-Authenticate", "Allow")
        },
    )


def error_body(exc, status_code: int) -> dict:
    body = {"status": status_code, "code": "error", "detail": ""}
    if isinstance(exc, exceptions.ValidationError):
        body["code"] = "invalid"
        body["detail"] = _("The request has errors; see the fields.")
        body["errors"] = _field_errors(exc.detail)
        return body
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        body["code"] = codes if isinstance(codes, str) else exc.default_code
        body["detail"] = " ".join(_messages(exc.detail))
        errors = getattr(exc, "errors", None)
        if errors:
            body["errors"] = errors
        body.update(getattr(exc, "extra", None) or {})
    return body
