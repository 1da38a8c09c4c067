"""Login through each organisation's own identity provider (SAML 2.0 or OpenID Connect), the
identities it has vouched for, and the MFA rules and passkeys of the local accounts.

An ``IdentityProvider`` belongs to one organisation. A user it has logged in is tied to it by an
``ExternalIdentity`` (the IdP's subject: SAML NameID or OIDC ``sub``); that user's membership of
the organisation, and their role in it, are set from the IdP's attributes at every login
(``identity.services.sso_login``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history import register
from simple_history.models import HistoricalRecords

from core.constraints import CheckConstraint, UniqueConstraint
from core.models import BaseModel, GatedQuerySet
from identity.choices import Protocol, Role


class IdentityProviderQuerySet(GatedQuerySet):
    """Only the secretariat reads or changes the IdPs (the gate lets it through); the login page
    reads the enabled ones through ``identity.selectors``, not the gate."""

    def view_scope(self, scope):
        return self.none()

    def change_scope(self, scope, action):
        return self.none()


class IdentityProvider(BaseModel):
    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="identity_provider",
        verbose_name=_("organisation"),
    )
    protocol = models.CharField(_("protocol"), max_length=10, choices=Protocol.choices)
    enabled = models.BooleanField(
        _("enabled"), default=True, help_text=_("Shown on the login page and accepts logins.")
    )
    email_domains = models.JSONField(
        _("e-mail domains"),
        default=list,
        blank=True,
        help_text=_("A user who types an address at one of these domains is sent to this IdP."),
    )

    # SAML 2.0: the IdP's entity id, where its metadata came from, and what was read from it.
    saml_entity_id = models.CharField(_("IdP entity id"), max_length=500, blank=True)
    saml_metadata_url = models.URLField(_("metadata URL"), max_length=500, blank=True)
    saml_metadata_xml = models.TextField(
        _("metadata (XML)"),
        blank=True,
        help_text=_("Pasted, or fetched from the metadata URL when saved; never fetched at login."),
    )
    saml_sso_url = models.URLField(_("single sign-on URL"), max_length=500, blank=True)
    saml_slo_url = models.URLField(_("single logout URL"), max_length=500, blank=True)
    saml_x509_certs = models.JSONField(_("signing certificates"), default=list, blank=True)

    # OpenID Connect: the issuer (its discovery document at /.well-known/openid-configuration).
    oidc_issuer = models.URLField(_("issuer"), max_length=500, blank=True)
    oidc_client_id = models.CharField(_("client id"), max_length=200, blank=True)
    oidc_client_secret = models.CharField(_("client secret"), max_length=500, blank=True)
    oidc_scopes = models.CharField(_("scopes"), max_length=200, default="openid email profile")

    # Attribute (SAML) or claim (OIDC) names.
    attr_username = models.CharField(
        _("username attribute"),
        max_length=200,
        blank=True,
        help_text=_("Empty: the e-mail address, else the subject."),
    )
    attr_email = models.CharField(_("e-mail attribute"), max_length=200, default="email")
    attr_first_name = models.CharField(
        _("first name attribute"), max_length=200, default="given_name"
    )
    attr_last_name = models.CharField(
        _("last name attribute"), max_length=200, default="family_name"
    )
    attr_role = models.CharField(
        _("role attribute"),
        max_length=200,
        blank=True,
        help_text=_("The attribute whose values the role mapping reads."),
    )
    role_mapping = models.JSONField(
        _("role mapping"),
        default=dict,
        blank=True,
        help_text=_("Attribute value → role; the strongest matching role is given."),
    )
    default_role = models.CharField(
        _("default role"),
        max_length=20,
        choices=Role.choices,
        blank=True,
        default=Role.READER,
        help_text=_("Given when no value maps to a role. Empty: such users may not log in."),
    )
    create_users = models.BooleanField(
        _("create users"),
        default=True,
        help_text=_("Create a user at their first login; off: only users already linked."),
    )

    objects = IdentityProviderQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["oidc_client_secret"])

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["organisation__name"]
        constraints = [
            CheckConstraint(
                condition=Q(protocol__in=Protocol.values),
                name="identityprovider_protocol_valid",
                field="protocol",
                violation_error_message=_("Choose SAML 2.0 or OpenID Connect."),
            ),
            CheckConstraint(
                condition=Q(default_role="") | Q(default_role__in=Role.values),
                name="identityprovider_default_role_valid",
                field="default_role",
                violation_error_message=_("Choose one of the roles."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_protocol_display()})"

    def get_absolute_url(self):
        return reverse("identity:provider_detail", args=[self.pk])


class ExternalIdentity(BaseModel):
    """A user as one IdP knows them: its subject for them and what it last sent."""

    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.CASCADE,
        related_name="identities",
        verbose_name=_("identity provider"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="external_identities",
        verbose_name=_("user"),
    )
    subject = models.CharField(_("subject"), max_length=500)
    attributes = models.JSONField(_("last attributes"), default=dict, blank=True)
    last_login = models.DateTimeField(_("last login"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        ordering = ["provider", "subject"]
        constraints = [
            UniqueConstraint(
                fields=["provider", "subject"],
                name="externalidentity_unique_subject",
                violation_error_message=_("This IdP already vouches for that subject."),
            ),
            CheckConstraint(
                condition=~Q(subject=""),
                name="externalidentity_subject_not_empty",
                field="subject",
                violation_error_message=_("An identity needs a subject."),
            ),
        ]

    def __str__(self):
        return f"{self.subject} @ {self.provider.organisation}"


class MfaRequirement(BaseModel):
    """Whether local accounts with this role must use a second factor. The secretariat's is
    always required (identity.services.mfa_required)."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, unique=True)
    required = models.BooleanField(_("MFA required"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("MFA requirement")
        verbose_name_plural = _("MFA requirements")
        ordering = ["role"]
        constraints = [
            CheckConstraint(
                condition=Q(role__in=Role.values),
                name="mfarequirement_role_valid",
                field="role",
                violation_error_message=_("Choose one of the roles."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.required}"


class WebAuthnCredential(BaseModel):
    """A passkey or security key (WebAuthn) of a local account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webauthn_credentials",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    credential_id = models.CharField(_("credential id"), max_length=1024, unique=True)
    public_key = models.TextField(_("public key"))
    sign_count = models.PositiveBigIntegerField(_("signature counter"), default=0)
    transports = models.JSONField(_("transports"), default=list, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("passkey")
        verbose_name_plural = _("passkeys")
        ordering = ["user__username", "name"]
        constraints = [
            UniqueConstraint(
                fields=["user", "name"],
                name="webauthncredential_unique_name",
                violation_error_message=_("You already have a passkey of that name."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.user})"


# django-otp's TOTP devices and recovery-code devices (StaticDevice) get a history of who set
# them up, regenerated or removed them. The secret key and the bookkeeping of each use (the last
# time step, drift, throttling) are left out; a login's use of a device saves no history row
# (identity.mfa sets ``skip_history_when_saving``).
_OTP_BOOKKEEPING = [
    "throttling_failure_timestamp",
    "throttling_failure_count",
    "last_used_at",
]
register(
    TOTPDevice,
    app="identity",
    excluded_fields=["key", "last_t", "drift", *_OTP_BOOKKEEPING],
)
register(StaticDevice, app="identity", excluded_fields=_OTP_BOOKKEEPING)
