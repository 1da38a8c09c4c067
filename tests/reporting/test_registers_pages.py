"""The secretariat keeps the year's registers in the portal: events, yearly figures, the accounts
(whether the year balances; the opening balance from last year's closing balance), the report's
texts and "Starta året" — with messages on the fields, in Swedish and English, and nothing saved
when the input is bad. Invented years and amounts, not the 2024 seed."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from core.models import Deletion
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from reporting.models import (
    Contribution,
    CostLine,
    Event,
    FinancialYear,
    Narrative,
    YearlyFigure,
)
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


@pytest.fixture
def kansliet(client, world):
    client.force_login(world.users["secretariat"])
    return client


def field_errors(response, field: str) -> list[str]:
    assert response.status_code == 400, response.status_code
    return [str(error) for error in response.context["form"].errors.get(field, [])]


def in_language(language: str, client):
    """The client's requests in ``language`` (the language cookie the menu's switch sets)."""
    client.cookies["django_language"] = language
    return client


# Events -----------------------------------------------------------------------------------------


def event_form(world, **changes):
    data = {
        "title": "Hållbarhetsdag för upphandlare",
        "kind": "conference",
        "format": "hybrid",
        "year": "2027",
        "date": "2027-10-14",
        "location": "Örebro",
        "occurrences": "2",
        "organisers": [world.region_a.pk, world.partner.pk],
        "participants": "610",
        "participants_is_lower_bound": "on",
        "audience": "Upphandlare",
        "topics": "",
        "description": "",
    }
    data.update(changes)
    return data


def test_the_events_page_offers_the_secretariat_a_real_add_button(kansliet, world):
    content = kansliet.get(reverse("reporting:event_list")).content.decode()
    assert reverse("reporting:event_add") in content
    assert "/admin/" not in content


def test_others_get_no_add_button(client, world):
    client.force_login(world.users["procurer_a"])
    content = client.get(reverse("reporting:event_list")).content.decode()
    assert reverse("reporting:event_add") not in content


def test_the_secretariat_adds_an_event_with_a_lower_bound_and_organisers(kansliet, world):
    response = kansliet.post(reverse("reporting:event_add"), event_form(world))
    event = Event.objects.get(title="Hållbarhetsdag för upphandlare")
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert (event.year, event.date, event.occurrences) == (2027, datetime.date(2027, 10, 14), 2)
    assert (event.participants, event.participants_is_lower_bound) == (610, True)
    assert set(event.organisers.all()) == {world.region_a, world.partner}
    assert event.history.get().history_user == world.users["secretariat"]
    page = kansliet.get(event.get_absolute_url()).content.decode()
    assert "över 610" in page
    assert reverse("reporting:event_edit", args=[event.pk]) in page


def test_the_year_of_an_event_follows_its_date_when_not_given(kansliet, world):
    kansliet.post(reverse("reporting:event_add"), event_form(world, year=""))
    assert Event.objects.get(title="Hållbarhetsdag för upphandlare").year == 2027


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Datumet 2026-12-01 ligger inte i 2027, aktivitetens år."),
        ("en", "The date 2026-12-01 is not in 2027, the event's year."),
    ],
)
def test_a_date_in_another_year_is_refused_on_the_date(kansliet, world, language, message):
    response = in_language(language, kansliet).post(
        reverse("reporting:event_add"), event_form(world, date="2026-12-01")
    )
    assert field_errors(response, "date") == [message]
    assert not Event.objects.filter(title="Hållbarhetsdag för upphandlare").exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Det finns redan en aktivitet med den titeln det året."),
        ("en", "There is already an event with this title in that year."),
    ],
)
def test_a_title_twice_in_a_year_is_refused_on_the_title(kansliet, world, language, message):
    response = in_language(language, kansliet).post(
        reverse("reporting:event_add"),
        event_form(world, title="Webinarier", year="2024", date="2024-03-01"),
    )
    assert field_errors(response, "title") == [message]
    assert Event.objects.filter(title="Webinarier").count() == 1


def test_a_lower_bound_without_a_number_is_refused_on_the_participants(kansliet, world):
    response = in_language("sv", kansliet).post(
        reverse("reporting:event_add"), event_form(world, participants="")
    )
    assert field_errors(response, "participants") == ["Ett minimum kräver antalet deltagare."]
    assert "event_lower_bound_needs_number" not in response.content.decode()
    assert not Event.objects.filter(title="Hållbarhetsdag för upphandlare").exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Ange året då aktiviteten ägde rum, eller dess datum."),
        ("en", "Give the year the event took place, or its date."),
    ],
)
def test_an_event_without_year_or_date_is_refused_on_the_year(kansliet, world, language, message):
    response = in_language(language, kansliet).post(
        reverse("reporting:event_add"), event_form(world, year="", date="")
    )
    assert field_errors(response, "year") == [message]


def test_an_imported_event_follows_the_same_rules(world):
    from core.imports import import_dataset
    from core.resources import REGISTRY
    from core.spreadsheets import read_table

    data = "title,kind,year,date\nNätverksträff,meeting,2027,2026-12-31\n".encode()
    with translation.override("sv"):
        outcome = import_dataset(
            user=world.users["secretariat"],
            resource_class=REGISTRY["events"],
            dataset=read_table("aktiviteter.csv", data),
            dry_run=False,
        )
    assert [(e.column, e.message) for e in outcome.errors] == [
        ("date", "Datumet 2026-12-31 ligger inte i 2027, aktivitetens år.")
    ]
    assert not Event.objects.filter(title="Nätverksträff").exists()


def test_the_secretariat_changes_and_deletes_an_event(kansliet, world):
    url = reverse("reporting:event_edit", args=[world.event.pk])
    data = event_form(world, title="Webinarier", year="2024", date="2024-11-05")
    data.update(organisers=[world.region_b.pk], participants="152", participants_is_lower_bound="")
    assert kansliet.post(url, data).status_code == 302
    world.event.refresh_from_db()
    assert (world.event.participants, world.event.participants_is_lower_bound) == (152, False)
    assert list(world.event.organisers.all()) == [world.region_b]
    pk = world.event.pk
    response = kansliet.post(reverse("reporting:event_delete", args=[pk]))
    assert response["Location"] == reverse("reporting:event_list")
    assert not Event.objects.filter(pk=pk).exists()
    deletion = Deletion.objects.get(model="reporting.event", object_id=pk)
    assert deletion.deleted_by == world.users["secretariat"]


# Yearly figures ---------------------------------------------------------------------------------


def figure_form(**changes):
    data = {
        "year": "2028",
        "key": "newsletter_subscribers",
        "value": "1 240",
        "is_lower_bound": "",
        "source": "Nyhetsbrevsverktyget, 31 december",
        "note": "",
    }
    data.update(changes)
    return data


def test_the_secretariat_adds_a_figure_typed_the_swedish_way(kansliet, world):
    response = kansliet.post(reverse("reporting:yearlyfigure_add"), figure_form())
    figure = YearlyFigure.objects.get(year=2028, key="newsletter_subscribers")
    assert figure.value == Decimal("1240")
    assert response["Location"] == f"/reporting/figures/?year=2028#figure-{figure.pk}"
    assert figure.history.get().history_user == world.users["secretariat"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Den här årsuppgiften finns redan för det året."),
        ("en", "This figure is already given for that year."),
    ],
)
def test_a_figure_twice_in_a_year_is_refused_on_the_figure(kansliet, language, message):
    YearlyFigure.objects.create(
        year=2028, key="newsletter_subscribers", value=1100, source="Tidigare"
    )
    response = in_language(language, kansliet).post(
        reverse("reporting:yearlyfigure_add"), figure_form()
    )
    assert field_errors(response, "key") == [message]
    assert YearlyFigure.objects.get(year=2028, key="newsletter_subscribers").value == 1100


@pytest.mark.parametrize(
    ("changes", "field", "swedish", "english"),
    [
        (
            {"value": "-3"},
            "value",
            "En årsuppgift kan inte vara negativ.",
            "A figure cannot be negative.",
        ),
        ({"source": "  "}, "source", "Det här fältet är obligatoriskt.", "This field is required."),
        (
            {"year": "1999"},
            "year",
            "Ange ett år från 2000 till 2100.",
            "Give a year from 2000 to 2100.",
        ),
    ],
)
def test_bad_figures_are_refused_on_their_field(kansliet, changes, field, swedish, english):
    for language, message in (("sv", swedish), ("en", english)):
        response = in_language(language, kansliet).post(
            reverse("reporting:yearlyfigure_add"), figure_form(**changes)
        )
        assert field_errors(response, field) == [message]
    assert not YearlyFigure.objects.filter(key="newsletter_subscribers").exists()


def test_the_figure_list_filters_by_year_and_figure_and_shows_lower_bounds(client, world):
    YearlyFigure.objects.create(year=2027, key="media_articles", value=31, source="Bevakning")
    YearlyFigure.objects.create(
        year=2028, key="media_articles", value=40, is_lower_bound=True, source="Bevakning"
    )
    YearlyFigure.objects.create(year=2028, key="newsletters", value=9, source="Verktyget")
    client.force_login(world.users["reader"])
    url = reverse("reporting:yearlyfigure_list")
    rows = client.get(url, {"year": 2028}).context["table"].rows
    assert sorted(row.record.key for row in rows) == ["media_articles", "newsletters"]
    rows = client.get(url, {"key": "media_articles"}).context["table"].rows
    assert sorted(row.record.year for row in rows) == [2027, 2028]
    content = client.get(url, {"year": 2028}).content.decode()
    assert "över 40" in content
    assert reverse("reporting:yearlyfigure_add") not in content  # a reader adds nothing


def test_the_secretariat_changes_and_deletes_a_figure(kansliet, world):
    figure = YearlyFigure.objects.create(year=2028, key="newsletters", value=9, source="Verktyget")
    url = reverse("reporting:yearlyfigure_edit", args=[figure.pk])
    assert 'value="9"' in kansliet.get(url).content.decode()
    kansliet.post(url, figure_form(key="newsletters", value="11", source="Verktyget"))
    figure.refresh_from_db()
    assert figure.value == 11
    response = kansliet.post(reverse("reporting:yearlyfigure_delete", args=[figure.pk]))
    assert response["Location"] == "/reporting/figures/?year=2028"
    assert not YearlyFigure.objects.filter(pk=figure.pk).exists()


# The accounts -----------------------------------------------------------------------------------


@pytest.fixture
def regions(world):
    """Three more regions than the world's two, to contribute."""
    return {
        code: Organisation.objects.create(code=code, name=name, kind=OrganisationKind.REGION)
        for code, name in [
            ("SE-M", "Region Skåne"),
            ("SE-O", "Västra Götalandsregionen"),
            ("SE-I", "Region Gotland"),
        ]
    }


