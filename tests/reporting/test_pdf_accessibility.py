"""The report PDF is tagged for assistive software and archivable (PDF/A-2a declaring PDF/UA-1,
reporting/pdf_tagging.py): read back with pikepdf, the 2024 report, an invented year with other
counts and an empty year each carry the catalog entries, metadata and structure tree PDF/UA-1 asks
for, their charts' alt texts give the charts' numbers, and the ``pdfua`` checker finds nothing.

What no test here can judge (a person must): whether the reading order makes sense, whether an
alt text or a heading is well worded, colour contrast, and the rules the ``pdfua`` package does not
implement (fonts, colour spaces; PDF/A conformance as veraPDF would judge it)."""

import io
import itertools
import os
import re
import shutil
import subprocess

import pikepdf
import pytest
from django.core.management import call_command
from django.utils import translation
from pdfua import validate

from reporting.render import render_report
from reporting.report_data import report_snapshot
from tests.reporting.invented_year import invent_year

# Once per CI run (the PostgreSQL pass): the PDF's tags and metadata come from WeasyPrint and
# reporting/pdf_tagging.py, not from the database; the report's figures are checked on both.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EMPTY_YEAR = 2031  # no data at all
INVENTED_YEAR, INVENTED_N = 2036, 3  # invent_year writes this year and the one before
YEARS = (2024, INVENTED_YEAR, EMPTY_YEAR)
# Tables at least: the empty year still lists the collaboration's partners (not bound to a year).
MIN_TABLES = {2024: 8, INVENTED_YEAR: 5, EMPTY_YEAR: 1}
# pdfua 0.1.3's empty-heading rule raises on pikepdf 10 (it asks an Array for "/is_integer") and
# is reported as skipped; test_headings_are_in_order_and_never_empty checks the same.
SKIPPED_BY_PDFUA = {"UA-14-001"}


@pytest.fixture(scope="module")
def reports(module_seed_2024, django_db_blocker, tmp_path_factory):
    """{year: path}: 2024 built as the secretariat does (build_report), the invented and the empty
    year rendered straight from their snapshots."""
    folder = tmp_path_factory.mktemp("tagged")
    paths = {year: folder / f"verksamhetsrapport-{year}.pdf" for year in YEARS}
    with django_db_blocker.unblock(), translation.override("sv"):
        invent_year(INVENTED_YEAR, INVENTED_N)
        call_command("build_report", "2024", "-o", str(paths[2024]), stdout=io.StringIO())
        for year in (INVENTED_YEAR, EMPTY_YEAR):
            pdf = render_report(report_snapshot(year=year), issues=[]).pdf
            paths[year].write_bytes(pdf)
    return paths


def _elements(node, found=None) -> list:
    """The structure elements under ``node`` in document order."""
    found = [] if found is None else found
    if isinstance(node, pikepdf.Array):
        for kid in node:
            _elements(kid, found)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        found.append(node)
        if "/K" in node:
            _elements(node.K, found)
    return found


def _marks_content(element) -> bool:
    """True if the element or one below it holds a marked-content id (text or an image)."""
    kids = element.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return any(
        isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary) and _marks_content(kid))
        for kid in kids
        if kid is not None
    )


def _tree(pdf) -> list:
    return _elements(pdf.Root.StructTreeRoot.K)


def _roles(elements) -> list[str]:
    return [str(element.S) for element in elements]


@pytest.mark.parametrize("year", YEARS)
def test_the_catalog_says_tagged_swedish_and_shows_the_title(reports, year):
    title = f"Verksamhetsrapport {year} – Hållbar upphandling – Sveriges regioner"
    with pikepdf.open(reports[year]) as pdf:
        assert pdf.check_pdf_syntax() == []  # QPDF reads every object and stream
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "sv"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.docinfo.Title) == title
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == title
            # PDF/A-2a and PDF/UA-1 both declared, pdfuaid with its extension schema.
            assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("2", "A")
            assert xmp["pdfuaid:part"] == "1"
        assert b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in pdf.Root.Metadata.read_bytes()
        assert "/OutputIntents" in pdf.Root  # sRGB, as PDF/A asks


@pytest.mark.parametrize("year", YEARS)
def test_headings_are_in_order_and_never_empty(reports, year):
    with pikepdf.open(reports[year]) as pdf:
        elements = _tree(pdf)
        headings = [e for e in elements if re.fullmatch(r"/H[1-6]", str(e.S))]
        levels = [int(str(h.S)[2]) for h in headings]
        assert levels[0] == 1  # the cover's title
        skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert skips == []
        assert all(_marks_content(h) for h in headings)
        # One H1 per top-level bookmark: the title and every chapter.
        assert levels.count(1) == len(pdf.open_outline().root) >= 11
        assert _roles(elements)[0] == "/Document"


