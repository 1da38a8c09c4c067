"""Risk analyses, the category tree and studies in the browser."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from riskanalysis import services
from riskanalysis.choices import RiskArea, RiskLevel, SupplyChainStage
from riskanalysis.models import Category, CategoryPriority, IdentifiedRisk, RiskAnalysis, Study
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_riskanalysis_list_queries_do_not_grow_with_rows(client, world):
    client.force_login(world.users["procurer_a"])
    world.risk_analysis.responsible_organisations.add(world.region_a)
    url = reverse("riskanalysis:riskanalysis_list") + "?per_page=50"
    client.get(url)
    one = count_queries(client, url)
    for index in range(49):
        analysis = RiskAnalysis.objects.create(
            title=f"Analys {index}",
            category=world.subcategory,
            products_areas=f"Produkt {index}",
            year=2024,
        )
        analysis.responsible_organisations.add(world.region_a, world.region_b)
    assert client.get(url).context["table"].paginator.count == 50
    assert count_queries(client, url) == one


def test_study_list_queries_do_not_grow_with_rows(client, world):
    client.force_login(world.users["reader"])
    world.study.responsible_organisations.add(world.region_a)
    url = reverse("riskanalysis:study_list") + "?per_page=50"
    client.get(url)
    one = count_queries(client, url)
    for index in range(49):
        study = Study.objects.create(title=f"Utredning {index}", year=2023)
        study.responsible_organisations.add(world.region_b)
        study.counterparts.add(world.partner)
    assert client.get(url).context["table"].paginator.count == 50
    assert count_queries(client, url) == one


def test_category_tree_queries_do_not_grow_with_categories(client, world):
    client.force_login(world.users["reader"])
    url = reverse("riskanalysis:category_tree")
    client.get(url)
    before = count_queries(client, url)
    parent = world.subcategory
    for index in range(30):
        parent = Category.objects.create(name=f"Nivå {index}", parent=parent)
        CategoryPriority.objects.create(category=parent, start_year=2023, end_year=2025)
    assert count_queries(client, url) == before


def test_category_tree_nested_with_prioritised_badge(client, world):
    CategoryPriority.objects.filter(category=world.category).update(
        human_rights_risk=RiskLevel.HIGH, environment_risk=RiskLevel.MEDIUM
    )
    CategoryPriority.objects.create(category=world.subcategory, start_year=2020, end_year=2022)
    client.force_login(world.users["procurer_b"])
    response = client.get(reverse("riskanalysis:category_tree"))
    tree = response.context["tree"]
    assert [node.category.name for node in tree] == ["Läkemedel"]
    assert [node.category.name for node in tree[0].children] == ["Antibiotika"]
    assert tree[0].children[0].priority is None  # prioritised only in an earlier period
    html = response.content.decode()
    assert html.count("Prioritised 2023–2025") == 1
    assert "Human rights: High" in html and "Environment: Medium" in html
    assert f'id="category-{world.subcategory.pk}"' in html
    # The list nests: the sub-category's item sits inside the parent's.
    parent_at = html.index(f'id="category-{world.category.pk}"')
    assert html.index(f'id="category-{world.subcategory.pk}"') > parent_at


def test_category_tree_empty_for_auditor(client, world):
    client.force_login(world.users["auditor"])
    response = client.get(reverse("riskanalysis:category_tree"))
    assert response.context["tree"] == []


def test_riskanalysis_list_filters(client, world):
    other = RiskAnalysis.objects.create(
        title="Handskar", category=world.subcategory, products_areas="Handskar", year=2023
    )
    other.responsible_organisations.add(world.region_b)
    client.force_login(world.users["reader"])
    url = reverse("riskanalysis:riskanalysis_list")

    def titles(**params):
        return sorted(row.record.title for row in client.get(url, params).context["table"].rows)

    assert titles(year=2023) == ["Handskar"]
    assert titles(responsible_organisation=world.region_b.pk) == ["Handskar"]
    assert titles(category=world.subcategory.pk) == ["Handskar"]
    # A category includes its sub-categories.
    assert titles(category=world.category.pk) == ["Fördjupad riskanalys: Skyddsrockar", "Handskar"]
    assert titles(q="skydds") == ["Fördjupad riskanalys: Skyddsrockar"]
    html = client.get(url).content.decode()
    assert "Läkemedel / Antibiotika" in html


def test_riskanalysis_detail_shows_risks(client, world):
    world.risk_analysis.responsible_organisations.add(world.region_a)
    IdentifiedRisk.objects.create(
        analysis=world.risk_analysis,
        area=RiskArea.LABOUR_RIGHTS,
        description="Tvångsarbete vid handskfabriker.",
        likelihood=4,
        severity=5,
        supply_chain_stage=SupplyChainStage.MANUFACTURING,
        countries=["MY", "TH"],
    )
    client.force_login(world.users["reader"])
    html = client.get(world.risk_analysis.get_absolute_url()).content.decode()
    for text in [
        "Skyddsrockar",
        "Region Örebro län",
        "Labour rights",
        "Tvångsarbete vid handskfabriker.",
        "Malaysia, Thailand",  # country names in the page's language, not codes
        "Manufacturing",
    ]:
        assert text in html, text


def test_study_detail(client, world):
    world.study.counterparts.add(world.partner)
    client.force_login(world.users["procurer_a"])
    html = client.get(reverse("riskanalysis:study_detail", args=[world.study.pk])).content.decode()
    assert "Cirkulär ekonomi" in html and "Adda Inköpscentral" in html


def test_user_text_is_escaped(client, world):
    RiskAnalysis.objects.filter(pk=world.risk_analysis.pk).update(
        summary="<script>alert(1)</script>"
    )
    client.force_login(world.users["reader"])
    html = client.get(world.risk_analysis.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


# Adding, changing and deleting risk analyses (the secretariat).


def analysis_data(world, **overrides):
    data = {
        "title": "Fördjupad riskanalys: Handskar",
        "kind": "in_depth",
        "category": world.subcategory.pk,
        "products_areas": "Handskar",
        "year": 2025,
        "responsible_organisations": [world.region_a.pk, world.region_b.pk],
        "summary": "Tvångsarbete i Malaysia.",
    }
    data.update(overrides)
    return data


def test_riskanalysis_add_by_secretariat(client, world):
    client.force_login(world.users["secretariat"])
    response = client.post(reverse("riskanalysis:riskanalysis_add"), analysis_data(world))
    assert response.status_code == 302
    analysis = RiskAnalysis.objects.get(title="Fördjupad riskanalys: Handskar")
    assert response["Location"] == analysis.get_absolute_url()
    assert set(analysis.responsible_organisations.all()) == {world.region_a, world.region_b}
    html = client.get(analysis.get_absolute_url()).content.decode()
    assert reverse("riskanalysis:riskanalysis_edit", args=[analysis.pk]) in html


def test_riskanalysis_add_refuses_a_duplicate(client, world):
    client.force_login(world.users["secretariat"])
    response = client.post(
        reverse("riskanalysis:riskanalysis_add"),
        analysis_data(world, category=world.category.pk, products_areas="Skyddsrockar", year=2024),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert not form.non_field_errors()
    assert form.errors["products_areas"] == [
        "The category already has a risk analysis of these products/areas that year."
    ]
    assert RiskAnalysis.objects.count() == 1


def test_riskanalysis_add_refuses_an_unlikely_year(client, world):
    client.force_login(world.users["secretariat"])
    response = client.post(
        reverse("riskanalysis:riskanalysis_add"), analysis_data(world, year=1990)
    )
    assert response.status_code == 400
    assert not RiskAnalysis.objects.filter(products_areas="Handskar").exists()


def test_riskanalysis_edit_and_delete(client, world):
    client.force_login(world.users["secretariat"])
    url = reverse("riskanalysis:riskanalysis_edit", args=[world.risk_analysis.pk])
    response = client.post(url, analysis_data(world, title="Ändrad", responsible_organisations=[]))
    assert response.status_code == 302
    world.risk_analysis.refresh_from_db()
    assert world.risk_analysis.title == "Ändrad"
    response = client.post(
        reverse("riskanalysis:riskanalysis_delete", args=[world.risk_analysis.pk])
    )
    assert response["Location"] == reverse("riskanalysis:riskanalysis_list")
    assert not RiskAnalysis.objects.exists()


def test_riskanalysis_detail_no_edit_for_procurer(client, world):
    client.force_login(world.users["procurer_a"])
    html = client.get(world.risk_analysis.get_absolute_url()).content.decode()
    assert reverse("riskanalysis:riskanalysis_edit", args=[world.risk_analysis.pk]) not in html


def test_riskanalysis_save_refuses_procurer(world):
    analysis = RiskAnalysis(title="Ny", category=world.category, products_areas="Ny", year=2025)
    with pytest.raises(PermissionDenied, match="Only the secretariat changes the risk analyses"):
        services.riskanalysis_save(analysis=analysis, user=world.users["procurer_a"])
    assert not RiskAnalysis.objects.filter(title="Ny").exists()
