"""python manage.py create_demo_accounts: one account per role, for trying the portal.

Refuses to run unless DEBUG is on: demo passwords are public (they are in the README).

It lives in the top app, beside seed_2024, because the demo spans the apps: accounts
(organisations) and an assessment template (requirements_catalog).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organisations.choices import Role
from organisations.models import Organisation, User
from organisations.services import member_add
from requirements_catalog.models import Clause, Instrument, InstrumentVersion

DEMO_PASSWORD = "hallbar-demo-2024"
# The 2024 report does not give the assessment template's criteria, so the real template has
# none. To try the audit cycle, the demo adds a template of its own, marked synthetic.
DEMO_TEMPLATE_CODE = "bedomningsmall-demo"
DEMO_CRITERIA = [
    ("1", "Uppförandekod", "Leverantören har tagit del av och accepterat uppförandekoden."),
    ("2", "Riskanalys", "Leverantören har gjort en riskanalys av sin leveranskedja."),
    ("3", "Avvikelsehantering", "Leverantören hanterar avvikelser och följer upp åtgärder."),
    ("4", "Tillbörlig aktsamhet", "Leverantören har rutiner för tillbörlig aktsamhet."),
    ("5", "Systematiskt miljöarbete", "Leverantören bedriver ett systematiskt miljöarbete."),
]
# (username, organisation code, role, full name)
DEMO_ACCOUNTS = [
    ("kansliet", "KANSLIET", Role.SECRETARIAT, "Karin Kansli"),
    ("upphandlare.orebro", "SE-T", Role.PROCURER, "Olle Örebro"),
    ("upphandlare.stockholm", "SE-AB", Role.PROCURER, "Stina Stockholm"),
    ("lasare", "SE-C", Role.READER, "Linnea Läsare"),
    ("revisor", "ADDA", Role.AUDITOR, "Rolf Revisor"),
]


class Command(BaseCommand):
    help = "Create the demo accounts (only with DEBUG on). Run seed_2024 first."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-debug",
            action="store_true",
            help="With DEBUG off, say so and exit 0 instead of failing (for `make run`).",
        )

    def handle(self, *args, if_debug=False, **options):
        if not settings.DEBUG:
            if if_debug:
                self.stdout.write("DEBUG is off: no demo accounts created.")
                return
            raise CommandError("Demo accounts are only created when DEBUG is on.", returncode=2)
        missing = {code for _u, code, _r, _n in DEMO_ACCOUNTS} - set(
            Organisation.objects.values_list("code", flat=True)
        )
        if missing:
            raise CommandError(
                f"Organisations missing: {', '.join(sorted(missing))}. Run seed_2024 first.",
                returncode=2,
            )
        with transaction.atomic():
            for username, code, role, full_name in DEMO_ACCOUNTS:
                member_add(
                    username=username,
                    organisation=Organisation.objects.get(code=code),
                    role=role,
                    email=f"{username}@example.se",
                )
                user = User.objects.get(username=username)
                first, last = full_name.split(" ", 1)
                user.first_name, user.last_name = first, last
                user.set_password(DEMO_PASSWORD)
                user.save()
            self._demo_template()
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, code, role, _name in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<24} {role.label:<12} {code}")

    def _demo_template(self):
        """A published demo assessment template with five criteria, marked synthetic."""
        instrument, _created = Instrument.objects.get_or_create(
            code=DEMO_TEMPLATE_CODE,
            defaults={
                "kind": "assessment_template",
                "title": "Demomall för kontorsrevision (exempeldata)",
                "description": "Exempeldata för att prova portalen; inte ett dokument från "
                "samarbetet.",
                "is_synthetic": True,
            },
        )
        version, _created = InstrumentVersion.objects.get_or_create(
            instrument=instrument,
            version="demo",
            defaults={"year": 2024, "status": "published", "is_synthetic": True},
        )
        for order, (code, title, text) in enumerate(DEMO_CRITERIA, start=1):
            Clause.objects.get_or_create(
                version=version,
                code=code,
                defaults={"title": title, "text": text, "order": order, "is_synthetic": True},
            )
