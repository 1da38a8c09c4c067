"""Issue 18, item 3: the start page's year and charts (audits/selectors_home.py, core/charts.py).

Invented data in 2025–2027 for two regions; what the charts and their tables say is compared
with what was created, for my organisations and for the collaboration, through the gate.
"""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from audits.choices import AuditKind, AuditStatus, FindingStatus
from audits.models import Audit, Finding
from core.charts import (
    Chart,
    Series,
    bar_svg,
    chart_figure,
    horizontal_bar_svg,
    table_html,
    wrap,
)
from riskanalysis.models import Category, CategoryPriority
from suppliers.models import FrameworkAgreement, Supplier
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]
D = dt.date
CATEGORY = "Handskar & <skydd>"


def make_chart_data(world) -> dict:
    """Audits of region A and B in 2025–2027 with findings open and closed, and a category
    prioritised 2026–2028 with a supplier of A's not audited since."""
    a, b = world.region_a, world.region_b

    def audit(org, year, kind, status=AuditStatus.CONDUCTED, supplier=None):
        return Audit.objects.create(
            supplier=supplier or world.supplier,
            kind=kind,
            year=year,
            status=status,
            lead_organisation=org,
            cancellation_reason="Leverantören avslutad." if status == AuditStatus.CANCELLED else "",
        )

    def finding(on, raised, severity, closed=None, verifier=None):
        return Finding.objects.create(
            audit=on,
            kind="non_compliance" if severity else "observation",
            verified_by_audit=verifier,
            severity=severity,
            description=f"Avvikelse {raised}",
            raised_on=raised,
            status=FindingStatus.VERIFIED_CLOSED if closed else FindingStatus.OPEN,
            closed_on=closed,
        )

    a_2025 = audit(a, 2025, AuditKind.FOLLOW_UP)
    a_2026 = audit(a, 2026, AuditKind.OFFICE)
    a_verifier = audit(a, 2026, AuditKind.OFFICE)
    audit(a, 2026, AuditKind.DESK)
    audit(a, 2027, AuditKind.ON_SITE, AuditStatus.PLANNED)
    audited = Supplier.objects.create(name="Granskad AB")
    b_2026 = audit(b, 2026, AuditKind.OFFICE, supplier=audited)
    b_verifier = audit(b, 2026, AuditKind.OFFICE)
    audit(b, 2026, AuditKind.OFFICE)
    audit(b, 2027, AuditKind.DESK, AuditStatus.PLANNED)
    audit(b, 2027, AuditKind.DESK, AuditStatus.CANCELLED)  # never counted
    audit(b, 2028, AuditKind.DESK, AuditStatus.CANCELLED)  # not a year with data
    finding(a_2026, D(2026, 2, 1), "critical")  # 6–12 months
    finding(a_2026, D(2026, 11, 1), "major")  # under 3 months
    finding(a_2026, D(2026, 3, 1), "minor", closed=D(2026, 5, 10), verifier=a_verifier)  # Q2
    finding(a_2025, D(2025, 6, 1), "major")  # over a year
    finding(b_2026, D(2026, 1, 15), "")  # 6–12 months, severity not set
    finding(b_2026, D(2026, 2, 1), "major", closed=D(2026, 8, 1), verifier=b_verifier)  # Q3
    category = Category.objects.create(name=CATEGORY)
    CategoryPriority.objects.create(category=category, start_year=2026, end_year=2028)
    unaudited = Supplier.objects.create(name="Ogranskad AB")
    FrameworkAgreement.objects.create(
        supplier=unaudited, lead_organisation=a, title="Handskar A", category=category
    )
    FrameworkAgreement.objects.create(
        supplier=audited, lead_organisation=b, title="Handskar B", category=category
    )
    return {"category": category}


def login(client, world, role):
    client.force_login(world.users[role])


def sections(response) -> dict:
    return {s.key: s for s in response.context["chart_sections"]}


def values(chart: Chart) -> dict:
    """{series label: {category: value}} without the zeros."""
    return {
        s.label: {c: v for c, v in zip(chart.categories, s.values, strict=True) if v}
        for s in chart.series
        if any(s.values)
    }


def table(response, chart_id) -> dict:
    """The rows of a chart's table on the page: {row heading: [numbers]}."""
    doc = lxml.html.fromstring(response.content.decode())
    (figure,) = doc.xpath(f'//figure[@id="{chart_id}-figure"]')
    assert figure.xpath('.//svg[@role="img"]/title')
    return {
        tr.xpath("./th")[0].text.strip(): [int(td.text) for td in tr.xpath("./td")]
        for tr in figure.xpath(".//tbody/tr")
    }


@pytest.fixture
def data(world):
    return make_chart_data(world)


def test_the_default_year_is_the_latest_with_data(client, world, data):
    login(client, world, "procurer_a")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["year"] == 2027
    assert response.context["years"][:4] == [2027, 2026, 2025, 2024]
    assert 2028 not in response.context["years"]  # a cancelled plan is no data
    page = response.content.decode()
    assert '<option value="2027" selected>' in page


