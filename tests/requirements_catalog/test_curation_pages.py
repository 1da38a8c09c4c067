"""The secretariat curates the requirements catalogue in the portal, without the admin: instruments,
drafts with their clauses, publishing. Bad input is a message on its field and nothing is saved;
a published version offers no change and refuses one, in Swedish and in English."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Deletion
from requirements_catalog.choices import VersionStatus
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from requirements_catalog.services import (
    clause_create,
    instrument_version_draft,
    instrument_version_publish,
)
from tests.helpers import forget_menu_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name, *args):
    return reverse(f"requirements_catalog:{name}", args=args)


@pytest.fixture
def kansliet(client, world):
    client.force_login(world.users["secretariat"])
    return client


def field_errors(response, field) -> list[str]:
    assert response.status_code == 400, response.status_code
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow_messages(client, response) -> list[str]:
    assert response.status_code == 302, response.status_code
    page = client.get(response["Location"])
    return [str(m) for m in page.context["messages"]]


def new_instrument_data(world, **changes):
    data = {
        "code": "textilkemikalier",
        "kind": "environmental_requirement",
        "title": "Kemikaliekrav för textilier",
        "category": world.subcategory.pk,
        "products_areas": "Arbetskläder",
        "responsible_organisations": [world.region_a.pk, world.region_b.pk],
        "related_instruments": [world.instrument.pk],
        "description": "Krav på ftalater och PFAS.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# Instruments ---------------------------------------------------------------------------------


def test_the_secretariat_adds_an_instrument_recorded_with_its_user(kansliet, world):
    response = kansliet.post(url("instrument_add"), new_instrument_data(world))
    instrument = Instrument.objects.get(code="textilkemikalier")
    assert response["Location"] == instrument.get_absolute_url()
    assert instrument.category == world.subcategory
    assert set(instrument.responsible_organisations.values_list("code", flat=True)) == {
        "SE-T",
        "SE-AB",
    }
    assert list(instrument.related_instruments.all()) == [world.instrument]
    assert instrument.history.first().history_user == world.users["secretariat"]
    page = kansliet.get(response["Location"]).content.decode()
    assert "Kemikaliekrav för textilier har sparats." in page
    assert url("instrumentversion_add", instrument.pk) in page  # next: draft its first version


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
def test_category_and_all_prioritised_is_refused_on_the_category(
    kansliet, world, language, message
):
    kansliet.cookies["django_language"] = language
    response = kansliet.post(
        url("instrument_add"),
        new_instrument_data(world, applies_to_all_prioritised="on"),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert field_errors(response, "category") == [message]
    assert not response.context["form"].non_field_errors()
    assert not Instrument.objects.filter(code="textilkemikalier").exists()


def test_a_code_in_use_is_refused_on_the_code(kansliet, world):
    response = kansliet.post(
        url("instrument_add"), new_instrument_data(world, code="bedomningsmall")
    )
    assert field_errors(response, "code") == ["Ett annat styrdokument har redan den här koden."]
    assert Instrument.objects.filter(code="bedomningsmall").count() == 1


def test_the_secretariat_edits_an_instrument_but_not_the_kind_once_published(kansliet, world):
    data = new_instrument_data(
        world,
        code="bedomningsmall",
        kind="assessment_template",
        title="Bedömningsmall för kontorsrevisioner",
        related_instruments=[],
    )
    response = kansliet.post(url("instrument_edit", world.instrument.pk), data)
    assert response.status_code == 302
    world.instrument.refresh_from_db()
    assert world.instrument.title == "Bedömningsmall för kontorsrevisioner"
    assert world.instrument.responsible_organisations.count() == 2
    refused = kansliet.post(
        url("instrument_edit", world.instrument.pk), {**data, "kind": "guidance", "title": "X"}
    )
    assert field_errors(refused, "kind") == [
        "Typen av ett styrdokument med en publicerad version kan inte ändras; lägg till ett nytt "
        "styrdokument i stället."
    ]
    world.instrument.refresh_from_db()
    assert (world.instrument.kind, world.instrument.title) == (
        "assessment_template",
        "Bedömningsmall för kontorsrevisioner",
    )


def test_an_instrument_never_published_is_deleted_with_its_draft(kansliet, world):
    instrument = world.draft_instrument
    page = kansliet.get(instrument.get_absolute_url()).content.decode()
    assert url("instrument_delete", instrument.pk) in page
    assert kansliet.get(url("instrument_delete", instrument.pk)).status_code == 200
    response = kansliet.post(url("instrument_delete", instrument.pk))
    assert response["Location"] == url("instrument_list")
    assert not Instrument.objects.filter(pk=instrument.pk).exists()
    assert not InstrumentVersion.objects.filter(pk=world.draft_version.pk).exists()
    assert not Clause.objects.filter(pk=world.draft_clause.pk).exists()
    # Each row's deletion is logged with who did it (the API's sync learns of it).
    deleted = set(
        Deletion.objects.filter(deleted_by=world.users["secretariat"]).values_list(
            "model", "object_id"
        )
    )
    assert deleted == {
        ("requirements_catalog.instrument", instrument.pk),
        ("requirements_catalog.instrumentversion", world.draft_version.pk),
        ("requirements_catalog.clause", world.draft_clause.pk),
    }


def test_a_published_instrument_is_not_deleted_and_offers_no_delete(kansliet, world):
    page = kansliet.get(world.instrument.get_absolute_url()).content.decode()
    assert url("instrument_delete", world.instrument.pk) not in page
    response = kansliet.post(url("instrument_delete", world.instrument.pk))
    assert follow_messages(kansliet, response) == [
        "Bedömningsmall har en publicerad version och kan inte raderas; katalogen behåller det "
        "som har publicerats."
    ]
    assert Instrument.objects.filter(pk=world.instrument.pk).exists()


# Drafts ---------------------------------------------------------------------------------------


def test_a_new_draft_starts_from_the_latest_published_version(kansliet, world):
    secretariat = world.users["secretariat"]
    form = kansliet.get(url("instrumentversion_add", world.instrument.pk))
    assert "Utkastet börjar med klausulerna i version 1" in form.content.decode()
    assert form.context["form"]["year"].value() == timezone.localdate().year  # prepared for now
    response = kansliet.post(
        url("instrumentversion_add", world.instrument.pk),
        {"version": "2", "year": 2026, "notes": "Skärpta kriterier."},
    )
    draft = InstrumentVersion.objects.get(instrument=world.instrument, version="2")
    assert response["Location"] == draft.get_absolute_url()
    assert (draft.status, draft.year, draft.supersedes) == (
        VersionStatus.DRAFT,
        2026,
        world.template_version,
    )
    copied = draft.clauses.get()
    assert (copied.code, copied.text) == ("1.1", "Riskanalys av leveranskedjan finns.")
    assert copied.pk != world.criterion.pk
    # The copy is in the clauses' history, with who drafted it.
    assert copied.history.get().history_user == secretariat
    # One draft at a time: the add page now leads to it.
    again = kansliet.get(url("instrumentversion_add", world.instrument.pk))
    assert again["Location"] == draft.get_absolute_url()


def test_a_second_draft_is_refused_with_the_reason(kansliet, world):
    response = kansliet.post(
        url("instrumentversion_add", world.draft_instrument.pk), {"version": "2026", "year": 2026}
    )
    assert response.status_code == 400
    assert [str(e) for e in response.context["form"].non_field_errors()] == [
        "Vägledning under arbete har redan ett utkast (version 2025-utkast); publicera eller "
        "radera det först."
    ]
    assert world.draft_instrument.versions.count() == 1


def test_a_drafts_name_year_and_document_are_edited(kansliet, world, client):
    draft = world.draft_version
    taken = kansliet.post(
        url("instrumentversion_add", world.instrument.pk), {"version": "1", "year": 2025}
    )
    assert field_errors(taken, "version") == ["Styrdokumentet har redan en version med det namnet."]
    out_of_range = kansliet.post(
        url("instrumentversion_edit", draft.pk), {"version": "2025", "year": 1999}
    )
    assert field_errors(out_of_range, "year")
    not_a_document = kansliet.post(
        url("instrumentversion_edit", draft.pk),
        {
            "version": "2025",
            "year": 2025,
            "document": SimpleUploadedFile("krav.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert field_errors(not_a_document, "document") == [
        "Ett styrdokuments fil ska vara en pdf eller ett kontorsdokument (Word, Excel, "
        "PowerPoint eller OpenDocument); den här filen är ingetdera."
    ]
    draft.refresh_from_db()
    assert (draft.version, bool(draft.document)) == ("2025-utkast", False)

    response = kansliet.post(
        url("instrumentversion_edit", draft.pk),
        {
            "version": "2025/2",
            "year": 2025,
            "notes": "Remiss till regionerna.",
            "document": SimpleUploadedFile("Vägledning FINAL (2).pdf", PDF),
        },
    )
    assert response["Location"] == draft.get_absolute_url()
    draft.refresh_from_db()
    assert (draft.version, draft.notes) == ("2025/2", "Remiss till regionerna.")
    assert draft.document.name.endswith("/vagledning-utkast-20252.pdf")  # a name of our own
    # The edit page links the current file through the gate, never a bare media address.
    form = kansliet.get(url("instrumentversion_edit", draft.pk)).content.decode()
    assert f'href="{url("instrumentversion_document", draft.pk)}"' in form
    assert "/media/" not in form
    # Every reader downloads it through the gate; the auditor sees no catalogue.
    client.force_login(world.users["reader"])
    download = client.get(url("instrumentversion_document", draft.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    client.force_login(world.users["auditor"])
    assert client.get(url("instrumentversion_document", draft.pk)).status_code == 404


def test_a_draft_is_deleted_and_a_published_version_is_not(kansliet, world):
    response = kansliet.post(url("instrumentversion_delete", world.draft_version.pk))
    assert response["Location"] == world.draft_instrument.get_absolute_url()
    assert follow_messages(kansliet, response) == [
        "Vägledning under arbete 2025-utkast har raderats."
    ]
    assert not InstrumentVersion.objects.filter(pk=world.draft_version.pk).exists()
    refused = kansliet.post(url("instrumentversion_delete", world.template_version.pk))
    assert follow_messages(kansliet, refused) == [
        "Bedömningsmall 1 har status publicerad och kan inte ändras; skapa en ny version."
    ]
    assert InstrumentVersion.objects.filter(pk=world.template_version.pk).exists()


def test_a_draft_an_audit_refers_to_is_not_deleted(kansliet, world):
    from audits.models import Audit

    draft = instrument_version_draft(
        instrument=world.instrument, version="2", year=2025, user=world.users["secretariat"]
    )
    Audit.objects.create(
        supplier=world.supplier,
        kind="office",
        year=2025,
        lead_organisation=world.region_a,
        template_version=draft,
    )
    response = kansliet.post(url("instrumentversion_delete", draft.pk))
    assert follow_messages(kansliet, response) == [
        "Bedömningsmall 2 kan inte raderas: det finns revisioner som hänvisar hit."
    ]
    assert InstrumentVersion.objects.filter(pk=draft.pk).exists()
    assert draft.clauses.count() == 1  # nothing half-deleted


# Clauses --------------------------------------------------------------------------------------


def test_the_clauses_of_a_draft_are_added_edited_moved_and_deleted(kansliet, world):
    draft = world.draft_version
    for code, text in (("2", "Leverantören har en uppförandekod."), ("3", "Revisioner görs.")):
        response = kansliet.post(url("clause_add", draft.pk), {"code": code, "text": text})
        assert response.status_code == 302
    assert [c.code for c in draft.clauses.order_by("order")] == ["1", "2", "3"]
    clause = draft.clauses.get(code="3")
    assert response["Location"] == f"{draft.get_absolute_url()}#clause-{clause.pk}"

    kansliet.post(url("clause_move", clause.pk), {"direction": "up"})
    kansliet.post(url("clause_move", clause.pk), {"direction": "up"})
    kansliet.post(url("clause_move", clause.pk), {"direction": "up"})  # already first: stays
    assert [c.code for c in draft.clauses.order_by("order")] == ["3", "1", "2"]
    page = kansliet.get(draft.get_absolute_url())
    assert [c.code for c in page.context["clauses"]] == ["3", "1", "2"]

    edited = kansliet.post(
        url("clause_edit", clause.pk),
        {"code": "3", "title": "Revisioner", "text": "Revisioner görs årligen.", "level": "basic"},
    )
    assert edited.status_code == 302
    clause.refresh_from_db()
    assert (clause.title, clause.text, clause.level) == (
        "Revisioner",
        "Revisioner görs årligen.",
        "basic",
    )
    assert clause.history.first().history_user == world.users["secretariat"]

    assert kansliet.get(url("clause_delete", clause.pk)).status_code == 200
    deleted = kansliet.post(url("clause_delete", clause.pk))
    assert deleted["Location"] == f"{draft.get_absolute_url()}#clauses-heading"
    assert [c.code for c in draft.clauses.order_by("order")] == ["1", "2"]


@pytest.mark.parametrize(
    ("language", "duplicate", "empty"),
    [
        (
            "sv",
            "Versionen har redan en klausul med det numret.",
            "Det här fältet är obligatoriskt.",
        ),
        ("en", "This version already has a clause with that number.", "This field is required."),
    ],
)
def test_a_clause_number_twice_or_no_text_is_refused_on_the_field(
    kansliet, world, language, duplicate, empty
):
    kansliet.cookies["django_language"] = language
    draft = world.draft_version
    twice = kansliet.post(url("clause_add", draft.pk), {"code": "1", "text": "Igen."})
    assert field_errors(twice, "code") == [duplicate]
    no_text = kansliet.post(url("clause_add", draft.pk), {"code": "9", "text": "   "})
    assert field_errors(no_text, "text") == [empty]
    assert draft.clauses.count() == 1


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Bedömningsmall 1 har status publicerad och kan inte ändras; skapa en ny version."),
        ("en", "Bedömningsmall 1 is published and cannot change; make a new version."),
    ],
)
def test_a_published_version_refuses_clause_changes_with_the_message(
    kansliet, world, language, message
):
    kansliet.cookies["django_language"] = language
    criterion = world.criterion
    for request in (
        lambda: kansliet.get(url("clause_edit", criterion.pk)),
        lambda: kansliet.post(url("clause_edit", criterion.pk), {"code": "1.1", "text": "Ä."}),
        lambda: kansliet.post(url("clause_delete", criterion.pk)),
        lambda: kansliet.post(url("clause_move", criterion.pk), {"direction": "down"}),
        lambda: kansliet.post(url("clause_add", world.template_version.pk), {"code": "2"}),
        lambda: kansliet.post(url("instrumentversion_edit", world.template_version.pk), {}),
        lambda: kansliet.get(url("instrumentversion_publish", world.template_version.pk)),
    ):
        response = request()
        assert response["Location"].startswith(world.template_version.get_absolute_url())
        assert follow_messages(kansliet, response) == [message]
    criterion.refresh_from_db()
    assert criterion.text == "Riskanalys av leveranskedjan finns."
    assert world.template_version.clauses.count() == 1


def test_a_published_version_offers_no_change_and_a_draft_does(client, world):
    published = url("instrumentversion_detail", world.template_version.pk)
    draft = url("instrumentversion_detail", world.draft_version.pk)
    client.force_login(world.users["secretariat"])
    page = client.get(published).content.decode()
    assert url("instrumentversion_publish", world.template_version.pk) not in page
    assert url("clause_edit", world.criterion.pk) not in page
    assert url("instrumentversion_add", world.instrument.pk) in page  # a new version instead
    page = client.get(draft).content.decode()
    for link in (
        url("instrumentversion_publish", world.draft_version.pk),
        url("instrumentversion_edit", world.draft_version.pk),
        url("instrumentversion_delete", world.draft_version.pk),
        url("clause_add", world.draft_version.pk),
        url("clause_edit", world.draft_clause.pk),
        url("clause_move", world.draft_clause.pk),
    ):
        assert link in page, link
    assert "Det här är ett utkast" in page
    # Readers and procurers read the draft but get no button.
    for role in ("procurer_a", "reader"):
        client.force_login(world.users[role])
        page = client.get(draft).content.decode()
        assert "Leverantören redovisar sina fabriker." in page
        assert url("instrumentversion_publish", world.draft_version.pk) not in page
        assert url("clause_edit", world.draft_clause.pk) not in page
        page = client.get(url("instrument_detail", world.draft_instrument.pk)).content.decode()
        assert url("instrument_edit", world.draft_instrument.pk) not in page
        assert url("instrument_delete", world.draft_instrument.pk) not in page
        assert "Öppna utkastet" not in page
        assert url("instrument_add") not in client.get(url("instrument_list")).content.decode()


# Publishing -----------------------------------------------------------------------------------


def publish(client, version, **data):
    return client.post(url("instrumentversion_publish", version.pk), data)


def test_publish_is_dated_today_by_default_and_supersedes(kansliet, world):
    secretariat = world.users["secretariat"]
    draft = instrument_version_draft(
        instrument=world.instrument, version="2", year=2025, user=secretariat
    )
    form = kansliet.get(url("instrumentversion_publish", draft.pk))
    assert "När det publiceras ersätter det version 1." in form.content.decode()
    assert form.context["form"].initial["year"] == 2025  # the draft's year, to decide on
    response = publish(kansliet, draft, on="", year="")
    today = timezone.localdate()
    assert response["Location"] == draft.get_absolute_url()
    draft.refresh_from_db()
    world.template_version.refresh_from_db()
    assert (draft.status, draft.published_on, draft.year, draft.published_by) == (
        VersionStatus.PUBLISHED,
        today,
        today.year,  # the year follows the publication date
        secretariat,
    )
    assert draft.supersedes == world.template_version
    assert world.template_version.status == VersionStatus.SUPERSEDED
    assert world.template_version.history.first().history_user == secretariat
    assert draft.history.first().history_user == secretariat


def test_a_publication_in_the_future_is_refused_on_the_date(kansliet, world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = publish(kansliet, world.draft_version, on=tomorrow.isoformat(), year="")
    [message] = field_errors(response, "on")
    assert message.startswith("Datumet kan inte ligga i framtiden")
    world.draft_version.refresh_from_db()
    assert world.draft_version.status == VersionStatus.DRAFT


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "sv",
            "En version som publiceras 2026-01-15 är versionen för 2026, inte för 2025: lämna "
            "året tomt, eller ange det datum under 2025 då den publicerades.",
        ),
        (
            "en",
            "A version published on 2026-01-15 is the version of 2026, not of 2025: leave the "
            "year empty, or give the date in 2025 it was published.",
        ),
    ],
)
def test_a_year_that_contradicts_the_date_is_refused_on_the_year(
    kansliet, world, language, message
):
    kansliet.cookies["django_language"] = language
    response = publish(kansliet, world.draft_version, on="2026-01-15", year="2025")
    assert field_errors(response, "year") == [message]
    world.draft_version.refresh_from_db()
    assert (world.draft_version.status, world.draft_version.year) == (VersionStatus.DRAFT, 2025)


def test_a_publication_before_the_version_it_supersedes_is_refused(kansliet, world):
    secretariat = world.users["secretariat"]
    draft = instrument_version_draft(
        instrument=world.instrument, version="2", year=2025, user=secretariat
    )
    instrument_version_publish(version=draft, user=secretariat, on=datetime.date(2025, 3, 1))
    third = instrument_version_draft(
        instrument=world.instrument, version="3", year=2025, user=secretariat
    )
    response = publish(kansliet, third, on="2025-02-28", year="")
    assert field_errors(response, "on") == [
        "Datumet kan inte vara före publiceringen av versionen som den ersätter (2025-03-01)."
    ]


def test_draft_publish_draft_again_copies_the_published_clauses(kansliet, world):
    secretariat = world.users["secretariat"]
    draft = world.draft_version
    clause_create(version=draft, user=secretariat, code="2", text="Kemikalier redovisas.")
    assert publish(kansliet, draft, on="2025-09-01", year="2025").status_code == 302
    kansliet.post(
        url("instrumentversion_add", world.draft_instrument.pk), {"version": "2026", "year": 2026}
    )
    new = InstrumentVersion.objects.get(instrument=world.draft_instrument, version="2026")
    assert new.supersedes == draft
    assert [(c.code, c.text) for c in new.clauses.order_by("order")] == [
        ("1", "Leverantören redovisar sina fabriker."),
        ("2", "Kemikalier redovisas."),
    ]
    # The published clauses stay as they were when the draft's change.
    kansliet.post(url("clause_edit", new.clauses.get(code="2").pk), {"code": "2", "text": "Nytt."})
    assert draft.clauses.get(code="2").text == "Kemikalier redovisas."


def test_an_assessment_template_is_not_published_without_criteria(kansliet, world):
    secretariat = world.users["secretariat"]
    draft = instrument_version_draft(
        instrument=world.instrument, version="2", year=2025, user=secretariat
    )
    draft.clauses.all().delete()
    response = publish(kansliet, draft, on="", year="")
    assert [str(e) for e in response.context["form"].non_field_errors()] == [
        "En bedömningsmall behöver sina kriterier innan den publiceras."
    ]


def test_the_version_page_query_count_does_not_grow_with_its_clauses(kansliet, world):
    draft = world.draft_version

    def count():
        forget_menu_counts(kansliet)  # the menu's counts are counted each time
        with CaptureQueriesContext(connection) as queries:
            assert kansliet.get(draft.get_absolute_url()).status_code == 200
        return len(queries)

    few = count()
    for n in range(2, 30):
        Clause.objects.create(version=draft, code=str(n), text=f"Krav {n}.", order=n)
    assert count() == few
