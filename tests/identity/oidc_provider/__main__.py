"""The test OpenID provider's entry point, run from the repository root:

    HALLBAR_IDP_DIR=/tmp/idp python -m tests.identity.oidc_provider serve 8765

``serve PORT`` makes the RSA signing key (once per folder), creates the database and the two test
people, and runs Django's development server on 127.0.0.1:PORT without the reloader. Anything
else is handed to Django's manage.py commands with this project's settings.
"""

import os
import sys
from pathlib import Path

from tests.identity.oidc_provider.people import PASSWORD, PEOPLE


def _key(folder: Path) -> None:
    path = folder / "oidc.key"
    if path.exists():
        return
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def _people() -> None:
    from django.contrib.auth.models import User

    from tests.identity.oidc_provider.models import Person

    for username, (first, last, email, claims) in PEOPLE.items():
        user, _ = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": email}
        )
        user.set_password(PASSWORD)
        user.save()
        Person.objects.update_or_create(user=user, defaults={"claims": claims})


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.identity.oidc_provider.settings")
    folder = Path(os.environ["HALLBAR_IDP_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    _key(folder)
    import django
    from django.core.management import call_command, execute_from_command_line

    if argv[:1] != ["serve"]:
        execute_from_command_line(["oidc_provider", *argv])
        return
    port = argv[1] if len(argv) > 1 else "8765"
    django.setup()
    call_command("migrate", run_syncdb=True, verbosity=0)
    _people()
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True)


if __name__ == "__main__":
    main(sys.argv[1:])
