"""Permission matrix rows of the requirements catalogue: every reader reads it; the secretariat
alone curates it (anyone else gets 403 on an add page, 404 on an object's change page, as the
gate has it). A published version's change pages send even the secretariat back (302) with the
reason."""

from tests.matrix import MatrixRow, expect

# Only the secretariat reaches a change page; the others do not see the object to change.
SECRETARIAT_ONLY = expect(404, secretariat=200)
SECRETARIAT_POSTED = expect(404, secretariat=302)
# A published version (or its clause): the secretariat is sent back to it with the reason.
PUBLISHED_REFUSED = expect(404, secretariat=302)


def _instrument(w):
    return {"pk": w.instrument.pk}


def _draft_instrument(w):
    return {"pk": w.draft_instrument.pk}


def _published(w):
    return {"pk": w.template_version.pk}


def _draft(w):
    return {"pk": w.draft_version.pk}


def _draft_clause(w):
    return {"pk": w.draft_clause.pk}


def _criterion(w):
    return {"pk": w.criterion.pk}


def _instrument_data(w, code="ny-vagledning", title="Ny vägledning"):
    return {
        "code": code,
        "kind": "guidance",
        "title": title,
        "category": w.category.pk,
        "products_areas": "Handskar",
        "responsible_organisations": [w.region_a.pk],
        "description": "Vägledning för upphandlare.",
    }


def _clause_data(w):
    return {"code": "2", "title": "Fabriker", "text": "Leverantören redovisar underleverantörer."}


