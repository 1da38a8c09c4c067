"""The audit pages: what each user sees, the workflow through the browser's forms, and query
counts that do not grow with the rows."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audits import services
from audits.choices import AuditKind, AuditStatus, FindingStatus
from audits.models import Audit, Evidence, Finding
from riskanalysis.models import Category, CategoryPriority
from suppliers.models import FrameworkAgreement, Supplier
from tests.audits.test_files import EXE, PDF
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


@pytest.fixture(autouse=True)
def _second_criterion(world):
    """The template's results need every clause; these tests record two (World's has one)."""
    world.add_second_criterion()


def login(client, user):
    client.force_login(user)
    return client


def make_rows(world, start, count, category):
    """Rows for every list: audits of Region A (co-led by B, assigned to the auditor, with an
    approved public summary), each with an overdue finding; their suppliers are in a
    prioritised category but were last audited long ago."""
    for i in range(start, start + count):
        supplier = Supplier.objects.create(name=f"Leverantör {i:03d}")
        FrameworkAgreement.objects.create(
            supplier=supplier,
            lead_organisation=world.region_a,
            title=f"Avtal {i}",
            category=category,
        )
        audit = Audit.objects.create(
            supplier=supplier,
            kind=AuditKind.OFFICE,
            year=2020,
            status=AuditStatus.REPORTED,
            lead_organisation=world.region_a,
            auditor=world.users["auditor"],
            category=category,
            template_version=world.template_version,
            internal_note=f"HEMLIG-{i}",
            summary=f"Intern sammanfattning {i}",
            public_summary=f"Offentlig sammanfattning {i}",
            public_summary_approved_by=world.users["secretariat"],
            public_summary_approved_at=timezone.now(),
        )
        audit.co_lead_organisations.add(world.region_b)
        Finding.objects.create(
            audit=audit,
            kind="non_compliance",
            severity="major",
            clause=world.criterion,
            description=f"Avvikelse {i}",
            raised_on=datetime.date(2020, 5, 1),
            deadline=datetime.date(2020, 6, 1),
        )


@pytest.fixture
def category(world):
    parent = Category.objects.create(name="Vård")
    category = Category.objects.create(name="Handskar", parent=parent)
    year = timezone.localdate().year
    CategoryPriority.objects.create(category=category, start_year=year - 1, end_year=year + 1)
    return category


@pytest.mark.parametrize(
    ("url_name", "role", "marker"),
    [
        ("audits:audit_list", "procurer_a", "Leverantör 050"),
        ("audits:audit_list", "auditor", "Leverantör 050"),
        ("audits:finding_list", "procurer_a", "Avvikelse 50"),
        ("audits:public_summaries", None, "Offentlig sammanfattning 50"),
        ("home", "procurer_a", "Avvikelse 1"),
        ("home", "auditor", "Leverantör 001"),
    ],
)
def test_list_pages_query_count_does_not_grow_with_rows(
    client, world, category, url_name, role, marker
):
    if role:
        login(client, world.users[role])
    url = reverse(url_name) + ("?per_page=100" if url_name != "home" else "")
    make_rows(world, 1, 1, category)
    one = count_queries(client, url)
    make_rows(world, 2, 49, category)
    fifty = count_queries(client, url)
    assert one == fifty, f"{url_name}: {one} queries with 1 row, {fifty} with 50"
    if url_name != "home":
        assert marker in client.get(url).content.decode()


def listed(client, **params):
    """Supplier names of the audit list's rows."""
    table = client.get(reverse("audits:audit_list"), params).context["table"]
    return {row.record.supplier.name for row in table.paginated_rows}


def listed_audits(client, **params):
    """The audit list's rows (World's suppliers have more than one audit each)."""
    table = client.get(reverse("audits:audit_list"), params).context["table"]
    return {row.record for row in table.paginated_rows}