def make_2030(world, regions) -> FinancialYear:
    """Invented accounts of 2030: IB 3 105, contributions 9 870,5, UB 2 345,5, costs 10 630."""
    accounts = FinancialYear.objects.create(
        year=2030, opening_balance=Decimal("3105"), closing_balance=Decimal("2345.5")
    )
    for organisation, amount in [
        (regions["SE-M"], "4120.5"),
        (regions["SE-O"], "3812"),
        (world.region_a, "1938"),
    ]:
        Contribution.objects.create(
            financial_year=accounts, organisation=organisation, amount=Decimal(amount)
        )
    for order, (kind, label, amount) in enumerate(
        [("staff", "Personalkostnader", "7200"), ("consultants", "Konsulter", "3430")], start=1
    ):
        CostLine.objects.create(
            financial_year=accounts, kind=kind, label=label, amount=Decimal(amount), order=order
        )
    return accounts


def text_of(response) -> str:
    """The page's text as a reader sees it: no tags, one space between words."""
    return " ".join(strip_tags(response.content.decode()).replace("\xa0", " ").split())


def test_the_accounts_page_shows_a_balanced_year_as_the_report_prints_it(client, world, regions):
    accounts = make_2030(world, regions)
    client.force_login(world.users["reader"])
    response = client.get(accounts.get_absolute_url())
    text = text_of(response)
    assert "Året balanserar." in text
    assert "är 10 630 tkr, lika mycket som kostnaderna" in text
    # IB, UB deducted, each region's contribution in the report's (Swedish) order, the totals.
    income = [
        (row.organisation.code, row.amount) for row in response.context["accounts"].contributions
    ]
    assert income == [
        ("SE-M", Decimal("4120.5")),  # Region Skåne
        ("SE-T", Decimal("1938.0")),  # Region Örebro län: Ö after Z
        ("SE-O", Decimal("3812.0")),  # Västra Götalandsregionen
    ]
    for fragment in ["3 105", "-2 345,5", "4 120,5", "1 938", "9 870,5", "7 200", "10 630"]:
        assert fragment in text, fragment
    assert "2 regioner utan bidrag: Region Gotland, Region Stockholm" in text
    # A reader adds nothing.
    assert (
        reverse("reporting:contribution_add", args=[accounts.pk]) not in response.content.decode()
    )