@pytest.mark.parametrize("year", YEARS)
def test_tables_have_column_headers_every_cell_points_to(reports, year):
    with pikepdf.open(reports[year]) as pdf:
        tables = [e for e in _tree(pdf) if str(e.S) == "/Table"]
        assert len(tables) >= MIN_TABLES[year]
        for table in tables:
            cells = [e for e in _elements(table.K) if str(e.S) in ("/TH", "/TD")]
            headers = {str(c.ID): c for c in cells if str(c.S) == "/TH"}
            assert headers, "a table without header cells"
            assert {str(h.A.Scope) for h in headers.values()} == {"/Column"}
            data = [c for c in cells if str(c.S) == "/TD"]
            assert data
            for cell in data:
                pointed = {str(ref) for ref in cell.A.Headers}
                assert pointed and pointed <= set(headers)
        captions = [e for t in tables for e in _elements(t.K) if str(e.S) == "/Caption"]
        assert captions  # the tables' captions stay inside them


def _alts(path) -> list[str]:
    with pikepdf.open(path) as pdf:
        figures = [e for e in _tree(pdf) if str(e.S) == "/Figure"]
        assert all("/BBox" in figure.A for figure in figures)
        return [str(figure.get("/Alt", "")) for figure in figures]


def test_the_2024_charts_say_what_they_show_with_their_numbers(reports):
    assert _alts(reports[2024]) == [
        "Stapeldiagram: antal nyhetsbrev, en stapel per år. 2023: 13, 2024: 18.",
        "Stapeldiagram: antal prenumeranter på nyhetsbrevet, en stapel per år. "
        "2023: 103, 2024: 198.",
        "Stapeldiagram: antal medieartiklar, en stapel per år. 2023: 5, 2024: 13.",
    ]


def test_an_invented_years_charts_carry_its_own_counts(reports):
    n, year = INVENTED_N, INVENTED_YEAR
    newsletters, subscribers, articles = _alts(reports[year])
    # invent_year: newsletters n+4 (n+2 the year before), subscribers 310n (250n), articles n (n+1).
    assert newsletters.endswith(f"{year - 1}: {n + 2}, {year}: {n + 4}.")
    assert subscribers.endswith(f"{year - 1}: {250 * n}, {year}: {310 * n}.")
    assert articles.endswith(f"{year - 1}: {n + 1}, {year}: {n}.")
    assert "antal prenumeranter på nyhetsbrevet" in subscribers


def test_an_empty_year_has_no_chart_and_so_no_figure(reports):
    assert _alts(reports[EMPTY_YEAR]) == []


@pytest.mark.parametrize("year", YEARS)
def test_running_headers_and_page_numbers_are_artifacts_the_rest_is_in_the_tree(reports, year):
    with pikepdf.open(reports[year]) as pdf:
        in_tree = {e.objgen for e in _tree(pdf)}
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        pagination = []
        for page in pdf.pages:
            marked = [op for op in pikepdf.parse_content_stream(page) if str(op[1]) == "BDC"]
            outside = [
                int(operands[1].MCID)
                for operands, _op in marked
                if str(operands[0]) != "/Artifact"
                and parents[int(page.StructParents)][int(operands[1].MCID)].objgen not in in_tree
            ]
            assert outside == [], f"content outside the tree on page {page.index + 1}"
            pagination.append(sum(1 for operands, _op in marked if str(operands[0]) == "/Artifact"))
        # The cover has no header or footer; every other page has at least its page number.
        assert pagination[0] == 0
        assert all(count >= 2 for count in pagination[1:])


@pytest.mark.parametrize("year", YEARS)
def test_the_pdfua_checker_finds_nothing(reports, year):
    report = validate(str(reports[year]))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert {outcome.rule_id for outcome in report.skipped} <= SKIPPED_BY_PDFUA
    assert report.exit_code == 0


def test_pdfinfo_reads_the_report_as_tagged(reports):
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        if os.environ.get("CI"):
            pytest.fail("pdfinfo (poppler-utils) is missing on CI; .ci/run installs it")
        pytest.skip("pdfinfo (poppler-utils) is not installed: the PDF's Tagged flag not read")
    info = subprocess.run(
        [pdfinfo, str(reports[2024])], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)  # "Tagged:          yes"
    assert re.search(r"^Title:\s+Verksamhetsrapport 2024 – ", info, re.MULTILINE)
