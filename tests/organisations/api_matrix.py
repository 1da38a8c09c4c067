"""API permission matrix rows of the organisations app."""

from core.testing.api_matrix import ApiRow, api_expect

ROWS = [
    # Shared data: every reader sees the organisations; the auditor gets an empty list.
    ApiRow("api:organisation-list", expect=api_expect(200)),
    ApiRow(
        "api:organisation-list",
        query={"kind": "region", "country": "SE"},
        note="filtered",
        expect=api_expect(200),
    ),
    ApiRow(
        "api:organisation-list", query={"kind": "castle"}, note="bad-kind", expect=api_expect(400)
    ),
    ApiRow(
        "api:organisation-detail",
        kwargs=lambda w: {"pk": w.region_a.pk},
        expect=api_expect(200, auditor=404),
    ),
]
