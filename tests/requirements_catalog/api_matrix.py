"""API permission matrix rows of the requirements_catalog app."""

from core.testing.api_matrix import ApiRow, api_expect

ROWS = [
    ApiRow("api:instrument-list", expect=api_expect(200)),
    ApiRow(
        "api:instrument-list",
        query={"kind": "assessment_template", "year": 2024},
        note="filtered",
        expect=api_expect(200),
    ),
    ApiRow(
        "api:instrument-detail",
        kwargs=lambda w: {"pk": w.instrument.pk},
        expect=api_expect(200, auditor=404),
    ),
]
