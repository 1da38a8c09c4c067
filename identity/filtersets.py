"""The filters of the secretariat's lists of IdPs and of users."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import PortalFilterSet
from identity.choices import Protocol, Role
from identity.models import ExternalIdentity, IdentityProvider
from organisations.models import Membership, Organisation, User

LOCAL = "local"


def _any_yes_no():
    return forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])


class IdentityProviderFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Organisation, entity id, issuer or e-mail domain."),
    )
    protocol = django_filters.ChoiceFilter(label=_("Protocol"), choices=Protocol.choices)
    enabled = django_filters.BooleanFilter(label=_("Enabled"), widget=_any_yes_no())

    class Meta:
        model = IdentityProvider
        fields = ["q", "protocol", "enabled"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The domains are a JSON list: searched in Python, the register is one row per
        # organisation.
        domain_hits = [
            provider.pk
            for provider in IdentityProvider.objects.only("pk", "email_domains")
            if any(value.lower() in domain for domain in provider.email_domains or [])
        ]
        return queryset.filter(
            Q(organisation__name__icontains=value)
            | Q(organisation__code__icontains=value)
            | Q(saml_entity_id__icontains=value)
            | Q(oidc_issuer__icontains=value)
            | Q(pk__in=domain_hits)
        )


def _organisations(request):
    return Organisation.objects.for_user(getattr(request, "user", None)).order_by("name")


def _logins():
    providers = IdentityProvider.objects.select_related("organisation").order_by(
        "organisation__name"
    )
    return [(LOCAL, _("Local password")), *((str(p.pk), p.organisation.name) for p in providers)]


class UserFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Username, name or e-mail address."),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=_organisations, method="filter_membership"
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=Role.choices, method="filter_membership"
    )
    login = django_filters.ChoiceFilter(
        label=_("Logs in with"), choices=_logins, method="filter_login"
    )
    is_active = django_filters.BooleanFilter(label=_("Active"), widget=_any_yes_no())

    class Meta:
        model = User
        fields = ["q", "organisation", "role", "login", "is_active"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )

    def filter_membership(self, queryset, name, value):
        # The organisation and the role filter one membership together: "procurers of Region
        # Örebro län", not "procurers somewhere who are members of Region Örebro län".
        data = self.form.cleaned_data
        organisation, role = data.get("organisation"), data.get("role")
        if name == "role" and organisation is not None:
            return queryset  # applied with the organisation
        memberships = Membership.objects.all()
        if organisation is not None:
            memberships = memberships.filter(organisation=organisation)
        if role:
            memberships = memberships.filter(role=role)
        return queryset.filter(pk__in=memberships.values("user"))

    def filter_login(self, queryset, name, value):
        if value == LOCAL:
            # A local account has a usable password (an SSO account's starts with "!").
            return queryset.exclude(password__startswith="!").exclude(password="")
        identities = ExternalIdentity.objects.filter(provider_id=value).values("user")
        return queryset.filter(pk__in=identities)