def test_the_accounts_page_says_by_how_much_a_year_does_not_balance(kansliet, world, regions):
    accounts = make_2030(world, regions)
    accounts.cost_lines.filter(label="Konsulter").update(amount=Decimal("3500.5"))
    text = text_of(in_language("sv", kansliet).get(accounts.get_absolute_url()))
    assert "Året balanserar inte." in text
    assert "är 10 630 tkr och kostnaderna 10 700,5 tkr: skillnaden är -70,5 tkr" in text
    text = text_of(in_language("en", kansliet).get(accounts.get_absolute_url()))
    assert "The year does not balance." in text
    assert "the difference is -70.5 tkr" in text


def test_a_new_year_opens_with_last_years_closing_balance(kansliet, world, regions):
    make_2030(world, regions)
    response = kansliet.get(reverse("reporting:financialyear_add"))
    form = response.context["form"]
    assert form["year"].value() == 2031
    assert form["opening_balance"].value() == "2\xa0345,5"
    assert "Utgående balans för 2030, 2 345,5 tkr, överförd" in text_of(response)
    # Left as it is: 2030's UB; no remark.
    response = kansliet.post(
        reverse("reporting:financialyear_add"),
        {"year": "2031", "opening_balance": "2 345,5", "closing_balance": "1 204", "note": ""},
        follow=True,
    )
    accounts = FinancialYear.objects.get(year=2031)
    assert (accounts.opening_balance, accounts.closing_balance) == (
        Decimal("2345.5"),
        Decimal("1204"),
    )
    assert "Ingående balans" not in " ".join(str(m) for m in response.context["messages"])
    assert accounts.history.get().history_user == world.users["secretariat"]