def test_the_audits_per_year_for_my_region_and_the_collaboration(client, world, data):
    login(client, world, "procurer_a")
    response = client.get(reverse("home"))
    mine, everyone = sections(response)["mine"], sections(response)["all"]
    assert mine.audits_per_year.categories == ("2023", "2024", "2025", "2026", "2027")
    kinds = dict(AuditKind.choices)
    assert values(mine.audits_per_year) == {
        kinds["office"]: {"2024": 1, "2026": 2},  # World's audit A of 2024
        kinds["follow_up"]: {"2025": 1},
        kinds["desk"]: {"2026": 1},
        kinds["on_site"]: {"2027": 1},
    }
    assert values(everyone.audits_per_year) == {
        kinds["office"]: {"2023": 1, "2024": 2, "2026": 5},
        kinds["follow_up"]: {"2025": 1},
        kinds["desk"]: {"2026": 1, "2027": 1},  # the cancelled plan is not counted
        kinds["on_site"]: {"2027": 1},
    }
    # The table on the page says the same: a column per kind (in the order of the choices)
    # and the total.
    assert table(response, "all-audits")["2026"] == [5, 0, 0, 1, 6]
    assert table(response, "mine-audits")["2027"] == [0, 0, 1, 0, 1]


def test_open_findings_by_age_and_closed_per_quarter(client, world, data):
    login(client, world, "procurer_a")
    response = client.get(reverse("home"), {"year": "2026"})
    assert response.context["year"] == 2026 and not response.context["year_error"]
    mine, everyone = sections(response)["mine"], sections(response)["all"]
    _under3, _3to6, _6to12, over = mine.open_findings.categories
    critical, major, minor, unset = mine.open_findings.series
    # World's finding of 2024 and A's of 2025 have been open for over a year.
    assert critical.values == (0, 0, 1, 0)
    assert major.values == (1, 0, 0, 2)
    assert minor.values == unset.values == (0, 0, 0, 0)  # the minor one was closed
    assert mine.open_findings.totals() == [1, 0, 1, 2]
    assert everyone.open_findings.totals() == [1, 0, 2, 2]
    assert everyone.open_findings.series[3].values == (0, 0, 1, 0)  # severity not set
    assert mine.closed_per_quarter.totals() == [0, 1, 0, 0]
    assert everyone.closed_per_quarter.totals() == [0, 1, 1, 0]
    assert table(response, "all-closed") == {
        "Q1 2026": [0],
        "Q2 2026": [1],
        "Q3 2026": [1],
        "Q4 2026": [0],
    }
    assert table(response, "all-open")[over] == [0, 2, 0, 0, 2]


def test_prioritised_categories_without_recent_audit(client, world, data):
    login(client, world, "procurer_a")
    response = client.get(reverse("home"), {"year": "2026"})
    mine, everyone = sections(response)["mine"], sections(response)["all"]
    # A's supplier in the category has no audit; B's was audited in 2026.
    assert mine.unaudited.categories == (CATEGORY,)
    assert mine.unaudited.totals() == [1]
    assert everyone.unaudited.series[0].values == (1,)
    assert everyone.unaudited.series[1].values == (1,)
    assert table(response, "all-unaudited") == {CATEGORY: [1, 1, 2]}
    page = response.content.decode()
    assert "Handskar &amp; &lt;skydd&gt;" in page and "<skydd>" not in page
    assert "Ogranskad AB" in page


def test_procurer_b_sees_their_own_region(client, world, data):
    login(client, world, "procurer_b")
    response = client.get(reverse("home"), {"year": "2026"})
    mine, everyone = sections(response)["mine"], sections(response)["all"]
    assert "Region Stockholm" in mine.heading
    assert mine.audits_per_year.totals() == [0, 1, 1, 0, 3]  # 2022 … 2026
    assert mine.closed_per_quarter.totals() == [0, 0, 1, 0]
    assert mine.open_findings.totals() == [0, 0, 1, 0]
    assert everyone.audits_per_year.totals() == [0, 1, 2, 1, 6]


def test_the_auditor_sees_only_the_assigned_audits(client, world, data):
    login(client, world, "auditor")
    response = client.get(reverse("home"))
    # World's audit B of 2024 is the only one assigned to the auditor.
    assert response.context["year"] == 2024
    this_year = timezone.localdate().year
    assert response.context["years"] == sorted({2024, this_year}, reverse=True)
    everyone = sections(response)["all"]
    assert everyone.audits_per_year.totals() == [0, 0, 0, 0, 1]
    assert sum(everyone.open_findings.totals()) == 0  # World's finding is of audit A
    # Region A's 2026 is not the auditor's: asked for, it is refused.
    response = client.get(reverse("home"), {"year": "2026"})
    if this_year != 2026:
        assert response.context["year"] == 2024 and response.context["year_error"]
    else:
        assert sum(sections(response)["all"].audits_per_year.totals()) == 1  # 2024's
        assert sum(sections(response)["all"].closed_per_quarter.totals()) == 0


