"""The year's registers over the API: the secretariat writes events, yearly figures, the
accounts (contributions and cost lines inside the year) and the report's texts (and starts a
year's texts) through the portal's services; bad input is a 400 with the field named, in the
caller's language; nothing is saved. Invented years and amounts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Deletion
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from reporting.models import Contribution, CostLine, Event, FinancialYear, Narrative, YearlyFigure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

EVENTS = reverse("api:event-list")
FIGURES = reverse("api:yearlyfigure-list")
YEARS = reverse("api:financialyear-list")
TEXTS = reverse("api:narrative-list")
START = reverse("api:narrative-start-year")


def detail(name: str, pk: int) -> str:
    return reverse(f"api:{name}-detail", args=[pk])


@pytest.fixture
def kansliet(api_as):
    return api_as("secretariat")


def errors(response, status=400) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["status"] == status
    return body["errors"]


# Events -----------------------------------------------------------------------------------------


def test_the_secretariat_adds_changes_and_deletes_an_event(kansliet, world):
    response = kansliet.post(
        EVENTS,
        {
            "title": "Marknadsdialog medicinteknik",
            "kind": "market_dialogue",
            "format": "online",
            "date": "2026-02-11",
            "occurrences": 3,
            "organisers": [world.region_b.pk, world.partner.pk],
            "participants": 75,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["year"] == 2026  # from the date
    assert body["organiser_codes"] == ["ADDA", "SE-AB"]
    assert response["Location"].endswith(detail("event", body["id"]))
    event = Event.objects.get(pk=body["id"])
    assert event.history.get().history_user == world.users["secretariat"]

    response = kansliet.patch(
        detail("event", event.pk),
        {
            "participants": 560,
            "participants_is_lower_bound": True,
            "organisers": [world.region_a.pk],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["participants"], response.json()["organiser_codes"]) == (560, ["SE-T"])
    event.refresh_from_db()
    assert event.participants_display == "över 560"

    assert kansliet.delete(detail("event", event.pk)).status_code == 204
    assert not Event.objects.filter(pk=event.pk).exists()
    deletion = Deletion.objects.get(model="reporting.event", object_id=event.pk)
    assert deletion.deleted_by == world.users["secretariat"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Datumet 2025-12-30 ligger inte i 2026, aktivitetens år."),
        ("en", "The date 2025-12-30 is not in 2026, the event's year."),
    ],
)
def test_a_date_in_another_year_is_a_400_on_the_date(api_as, language, message):
    client = api_as("secretariat")
    response = client.post(
        EVENTS,
        {"title": "Utbildning", "kind": "training", "year": 2026, "date": "2025-12-30"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert errors(response) == {"date": [message]}
    assert not Event.objects.filter(title="Utbildning").exists()


def test_event_refusals_name_their_fields(kansliet, world):
    response = kansliet.post(
        EVENTS,
        {"title": "Webinarier", "kind": "webinar", "year": 2024},
        format="json",
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert errors(response) == {"title": ["Det finns redan en aktivitet med den titeln det året."]}
    response = kansliet.post(
        EVENTS,
        {"title": "Ny", "kind": "webinar", "year": 2026, "participants_is_lower_bound": True},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert errors(response) == {"participants": ["A lower bound needs the number of participants."]}
    response = kansliet.post(
        EVENTS,
        {"title": "Ny", "kind": "webinar", "year": 2026, "occurrences": 0},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert errors(response) == {"occurrences": ["An event has at least one session."]}
    assert not Event.objects.filter(title="Ny").exists()


# Yearly figures ---------------------------------------------------------------------------------


def test_the_secretariat_writes_the_yearly_figures(kansliet, world):
    body = {
        "year": 2026,
        "key": "linkedin_followers",
        "value": "2480",
        "is_lower_bound": True,
        "source": "LinkedIn, 31 december 2026",
    }
    response = kansliet.post(FIGURES, body, format="json")
    assert response.status_code == 201, response.content
    figure = YearlyFigure.objects.get(pk=response.json()["id"])
    assert (figure.value, figure.is_lower_bound) == (Decimal(2480), True)
    response = kansliet.post(FIGURES, body, format="json", HTTP_ACCEPT_LANGUAGE="sv")
    assert errors(response) == {"key": ["Den här årsuppgiften finns redan för det året."]}
    response = kansliet.patch(detail("yearlyfigure", figure.pk), {"value": 2501}, format="json")
    assert response.json()["value"] == 2501
    response = kansliet.patch(
        detail("yearlyfigure", figure.pk), {"source": ""}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert list(errors(response)) == ["source"]
    assert kansliet.delete(detail("yearlyfigure", figure.pk)).status_code == 204
    assert not YearlyFigure.objects.exists()


# The accounts -----------------------------------------------------------------------------------


@pytest.fixture
def gotland(world):
    return Organisation.objects.create(
        code="SE-I", name="Region Gotland", kind=OrganisationKind.REGION
    )


def year_body(world, gotland, **changes):
    body = {
        "year": 2027,
        "opening_balance": "812.5",
        "closing_balance": "1204",
        "note": "Påhittat år.",
        "contributions": [
            {"organisation": world.region_a.pk, "amount": "2210.5"},
            {"organisation": gotland.pk, "amount": "96"},
        ],
        "cost_lines": [
            {"kind": "staff", "label": "Personalkostnader", "amount": "1500"},
            {"kind": "travel", "label": "Resor", "amount": "415", "note": "Tåg"},
        ],
    }
    body.update(changes)
    return body


READ_FIELDS = {
    "id",
    "url",
    "year",
    "opening_balance",
    "closing_balance",
    "note",
    "contributions",
    "cost_lines",
    "contributions_total",
    "costs_total",
    "income",
    "balances",
    "created",
    "modified",
}


def test_a_year_of_accounts_in_one_request(kansliet, world, gotland):
    response = kansliet.post(YEARS, year_body(world, gotland), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == READ_FIELDS  # the read output is what it was
    assert [(row["organisation_code"], row["amount"]) for row in body["contributions"]] == [
        ("SE-I", 96.0),
        ("SE-T", 2210.5),
    ]
    assert [(row["label"], row["amount"]) for row in body["cost_lines"]] == [
        ("Personalkostnader", 1500.0),
        ("Resor", 415.0),
    ]
    # 812,5 + 2 306,5 − 1 204 = 1 915 = 1 500 + 415
    assert (body["income"], body["costs_total"], body["balances"]) == (1915.0, 1915.0, True)
    accounts = FinancialYear.objects.get(year=2027)
    assert accounts.cost_lines.get(label="Resor").order == 2
    assert accounts.history.get().history_user == world.users["secretariat"]


def test_without_an_opening_balance_last_years_closing_balance_is_carried_over(
    kansliet, world, gotland
):
    FinancialYear.objects.create(year=2026, opening_balance=10, closing_balance=Decimal("777.7"))
    body = year_body(world, gotland)
    del body["opening_balance"]
    response = kansliet.post(YEARS, body, format="json")
    assert response.json()["opening_balance"] == 777.7
    body = year_body(world, gotland, year=2035)
    del body["opening_balance"]
    response = kansliet.post(YEARS, body, format="json", HTTP_ACCEPT_LANGUAGE="sv")
    assert errors(response) == {
        "opening_balance": [
            "Ange ingående balans: det finns ingen ekonomi för 2034 att ta den från."
        ]
    }
    assert not FinancialYear.objects.filter(year=2035).exists()


def test_a_patch_replaces_the_rows_keeping_those_of_the_same_region_and_label(
    kansliet, world, gotland
):
    accounts_id = kansliet.post(YEARS, year_body(world, gotland), format="json").json()["id"]
    accounts = FinancialYear.objects.get(pk=accounts_id)
    orebro = accounts.contributions.get(organisation=world.region_a)
    staff = accounts.cost_lines.get(label="Personalkostnader")
    response = kansliet.patch(
        detail("financialyear", accounts_id),
        {
            "closing_balance": "1104",
            "contributions": [
                {"organisation": world.region_a.pk, "amount": "2310.5"},
                {"organisation": world.region_b.pk, "amount": "500"},
            ],
            "cost_lines": [
                {"kind": "staff", "label": "Personalkostnader", "amount": "1500", "order": 1},
                {"kind": "consultants", "label": "Konsulter", "amount": "1000", "order": 2},
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [(row["id"], row["organisation_code"]) for row in body["contributions"]][1] == (
        orebro.pk,
        "SE-T",
    )
    assert not Contribution.objects.filter(organisation=gotland).exists()
    assert body["cost_lines"][0]["id"] == staff.pk
    assert not CostLine.objects.filter(label="Resor").exists()
    assert Deletion.objects.get(model="reporting.costline").deleted_by == world.users["secretariat"]
    orebro.refresh_from_db()
    assert orebro.amount == Decimal("2310.5")
    assert orebro.history.first().history_user == world.users["secretariat"]
    # 812,5 + 2 810,5 − 1 104 = 2 519 ≠ 2 500
    assert (body["balances"], body["income"], body["costs_total"]) == (False, 2519.0, 2500.0)


def test_a_row_twice_is_refused_and_nothing_is_saved(kansliet, world, gotland):
    twice = [{"organisation": world.region_a.pk, "amount": str(n)} for n in (1, 2)]
    response = kansliet.post(
        YEARS,
        year_body(world, gotland, contributions=twice),
        format="json",
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert errors(response) == {"contributions": ["Rad 2: Region Örebro län anges två gånger."]}
    twice = [{"kind": kind, "label": "Lön", "amount": "1"} for kind in ("staff", "other")]
    response = kansliet.post(
        YEARS, year_body(world, gotland, cost_lines=twice), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert errors(response) == {"cost_lines": ["Row 2: “Lön” is given twice."]}
    assert not FinancialYear.objects.filter(year=2027).exists()


def test_only_regions_contribute_and_amounts_are_positive(kansliet, world, gotland):
    body = year_body(
        world, gotland, contributions=[{"organisation": world.partner.pk, "amount": "5"}]
    )
    response = kansliet.post(YEARS, body, format="json")
    assert list(errors(response)) == ["contributions"]
    body = year_body(world, gotland, cost_lines=[{"kind": "staff", "label": "Lön", "amount": "-5"}])
    assert list(errors(kansliet.post(YEARS, body, format="json"))) == ["cost_lines"]
    response = kansliet.post(YEARS, year_body(world, gotland, year=1999), format="json")
    assert list(errors(response)) == ["year"]
    assert not FinancialYear.objects.exists()


def test_a_year_twice_is_refused_on_the_year(kansliet, world, gotland):
    kansliet.post(YEARS, year_body(world, gotland), format="json")
    response = kansliet.post(
        YEARS, year_body(world, gotland), format="json", HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert errors(response) == {"year": ["Ekonomin för det året finns redan."]}


def test_deleting_a_year_deletes_its_rows_with_who_did_it(kansliet, world, gotland):
    accounts_id = kansliet.post(YEARS, year_body(world, gotland), format="json").json()["id"]
    assert kansliet.delete(detail("financialyear", accounts_id)).status_code == 204
    assert not Contribution.objects.exists() and not CostLine.objects.exists()
    deleted = Deletion.objects.filter(model__startswith="reporting.")
    assert sorted(deleted.values_list("model", flat=True)) == [
        "reporting.contribution",
        "reporting.contribution",
        "reporting.costline",
        "reporting.costline",
        "reporting.financialyear",
    ]
    assert {row.deleted_by for row in deleted} == {world.users["secretariat"]}


def test_others_cannot_write_the_accounts(api_as, world, gotland):
    accounts = FinancialYear.objects.create(year=2027, opening_balance=1, closing_balance=1)
    for role in ("procurer_a", "reader"):
        client = api_as(role)
        assert (
            client.post(YEARS, year_body(world, gotland, year=2028), format="json").status_code
            == 403
        )
        response = client.patch(detail("financialyear", accounts.pk), {"note": "x"}, format="json")
        assert response.status_code == 403
    assert api_as("auditor").patch(detail("financialyear", accounts.pk), {}).status_code == 404
    assert FinancialYear.objects.count() == 1


# The report's texts -----------------------------------------------------------------------------


def test_the_texts_are_read_by_all_and_written_by_the_secretariat(api_as, kansliet, world):
    Narrative.objects.create(
        year=2028, section="competence", order=1, heading="KOMPETENS", body="A."
    )
    rows = api_as("reader").get(TEXTS, {"year": 2028}).json()["results"]
    assert [(row["section"], row["order"], row["heading"], row["body"]) for row in rows] == [
        ("competence", 1, "KOMPETENS", "A.")
    ]
    response = kansliet.post(
        TEXTS, {"year": 2028, "section": "competence", "body": "B."}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["order"] == 2  # after the last
    text = Narrative.objects.get(pk=response.json()["id"])
    assert text.updated_by == world.users["secretariat"]
    response = kansliet.patch(
        detail("narrative", text.pk), {"order": 1}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert errors(response) == {
        "order": ["The section already has a text in that position that year."]
    }
    response = kansliet.patch(detail("narrative", text.pk), {"body": ""}, format="json")
    assert response.json()["body"] == ""  # empty: kept, not printed
    assert (
        api_as("procurer_a").patch(detail("narrative", text.pk), {"body": "x"}).status_code == 403
    )
    assert kansliet.delete(detail("narrative", text.pk)).status_code == 204


def test_start_the_year_over_the_api(api_as, kansliet, world):
    for order, heading in [(1, "ÅRSBOKSLUT"), (2, "")]:
        Narrative.objects.create(
            year=2029, section="accounts", order=order, heading=heading, body="Text."
        )
    assert api_as("procurer_a").post(START, {"year": 2030}, format="json").status_code == 403
    response = kansliet.post(START, {"year": 2030}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["year"], body["from_year"], body["already_there"]) == (2030, 2029, 0)
    assert [
        (row["section"], row["order"], row["heading"], row["body"]) for row in body["created"]
    ] == [
        ("accounts", 1, "ÅRSBOKSLUT", ""),
        ("accounts", 2, "", ""),
    ]
    response = kansliet.post(START, {"year": 2030}, format="json", HTTP_ACCEPT_LANGUAGE="sv")
    assert errors(response, status=409) == {
        "year": ["2030 har redan alla texter i rapportens struktur; inget lades till."]
    }
    assert errors(kansliet.post(START, {"year": 1999}, format="json")).keys() == {"year"}
    assert Narrative.objects.filter(year=2030).count() == 2