def test_an_empty_opening_balance_is_taken_from_the_year_before(kansliet, world, regions):
    make_2030(world, regions)
    kansliet.post(
        reverse("reporting:financialyear_add"),
        {"year": "2031", "opening_balance": "", "closing_balance": "900"},
    )
    assert FinancialYear.objects.get(year=2031).opening_balance == Decimal("2345.5")


def test_another_opening_balance_is_kept_with_a_remark(kansliet, world, regions):
    make_2030(world, regions)
    response = in_language("sv", kansliet).post(
        reverse("reporting:financialyear_add"),
        {"year": "2031", "opening_balance": "2 300", "closing_balance": "900"},
        follow=True,
    )
    remark = "Ingående balans (2 300 tkr) är inte utgående balans för 2030 (2 345,5 tkr)."
    assert remark in [str(m).replace("\xa0", " ") for m in response.context["messages"]]
    assert FinancialYear.objects.get(year=2031).opening_balance == Decimal("2300")
    # The page keeps saying so until one of the two is changed.
    assert remark in text_of(response)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Ange ingående balans: det finns ingen ekonomi för 2039 att ta den från."),
        ("en", "Give the opening balance: there are no accounts of 2039 to take it from."),
    ],
)
def test_without_last_years_accounts_the_opening_balance_is_needed(kansliet, language, message):
    response = in_language(language, kansliet).post(
        reverse("reporting:financialyear_add"),
        {"year": "2040", "opening_balance": "", "closing_balance": "900"},
    )
    assert field_errors(response, "opening_balance") == [message]
    assert not FinancialYear.objects.filter(year=2040).exists()


