"""API permission matrix rows of the requirements_catalog app: every reader reads the catalogue;
only the secretariat writes it (403 for the other readers, 404 for the auditor, who sees none
of it). A published version refuses every change, even the secretariat's: 409."""

from tests.matrix import ApiRow, api_expect

SEE_SHARED = api_expect(200, auditor=404)
# A write of an object every reader sees: the secretariat's alone.
SECRETARIAT_WRITES = api_expect(403, secretariat=200, auditor=404)
SECRETARIAT_DELETES = api_expect(403, secretariat=204, auditor=404)
PUBLISHED_CONFLICT = api_expect(403, secretariat=409, auditor=404)


def _instrument(w):
    return {"pk": w.instrument.pk}


def _draft_instrument(w):
    return {"pk": w.draft_instrument.pk}


def _published(w):
    return {"pk": w.template_version.pk}


def _draft(w):
    return {"pk": w.draft_version.pk}


def _criterion(w):
    return {"pk": w.criterion.pk}


def _draft_clause(w):
    return {"pk": w.draft_clause.pk}


ROWS = [
    ApiRow("api:instrument-list", expect=api_expect(200)),
    ApiRow(
        "api:instrument-list",
        query={"kind": "assessment_template", "year": 2024},
        note="filtered",
        expect=api_expect(200),
    ),
    ApiRow(
        "api:instrument-list",
        "post",
        data=lambda w: {
            "code": "textilkrav",
            "kind": "environmental_requirement",
            "title": "Kemikaliekrav textil",
            "category": w.category.pk,
            "responsible_organisations": [w.region_a.pk],
        },
        expect=api_expect(403, secretariat=201),
    ),
    ApiRow("api:instrument-detail", kwargs=_instrument, expect=SEE_SHARED),
    ApiRow(
        "api:instrument-detail",
        "patch",
        kwargs=_instrument,
        data=lambda w: {"description": "Mallen för kontorsrevisioner."},
        expect=SECRETARIAT_WRITES,
    ),
    ApiRow("api:instrument-detail", "delete", kwargs=_draft_instrument, expect=SECRETARIAT_DELETES),
    # Published once: the catalogue keeps it.
    ApiRow(
        "api:instrument-detail",
        "delete",
        kwargs=_instrument,
        note="published",
        expect=PUBLISHED_CONFLICT,
    ),
    # Versions.
    ApiRow("api:instrumentversion-list", expect=api_expect(200)),
    ApiRow(
        "api:instrumentversion-list",
        query={"status": "draft", "year": 2025},
        note="filtered",
        expect=api_expect(200),
    ),
    ApiRow(
        "api:instrumentversion-list",
        "post",
        data=lambda w: {"instrument": w.instrument.pk, "version": "2", "year": 2025},
        expect=api_expect(403, secretariat=201),
    ),
    ApiRow("api:instrumentversion-detail", kwargs=_published, expect=SEE_SHARED),
    ApiRow(
        "api:instrumentversion-detail",
        "patch",
        kwargs=_draft,
        data=lambda w: {"notes": "Remissversion."},
        expect=SECRETARIAT_WRITES,
    ),
    ApiRow(
        "api:instrumentversion-detail",
        "patch",
        kwargs=_published,
        data=lambda w: {"notes": "Ändrad i efterhand."},
        note="published",
        expect=PUBLISHED_CONFLICT,
    ),
    ApiRow("api:instrumentversion-detail", "delete", kwargs=_draft, expect=SECRETARIAT_DELETES),
    ApiRow(
        "api:instrumentversion-detail",
        "delete",
        kwargs=_published,
        note="published",
        expect=PUBLISHED_CONFLICT,
    ),
    ApiRow(
        "api:instrumentversion-publish",
        "post",
        kwargs=_draft,
        data=lambda w: {"on": "2025-06-02"},
        expect=SECRETARIAT_WRITES,
    ),
    ApiRow(
        "api:instrumentversion-publish",
        "post",
        kwargs=_published,
        data=lambda w: {},
        note="published",
        expect=PUBLISHED_CONFLICT,
    ),
    ApiRow(
        "api:instrumentversion-reorder",
        "post",
        kwargs=_draft,
        data=lambda w: {"clauses": [w.draft_clause.pk]},
        expect=SECRETARIAT_WRITES,
    ),
    # Clauses.
    ApiRow("api:clause-list", expect=api_expect(200)),
    ApiRow(
        "api:clause-list",
        query={"instrument": "bedomningsmall", "version": "1"},
        note="filtered",
        # The auditor sees no instrument, so names an unknown one: the filter says so.
        expect=api_expect(200, auditor=400),
    ),
    ApiRow(
        "api:clause-list",
        "post",
        data=lambda w: {
            "version": w.draft_version.pk,
            "code": "2",
            "text": "Leverantören redovisar underleverantörer.",
        },
        expect=api_expect(403, secretariat=201),
    ),
    ApiRow(
        "api:clause-list",
        "post",
        data=lambda w: {"version": w.template_version.pk, "code": "1.2", "text": "Ny."},
        note="published",
        expect=api_expect(403, secretariat=409),
    ),
    ApiRow("api:clause-detail", kwargs=_criterion, expect=SEE_SHARED),
    ApiRow(
        "api:clause-detail",
        "patch",
        kwargs=_draft_clause,
        data=lambda w: {"title": "Fabriker"},
        expect=SECRETARIAT_WRITES,
    ),
    ApiRow(
        "api:clause-detail",
        "patch",
        kwargs=_criterion,
        data=lambda w: {"text": "Ändrad."},
        note="published",
        expect=PUBLISHED_CONFLICT,
    ),
    ApiRow("api:clause-detail", "delete", kwargs=_draft_clause, expect=SECRETARIAT_DELETES),
    ApiRow(
        "api:clause-detail",
        "delete",
        kwargs=_criterion,
        note="published",
        expect=PUBLISHED_CONFLICT,
    ),
]
