"""Page-number pagination with ``page_size`` up to 1000; in sync mode the next page is a keyset.

A client mirroring the data follows ``next`` from a ``modified_since`` request. Page numbers would
skip a row whenever an earlier row is modified while the client pages (every later row moves up
one place), so in sync mode ``next`` continues after the last row's (modified, id) instead:
``?modified_since=<its modified>&after_id=<its id>``. A row changed meanwhile comes again later;
none is skipped.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.paginator import InvalidPage
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.api.filters import AFTER_ID_PARAM, MODIFIED_SINCE_PARAM

MAX_PAGE_SIZE = 1000


class PortalPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.sync_mode = bool(request.query_params.get(MODIFIED_SINCE_PARAM))
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise
        except InvalidPage as error:  # pragma: no cover - DRF turns these into NotFound
            raise NotFound(str(error)) from error

    def get_next_link(self):
        if not self.sync_mode or not self.page.has_next():
            return super().get_next_link()
        last = self.page.object_list[len(self.page.object_list) - 1]
        if isinstance(last, dict):
            # The values() rows of a bulk list (row_builder), which may read the time stamps as
            # text (InstantText): the last row as the response gives it, the instant in UTC.
            row = self.rows[-1]
            modified, pk = datetime.fromisoformat(row["modified"]).astimezone(UTC), row["id"]
        else:
            modified, pk = last.modified, last.pk
        url = self.request.build_absolute_uri()
        url = remove_query_param(url, self.page_query_param)
        url = replace_query_param(url, MODIFIED_SINCE_PARAM, modified.isoformat())
        return replace_query_param(url, AFTER_ID_PARAM, pk)

    def get_previous_link(self):
        return None if self.sync_mode else super().get_previous_link()

    def get_paginated_response(self, data):
        self.rows = data
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )
