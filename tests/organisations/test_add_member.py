"""add_member creates or updates a membership; every refusal exits 2 and creates nothing."""

import io
import sys

import pytest
from django.core.management import CommandError, call_command

from organisations.management.commands.add_member import Command as AddMemberCommand
from organisations.models import Membership, User
from tests.factories import RegionFactory, SecretariatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    return RegionFactory(code="SE-T"), SecretariatFactory()


def run(*argv, stdin=""):
    """Run the command as the shell does; return (exit status, stdout+stderr).

    This is BaseCommand.run_from_argv without its final connections.close_all(), which would
    close the test's transaction on PostgreSQL.
    """
    out = io.StringIO()
    command = AddMemberCommand(stdout=out, stderr=out)
    command._called_from_command_line = True
    parser = command.create_parser("manage.py", "add_member")
    old_stdin, old_stderr = sys.stdin, sys.stderr
    sys.stdin, sys.stderr = io.StringIO(stdin), out  # argparse writes usage errors to stderr
    try:
        options = vars(parser.parse_args(argv))
        args = options.pop("args", ())
        command.execute(*args, **options)
        return 0, out.getvalue()
    except CommandError as error:
        command.stderr.write(f"{error.__class__.__name__}: {error}")
        return error.returncode, out.getvalue()
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    finally:
        sys.stdin, sys.stderr = old_stdin, old_stderr


def test_creates_user_and_membership(orgs):
    status, output = run(
        "anna",
        "--org",
        "SE-T",
        "--role",
        "procurer",
        "--email",
        "anna@example.se",
        "--password-stdin",
        stdin="en-lång-lösenfras-2024\n",
    )
    assert status == 0, output
    assert "Created anna" in output
    user = User.objects.get(username="anna")
    assert user.email == "anna@example.se"
    assert user.check_password("en-lång-lösenfras-2024")
    membership = Membership.objects.get(user=user)
    assert (membership.organisation.code, membership.role) == ("SE-T", "procurer")


def test_updates_the_role_of_an_existing_membership(orgs):
    call_command("add_member", "anna", org="SE-T", role="procurer", stdout=io.StringIO())
    status, output = run("anna", "--org", "se-t", "--role", "reader")
    assert status == 0, output
    assert "Updated anna" in output
    assert list(Membership.objects.values_list("role", flat=True)) == ["reader"]
    # No password given: the account cannot log in with one until it is set.
    assert not User.objects.get(username="anna").has_usable_password()


def test_secretariat_members_get_the_admin(orgs):
    status, _output = run("karin", "--org", "KANSLIET", "--role", "secretariat")
    assert status == 0
    karin = User.objects.get(username="karin")
    assert karin.is_staff
    assert karin.has_perm("audits.change_audit")
    assert karin.has_perm("suppliers.add_supplier")


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["bo", "--org", "SE-XX", "--role", "reader"], "", "Unknown organisation code 'SE-XX'"),
        (["bo", "--org", "SE-T", "--role", "boss"], "", "Unknown role 'boss'"),
        (["bo", "--org", "SE-T", "--role", "secretariat"], "", "secretariat role belongs"),
        (
            ["bo", "--org", "SE-T", "--role", "reader", "--email", "inte-en-adress"],
            "",
            "valid email",
        ),
        (["bo", "--org", "SE-T", "--role", "reader", "--password-stdin"], "kort\n", "too short"),
        (["bo", "--org", "SE-T", "--role", "reader", "--password-stdin"], "", "No password"),
    ],
)
def test_refusals_exit_2_and_create_nothing(orgs, argv, stdin, message):
    status, output = run(*argv, stdin=stdin)
    assert status == 2
    assert message.lower() in output.lower()
    assert not User.objects.filter(username="bo").exists()
    assert not Membership.objects.exists()


def test_missing_role_argument_is_a_usage_error(orgs):
    status, output = run("bo", "--org", "SE-T")
    assert status == 2
    assert "--role" in output
    assert not User.objects.exists()
