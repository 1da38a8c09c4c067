from core.testing.matrix import MatrixRow, expect

ROWS = [
    # The auditor reaches no shared register: an empty list, and 404 for a detail page.
    MatrixRow("requirements_catalog:instrument_list", expect(200)),
    MatrixRow(
        "requirements_catalog:instrument_detail",
        expect(200, auditor=404),
        kwargs=lambda w: {"pk": w.instrument.pk},
    ),
    MatrixRow(
        "requirements_catalog:instrumentversion_detail",
        expect(200, auditor=404),
        kwargs=lambda w: {"pk": w.template_version.pk},
    ),
]
