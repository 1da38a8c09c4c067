"""Partnerships (samarbeten) with a text per year: the pages, the API, and the report of a year,
which prints that year's text and never another year's."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from organisations import services
from organisations.choices import OrganisationKind, PartnershipKind
from organisations.models import Organisation, Partnership, PartnershipYear
from reporting.report_data import report_snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

LIST = reverse("api:partnership-list")
THIS_YEAR = timezone.localdate().year


def detail(partnership) -> str:
    return reverse("api:partnership-detail", args=[partnership.pk])


@pytest.fixture
def nordic(world):
    """An invented Nordic partner, a partnership since 2019 with texts of 2023 and 2024."""
    partner = Organisation.objects.create(
        code="HINAS", name="Hinas innkjøp", kind=OrganisationKind.NORDIC_PARTNER, country="NO"
    )
    partnership = Partnership.objects.create(
        partner=partner, kind=PartnershipKind.COLLABORATION, since_year=2019
    )
    PartnershipYear.objects.create(
        partnership=partnership, year=2023, description="Gemensam kartläggning av textilier."
    )
    PartnershipYear.objects.create(
        partnership=partnership, year=2024, description="Kansliet ledde 2024 arbetsgruppen."
    )
    return partnership


# The report of a year ------------------------------------------------------------------------


def test_the_report_prints_each_years_own_text_and_never_another_years(world, nordic):
    adda = Partnership.objects.create(
        partner=world.partner, kind=PartnershipKind.COOPERATION_AGREEMENT, since_year=2015
    )
    PartnershipYear.objects.create(
        partnership=adda, year=2024, description="Samverkansavtal; 2024 fokus på processer."
    )
    PartnershipYear.objects.create(
        partnership=nordic, year=2025, description="Malmö stad leder arbetet 2025."
    )
    # Ended in 2022: in no report of 2024 or 2025.
    Partnership.objects.create(
        partner=Organisation.objects.create(code="OLD", name="Gammal partner", kind="network"),
        kind=PartnershipKind.MEMBERSHIP,
        since_year=2010,
        until_year=2022,
    )

    def rows(year):
        return {
            row["partner"]: row["description"]
            for row in report_snapshot(year=year)["collaboration"]["partnerships"]
        }

    assert rows(2024) == {
        "Adda Inköpscentral": "Samverkansavtal; 2024 fokus på processer.",
        "Hinas innkjøp": "Kansliet ledde 2024 arbetsgruppen.",
    }
    of_2025 = rows(2025)
    assert of_2025 == {
        "Adda Inköpscentral": "",  # no 2025 text: an empty cell, not the 2024 one
        "Hinas innkjøp": "Malmö stad leder arbetet 2025.",
    }
    assert not any("2024" in text for text in of_2025.values())
    assert rows(2023) == {
        "Adda Inköpscentral": "",
        "Hinas innkjøp": "Gemensam kartläggning av textilier.",
    }


def test_the_seeded_2024_descriptions_are_the_2024_texts():
    from django.core.management import call_command

    call_command("seed_2024", verbosity=0)
    snapshot = report_snapshot(year=2024)
    rows = snapshot["collaboration"]["partnerships"]
    texts = {row["partner"]: row["description"] for row in rows}
    assert texts["Electronics Watch"].startswith("Sveriges regioner är medlemmar.")
    assert any(text.startswith("Kansliet ledde 2024") for text in texts.values())
    assert all(texts.values())
    assert set(PartnershipYear.objects.values_list("year", flat=True)) == {2024}
    next_year = report_snapshot(year=2025)["collaboration"]["partnerships"]
    assert next_year and all(row["description"] == "" for row in next_year)


# The API -------------------------------------------------------------------------------------


def test_the_secretariat_adds_a_partnership_with_its_years(world, api_as):
    response = api_as("secretariat").post(
        LIST,
        {
            "partner": world.partner.pk,
            "kind": "cooperation_agreement",
            "since_year": 2015,
            "years": [
                {"year": 2024, "description": "Fokus på avtalsuppföljning."},
                {"year": 2025, "description": "Gemensamma kontorsrevisioner."},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["partner_code"] == "ADDA" and body["partner_name"] == "Adda Inköpscentral"
    assert body["years"] == [
        {"year": 2025, "description": "Gemensamma kontorsrevisioner."},
        {"year": 2024, "description": "Fokus på avtalsuppföljning."},
    ]
    assert response["Location"].endswith(reverse("api:partnership-detail", args=[body["id"]]))
    partnership = Partnership.objects.get(pk=body["id"])
    assert partnership.history.get().history_user == world.users["secretariat"]
    assert {entry.history.get().history_user for entry in partnership.years.all()} == {
        world.users["secretariat"]
    }


def test_patch_sets_the_years_it_names_and_keeps_the_others(world, api_as, nordic):
    client = api_as("secretariat")
    response = client.patch(
        detail(nordic),
        {
            "years": [
                {"year": 2025, "description": "  Nordiskt möte i Oslo.  "},
                {"year": 2023, "description": ""},  # an empty text removes the year's
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["years"] == [
        {"year": 2025, "description": "Nordiskt möte i Oslo."},
        {"year": 2024, "description": "Kansliet ledde 2024 arbetsgruppen."},
    ]
    nordic.refresh_from_db()
    assert nordic.since_year == 2019 and nordic.kind == "collaboration"
    # A PATCH without years keeps them all.
    response = client.patch(detail(nordic), {"until_year": 2025}, format="json")
    assert response.status_code == 200
    assert [entry["year"] for entry in response.json()["years"]] == [2025, 2024]


@pytest.mark.parametrize(
    ("body", "field", "english", "swedish"),
    [
        (
            {"years": [{"year": THIS_YEAR + 1, "description": "Planerat."}]},
            "years",
            f"The year cannot be later than this year ({THIS_YEAR}).",
            f"Året kan inte vara senare än i år ({THIS_YEAR}).",
        ),
        (
            {"years": [{"year": 2018, "description": "Före starten."}]},
            "years",
            "2018 is outside the partnership's years (2019–…).",
            "2018 ligger utanför samarbetets år (2019–…).",
        ),
        (
            {"since_year": 2024},
            "since_year",
            "The partnership has a text for 2023, outside these years (2024–…); "
            "delete that text first.",
            "Samarbetet har en text för 2023, utanför de här åren (2024–…); "
            "ta bort den texten först.",
        ),
        (
            {"until_year": 2017},
            "until_year",
            "A partnership cannot end before it started.",
            "Ett samarbete kan inte upphöra innan det har börjat.",
        ),
    ],
)
def test_bad_years_are_refused_on_the_field_and_nothing_is_saved(
    world, api_as, nordic, body, field, english, swedish
):
    client = api_as("secretariat")
    for language, message in (("en", english), ("sv", swedish)):
        response = client.patch(detail(nordic), body, format="json", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400, response.content
        assert response.json()["errors"] == {field: [message]}
    nordic.refresh_from_db()
    assert (nordic.since_year, nordic.until_year) == (2019, None)
    assert sorted(nordic.years.values_list("year", flat=True)) == [2023, 2024]


def test_a_year_given_twice_and_an_unknown_partner_are_400(world, api_as):
    client = api_as("secretariat")
    response = client.post(
        LIST,
        {
            "partner": 99999,
            "kind": "friendship",
            "years": [{"year": 2024, "description": "A"}, {"year": 2024, "description": "B"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert {"partner", "kind", "years"} <= set(response.json()["errors"])
    assert not Partnership.objects.exists()


def test_the_same_kind_with_the_same_partner_twice_is_refused_on_kind(world, api_as, nordic):
    response = api_as("secretariat").post(
        LIST,
        {"partner": nordic.partner.pk, "kind": "collaboration"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "kind": ["Samverkan har redan ett samarbete av det här slaget med den här partnern."]
    }


@pytest.mark.parametrize("role", ["procurer_a", "reader"])
def test_others_read_but_do_not_write(world, api_as, nordic, role):
    client = api_as(role)
    assert client.get(detail(nordic)).json()["years"][0]["year"] == 2024
    assert client.post(LIST, {"partner": world.partner.pk, "kind": "membership"}).status_code == 403
    assert client.patch(detail(nordic), {"since_year": 2000}, format="json").status_code == 403
    assert client.delete(detail(nordic)).status_code == 403
    nordic.refresh_from_db()
    assert nordic.since_year == 2019 and Partnership.objects.count() == 1


def test_the_list_filters_by_year_kind_and_text(world, api_as, nordic):
    Partnership.objects.create(partner=world.partner, kind="membership", until_year=2018)
    client = api_as("reader")

    def partners(**query):
        return [row["partner_code"] for row in client.get(LIST, query).json()["results"]]

    assert partners(year=2024) == ["HINAS"]
    assert sorted(partners(year=2017)) == ["ADDA"]
    assert partners(kind="membership") == ["ADDA"]
    assert partners(q="arbetsgruppen") == ["HINAS"]


def test_delete_removes_the_years_and_logs_who(world, api_as, nordic):
    response = api_as("secretariat").delete(detail(nordic))
    assert response.status_code == 204
    assert not PartnershipYear.objects.exists()
    record = Partnership.history.filter(id=nordic.pk, history_type="-").get()
    assert record.history_user == world.users["secretariat"]


# The pages -----------------------------------------------------------------------------------


def test_the_secretariat_adds_a_partnership_and_its_years_in_the_portal(client, world):
    client.force_login(world.users["secretariat"])
    response = client.post(
        reverse("organisations:partnership_add"),
        {"partner": world.partner.pk, "kind": "cooperation_agreement", "since_year": 2015},
    )
    assert response.status_code == 302
    partnership = Partnership.objects.get()
    assert response["Location"] == partnership.get_absolute_url()
    add_year = reverse("organisations:partnershipyear_add", args=[partnership.pk])
    page = client.get(partnership.get_absolute_url()).content.decode()
    assert add_year in page
    assert client.get(add_year).context["form"].initial["year"] == THIS_YEAR
    response = client.post(add_year, {"year": 2025, "description": "Gemensam utbildning."})
    assert response.status_code == 302
    entry = partnership.years.get()
    assert response["Location"] == f"{partnership.get_absolute_url()}#year-2025"
    assert entry.history.get().history_user == world.users["secretariat"]
    page = client.get(partnership.get_absolute_url()).content.decode()
    assert "Gemensam utbildning." in page and 'id="year-2025"' in page
    # The same year again: refused on the year, in the user's language.
    response = client.post(
        add_year, {"year": 2025, "description": "Igen."}, HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert response.status_code == 400
    assert response.context["form"].errors["year"] == ["Samarbetet har redan en text för det året."]
    # Rewriting the text keeps the year; deleting removes it.
    edit = reverse("organisations:partnershipyear_edit", args=[entry.pk])
    response = client.post(edit, {"year": 2020, "description": "Gemensam utbildning i Oslo."})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.year, entry.description) == (2025, "Gemensam utbildning i Oslo.")
    response = client.post(reverse("organisations:partnershipyear_delete", args=[entry.pk]))
    assert response["Location"] == partnership.get_absolute_url()
    assert not partnership.years.exists()


@pytest.mark.parametrize(
    ("year", "english"),
    [
        (THIS_YEAR + 1, f"The year cannot be later than this year ({THIS_YEAR})."),
        (2018, "2018 is outside the partnership's years (2019–…)."),
        (1800, "Ensure this value is greater than or equal to 1990."),
    ],
)
def test_a_years_text_outside_the_partnership_is_refused_on_the_year(
    client, world, nordic, year, english
):
    client.force_login(world.users["secretariat"])
    with translation.override("en"):
        response = client.post(
            reverse("organisations:partnershipyear_add", args=[nordic.pk]),
            {"year": year, "description": "Text."},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 400
        assert response.context["form"].errors["year"] == [english]
    assert nordic.years.count() == 2


def test_the_partnership_page_shows_the_years_and_the_organisation_page_links_it(
    client, world, nordic
):
    client.force_login(world.users["reader"])
    page = client.get(nordic.get_absolute_url()).content.decode()
    assert page.index("Kansliet ledde 2024") < page.index("Gemensam kartläggning")
    assert reverse("organisations:partnershipyear_add", args=[nordic.pk]) not in page
    organisation = client.get(nordic.partner.get_absolute_url()).content.decode()
    assert nordic.get_absolute_url() in organisation
    listing = client.get(reverse("organisations:partnership_list"), {"year": 2024})
    assert [row.record for row in listing.context["table"].rows] == [nordic]
    assert "2024, 2023" in listing.content.decode()


def test_the_partnership_list_queries_do_not_grow_with_rows(client, world, nordic):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["reader"])
    url = reverse("organisations:partnership_list") + "?per_page=50"
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    one = count()
    for index in range(20):
        partner = Organisation.objects.create(code=f"N{index}", name=f"Nätverk {index}", kind="ngo")
        partnership = Partnership.objects.create(partner=partner, kind="membership")
        PartnershipYear.objects.create(partnership=partnership, year=2024, description="T.")
    assert count() == one


def test_services_refuse_others_and_keep_the_report_year(world, nordic):
    with pytest.raises(PermissionDenied):
        services.partnership_year_save(
            entry=PartnershipYear(partnership=nordic, year=2025, description="X"),
            user=world.users["procurer_a"],
        )
    with pytest.raises(PermissionDenied):
        services.partnership_delete(partnership=nordic, user=world.users["reader"])
    with pytest.raises(ValidationError) as error:
        services.partnership_year_save(
            entry=PartnershipYear(partnership=nordic, year=2025, description="   "),
            user=world.users["secretariat"],
        )
    assert "description" in error.value.message_dict
    assert nordic.years.count() == 2
