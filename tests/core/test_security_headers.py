"""Permissions-Policy on every response; Cache-Control: no-store on what is not public (a
logged-in page, an API answer to a token, an export, a download)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


def assert_not_stored(response):
    assert "no-store" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


def assert_policy(response):
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_a_logged_in_page_is_not_stored(client, world):
    client.force_login(world.users["procurer_a"])
    response = client.get("/audits/")
    assert response.status_code == 200
    assert_not_stored(response)
    assert_policy(response)


def test_an_api_answer_to_a_token_is_not_stored(api_as):
    response = api_as("reader").get("/api/v1/audits/")
    assert response.status_code == 200
    assert_not_stored(response)
    assert_policy(response)


def test_an_export_and_a_csv_are_not_stored(client, world, api_as):
    client.force_login(world.users["secretariat"])
    export = client.get("/audits/export/", {"format": "csv"})
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith("attachment")
    assert_not_stored(export)
    csv = api_as("reader").get("/api/v1/audits/", {"format": "csv"})
    assert csv.status_code == 200
    assert_not_stored(csv)


def test_a_download_is_not_stored(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    version = world.draft_version
    version.document.save("krav.pdf", ContentFile(b"%PDF-1.7"))
    client.force_login(world.users["reader"])
    response = client.get(
        reverse("requirements_catalog:instrumentversion_document", args=[version.pk])
    )
    assert response.status_code == 200
    assert_not_stored(response)
    assert_policy(response)


def test_the_public_page_may_be_cached_but_has_the_policy(client, world):
    response = client.get("/audits/public/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response
    assert_policy(response)


def test_errors_and_the_login_page_have_the_policy(client, world):
    assert_policy(client.get("/no-such-page/"))
    assert_policy(client.get("/api/v1/audits/"))  # 401 without a token
    assert_policy(client.get(reverse("login")))


def test_a_stricter_cache_control_is_kept(client):
    response = client.get("/healthz/")  # never_cache: max-age=0, no-cache, no-store, …
    assert "max-age=0" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