def test_a_year_twice_is_refused_on_the_year(kansliet, world, regions):
    make_2030(world, regions)
    response = in_language("sv", kansliet).post(
        reverse("reporting:financialyear_add"),
        {"year": "2030", "opening_balance": "1", "closing_balance": "1"},
    )
    assert field_errors(response, "year") == ["Ekonomin för det året finns redan."]


def test_contributions_in_swedish_amounts_once_per_region(kansliet, world, regions):
    accounts = FinancialYear.objects.create(
        year=2032, opening_balance=Decimal("10"), closing_balance=Decimal("0")
    )
    url = reverse("reporting:contribution_add", args=[accounts.pk])
    # A region already contributing is not offered again; a partner never is.
    offered = set(kansliet.get(url).context["form"].fields["organisation"].queryset)
    assert offered == {world.region_a, world.region_b, *regions.values()}
    response = kansliet.post(url, {"organisation": regions["SE-M"].pk, "amount": "4 120,5"})
    assert response["Location"] == accounts.get_absolute_url() + "#contribution-" + str(
        accounts.contributions.get().pk
    )
    assert accounts.contributions.get().amount == Decimal("4120.5")
    response = in_language("sv", kansliet).post(
        url, {"organisation": regions["SE-M"].pk, "amount": "1"}
    )
    not_offered = [
        "Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga alternativ."
    ]
    assert field_errors(response, "organisation") == not_offered
    response = in_language("sv", kansliet).post(
        url, {"organisation": world.partner.pk, "amount": "1"}
    )
    assert field_errors(response, "organisation") == not_offered
    response = in_language("sv", kansliet).post(
        url, {"organisation": regions["SE-O"].pk, "amount": "-5"}
    )
    assert field_errors(response, "amount") == ["Ett belopp kan inte vara negativt."]
    response = in_language("en", kansliet).post(
        url, {"organisation": regions["SE-O"].pk, "amount": "1,938"}
    )
    assert response.status_code == 302  # in English 1,938 is a thousand and more
    assert accounts.contributions.get(organisation=regions["SE-O"]).amount == Decimal("1938")
    assert accounts.contributions.count() == 2


def test_the_service_refuses_a_second_contribution_of_a_region_on_the_organisation(world):
    from django.core.exceptions import ValidationError

    from reporting import services

    accounts = FinancialYear.objects.create(year=2032, opening_balance=1, closing_balance=0)
    services.contribution_create(
        user=world.users["secretariat"],
        financial_year=accounts,
        organisation=world.region_a,
        amount=Decimal(5),
    )
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        services.contribution_create(
            user=world.users["secretariat"],
            financial_year=accounts,
            organisation=world.region_a,
            amount=Decimal(6),
        )
    assert error.value.message_dict == {"organisation": ["Regionen har redan ett bidrag det året."]}
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.contribution_create(
            user=world.users["secretariat"],
            financial_year=accounts,
            organisation=world.partner,
            amount=Decimal(6),
        )
    assert error.value.message_dict == {
        "organisation": ["The contributions are the regions': choose a region."]
    }


