import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    class DownDatabase:
        def cursor(self):
            raise OperationalError("server closed the connection")

    monkeypatch.setattr("core.views.misc.connection", DownDatabase())
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_healthz_only_answers_get(client):
    assert client.post("/healthz/").status_code == 405
