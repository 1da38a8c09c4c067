"""The words of an import/export file are the pages' words: an export's headers are the columns'
labels and its cells what the pages show ("Dokumentgranskning", "Ja", 2025-03-14), in Swedish
unless the user chose English; an import reads those, the English labels, and the English column
names and codes that files had before (an integrator's file keeps working); an unknown value is
refused with its row, its column and the allowed words; an export imports back unchanged.

The data is invented (Finnish, Norwegian and Vietnamese suppliers), not the 2024 report's.
"""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import load_workbook

from audits import services as audit_services
from audits.choices import AuditKind, AuditStatus, FindingStatus
from audits.models import Audit, Finding
from core.imports import import_dataset
from core.resource_widgets import ChoiceWidget, ambiguous_spellings, normalise
from core.resources import REGISTRY, export_resource_for
from core.spreadsheets import read_table
from reporting.models import Event
from requirements_catalog.models import Clause
from requirements_catalog.services import clause_save, instrument_version_draft
from suppliers.models import FrameworkAgreement, Site, Supplier, SupplierAlias

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

AUDIT_KINDS_SV = "Kontorsrevision, Återrevision, Platsrevision, Dokumentgranskning"


@pytest.fixture
def invented(world):
    """A year of the collaboration as no report has it: a Finnish supplier with a
    Vietnamese subsidiary and a Norwegian mine, an agreement, a webinar, a desk review carried
    out with a finding, and a draft clause."""
    secretariat = world.users["secretariat"]
    nordic = Supplier.objects.create(name="Nordic Medical Oy", country="FI")
    gloves = Supplier.objects.create(name="Hanoi Gloves JSC", country="VN", parent=nordic)
    SupplierAlias.objects.create(supplier=gloves, name="HG Vietnam")
    Site.objects.create(
        name="Kirkenes gruva", kind="mine", country="NO", locality="Kirkenes", operator=nordic
    )
    agreement = FrameworkAgreement.objects.create(
        reference="SE-AB-2025-7",
        title="Handskar",
        supplier=gloves,
        lead_organisation=world.region_b,
        category=world.subcategory,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2032, 12, 31),
        code_of_conduct=True,
        due_diligence_level="advanced",
    )
    agreement.co_lead_organisations.set([world.region_a])
    event = Event.objects.create(
        title="Konfliktmineraler i Kongo",
        kind="webinar",
        format="online",
        year=2025,
        date=datetime.date(2025, 3, 14),
        participants=75,
        participants_is_lower_bound=True,
    )
    event.organisers.set([world.region_a])
    audit = audit_services.audit_plan(
        user=secretariat,
        supplier=gloves,
        kind=AuditKind.DESK,
        year=2025,
        lead_organisation=world.region_b,
        planned_date=datetime.date(2025, 4, 2),
        observer_required=True,
    )
    audit = audit_services.audit_conduct(
        user=secretariat, audit=audit, start_date=datetime.date(2025, 4, 2)
    )
    audit_services.finding_add(
        user=secretariat,
        audit=audit,
        kind="non_compliance",
        severity="minor",
        description="Övertid utan ersättning.",
        deadline=datetime.date(2025, 9, 30),
    )
    draft = instrument_version_draft(
        instrument=world.instrument, version="2025", year=2025, user=secretariat
    )
    clause_save(
        version=draft,
        user=secretariat,
        code="2.1",
        text="Övertid ersätts.",
        area="labour_rights",
        level="advanced",
    )
    return audit


def run(world, resource, data, *, name="fil.csv", role="secretariat"):
    data = data.encode("utf-8") if isinstance(data, str) else data
    return import_dataset(
        user=world.users[role],
        resource_class=REGISTRY[resource],
        dataset=read_table(name, data),
        dry_run=False,
    )


def messages(outcome):
    return [str(error) for error in outcome.errors]


def xlsx_rows(response) -> list[tuple]:
    """The sheet as a user opening the file reads it."""
    assert response.status_code == 200, response.content[:300]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


# -- Exports --------------------------------------------------------------------------------------


def test_an_audit_export_reads_in_swedish(world, invented, client):
    client.force_login(world.users["procurer_a"])
    rows = xlsx_rows(client.get("/audits/export/", {"format": "xlsx", "year": "2025"}))
    assert rows[0] == (
        "Leverantör",
        "Typ",
        "År",
        "Kategori",
        "Huvudansvarig organisation",
        "Planerat datum",
        "Startdatum",
        "Slutdatum",
        "Version av bedömningsmall",
        "Observatör måste närvara",
        "Medansvariga organisationer",
        "Status",
        "Rapporterad den",
        "Stängd den",
        "Avbruten den",
        "Skäl till avbrott",
    )
    row = dict(zip(rows[0], rows[1], strict=True))
    assert len(rows) == 2
    assert (row["Leverantör"], row["Typ"], row["År"], row["Status"]) == (
        "Hanoi Gloves JSC",
        "Dokumentgranskning",
        2025,
        "Genomförd",
    )
    assert (row["Planerat datum"], row["Startdatum"], row["Observatör måste närvara"]) == (
        "2025-04-02",
        "2025-04-02",
        "Ja",
    )