def test_cost_lines_are_added_in_order_changed_and_deleted(kansliet, world, regions):
    accounts = make_2030(world, regions)
    url = reverse("reporting:costline_add", args=[accounts.pk])
    assert kansliet.get(url).context["form"]["order"].value() == 3
    kansliet.post(
        url,
        {"kind": "travel", "label": "Resekostnader", "amount": "175,5", "note": "", "order": "3"},
    )
    line = accounts.cost_lines.get(label="Resekostnader")
    assert line.amount == Decimal("175.5")
    response = in_language("sv", kansliet).post(
        url, {"kind": "other", "label": "Resekostnader", "amount": "1", "order": "4"}
    )
    assert field_errors(response, "label") == [
        "Året har redan en kostnadspost med den benämningen."
    ]
    response = in_language("sv", kansliet).post(
        url, {"kind": "other", "label": "Övrigt", "amount": "-1", "order": "4"}
    )
    assert field_errors(response, "amount") == ["Ange kostnaden som ett positivt belopp."]
    kansliet.post(
        reverse("reporting:costline_edit", args=[line.pk]),
        {"kind": "travel", "label": "Resor", "amount": "180", "note": "Tåg", "order": "1"},
    )
    line.refresh_from_db()
    assert (line.label, line.amount, line.note) == ("Resor", Decimal("180"), "Tåg")
    response = kansliet.post(reverse("reporting:costline_delete", args=[line.pk]))
    assert response["Location"] == accounts.get_absolute_url()
    assert not CostLine.objects.filter(pk=line.pk).exists()
    assert Deletion.objects.get(model="reporting.costline").deleted_by == world.users["secretariat"]


def test_the_secretariat_changes_the_balances_and_deletes_a_year(kansliet, world, regions):
    accounts = make_2030(world, regions)
    response = kansliet.post(
        reverse("reporting:financialyear_edit", args=[accounts.pk]),
        {"opening_balance": "3 105", "closing_balance": "2 415", "note": "Justerad UB."},
    )
    assert response.status_code == 302
    accounts.refresh_from_db()
    assert accounts.closing_balance == Decimal("2415")
    assert accounts.history.first().history_user == world.users["secretariat"]
    kansliet.post(reverse("reporting:financialyear_delete", args=[accounts.pk]))
    assert not FinancialYear.objects.filter(year=2030).exists()
    assert not Contribution.objects.filter(financial_year_id=accounts.pk).exists()
    assert Deletion.objects.filter(model="reporting.contribution").count() == 3


# The report's texts -----------------------------------------------------------------------------


def structure_of_2029():
    """An invented earlier year: two sections, one with a heading and three texts."""
    for section, order, heading, body in [
        ("introduction", 1, "ETT ÅR AV SAMARBETE", "Inledningen."),
        ("competence", 1, "VI UTBILDADE", "Utbildningar."),
        ("competence", 2, "", "Fler utbildningar."),
        ("competence", 5, "Webbinarier", "Webbinarierna."),
    ]:
        Narrative.objects.create(
            year=2029, section=section, order=order, heading=heading, body=body
        )


def test_start_the_year_shows_what_it_will_make_then_makes_it_empty(kansliet, world):
    structure_of_2029()
    url = reverse("reporting:narrative_start_year")
    page = text_of(in_language("sv", kansliet).get(url, {"year": 2030}))
    assert "4 texter skapas, med avsnitt och rubriker från 2029" in page
    assert "VI UTBILDADE" in page
    response = kansliet.post(url, {"year": "2030"}, follow=True)
    made = list(Narrative.objects.filter(year=2030).order_by("section", "order"))
    assert [(n.section, n.order, n.heading, n.body) for n in made] == [
        ("competence", 1, "VI UTBILDADE", ""),
        ("competence", 2, "", ""),
        ("competence", 5, "Webbinarier", ""),
        ("introduction", 1, "ETT ÅR AV SAMARBETE", ""),
    ]
    assert all(n.updated_by == world.users["secretariat"] for n in made)
    assert made[0].history.get().history_user == world.users["secretariat"]
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["4 tomma texter lades till för 2030, med avsnitt och rubriker från 2029."]
    assert "Tom: skrivs inte ut" in text_of(response)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "2030 har redan alla texter i rapportens struktur; inget lades till."),
        ("en", "2030 has every text of the report's structure already; nothing was added."),
    ],
)
def test_a_started_year_is_not_started_again(kansliet, world, language, message):
    structure_of_2029()
    url = reverse("reporting:narrative_start_year")
    kansliet.post(url, {"year": "2030"})
    Narrative.objects.filter(year=2030, section="introduction").update(body="Skrivet.")
    response = in_language(language, kansliet).post(url, {"year": "2030"})
    assert field_errors(response, "year") == [message]
    assert Narrative.objects.filter(year=2030).count() == 4
    assert Narrative.objects.get(year=2030, section="introduction").body == "Skrivet."


