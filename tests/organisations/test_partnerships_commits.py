"""The partnership tests that need real commits: the migration of the descriptions to the
years (on an empty database of its own, migrated to the step before and then over it) and two
writers of the same year at once (two threads, each with its own connection). Apart from
tests/organisations/test_partnerships.py, whose tests share one world per module
(``module_world``) inside a transaction."""

import pytest

from organisations import services
from organisations.choices import PartnershipKind
from organisations.models import Partnership, PartnershipYear


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_description_to_the_year_it_describes():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from tests.database import empty_database, real_migrations

    before = [("organisations", "0004_partnership_years")]
    after = [("organisations", "0005_partnership_description_to_year")]
    with real_migrations(), empty_database():
        executor = MigrationExecutor(connection)  # the empty database's
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        old_org = apps.get_model("organisations", "Organisation")
        old_partnership = apps.get_model("organisations", "Partnership")
        adda = old_org.objects.create(code="ADDA", name="Adda", kind="purchasing_body")
        ew = old_org.objects.create(code="EW", name="Electronics Watch", kind="ngo")
        late = old_org.objects.create(code="LATE", name="Sen partner", kind="ngo")
        old_partnership.objects.create(
            partner=adda, kind="cooperation_agreement", since_year=2015, description="Om 2024."
        )
        old_partnership.objects.create(
            partner=ew, kind="membership", since_year=2016, description=""
        )
        old_partnership.objects.create(
            partner=late, kind="membership", since_year=2025, description="Började 2025."
        )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        apps = executor.loader.project_state(after).apps
        years = apps.get_model("organisations", "PartnershipYear").objects
        assert sorted(years.values_list("partnership__partner__code", "year", "description")) == [
            ("ADDA", 2024, "Om 2024."),
            ("LATE", 2025, "Började 2025."),
        ]


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_the_same_year_at_once_get_one_text_and_one_message(on_postgres):
    """The partnership's row is locked while a year's text is checked and written: a second
    writer waits for the first to commit, then finds the year taken and is told so on the field
    (without the lock it would pass the check and fail on the unique index: a server error)."""
    from tests.helpers import two_writers
    from tests.world import World

    if not on_postgres:
        pytest.skip("SQLite serialises writers itself; the row lock is PostgreSQL's")
    world = World()
    partnership = Partnership.objects.create(
        partner=world.partner, kind=PartnershipKind.MEMBERSHIP, since_year=2016
    )

    def save(text):
        services.partnership_year_save(
            entry=PartnershipYear(partnership=partnership, year=2025, description=text),
            user=world.users["secretariat"],
        )

    outcomes = two_writers(lambda: save("Första."), lambda: save("Andra."))
    assert outcomes["first"] == "saved"
    assert list(outcomes["second"]) == ["year"], outcomes["second"]
    assert PartnershipYear.objects.get(partnership=partnership).description == "Första."
