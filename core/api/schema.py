"""The OpenAPI schema (drf-spectacular): the bearer token, write/read serializers and every error.

Each operation documents the statuses it can answer with the one error shape, so that a client
(and schemathesis) can rely on the schema for every response, not only the happy one.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from core.api.serializers import ErrorSerializer, english, swedish

ERRORS_EVERYWHERE = {
    "400": "Bad input: a filter, parameter or field is invalid; `errors` names the fields.",
    "401": "No credentials, or an unknown, expired or revoked token.",
    "403": "Signed in, but not allowed to take this step.",
    "404": "No such object within the caller's scope (or an unknown page or format).",
    "405": "The method is not allowed here.",
    "406": "The requested format cannot be produced.",
    "429": "Too many requests for this token; wait `Retry-After` seconds.",
}
ERRORS_OF_WRITES = {
    "409": "Conflicts with the object's state (e.g. closing an audit with open findings, a step "
    "already taken), other records refer to it, or (PATCH) the record changed since the version "
    "named in If-Match: the detail says who changed which fields when; nothing was saved.",
    "413": "The request body is too large.",
    "415": "The body is not JSON.",
}

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "The ETag of the record as you read it (GET and every write answer with it). If the "
        "record changed since, the PATCH is refused with 409 and a message saying who changed "
        "which fields when; nothing is saved. Without it the PATCH waits for any change under "
        "way and writes only the fields it sends."
    ),
)


class PortalAutoSchema(AutoSchema):
    _filters_of_a_list = False

    def _is_list_view(self, serializer=None):
        if self._filters_of_a_list:
            return True
        return super()._is_list_view(serializer)

    def get_filter_backends(self):
        # The ids of a list take the list's filters.
        if getattr(self.view, "action", None) == "ids":
            self._filters_of_a_list = True
            try:
                return super().get_filter_backends()
            finally:
                self._filters_of_a_list = False
        return super().get_filter_backends()

    def get_auth(self):
        auths = super().get_auth()
        # A public endpoint (approved public summaries) answers without credentials too.
        if getattr(self.view, "public", False) and {} not in auths:
            auths.append({})
        return auths

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if getattr(self.view, "action", None) == "partial_update":
            parameters.append(IF_MATCH)
        return parameters

    def get_request_serializer(self):
        write = getattr(self.view, "write_serializer_class", None)
        if write is not None and getattr(self.view, "action", None) in ("create", "partial_update"):
            return write
        return super().get_request_serializer()

    def get_response_serializers(self):
        read = getattr(self.view, "serializer_class", None)
        if read is not None and getattr(self.view, "action", None) in ("create", "partial_update"):
            return read
        return super().get_response_serializers()

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = (
                "json (the default) or csv: every row that matches the filters as one CSV file, "
                "nested values as dotted columns."
            )
        return parameters

    def _get_pagination_parameters(self):
        parameters = super()._get_pagination_parameters()
        for parameter in parameters:
            if parameter["name"] == "page_size":
                parameter["description"] = "Rows per page: 50 unless given, at most 1000."
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters

    def _get_filter_parameters(self):
        """Each filter of the FilterSet described as a field is: English, then the Swedish term."""
        if getattr(self.view, "action", None) == "ids":
            self._filters_of_a_list = True
            try:
                parameters = super()._get_filter_parameters()
            finally:
                self._filters_of_a_list = False
        else:
            parameters = super()._get_filter_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        filters = getattr(filterset, "base_filters", {})
        for parameter in parameters:
            flt = filters.get(parameter.get("name"))
            label = getattr(flt, "label", None)
            if label:
                text = f"{english(label)} (sv: {swedish(label).lower()})."
                choices = parameter.get("schema", {}).get("enum")
                parameter["description"] = (
                    f"{text} One of: {', '.join(map(str, choices))}." if choices else text
                )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = dict(ERRORS_EVERYWHERE)
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            errors.update(ERRORS_OF_WRITES)
        if getattr(self.view, "public", False):
            errors.pop("403", None)
        component = self.resolve_serializer(ErrorSerializer, "response")
        for code, description in errors.items():
            responses.setdefault(
                code,
                {
                    "description": description,
                    "content": {"application/json": {"schema": component.ref}},
                },
            )
        return responses


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "organisations.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token (API-nyckel) from the portal's 'Mina API-nycklar' page or "
            "`manage.py create_api_token`: `Authorization: Bearer <token>`.",
        }
