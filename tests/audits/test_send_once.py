"""A finding form sent four times (a double click, a resend) makes one finding: the form carries
a token, and each sending after the first goes to the first one's finding with a message.
On PostgreSQL the four sendings at the same moment, on four connections, make one too."""

from __future__ import annotations

import re
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from audits.models import Finding
from core.models import FormSubmission

SENT = "Det här formuläret har redan skickats."


@pytest.fixture
def audit(conducted_audit):
    return conducted_audit


def form_token(client, url) -> str:
    page = client.get(url).content.decode()
    [token] = re.findall(r'<input type="hidden" name="form_token" value="([0-9a-f-]{36})">', page)
    return token


def finding_form(token):
    return {"kind": "observation", "description": "Skyddsutrustning saknas.", "form_token": token}


@pytest.mark.django_db
def test_a_finding_form_sent_four_times_makes_one_finding(world, audit, client):
    client.force_login(world.users["procurer_a"])
    url = reverse("audits:finding_add", args=[audit.pk])
    token = form_token(client, url)
    assert form_token(client, url) != token  # each rendered form has a token of its own

    responses = [client.post(url, finding_form(token)) for _ in range(4)]

    finding = Finding.objects.get(audit=audit)
    first = f"{audit.get_absolute_url()}#finding-{finding.pk}"
    assert [r.status_code for r in responses] == [302] * 4
    assert {r["Location"] for r in responses} == {first}
    for response in responses[1:]:
        assert SENT in [str(m) for m in get_messages(response.wsgi_request)]

    # A new rendering of the form is a new finding.
    client.post(url, finding_form(form_token(client, url)))
    assert Finding.objects.filter(audit=audit).count() == 2


@pytest.mark.django_db
def test_a_refused_form_keeps_its_token_and_the_corrected_one_makes_the_finding(
    world, audit, client
):
    client.force_login(world.users["procurer_a"])
    url = reverse("audits:finding_add", args=[audit.pk])
    token = form_token(client, url)
    refused = client.post(url, {**finding_form(token), "description": ""})
    assert refused.status_code == 400
    assert f'name="form_token" value="{token}"' in refused.content.decode()
    assert not FormSubmission.objects.exists()
    assert client.post(url, finding_form(token)).status_code == 302
    assert Finding.objects.filter(audit=audit).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_sendings_at_once_on_four_connections_make_one_finding(world, audit):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite lets one writer at a time")
    url = reverse("audits:finding_add", args=[audit.pk])
    token = form_token(logged_in(world), url)
    barrier = threading.Barrier(4)
    answers, failures = [], []

    def send():
        try:
            client = logged_in(world)
            barrier.wait(timeout=10)
            answers.append(client.post(url, finding_form(token)))
        except Exception as error:  # reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not failures, failures
    finding = Finding.objects.get(audit=audit)
    assert [a.status_code for a in answers] == [302] * 4
    assert {a["Location"] for a in answers} == {f"{audit.get_absolute_url()}#finding-{finding.pk}"}
    assert FormSubmission.objects.get().token.hex == token.replace("-", "")


def logged_in(world) -> Client:
    client = Client()
    client.force_login(world.users["procurer_a"])
    return client


@pytest.mark.django_db
def test_an_upload_sent_twice_keeps_one_file(world, audit, client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from audits.models import Evidence
    from tests.audits.test_files import PDF

    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(world.users["procurer_a"])
    url = reverse("audits:evidence_add", args=[audit.pk])
    token = form_token(client, url)

    answers = [
        client.post(url, {"file": SimpleUploadedFile("rapport.pdf", PDF), "form_token": token})
        for _ in range(2)
    ]

    assert Evidence.objects.filter(audit=audit).count() == 1
    assert [a["Location"] for a in answers] == [audit.get_absolute_url()] * 2
    assert SENT in [str(m) for m in get_messages(answers[1].wsgi_request)]
    assert len(list(tmp_path.rglob("*.pdf"))) == 1
