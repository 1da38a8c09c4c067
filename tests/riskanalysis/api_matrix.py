"""API permission matrix rows of the riskanalysis app."""

from tests.matrix import ApiRow, api_expect

# Shared data, curated by the secretariat: readers see it, the auditor sees none of it.
SEE_ALL = api_expect(200)
SEE_ONE = api_expect(200, auditor=404)

ROWS = [
    ApiRow("api:category-list", expect=SEE_ALL),
    ApiRow("api:category-list", query={"year": 2024}, note="prioritised", expect=SEE_ALL),
    ApiRow("api:category-detail", kwargs=lambda w: {"pk": w.subcategory.pk}, expect=SEE_ONE),
    ApiRow("api:riskanalysis-list", expect=SEE_ALL),
    ApiRow(
        "api:riskanalysis-list",
        query={"region": "SE-T", "year": 2024},
        note="filtered",
        expect=api_expect(200, auditor=400),
    ),  # the auditor sees no region to name
    ApiRow("api:riskanalysis-detail", kwargs=lambda w: {"pk": w.risk_analysis.pk}, expect=SEE_ONE),
    ApiRow("api:study-list", expect=SEE_ALL),
    ApiRow("api:study-detail", kwargs=lambda w: {"pk": w.study.pk}, expect=SEE_ONE),
]

# Writes: the secretariat's. A procurer or reader who sees the row is refused (403); the
# auditor sees none of it (404).
WRITE = api_expect(403, secretariat=200, auditor=404)
DELETE = api_expect(403, secretariat=204, auditor=404)
ADD = api_expect(403, secretariat=201)


def _risk(w):
    from tests.riskanalysis.matrix import identified_risk

    return {"pk": identified_risk(w).pk}


ROWS += [
    ApiRow(
        "api:riskanalysis-list",
        "post",
        data=lambda w: {
            "title": "Fördjupad riskanalys: Handskar",
            "kind": "in_depth",
            "category": w.subcategory.pk,
            "products_areas": "Handskar",
            "year": 2025,
            "responsible_organisations": [w.region_a.pk],
        },
        expect=ADD,
    ),
    ApiRow(
        "api:riskanalysis-detail",
        "patch",
        kwargs=lambda w: {"pk": w.risk_analysis.pk},
        data=lambda w: {"measures": "Dialog med leverantörerna."},
        expect=WRITE,
    ),
    ApiRow(
        "api:riskanalysis-detail",
        "delete",
        kwargs=lambda w: {"pk": w.risk_analysis.pk},
        expect=DELETE,
    ),
    ApiRow("api:identifiedrisk-list", expect=SEE_ALL),
    ApiRow(
        "api:identifiedrisk-list",
        query={"country": "MY", "area": "labour_rights"},
        note="filtered",
        expect=SEE_ALL,
    ),
    ApiRow(
        "api:identifiedrisk-list",
        "post",
        data=lambda w: {
            "analysis": w.risk_analysis.pk,
            "area": "environment",
            "description": "Utsläpp vid tillverkningen.",
            "likelihood": 3,
            "severity": 4,
            "countries": ["CN"],
        },
        expect=ADD,
    ),
    ApiRow("api:identifiedrisk-detail", kwargs=_risk, expect=SEE_ONE),
    ApiRow(
        "api:identifiedrisk-detail",
        "patch",
        kwargs=_risk,
        data=lambda w: {"severity": 5},
        expect=WRITE,
    ),
    ApiRow("api:identifiedrisk-detail", "delete", kwargs=_risk, expect=DELETE),
    ApiRow(
        "api:study-list",
        "post",
        data=lambda w: {
            "title": "Jämförelse med NHS netto noll",
            "year": 2025,
            "counterparts": [w.partner.pk],
        },
        expect=ADD,
    ),
    ApiRow(
        "api:study-detail",
        "patch",
        kwargs=lambda w: {"pk": w.study.pk},
        data=lambda w: {"outcome": "Rapporten delades med regionerna."},
        expect=WRITE,
    ),
    ApiRow("api:study-detail", "delete", kwargs=lambda w: {"pk": w.study.pk}, expect=DELETE),
]


def _spare(w):
    from tests.riskanalysis.matrix import spare_category

    return {"pk": spare_category(w).pk}


def _priority(w):
    from tests.riskanalysis.matrix import category_priority

    return {"pk": category_priority(w).pk}


ROWS += [
    ApiRow(
        "api:category-list",
        "post",
        data=lambda w: {"name": "Operationshandskar", "parent": w.category.pk},
        expect=ADD,
    ),
    ApiRow(
        "api:category-detail",
        "patch",
        kwargs=_spare,
        data=lambda w: {"description": "Undersöknings- och operationshandskar."},
        expect=WRITE,
    ),
    ApiRow("api:category-detail", "delete", kwargs=_spare, expect=DELETE),
    ApiRow("api:categorypriority-list", expect=SEE_ALL),
    ApiRow("api:categorypriority-list", query={"year": 2026}, note="filtered", expect=SEE_ALL),
    ApiRow(
        "api:categorypriority-list",
        "post",
        data=lambda w: {
            "category": w.subcategory.pk,
            "start_year": 2026,
            "end_year": 2028,
            "labour_rights_risk": "high",
        },
        expect=ADD,
    ),
    ApiRow("api:categorypriority-detail", kwargs=_priority, expect=SEE_ONE),
    ApiRow(
        "api:categorypriority-detail",
        "patch",
        kwargs=_priority,
        data=lambda w: {"end_year": 2029},
        expect=WRITE,
    ),
    ApiRow("api:categorypriority-detail", "delete", kwargs=_priority, expect=DELETE),
]
