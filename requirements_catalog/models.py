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

from core.models import BaseModel
from organisations.models import Organisation
from requirements_catalog.choices import InstrumentKind, RequirementLevel, VersionStatus
from riskanalysis.choices import RiskArea
from riskanalysis.models import Category


class Instrument(BaseModel):
    """A document the collaboration maintains, across its versions."""

    code = models.SlugField(
        _("code"),
        max_length=80,
        unique=True,
        help_text=_("A stable short name, e.g. 'uppforandekod'."),
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

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__isnull=True) | Q(applies_to_all_prioritised=False),
                name="instrument_category_or_all_prioritised",
                violation_error_message=_(
                    "An instrument either has a category or applies to all prioritised ones."
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
            models.UniqueConstraint(
                fields=["instrument", "version"],
                name="instrument_version_unique",
                violation_error_message=_("This instrument already has that version."),
            ),
            models.CheckConstraint(
                condition=~Q(supersedes=F("pk")), name="instrument_version_not_self_superseding"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="instrument_version_year_sane"
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
            models.UniqueConstraint(fields=["version", "code"], name="clause_unique_code"),
            models.CheckConstraint(condition=~Q(text=""), name="clause_text_not_empty"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}".strip()