def test_the_reader_and_the_secretariat(client, world, data):
    login(client, world, "reader")
    response = client.get(reverse("home"), {"year": "2026"})
    assert sections(response)["all"].audits_per_year.totals() == [0, 1, 2, 1, 6]
    assert sections(response)["mine"].audits_per_year.totals() == [0, 0, 1, 1, 3]
    login(client, world, "secretariat")
    response = client.get(reverse("home"), {"year": "2026"})
    # The secretariat's own organisation is the collaboration's: one set of charts.
    assert list(sections(response)) == ["all"]
    assert sections(response)["all"].audits_per_year.totals() == [0, 1, 2, 1, 6]


def test_a_confidential_incident_is_never_shown_to_outsiders(client, world, data):
    """The charts count audits and findings, never incidents: region A's procurer, outside
    the confidential case, finds neither its title nor a count of it on the start page."""
    Audit.objects.filter(lead_organisation=world.region_b, year=2026).update(
        incident=world.confidential_incident
    )
    login(client, world, "procurer_a")
    page = client.get(reverse("home"), {"year": "2026"}).content.decode()
    assert world.confidential_incident.title not in page


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("abc", "”abc” är inte ett år"),
        ("<b>1</b>", "&lt;b&gt;1&lt;/b&gt;"),
        ("1999", "Det finns inga uppgifter för 1999"),
        ("99999999999999999999", "inte ett år"),
    ],
)
def test_an_invalid_year_says_so_and_shows_the_default(client, world, data, param, message):
    login(client, world, "procurer_a")
    response = client.get(reverse("home"), {"year": param})
    assert response.status_code == 200
    assert response.context["year"] == 2027
    assert response.context["year_error"]
    page = response.content.decode()
    assert 'role="alert"' in page
    assert message.replace("”", "“") in page or message in page


def test_the_query_count_does_not_grow_with_rows(client, world, data):
    login(client, world, "procurer_a")

    def count():
        return count_queries(client, reverse("home"), {"year": "2026"})

    before = count()
    for i in range(6):
        supplier = Supplier.objects.create(name=f"Extra {i}")
        FrameworkAgreement.objects.create(
            supplier=supplier,
            lead_organisation=world.region_a,
            title=f"Extra {i}",
            category=data["category"],
        )
        for year in (2024, 2026):
            audit = Audit.objects.create(
                supplier=supplier,
                kind=AuditKind.DESK,
                year=year,
                status=AuditStatus.REPORTED,
                lead_organisation=world.region_a if i % 2 else world.region_b,
            )
            Finding.objects.create(
                audit=audit,
                kind="observation",
                severity="minor",
                description="Extra",
                raised_on=D(year, 3, 1),
            )
    assert count() == before
    print(f"start page, two sets of charts: {before} queries")


# ---- the chart module ------------------------------------------------------------------------


def hostile_chart() -> Chart:
    return Chart(
        chart_id="test",
        title='Titel <script>alert("t")</script>',
        description="Beskrivning & <i>mer</i>",
        categories=("<img src=x onerror=alert(1)>", "B&B"),
        series=(Series("<b>Serie</b>", (3, 0)), Series("Andra", (1, 2))),
        x_label="<u>x</u>",
        notes=("<em>not</em>", ""),
    )


def test_the_chart_module_escapes_every_label():
    chart = hostile_chart()
    for markup in (bar_svg(chart), horizontal_bar_svg(chart), table_html(chart)):
        assert "<script" not in markup and "<img" not in markup and "<b>" not in markup
        assert "<i>" not in markup and "<u>" not in markup and "<em>" not in markup
    svg = bar_svg(chart)
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg or "&lt;img src=x" in svg
    assert "B&amp;B" in svg
    assert 'role="img"' in svg and 'aria-labelledby="test-title test-desc"' in svg
    assert '<title id="test-title">Titel &lt;script&gt;' in svg


def test_long_axis_labels_wrap():
    assert wrap("Under 3 månader", 8) == ["Under 3", "månader"]
    assert wrap("2026", 6) == ["2026"]
    assert len(wrap("ett två tre fyra fem sex sju åtta", 4)) == 3


def test_the_chart_shows_its_numbers_and_scales():
    chart = hostile_chart()
    svg = bar_svg(chart)
    # Totals above the bars, and each segment named with its value.
    assert ">4</text>" in svg and ">2</text>" in svg
    assert "B&amp;B, Andra: 2</title>" in svg
    assert 'viewBox="0 0 300 ' in svg and "width=" not in svg.split(">", 1)[0]
    rows = lxml.html.fromstring(str(table_html(chart))).xpath("//tbody/tr")
    assert [[td.text for td in tr.xpath("./td")] for tr in rows] == [
        ["3", "1", "4"],
        ["0", "2", "2"],
    ]
    empty = Chart("e", "T", "D", ("a",), (Series("s", (0,)),), empty_text="Inget att visa.")
    assert "Inget att visa." in chart_figure(empty) and "<svg" not in chart_figure(empty)
