"""The year's accounts over the API when two requests write at once: real commits and two
connections, so this cannot share the module world of tests/reporting/test_registers_api.py
(moved here unchanged)."""

from decimal import Decimal

import pytest

from reporting.models import Contribution, FinancialYear

# Concurrency (PostgreSQL) -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_at_once_adding_a_regions_contribution_get_one_row_and_one_message(on_postgres):
    """The year's row is locked: the second request waits, then sees the first's row and gets
    the message on the organisation, never a database error."""
    if not on_postgres:
        pytest.skip("concurrent transactions need PostgreSQL")
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection
    from django.utils import translation

    from reporting import services
    from tests.world import World

    world = World()
    accounts = FinancialYear.objects.create(year=2031, opening_balance=1, closing_balance=1)
    barrier = threading.Barrier(2)
    outcomes = []

    def add(amount):
        try:
            barrier.wait()
            with translation.override("sv"):
                services.contribution_create(
                    user=world.users["secretariat"],
                    financial_year=accounts,
                    organisation=world.region_a,
                    amount=Decimal(amount),
                )
            outcomes.append("saved")
        except ValidationError as error:
            with translation.override("sv"):
                outcomes.append(error.message_dict)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(amount,)) for amount in ("10", "20")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, outcomes)) == sorted(
        ["saved", str({"organisation": ["Regionen har redan ett bidrag det året."]})]
    )
    assert Contribution.objects.filter(financial_year=accounts).count() == 1
