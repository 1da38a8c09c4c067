"""What the yearly activity report (verksamhetsrapport) is made of beyond audits and incidents:
events, hand-counted yearly figures, the accounts, narrative text, and the report jobs."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import CheckConstraint, UniqueConstraint
from core.models import BaseModel
from organisations.models import Organisation
from reporting.choices import (
    CostKind,
    EventFormat,
    EventKind,
    FigureKey,
    ReportJobStatus,
    ReportSection,
)

YEAR_IS_SANE = Q(year__gte=2000) & Q(year__lte=2100)
YEAR_MESSAGE = _("Give a year from 2000 to 2100.")
AMOUNT_NOT_NEGATIVE = _("An amount cannot be negative.")


class Event(BaseModel):
    """A training, webinar, conference, market dialogue or appearance; possibly a series.

    ``occurrences`` counts the sessions of a series (four webinars with Adda) and
    ``participants`` their participants together. "Över 560" is kept as a lower bound.
    """

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    format = models.CharField(_("format"), max_length=20, choices=EventFormat.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("The (first) day, if known; it must lie in the year."),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    occurrences = models.PositiveSmallIntegerField(
        _("number of sessions"),
        default=1,
        help_text=_("Sessions of a series: the four webinars with Adda are one event."),
    )
    organisers = models.ManyToManyField(
        Organisation, related_name="organised_events", blank=True, verbose_name=_("organisers")
    )
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    topics = models.TextField(_("topics"), blank=True)
    participants = models.PositiveIntegerField(
        _("participants"),
        null=True,
        blank=True,
        help_text=_("Of all sessions together, where known."),
    )
    participants_is_lower_bound = models.BooleanField(
        _("participants is a lower bound"),
        default=False,
        help_text=_("The report says “över 560”: 560 and this box."),
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-year", "kind", "title"]
        constraints = [
            UniqueConstraint(
                fields=["year", "title"],
                name="event_unique_year_title",
                violation_error_message=_(
                    "There is already an event with this title in that year."
                ),
            ),
            CheckConstraint(
                condition=YEAR_IS_SANE,
                name="event_year_sane",
                field="year",
                violation_error_message=YEAR_MESSAGE,
            ),
            CheckConstraint(
                condition=Q(occurrences__gte=1),
                name="event_at_least_one_session",
                field="occurrences",
                violation_error_message=_("An event has at least one session."),
            ),
            CheckConstraint(
                condition=Q(participants__isnull=False) | Q(participants_is_lower_bound=False),
                name="event_lower_bound_needs_number",
                field="participants",
                violation_error_message=_("A lower bound needs the number of participants."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    @property
    def participants_display(self) -> str:
        if self.participants is None:
            return ""
        if self.participants_is_lower_bound:
            return gettext("over %(number)s") % {"number": self.participants}
        return str(self.participants)

    def get_absolute_url(self):
        return reverse("reporting:event_detail", args=[self.pk])


class YearlyFigure(BaseModel):
    """A figure of a year that no record derives: newsletters, subscribers, staff, and totals
    from before the portal existed (42 audits in 2023), each with its source."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    key = models.CharField(_("figure"), max_length=40, choices=FigureKey.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    is_lower_bound = models.BooleanField(_("lower bound"), default=False)
    source = models.CharField(_("source"), max_length=300)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly figure")
        verbose_name_plural = _("yearly figures")
        ordering = ["key", "year"]
        constraints = [
            UniqueConstraint(
                fields=["year", "key"],
                name="yearly_figure_unique",
                violation_error_message=_("This figure is already given for that year."),
            ),
            CheckConstraint(
                condition=YEAR_IS_SANE,
                name="yearly_figure_year_sane",
                field="year",
                violation_error_message=YEAR_MESSAGE,
            ),
            CheckConstraint(
                condition=Q(value__gte=0),
                name="yearly_figure_not_negative",
                field="value",
                violation_error_message=_("A figure cannot be negative."),
            ),
            CheckConstraint(
                condition=~Q(source=""),
                name="yearly_figure_has_source",
                field="source",
                violation_error_message=_("Give the source of the figure."),
            ),
        ]

    def __str__(self):
        return f"{self.get_key_display()} {self.year}: {self.value.normalize():f}"

    def get_absolute_url(self):
        return f"{reverse('reporting:yearlyfigure_list')}?year={self.year}#figure-{self.pk}"


