"""A new year, 2025, entered only through the portal's forms and the API on top of the 2024
seed (tests/new_year/year_2025.py); its report ordered over the API, built by the worker's task
and read back figure by figure against what was entered. Then, in 2026, a follow-up closes two
of 2025's open non-compliances and the secretariat corrects nothing: the 2025 report rebuilt
prints the same text.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from audits.models import Finding
from organisations.choices import Role
from organisations.models import Membership, Organisation, User
from organisations.services import api_token_create
from reporting.models import ReportJob
from reporting.services import report_job_run
from reporting.templatetags.report_format import sv_number
from tests.new_year.year_2025 import YEAR, Users, enter_2025
from tests.reporting.pdf import pdf_text

pytestmark = pytest.mark.django_db

PEOPLE = {
    "kansliet": ("KANSLIET", Role.SECRETARIAT),
    "halland": ("SE-N", Role.PROCURER),
    "blekinge": ("SE-K", Role.PROCURER),
}


def _users() -> Users:
    portal, api = {}, {}
    for name, (code, role) in PEOPLE.items():
        user = User.objects.create_user(username=f"ny-{name}", password="scenario-password-1")
        Membership.objects.create(
            user=user, organisation=Organisation.objects.get(code=code), role=role
        )
        client = Client()
        client.force_login(user)
        portal[name] = client
        _token, raw = api_token_create(user=user, name="scenario", days=1)
        api_client = APIClient()
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        api[name] = api_client
    return Users(portal, api)


def _build_report(users: Users) -> dict:
    """Order the report over the API, run the job as the worker does, download the PDF."""
    api = users.api["kansliet"]
    ordered = api.post("/api/v1/reports/", {"year": YEAR}, format="json")
    assert ordered.status_code == 202, ordered.content
    job_id = ordered.json()["id"]
    report_job_run(job_id=job_id)  # what the worker does with the queued message
    job = api.get(f"/api/v1/reports/{job_id}/").json()
    assert job["status"] == "done", job
    pdf = api.get(f"/api/v1/reports/{job_id}/pdf/")
    assert pdf.status_code == 200
    content = b"".join(pdf.streaming_content)
    return {
        "job": job,
        "text": pdf_text(io.BytesIO(content)),
        "snapshot": ReportJob.objects.get(pk=job_id).snapshot,
    }


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker, tmp_path_factory):
    """2025 entered and reported, then 2026's follow-up and the report rebuilt; rolled back."""
    from django.conf import settings

    media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, str(tmp_path_factory.mktemp("media"))
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("seed_2024", verbosity=0, stdout=io.StringIO())
            users = _users()
            made = enter_2025(users)
            first = _build_report(users)
            closed_in_2026 = close_in_2026(users, made)
            again = _build_report(users)
            result = {"made": made, "first": first, "again": again, "closed": closed_in_2026}
            transaction.set_rollback(True)
    finally:
        settings.MEDIA_ROOT = media
    return result


def _follow_up_carried_out(api, audit, on: str) -> int:
    """A follow-up of ``audit`` planned and carried out on ``on`` over the API; its id."""
    follow = api.post(
        "/api/v1/audits/",
        {
            "supplier": audit.supplier_id,
            "kind": "follow_up",
            "follows_up": audit.pk,
            "lead_organisation": audit.lead_organisation_id,
            "template_version": audit.template_version_id,
            "planned_date": on,
        },
        format="json",
    )
    assert follow.status_code == 201, follow.content
    assert follow.json()["year"] == int(on[:4])  # the year follows the day
    follow_id = follow.json()["id"]
    conducted = api.post(f"/api/v1/audits/{follow_id}/conduct/", {"start_date": on}, format="json")
    assert conducted.status_code == 200, conducted.content
    return follow_id


