"""The catalogue's API writes: instruments, instrument-versions (draft, change, delete, publish,
reorder) and clauses, through the same services as the portal's pages. Bad input is a message
under its field and nothing is saved; a published version answers 409 to every change."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Deletion
from requirements_catalog.choices import VersionStatus
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from requirements_catalog.services import instrument_version_draft

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


def url(name, *args):
    return reverse(f"api:{name}", args=args)


@pytest.fixture
def kansliet(api_as):
    return api_as("secretariat")


def errors(response, status=400) -> dict:
    assert response.status_code == status, response.content
    return response.json().get("errors", {})


# Instruments ---------------------------------------------------------------------------------


def test_post_an_instrument_answers_with_the_read_shape(kansliet, world):
    response = kansliet.post(
        url("instrument-list"),
        {
            "code": "textilkemikalier",
            "kind": "environmental_requirement",
            "title": "Kemikaliekrav för textilier",
            "category": world.subcategory.pk,
            "products_areas": "Arbetskläder",
            "responsible_organisations": [world.region_b.pk, world.region_a.pk],
            "related_instruments": [world.instrument.pk],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"].endswith(url("instrument-detail", body["id"]))
    assert body["responsible_organisation_codes"] == ["SE-AB", "SE-T"]
    assert body["category_name"] == "Antibiotika"
    assert body["versions"] == []
    instrument = Instrument.objects.get(pk=body["id"])
    assert instrument.history.first().history_user == world.users["secretariat"]
    # Symmetrical: the template now names it among its related instruments.
    assert list(world.instrument.related_instruments.all()) == [instrument]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "sv",
            "Ett styrdokument har antingen en kategori eller gäller alla prioriterade "
            "kategorier, inte båda.",
        ),
        (
            "en",
            "An instrument either has a category or applies to all prioritised categories, "
            "not both.",
        ),
    ],
)
def test_bad_instruments_are_refused_under_their_field(kansliet, world, language, message):
    kansliet.credentials(
        HTTP_AUTHORIZATION=kansliet._credentials["HTTP_AUTHORIZATION"],
        HTTP_ACCEPT_LANGUAGE=language,
    )
    both = kansliet.post(
        url("instrument-list"),
        {
            "code": "x",
            "kind": "guidance",
            "title": "X",
            "category": world.category.pk,
            "applies_to_all_prioritised": True,
        },
    )
    assert errors(both) == {"category": [message]}
    taken = kansliet.post(
        url("instrument-list"), {"code": "bedomningsmall", "kind": "guidance", "title": "X"}
    )
    assert list(errors(taken)) == ["code"]
    assert not Instrument.objects.filter(code="x").exists()


def test_patch_replaces_the_lists_and_refuses_a_new_kind_once_published(kansliet, world):
    detail = url("instrument-detail", world.instrument.pk)
    response = kansliet.patch(detail, {"responsible_organisations": [world.partner.pk]})
    assert response.status_code == 200, response.content
    assert response.json()["responsible_organisation_codes"] == ["ADDA"]
    assert response.json()["title"] == "Bedömningsmall"  # what was not sent stays
    refused = kansliet.patch(detail, {"kind": "guidance"})
    assert list(errors(refused)) == ["kind"]
    self_related = kansliet.patch(detail, {"related_instruments": [world.instrument.pk]})
    assert errors(self_related) == {
        "related_instruments": ["Ett styrdokument kan inte vara relaterat till sig självt."]
    }
    world.instrument.refresh_from_db()
    assert world.instrument.kind == "assessment_template"


def test_delete_an_instrument_never_published_and_not_a_published_one(kansliet, world):
    refused = kansliet.delete(url("instrument-detail", world.instrument.pk))
    assert refused.status_code == 409
    assert "har en publicerad version" in refused.json()["detail"]
    gone = kansliet.delete(url("instrument-detail", world.draft_instrument.pk))
    assert gone.status_code == 204
    assert not Instrument.objects.filter(pk=world.draft_instrument.pk).exists()
    logged = Deletion.objects.filter(model="requirements_catalog.instrument").get()
    assert (logged.object_id, logged.deleted_by) == (
        world.draft_instrument.pk,
        world.users["secretariat"],
    )


# Versions ------------------------------------------------------------------------------------


def test_post_a_draft_copies_the_published_clauses_and_only_one_draft_at_a_time(kansliet, world):
    response = kansliet.post(
        url("instrumentversion-list"),
        {"instrument": world.instrument.pk, "version": "2", "year": 2026, "notes": "Remiss."},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["instrument_code"], body["status"], body["year"], body["supersedes"]) == (
        "bedomningsmall",
        "draft",
        2026,
        world.template_version.pk,
    )
    assert [c["code"] for c in body["clauses"]] == ["1.1"]
    again = kansliet.post(
        url("instrumentversion-list"),
        {"instrument": world.instrument.pk, "version": "3", "year": 2026},
    )
    assert again.status_code == 409
    assert again.json()["errors"] == {
        "instrument": [
            "Bedömningsmall har redan ett utkast (version 2); publicera eller radera det först."
        ]
    }
    out_of_range = kansliet.post(
        url("instrumentversion-list"),
        {"instrument": world.instrument.pk, "version": "3", "year": 1999},
    )
    assert list(errors(out_of_range)) == ["year"]
    assert world.instrument.versions.count() == 2


def test_patch_and_delete_a_draft(kansliet, world):
    detail = url("instrumentversion-detail", world.draft_version.pk)
    response = kansliet.patch(detail, {"version": "2025", "notes": "Till remiss."})
    assert response.status_code == 200, response.content
    assert (response.json()["version"], response.json()["notes"]) == ("2025", "Till remiss.")
    # The instrument of a draft is not changed by a PATCH (it is not among its fields).
    kansliet.patch(detail, {"instrument": world.instrument.pk})
    world.draft_version.refresh_from_db()
    assert world.draft_version.instrument == world.draft_instrument
    assert kansliet.delete(detail).status_code == 204
    assert not InstrumentVersion.objects.filter(pk=world.draft_version.pk).exists()
    assert not Clause.objects.filter(pk=world.draft_clause.pk).exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Bedömningsmall 1 har status publicerad och kan inte ändras; skapa en ny version."),
        ("en", "Bedömningsmall 1 is published and cannot change; make a new version."),
    ],
)
def test_a_published_version_answers_409_to_every_change(kansliet, world, language, message):
    kansliet.credentials(
        HTTP_AUTHORIZATION=kansliet._credentials["HTTP_AUTHORIZATION"],
        HTTP_ACCEPT_LANGUAGE=language,
    )
    version = url("instrumentversion-detail", world.template_version.pk)
    clause = url("clause-detail", world.criterion.pk)
    for response in (
        kansliet.patch(version, {"notes": "Ändrad."}),
        kansliet.delete(version),
        kansliet.post(url("instrumentversion-publish", world.template_version.pk), {}),
        kansliet.post(
            url("instrumentversion-reorder", world.template_version.pk),
            {"clauses": [world.criterion.pk]},
        ),
        kansliet.post(
            url("clause-list"),
            {"version": world.template_version.pk, "code": "1.2", "text": "Ny."},
        ),
        kansliet.patch(clause, {"text": "Ändrad."}),
        kansliet.delete(clause),
    ):
        assert response.status_code == 409, response.content
        assert response.json()["code"] == "version_immutable"
        assert response.json()["detail"] == message
    world.criterion.refresh_from_db()
    assert world.criterion.text == "Riskanalys av leveranskedjan finns."
    assert world.template_version.clauses.count() == 1


def test_publish_today_by_default_supersedes_and_the_year_follows_the_date(kansliet, world):
    draft = instrument_version_draft(
        instrument=world.instrument, version="2", year=2025, user=world.users["secretariat"]
    )
    response = kansliet.post(url("instrumentversion-publish", draft.pk), {})
    assert response.status_code == 200, response.content
    today = timezone.localdate()
    body = response.json()
    assert (body["status"], body["published_on"], body["year"], body["supersedes"]) == (
        "published",
        today.isoformat(),
        today.year,
        world.template_version.pk,
    )
    world.template_version.refresh_from_db()
    assert world.template_version.status == VersionStatus.SUPERSEDED
    draft.refresh_from_db()
    assert draft.published_by == world.users["secretariat"]


def test_publish_refuses_the_future_and_a_contradicting_year(kansliet, world):
    publish = url("instrumentversion-publish", world.draft_version.pk)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert list(errors(kansliet.post(publish, {"on": tomorrow.isoformat()}))) == ["on"]
    contradiction = kansliet.post(publish, {"on": "2026-01-15", "year": 2025})
    assert errors(contradiction) == {
        "year": [
            "En version som publiceras 2026-01-15 är versionen för 2026, inte för 2025: lämna "
            "året tomt, eller ange det datum under 2025 då den publicerades."
        ]
    }
    assert list(errors(kansliet.post(publish, {"on": "15/1/2026"}))) == ["on"]
    world.draft_version.refresh_from_db()
    assert world.draft_version.status == VersionStatus.DRAFT
    stated = kansliet.post(publish, {"on": "2025-12-30", "year": 2025})
    assert (stated.json()["year"], stated.json()["published_on"]) == (2025, "2025-12-30")


def test_reorder_a_drafts_clauses(kansliet, world):
    draft = world.draft_version
    second = Clause.objects.create(version=draft, code="2", text="Andra.", order=2)
    third = Clause.objects.create(version=draft, code="3", text="Tredje.", order=3)
    reorder = url("instrumentversion-reorder", draft.pk)
    response = kansliet.post(reorder, {"clauses": [third.pk, world.draft_clause.pk, second.pk]})
    assert response.status_code == 200, response.content
    assert [c["code"] for c in response.json()["clauses"]] == ["3", "1", "2"]
    for wrong in ([third.pk, second.pk], [third.pk, third.pk, second.pk], [world.criterion.pk]):
        assert list(errors(kansliet.post(reorder, {"clauses": wrong}))) == ["clauses"]
    assert list(draft.clauses.order_by("order").values_list("code", flat=True)) == ["3", "1", "2"]


# Clauses ---------------------------------------------------------------------------------------


def test_clauses_are_added_changed_and_deleted_in_a_draft(kansliet, world):
    response = kansliet.post(
        url("clause-list"),
        {
            "version": world.draft_version.pk,
            "code": "2",
            "title": "Kemikalier",
            "text": "Leverantören redovisar kemikalier.",
            "area": "environment",
            "level": "advanced",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["version"], body["version_status"], body["order"]) == (
        world.draft_version.pk,
        "draft",
        2,  # after the last clause
    )
    clause = Clause.objects.get(pk=body["id"])
    assert clause.history.get().history_user == world.users["secretariat"]
    twice = kansliet.post(
        url("clause-list"), {"version": world.draft_version.pk, "code": "2", "text": "Igen."}
    )
    assert errors(twice) == {"code": ["Versionen har redan en klausul med det numret."]}
    no_text = kansliet.post(
        url("clause-list"), {"version": world.draft_version.pk, "code": "3", "text": ""}
    )
    assert list(errors(no_text)) == ["text"]
    detail = url("clause-detail", clause.pk)
    changed = kansliet.patch(detail, {"text": "Kemikalier redovisas årligen.", "level": ""})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["text"], changed.json()["level"]) == (
        "Kemikalier redovisas årligen.",
        "",
    )
    assert list(errors(kansliet.patch(detail, {"code": "1"}))) == ["code"]
    assert kansliet.delete(detail).status_code == 204
    assert list(world.draft_version.clauses.values_list("code", flat=True)) == ["1"]


def test_clause_list_filters(api_as, world):
    Clause.objects.create(version=world.draft_version, code="2", text="Kemikalier.", order=2)
    client = api_as("reader")
    by_id = client.get(url("clause-list"), {"version_id": world.draft_version.pk}).json()
    assert [c["code"] for c in by_id["results"]] == ["1", "2"]
    named = client.get(url("clause-list"), {"instrument": "bedomningsmall", "version": "1"})
    assert [c["code"] for c in named.json()["results"]] == ["1.1"]
    assert client.get(url("clause-list"), {"version_id": 2**70}).status_code == 400
    versions = client.get(url("instrumentversion-list"), {"status": "draft"}).json()
    assert [v["id"] for v in versions["results"]] == [world.draft_version.pk]
