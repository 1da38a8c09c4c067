"""A change or deletion that races a deletion of the same row: the row is deleted after the
request read it and before it writes. The answer is a 404 with a message (never a 500, the
deleted row saved again, or a second 204 and a second entry in the deletion log).

On PostgreSQL the row is deleted by a second connection, committed, while the request waits
between its read and its write; on SQLite (one writer at a time) by the request's own one, so
there the refused request's rollback takes the deletion back too.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from core.api.viewsets import PortalModelViewSet
from core.models import Deletion
from core.views.generic import ObjectDeleteView, ObjectEditView
from suppliers.models import Site, Supplier

pytestmark = pytest.mark.django_db(transaction=True)

GONE_SV = "Posten har tagits bort under tiden."


def delete_meanwhile(model, pk) -> None:
    """Delete the row as another user would: on PostgreSQL from another connection."""

    def delete():
        try:
            model.objects.get(pk=pk).delete()
        finally:
            if threading.current_thread() is not threading.main_thread():
                connection.close()

    if connection.vendor == "postgresql":
        other = threading.Thread(target=delete)
        other.start()
        other.join(timeout=20)
        assert not other.is_alive(), "the deletion waited on the request"
    else:
        delete()


def kept_on_sqlite() -> int:
    """1 where the deletion was the request's own, and rolled back with it (SQLite)."""
    return 0 if connection.vendor == "postgresql" else 1


@pytest.fixture
def after_read(monkeypatch):
    """after_read(cls, method): delete the object just after ``cls.method`` returns."""

    def install(cls, method, model):
        original = getattr(cls, method)

        def read_then_delete(self, *args, **kwargs):
            result = original(self, *args, **kwargs)
            obj = result if isinstance(result, model) else args[0]
            delete_meanwhile(model, obj.pk)
            return result

        monkeypatch.setattr(cls, method, read_then_delete)

    return install


# Deleted after the view read the row and the gate allowed the change; or after the read and
# before the gate's own check, which reads the row again (a concurrent PATCH and DELETE found
# that one answered 403).
@pytest.mark.parametrize("deleted_after", ["get_object_for", "get_object"])
def test_an_api_patch_of_a_row_deleted_meanwhile_is_a_404(world, api_as, after_read, deleted_after):
    supplier = Supplier.objects.create(name="Borttagen AB")
    after_read(PortalModelViewSet, deleted_after, Supplier)
    response = api_as("secretariat").patch(
        reverse("api:supplier-detail", args=[supplier.pk]), {"notes": "Ny."}, format="json"
    )
    assert response.status_code == 404, response.content
    assert response.json()["detail"] == GONE_SV
    assert not Supplier.objects.filter(notes="Ny.").exists()
    assert Supplier.objects.filter(pk=supplier.pk).count() == kept_on_sqlite()  # not saved again


def test_an_api_delete_of_a_row_deleted_meanwhile_is_a_404_and_logged_once(
    world, api_as, after_read
):
    supplier = Supplier.objects.create(name="Borttagen AB")
    after_read(PortalModelViewSet, "get_object_for", Supplier)
    response = api_as("secretariat").delete(reverse("api:supplier-detail", args=[supplier.pk]))
    assert response.status_code == 404, response.content
    logged = Deletion.objects.filter(model="suppliers.supplier", object_id=supplier.pk).count()
    assert logged == 1 - kept_on_sqlite()


def test_a_portal_edit_of_a_row_deleted_meanwhile_is_a_404(world, client, after_read):
    site = Site.objects.create(name="Riven fabrik", kind="factory", country="MY")
    client.force_login(world.users["secretariat"])
    after_read(ObjectEditView, "get_object", Site)
    response = client.post(
        reverse("suppliers:site_edit", args=[site.pk]),
        {"name": "Nytt namn", "kind": "factory", "country": "MY"},
    )
    assert response.status_code == 404
    assert not Site.objects.filter(name="Nytt namn").exists()
    assert Site.objects.filter(pk=site.pk).count() == kept_on_sqlite()


def test_a_portal_delete_of_a_row_deleted_meanwhile_is_a_404(world, client, after_read):
    site = Site.objects.create(name="Riven fabrik", kind="factory", country="MY")
    client.force_login(world.users["secretariat"])
    after_read(ObjectDeleteView, "success_url", Site)
    response = client.post(reverse("suppliers:site_delete", args=[site.pk]))
    assert response.status_code == 404
    logged = Deletion.objects.filter(model="suppliers.site", object_id=site.pk).count()
    assert logged == 1 - kept_on_sqlite()


def race_once(patcher, deleter, url) -> dict[str, int]:
    """Two PATCHes and a DELETE of one row, sent at the same moment on three connections."""
    barrier = threading.Barrier(3)
    answers = {}

    def send(name, call):
        try:
            barrier.wait(timeout=10)
            answers[name] = call().status_code
        finally:
            connection.close()

    def patch():
        return patcher.patch(url, {"notes": "Ändrad."}, format="json")

    calls = {"patch0": patch, "patch1": patch, "delete": lambda: deleter.delete(url)}
    threads = [threading.Thread(target=send, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers


@pytest.mark.postgres
def test_patches_and_deletes_at_once_answer_200_204_or_404_never_500(world, api_as):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite lets one writer at a time")
    patcher, deleter = api_as("secretariat"), api_as("secretariat")
    for round_ in range(10):
        supplier = Supplier.objects.create(name=f"Kapplöpning {round_}")
        answers = race_once(patcher, deleter, reverse("api:supplier-detail", args=[supplier.pk]))
        assert answers["delete"] == 204, answers
        assert {answers["patch0"], answers["patch1"]} <= {200, 404}, answers
        assert not Supplier.objects.filter(pk=supplier.pk).exists()  # never saved again