def close_in_2026(users: Users, made) -> list:
    """A follow-up in February 2026 closes the two non-compliances still open at 2025's end."""
    kept, hours = made.open_at_year_end
    api = users.api["halland"]
    follow_id = _follow_up_carried_out(api, Finding.objects.get(pk=kept).audit, "2026-02-10")
    review = api.post(
        f"/api/v1/audits/{follow_id}/follow-up-review/",
        {"decisions": {str(kept): "close"}},
        format="json",
    )
    assert review.status_code == 200, review.content
    # Blekinge's procurer closes its finding over the API with Blekinge's 2026 follow-up.
    blekinge = users.api["blekinge"]
    later = _follow_up_carried_out(blekinge, Finding.objects.get(pk=hours).audit, "2026-03-03")
    status = blekinge.post(
        f"/api/v1/findings/{hours}/status/",
        {"status": "verified_closed", "verified_by_audit": later, "on": "2026-03-04"},
        format="json",
    )
    assert status.status_code == 200, status.content
    closed = list(
        Finding.objects.filter(pk__in=made.open_at_year_end).values_list("status", "closed_on")
    )
    return closed


def _n(value) -> str:
    """A number as the report prints it (Swedish, thin space for thousands) in pdf_text's form."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", sv_number(value))


def test_the_year_in_brief_counts_what_was_entered(year):
    made, text = year["made"], year["first"]["text"]
    analyses = len(made.risk_analyses)
    in_depth = sum(1 for a in made.risk_analyses if a["kind"] == "in_depth")
    assert f"{analyses} riskanalyser, varav {in_depth} fördjupade" in text
    assert (
        f"{len(made.harmonised)} harmoniserade krav och vägledningar framtagna under 2025" in text
    )
    audits = len(made.office_suppliers) + len(made.follow_up_suppliers)
    # 2024's 69 audits come from the seed: the year before is compared with its records.
    assert f"{audits} revisioner (mot 69 år 2024)" in text
    trainings = [e for e in made.events if e["kind"] == "training"]
    assert (
        f"{sum(e['participants'] for e in trainings)} deltagare i "
        f"{sum(e['sessions'] for e in trainings)} utbildningstillfällen" in text
    )
    webinars = [e for e in made.events if e["kind"] == "webinar"]
    assert f"{webinars[0]['sessions']} webbinarier, {webinars[0]['participants']} deltagare" in text


def test_only_the_requirements_published_in_2025_count(year):
    text = year["first"]["text"]
    for area in year["made"].harmonised:
        assert area in text
    for area in year["made"].not_harmonised_in_year:  # a draft, and one published in 2026
        assert area not in text


def test_the_audits_carried_out_are_listed_and_the_others_are_not(year):
    made, text = year["made"], year["first"]["text"]
    office, follow_ups = made.office_suppliers, made.follow_up_suppliers
    assert f"{len(office)} kontorsrevisioner {len(follow_ups)} återrevisioner" in text
    listed = " ".join(sorted(office))
    assert f"Kontorsrevisioner: {len(office)} revisioner hos följande leverantörer {listed}" in text
    listed = " ".join(sorted(follow_ups))
    assert (
        f"Återrevisioner: {len(follow_ups)} revisioner hos följande leverantörer {listed}" in text
    )
    # The cancelled audit and the one planned for December are not among the 7.
    snapshot = year["first"]["snapshot"]["audits"]
    assert snapshot["total"] == len(office) + len(follow_ups)


def test_the_findings_are_counted_as_they_stood_on_31_december(year):
    made, text = year["made"], year["first"]["text"]
    findings = made.findings.values()
    kinds = Counter(f["kind"] for f in findings)
    statuses = Counter(f["status"] for f in findings)
    assert f"{len(findings)} iakttagelser vid årets revisioner" in text
    assert (
        f"Avvikelse {kinds['non_compliance']} Observation {kinds['observation']} "
        f"God praxis {kinds['good_practice']}" in text
    )
    assert (
        f"Status: öppen {statuses['open']} Status: handlingsplan mottagen "
        f"{statuses['action_plan_received']} Status: verifierad och stängd "
        f"{statuses['verified_closed']} Status: eskalerad {statuses['escalated']}" in text
    )
    open_ncs = sum(
        1
        for f in findings
        if f["kind"] == "non_compliance" and f["status"] in ("open", "action_plan_received")
    )
    assert open_ncs == len(made.open_at_year_end) == 2
    assert f"Öppna avvikelser vid årets slut: {open_ncs}." in text


def test_the_incidents_of_the_year_and_their_countries(year):
    text = year["first"]["text"]
    # Three opened in 2025, and 2024's cotton project whose timeline goes on in January 2025.
    assert "Under 2025 har 4 incidentärenden hanterats. Av dessa är 1 sekretessbelagt" in text
    assert "Bomullens ursprung inom sårvård och kompression" in text
    for incident in year["made"].incidents:
        assert incident["title"] in text
    assert "Sekretessbelagt ärende om mutor" not in text and "Karibiska" not in text
    assert "Land: Elfenbenskusten" in text and "Land: Uzbekistan" in text
    assert "Status: avslutad Uppgifter i media om barnarbete. Utfall: Leverantören bytte" in text
    # A day is written as Swedish text writes it; the plan for 2026 is printed as a plan.
    assert "1 september 2025 Brev till leverantören." in text
    assert "mars 2026 Platsbesök planeras." in text


def test_events_figures_and_partners(year):
    made, text = year["made"], year["first"]["text"]
    total = sum(e["participants"] for e in made.events)  # every kind of event is listed
    assert f"Deltagare totalt {_n(total)}" in text
    f = made.figures
    assert f"Nyhetsbrev 18 {_n(f['newsletters'])}" in text
    assert f"Prenumeranter på nyhetsbrevet 198 {_n(f['newsletter_subscribers'])}" in text
    assert f"Följare på LinkedIn 1 700 {_n(f['linkedin_followers'])}" in text
    assert f"5 → {f['secretariat_staff']} medarbetare på kansliet (2024 → 2025)" in text
    assert f"{f['ew_factories_reviewed']} fabriker granskade av Electronics Watch 2025" in text
    assert f"{f['ew_mines_reviewed']} gruvor granskade av Electronics Watch 2025" in text
    for partner, description in made.partner_texts.items():
        assert f"{partner} Samarbetsavtal 2015 {description}" in text
    # No partner's 2024 text in the 2025 table.
    assert "2024 med särskilt fokus på avtalsuppföljning" not in text
    assert "Sveriges regioner är medlemmar" not in text


def test_the_accounts_as_entered(year):
    made, text = year["made"], year["first"]["text"]
    assert f"Ingående balans (IB) {_n(made.opening_balance)}" in text
    assert f"Utgående balans (UB) −{_n(made.closing_balance)}" in text
    for region, amount in sorted(made.contributions.items()):
        assert f"{region} {_n(amount)}" in text
    contributions = sum(made.contributions.values())
    assert f"Summa regionernas bidrag {_n(contributions)}" in text
    income = made.opening_balance + contributions - made.closing_balance
    assert income == sum(made.costs.values())
    for label, amount in made.costs.items():
        assert f"{label} {_n(amount)}" in text
    assert f"Intäkter och kostnader balanserar: {_n(income)} tkr." in text


def test_the_texts_written_are_printed_and_the_unwritten_are_remarked(year):
    made, job = year["made"], year["first"]["job"]
    for body in made.narratives.values():
        assert body in year["first"]["text"]
    remarks = Counter(remark["code"] for remark in job["warnings"])
    # Every remark is a section still without text: the figures and texts agree.
    assert set(remarks) == {"narrative_missing"}, job["warnings"]
    written = {remark["section"] for remark in job["warnings"]} & set(made.narratives)
    assert not written


def test_closing_2025_findings_in_2026_leaves_the_2025_report_unchanged(year):
    assert [status for status, _day in year["closed"]] == ["verified_closed"] * 2
    assert all(day.year == 2026 for _status, day in year["closed"])
    assert year["again"]["text"] == year["first"]["text"]
    first, again = year["first"]["snapshot"], year["again"]["snapshot"]
    assert again["audits"] == first["audits"]
