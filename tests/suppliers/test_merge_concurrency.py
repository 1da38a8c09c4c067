"""Two merges of the same pair at once (two real PostgreSQL connections): the first holds both
suppliers' rows until it commits; the second waits, then finds one supplier gone and is refused
with a message; nothing is moved twice or half."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audits.models import Audit
from suppliers import merging
from suppliers.models import FrameworkAgreement, Supplier, SupplierAlias

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks and one writer at a time")


@pytest.mark.parametrize("direction", ["same", "opposite"])
def test_two_merges_of_one_pair_one_wins(world, monkeypatch, direction):
    keep, other = world.supplier, world.other_supplier
    user = world.users["secretariat"]
    audits = Audit.objects.filter(supplier__in=[keep, other]).count()
    agreements = FrameworkAgreement.objects.filter(supplier__in=[keep, other]).count()
    holding, release = threading.Event(), threading.Event()
    move_rows = merging._move_rows

    def held(*args, **kwargs):
        if threading.current_thread().name == "first" and not holding.is_set():
            holding.set()
            release.wait(timeout=3)  # the second merge waits on the suppliers' locks meanwhile
        return move_rows(*args, **kwargs)

    monkeypatch.setattr(merging, "_move_rows", held)
    outcomes = {}

    def run(name, keep_pk, other_pk):
        try:
            merging.supplier_merge(
                keep=Supplier.objects.get(pk=keep_pk),
                other=Supplier.objects.get(pk=other_pk),
                user=user,
            )
            outcomes[name] = None
        except ValidationError as error:
            outcomes[name] = error
        finally:
            connection.close()

    second_pair = (keep.pk, other.pk) if direction == "same" else (other.pk, keep.pk)
    one = threading.Thread(target=run, args=("first", keep.pk, other.pk), name="first")
    two = threading.Thread(target=run, args=("second", *second_pair), name="second")
    one.start()
    assert holding.wait(timeout=10), "the first merge did not start moving"
    two.start()
    two.join(timeout=1)
    waited = two.is_alive()
    release.set()
    one.join(timeout=10)
    two.join(timeout=10)
    assert waited, "the second merge did not wait for the first one's locks"
    assert outcomes["first"] is None
    error = outcomes["second"]
    assert error.error_list[0].code == "conflict"
    assert "finns inte längre" in error.messages[0]
    # The first merge, whole: everything on the kept supplier, the other gone, one alias.
    assert list(Supplier.objects.filter(pk__in=[keep.pk, other.pk])) == [keep]
    assert Audit.objects.filter(supplier=keep).count() == audits
    assert FrameworkAgreement.objects.filter(supplier=keep).count() == agreements
    assert list(SupplierAlias.objects.filter(supplier=keep).values_list("name", flat=True)) == [
        "Getinge"
    ]
