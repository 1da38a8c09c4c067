"""The requirements catalogue pages: instruments, versions with their clause texts."""

import datetime

import pytest
from django.urls import reverse

from requirements_catalog.choices import InstrumentKind, RequirementLevel
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from requirements_catalog.services import (
    clause_save,
    instrument_version_draft,
    instrument_version_publish,
)
from riskanalysis.models import Category
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


def make_instruments(start, stop, category, organisation):
    for n in range(start, stop):
        instrument = Instrument.objects.create(
            code=f"krav-{n}",
            kind=InstrumentKind.ENVIRONMENTAL_REQUIREMENT,
            title=f"Miljökrav {n}",
            category=category,
        )
        instrument.responsible_organisations.add(organisation)
        for version, status in (("1", "published"), ("2", "draft")):
            InstrumentVersion.objects.create(
                instrument=instrument, version=version, year=2023 + int(version), status=status
            )


@pytest.mark.parametrize("role", ["secretariat", "procurer_a"])
def test_instrument_list_queries_do_not_grow_with_rows(client, world, role):
    client.force_login(world.users[role])
    url = reverse("requirements_catalog:instrument_list")
    make_instruments(0, 1, world.category, world.region_a)
    one = count_queries(client, url)
    make_instruments(1, 50, world.category, world.region_a)
    assert count_queries(client, url) == one


@pytest.fixture
def catalogue(world):
    secretariat = world.users["secretariat"]
    uppforandekod = Instrument.objects.create(
        code="uppforandekod", kind=InstrumentKind.CODE_OF_CONDUCT, title="Uppförandekod"
    )
    textil = Category.objects.create(name="Textilier")
    krav = Instrument.objects.create(
        code="textilkrav",
        kind=InstrumentKind.ENVIRONMENTAL_REQUIREMENT,
        title="Kemikaliekrav textil",
        category=textil,
    )
    krav.responsible_organisations.add(world.region_b)
    krav.related_instruments.add(uppforandekod)
    first = instrument_version_draft(instrument=krav, version="2023", year=2023, user=secretariat)
    clause_save(
        version=first,
        user=secretariat,
        code="1",
        title="Ftalater",
        text="Gammal kravtext om ftalater.",
        level=RequirementLevel.BASIC,
    )
    instrument_version_publish(version=first, user=secretariat, on=datetime.date(2023, 4, 1))
    second = instrument_version_draft(instrument=krav, version="2024", year=2024, user=secretariat)
    clause_save(
        version=second,
        user=secretariat,
        code="1",
        title="Ftalater",
        text="Ny kravtext om <b>ftalater</b>.",
        level=RequirementLevel.ADVANCED,
        area="environment",
        rationale="Hormonstörande ämnen.",
        verification="Testrapport från ackrediterat labb.",
    )
    instrument_version_publish(version=second, user=secretariat, on=datetime.date(2024, 5, 2))
    return {"uppforandekod": uppforandekod, "krav": krav, "first": first, "second": second}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=kemikalie", {"Kemikaliekrav textil"}),
        ("kind=code_of_conduct", {"Uppförandekod"}),
        ("year=2023", {"Kemikaliekrav textil"}),
        ("year=2024", {"Kemikaliekrav textil", "Bedömningsmall"}),
        ("category=TEXTIL", {"Kemikaliekrav textil"}),
    ],
)
def test_instrument_list_filters(client, world, catalogue, query, expected):
    client.force_login(world.users["reader"])
    category = catalogue["krav"].category
    query = query.replace("TEXTIL", str(category.pk))
    response = client.get(f"{reverse('requirements_catalog:instrument_list')}?{query}")
    titles = [row.record.title for row in response.context["table"].rows]
    assert sorted(titles) == sorted(expected)  # each instrument once, however many versions


def test_instrument_list_shows_the_latest_version(client, world, catalogue):
    client.force_login(world.users["reader"])
    response = client.get(reverse("requirements_catalog:instrument_list"))
    row = next(
        r for r in response.context["table"].rows if r.record.title == "Kemikaliekrav textil"
    )
    assert row.record.latest_version == "2024"
    assert row.record.latest_year == 2024
    content = response.content.decode()
    assert "Region Stockholm" in content
    # A reader sees no button to add an instrument, neither the portal's nor the admin's.
    assert reverse("requirements_catalog:instrument_add") not in content
    assert "/admin/" not in content


def test_instrument_detail_shows_versions_newest_first_with_clause_texts(client, world, catalogue):
    client.force_login(world.users["procurer_a"])
    response = client.get(
        reverse("requirements_catalog:instrument_detail", args=[catalogue["krav"].pk])
    )
    content = response.content.decode()
    assert [v.version for v in response.context["versions"]] == ["2024", "2023"]
    assert "Region Stockholm" in content
    assert "Uppförandekod" in content  # the related instrument
    # The statuses, in Swedish: 2024 published, 2023 superseded by it.
    assert "Publicerad" in content
    assert "Ersatt" in content
    assert content.index("Ny kravtext") < content.index("Gammal kravtext")
    assert "Ny kravtext om &lt;b&gt;ftalater&lt;/b&gt;." in content
    assert (
        reverse("requirements_catalog:instrumentversion_detail", args=[catalogue["first"].pk])
        in content
    )
    # Only the secretariat curates: a procurer gets no button for it.
    assert "/admin/" not in content
    assert (
        reverse("requirements_catalog:instrument_edit", args=[catalogue["krav"].pk]) not in content
    )
    assert "Utkasta en ny version" not in content


def test_version_detail_shows_every_clause_field(client, world, catalogue):
    client.force_login(world.users["reader"])
    second = catalogue["second"]
    response = client.get(
        reverse("requirements_catalog:instrumentversion_detail", args=[second.pk])
    )
    content = response.content.decode()
    for text in [
        "Kemikaliekrav textil",
        "Ftalater",
        "Ny kravtext om &lt;b&gt;ftalater&lt;/b&gt;.",
        "Hormonstörande ämnen.",
        "Testrapport från ackrediterat labb.",
        "Publicerad",
    ]:
        assert text in content, text
    assert response.context["superseded_by"] is None
    first = client.get(
        reverse("requirements_catalog:instrumentversion_detail", args=[catalogue["first"].pk])
    )
    assert first.context["superseded_by"] == second
    assert "Gammal kravtext om ftalater." in first.content.decode()


def test_clause_order_is_kept(client, world):
    version = world.template_version
    Clause.objects.create(version=version, code="2.1", text="Andra", order=2)
    Clause.objects.create(version=version, code="1.2", text="Första b", order=1)
    client.force_login(world.users["reader"])
    response = client.get(
        reverse("requirements_catalog:instrumentversion_detail", args=[version.pk])
    )
    assert [c.code for c in response.context["clauses"]] == ["1.1", "1.2", "2.1"]
