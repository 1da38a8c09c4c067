"""Permission matrix rows of the risk analyses, the category tree and the studies."""

from core.testing.matrix import MatrixRow, expect


def _analysis(w):
    return {"pk": w.risk_analysis.pk}


ROWS = [
    MatrixRow("riskanalysis:riskanalysis_list", expect(200)),
    MatrixRow(
        "riskanalysis:riskanalysis_detail",
        expect(200, auditor=404),
        kwargs=_analysis,
    ),
    MatrixRow("riskanalysis:riskanalysis_add", expect(403, secretariat=200)),
    MatrixRow(
        "riskanalysis:riskanalysis_add",
        expect(403, secretariat=302),
        method="post",
        data=lambda w: {
            "title": "Ny analys",
            "kind": "in_depth",
            "category": w.subcategory.pk,
            "products_areas": "Antibiotika",
            "year": 2025,
        },
    ),
    MatrixRow("riskanalysis:riskanalysis_edit", expect(404, secretariat=200), kwargs=_analysis),
    MatrixRow(
        "riskanalysis:riskanalysis_edit",
        expect(404, secretariat=302),
        kwargs=_analysis,
        method="post",
        data=lambda w: {
            "title": "Ändrad",
            "kind": "in_depth",
            "category": w.category.pk,
            "products_areas": "Skyddsrockar",
            "year": 2024,
        },
    ),
    MatrixRow("riskanalysis:riskanalysis_delete", expect(404, secretariat=200), kwargs=_analysis),
    MatrixRow(
        "riskanalysis:riskanalysis_delete",
        expect(404, secretariat=302),
        kwargs=_analysis,
        method="post",
    ),
    # Auditors get the page with an empty tree: categories are shared data.
    MatrixRow("riskanalysis:category_tree", expect(200)),
    MatrixRow("riskanalysis:study_list", expect(200)),
    MatrixRow(
        "riskanalysis:study_detail",
        expect(200, auditor=404),
        kwargs=lambda w: {"pk": w.study.pk},
    ),
]
