"""The accessibility statement (tillgänglighetsredogörelse): reached from every page's footer,
logged in or not; its fault report form (stored, bounded, rate-limited); the secretariat's list
and handling of the reports, recorded in history."""

import re

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from core.models import AccessibilityReport, AccessibilityReportStatus
from tests.helpers import count_queries, version_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

STATEMENT = "/accessibility/"
FOOTER_LINK = re.compile(r'<footer[^>]*>\s*<a href="([^"]+)">Tillgänglighetsredogörelse</a>')


def footer_link(response) -> str:
    match = FOOTER_LINK.search(response.content.decode())
    assert match, "the page has no link to the accessibility statement in its footer"
    return match.group(1).replace("&amp;", "&")


def report_data(**changes):
    data = {
        "page": "/audits/public/",
        "description": "Filtret går inte att nå med tangentbordet.",
        "name": "Anna Andersson",
        "email": "anna@example.se",
    }
    data.update(changes)
    return data


def field_errors(response, field: str) -> str:
    """The error text shown beside ``field`` (generic/_form.html), '' when none."""
    match = re.search(
        rf'id="{field}-errors">(.*?)</div>', response.content.decode(), flags=re.DOTALL
    )
    return match.group(1).strip() if match else ""


def test_anonymous_reaches_the_statement_from_the_login_pages_footer(client):
    link = footer_link(client.get("/login/"))
    assert link == f"{STATEMENT}?page=/login/"
    response = client.get(link)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tillgänglighets&shy;redogörelse för Hållbar</h1>" in content
    for heading in (
        "Hur tillgänglig är webbplatsen?",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Teknisk information om webbplatsens tillgänglighet",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat webbplatsen",
    ):
        assert f">{heading}</h2>" in content, heading
    assert "delvis förenlig" in content
    assert 'href="https://www.digg.se/tdosanmalan"' in content
    assert "EN 301 549" in content and "WCAG 2.1" in content and "2018:1937" in content
    assert "Senaste bedömningen gjordes den 7 december 2026." in content
    # The form knows which page the visitor came from.
    assert response.context["form"]["page"].value() == "/login/"


def test_every_kind_of_page_links_to_the_statement_with_its_own_address(client, world):
    assert footer_link(client.get("/audits/public/?year=2024")) == (
        f"{STATEMENT}?page=/audits/public/%3Fyear%3D2024"
    )
    client.force_login(world.users["procurer_a"])
    assert footer_link(client.get("/suppliers/")) == f"{STATEMENT}?page=/suppliers/"
    # The statement's own link does not point back at itself with a page.
    assert footer_link(client.get(STATEMENT)) == STATEMENT


def test_the_page_comes_from_the_referer_of_this_site_only(client):
    here = client.get(STATEMENT, HTTP_REFERER="http://testserver/audits/public/?year=2024")
    assert here.context["form"]["page"].value() == "/audits/public/?year=2024"
    # After sending a report the visitor is back on the statement: no page of its own.
    again = client.get(STATEMENT, HTTP_REFERER="http://testserver/accessibility/?page=/login/")
    assert again.context["form"]["page"].value() in ("", None)
    elsewhere = client.get(STATEMENT, HTTP_REFERER="https://example.com/audits/")
    assert elsewhere.context["form"]["page"].value() in ("", None)
    assert client.get(STATEMENT, {"page": "//example.com/x"}).context["form"]["page"].value() in (
        "",
        None,
    )


def test_an_anonymous_visitor_sends_a_report(client):
    response = client.post(STATEMENT, report_data(), follow=True)
    assert response.redirect_chain == [(STATEMENT, 302)]
    assert "Tack! Din rapport har skickats till kansliet" in response.content.decode()
    report = AccessibilityReport.objects.get()
    assert (report.page, report.description, report.name, report.email) == (
        "/audits/public/",
        "Filtret går inte att nå med tangentbordet.",
        "Anna Andersson",
        "anna@example.se",
    )
    assert report.user is None
    assert report.status == AccessibilityReportStatus.NEW
    assert report.note == ""
    [record] = report.history.all()
    assert record.history_type == "+" and record.history_user is None


