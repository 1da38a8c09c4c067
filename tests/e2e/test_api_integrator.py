"""A region's integrator, in real Chromium and over real HTTP: makes a token in the portal, reads
the API page and the Swagger docs, pulls the region's audits as JSON and CSV, then only what
changed since."""

import csv
import io
import json
import urllib.request

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from audits import services
from audits.models import Audit
from hallbar.api_urls import router
from tests.e2e.browser import SUBMIT, log_in
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)


def get(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers.get("Content-Type"), response.read().decode("utf-8-sig")


def test_an_integrator_pulls_the_regions_audits_then_only_the_changes(new_page, steps, live_server):
    world = World()
    page = new_page()
    log_in(page, "procurer_a")

    page.goto("/organisations/api-tokens/")
    page.fill("#id_name", "BI Region Örebro län")
    page.click(SUBMIT)
    token = page.locator("#token-text").input_value()
    assert token.startswith("hb_")
    steps.shot(page, "token-made")

    page.get_by_role("link", name="Så använder du API:t").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API för regionernas system")
    expect(page.locator("pre").first).to_contain_text(f"{live_server.url}/api/v1/audits/")
    steps.shot(page, "api-page")

    docs = new_page()
    docs.goto("/api/docs/")
    expect(docs.get_by_text("Hållbar API").first).to_be_visible()
    # Every resource is listed, folded; the integrator opens the one they work with.
    expect(docs.locator(".opblock-tag")).to_have_count(len({p for p, _v, _b in router.registry}))
    docs.locator("#operations-tag-audits").click()
    expect(
        docs.locator(".opblock-summary-path", has_text="/api/v1/audits/{id}/close/")
    ).to_be_visible()
    steps.shot(docs, "swagger")

    base = f"{live_server.url}/api/v1/audits/"
    started = timezone.now()
    _type, body = get(f"{base}?year=2024&region=SE-T&page_size=1000", token)
    pulled = json.loads(body)
    assert [row["id"] for row in pulled["results"]] == [world.audit_a.pk]
    content_type, text = get(f"{base}?year=2024&region=SE-T&format=csv", token)
    assert content_type.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(int(r["id"]), r["supplier_name"]) for r in rows] == [(world.audit_a.pk, "Abena")]

    last = pulled["results"][-1]
    _type, body = get(
        f"{base}?region=SE-T&modified_since={last['modified'].replace('+', '%2B')}"
        f"&after_id={last['id']}",
        token,
    )
    assert json.loads(body)["count"] == 0
    services.audit_update(
        user=world.users["procurer_a"],
        audit=Audit.objects.get(pk=world.audit_a.pk),
        internal_note="Observatör från Region Stockholm.",
    )
    since = started.isoformat().replace("+", "%2B")
    _type, body = get(f"{base}?region=SE-T&modified_since={since}", token)
    changed = json.loads(body)["results"]
    assert [(r["id"], r["internal_note"]) for r in changed] == [
        (world.audit_a.pk, "Observatör från Region Stockholm.")
    ]