ROWS = [
    # The auditor reaches no shared register: an empty list, and 404 for a detail page.
    MatrixRow("requirements_catalog:instrument_list", expect(200)),
    MatrixRow(
        "requirements_catalog:instrument_detail",
        expect(200, auditor=404),
        kwargs=_instrument,
    ),
    MatrixRow(
        "requirements_catalog:instrumentversion_detail",
        expect(200, auditor=404),
        kwargs=_published,
    ),
    MatrixRow(
        "requirements_catalog:instrumentversion_detail",
        expect(200, auditor=404),
        kwargs=_draft,
        note="draft",
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
    # Instruments.
    MatrixRow("requirements_catalog:instrument_add", expect(403, secretariat=200)),
    MatrixRow(
        "requirements_catalog:instrument_add",
        expect(403, secretariat=302),
        method="post",
        data=_instrument_data,
    ),
    MatrixRow("requirements_catalog:instrument_edit", SECRETARIAT_ONLY, kwargs=_instrument),
    MatrixRow(
        "requirements_catalog:instrument_edit",
        SECRETARIAT_POSTED,
        kwargs=_instrument,
        method="post",
        data=lambda w: {
            **_instrument_data(w, code="bedomningsmall", title="Bedömningsmall"),
            "kind": "assessment_template",
        },
    ),
    MatrixRow("requirements_catalog:instrument_delete", SECRETARIAT_ONLY, kwargs=_draft_instrument),
    MatrixRow(
        "requirements_catalog:instrument_delete",
        SECRETARIAT_POSTED,
        kwargs=_draft_instrument,
        method="post",
    ),
    # Published: not deleted, the secretariat is sent back with the reason.
    MatrixRow(
        "requirements_catalog:instrument_delete",
        PUBLISHED_REFUSED,
        kwargs=_instrument,
        note="published",
    ),
    MatrixRow(
        "requirements_catalog:instrument_delete",
        PUBLISHED_REFUSED,
        kwargs=_instrument,
        method="post",
        note="published",
    ),
    # Drafting a version of the template (published, no draft yet).
    MatrixRow("requirements_catalog:instrumentversion_add", SECRETARIAT_ONLY, kwargs=_instrument),
    MatrixRow(
        "requirements_catalog:instrumentversion_add",
        SECRETARIAT_POSTED,
        kwargs=_instrument,
        method="post",
        data=lambda w: {"version": "2", "year": 2025, "notes": "Skärpta kriterier."},
    ),
    # An instrument with a draft: the page leads to the draft.
    MatrixRow(
        "requirements_catalog:instrumentversion_add",
        expect(404, secretariat=302),
        kwargs=_draft_instrument,
        note="has-draft",
    ),
    # A draft's pages.
    MatrixRow("requirements_catalog:instrumentversion_edit", SECRETARIAT_ONLY, kwargs=_draft),
    MatrixRow(
        "requirements_catalog:instrumentversion_edit",
        SECRETARIAT_POSTED,
        kwargs=_draft,
        method="post",
        data=lambda w: {"version": "2025", "year": 2025, "notes": ""},
    ),
    MatrixRow(
        "requirements_catalog:instrumentversion_edit",
        PUBLISHED_REFUSED,
        kwargs=_published,
        note="published",
    ),
    MatrixRow("requirements_catalog:instrumentversion_delete", SECRETARIAT_ONLY, kwargs=_draft),
    MatrixRow(
        "requirements_catalog:instrumentversion_delete",
        SECRETARIAT_POSTED,
        kwargs=_draft,
        method="post",
    ),
    MatrixRow(
        "requirements_catalog:instrumentversion_delete",
        PUBLISHED_REFUSED,
        kwargs=_published,
        method="post",
        note="published",
    ),
    MatrixRow("requirements_catalog:instrumentversion_publish", SECRETARIAT_ONLY, kwargs=_draft),
    MatrixRow(
        "requirements_catalog:instrumentversion_publish",
        SECRETARIAT_POSTED,
        kwargs=_draft,
        method="post",
        data=lambda w: {"on": "2025-06-02", "year": ""},
    ),
    MatrixRow(
        "requirements_catalog:instrumentversion_publish",
        PUBLISHED_REFUSED,
        kwargs=_published,
        method="post",
        data=lambda w: {"on": "2025-06-02"},
        note="published",
    ),
    # The world's versions have no document: 404 for everyone who may read them.
    MatrixRow(
        "requirements_catalog:instrumentversion_document",
        expect(404),
        kwargs=_published,
        note="none",
    ),
    # A draft's clauses.
    MatrixRow("requirements_catalog:clause_add", SECRETARIAT_ONLY, kwargs=_draft),
    MatrixRow(
        "requirements_catalog:clause_add",
        SECRETARIAT_POSTED,
        kwargs=_draft,
        method="post",
        data=_clause_data,
    ),
    MatrixRow(
        "requirements_catalog:clause_add", PUBLISHED_REFUSED, kwargs=_published, note="published"
    ),
    MatrixRow("requirements_catalog:clause_edit", SECRETARIAT_ONLY, kwargs=_draft_clause),
    MatrixRow(
        "requirements_catalog:clause_edit",
        SECRETARIAT_POSTED,
        kwargs=_draft_clause,
        method="post",
        data=_clause_data,
    ),
    MatrixRow(
        "requirements_catalog:clause_edit",
        PUBLISHED_REFUSED,
        kwargs=_criterion,
        method="post",
        data=_clause_data,
        note="published",
    ),
    MatrixRow("requirements_catalog:clause_delete", SECRETARIAT_ONLY, kwargs=_draft_clause),
    MatrixRow(
        "requirements_catalog:clause_delete",
        SECRETARIAT_POSTED,
        kwargs=_draft_clause,
        method="post",
    ),
    MatrixRow(
        "requirements_catalog:clause_delete",
        PUBLISHED_REFUSED,
        kwargs=_criterion,
        method="post",
        note="published",
    ),
    MatrixRow(
        "requirements_catalog:clause_move",
        SECRETARIAT_POSTED,
        kwargs=_draft_clause,
        method="post",
        data=lambda w: {"direction": "down"},
    ),
    # Moving is a POST; a GET is not a way to move anything.
    MatrixRow("requirements_catalog:clause_move", expect(405), kwargs=_draft_clause, note="get"),
    MatrixRow(
        "requirements_catalog:clause_move",
        expect(404, secretariat=302),
        kwargs=_criterion,
        method="post",
        data=lambda w: {"direction": "up"},
        note="published",
    ),
]
