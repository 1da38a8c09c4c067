"""Regions, the secretariat, partner organisations, users and their memberships."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel, GatedQuerySet
from core.validators import validate_country_code
from organisations.choices import OrganisationKind, PartnershipKind, Role


class User(AbstractUser):
    """A person who logs in. What they may do comes from their memberships."""

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username


class Organisation(BaseModel):
    """A region, the secretariat (kansliet) or an organisation the collaboration works with.

    Regions carry their ISO 3166-2:SE code (``SE-T`` is Region Örebro län); other organisations a
    short code of their own.
    """

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("ISO 3166-2:SE for regions (SE-T); a short code for others (ADDA)."),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=100, blank=True, help_text=_("As in tables: 'Örebro län'.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        default="SE",
        blank=True,
        validators=[validate_country_code],
        help_text=_("Empty for international organisations."),
    )
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("Regions only; the basis of the yearly contribution."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.REGION) | Q(code__regex=r"^SE-[A-Z]{1,2}$"),
                name="organisation_region_code_iso_3166_2_se",
                violation_error_message=_("A region's code is its ISO 3166-2:SE code, e.g. SE-T."),
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(kind=OrganisationKind.REGION),
                name="organisation_population_regions_only",
                violation_error_message=_("Only regions have a population."),
            ),
            models.CheckConstraint(condition=~Q(code=""), name="organisation_code_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:organisation_detail", args=[self.pk])


class MembershipQuerySet(GatedQuerySet):
    def view_scope(self, scope):
        # A member sees their own memberships; the secretariat sees all (handled by the gate).
        return self.filter(user_id=scope.user_id) if scope.is_authenticated else self.none()


class Membership(BaseModel):
    """A user's role in one organisation. A user may belong to several organisations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="membership_unique_user_organisation",
                violation_error_message=_("The user is already a member of this organisation."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="membership_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


class Partnership(BaseModel):
    """A standing relation of the collaboration with another organisation, since a given year.

    E.g. the cooperation agreement with Adda since 2015, the Electronics Watch membership since
    2016.
    """

    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("partner"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=PartnershipKind.choices)
    since_year = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True)
    until_year = models.PositiveSmallIntegerField(_("until (year)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["partner__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "kind"], name="partnership_unique_partner_kind"
            ),
            models.CheckConstraint(
                condition=Q(until_year__isnull=True)
                | Q(since_year__isnull=True)
                | Q(until_year__gte=models.F("since_year")),
                name="partnership_until_after_since",
                violation_error_message=_("A partnership cannot end before it started."),
            ),
        ]

    def __str__(self):
        return f"{self.partner} ({self.get_kind_display()})"


class ApiTokenQuerySet(GatedQuerySet):
    def view_scope(self, scope):
        # A user sees their own tokens; the secretariat sees all (handled by the gate).
        return self.filter(user_id=scope.user_id) if scope.is_authenticated else self.none()

    def change_scope(self, scope, action):
        return self.view_scope(scope)

    def usable(self, now):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)


class ApiToken(BaseModel):
    """A token a region's system uses to call the API as one user.

    Only a SHA-256 digest of the token is stored: the token itself is shown once, when it is
    made. Tokens are long random strings, so a fast hash without salt is enough.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(
        _("prefix"), max_length=16, help_text=_("The token's first characters, to recognise it.")
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["user__username", "-created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="api_token_unique_name"),
            models.CheckConstraint(
                condition=Q(digest__regex=r"^[0-9a-f]{64}$"), name="api_token_digest_is_sha256"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="api_token_has_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
