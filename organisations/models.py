"""Regions, the secretariat, partner organisations, users and their memberships."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import CheckConstraint, UniqueConstraint
from core.models import BaseModel, GatedQuerySet
from core.validators import validate_country_code
from organisations.choices import OrganisationKind, PartnershipKind, Role


class User(AbstractUser):
    """A person who logs in. What they may do comes from their memberships."""

    # Who deactivated whom, and when a name or address changed (an IdP's attributes too); the
    # password hash and the last login stay out of the history.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

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

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        constraints = [
            CheckConstraint(
                condition=~Q(kind=OrganisationKind.REGION) | Q(code__regex=r"^SE-[A-Z]{1,2}$"),
                name="organisation_region_code_iso_3166_2_se",
                field="code",
                violation_error_message=_("A region's code is its ISO 3166-2:SE code, e.g. SE-T."),
            ),
            CheckConstraint(
                condition=Q(population__isnull=True) | Q(kind=OrganisationKind.REGION),
                name="organisation_population_regions_only",
                field="population",
                violation_error_message=_("Only regions have a population."),
            ),
            CheckConstraint(
                condition=~Q(code=""),
                name="organisation_code_not_empty",
                field="code",
                violation_error_message=_("An organisation needs a code."),
            ),
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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__username"]
        constraints = [
            UniqueConstraint(
                fields=["user", "organisation"],
                name="membership_unique_user_organisation",
                violation_error_message=_("The user is already a member of this organisation."),
            ),
            CheckConstraint(
                condition=Q(role__in=Role.values),
                name="membership_role_valid",
                field="role",
                violation_error_message=_("Choose one of the roles."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


# The years a partnership's texts may describe: the collaboration's own era, give or take.
YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class Partnership(BaseModel):
    """A standing relation of the collaboration with another organisation, since a given year.

    E.g. the cooperation agreement with Adda since 2015, the Electronics Watch membership since
    2016. What the partnership did is told year by year (``PartnershipYear``): the report of a
    year prints that year's text, never another year's.
    """

    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("partner"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=PartnershipKind.choices)
    since_year = models.PositiveSmallIntegerField(
        _("since (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    until_year = models.PositiveSmallIntegerField(
        _("until (year)"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("The last year of the partnership; empty while it lasts."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["partner__name", "kind"]
        constraints = [
            UniqueConstraint(
                fields=["partner", "kind"],
                name="partnership_unique_partner_kind",
                violation_error_message=_(
                    "The collaboration already has a partnership of this kind with this partner."
                ),
            ),
            CheckConstraint(
                condition=Q(until_year__isnull=True)
                | Q(since_year__isnull=True)
                | Q(until_year__gte=models.F("since_year")),
                name="partnership_until_after_since",
                field="until_year",
                violation_error_message=_("A partnership cannot end before it started."),
            ),
        ]

    def __str__(self):
        return f"{self.partner} ({self.get_kind_display()})"

    def get_absolute_url(self):
        return reverse("organisations:partnership_detail", args=[self.pk])

    def is_active_in(self, year: int) -> bool:
        return (self.since_year is None or self.since_year <= year) and (
            self.until_year is None or year <= self.until_year
        )


class PartnershipYear(BaseModel):
    """What a partnership was about in one year: the text the report of that year prints."""

    sync_parent = "partnership"  # shown inside its partnership in the API: a change modifies it

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="years",
        verbose_name=_("partnership"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    description = models.TextField(
        _("description"), help_text=_("What the partnership did or was about this year.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("year of a partnership")
        verbose_name_plural = _("years of partnerships")
        ordering = ["partnership", "-year"]
        constraints = [
            UniqueConstraint(
                fields=["partnership", "year"],
                name="partnership_year_unique",
                violation_error_message=_("The partnership already has a text for that year."),
            ),
            CheckConstraint(
                condition=~Q(description=""),
                name="partnership_year_has_description",
                field="description",
                violation_error_message=_("Write what the partnership did that year."),
            ),
        ]

    def __str__(self):
        return f"{self.partnership} {self.year}"

    def get_absolute_url(self):
        return f"{self.partnership.get_absolute_url()}#year-{self.year}"


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
            UniqueConstraint(
                fields=["user", "name"],
                name="api_token_unique_name",
                violation_error_message=_("The user already has a token of that name."),
            ),
            CheckConstraint(
                condition=Q(digest__regex=r"^[0-9a-f]{64}$"),
                name="api_token_digest_is_sha256",
                field="digest",
                violation_error_message=_("The token's digest is not a SHA-256 digest."),
            ),
            CheckConstraint(
                condition=~Q(name=""),
                name="api_token_has_name",
                field="name",
                violation_error_message=_("A token needs a name."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
