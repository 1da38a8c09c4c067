"""python manage.py add_member USERNAME --org CODE --role ROLE [--email E] [--password-stdin]"""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations

from organisations.choices import Role
from organisations.selectors import organisation_get_by_code
from organisations.services import member_add


class Command(BaseCommand):
    help = (
        "Create or update a user and their membership of an organisation. "
        "Unknown organisation or role: exit status 2, nothing created."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--org", required=True, help="Organisation code, e.g. SE-T or KANSLIET."
        )
        parser.add_argument("--role", required=True, help=f"One of: {', '.join(Role.values)}.")
        parser.add_argument("--email", default=None)
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from standard input (first line).",
        )

    @no_translations  # messages in English, like Django's own commands
    def handle(self, *args, username, org, role, email, password_stdin, **options):
        organisation = organisation_get_by_code(org)
        if organisation is None:
            raise CommandError(f"Unknown organisation code {org!r}.", returncode=2)
        if role not in Role.values:
            raise CommandError(
                f"Unknown role {role!r}; choose one of: {', '.join(Role.values)}.", returncode=2
            )
        password = None
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("No password on standard input.", returncode=2)
        try:
            membership, created = member_add(
                username=username,
                organisation=organisation,
                role=role,
                email=email,
                password=password,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from error
        verb = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {membership.user.username}: {membership.get_role_display()} "
                f"in {organisation.name} ({organisation.code})."
            )
        )
