"""create_demo_accounts (`make run`): one account per role and a demo assessment template. The
demo spans the apps, so the command belongs to the top app, reporting, beside seed_2024."""

import io

import pytest
from django.core.management import CommandError, call_command, get_commands

from organisations.choices import OrganisationKind
from organisations.models import Organisation, User
from requirements_catalog.models import Instrument

pytestmark = pytest.mark.django_db

DEMO_ORGANISATIONS = [
    ("KANSLIET", OrganisationKind.SECRETARIAT),
    ("SE-T", OrganisationKind.REGION),
    ("SE-AB", OrganisationKind.REGION),
    ("SE-C", OrganisationKind.REGION),
    ("ADDA", OrganisationKind.PURCHASING_BODY),
]


def test_the_command_belongs_to_the_top_app():
    assert get_commands()["create_demo_accounts"] == "reporting"


def test_demo_accounts_and_the_demo_template_are_made(settings):
    settings.DEBUG = True
    for code, kind in DEMO_ORGANISATIONS:
        Organisation.objects.create(code=code, name=f"Organisation {code}", kind=kind)
    out = io.StringIO()
    call_command("create_demo_accounts", stdout=out)
    assert "hallbar-demo-2024" in out.getvalue()
    assert set(User.objects.values_list("username", flat=True)) >= {
        "kansliet",
        "upphandlare.orebro",
        "upphandlare.stockholm",
        "lasare",
        "revisor",
    }
    auditor = User.objects.get(username="revisor")
    assert auditor.is_active and auditor.check_password("hallbar-demo-2024")
    assert auditor.memberships.get().organisation.code == "ADDA"
    template = Instrument.objects.get(code="bedomningsmall-demo")
    assert template.is_synthetic
    version = template.versions.get(version="demo")
    assert version.clauses.count() == 5
    # A second run changes nothing.
    call_command("create_demo_accounts", stdout=io.StringIO())
    assert template.versions.get().clauses.count() == 5


def test_refused_without_debug_and_without_the_seed(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only created when DEBUG is on"):
        call_command("create_demo_accounts", stdout=io.StringIO())
    out = io.StringIO()
    call_command("create_demo_accounts", "--if-debug", stdout=out)
    assert "no demo accounts created" in out.getvalue()
    settings.DEBUG = True
    with pytest.raises(CommandError, match="Run seed_2024 first"):
        call_command("create_demo_accounts", stdout=io.StringIO())
    assert not User.objects.exists()
