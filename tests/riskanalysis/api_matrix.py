"""API permission matrix rows of the riskanalysis app."""

from core.testing.api_matrix import ApiRow, api_expect

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