def test_finding_site_agreement_and_event_exports_read_in_swedish(world, invented, client):
    client.force_login(world.users["reader"])
    finding = next(
        row
        for row in csv_rows(client.get("/audits/findings/export/", {"format": "csv"}))
        if row["Beskrivning"] == "Övertid utan ersättning."
    )
    assert (finding["Revisionens typ"], finding["Typ"], finding["Allvarlighetsgrad"]) == (
        "Dokumentgranskning",
        "Avvikelse",
        "Mindre",
    )
    assert (finding["Status"], finding["Sista datum"]) == ("Öppen", "2025-09-30")

    sites = csv_rows(client.get("/suppliers/sites/export/", {"format": "csv"}))
    mine = next(row for row in sites if row["Namn"] == "Kirkenes gruva")
    assert (mine["Typ"], mine["Land"]) == ("Gruva", "NO")
    assert mine["Driftsansvarig"] == "Nordic Medical Oy"

    agreement = next(
        row
        for row in csv_rows(client.get("/suppliers/agreements/export/", {"format": "csv"}))
        if row["Referens"] == "SE-AB-2025-7"
    )
    assert agreement["Uppförandekoden gäller"] == "Ja"
    assert agreement["Nivå för villkor om tillbörlig aktsamhet"] == "Avancerad"
    assert agreement["Status"] == "Aktivt"
    assert agreement["Kategori"] == "Läkemedel / Antibiotika"

    event = next(
        row
        for row in csv_rows(client.get("/reporting/events/export/", {"format": "csv"}))
        if row["Rubrik"] == "Konfliktmineraler i Kongo"
    )
    assert (event["Typ"], event["Form"]) == ("Webbinarium", "Digitalt")
    assert event["Datum"] == "2025-03-14"
    assert (event["Deltagare"], event["Antalet deltagare är ett minimum"]) == ("75", "Ja")

    # A list page without a register of its own exports the same way.
    organisations = csv_rows(client.get("/organisations/export/", {"format": "csv"}))
    assert {row["Typ"] for row in organisations} >= {"Region", "Kansliet"}


