"""Versioned instruments made of clauses: the code of conduct, the due-diligence clauses,
harmonised requirements and guidance, and the assessment templates audits are scored against.

A published version is immutable; a new version supersedes it (see services).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import CheckConstraint, UniqueConstraint
from core.dates import year_end
from core.models import BaseModel, GatedQuerySet
from organisations.models import Organisation
from requirements_catalog.choices import InstrumentKind, RequirementLevel, VersionStatus
from riskanalysis.choices import RiskArea
from riskanalysis.models import Category


class InstrumentQuerySet(GatedQuerySet):
    def with_version_published_for(self, year: int):
        """Instruments with a version of ``year`` that was published by 31 December of that
        year: a draft does not count, nor a version published only the next year. A version
        published (or since superseded) without a recorded date counts, as the 2024 data has
        none."""
        published = InstrumentVersion.objects.filter(
            year=year, status__in=(VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)
        ).filter(Q(published_on__isnull=True) | Q(published_on__lte=year_end(year)))
        # A subquery rather than a join, so that an instrument is not repeated per version.
        return self.filter(pk__in=published.values("instrument"))


class Instrument(BaseModel):
    """A document the collaboration maintains, across its versions."""

    code = models.SlugField(
        _("code"),
        max_length=80,
        unique=True,
        help_text=_("A stable short name, e.g. 'uppforandekod'."),
        error_messages={"unique": _("Another instrument has this code.")},
    )
    kind = models.CharField(_("kind"), max_length=30, choices=InstrumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("category"),
    )
    applies_to_all_prioritised = models.BooleanField(
        _("applies to all prioritised categories"), default=False
    )
    products_areas = models.CharField(
        _("products/areas"), max_length=300, blank=True, help_text=_("Produkter/områden.")
    )
    responsible_organisations = models.ManyToManyField(
        Organisation,
        related_name="instruments",
        blank=True,
        verbose_name=_("responsible organisations"),
    )
    related_instruments = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("related instruments")
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(m2m_fields=[responsible_organisations])

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["kind", "title"]
        constraints = [
            CheckConstraint(
                condition=Q(category__isnull=True) | Q(applies_to_all_prioritised=False),
                name="instrument_category_or_all_prioritised",
                field="category",
                violation_error_message=_(
                    "An instrument either has a category or applies to all prioritised "
                    "categories, not both."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("requirements_catalog:instrument_detail", args=[self.pk])


class InstrumentVersion(BaseModel):
    """One version of an instrument. Once published it does not change; a new version follows."""

    sync_parent = "instrument"  # shown inside its instrument in the API

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="versions", verbose_name=_("instrument")
    )
    version = models.CharField(_("version"), max_length=30)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    document = models.FileField(_("document"), upload_to="instruments/%Y/", blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument__title", "-year", "-pk"]
        constraints = [
            UniqueConstraint(
                fields=["instrument", "version"],
                name="instrument_version_unique",
                violation_error_message=_("This instrument already has a version with that name."),
            ),
            # One draft at a time: the next version is prepared in it, and publishing it
            # supersedes the published one (a second draft would supersede the same version).
            UniqueConstraint(
                fields=["instrument"],
                condition=Q(status=VersionStatus.DRAFT),
                name="instrument_version_one_draft",
                violation_error_message=_(
                    "This instrument already has a draft; publish or delete it first."
                ),
            ),
            CheckConstraint(
                condition=~Q(supersedes=F("pk")),
                name="instrument_version_not_self_superseding",
                field="supersedes",
                violation_error_message=_("A version cannot supersede itself."),
            ),
            CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="instrument_version_year_sane",
                field="year",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.instrument.title} {self.version}"

    def get_absolute_url(self):
        return reverse("requirements_catalog:instrumentversion_detail", args=[self.pk])

    @property
    def is_immutable(self) -> bool:
        return self.status != VersionStatus.DRAFT


class Clause(BaseModel):
    """A clause of an instrument version: a requirement, guidance point or template criterion."""

    sync_parent = "version"  # shown inside its version (and so its instrument) in the API

    version = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.CASCADE,
        related_name="clauses",
        verbose_name=_("version"),
    )
    code = models.CharField(_("number"), max_length=20, help_text=_("E.g. '3.2'."))
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    area = models.CharField(_("area"), max_length=20, choices=RiskArea.choices, blank=True)
    level = models.CharField(
        _("requirement level"), max_length=10, choices=RequirementLevel.choices, blank=True
    )
    rationale = models.TextField(_("rationale"), blank=True)
    verification = models.TextField(
        _("verification"),
        blank=True,
        help_text=_("How compliance is verified; for templates, examples of documentation."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["version", "order", "code"]
        constraints = [
            UniqueConstraint(
                fields=["version", "code"],
                name="clause_unique_code",
                violation_error_message=_("This version already has a clause with that number."),
            ),
            CheckConstraint(
                condition=~Q(text=""),
                name="clause_text_not_empty",
                field="text",
                violation_error_message=_("A clause needs its text."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self):
        # Clauses have no page of their own: they are read in their version.
        return f"{self.version.get_absolute_url()}#clause-{self.pk}"