def test_start_the_year_adds_only_the_missing_texts(kansliet, world):
    structure_of_2029()
    Narrative.objects.create(year=2030, section="competence", order=1, body="Redan skrivet.")
    response = in_language("sv", kansliet).post(
        reverse("reporting:narrative_start_year"), {"year": "2030"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "3 tomma texter lades till för 2030, med avsnitt och rubriker från 2029. "
        "1 text fanns redan och behålls som den var."
    ]
    assert Narrative.objects.get(year=2030, section="competence", order=1).body == "Redan skrivet."
    assert Narrative.objects.filter(year=2030).count() == 4


def test_without_an_earlier_year_each_section_of_the_report_gets_one_text(kansliet, world):
    from reporting.choices import ReportSection

    kansliet.post(reverse("reporting:narrative_start_year"), {"year": "2026"})
    made = Narrative.objects.filter(year=2026)
    assert sorted(made.values_list("section", flat=True)) == sorted(ReportSection.values)
    assert set(made.values_list("order", "heading", "body")) == {(1, "", "")}


def test_a_started_years_report_prints_none_of_its_empty_texts(kansliet, world):
    import io

    from pypdf import PdfReader

    from reporting.render import render_report
    from reporting.report_data import report_snapshot

    structure_of_2029()
    kansliet.post(reverse("reporting:narrative_start_year"), {"year": "2030"})
    snapshot = report_snapshot(year=2030)
    assert snapshot["narratives"] == {"has_data": False, "sections": {}}
    pdf = render_report(snapshot, issues=[]).pdf
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for heading in ("ETT ÅR AV SAMARBETE", "VI UTBILDADE", "Webbinarier"):
        assert heading not in text
    # Written texts are printed; the chapter keeps the heading of its first, empty, text.
    Narrative.objects.filter(year=2030, section="competence", order=2).update(
        body="Vi utbildade 90."
    )
    sections = report_snapshot(year=2030)["narratives"]["sections"]
    assert sections == {
        "competence": [{"order": 2, "heading": "VI UTBILDADE", "body": "Vi utbildade 90."}]
    }


def test_the_secretariat_adds_edits_and_deletes_a_text(kansliet, world):
    Narrative.objects.create(year=2031, section="audits", order=1, body="Första.")
    response = kansliet.post(
        reverse("reporting:narrative_add"),
        {"year": "2031", "section": "audits", "order": "", "heading": "", "body": ""},
    )
    text = Narrative.objects.get(year=2031, order=2)
    assert response["Location"] == f"/reporting/narratives/?year=2031#narrative-{text.pk}"
    assert text.body == "" and text.updated_by == world.users["secretariat"]
    response = in_language("sv", kansliet).post(
        reverse("reporting:narrative_edit", args=[text.pk]),
        {"section": "audits", "order": "1", "heading": "", "body": "Andra."},
    )
    assert field_errors(response, "order") == [
        "Avsnittet har redan en text på den platsen det året."
    ]
    kansliet.post(
        reverse("reporting:narrative_edit", args=[text.pk]),
        {"section": "audits", "order": "2", "heading": "Rubrik", "body": " Andra. "},
    )
    text.refresh_from_db()
    assert (text.heading, text.body) == ("Rubrik", "Andra.")
    response = kansliet.post(reverse("reporting:narrative_delete", args=[text.pk]))
    assert response["Location"] == "/reporting/narratives/?year=2031"
    assert list(Narrative.objects.filter(year=2031).values_list("body", flat=True)) == ["Första."]


def test_the_texts_are_listed_in_the_reports_order_of_sections(client, world):
    for section in ("accounts", "introduction", "competence"):
        Narrative.objects.create(year=2031, section=section, order=1, body=section)
    client.force_login(world.users["reader"])
    rows = client.get(reverse("reporting:narrative_list"), {"year": 2031}).context["table"].rows
    assert [row.record.section for row in rows] == ["introduction", "competence", "accounts"]


# The year ---------------------------------------------------------------------------------------


def test_the_year_page_tells_what_the_registers_hold(client, world, regions):
    make_2030(world, regions)
    for title, participants, lower in [("Kurs A", 40, False), ("Kurs B", 25, True)]:
        Event.objects.create(
            title=title,
            kind="training",
            year=2030,
            occurrences=3,
            participants=participants,
            participants_is_lower_bound=lower,
        )
    YearlyFigure.objects.create(year=2030, key="newsletters", value=7, source="Verktyget")
    Narrative.objects.create(year=2030, section="audits", order=1, body="Skrivet.")
    Narrative.objects.create(year=2030, section="audits", order=2, body="")
    client.force_login(world.users["reader"])
    response = in_language("sv", client).get(reverse("reporting:year_overview"), {"year": 2030})
    text = text_of(response)
    assert "2 aktiviteter, 6 tillfällen, över 65 deltagare." in text
    assert "Ingående balans 3 105 tkr, bidrag 9 870,5 tkr" in text and "Balanserar" in text
    assert "2 texter, 1 av dem ännu tom." in text
    assert "Avsnitt utan text: Inledning" in text
    assert "Avtalsuppföljning och revisioner" not in text.split("Avsnitt utan text:")[1]
    assert "Skickade nyhetsbrev 7" in text
    assert reverse("reporting:event_add") not in response.content.decode()  # a reader adds nothing


def test_the_year_page_offers_the_secretariat_what_is_missing(kansliet, world):
    response = in_language("sv", kansliet).get(reverse("reporting:year_overview"), {"year": 2033})
    assert "Ingen ekonomi för 2033 ännu." in text_of(response)
    content = response.content.decode()
    assert f"{reverse('reporting:financialyear_add')}?year=2033" in content
    assert f"{reverse('reporting:narrative_start_year')}?year=2033" in content
    assert f"{reverse('reporting:yearlyfigure_add')}?year=2033&amp;key=newsletters" in content


# Query counts -----------------------------------------------------------------------------------


# The regions' codes that the world does not use (SE-T and SE-AB are its regions).
FREE_CODES = [
    "AC",
    "BD",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "K",
    "M",
    "N",
    "O",
    "S",
    "U",
    "W",
    "X",
    "Y",
    "Z",
]


def add_rows(world, start: int, stop: int) -> None:
    extra = [
        Organisation.objects.create(
            code=f"SE-{FREE_CODES[n - 1]}", name=f"Region {n}", kind="region"
        )
        for n in range(start, stop)
    ]
    for n in range(start, stop):
        YearlyFigure.objects.create(year=2000 + n, key="newsletters", value=n, source="Test")
        Narrative.objects.create(year=2031, section="audits", order=n, body=f"Text {n}.")
        accounts = FinancialYear.objects.create(year=2040 + n, opening_balance=n, closing_balance=0)
        Contribution.objects.create(financial_year=accounts, organisation=world.region_a, amount=n)
        CostLine.objects.create(financial_year=accounts, kind="staff", label="P", amount=n)
        Event.objects.create(title=f"Kurs {n}", kind="training", year=2031, participants=n)
        the_year = FinancialYear.objects.get_or_create(
            year=2031, defaults={"opening_balance": 0, "closing_balance": 0}
        )[0]
        Contribution.objects.create(
            financial_year=the_year, organisation=extra[n - start], amount=n
        )
        CostLine.objects.create(financial_year=the_year, kind="other", label=f"K{n}", amount=n)


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("reporting:yearlyfigure_list", {}),
        ("reporting:financialyear_list", {}),
        ("reporting:narrative_list", {"year": 2031}),
        ("reporting:year_overview", {"year": 2031}),
        ("accounts", {}),
    ],
)
def test_the_pages_queries_do_not_grow_with_rows(kansliet, world, name, query):
    add_rows(world, 1, 2)

    def url():
        if name == "accounts":
            return FinancialYear.objects.get(year=2031).get_absolute_url()
        return reverse(name)

    count_queries(kansliet, url(), query)
    few = count_queries(kansliet, url(), query)
    add_rows(world, 2, 20)
    assert count_queries(kansliet, url(), query) == few
