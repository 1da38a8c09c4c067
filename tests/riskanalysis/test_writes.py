"""Risk analyses with their identified risks, and studies, written by the secretariat: over the
API and in the portal, through the same services, with history and messages on the fields."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.models import Deletion
from riskanalysis.models import IdentifiedRisk, RiskAnalysis, Study

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

ANALYSES = reverse("api:riskanalysis-list")
RISKS = reverse("api:identifiedrisk-list")
STUDIES = reverse("api:study-list")
THIS_YEAR = timezone.localdate().year


def analysis_url(analysis) -> str:
    return reverse("api:riskanalysis-detail", args=[analysis.pk])


def risk_url(risk) -> str:
    return reverse("api:identifiedrisk-detail", args=[risk.pk])


def study_url(study) -> str:
    return reverse("api:study-detail", args=[study.pk])


@pytest.fixture
def analysis(world):
    """An invented 2023 analysis of textiles with two risks."""
    analysis = RiskAnalysis.objects.create(
        title="Fördjupad riskanalys: Arbetskläder",
        category=world.subcategory,
        products_areas="Arbetskläder",
        year=2023,
    )
    IdentifiedRisk.objects.create(
        analysis=analysis,
        area="labour_rights",
        description="Tvångsarbete i bomullsodlingen.",
        likelihood=4,
        severity=5,
        supply_chain_stage="raw_material",
        countries=["TM", "UZ"],
    )
    IdentifiedRisk.objects.create(
        analysis=analysis, area="environment", description="Vattenförbrukning.", countries=["IN"]
    )
    return analysis


# Risk analyses over the API ------------------------------------------------------------------


def test_the_secretariat_adds_changes_and_deletes_an_analysis(world, api_as):
    client = api_as("secretariat")
    response = client.post(
        ANALYSES,
        {
            "title": "Fördjupad riskanalys: Operationsrockar",
            "kind": "in_depth",
            "category": world.category.pk,
            "products_areas": "Operationsrockar",
            "year": 2025,
            "responsible_organisations": [world.region_a.pk, world.region_b.pk],
            "summary": "Riskerna i rockarnas leveranskedja.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["responsible_organisation_codes"] == ["SE-AB", "SE-T"]
    assert body["risks"] == [] and body["category_name"] == "Läkemedel"
    analysis = RiskAnalysis.objects.get(pk=body["id"])
    assert analysis.history.first().history_user == world.users["secretariat"]

    response = client.patch(
        analysis_url(analysis),
        {"measures": "Dialog med tre leverantörer.", "responsible_organisations": []},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["measures"] == "Dialog med tre leverantörer."
    assert response.json()["responsible_organisation_codes"] == []
    assert response.json()["title"] == "Fördjupad riskanalys: Operationsrockar"

    assert client.delete(analysis_url(analysis)).status_code == 204
    assert not RiskAnalysis.objects.filter(pk=analysis.pk).exists()
    assert (
        Deletion.objects.get(model="riskanalysis.riskanalysis").deleted_by
        == world.users["secretariat"]
    )


@pytest.mark.parametrize(
    ("change", "field", "english", "swedish"),
    [
        (
            {"year": 1999},
            "year",
            "The year is one from 2000 to 2100.",
            "Året ska vara mellan 2000 och 2100.",
        ),
        (
            {"year": THIS_YEAR + 1},
            "year",
            f"The year cannot be later than this year ({THIS_YEAR}).",
            f"Året kan inte vara senare än i år ({THIS_YEAR}).",
        ),
        (
            {"year": 2024, "products_areas": "Skyddsrockar", "category": "category"},
            "products_areas",
            "The category already has a risk analysis of these products/areas that year.",
            "Kategorin har redan en riskanalys av de här produkterna/områdena det året.",
        ),
    ],
)
def test_bad_input_is_refused_on_its_field_in_both_languages(
    world, api_as, analysis, change, field, english, swedish
):
    client = api_as("secretariat")
    if change.get("category") == "category":
        change = {**change, "category": world.category.pk}
    for language, message in (("en", english), ("sv", swedish)):
        response = client.patch(
            analysis_url(analysis), change, format="json", HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 400, response.content
        assert response.json()["errors"] == {field: [message]}
    analysis.refresh_from_db()
    assert (analysis.year, analysis.products_areas) == (2023, "Arbetskläder")


@pytest.mark.parametrize("role", ["procurer_a", "reader"])
def test_others_read_analyses_but_do_not_write_them(world, api_as, analysis, role):
    client = api_as(role)
    assert len(client.get(analysis_url(analysis)).json()["risks"]) == 2
    assert client.patch(analysis_url(analysis), {"summary": "X"}, format="json").status_code == 403
    assert client.delete(analysis_url(analysis)).status_code == 403
    risk = analysis.risks.first()
    assert client.patch(risk_url(risk), {"severity": 1}, format="json").status_code == 403
    assert client.post(RISKS, {"analysis": analysis.pk}, format="json").status_code == 403
    analysis.refresh_from_db()
    assert analysis.summary == "" and analysis.risks.count() == 2


# Identified risks over the API ---------------------------------------------------------------


def test_risks_of_an_analysis_round_trip_over_the_api(world, api_as, analysis):
    client = api_as("secretariat")
    response = client.post(
        RISKS,
        {
            "analysis": analysis.pk,
            "area": "business_ethics",
            "description": "Korruption vid tullen.",
            "likelihood": 2,
            "severity": 3,
            "supply_chain_stage": "transport",
            "countries": ["bd", " PK"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["countries"] == ["BD", "PK"]
    assert (created["analysis"], created["analysis_title"], created["year"]) == (
        analysis.pk,
        "Fördjupad riskanalys: Arbetskläder",
        2023,
    )
    risk = IdentifiedRisk.objects.get(pk=created["id"])
    assert risk.history.get().history_user == world.users["secretariat"]
    # The analysis shows it, and a change of the risk is a change of the analysis for sync.
    inside = client.get(analysis_url(analysis)).json()["risks"]
    assert [r["area"] for r in inside] == ["business_ethics", "environment", "labour_rights"]

    other = RiskAnalysis.objects.create(
        title="Annan", category=world.category, products_areas="Annan", year=2022
    )
    response = client.patch(
        risk_url(risk), {"severity": 5, "analysis": other.pk, "countries": []}, format="json"
    )
    assert response.status_code == 200, response.content
    risk.refresh_from_db()
    assert (risk.severity, risk.countries, risk.analysis_id) == (5, [], analysis.pk)

    found = client.get(RISKS, {"country": "TM"}).json()["results"]
    assert [r["description"] for r in found] == ["Tvångsarbete i bomullsodlingen."]
    assert client.get(RISKS, {"year": 2022}).json()["count"] == 0
    assert client.get(RISKS, {"analysis": analysis.pk}).json()["count"] == 3

    assert client.delete(risk_url(risk)).status_code == 204
    assert analysis.risks.count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"likelihood": 6}, "likelihood"),
        ({"severity": 0}, "severity"),
        ({"countries": ["XX"]}, "countries"),
        ({"countries": ["SE", "SE"]}, "countries"),
        ({"area": "weather"}, "area"),
        ({"description": ""}, "description"),
        ({"analysis": 999999}, "analysis"),
    ],
)
def test_a_bad_risk_is_refused_on_its_field_and_nothing_is_saved(
    world, api_as, analysis, body, field
):
    good = {"analysis": analysis.pk, "area": "environment", "description": "Utsläpp."}
    response = api_as("secretariat").post(RISKS, {**good, **body}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert analysis.risks.count() == 2


# Risks in the portal -------------------------------------------------------------------------


def test_the_secretariat_adds_changes_and_deletes_risks_under_the_analysis(client, world, analysis):
    client.force_login(world.users["secretariat"])
    page = client.get(analysis.get_absolute_url()).content.decode()
    add = reverse("riskanalysis:identifiedrisk_add", args=[analysis.pk])
    assert add in page
    response = client.post(
        add,
        {
            "area": "human_rights",
            "description": "Barnarbete vid sömnaden.",
            "likelihood": "3",
            "severity": "5",
            "supply_chain_stage": "manufacturing",
            "countries": "bd; mm",
        },
    )
    assert response.status_code == 302
    risk = analysis.risks.get(area="human_rights")
    assert response["Location"] == f"{analysis.get_absolute_url()}#risk-{risk.pk}"
    assert risk.countries == ["BD", "MM"]
    assert risk.history.get().history_user == world.users["secretariat"]
    page = client.get(analysis.get_absolute_url()).content.decode()
    assert "Barnarbete vid sömnaden." in page and "Bangladesh, Myanmar (Burma)" in page

    edit = reverse("riskanalysis:identifiedrisk_edit", args=[risk.pk])
    assert 'value="BD, MM"' in client.get(edit).content.decode()
    response = client.post(
        edit,
        {"area": "human_rights", "description": "Barnarbete.", "severity": "9", "countries": "QQ"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["severity"] == ["Allvarlighetsgraden anges från 1 till 5."]
    assert "QQ" in errors["countries"][0]
    risk.refresh_from_db()
    assert risk.description == "Barnarbete vid sömnaden."

    response = client.post(reverse("riskanalysis:identifiedrisk_delete", args=[risk.pk]))
    assert response["Location"] == analysis.get_absolute_url()
    assert not analysis.risks.filter(pk=risk.pk).exists()


def test_the_risk_pages_are_the_secretariats(client, world, analysis):
    risk = analysis.risks.first()
    client.force_login(world.users["procurer_a"])
    page = client.get(analysis.get_absolute_url()).content.decode()
    assert reverse("riskanalysis:identifiedrisk_edit", args=[risk.pk]) not in page
    assert reverse("riskanalysis:identifiedrisk_add", args=[analysis.pk]) not in page
    response = client.post(
        reverse("riskanalysis:identifiedrisk_add", args=[analysis.pk]),
        {"area": "environment", "description": "X."},
    )
    assert response.status_code == 404
    assert analysis.risks.count() == 2


def test_deleting_an_analysis_in_the_portal_deletes_its_risks_with_history(client, world, analysis):
    client.force_login(world.users["secretariat"])
    response = client.post(reverse("riskanalysis:riskanalysis_delete", args=[analysis.pk]))
    assert response["Location"] == reverse("riskanalysis:riskanalysis_list")
    assert not IdentifiedRisk.objects.filter(analysis_id=analysis.pk).exists()
    deleted = IdentifiedRisk.history.filter(history_type="-")
    assert deleted.count() == 2
    assert {record.history_user for record in deleted} == {world.users["secretariat"]}


def test_the_analysis_form_refuses_a_future_year_on_the_field(client, world):
    client.force_login(world.users["secretariat"])
    with translation.override("en"):
        response = client.post(
            reverse("riskanalysis:riskanalysis_add"),
            {
                "title": "Framtida",
                "kind": "in_depth",
                "category": world.category.pk,
                "products_areas": "Framtida",
                "year": THIS_YEAR + 1,
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 400
        assert response.context["form"].errors["year"] == [
            f"The year cannot be later than this year ({THIS_YEAR})."
        ]
    assert not RiskAnalysis.objects.filter(title="Framtida").exists()


# Studies -------------------------------------------------------------------------------------


def test_studies_over_the_api(world, api_as):
    client = api_as("secretariat")
    response = client.post(
        STUDIES,
        {
            "title": "Klimatavtryck från läkemedel",
            "year": 2025,
            "responsible_organisations": [world.secretariat_org.pk],
            "counterparts": [world.partner.pk],
            "summary": "En jämförelse.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["responsible_organisation_codes"], body["counterpart_codes"]) == (
        ["KANSLIET"],
        ["ADDA"],
    )
    study = Study.objects.get(pk=body["id"])
    assert study.history.first().history_user == world.users["secretariat"]
    response = client.patch(
        study_url(study), {"outcome": "Delad med regionerna.", "counterparts": []}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["counterpart_codes"] == []
    assert response.json()["responsible_organisation_codes"] == ["KANSLIET"]
    duplicate = client.post(
        STUDIES,
        {"title": "Klimatavtryck från läkemedel", "year": 2025},
        format="json",
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["errors"] == {
        "title": ["Det finns redan en utredning med den titeln det året."]
    }
    assert api_as("procurer_b").delete(study_url(study)).status_code == 403
    assert client.delete(study_url(study)).status_code == 204
    assert not Study.objects.filter(pk=study.pk).exists()


def test_studies_in_the_portal(client, world):
    client.force_login(world.users["secretariat"])
    listing = client.get(reverse("riskanalysis:study_list")).content.decode()
    assert reverse("riskanalysis:study_add") in listing
    assert "/admin/" not in listing
    response = client.post(
        reverse("riskanalysis:study_add"),
        {
            "title": "Cirkulär upphandling av möbler",
            "year": 2025,
            "responsible_organisations": [world.region_a.pk],
            "counterparts": [world.partner.pk],
            "outcome": "Vägledning publicerad.",
        },
    )
    assert response.status_code == 302
    study = Study.objects.get(title="Cirkulär upphandling av möbler")
    assert response["Location"] == study.get_absolute_url()
    page = client.get(study.get_absolute_url()).content.decode()
    assert "Vägledning publicerad." in page and "Adda Inköpscentral" in page
    assert reverse("riskanalysis:study_edit", args=[study.pk]) in page
    response = client.post(
        reverse("riskanalysis:study_edit", args=[study.pk]),
        {"title": "Cirkulär ekonomi", "year": 2024},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400  # the world's study has that title in 2024
    assert response.context["form"].errors["title"] == [
        "Det finns redan en utredning med den titeln det året."
    ]
    response = client.post(reverse("riskanalysis:study_delete", args=[study.pk]))
    assert response["Location"] == reverse("riskanalysis:study_list")
    assert not Study.objects.filter(pk=study.pk).exists()
    client.force_login(world.users["reader"])
    page = client.get(world.study.get_absolute_url()).content.decode()
    assert reverse("riskanalysis:study_edit", args=[world.study.pk]) not in page
