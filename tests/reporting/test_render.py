"""The yearly report as a PDF: build_report 2024 from seed_2024 prints every figure of the 2024
report and both supplier lists without the internal note, an empty year says "no data" section by
section, and the command refuses a bad year or path without writing anything."""

import io
import os
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation
from pypdf import PdfReader

from reporting.render import render_report_html
from reporting.report_data import report_snapshot
from reporting.templatetags.report_format import (
    sv_count,
    sv_counted,
    sv_lower_first,
    sv_number,
    sv_plural,
)
from tests.reporting.pdf import pdf_text

# The module's report fixture needs the test database set up: every test asks for it.
pytestmark = pytest.mark.django_db

SECTIONS = 10  # the snapshot's sections; each says "Inga uppgifter" when it has no data
NO_DATA = "Inga uppgifter för året."


@pytest.fixture(scope="module")
def report_2024(django_db_setup, django_db_blocker, tmp_path_factory):
    """build_report 2024 once for the module, on seed_2024 data rolled back afterwards."""
    path = tmp_path_factory.mktemp("report") / "verksamhetsrapport-2024.pdf"
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_2024", verbosity=0)
        # The command speaks the active language; this module reads its Swedish.
        with translation.override("sv"):
            call_command("build_report", "2024", "-o", str(path), stdout=out)
        snapshot = report_snapshot(year=2024)
        html = render_report_html(snapshot, issues=[])
        transaction.set_rollback(True)
    return {
        "path": path,
        "text": pdf_text(path),
        "stdout": out.getvalue(),
        "snapshot": snapshot,
        "html": html,
    }


@pytest.mark.parametrize(
    "expected",
    [
        "69 revisioner",  # the year's audits
        "44 kontorsrevisioner",
        "25 återrevisioner",
        "mot 42 revisioner under 2023",
        "42 → 69",
        "6 incidentärenden",
        "3 riskanalyser",
        "3 fördjupade riskanalyser",  # the key figure: all three were in depth
        "6 hanterade incidentärenden",
        "Under 2024 har 6 incidentärenden hanterats.",
        "Riskområde: tvångsarbete",  # a label in lower case inside the line
        "Land: Kina",
        "5 harmoniserade krav",
        "över 560",
        "Nyhetsbrev 13 18",  # 2023, 2024
        "Prenumeranter på nyhetsbrevet 103 198",
        "Medieartiklar 5 13",
        "Summa regionernas bidrag 10 538",
        "Summa intäkter 12 720",
        "Summa kostnader 12 720",
        "Ingående balans (IB) 4 120",
        "Verksamhetsrapport 2024",
        "Hållbar upphandling – Sveriges regioner",
        "Innehåll",
    ],
)
def test_2024_report_prints_the_figure(report_2024, expected):
    assert expected in report_2024["text"]


def test_2024_report_lists_every_audited_supplier(report_2024):
    groups = {g["kind"]: g for g in report_2024["snapshot"]["audits"]["groups"]}
    assert len(groups["office"]["suppliers"]) == 44
    assert len(groups["follow_up"]["suppliers"]) == 25
    missing = [
        name
        for group in groups.values()
        for name in group["suppliers"]
        if re.sub(r"\s+", " ", name) not in report_2024["text"]
    ]
    assert missing == []


def test_2024_report_prints_no_internal_note(report_2024):
    assert "glöm ej" not in report_2024["text"].casefold()
    assert "observatör" not in report_2024["text"].casefold()


def test_2024_report_has_vector_charts_and_print_features(report_2024):
    html = report_2024["html"]
    assert html.count('src="data:image/svg+xml;base64,') == 3
    assert '<html lang="sv">' in html
    assert "target-counter" in html
    assert "string-set" in html
    # Headers repeat on every page a table spans; rows are never split.
    assert "table-header-group" in html
    assert "break-inside: avoid" in html


def test_build_report_prints_issues_and_page_count(report_2024):
    out = report_2024["stdout"]
    assert "45 stycken kontorsrevisioner" in out
    pages = len(PdfReader(report_2024["path"]).pages)
    assert f"{pages} sidor" in out
    assert pages >= 12


def test_a_year_without_data_says_so_section_by_section(tmp_path):
    path = tmp_path / "tom.pdf"
    call_command("build_report", "2019", "-o", str(path), stdout=io.StringIO())
    reader = PdfReader(path)
    assert len(reader.pages) >= SECTIONS
    text = pdf_text(path)
    assert "Verksamhetsrapport 2019" in text
    assert text.count(NO_DATA) == SECTIONS


@pytest.mark.parametrize(
    ("year", "message"),
    [("tjugo", "ska vara ett tal"), ("1999", "mellan 2010"), ("3000", "mellan 2010")],
)
def test_bad_year_is_refused_and_nothing_written(tmp_path, year, message):
    with pytest.raises(CommandError, match=message):
        call_command("build_report", year, "-o", str(tmp_path / "r.pdf"))
    assert list(tmp_path.iterdir()) == []


def test_missing_directory_is_refused(tmp_path):
    with pytest.raises(CommandError, match="finns inte"):
        call_command("build_report", "2024", "-o", str(tmp_path / "nope" / "r.pdf"))
    assert list(tmp_path.iterdir()) == []


def test_a_directory_as_output_is_refused(tmp_path):
    with pytest.raises(CommandError, match="är en mapp"):
        call_command("build_report", "2024", "-o", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only directories")
def test_unwritable_directory_is_refused(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        with pytest.raises(CommandError, match="permission denied"):
            call_command("build_report", "2024", "-o", str(locked / "r.pdf"))
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_swedish_number_formatting():
    assert sv_number(10538) == "10\u00a0538"
    assert sv_number(1234567) == "1\u00a0234\u00a0567"
    assert sv_number(64.3) == "64,3"
    assert sv_number(-1938) == "\u22121\u00a0938"
    assert sv_number(None) == "–"
    assert sv_count(560, True) == "över 560"
    assert sv_count(140, False) == "140"


def test_swedish_number_agreement_and_labels():
    assert sv_plural(1, "revision,revisioner") == "revision"
    assert [sv_plural(n, "revision,revisioner") for n in (0, 2, 69, 1.5)] == ["revisioner"] * 4
    assert sv_plural(None, "revision,revisioner") == "revisioner"
    assert sv_counted(1, "iakttagelse,iakttagelser") == "1 iakttagelse"
    assert sv_counted(1700, "följare,följare") == "1\u00a0700 följare"
    assert sv_lower_first("Tvångsarbete") == "tvångsarbete"
    assert sv_lower_first("Brott mot migrations- eller arbetsrättslig lagstiftning").startswith(
        "brott"
    )
    assert sv_lower_first("EU-krav") == "EU-krav"  # an abbreviation keeps its capitals
    assert sv_lower_first("") == ""


def test_a_supplier_audited_twice_in_a_year_is_listed_once_with_the_count(tmp_path):
    from audits.models import Audit
    from tests.world import World

    world = World()
    for _ in range(2):
        Audit.objects.create(
            supplier=world.other_supplier,
            kind="office",
            status="closed",
            year=2025,
            lead_organisation=world.region_a,
            category=world.category,
        )
    path = tmp_path / "2025.pdf"
    call_command("build_report", "2025", "-o", str(path), stdout=io.StringIO())
    text = pdf_text(path)
    # Two audits, one supplier: each noun agrees with its own number.
    assert "Kontorsrevisioner: 2 revisioner hos följande leverantör" in text
    assert "1 leverantör; antalet revisioner står inom parentes där det var fler än en" in text
    assert "Getinge (2)" in text