def test_a_logged_in_sender_is_recorded(client, world):
    client.force_login(world.users["reader"])
    response = client.post(STATEMENT, report_data(name="", email=""))
    assert response.status_code == 302
    report = AccessibilityReport.objects.get()
    assert report.user == world.users["reader"]
    assert report.history.get().history_user == world.users["reader"]


def test_bad_input_saves_nothing_and_says_why_beside_the_field(client):
    response = client.post(STATEMENT, report_data(description="   ", email="anna@"))
    assert response.status_code == 400
    assert AccessibilityReport.objects.count() == 0
    assert field_errors(response, "description") == "Det här fältet är obligatoriskt."
    assert field_errors(response, "email") == "Ange en giltig mejladress."
    # What the visitor typed is kept.
    assert 'value="Anna Andersson"' in response.content.decode()

    response = client.post(STATEMENT, report_data(description="x" * 4001))
    assert response.status_code == 400
    assert AccessibilityReport.objects.count() == 0
    assert "som mest 4000 tecken (den har 4001)" in field_errors(response, "description")

    response = client.post(STATEMENT, report_data(page="/" + "a" * 500))
    assert response.status_code == 400
    assert "som mest 500 tecken" in field_errors(response, "page")
    assert AccessibilityReport.objects.count() == 0


def test_the_form_keeps_its_csrf_protection():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(STATEMENT, report_data()).status_code == 403
    assert AccessibilityReport.objects.count() == 0
    page = strict.get(STATEMENT)
    token = page.cookies[settings.CSRF_COOKIE_NAME].value
    sent = strict.post(STATEMENT, {**report_data(), "csrfmiddlewaretoken": token})
    assert sent.status_code == 302
    assert AccessibilityReport.objects.count() == 1


