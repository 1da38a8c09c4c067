"""The whole audit cycle in real headless Chromium, as the users do it, each step dated.

A procurer of Region A plans an office audit (the year follows its planned date), records that it
was carried out, the template results and two findings, uploads a PDF as evidence and reports
it; the secretariat approves the public summary and an anonymous visitor reads it; a follow-up
audit, carried out, closes one finding and escalates the other on its own day; the audit is
closed; a day in the future is refused next to its field. A procurer of Region B finds no edit
button, and posting to the edit URL directly gets 404.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from audits.models import Audit, Evidence, Finding
from requirements_catalog.models import Clause
from tests.e2e.browser import SUBMIT, log_in
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_SUMMARY = "Leverantören uppfyller kraven på uppförandekoden, med två avvikelser."
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def audit_id(page) -> int:
    return int(re.search(r"/audits/(\d+)/", page.url).group(1))


def test_the_audit_cycle(new_page, steps):
    world = World()
    Clause.objects.create(
        version=world.template_version, code="1.2", text="Avvikelser hanteras.", order=2
    )

    # A procurer of Region A plans an office audit.
    page = new_page()
    log_in(page, "procurer_a")
    steps.shot(page, "home")
    page.goto("/audits/add/")
    # The supplier box suggests as one types (a select of every supplier would be 50 000 long).
    page.type("#id_supplier", "Geti")
    suggestion = page.wait_for_selector("#id_supplier-options option", state="attached")
    page.fill("#id_supplier", suggestion.get_attribute("value"))
    page.select_option("#id_kind", "office")
    # The year is left empty: it follows the planned date.
    page.select_option("#id_lead_organisation", label="Region Örebro län")
    page.select_option("#id_template_version", str(world.template_version.pk))
    page.fill("#id_planned_date", "2024-05-03")
    steps.shot(page, "plan")
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(r"/audits/\d+/$"))
    audit = Audit.objects.get(pk=audit_id(page))
    assert (audit.supplier.name, audit.lead_organisation.code, audit.year) == (
        "Getinge",
        "SE-T",
        2024,
    )

    # Carried out: a day in the future is refused next to its field, then the real days.
    page.click(f"a[href='/audits/{audit.pk}/conduct/']")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    page.fill("#id_start_date", tomorrow.isoformat())
    page.click(SUBMIT)
    expect(page.locator("#start_date-errors")).to_contain_text("kan inte ligga i framtiden")
    expect(page.locator("#form-errors")).to_have_count(0)
    steps.shot(page, "conduct-refused")
    page.fill("#id_start_date", "2024-05-03")
    page.fill("#id_end_date", "2024-05-04")
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(rf"/audits/{audit.pk}/(#.*)?$"))
    audit.refresh_from_db()
    assert (audit.status, audit.start_date, audit.end_date) == (
        "conducted",
        datetime.date(2024, 5, 3),
        datetime.date(2024, 5, 4),
    )

    # Results per criterion of the template version, recorded on the audit's last day.
    page.click(f"a[href='/audits/{audit.pk}/results/']")
    outcomes = page.locator("select[name^=outcome_]")
    expect(outcomes).to_have_count(2)
    outcomes.nth(0).select_option("fulfilled")
    outcomes.nth(1).select_option("not_fulfilled")
    page.fill("#id_on", "2024-05-04")
    steps.shot(page, "results")
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(rf"/audits/{audit.pk}/(#.*)?$"))
    assert audit.results.count() == 2

    # Two findings.
    for description in ("Riskanalys av leveranskedjan saknas.", "Avvikelser följs inte upp."):
        page.click(f"a[href='/audits/{audit.pk}/findings/add/']")
        page.select_option("#id_kind", "non_compliance")
        page.select_option("#id_severity", "major")
        page.fill("#id_description", description)
        page.fill("#id_raised_on", "2024-05-03")
        page.fill("#id_deadline", "2024-09-30")
        page.click(SUBMIT)
        expect(page).to_have_url(re.compile(rf"/audits/{audit.pk}/(#.*)?$"))
    steps.shot(page, "findings")
    assert audit.findings.count() == 2

    # A PDF as evidence, checked by content.
    page.click(f"a[href='/audits/{audit.pk}/evidence/add/']")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "handlingsplan.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(rf"/audits/{audit.pk}/(#.*)?$"))
    expect(page.locator("main")).to_contain_text("handlingsplan.pdf")
    evidence = Evidence.objects.get(audit=audit)
    assert evidence.uploaded_by.username == "procurer_a"
    assert "handlingsplan" not in evidence.file.name

    # Report, with a public summary for the secretariat to approve.
    page.click(f"a[href='/audits/{audit.pk}/report/']")
    page.fill("#id_summary", "Två avvikelser mot uppförandekoden.")
    page.fill("#id_public_summary", PUBLIC_SUMMARY)
    page.fill("#id_on", "2024-05-20")
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(rf"/audits/{audit.pk}/(#.*)?$"))
    audit.refresh_from_db()
    assert (audit.status, audit.reported_on) == ("reported", datetime.date(2024, 5, 20))
    steps.shot(page, "reported")

    # The secretariat approves the public summary, on the day it did.
    secretariat = new_page()
    log_in(secretariat, "secretariat")
    secretariat.goto(f"/audits/{audit.pk}/")
    secretariat.click(f"a[href='/audits/{audit.pk}/approve/']")
    expect(secretariat.locator("main")).to_contain_text(PUBLIC_SUMMARY)
    secretariat.fill("#id_on", "2024-05-22")
    secretariat.click(SUBMIT)
    expect(secretariat).to_have_url(re.compile(rf"/audits/{audit.pk}/(#.*)?$"))
    steps.shot(secretariat, "approved")
    audit.refresh_from_db()
    assert audit.public_summary_approved_by.username == "secretariat"
    assert audit.public_summary_approved_on == datetime.date(2024, 5, 22)

    # A follow-up audit of the same supplier, carried out, verifies one finding closed and
    # escalates the other, both on its own day.
    page.click("a[href*='kind=follow_up']")
    page.fill("#id_planned_date", "2024-10-15")
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(r"/audits/\d+/$"))
    follow_up = Audit.objects.get(pk=audit_id(page))
    assert (follow_up.kind, follow_up.follows_up_id, follow_up.year) == (
        "follow_up",
        audit.pk,
        2024,
    )
    # Not carried out yet: it cannot close findings.
    expect(page.locator(f"a[href='/audits/{follow_up.pk}/follow-up/']")).to_have_count(0)
    page.click(f"a[href='/audits/{follow_up.pk}/conduct/']")
    page.fill("#id_start_date", "2024-10-15")
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(rf"/audits/{follow_up.pk}/(#.*)?$"))
    page.click(f"a[href='/audits/{follow_up.pk}/follow-up/']")
    expect(page.locator("main")).to_contain_text("2024-10-15")
    decisions = page.locator("select[name^=decision_]")
    expect(decisions).to_have_count(2)
    first, second = audit.findings.order_by("pk")
    page.select_option(f"select[name=decision_{first.pk}]", "close")
    page.select_option(f"select[name=decision_{second.pk}]", "escalate")
    steps.shot(page, "follow-up")
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(rf"/audits/{follow_up.pk}/(#.*)?$"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.verified_by_audit_id, first.closed_on) == (
        "verified_closed",
        follow_up.pk,
        datetime.date(2024, 10, 15),
    )
    assert second.status == "escalated"

    # The audit is closed, on the day after the follow-up.
    page.goto(f"/audits/{audit.pk}/")
    page.click(f"a[href='/audits/{audit.pk}/close/']")
    page.fill("#id_on", "2024-10-16")
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(rf"/audits/{audit.pk}/(#.*)?$"))
    audit.refresh_from_db()
    assert (audit.status, audit.closed_on) == ("closed", datetime.date(2024, 10, 16))
    expect(page.locator("main")).to_contain_text("2024-10-16")
    steps.shot(page, "closed")

    # An anonymous visitor reads it on the public page, without internal fields.
    visitor = new_page()
    visitor.goto("/audits/public/")
    expect(visitor.locator("main")).to_contain_text(PUBLIC_SUMMARY)
    expect(visitor.locator("main")).not_to_contain_text("Två avvikelser mot uppförandekoden.")
    steps.shot(visitor, "public")

    # A procurer of Region B reads the audit but finds no edit button, and cannot post.
    other = new_page()
    log_in(other, "procurer_b")
    other.goto(f"/audits/{audit.pk}/")
    expect(other.locator("main")).to_contain_text("Getinge")
    expect(other.locator(f"main a[href='/audits/{audit.pk}/edit/']")).to_have_count(0)
    steps.shot(other, "other-region")
    token = next(c["value"] for c in other.context.cookies() if c["name"] == "csrftoken")
    response = other.context.request.post(
        f"/audits/{audit.pk}/edit/",
        form={"supplier": str(audit.supplier_id), "kind": "office", "year": "2024"},
        headers={"X-CSRFToken": token, "Referer": other.url},
    )
    assert response.status == 404
    assert Finding.objects.filter(audit=audit).count() == 2
    audit.refresh_from_db()
    assert audit.lead_organisation.code == "SE-T"
