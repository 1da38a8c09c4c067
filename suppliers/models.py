"""Suppliers (leverantörer), their aliases and parents, the sites they source from, agreements."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import CheckConstraint, UniqueConstraint
from core.models import BaseModel, GatedQuerySet
from core.permissions import Action
from core.validators import validate_country_code, validate_organisation_number
from organisations.models import Organisation
from riskanalysis.models import Category
from suppliers.choices import AgreementStatus, AliasKind, ClauseLevel, SiteKind


class Supplier(BaseModel):
    """A company that supplies the regions, under the name it is known by in the sources."""

    name = models.CharField(_("name"), max_length=200)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=10,
        blank=True,
        validators=[validate_organisation_number],
        help_text=_("Swedish organisation number, ten digits (NNNNNN-NNNN)."),
    )
    country = models.CharField(
        _("country"), max_length=2, blank=True, validators=[validate_country_code]
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidiaries",
        verbose_name=_("parent company"),
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]
        constraints = [
            UniqueConstraint(
                Lower("name"),
                name="supplier_unique_name_ci",
                field="name",
                violation_error_message=_("A supplier of that name already exists."),
            ),
            UniqueConstraint(
                fields=["organisation_number"],
                condition=~Q(organisation_number=""),
                name="supplier_unique_organisation_number",
                violation_error_message=_("A supplier with that organisation number exists."),
            ),
            CheckConstraint(
                condition=Q(organisation_number="") | Q(organisation_number__regex=r"^[0-9]{10}$"),
                name="supplier_organisation_number_ten_digits",
                field="organisation_number",
                violation_error_message=_("An organisation number has ten digits."),
            ),
            CheckConstraint(
                condition=~Q(name=""),
                name="supplier_name_not_empty",
                field="name",
                violation_error_message=_("A supplier needs a name."),
            ),
            CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="supplier_not_own_parent",
                field="parent",
                violation_error_message=_("A supplier cannot be its own parent company."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("suppliers:supplier_detail", args=[self.pk])


class SupplierAlias(BaseModel):
    """Another name a supplier goes by: a former name, another spelling, a trade name."""

    sync_parent = "supplier"  # shown inside its supplier in the API: a change modifies it

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("supplier")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AliasKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supplier alias")
        verbose_name_plural = _("supplier aliases")
        ordering = ["supplier__name", "name"]
        constraints = [
            UniqueConstraint(
                fields=["supplier", "name"],
                name="supplier_alias_unique_per_supplier",
                violation_error_message=_("The supplier already has that alias."),
            ),
        ]

    def __str__(self):
        return f"{self.name} → {self.supplier.name}"

    def get_absolute_url(self):
        return f"{reverse('suppliers:supplier_detail', args=[self.supplier_id])}#aliases"


class Site(BaseModel):
    """A place where goods are made or extracted: a factory, a mine, a farm."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SiteKind.choices)
    country = models.CharField(_("country"), max_length=2, validators=[validate_country_code])
    locality = models.CharField(_("locality"), max_length=200, blank=True)
    operator = models.ForeignKey(
        Supplier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operated_sites",
        verbose_name=_("operator"),
        help_text=_("The company that runs the site, where known."),
    )
    suppliers = models.ManyToManyField(
        Supplier,
        through="SupplierSite",
        related_name="sites",
        blank=True,
        verbose_name=_("suppliers"),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["country", "name"]
        constraints = [
            UniqueConstraint(
                fields=["name", "country"],
                name="site_unique_name_country",
                field="name",
                violation_error_message=_("There is already a site of that name in that country."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country})"

    def get_absolute_url(self):
        return reverse("suppliers:site_detail", args=[self.pk])


class SupplierSite(BaseModel):
    """A supplier sources from a site, at a tier of its supply chain (1 = direct sub-supplier)."""

    sync_parent = "site"  # the API shows a site's suppliers: a link change modifies the site

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="site_links", verbose_name=_("supplier")
    )
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="supplier_links", verbose_name=_("site")
    )
    tier = models.PositiveSmallIntegerField(_("tier"), default=1)
    products = models.CharField(_("products"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supplier's site")
        verbose_name_plural = _("suppliers' sites")
        ordering = ["supplier__name", "tier", "site__name"]
        constraints = [
            UniqueConstraint(
                fields=["supplier", "site"],
                name="supplier_site_unique",
                field="supplier",
                violation_error_message=_("The supplier is already linked to the site."),
            ),
            CheckConstraint(
                condition=Q(tier__gte=1) & Q(tier__lte=10),
                name="supplier_site_tier_1_10",
                field="tier",
                violation_error_message=_("The tier is from 1 (direct) to 10."),
            ),
        ]

    def __str__(self):
        return f"{self.supplier} ← {self.site} (tier {self.tier})"

    def get_absolute_url(self):
        return f"{reverse('suppliers:site_detail', args=[self.site_id])}#suppliers"


class FrameworkAgreementQuerySet(GatedQuerySet):
    def change_scope(self, scope, action):
        if action == Action.DELETE:
            return self.none()
        return self.led_by(
            scope.procurer_organisation_ids,
            lead="lead_organisation",
            co_leads="co_lead_organisations",
        )


class FrameworkAgreement(BaseModel):
    """A framework agreement (ramavtal) of one or more regions with a supplier."""

    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("The contracting region's number.")
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("supplier")
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_agreements",
        verbose_name=_("lead organisation"),
    )
    co_lead_organisations = models.ManyToManyField(
        Organisation,
        related_name="co_led_agreements",
        blank=True,
        verbose_name=_("co-lead organisations"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("category"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    code_of_conduct = models.BooleanField(
        _("code of conduct applies"), null=True, blank=True, help_text=_("Empty: not known.")
    )
    due_diligence_level = models.CharField(
        _("due-diligence clause level"), max_length=10, choices=ClauseLevel.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)

    objects = FrameworkAgreementQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[co_lead_organisations])

    @classmethod
    def gate_can_add(cls, scope):
        """A procurer adds agreements their own organisation leads."""
        return bool(scope.procurer_organisation_ids)

    class Meta:
        verbose_name = _("framework agreement")
        verbose_name_plural = _("framework agreements")
        ordering = ["supplier__name", "-start_date", "pk"]
        constraints = [
            CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="agreement_end_after_start",
                field="end_date",
                violation_error_message=_("An agreement cannot end before it starts."),
            ),
            CheckConstraint(
                condition=~Q(status=AgreementStatus.TERMINATED) | ~Q(termination_reason=""),
                name="agreement_terminated_has_reason",
                field="termination_reason",
                violation_error_message=_("Give the reason why the agreement was terminated."),
            ),
            CheckConstraint(
                condition=Q(terminated_on__isnull=True) | Q(status=AgreementStatus.TERMINATED),
                name="agreement_termination_date_only_when_terminated",
                field="terminated_on",
                violation_error_message=_("Only a terminated agreement has a termination date."),
            ),
            CheckConstraint(
                condition=Q(terminated_on__isnull=True)
                | Q(start_date__isnull=True)
                | Q(terminated_on__gte=F("start_date")),
                name="agreement_terminated_after_start",
                field="terminated_on",
                violation_error_message=_("An agreement cannot be terminated before it starts."),
            ),
        ]

    def __str__(self):
        label = self.title or self.reference or _("agreement")
        return f"{label}: {self.supplier} / {self.lead_organisation}"

    def get_absolute_url(self):
        return reverse("suppliers:agreement_detail", args=[self.pk])


class DuplicateRejection(models.Model):
    """Two suppliers the secretariat has said are not duplicates: the pair is not proposed again
    on the page of possible duplicates. ``first`` is the one with the lower id."""

    first = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="+", verbose_name=_("supplier")
    )
    second = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="+", verbose_name=_("other supplier")
    )
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rejected by"),
    )
    rejected_at = models.DateTimeField(_("rejected at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rejected duplicate")
        verbose_name_plural = _("rejected duplicates")
        ordering = ["-rejected_at", "pk"]
        constraints = [
            UniqueConstraint(
                fields=["first", "second"],
                name="duplicate_rejection_unique_pair",
                field="first",
                violation_error_message=_("The pair is already marked as not duplicates."),
            ),
            CheckConstraint(
                condition=Q(first__lt=F("second")),
                name="duplicate_rejection_ordered_pair",
                field="second",
                violation_error_message=_("A pair is two different suppliers."),
            ),
        ]

    def __str__(self):
        return f"{self.first_id} ≠ {self.second_id}"
