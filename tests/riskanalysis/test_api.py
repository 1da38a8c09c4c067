"""Categories, risk analyses and studies over the REST API."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from riskanalysis.models import Category, CategoryPriority, IdentifiedRisk, RiskAnalysis, Study
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

CATEGORIES = reverse("api:category-list")
ANALYSES = reverse("api:riskanalysis-list")
STUDIES = reverse("api:study-list")
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_category_has_parent_path_and_priority_periods(api_as, world):
    leaf = Category.objects.create(name="Penicilliner", parent=world.subcategory)
    priority = CategoryPriority.objects.get(category=world.category)
    priority.human_rights_risk = "high"
    priority.environment_risk = "medium"
    priority.save()
    client = api_as("reader")
    row = client.get(reverse("api:category-detail", args=[leaf.pk])).json()
    assert row["parent"] == world.subcategory.pk
    assert row["path"] == ["Läkemedel", "Antibiotika", "Penicilliner"]
    assert row["priorities"] == []
    root = client.get(reverse("api:category-detail", args=[world.category.pk])).json()
    assert root["path"] == ["Läkemedel"]
    assert root["parent"] is None
    [period] = root["priorities"]
    assert (period["start_year"], period["end_year"]) == (2023, 2025)
    assert period["human_rights_risk"] == "high"
    assert period["environment_risk"] == "medium"
    assert period["labour_rights_risk"] == ""


def test_category_filters(api_as, world):
    other = Category.objects.create(name="Textilier")
    CategoryPriority.objects.create(category=other, start_year=2020, end_year=2022)
    client = api_as("procurer_a")
    names = [row["name"] for row in results(client.get(CATEGORIES, {"year": 2024}))]
    assert names == ["Läkemedel"]
    names = [row["name"] for row in results(client.get(CATEGORIES, {"year": 2021}))]
    assert names == ["Textilier"]
    children = results(client.get(CATEGORIES, {"parent": world.category.pk}))
    assert [row["name"] for row in children] == ["Antibiotika"]
    assert [row["name"] for row in results(client.get(CATEGORIES, {"q": "biot"}))] == [
        "Antibiotika"
    ]


def test_category_list_queries_do_not_grow_with_rows_or_depth(api_as, world):
    client = api_as("reader")
    few = count_queries(client, CATEGORIES, warm_up=True)
    parent = world.subcategory
    for depth in range(6):
        parent = Category.objects.create(name=f"Nivå {depth}", parent=parent)
        CategoryPriority.objects.create(category=parent, start_year=2023, end_year=2025)
    assert count_queries(client, CATEGORIES, warm_up=True) == few
    deepest = results(client.get(CATEGORIES, {"q": "Nivå 5"}))[0]
    assert deepest["path"][:2] == ["Läkemedel", "Antibiotika"]
    assert len(deepest["path"]) == 8


def test_a_priority_change_shows_in_incremental_sync(api_as, world):
    Category.objects.update(modified=LONG_AGO)
    since = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC).isoformat()
    client = api_as("reader")
    assert results(client.get(CATEGORIES, {"modified_since": since})) == []
    priority = CategoryPriority.objects.get(category=world.category)
    priority.business_ethics_risk = "low"
    priority.save()
    [row] = results(client.get(CATEGORIES, {"modified_since": since}))
    assert row["id"] == world.category.pk
    assert row["priorities"][0]["business_ethics_risk"] == "low"


def test_risk_analysis_with_risks_and_responsible_organisations(api_as, world):
    analysis = world.risk_analysis
    analysis.responsible_organisations.set([world.region_a, world.region_b])
    IdentifiedRisk.objects.create(
        analysis=analysis,
        area="labour_rights",
        description="Tvångsarbete i handskfabriker.",
        likelihood=4,
        severity=5,
        supply_chain_stage="manufacturing",
        countries=["MY", "TH"],
    )
    IdentifiedRisk.objects.create(analysis=analysis, area="environment", description="Utsläpp.")
    row = api_as("reader").get(reverse("api:riskanalysis-detail", args=[analysis.pk])).json()
    assert row["title"] == "Fördjupad riskanalys: Skyddsrockar"
    assert row["category"] == world.category.pk
    assert row["category_name"] == "Läkemedel"
    assert row["year"] == 2024
    assert row["responsible_organisation_codes"] == ["SE-AB", "SE-T"]
    assert sorted(row["responsible_organisations"]) == sorted(
        [world.region_a.pk, world.region_b.pk]
    )
    assert [risk["area"] for risk in row["risks"]] == ["environment", "labour_rights"]
    labour = row["risks"][1]
    assert labour["countries"] == ["MY", "TH"]
    assert (labour["likelihood"], labour["severity"]) == (4, 5)
    assert labour["supply_chain_stage"] == "manufacturing"


def test_risk_analysis_filters(api_as, world):
    world.risk_analysis.responsible_organisations.set([world.region_a])
    RiskAnalysis.objects.create(
        title="Handskar", category=world.subcategory, products_areas="Handskar", year=2023
    )
    client = api_as("procurer_b")
    titles = [row["title"] for row in results(client.get(ANALYSES, {"year": 2023}))]
    assert titles == ["Handskar"]
    titles = [row["title"] for row in results(client.get(ANALYSES, {"region": "SE-T"}))]
    assert titles == ["Fördjupad riskanalys: Skyddsrockar"]
    assert results(client.get(ANALYSES, {"region": "SE-AB"})) == []
    # The category filter takes the category and everything beneath it.
    assert len(results(client.get(ANALYSES, {"category": world.category.pk}))) == 2
    assert len(results(client.get(ANALYSES, {"q": "handsk"}))) == 1
    response = client.get(ANALYSES, {"region": "SE-XX"})
    assert response.status_code == 400
    assert "region" in response.json()["errors"]


def test_a_new_risk_bumps_the_analysis_for_sync(world):
    RiskAnalysis.objects.update(modified=LONG_AGO)
    IdentifiedRisk.objects.create(
        analysis=world.risk_analysis, area="human_rights", description="Barnarbete."
    )
    world.risk_analysis.refresh_from_db()
    assert world.risk_analysis.modified > LONG_AGO


def test_risk_analysis_list_queries_do_not_grow_with_rows(api_as, world):
    client = api_as("reader")
    few = count_queries(client, ANALYSES, warm_up=True)
    for year in range(2010, 2020):
        analysis = RiskAnalysis.objects.create(
            title=f"Analys {year}", category=world.category, products_areas="X", year=year
        )
        analysis.responsible_organisations.set([world.region_a])
        IdentifiedRisk.objects.create(analysis=analysis, area="environment", description="Y.")
    assert count_queries(client, ANALYSES, warm_up=True) == few


def test_studies_with_organisation_codes(api_as, world):
    world.study.responsible_organisations.set([world.secretariat_org])
    world.study.counterparts.set([world.partner])
    Study.objects.create(title="NHS net zero", year=2023)
    client = api_as("reader")
    [row] = results(client.get(STUDIES, {"year": 2024}))
    assert row["title"] == "Cirkulär ekonomi"
    assert row["responsible_organisation_codes"] == ["KANSLIET"]
    assert row["counterpart_codes"] == ["ADDA"]


def test_auditor_sees_none_and_anonymous_is_401(api_as, world):
    client = api_as("auditor")
    for url in (CATEGORIES, ANALYSES, STUDIES):
        assert client.get(url).json()["count"] == 0
        assert APIClient().get(url).status_code == 401
    detail = reverse("api:riskanalysis-detail", args=[world.risk_analysis.pk])
    assert client.get(detail).status_code == 404


def test_category_csv_has_the_header_row_and_the_path(api_as, world):
    response = api_as("reader").get(CATEGORIES, {"format": "csv", "ordering": "name"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,url,name,parent,path")
    assert "Läkemedel | Antibiotika" in lines[1]


def test_renaming_a_category_modifies_every_category_beneath_it(api_as, world):
    leaf = Category.objects.create(name="Penicilliner", parent=world.subcategory)
    before = Category.objects.get(pk=leaf.pk).modified
    world.category.name = "Läkemedel och vaccin"
    world.category.save()
    assert Category.objects.get(pk=leaf.pk).modified > before
    client = api_as("reader")
    changed = client.get(
        reverse("api:category-list"), {"modified_since": before.isoformat()}
    ).json()["results"]
    paths = {row["name"]: row["path"] for row in changed}
    assert paths["Penicilliner"] == ["Läkemedel och vaccin", "Antibiotika", "Penicilliner"]
