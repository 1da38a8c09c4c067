"""The category tree (kategoriträdet), prioritised categories, risk analyses and studies."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import CheckConstraint, UniqueConstraint
from core.models import BaseModel, short_text
from core.validators import validate_country_list
from organisations.models import Organisation
from riskanalysis.choices import RiskAnalysisKind, RiskArea, RiskLevel, SupplyChainStage

PATH_SEPARATOR = " / "


class Category(BaseModel):
    """A purchasing category (inköpskategori) in the regions' shared category tree."""

    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]
        constraints = [
            UniqueConstraint(
                fields=["parent", "name"],
                name="category_unique_name_under_parent",
                field="name",
                violation_error_message=_("This parent already has a category of that name."),
            ),
            UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="category_unique_root_name",
                violation_error_message=_("There is already a top-level category of that name."),
            ),
            CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="category_not_own_parent",
                field="parent",
                violation_error_message=_("A category cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.path

    @property
    def path(self) -> str:
        """'Vårdrelaterad utrustning och förbrukningsvaror / Sårvård och kompression'."""
        names, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = node.parent
        return PATH_SEPARATOR.join(reversed(names))

    def get_absolute_url(self):
        return f"{reverse('riskanalysis:category_tree')}#category-{self.pk}"


class CategoryPriority(BaseModel):
    """A category prioritised for a period (2023–2025), with a risk level per area.

    A level the sources do not give stays empty.
    """

    sync_parent = "category"  # shown inside its category in the API: a change modifies it

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("category")
    )
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    human_rights_risk = models.CharField(
        _("human rights risk"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    labour_rights_risk = models.CharField(
        _("labour rights risk"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    environment_risk = models.CharField(
        _("environmental risk"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    business_ethics_risk = models.CharField(
        _("business ethics risk"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("category priority")
        verbose_name_plural = _("category priorities")
        ordering = ["-start_year", "category__name"]
        constraints = [
            UniqueConstraint(
                fields=["category", "start_year"],
                name="category_priority_unique_period",
                violation_error_message=_("The category is already prioritised from that year."),
            ),
            CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="category_priority_end_after_start",
                field="end_year",
                violation_error_message=_("A priority period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.category.name} {self.start_year}–{self.end_year}"

    def get_absolute_url(self):
        return self.category.get_absolute_url()


class RiskAnalysis(BaseModel):
    """A risk analysis of a category: the overview of the tree or an in-depth analysis."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=RiskAnalysisKind.choices,
        default=RiskAnalysisKind.IN_DEPTH,
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="risk_analyses",
        verbose_name=_("category"),
    )
    products_areas = models.CharField(
        _("products/areas"), max_length=300, help_text=_("Produkter/områden, as in the report.")
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    responsible_organisations = models.ManyToManyField(
        Organisation,
        related_name="risk_analyses",
        blank=True,
        verbose_name=_("responsible organisations"),
    )
    summary = models.TextField(_("summary"), blank=True)
    measures = models.TextField(_("measures"), blank=True)
    document = models.FileField(_("document"), upload_to="riskanalysis/%Y/", blank=True)

    history = HistoricalRecords(m2m_fields=[responsible_organisations])

    class Meta:
        verbose_name = _("risk analysis")
        verbose_name_plural = _("risk analyses")
        ordering = ["-year", "category__name", "products_areas"]
        constraints = [
            UniqueConstraint(
                fields=["year", "category", "products_areas"],
                name="risk_analysis_unique_year_category_products",
                violation_error_message=_(
                    "The category already has a risk analysis of these products/areas that year."
                ),
            ),
            CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="risk_analysis_year_sane",
                field="year",
                violation_error_message=_("The year is one from 2000 to 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.products_areas} ({self.year})"

    def get_absolute_url(self):
        return reverse("riskanalysis:riskanalysis_detail", args=[self.pk])


class IdentifiedRisk(BaseModel):
    """One risk an analysis found: where in the chain, how likely, how severe, and where."""

    sync_parent = "analysis"  # shown inside its analysis in the API: a change modifies it

    analysis = models.ForeignKey(
        RiskAnalysis, on_delete=models.CASCADE, related_name="risks", verbose_name=_("analysis")
    )
    area = models.CharField(_("area"), max_length=20, choices=RiskArea.choices)
    description = models.TextField(_("description"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), null=True, blank=True)
    severity = models.PositiveSmallIntegerField(_("severity (1–5)"), null=True, blank=True)
    supply_chain_stage = models.CharField(
        _("supply-chain stage"), max_length=20, choices=SupplyChainStage.choices, blank=True
    )
    countries = models.JSONField(
        _("countries"),
        default=list,
        blank=True,
        validators=[validate_country_list],
        help_text=_("ISO 3166-1 alpha-2 codes."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("identified risk")
        verbose_name_plural = _("identified risks")
        ordering = ["analysis", "area", "pk"]
        constraints = [
            CheckConstraint(
                condition=Q(likelihood__isnull=True) | Q(likelihood__gte=1, likelihood__lte=5),
                name="identified_risk_likelihood_1_5",
                field="likelihood",
                violation_error_message=_("Likelihood is from 1 to 5."),
            ),
            CheckConstraint(
                condition=Q(severity__isnull=True) | Q(severity__gte=1, severity__lte=5),
                name="identified_risk_severity_1_5",
                field="severity",
                violation_error_message=_("Severity is from 1 to 5."),
            ),
        ]

    def __str__(self):
        return f"{self.get_area_display()}: {short_text(self.description)}"

    @property
    def whole_name(self) -> str:
        """The risk as a message names it: its description whole."""
        return f"{self.get_area_display()}: {self.description}"

    def get_absolute_url(self):
        analysis_url = reverse("riskanalysis:riskanalysis_detail", args=[self.analysis_id])
        return f"{analysis_url}#risk-{self.pk}"


class Study(BaseModel):
    """An investigation beside the risk analyses (utredning), e.g. the circular-economy report."""

    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    responsible_organisations = models.ManyToManyField(
        Organisation,
        related_name="studies",
        blank=True,
        verbose_name=_("responsible organisations"),
    )
    counterparts = models.ManyToManyField(
        Organisation,
        related_name="studies_as_counterpart",
        blank=True,
        verbose_name=_("counterparts"),
        help_text=_("Organisations the study concerns, e.g. NHS England."),
    )
    summary = models.TextField(_("summary"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    document = models.FileField(_("document"), upload_to="studies/%Y/", blank=True)

    history = HistoricalRecords(m2m_fields=[responsible_organisations, counterparts])

    class Meta:
        verbose_name = _("study")
        verbose_name_plural = _("studies")
        ordering = ["-year", "title"]
        constraints = [
            UniqueConstraint(
                fields=["year", "title"],
                name="study_unique_year_title",
                field="title",
                violation_error_message=_("There is already a study of that title that year."),
            ),
            CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="study_year_sane",
                field="year",
                violation_error_message=_("The year is one from 2000 to 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse("riskanalysis:study_detail", args=[self.pk])