def test_audit_list_in_swedish_with_filters(client, world, category):
    make_rows(world, 1, 3, category)
    other = Supplier.objects.create(name="Getinge Zeta")
    Audit.objects.create(
        supplier=other,
        kind=AuditKind.DESK,
        year=2024,
        lead_organisation=world.region_b,
        summary="Brister i spårbarhet",
    )
    login(client, world.users["reader"])
    page = client.get(reverse("audits:audit_list")).content.decode()
    assert "Revisioner" in page and "Leverantör 001" in page
    # A reader lists every audit: these and World's.
    assert listed_audits(client) == set(Audit.objects.all())
    assert {"Leverantör 001", "Leverantör 002", "Leverantör 003", "Getinge Zeta"} <= listed(client)
    assert listed(client, region="SE-AB", kind="desk") == {"Getinge Zeta"}
    # Co-led by Region B counts for the region filter.
    assert "Leverantör 001" in listed(client, region="SE-AB", year=2020)
    # The filters combine: Region A's only audit of 2024 is World's audit A.
    assert listed_audits(client, region="SE-T", year=2024) == {world.audit_a}
    assert listed(client, q="zeta") == {"Getinge Zeta"}
    assert listed(client, q="spårbarhet") == {"Getinge Zeta"}
    assert listed(client, supplier=other.pk) == {"Getinge Zeta"}
    assert listed(client, category=category.pk, status="reported") == {
        "Leverantör 001",
        "Leverantör 002",
        "Leverantör 003",
    }
    table = client.get(reverse("audits:audit_list"), {"sort": "-supplier"}).context["table"]
    names = [row.record.supplier.name for row in table.paginated_rows]
    assert names == sorted(names, reverse=True)


def test_auditor_lists_only_assigned_audits(client, world, category):
    make_rows(world, 1, 1, category)
    Audit.objects.create(supplier=world.other_supplier, kind="office", year=2024)
    login(client, world.users["auditor"])
    # The audit made here and World's audit B are the ones assigned to the auditor.
    assert listed_audits(client) == {
        Audit.objects.get(supplier__name="Leverantör 001"),
        world.audit_b,
    }


