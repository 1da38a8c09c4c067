"""What every endpoint shares: tokens, the error shape, limits, CSV, incremental sync."""

import csv
import datetime
import io
import json

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from audits.models import Audit, Finding
from core.models import Deletion
from organisations.models import ApiToken
from organisations.services import api_token_create, api_token_revoke

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


def test_a_token_reaches_the_api_and_the_stored_value_is_not_the_token(world):
    token, raw = api_token_create(user=world.users["procurer_a"], name="BI", days=30)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.get("/api/v1/audits/")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in json.dumps(stored, default=str)


@pytest.mark.parametrize("spoil", ["expired", "revoked"])
def test_expired_and_revoked_tokens_are_refused_by_the_endpoints(world, spoil):
    token, raw = api_token_create(user=world.users["procurer_a"], name="BI", days=30)
    if spoil == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
    else:
        api_token_revoke(token=token, user=world.users["procurer_a"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.get("/api/v1/audits/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Bearer"


def test_anonymous_callers_get_only_the_public_summaries(world, api_as):
    client = api_as(None)
    assert client.get("/api/v1/audits/").status_code == 401
    public = client.get("/api/v1/public-summaries/").json()
    assert [row["id"] for row in public["results"]] == [world.audit_public.pk]
    assert "internal_note" not in public["results"][0]
    assert "summary" not in public["results"][0]


def test_bad_filter_is_400_with_the_field_named_in_the_one_shape(api_as):
    response = api_as("reader").get("/api/v1/audits/", {"year": "tjugo"})
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid"
    assert list(body["errors"]) == ["year"]


def test_bad_input_is_400_with_the_field_named_and_nothing_saved(world, api_as):
    before = Audit.objects.count()
    response = api_as("procurer_a").post(
        "/api/v1/audits/",
        {"supplier": world.supplier.pk, "kind": "inspection", "year": 1899},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"kind", "year"}
    assert Audit.objects.count() == before


def test_a_service_refusal_names_its_field(world, api_as):
    response = api_as("procurer_a").post(
        "/api/v1/audits/",
        {
            "supplier": world.supplier.pk,
            "kind": "office",
            "year": 2025,
            "lead_organisation": world.region_b.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "lead_organisation" in response.json()["errors"]


def test_wrong_method_is_405(world, api_as):
    response = api_as("secretariat").put(
        f"/api/v1/audits/{world.audit_a.pk}/", {"year": 2025}, format="json"
    )
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


@override_settings(HALLBAR_API_MAX_BODY_BYTES=1000)
def test_too_large_body_is_413_and_nothing_saved(world, api_as):
    before = Audit.objects.count()
    response = api_as("secretariat").post(
        "/api/v1/audits/",
        {
            "supplier": world.supplier.pk,
            "kind": "office",
            "year": 2025,
            "internal_note": "x" * 5000,
        },
        format="json",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert Audit.objects.count() == before


def test_non_json_body_is_415(world, api_as):
    response = api_as("secretariat").post("/api/v1/audits/", "year=2025", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["status"] == 415


def test_closing_an_audit_with_open_findings_is_409_naming_them(world, api_as):
    Audit.objects.filter(pk=world.audit_a.pk).update(status="reported")
    response = api_as("procurer_a").post(f"/api/v1/audits/{world.audit_a.pk}/close/")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert f"#{world.finding_a.pk}" in body["detail"]
    assert Audit.objects.get(pk=world.audit_a.pk).status == "reported"


def test_out_of_scope_objects_are_404_not_403(world, api_as):
    auditor = api_as("auditor")
    assert auditor.get(f"/api/v1/audits/{world.audit_a.pk}/").status_code == 404
    assert auditor.get(f"/api/v1/audits/{world.audit_b.pk}/").status_code == 200
    response = auditor.get("/api/v1/audits/not-a-number/")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "code": "not_found", "detail": "Hittades inte."}


def test_unknown_format_is_406_in_json(api_as):
    response = api_as("reader").get("/api/v1/audits/", {"format": "xml"})
    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


@override_settings(
    REST_FRAMEWORK={
        **__import__("django.conf").conf.settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/min", "anonymous": "2/min"},
    }
)
def test_throttling_per_token_answers_429_with_retry_after(world):
    api_settings.reload()
    _t1, first = api_token_create(user=world.users["reader"], name="one", days=1)
    _t2, second = api_token_create(user=world.users["reader"], name="two", days=1)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {first}")
    statuses = [client.get("/api/v1/audits/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/audits/")
    assert refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60
    # Another token of the same user has its own budget.
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {second}")
    assert client.get("/api/v1/audits/").status_code == 200


def test_csv_has_the_same_filters_and_every_row(world, api_as):
    response = api_as("reader").get("/api/v1/audits/", {"year": 2024, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="audit.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(int(r["id"]) for r in rows) == sorted([world.audit_a.pk, world.audit_b.pk])
    assert {r["supplier_name"] for r in rows} == {"Abena", "Getinge"}
    # Links point at the JSON resource, not at another CSV.
    assert rows[0]["url"].endswith(f"/api/v1/audits/{rows[0]['id']}/")


def test_csv_neutralises_formulas(world, api_as):
    Audit.objects.filter(pk=world.audit_a.pk).update(internal_note='=HYPERLINK("x")')
    response = api_as("reader").get("/api/v1/audits/", {"format": "csv", "year": 2024})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    note = next(r["internal_note"] for r in rows if int(r["id"]) == world.audit_a.pk)
    assert note == '\'=HYPERLINK("x")'


def test_csv_keeps_negative_amounts_numbers(world, api_as):
    from reporting.models import FinancialYear

    FinancialYear.objects.create(year=2030, opening_balance=-12.5, closing_balance=0)
    response = api_as("reader").get("/api/v1/financial-years/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["opening_balance"] == "-12.5"


@override_settings(HALLBAR_API_CSV_MAX_ROWS=2)
def test_csv_over_the_row_limit_asks_for_narrower_filters(api_as):
    response = api_as("reader").get("/api/v1/audits/", {"format": "csv"})
    assert response.status_code == 400
    assert "format" in response.json()["errors"]
    narrower = api_as("reader").get("/api/v1/audits/", {"format": "csv", "year": 2023})
    assert narrower.status_code == 200


@pytest.mark.parametrize("instant", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_instants_at_the_edge_of_the_calendar_are_400(api_as, instant):
    client = api_as("reader")
    assert client.get("/api/v1/audits/", {"modified_since": instant}).status_code == 400
    assert client.get("/api/v1/deletions/", {"since": instant}).status_code == 400


def test_a_long_list_of_ids_costs_one_query_and_is_capped(world, api_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_as("secretariat")
    url = f"/api/v1/audits/{world.audit_a.pk}/"
    client.patch(url, {"co_lead_organisations": [world.region_b.pk]}, format="json")
    with CaptureQueriesContext(connection) as few:
        client.patch(url, {"co_lead_organisations": [world.region_b.pk]}, format="json")
    with CaptureQueriesContext(connection) as many:
        response = client.patch(
            url, {"co_lead_organisations": [world.region_b.pk] * 150}, format="json"
        )
    assert response.status_code == 200
    assert response.json()["co_lead_organisation_codes"] == ["SE-AB"]
    assert len(many) == len(few)
    too_many = client.patch(url, {"co_lead_organisations": list(range(1, 300))}, format="json")
    assert too_many.status_code == 400
    assert "co_lead_organisations" in too_many.json()["errors"]


def test_a_forwarded_for_header_does_not_choose_the_throttling_address(world, settings):
    from rest_framework.test import APIRequestFactory

    from core.api.throttling import AnonymousRateThrottle

    request = APIRequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.9")
    request.META["REMOTE_ADDR"] = "10.0.0.1"
    assert AnonymousRateThrottle().get_ident(request) == "10.0.0.1"


def test_the_browsable_api_lists_no_users_in_forms(world, client):
    from organisations.models import User

    User.objects.create_user(username="hemlig-person-xyz", password="x-long-password-1")
    client.force_login(world.users["reader"])
    page = client.get("/api/v1/audits/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert "hemlig-person-xyz" not in page.content.decode()


def test_csv_errors_keep_the_json_shape(api_as):
    response = api_as("reader").get("/api/v1/audits/", {"format": "csv", "year": "x"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"]["year"]


def test_page_size_is_capped_at_1000(world, api_as):
    response = api_as("reader").get("/api/v1/audits/", {"page_size": 5000})
    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_modified_since_returns_changes_oldest_first(world, api_as):
    cut = timezone.now()
    Audit.objects.get(pk=world.audit_b.pk).save()
    Audit.objects.get(pk=world.audit_a.pk).save()
    response = api_as("reader").get("/api/v1/audits/", {"modified_since": cut.isoformat()})
    assert [r["id"] for r in response.json()["results"]] == [world.audit_b.pk, world.audit_a.pk]


def test_modified_since_accepts_an_unencoded_offset_and_refuses_nonsense(api_as):
    client = api_as("reader")
    ok = client.get("/api/v1/audits/?modified_since=2024-01-01T00:00:00+01:00")
    assert ok.status_code == 200
    bad = client.get("/api/v1/audits/", {"modified_since": "förra veckan"})
    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["modified_since"]


def test_sync_pages_continue_after_the_last_row_even_when_rows_change_meanwhile(world, api_as):
    client = api_as("reader")
    since = "2000-01-01T00:00:00Z"
    first = client.get("/api/v1/audits/", {"modified_since": since, "page_size": 1}).json()
    assert first["count"] == 3
    seen = [first["results"][0]["id"]]
    # The first row changes while the client pages: page numbers would now skip a row.
    Audit.objects.get(pk=seen[0]).save()
    url = first["next"]
    assert "after_id=" in url and "page=" not in url
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert set(seen) == {world.audit_a.pk, world.audit_b.pk, world.audit_public.pk}
    assert seen.count(seen[0]) == 2  # the changed row comes again, with its change


def test_a_changed_result_modifies_its_audit(world):
    before = Audit.objects.get(pk=world.audit_a.pk).modified
    from audits.models import AuditResult

    AuditResult.objects.create(audit=world.audit_a, criterion=world.criterion, outcome="fulfilled")
    assert Audit.objects.get(pk=world.audit_a.pk).modified > before


def test_deletions_list_what_was_deleted_and_by_whom(world, api_as):
    cut = timezone.now()
    finding_id = world.finding_a.pk
    response = api_as("procurer_a").delete(f"/api/v1/findings/{finding_id}/")
    assert response.status_code == 204
    assert not Finding.objects.filter(pk=finding_id).exists()
    deletion = Deletion.objects.get(model="audits.finding", object_id=finding_id)
    assert deletion.deleted_by == world.users["procurer_a"]
    listed = api_as("reader").get("/api/v1/deletions/", {"since": cut.isoformat()}).json()
    assert {"type": "findings", "id": finding_id} in [
        {"type": r["type"], "id": r["id"]} for r in listed["results"]
    ]
    only_audits = api_as("reader").get("/api/v1/deletions/", {"type": "audits"}).json()
    assert only_audits["count"] == 0


def test_the_schema_and_the_docs_are_served_from_local_files(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/audits/{id}/close/" in paths
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()


def test_the_schema_documents_ordering_a_report_and_downloading_its_pdf(client):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    order = paths["/api/v1/reports/"]["post"]
    assert order["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ReportRequestRequest"
    )
    assert "202" in order["responses"] and "201" not in order["responses"]
    download = paths["/api/v1/reports/{id}/pdf/"]["get"]
    assert "application/pdf" in download["responses"]["200"]["content"]
    assert "202" not in download["responses"]


@pytest.mark.parametrize("depth", [17, 5000])
def test_a_json_body_nested_too_deeply_is_a_400_and_saves_nothing(api_as, depth):
    from reporting.models import Event

    body = "[" * depth + "]" * depth
    before = Event.objects.count()
    response = api_as("secretariat").generic(
        "POST", "/api/v1/events/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "16" in response.json()["detail"]
    assert Event.objects.count() == before


def test_a_json_body_of_ordinary_depth_is_read(api_as):
    body = {"title": "Djup", "kind": "webinar", "year": 2025, "topics": "", "organisers": []}
    response = api_as("secretariat").post("/api/v1/events/", body, format="json")
    assert response.status_code == 201, response.content


@override_settings(HALLBAR_API_TOKEN_FAILURE_RATE="5/min")
def test_failed_tokens_from_one_address_are_throttled(world):
    _token, good = api_token_create(user=world.users["reader"], name="good", days=1)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer hb_gissning")
    assert [client.get("/api/v1/audits/").status_code for _ in range(5)] == [401] * 5
    refused = client.get("/api/v1/audits/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "API-nycklar" in refused.json()["detail"]
    # While the address is refused, the right token from it is refused too (no guessing
    # on), and nothing has counted its use.
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {good}")
    assert client.get("/api/v1/audits/").status_code == 429
    assert ApiToken.objects.get(name="good").last_used_at is None
    # Another address is not affected.
    other = APIClient(REMOTE_ADDR="10.2.3.4")
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {good}")
    assert other.get("/api/v1/audits/").status_code == 200
