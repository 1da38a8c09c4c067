"""API permission matrix rows of the organisations app."""

from tests.matrix import ApiRow, api_expect

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

# Partnerships: every reader sees them; the secretariat adds, changes and deletes them.


def _partnership(w):
    from tests.organisations.matrix import partnership

    return {"pk": partnership(w).pk}


ROWS += [
    ApiRow("api:partnership-list", expect=api_expect(200)),
    ApiRow("api:partnership-list", query={"year": 2024}, note="year", expect=api_expect(200)),
    ApiRow(
        "api:partnership-list",
        "post",
        data=lambda w: {
            "partner": w.partner.pk,
            "kind": "membership",
            "since_year": 2016,
            "years": [{"year": 2024, "description": "Medlemskap; arbetsgrupp om föreningsfrihet."}],
        },
        expect=api_expect(403, secretariat=201),
    ),
    ApiRow("api:partnership-detail", kwargs=_partnership, expect=api_expect(200, auditor=404)),
    ApiRow(
        "api:partnership-detail",
        "patch",
        kwargs=_partnership,
        data=lambda w: {"years": [{"year": 2025, "description": "Gemensam utbildning."}]},
        expect=api_expect(403, secretariat=200, auditor=404),
    ),
    ApiRow(
        "api:partnership-detail",
        "delete",
        kwargs=_partnership,
        expect=api_expect(403, secretariat=204, auditor=404),
    ),
]

# The organisation register: the secretariat writes it.
ROWS += [
    ApiRow(
        "api:organisation-list",
        "post",
        data=lambda w: {"code": "MALMO", "name": "Malmö stad", "kind": "other", "country": "se"},
        expect=api_expect(403, secretariat=201),
    ),
    ApiRow(
        "api:organisation-detail",
        "patch",
        kwargs=lambda w: {"pk": w.region_a.pk},
        data=lambda w: {"population": 310000},
        expect=api_expect(403, secretariat=200, auditor=404),
    ),
    ApiRow(
        "api:organisation-detail",
        "delete",
        kwargs=lambda w: {"pk": unreferenced(w).pk},
        expect=api_expect(403, secretariat=204, auditor=404),
    ),
]


def unreferenced(w):
    from tests.organisations.matrix import unreferenced_organisation

    return unreferenced_organisation(w)
