"""Filter backends of the API: the apps' FilterSets, ``modified_since`` and a stable order."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend, OrderingFilter

MODIFIED_SINCE_PARAM = "modified_since"
AFTER_ID_PARAM = "after_id"
SYNC_ORDER = ("modified", "id")


def parse_instant(raw: str, *, field: str) -> datetime.datetime:
    """An ISO 8601 date or date-time; without an offset it is Swedish time.

    A '+' of an offset that arrives unencoded in a query string reads as a space; it is put back.
    """
    text = raw.strip().replace(" ", "+")
    try:
        value = parse_datetime(text)
        if value is None:
            day = parse_date(text)
            if day is not None:
                value = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        value = None
    if value is not None and not 1900 <= value.year <= 9000:
        value = None
    if value is None:
        raise ValidationError(
            {
                field: [
                    _(
                        "Give a date or date-time in ISO 8601, such as 2024-05-01 or "
                        "2024-05-01T12:00:00+02:00."
                    )
                ]
            }
        )
    if timezone.is_naive(value):
        try:
            value = timezone.make_aware(value)
        except (OverflowError, ValueError):
            value = value.replace(tzinfo=datetime.UTC)
    return value


class ModifiedSinceFilter(BaseFilterBackend):
    """``modified_since``: rows modified at or after the instant, oldest change first.

    ``after_id`` continues a keyset: rows modified exactly at ``modified_since`` with an id up to
    ``after_id`` were already sent. The ``next`` link of a sync page sets both.
    """

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get(MODIFIED_SINCE_PARAM)
        after_raw = request.query_params.get(AFTER_ID_PARAM)
        if not raw:
            if after_raw:
                raise ValidationError(
                    {AFTER_ID_PARAM: [_("after_id is used together with modified_since.")]}
                )
            return queryset
        since = parse_instant(raw, field=MODIFIED_SINCE_PARAM)
        if after_raw:
            try:
                after_id = int(after_raw)
            except ValueError:
                raise ValidationError({AFTER_ID_PARAM: [_("Give a whole number.")]}) from None
            if not -(2**63) < after_id < 2**63:
                raise ValidationError({AFTER_ID_PARAM: [_("The number is out of range.")]})
            queryset = queryset.filter(Q(modified__gt=since) | Q(modified=since, pk__gt=after_id))
        else:
            queryset = queryset.filter(modified__gte=since)
        return queryset.order_by(*SYNC_ORDER)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": MODIFIED_SINCE_PARAM,
                "required": False,
                "in": "query",
                "description": (
                    "Only rows modified at or after this instant (ISO 8601; without an offset, "
                    "Swedish time), ordered by modification time, then id. Follow `next` to "
                    "page: it continues after the last row sent. (sv: ändrad sedan)"
                ),
                "schema": {"type": "string"},
            },
            {
                "name": AFTER_ID_PARAM,
                "required": False,
                "in": "query",
                "description": (
                    "With modified_since: skip rows modified exactly then with an id up to this "
                    "one (set by the `next` link)."
                ),
                "schema": {"type": "integer"},
            },
        ]


class StableOrderingFilter(OrderingFilter):
    """``ordering=<field>`` or ``-<field>``; the id always breaks ties, so pages never overlap.

    A sync request (``modified_since``) keeps its order by modification time and id.
    """

    def filter_queryset(self, request, queryset, view):
        if request.query_params.get(MODIFIED_SINCE_PARAM):
            return queryset
        ordering = self.get_ordering(request, queryset, view) or list(SYNC_ORDER)
        ordering = list(ordering)
        if not any(term.lstrip("-") in ("id", "pk") for term in ordering):
            ordering.append("id")
        return queryset.order_by(*ordering)

    def get_schema_operation_parameters(self, view):
        fields = ", ".join(getattr(view, "ordering_fields", None) or SYNC_ORDER)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": f"Order by one of: {fields}; prefix - for descending; the id "
                "breaks ties. Default: modified, id. (sv: sortering)",
                "schema": {"type": "string"},
            }
        ]

    def get_default_ordering(self, view):
        return list(getattr(view, "ordering", None) or SYNC_ORDER)
