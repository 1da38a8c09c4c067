"""The tables of the secretariat's lists of IdPs and of users."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from identity.models import IdentityProvider
from organisations.models import User


def _moment(value) -> str:
    return date_format(localtime(value), "SHORT_DATETIME_FORMAT") if value else "–"


def yes_no(value) -> str:
    return _("Yes") if value else _("No")


class IdentityProviderTable(tables.Table):
    organisation = tables.Column(linkify=lambda record: record.get_absolute_url())
    protocol = tables.Column()
    enabled = tables.Column()
    email_domains = tables.Column(orderable=False)
    user_count = tables.Column(verbose_name=_("Linked users"), attrs={"td": {"class": "text-end"}})
    last_login_at = tables.Column(verbose_name=_("Last login through it"))

    class Meta:
        model = IdentityProvider
        fields = ("organisation", "protocol", "enabled", "email_domains")
        sequence = (*fields, "user_count", "last_login_at")
        order_by = ("organisation",)
        empty_text = _("No identity providers match.")

    def render_enabled(self, value):
        return yes_no(value)

    def render_email_domains(self, value):
        return ", ".join(value) if value else "–"

    def render_last_login_at(self, value):
        return _moment(value)


class UserTable(tables.Table):
    username = tables.Column(
        linkify=lambda record: reverse("identity:user_detail", args=[record.pk])
    )
    name = tables.Column(
        verbose_name=_("Name"), empty_values=(), order_by=("last_name", "first_name")
    )
    email = tables.Column()
    memberships = tables.Column(
        verbose_name=_("Organisations and roles"), empty_values=(), orderable=False
    )
    login = tables.Column(verbose_name=_("Logs in with"), empty_values=(), orderable=False)
    is_active = tables.Column(verbose_name=_("Active"))
    last_login = tables.Column()

    class Meta:
        model = User
        fields = ("username", "email", "is_active", "last_login")
        sequence = ("username", "name", "email", "memberships", "login", "is_active", "last_login")
        order_by = ("username",)
        empty_text = _("No users match.")

    def render_name(self, record):
        return record.get_full_name() or "–"

    def render_memberships(self, record):
        rows = [(m.organisation.name, m.get_role_display()) for m in record.memberships.all()]
        if not rows:
            return "–"
        return format_html_join(mark_safe("<br>"), "{}: {}", rows)

    def render_login(self, record):
        return ", ".join(login_ways(record))

    def render_is_active(self, value):
        return yes_no(value)

    def render_last_login(self, value):
        return _moment(value)


def login_ways(user) -> list[str]:
    """How an account logs in: its local password (if it has a usable one) and each IdP that has
    vouched for it (from the prefetched identities)."""
    local = bool(user.password) and user.has_usable_password()
    ways = [str(_("Local password"))] if local else []
    ways += [
        _("through %(organisation)s") % {"organisation": identity.provider.organisation.name}
        for identity in user.external_identities.all()
    ]
    return ways or [str(_("Cannot log in"))]
