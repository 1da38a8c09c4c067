"""Only published versions count as requirements of a year: the report's table of harmonised
requirements and guidance holds the instruments with a version of the year published by
31 December of that year; a draft does not count, nor a version published only the next year."""

import datetime

import pytest
from django.core.management import call_command

from reporting.consistency import consistency_check
from reporting.report_data import report_snapshot
from reporting.report_sections import _harmonised_requirements
from requirements_catalog.choices import InstrumentKind, VersionStatus
from requirements_catalog.models import Clause, Instrument, InstrumentVersion
from requirements_catalog.services import (
    clause_create,
    instrument_create,
    instrument_version_draft,
    instrument_version_publish,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

YEAR = 2022  # a year of its own: neither the seed's 2024 nor today's


def instrument(code, kind=InstrumentKind.ENVIRONMENTAL_REQUIREMENT, **fields):
    return Instrument.objects.create(code=code, kind=kind, title=code.capitalize(), **fields)


def version(instrument, status, *, year=YEAR, published_on=None, label=None):
    return InstrumentVersion.objects.create(
        instrument=instrument,
        version=label or str(year),
        year=year,
        status=status,
        published_on=published_on,
    )


@pytest.fixture
def catalogue_of_the_year(world):
    """Seven instruments around 2022, three of which count for it."""
    secretariat = world.users["secretariat"]
    # Published in the portal in November: counts.
    gloves = instrument_create(
        user=secretariat,
        code="handskar",
        kind=InstrumentKind.ENVIRONMENTAL_REQUIREMENT,
        title="Miljökrav handskar",
        category=world.subcategory,
        responsible_organisations=[world.region_b],
    )
    draft = instrument_version_draft(instrument=gloves, version="2022", year=YEAR, user=secretariat)
    clause_create(version=draft, user=secretariat, code="1", text="Inga ftalater.")
    instrument_version_publish(version=draft, user=secretariat, on=datetime.date(YEAR, 11, 30))
    # Published in March and superseded in the year after: still a requirement of 2022.
    guidance = instrument("vagledning-lakemedel", InstrumentKind.GUIDANCE)
    version(guidance, VersionStatus.SUPERSEDED, published_on=datetime.date(YEAR, 3, 1))
    # Due-diligence clauses published on 31 December: counts.
    clauses = instrument("villkor", InstrumentKind.DUE_DILIGENCE, applies_to_all_prioritised=True)
    version(clauses, VersionStatus.PUBLISHED, published_on=datetime.date(YEAR, 12, 31))
    # A draft of the year: does not count.
    version(instrument("textil-utkast"), VersionStatus.DRAFT)
    # Meant for the year but published in January of the next: does not count for it.
    version(
        instrument("kemikalier-sent"),
        VersionStatus.PUBLISHED,
        published_on=datetime.date(YEAR + 1, 1, 10),
    )
    # Published in the year, but not a harmonised kind: not in the table.
    version(instrument("uppforandekod", InstrumentKind.CODE_OF_CONDUCT), VersionStatus.PUBLISHED)
    # A version of another year: not in this year's table.
    version(instrument("ifjol"), VersionStatus.PUBLISHED, year=YEAR - 1)
    return gloves


def test_only_versions_published_by_the_years_end_count(catalogue_of_the_year):
    table = _harmonised_requirements(YEAR)
    assert table["count"] == 3
    assert [row["title"] for row in table["rows"]] == [
        "Miljökrav handskar",
        "Vagledning-lakemedel",
        "Villkor",
    ]
    gloves = table["rows"][0]
    assert gloves["category"].endswith("Antibiotika")
    assert gloves["responsible"] == ["Region Stockholm"]
    assert table["rows"][2]["category"] == "Alla prioriterade kategorier"
    # The year after: the late version is of the year before, so no year counts it.
    assert _harmonised_requirements(YEAR + 1)["count"] == 0


def test_publishing_a_draft_after_the_year_leaves_the_years_report_unchanged(
    catalogue_of_the_year, world
):
    before = report_snapshot(year=YEAR)["harmonised_requirements"]
    secretariat = world.users["secretariat"]
    draft = InstrumentVersion.objects.get(instrument__code="textil-utkast")
    # The draft of 2022 is published today: its year becomes today's, not 2022's.
    instrument_version_publish(version=draft, user=secretariat)
    draft.refresh_from_db()
    assert draft.year != YEAR
    after = report_snapshot(year=YEAR)["harmonised_requirements"]
    assert after == before


def test_the_2024_report_still_counts_its_five_and_a_draft_changes_nothing(world):
    call_command("seed_2024", verbosity=0)
    snapshot = report_snapshot(year=2024)
    assert snapshot["harmonised_requirements"]["count"] == 5
    assert snapshot["year_in_brief"]["harmonised_requirements"] == 5
    remarks = [issue.as_dict() for issue in consistency_check(year=2024)]
    # A new harmonised requirement drafted for 2024 (not published): the report and its
    # consistency check are as they were (the 2025 report counted such a draft and then
    # flagged two true sentences).
    secretariat = world.users["secretariat"]
    extra = instrument_create(
        user=secretariat,
        code="ny-vagledning-2024",
        kind=InstrumentKind.GUIDANCE,
        title="Ny vägledning",
    )
    draft = instrument_version_draft(instrument=extra, version="2024", year=2024, user=secretariat)
    Clause.objects.create(version=draft, code="1", text="Ett krav under arbete.")
    assert report_snapshot(year=2024)["harmonised_requirements"]["count"] == 5
    assert [issue.as_dict() for issue in consistency_check(year=2024)] == remarks