def test_public_page_shows_approved_summaries_only_and_no_internal_fields(client, world, category):
    make_rows(world, 1, 2, category)
    Audit.objects.create(
        supplier=world.other_supplier,
        kind="office",
        year=2024,
        status=AuditStatus.REPORTED,
        public_summary="Ej godkänd text",
        internal_note="HEMLIG-X",
    )
    response = client.get(reverse("audits:public_summaries"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Offentlig sammanfattning 1" in page and "Leverantör 002" in page
    assert "Ej godkänd text" not in page
    assert "HEMLIG" not in page and "Intern sammanfattning" not in page
    assert "Avvikelse" not in page
    assert "auditor" not in page
    filtered = client.get(reverse("audits:public_summaries"), {"supplier": "002"}).content
    assert b"Offentlig sammanfattning 2" in filtered
    assert b"Offentlig sammanfattning 1<" not in filtered
    assert (
        b"Offentlig sammanfattning"
        not in client.get(reverse("audits:public_summaries"), {"year": 2019}).content
    )


def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_home_panels(client, world, category):
    make_rows(world, 1, 2, category)
    rows = set(Audit.objects.filter(supplier__name__startswith="Leverantör"))
    this_year = timezone.localdate().year
    Audit.objects.create(
        supplier=world.supplier, kind="desk", year=this_year, lead_organisation=world.region_a
    )
    login(client, world.users["procurer_a"])
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert "Avvikelse 1" in page and "2020-06-01" in page
    counts = {row.kind: row for row in response.context["kind_counts"]}
    # A plan is not an audit carried out: it counts as planned.
    assert (counts["desk"].this_year, counts["desk"].planned) == (0, 1)
    unaudited = response.context["unaudited_categories"]
    assert [e.category for e in unaudited] == [category]
    assert {s.name for s in unaudited[0].suppliers} == {"Leverantör 001", "Leverantör 002"}
    # An audit in the last three years takes the supplier off the list.
    Audit.objects.create(
        supplier=Supplier.objects.get(name="Leverantör 001"), kind="desk", year=this_year - 2
    )
    response = client.get(reverse("home"))
    assert {s.name for s in response.context["unaudited_categories"][0].suppliers} == {
        "Leverantör 002"
    }
    # Region B's procurer has no findings of their own organisations... except as co-lead.
    login(client, world.users["procurer_b"])
    assert len(client.get(reverse("home")).context["open_findings"]) == 2
    login(client, world.users["auditor"])
    assigned = client.get(reverse("home")).context["assigned_audits"]
    # The two rows made here and World's audit B.
    assert set(assigned) == {*rows, world.audit_b}


# ---- detail and workflow -----------------------------------------------------------------------


@pytest.fixture
def audit(world):
    return services.audit_plan(
        user=world.users["procurer_a"],
        supplier=world.supplier,
        kind=AuditKind.OFFICE,
        year=2024,
        lead_organisation=world.region_a,
        template_version=world.template_version,
        internal_note="HEMLIG anteckning",
        planned_date=datetime.date(2024, 5, 3),
    )


def test_detail_buttons_follow_permissions(client, world, audit):
    url = audit.get_absolute_url()
    page = login(client, world.users["procurer_a"]).get(url).content.decode()
    assert reverse("audits:audit_edit", args=[audit.pk]) in page
    assert reverse("audits:audit_results", args=[audit.pk]) in page
    assert reverse("audits:audit_delete", args=[audit.pk]) in page
    page = login(client, world.users["procurer_b"]).get(url).content.decode()
    assert reverse("audits:audit_edit", args=[audit.pk]) not in page
    assert reverse("audits:audit_results", args=[audit.pk]) not in page
    assert "HEMLIG anteckning" in page  # shared data: other regions read it
    assert world.criterion.code in page and world.criterion.text in page


def test_procurer_of_another_region_posting_to_edit_gets_404(client, world, audit):
    login(client, world.users["procurer_b"])
    response = client.post(
        reverse("audits:audit_edit", args=[audit.pk]),
        {"supplier": world.supplier.pk, "kind": "office", "year": 2024, "internal_note": "Ändrad"},
    )
    assert response.status_code == 404
    audit.refresh_from_db()
    assert audit.internal_note == "HEMLIG anteckning"


def test_follow_up_of_another_supplier_through_the_form(client, world, audit):
    before = Audit.objects.count()
    login(client, world.users["procurer_a"])
    response = client.post(
        reverse("audits:audit_add"),
        {
            "supplier": world.other_supplier.pk,
            "kind": "follow_up",
            "year": 2025,
            "lead_organisation": world.region_a.pk,
            "follows_up": audit.pk,
        },
    )
    assert response.status_code == 400
    assert "samma leverantör" in response.content.decode()
    assert Audit.objects.count() == before


def test_whole_cycle_through_the_views(client, world, audit):
    login(client, world.users["procurer_a"])
    url = reverse("audits:audit_conduct", args=[audit.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"start_date": "2024-05-03", "end_date": "2024-05-04"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.CONDUCTED
    assert (audit.start_date, audit.end_date) == (
        datetime.date(2024, 5, 3),
        datetime.date(2024, 5, 4),
    )
    url = reverse("audits:audit_results", args=[audit.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            f"outcome_{world.criterion.pk}": "fulfilled",
            f"outcome_{world.second_criterion.pk}": "not_fulfilled",
            f"comment_{world.second_criterion.pk}": "Kod saknas",
            "on": "2024-05-04",
        },
    )
    assert response.status_code == 302
    for description in ("Kod saknas", "Riskanalys saknas"):
        response = client.post(
            reverse("audits:finding_add", args=[audit.pk]),
            {
                "kind": "non_compliance",
                "severity": "major",
                "clause": world.second_criterion.pk,
                "description": description,
                "deadline": "2024-09-01",
            },
        )
        assert response.status_code == 302, response.content.decode()
    first, second = Finding.objects.filter(audit=audit).order_by("pk")
    response = client.post(
        reverse("audits:evidence_add", args=[audit.pk]),
        {"file": SimpleUploadedFile("rapport.pdf", PDF), "finding": first.pk},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    download = client.get(reverse("audits:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert 'filename="rapport.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF
    response = client.post(
        reverse("audits:audit_report", args=[audit.pk]),
        {"summary": "Sammanfattning", "public_summary": "Offentlig text", "on": "2024-05-20"},
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.reported_on == datetime.date(2024, 5, 20)
    # Approving is the secretariat's.
    assert client.post(reverse("audits:audit_approve", args=[audit.pk])).status_code == 403
    # Closing with open findings: refused on the form, with the findings named.
    response = client.post(reverse("audits:audit_close", args=[audit.pk]))
    assert response.status_code == 400
    page = response.content.decode()
    assert f"#{first.pk}" in page and f"#{second.pk}" in page
    audit.refresh_from_db()
    assert audit.status == AuditStatus.REPORTED
    # A follow-up audit, carried out, closes one finding and escalates the other.
    follow_up = services.audit_plan(
        user=world.users["procurer_a"],
        supplier=world.supplier,
        kind=AuditKind.FOLLOW_UP,
        lead_organisation=world.region_a,
        follows_up=audit,
        planned_date=datetime.date(2025, 2, 10),
    )
    services.audit_conduct(
        user=world.users["procurer_a"], audit=follow_up, start_date=datetime.date(2025, 2, 10)
    )
    page = client.get(reverse("audits:audit_follow_up", args=[follow_up.pk])).content.decode()
    assert "Kod saknas" in page and "Riskanalys saknas" in page
    response = client.post(
        reverse("audits:audit_follow_up", args=[follow_up.pk]),
        {f"decision_{first.pk}": "close", f"decision_{second.pk}": "escalate"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == FindingStatus.VERIFIED_CLOSED and first.verified_by_audit == follow_up
    assert first.closed_on == datetime.date(2025, 2, 10)
    response = client.post(reverse("audits:audit_close", args=[audit.pk]), {"on": "2025-02-11"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert (audit.status, audit.closed_on) == (AuditStatus.CLOSED, datetime.date(2025, 2, 11))
    # The secretariat approves; the public sees it.
    login(client, world.users["secretariat"])
    detail = client.get(audit.get_absolute_url()).content.decode()
    assert reverse("audits:audit_approve", args=[audit.pk]) in detail
    response = client.post(reverse("audits:audit_approve", args=[audit.pk]), {"on": "2025-03-01"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.public_summary_approved_on == datetime.date(2025, 3, 1)
    client.logout()
    assert b"Offentlig text" in client.get(reverse("audits:public_summaries")).content
    # The timeline says who did what, on the day it happened, and when it was recorded.
    login(client, world.users["procurer_b"])
    detail = client.get(audit.get_absolute_url()).content.decode()
    assert "2025-02-11" in detail and "2024-05-20" in detail
    assert re.search(r"registrerad \d{4}-\d{2}-\d{2} \d{2}:\d{2}", detail)
    assert "procurer_a" in detail and "secretariat" in detail


def test_evidence_upload_of_wrong_content_shows_message_and_saves_nothing(client, world, audit):
    login(client, world.users["procurer_a"])
    response = client.post(
        reverse("audits:evidence_add", args=[audit.pk]),
        {"file": SimpleUploadedFile("faktura.pdf", EXE)},
    )
    assert response.status_code == 400
    assert "application/x-msdownload" in response.content.decode()
    assert not Evidence.objects.exists()


def test_finding_status_form(client, world, audit):
    services.audit_conduct(
        user=world.users["procurer_a"], audit=audit, start_date=datetime.date(2024, 5, 3)
    )
    finding = services.finding_add(
        user=world.users["procurer_a"], audit=audit, kind="observation", description="Observation"
    )
    login(client, world.users["procurer_a"])
    response = client.post(
        reverse("audits:finding_status", args=[finding.pk]),
        {"status": "action_plan_received", "note": "Leverantören skickade en plan."},
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ACTION_PLAN_RECEIVED
    assert finding.action_plan == "Leverantören skickade en plan."
    login(client, world.users["procurer_b"])
    response = client.post(
        reverse("audits:finding_status", args=[finding.pk]), {"status": "escalated"}
    )
    assert response.status_code == 404


def test_delete_only_a_plan(client, world, audit):
    login(client, world.users["procurer_a"])
    services.audit_conduct(
        user=world.users["procurer_a"], audit=audit, start_date=datetime.date(2024, 5, 3)
    )
    assert client.post(reverse("audits:audit_delete", args=[audit.pk])).status_code == 404
    assert Audit.objects.filter(pk=audit.pk).exists()


def test_search_covers_supplier_aliases(client, world):
    from suppliers.models import SupplierAlias

    Audit.objects.create(supplier=world.other_supplier, kind="office", year=2024)
    SupplierAlias.objects.create(supplier=world.other_supplier, name="Maquet", kind="trade_name")
    login(client, world.users["reader"])
    assert listed(client, q="maquet") == {"Getinge"}


def test_finding_list_filters_and_swedish_heading(client, world, category):
    make_rows(world, 1, 2, category)
    closed = Finding.objects.get(description="Avvikelse 2")
    closed.status, closed.closed_on = FindingStatus.VERIFIED_CLOSED, datetime.date(2020, 7, 1)
    closed.verified_by_audit = Audit.objects.create(
        supplier=closed.audit.supplier,
        kind=AuditKind.FOLLOW_UP,
        follows_up=closed.audit,
        year=2020,
        status=AuditStatus.CONDUCTED,
        start_date=datetime.date(2020, 7, 1),
    )
    closed.save()
    login(client, world.users["reader"])

    def descriptions(**params):
        response = client.get(reverse("audits:finding_list"), params)
        return {row.record.description for row in response.context["table"].paginated_rows}

    page = client.get(reverse("audits:finding_list")).content.decode()
    assert "Avvikelser" in page
    # World's finding A (Region A's audit) is open and overdue too.
    world_finding = world.finding_a.description
    assert descriptions() == {"Avvikelse 1", "Avvikelse 2", world_finding}
    assert descriptions(open="on") == {"Avvikelse 1", world_finding}
    assert descriptions(overdue="on") == {"Avvikelse 1", world_finding}
    assert descriptions(q="leverantör 002") == {"Avvikelse 2"}
    assert descriptions(region="SE-AB") == {"Avvikelse 1", "Avvikelse 2"}
    login(client, world.users["procurer_b"])
    assert descriptions() == {"Avvikelse 1", "Avvikelse 2", world_finding}


def test_auditor_reads_an_unassigned_public_audit_only_on_the_public_page(client, world):
    public = Audit.objects.create(
        supplier=world.other_supplier,
        kind="office",
        year=2023,
        status=AuditStatus.REPORTED,
        internal_note="HEMLIG-intern",
        summary="Intern sammanfattning",
        public_summary="Offentligt",
        public_summary_approved_by=world.users["secretariat"],
        public_summary_approved_at=timezone.now(),
    )
    login(client, world.users["auditor"])
    assert client.get(public.get_absolute_url()).status_code == 404
    page = client.get(reverse("audits:public_summaries")).content.decode()
    assert "Offentligt" in page
    assert "HEMLIG-intern" not in page and "Intern sammanfattning" not in page


def test_plan_follow_up_button_prefills_the_plan(client, world, audit):
    services.audit_conduct(
        user=world.users["procurer_a"], audit=audit, start_date=datetime.date(2024, 5, 3)
    )
    services.audit_report(
        user=world.users["procurer_a"], audit=audit, summary="S", public_summary=""
    )
    login(client, world.users["procurer_a"])
    page = client.get(audit.get_absolute_url()).content.decode()
    add_url = f"{reverse('audits:audit_add')}?kind=follow_up&amp;supplier={world.supplier.pk}"
    assert add_url in page
    response = client.get(
        reverse("audits:audit_add"),
        {"kind": "follow_up", "supplier": world.supplier.pk, "follows_up": audit.pk},
    )
    form = response.context["form"]
    assert form.initial["kind"] == "follow_up"
    assert str(form.initial["follows_up"]) == str(audit.pk)
    assert form.initial["lead_organisation"] == world.region_a.pk
    assert form.initial["template_version"] == world.template_version.pk
    # Readers see no such button.
    login(client, world.users["reader"])
    assert add_url not in client.get(audit.get_absolute_url()).content.decode()
