"""Incident cases (incidentärenden): suspicions of breaches of the contract clauses, and how
each was handled, with a dated timeline and optional lab tests."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import constraints
from core.models import BaseModel, GatedQuerySet
from core.permissions import Action
from core.validators import validate_country_list
from incidents.choices import (
    DatePrecision,
    IncidentRiskArea,
    IncidentSource,
    IncidentStatus,
    LabTestStatus,
    TimelineKind,
)
from organisations.models import Organisation
from riskanalysis.models import Category
from suppliers.models import Site, Supplier


class IncidentQuerySet(GatedQuerySet):
    def _involving(self, organisation_ids):
        return self.led_by(
            organisation_ids, lead="lead_organisation", co_leads="involved_organisations"
        )

    def view_scope(self, scope):
        if not scope.views_shared_data:
            return self.none()
        # Confidential cases: the secretariat (handled by the gate) and involved organisations.
        return self.filter(
            Q(confidential=False) | Q(pk__in=self._involving(scope.organisation_ids).values("pk"))
        )

    def change_scope(self, scope, action):
        if action == Action.DELETE:
            return self.none()
        return self._involving(scope.procurer_organisation_ids)


class Incident(BaseModel):
    """An incident case: information that may mean a breach, and what was done about it."""

    title = models.CharField(_("title"), max_length=300)
    year_opened = models.PositiveSmallIntegerField(_("year opened"), db_index=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=IncidentSource.choices,
        blank=True,
        help_text=_("Empty where the source is not known."),
    )
    source_detail = models.CharField(
        _("source detail"), max_length=300, blank=True, help_text=_("E.g. 'BBC'.")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("category"),
    )
    suppliers = models.ManyToManyField(
        Supplier, related_name="incidents", blank=True, verbose_name=_("suppliers")
    )
    sites = models.ManyToManyField(
        Site, related_name="incidents", blank=True, verbose_name=_("sites")
    )
    countries = models.JSONField(
        _("countries"), default=list, blank=True, validators=[validate_country_list]
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_incidents",
        verbose_name=_("lead organisation"),
    )
    involved_organisations = models.ManyToManyField(
        Organisation,
        related_name="involved_incidents",
        blank=True,
        verbose_name=_("involved organisations"),
    )
    partners = models.ManyToManyField(
        Organisation,
        related_name="partner_incidents",
        blank=True,
        verbose_name=_("partners"),
        help_text=_("E.g. Electronics Watch, Sykehusinnkjøp."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only the secretariat and the involved organisations see the case."),
    )
    description = models.TextField(_("description"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = IncidentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[involved_organisations, suppliers])

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-year_opened", "title"]
        constraints = [
            constraints.UniqueConstraint(
                fields=["year_opened", "title"],
                name="incident_unique_year_title",
                field="title",
                violation_error_message=_("A case with this title was already opened that year."),
            ),
            constraints.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(status=IncidentStatus.CLOSED),
                name="incident_closed_on_only_when_closed",
                field="closed_on",
                violation_error_message=_("Only a closed case has a closing date."),
            ),
            constraints.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=F("opened_on")),
                name="incident_closed_after_opened",
                field="closed_on",
                violation_error_message=_("A case cannot close before it opened."),
            ),
            constraints.CheckConstraint(
                condition=Q(year_opened__gte=2000) & Q(year_opened__lte=2100),
                name="incident_year_sane",
                field="year_opened",
                violation_error_message=_("Give a year from 2000 to 2100."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("incidents:incident_detail", args=[self.pk])

    @classmethod
    def gate_can_add(cls, scope) -> bool:
        """Procurers open incident cases (for their own organisations); the secretariat too."""
        return bool(scope.procurer_organisation_ids)


class IncidentChildQuerySet(GatedQuerySet):
    """Rows of an incident (risk areas, timeline, lab tests) are reached as far as the incident."""

    def view_scope(self, scope):
        return self.filter(incident__in=Incident.objects.view_scope(scope).values("pk"))

    def change_scope(self, scope, action):
        return self.filter(
            incident__in=Incident.objects.change_scope(scope, Action.CHANGE).values("pk")
        )


class IncidentRisk(BaseModel):
    """A risk area of an incident; a case may concern several (forced labour, debt bondage)."""

    sync_parent = "incident"  # shown inside its incident in the API: a change modifies it

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="risks", verbose_name=_("incident")
    )
    area = models.CharField(_("risk area"), max_length=30, choices=IncidentRiskArea.choices)

    objects = IncidentChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident risk area")
        verbose_name_plural = _("incident risk areas")
        ordering = ["incident", "area"]
        constraints = [
            constraints.UniqueConstraint(
                fields=["incident", "area"],
                name="incident_risk_unique",
                violation_error_message=_("The case already has this risk area."),
            ),
        ]

    def __str__(self):
        return self.get_area_display()


class IncidentEvent(BaseModel):
    """A dated step in an incident's timeline, as precise as the source allows."""

    sync_parent = "incident"  # shown inside its incident in the API: a change modifies it

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="timeline", verbose_name=_("incident")
    )
    occurred_on = models.DateField(
        _("date"), help_text=_("With year precision, 1 January of the year; with month, the 1st.")
    )
    precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TimelineKind.choices)
    description = models.TextField(_("description"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = IncidentChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident timeline entry")
        verbose_name_plural = _("incident timeline entries")
        ordering = ["incident", "occurred_on", "pk"]
        constraints = [
            constraints.CheckConstraint(
                condition=~Q(description=""),
                name="incident_event_description_not_empty",
                field="description",
                violation_error_message=_("Describe what happened."),
            ),
        ]

    def __str__(self):
        return f"{self.occurred_on:%Y-%m-%d} {self.get_kind_display()}"


class LabTest(BaseModel):
    """A laboratory test in an incident, e.g. an isotope analysis of cotton to trace its origin."""

    sync_parent = "incident"  # shown inside its incident in the API: a change modifies it

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="lab_tests", verbose_name=_("incident")
    )
    sample = models.CharField(_("sample"), max_length=300)
    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lab_tests",
        verbose_name=_("supplier"),
    )
    laboratory = models.CharField(_("laboratory"), max_length=200, blank=True)
    method = models.CharField(_("method"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=LabTestStatus.choices, default=LabTestStatus.PLANNED
    )
    sampled_on = models.DateField(_("sampled on"), null=True, blank=True)
    sampled_precision = models.CharField(
        _("sampling date precision"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    claimed_origin = models.CharField(_("claimed origin"), max_length=200, blank=True)
    indicated_origin = models.CharField(_("indicated origin"), max_length=200, blank=True)
    result = models.TextField(_("result"), blank=True)

    objects = IncidentChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("lab test")
        verbose_name_plural = _("lab tests")
        ordering = ["incident", "pk"]
        constraints = [
            constraints.CheckConstraint(
                condition=~Q(status=LabTestStatus.DONE) | ~Q(result=""),
                name="lab_test_done_has_result",
                field="result",
                violation_error_message=_("A finished test needs its result."),
            ),
        ]

    def __str__(self):
        return f"{self.method}: {self.sample}"
