"""Permission matrix rows of the risk analyses, the category tree and the studies."""

from tests.matrix import MatrixRow, expect


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


# Identified risks, under their analysis; studies. The secretariat writes them; a page of a row
# the user may not change is a 404 (an add page under an analysis too).


def identified_risk(world):
    from riskanalysis.models import IdentifiedRisk

    return IdentifiedRisk.objects.get_or_create(
        analysis=world.risk_analysis,
        area="labour_rights",
        defaults={"description": "Tvångsarbete vid fabriker i Malaysia.", "countries": ["MY"]},
    )[0]


def _risk_data(world):
    return {
        "area": "environment",
        "description": "Utsläpp vid tillverkningen.",
        "likelihood": 3,
        "severity": 4,
        "supply_chain_stage": "manufacturing",
        "countries": "CN, VN",
    }


def _study_data(world):
    return {
        "title": "Cirkulära flöden av sjukvårdstextil",
        "year": 2025,
        "responsible_organisations": [world.secretariat_org.pk],
        "counterparts": [world.partner.pk],
    }


CHANGE_PAGE = expect(404, secretariat=200)
CHANGE_POST = expect(404, secretariat=302)
_risk = {"kwargs": lambda w: {"pk": identified_risk(w).pk}}
_study = {"kwargs": lambda w: {"pk": w.study.pk}}

ROWS += [
    MatrixRow("riskanalysis:identifiedrisk_add", CHANGE_PAGE, kwargs=_analysis),
    MatrixRow(
        "riskanalysis:identifiedrisk_add",
        CHANGE_POST,
        kwargs=_analysis,
        method="post",
        data=_risk_data,
    ),
    MatrixRow("riskanalysis:identifiedrisk_edit", CHANGE_PAGE, **_risk),
    MatrixRow(
        "riskanalysis:identifiedrisk_edit", CHANGE_POST, method="post", data=_risk_data, **_risk
    ),
    MatrixRow("riskanalysis:identifiedrisk_delete", CHANGE_PAGE, **_risk),
    MatrixRow("riskanalysis:identifiedrisk_delete", CHANGE_POST, method="post", **_risk),
    MatrixRow("riskanalysis:study_add", expect(403, secretariat=200)),
    MatrixRow(
        "riskanalysis:study_add", expect(403, secretariat=302), method="post", data=_study_data
    ),
    MatrixRow("riskanalysis:study_edit", CHANGE_PAGE, **_study),
    MatrixRow("riskanalysis:study_edit", CHANGE_POST, method="post", data=_study_data, **_study),
    MatrixRow("riskanalysis:study_delete", CHANGE_PAGE, **_study),
    MatrixRow("riskanalysis:study_delete", CHANGE_POST, method="post", **_study),
]


# The category tree and its priority periods: the secretariat's. The add page is refused (403)
# to others; a category or period they may not change is a 404.


def spare_category(world):
    """A category nothing uses, that may be deleted."""
    from riskanalysis.models import Category

    return Category.objects.get_or_create(name="Handskar", parent=world.category)[0]


def category_priority(world):
    from riskanalysis.models import CategoryPriority

    return CategoryPriority.objects.get_or_create(
        category=spare_category(world), start_year=2026, defaults={"end_year": 2028}
    )[0]


def _category_data(world):
    return {"name": "Operationshandskar", "parent": world.category.pk, "description": ""}


def _priority_data(world):
    return {"start_year": 2026, "end_year": 2028, "human_rights_risk": "high"}


_spare = {"kwargs": lambda w: {"pk": spare_category(w).pk}}
_priority = {"kwargs": lambda w: {"pk": category_priority(w).pk}}

ROWS += [
    MatrixRow("riskanalysis:category_add", expect(403, secretariat=200)),
    MatrixRow(
        "riskanalysis:category_add",
        expect(403, secretariat=302),
        method="post",
        data=_category_data,
    ),
    MatrixRow("riskanalysis:category_edit", CHANGE_PAGE, **_spare),
    MatrixRow(
        "riskanalysis:category_edit", CHANGE_POST, method="post", data=_category_data, **_spare
    ),
    MatrixRow("riskanalysis:category_delete", CHANGE_PAGE, **_spare),
    MatrixRow("riskanalysis:category_delete", CHANGE_POST, method="post", **_spare),
    MatrixRow("riskanalysis:categorypriority_add", CHANGE_PAGE, **_spare),
    MatrixRow(
        "riskanalysis:categorypriority_add",
        CHANGE_POST,
        method="post",
        data=lambda w: {**_priority_data(w), "start_year": 2029, "end_year": 2031},
        **_spare,
    ),
    MatrixRow("riskanalysis:categorypriority_edit", CHANGE_PAGE, **_priority),
    MatrixRow(
        "riskanalysis:categorypriority_edit",
        CHANGE_POST,
        method="post",
        data=_priority_data,
        **_priority,
    ),
    MatrixRow("riskanalysis:categorypriority_delete", CHANGE_PAGE, **_priority),
    MatrixRow("riskanalysis:categorypriority_delete", CHANGE_POST, method="post", **_priority),
]