class FinancialYear(BaseModel):
    """The accounts of a year in thousands of kronor (tkr).

    They balance when opening balance + contributions − closing balance = the sum of the costs.
    The closing balance (UB) is the surplus carried into the next year as prepaid income.
    """

    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        error_messages={"unique": _("The accounts of that year already exist.")},
    )
    opening_balance = models.DecimalField(
        _("opening balance (IB), tkr"), max_digits=12, decimal_places=1
    )
    closing_balance = models.DecimalField(
        _("closing balance (UB), tkr"), max_digits=12, decimal_places=1
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financial year")
        verbose_name_plural = _("accounts")
        ordering = ["-year"]
        constraints = [
            CheckConstraint(
                condition=YEAR_IS_SANE,
                name="financial_year_year_sane",
                field="year",
                violation_error_message=YEAR_MESSAGE,
            ),
        ]

    def __str__(self):
        return str(self.year)

    def get_absolute_url(self):
        return reverse("reporting:financialyear_detail", args=[self.pk])


class Contribution(BaseModel):
    """A region's contribution for a year (based on its population), in tkr."""

    sync_parent = "financial_year"  # shown inside its year in the API: a change modifies it

    financial_year = models.ForeignKey(
        FinancialYear,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("financial year"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("organisation"),
    )
    amount = models.DecimalField(_("amount, tkr"), max_digits=12, decimal_places=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["financial_year", "organisation__name"]
        constraints = [
            UniqueConstraint(
                fields=["financial_year", "organisation"],
                name="contribution_unique_per_year",
                violation_error_message=_("The region already has a contribution that year."),
            ),
            CheckConstraint(
                condition=Q(amount__gte=0),
                name="contribution_not_negative",
                field="amount",
                violation_error_message=AMOUNT_NOT_NEGATIVE,
            ),
        ]

    def __str__(self):
        return f"{self.organisation}, {self.financial_year}"

    def get_absolute_url(self):
        url = reverse("reporting:financialyear_detail", args=[self.financial_year_id])
        return f"{url}#contribution-{self.pk}"


class CostLine(BaseModel):
    """A cost line of a year's accounts, stored as a positive amount in tkr."""

    sync_parent = "financial_year"  # shown inside its year in the API: a change modifies it

    financial_year = models.ForeignKey(
        FinancialYear,
        on_delete=models.CASCADE,
        related_name="cost_lines",
        verbose_name=_("financial year"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CostKind.choices)
    label = models.CharField(_("label"), max_length=200)
    amount = models.DecimalField(_("amount, tkr"), max_digits=12, decimal_places=1)
    note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["financial_year", "order", "pk"]
        constraints = [
            UniqueConstraint(
                fields=["financial_year", "label"],
                name="cost_line_unique_label",
                violation_error_message=_("The year already has a cost line with that label."),
            ),
            CheckConstraint(
                condition=Q(amount__gte=0),
                name="cost_line_not_negative",
                field="amount",
                violation_error_message=_("Enter the cost as a positive amount."),
            ),
        ]

    def __str__(self):
        return f"{self.label}, {self.financial_year}"

    def get_absolute_url(self):
        url = reverse("reporting:financialyear_detail", args=[self.financial_year_id])
        return f"{url}#costline-{self.pk}"


class Narrative(BaseModel):
    """Narrative text of a year and report section, edited by the secretariat.

    ``order`` places it within its section; the heading of a section's first text is the
    chapter's title in the report."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    section = models.CharField(_("section"), max_length=30, choices=ReportSection.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    # Empty until written: "Starta året" makes a year's sections empty, and an empty text is
    # not printed (reporting.report_helpers._narratives leaves it out).
    body = models.TextField(_("text"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        ordering = ["year", "section", "order"]
        constraints = [
            UniqueConstraint(
                fields=["year", "section", "order"],
                name="narrative_unique_position",
                violation_error_message=_(
                    "The section already has a text in that position that year."
                ),
            ),
            CheckConstraint(
                condition=YEAR_IS_SANE,
                name="narrative_year_sane",
                field="year",
                violation_error_message=YEAR_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.get_section_display()} #{self.order}"

    def get_absolute_url(self):
        return f"{reverse('reporting:narrative_list')}?year={self.year}#narrative-{self.pk}"


class ReportJob(BaseModel):
    """One request to build a year's report, and what came of it."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportJobStatus.choices, default=ReportJobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_jobs",
        verbose_name=_("requested by"),
    )
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="reports/%Y/", blank=True)
    snapshot = models.JSONField(_("figures used"), default=dict, blank=True)
    task_id = models.CharField(_("task id"), max_length=100, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_("The worker building it beats here; a stale beat hands the job on."),
    )

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created"]
        constraints = [
            CheckConstraint(
                condition=YEAR_IS_SANE,
                name="report_job_year_sane",
                field="year",
                violation_error_message=YEAR_MESSAGE,
            ),
            CheckConstraint(
                condition=Q(progress__lte=100),
                name="report_job_progress_at_most_100",
                field="progress",
                violation_error_message=_("The progress is at most 100 percent."),
            ),
            CheckConstraint(
                condition=~Q(status=ReportJobStatus.DONE) | (~Q(pdf="") & Q(progress=100)),
                name="report_job_done_has_pdf",
                field="pdf",
                violation_error_message=_("A finished job has its PDF."),
            ),
            CheckConstraint(
                condition=~Q(status=ReportJobStatus.FAILED) | ~Q(error=""),
                name="report_job_failed_says_why",
                field="error",
                violation_error_message=_("A failed job says why."),
            ),
            CheckConstraint(
                condition=Q(finished_at__isnull=True)
                | Q(started_at__isnull=True)
                | Q(finished_at__gte=F("started_at")),
                name="report_job_finished_after_started",
                field="finished_at",
                violation_error_message=_("A job cannot finish before it started."),
            ),
        ]

    def __str__(self):
        return f"{self.year} · {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("reporting:reportjob_detail", args=[self.pk])
