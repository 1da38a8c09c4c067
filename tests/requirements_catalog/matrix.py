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
    # The clauses' import and export: export to every reader through the gate (an auditor gets
    # an empty file); import only for whoever may add clauses (the secretariat).
    MatrixRow("requirements_catalog:clause_export", expect(200)),
    MatrixRow("requirements_catalog:clause_import", expect(403, secretariat=200)),
    MatrixRow(
        "requirements_catalog:clause_import",
        expect(403, secretariat=400),  # no file: the form says so
        method="post",
    ),
]