@override_settings(
    HALLBAR_ACCESSIBILITY_REPORT_RATE="2/hour",
    HALLBAR_ACCESSIBILITY_REPORT_ANON_TOTAL_RATE="3/hour",
)
def test_reports_are_rate_limited_per_sender_and_in_all(client, world):
    for _ in range(2):
        assert client.post(STATEMENT, report_data()).status_code == 302
    refused = client.post(STATEMENT, report_data(description="Den tredje."))
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "För många rapporter har skickats härifrån. Inget sparades" in (refused.content.decode())
    assert 'value="Anna Andersson"' in refused.content.decode()  # kept to send later
    assert AccessibilityReport.objects.count() == 2
    # Bad input is not counted: it saves nothing anyway.
    assert client.post(STATEMENT, report_data(description="")).status_code == 400

    # Another address has its own count, but all anonymous senders together have a bound too.
    other = client.post(STATEMENT, report_data(), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302
    assert client.post(STATEMENT, report_data(), REMOTE_ADDR="192.0.2.8").status_code == 429
    assert AccessibilityReport.objects.count() == 3

    # A logged-in user counts as themself, not as the address nor among the anonymous.
    client.force_login(world.users["procurer_a"])
    assert client.post(STATEMENT, report_data()).status_code == 302
    assert AccessibilityReport.objects.count() == 4


def test_the_secretariat_lists_the_reports_with_the_count_of_new_ones(client, world):
    client.post(STATEMENT, report_data(description="Kontrasten är för svag."))
    client.post(STATEMENT, report_data(description="Rubrikerna saknas."))
    handled = AccessibilityReport.objects.create(
        description="Redan åtgärdad.", status=AccessibilityReportStatus.RESOLVED
    )
    client.force_login(world.users["secretariat"])
    menu = client.get("/")
    assert "/accessibility/reports/" in [item["url"] for item in menu.context["navigation"]]

    response = client.get("/accessibility/reports/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "2 nya rapporter som ingen har börjat hantera" in content
    assert [row.record.description for row in response.context["table"].rows] == [
        "Redan åtgärdad.",
        "Rubrikerna saknas.",
        "Kontrasten är för svag.",
    ]
    filtered = client.get("/accessibility/reports/", {"status": "resolved"})
    assert [row.record for row in filtered.context["table"].rows] == [handled]
    found = client.get("/accessibility/reports/", {"q": "kontrast"})
    assert [row.record.description for row in found.context["table"].rows] == [
        "Kontrasten är för svag."
    ]


def test_the_list_costs_the_same_queries_for_one_report_and_for_ten(client, world):
    client.force_login(world.users["secretariat"])
    user = world.users["reader"]
    AccessibilityReport.objects.create(description="En.", user=user)
    one = count_queries(client, "/accessibility/reports/")
    for number in range(9):
        AccessibilityReport.objects.create(description=f"Nr {number}.", user=user)
    assert count_queries(client, "/accessibility/reports/") == one


def test_the_secretariat_handles_a_report_and_history_names_who(client, world):
    client.post(STATEMENT, report_data())
    report = AccessibilityReport.objects.get()
    secretary = world.users["secretariat"]
    client.force_login(secretary)
    detail = client.get(report.get_absolute_url())
    assert detail.status_code == 200
    assert "Filtret går inte att nå med tangentbordet." in detail.content.decode()
    edit_url = reverse("core:accessibilityreport_edit", args=[report.pk])
    form = client.get(edit_url)
    response = client.post(
        edit_url,
        {
            "status": "in_progress",
            "note": "  Rättas i nästa version.  ",
            "record_version": version_in(form),
        },
        follow=True,
    )
    assert response.redirect_chain == [(report.get_absolute_url(), 302)]
    assert f"Rapport {report.pk} har sparats." in response.content.decode()
    report.refresh_from_db()
    assert report.status == AccessibilityReportStatus.IN_PROGRESS
    assert report.note == "Rättas i nästa version."
    latest = report.history.order_by("-history_id").first()
    assert latest.history_user == secretary and latest.status == "in_progress"
    assert latest.note == "Rättas i nästa version."

    # An unknown status is refused beside the field, nothing changes.
    refused = client.post(edit_url, {"status": "deleted", "note": ""})
    assert refused.status_code == 400
    assert field_errors(refused, "status")
    report.refresh_from_db()
    assert report.status == AccessibilityReportStatus.IN_PROGRESS


def test_a_procurer_can_neither_list_nor_open_nor_change_a_report(client, world):
    report = AccessibilityReport.objects.create(description="Något fel.")
    client.force_login(world.users["procurer_a"])
    assert client.get("/accessibility/reports/").status_code == 403
    assert client.get(report.get_absolute_url()).status_code == 404
    edit_url = reverse("core:accessibilityreport_edit", args=[report.pk])
    assert client.post(edit_url, {"status": "resolved", "note": "x"}).status_code == 404
    report.refresh_from_db()
    assert report.status == AccessibilityReportStatus.NEW
    menu = client.get("/")
    assert "/accessibility/reports/" not in [item["url"] for item in menu.context["navigation"]]


def test_the_swedish_and_english_statements_have_the_same_sections(client):
    sections = re.compile(r'<h[23][^>]* id="([^"]+)"')
    swedish = client.get(STATEMENT)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(STATEMENT)
    assert "Accessibility statement for Hållbar" in english.content.decode()
    assert "Send the report" in english.content.decode()
    ids = sections.findall(swedish.content.decode())
    assert len(ids) >= 10
    assert sections.findall(english.content.decode()) == ids


def test_the_admin_is_the_secretariats_fallback(client, world):
    report = AccessibilityReport.objects.create(description="Något fel.", page="/")
    client.force_login(world.users["secretariat"])  # staff through its membership, not superuser
    changelist = client.get("/admin/core/accessibilityreport/")
    assert changelist.status_code == 200
    assert "Något fel." in changelist.content.decode()
    change = f"/admin/core/accessibilityreport/{report.pk}/change/"
    assert client.get(change).status_code == 200
    assert client.get("/admin/core/accessibilityreport/add/").status_code == 403
    response = client.post(change, {"status": "resolved", "note": "Rättat."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.description) == ("resolved", "Något fel.")
    assert report.history.order_by("-history_id").first().history_user == world.users["secretariat"]
    client.force_login(world.users["procurer_a"])
    assert client.get("/admin/core/accessibilityreport/").status_code == 302  # not staff
