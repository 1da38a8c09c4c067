"""factory-boy factories for the domain models."""

import factory
from django.utils import timezone

from audits.choices import AuditKind, FindingKind, FindingSeverity
from audits.models import Audit, Finding
from incidents.models import Incident
from organisations.choices import OrganisationKind, Role
from organisations.models import Membership, Organisation, User
from riskanalysis.models import Category
from suppliers.models import Supplier


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.PURCHASING_BODY


class RegionFactory(OrganisationFactory):
    code = factory.Iterator(["SE-T", "SE-AB", "SE-C", "SE-O", "SE-M"])
    name = factory.LazyAttribute(lambda o: f"Region {o.code}")
    kind = OrganisationKind.REGION


class SecretariatFactory(OrganisationFactory):
    code = "KANSLIET"
    name = "Kansliet"
    kind = OrganisationKind.SECRETARIAT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(RegionFactory)
    role = Role.PROCURER


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Supplier {n} AB")


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit

    supplier = factory.SubFactory(SupplierFactory)
    kind = AuditKind.OFFICE
    year = 2024


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    audit = factory.SubFactory(AuditFactory)
    kind = FindingKind.NON_COMPLIANCE
    severity = FindingSeverity.MAJOR
    description = "Riskanalys av leveranskedjan saknas."
    raised_on = factory.LazyFunction(lambda: timezone.localdate())


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    title = factory.Sequence(lambda n: f"Incident {n}")
    year_opened = 2024
