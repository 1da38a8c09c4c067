"""API permission matrix rows of core: the API root and the deletion log."""

from core.testing.api_matrix import ApiRow, api_expect

ROWS = [
    ApiRow("api:api-root", expect=api_expect(200)),
    ApiRow("api:deletion-list", expect=api_expect(200)),
    ApiRow(
        "api:deletion-list", query={"since": "yesterday"}, note="bad-since", expect=api_expect(400)
    ),
]
