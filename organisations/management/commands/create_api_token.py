"""python manage.py create_api_token USERNAME [--name N] [--days D]: prints a new token once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations

from organisations.models import User
from organisations.services import api_token_create


class Command(BaseCommand):
    help = "Make an API token for a user and print it (once: only its digest is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="A name to recognise the token by.")
        parser.add_argument("--days", type=int, default=None, help="Days valid (default 365).")

    @no_translations
    def handle(self, *args, username, name, days, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Unknown user {username!r}.", returncode=2)
        try:
            token, raw = api_token_create(user=user, name=name, days=days)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from error
        self.stderr.write(
            f"Token {token.name!r} for {user.username}, valid until "
            f"{token.expires_at:%Y-%m-%d}. It is shown only now:"
        )
        self.stdout.write(raw)