def test_an_english_session_exports_in_english_and_the_file_imports_in_swedish(
    world, invented, client
):
    client.force_login(world.users["secretariat"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    exported = client.get("/audits/export/", {"format": "csv", "year": "2025"})
    row = csv_rows(exported)[0]
    assert (row["Kind"], row["Status"], row["Observer must attend"]) == (
        "Desk review",
        "Conducted",
        "Yes",
    )
    outcome = run(world, "audits", exported.content)  # the default language, Swedish
    assert outcome.ok, messages(outcome)
    assert outcome.counts == {"new": 0, "update": 0, "unchanged": 1, "error": 0}


# -- Imports --------------------------------------------------------------------------------------


def test_an_import_with_swedish_headers_and_values(world, invented):
    # As Excel saves a Swedish sheet: semicolons, words in any case, spaces around them.
    text = (
        "Leverantör;Typ;År;Huvudansvarig organisation;Planerat datum;Status;"
        "Observatör måste närvara\n"
        "Nordic Medical Oy; platsrevision ;2025;SE-T;2025-10-06;PLANERAD;nej\n"
    )
    outcome = run(world, "audits", text, role="procurer_a")
    assert outcome.saved, messages(outcome)
    audit = Audit.objects.get(supplier__name="Nordic Medical Oy")
    assert (audit.kind, audit.status, audit.observer_required) == (
        AuditKind.ON_SITE,
        AuditStatus.PLANNED,
        False,
    )
    # The same audit written with the English labels, then with the codes: the same record.
    for kind, status in (("On-site audit", "Planned"), ("on_site", "planned")):
        again = run(
            world,
            "audits",
            "Supplier,Kind,Year,Lead organisation,Planned date,Status,Observer must attend\n"
            f"Nordic Medical Oy,{kind},2025,SE-T,2025-10-06,{status},No\n",
        )
        assert again.counts == {"new": 0, "update": 0, "unchanged": 1, "error": 0}, messages(again)


def test_an_import_with_the_old_english_headers_and_codes(world, invented):
    text = (
        "name,kind,country,locality,operator\n"
        "Haiphong lager,warehouse,VN,Haiphong,Hanoi Gloves JSC\n"
        "Kirkenes gruva,MINE,no,Kirkenes,Nordic Medical Oy\n"
    )
    outcome = run(world, "sites", text)
    assert outcome.saved, messages(outcome)
    assert outcome.counts == {"new": 1, "update": 0, "unchanged": 1, "error": 0}
    site = Site.objects.get(name="Haiphong lager")
    assert (site.kind, site.country, site.operator.name) == ("warehouse", "VN", "Hanoi Gloves JSC")

    findings = (
        "audit_supplier,audit_year,audit_kind,audit_lead_organisation,audit_date,"
        "kind,severity,description,status,action_plan_received_on\n"
        "Hanoi Gloves JSC,2025,desk,SE-AB,2025-04-02,observation,,Ingen visselblåsarkanal.,"
        "action_plan_received,2025-05-01\n"
    )
    outcome = run(world, "findings", findings)
    assert outcome.saved, messages(outcome)
    finding = Finding.objects.get(description="Ingen visselblåsarkanal.")
    assert (finding.kind, finding.status) == ("observation", FindingStatus.ACTION_PLAN_RECEIVED)


def test_an_unknown_value_names_row_column_and_the_allowed_words_and_saves_nothing(world, invented):
    before = (Finding.objects.count(), Event.objects.count())
    findings = (
        "Revisionens leverantör,Revisionens år,Revisionens typ,"
        "Revisionens huvudansvariga organisation,Revisionens datum,Typ,Beskrivning\n"
        "Hanoi Gloves JSC,2025,Dokumentgranskning,SE-AB,2025-04-02,Observation,Bra rad.\n"
        "Hanoi Gloves JSC,2025,Besök,SE-AB,2025-04-02,Observation,Fel typ.\n"
    )
    outcome = run(world, "findings", findings)
    assert messages(outcome) == [
        f"rad 3, kolumn Revisionens typ: ”Besök” är inte något av: {AUDIT_KINDS_SV}."
    ]
    events = "Rubrik;Typ;Form;År\nMarknadsdialog i Oslo;Marknadsdialog;Distans;2025\n"
    outcome = run(world, "events", events)
    assert messages(outcome) == [
        "rad 2, kolumn Form: ”Distans” är inte något av: På plats, Digitalt, Hybrid."
    ]
    assert (Finding.objects.count(), Event.objects.count()) == before
    with translation.override("en"):  # the column as the file names it, the words in English
        assert messages(run(world, "events", events)) == [
            "row 2, column Form: “Distans” is not one of: In person, Online, Hybrid."
        ]


def test_a_column_named_twice_in_two_languages_is_refused(world):
    outcome = run(world, "suppliers", "Namn,name,Land\nOslo Sykehusservice AS,Oslo,NO\n")
    assert outcome.file_errors == ["Kolumner som finns två gånger: Namn."]
    assert not Supplier.objects.filter(country="NO").exists()


def test_the_import_page_names_columns_and_choices_as_the_pages_do(world, client):
    client.force_login(world.users["secretariat"])
    page = client.get("/audits/findings/import/").content.decode()
    assert "Revisionens typ" in page and "<code>audit_kind</code>" in page
    assert f"Något av: {AUDIT_KINDS_SV}." in page
    assert "on_site" not in page and "follow_up" not in page
    assert "Öppen, Handlingsplan mottagen, Verifierad och stängd, Eskalerad eller tomt." in page


# -- Round trip: an export imports back as it was -------------------------------------------------

REGISTERS = [
    ("suppliers", "/suppliers/export/", Supplier),
    ("sites", "/suppliers/sites/export/", Site),
    ("agreements", "/suppliers/agreements/export/", FrameworkAgreement),
    ("events", "/reporting/events/export/", Event),
    ("audits", "/audits/export/", Audit),
    ("findings", "/audits/findings/export/", Finding),
    ("clauses", "/requirements/instruments/clauses/export/", Clause),
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("resource", "url", "model"), REGISTERS, ids=[r[0] for r in REGISTERS])
def test_an_export_imports_back_and_changes_nothing(
    world, invented, client, resource, url, model, fmt
):
    client.force_login(world.users["secretariat"])
    exported = client.get(url, {"format": fmt})
    history = model.history.count()
    outcome = run(world, resource, exported.content, name=f"export.{fmt}")
    assert outcome.ok and outcome.saved, messages(outcome)[:5]
    rows = model.objects.count()
    assert outcome.counts == {"new": 0, "update": 0, "unchanged": rows, "error": 0}
    assert model.history.count() == history


# -- The words themselves -------------------------------------------------------------------------


def _resources():
    from django.urls import get_resolver

    from core.views.importexport import ObjectExportView

    models = {
        getattr(pattern.callback, "view_class", None).resource_class._meta.model
        for pattern in _patterns(get_resolver())
        if issubclass(getattr(pattern.callback, "view_class", object), ObjectExportView)
    }
    return [export_resource_for(model) for model in models]


def _patterns(resolver):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _patterns(pattern)
        else:
            yield pattern


def test_every_header_and_choice_is_read_back_as_itself():
    """No two columns of a file share a label, no label is another column's name, and no word
    names two choices: whatever an export writes, in either language, reads back the same."""
    resources = _resources()
    assert {cls.register_name for cls in resources} >= set(REGISTRY)
    for cls in resources:
        resource = cls()
        lookup = cls.header_lookup()
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for column in resource.column_names():
                    label = resource.label_of(column)
                    assert lookup[normalise(label)] == column, (cls, language, label)
                    assert lookup[normalise(column)] == column
        for field in resource.fields.values():
            if isinstance(field.widget, ChoiceWidget):
                assert ambiguous_spellings(field.widget.pairs) == [], (cls, field.column_name)
