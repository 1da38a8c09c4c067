"""A synthetic year for the benchmarks, shaped like a real one so every report section has content.

``make_synthetic_year(year=2031, audits=5000, seed=1)`` makes, in one transaction and with bulk
inserts only: ~audits × 0.4 suppliers (Swedish ones with valid organisation numbers), the audits
(office and follow-up in the 2024 proportion, 44 : 25; every follow-up follows up an earlier office
audit of the same supplier) with lead and co-lead regions, categories and ~5 findings each, about
one incident per hundred audits, events with participants, yearly figures, balanced accounts, risk
analyses, harmonised requirements and narratives whose numbers agree with the data.

Every row is ``is_synthetic=True``. The same (year, audits, seed) gives the same content. A rerun
first removes what an earlier run made for that year, and nothing else: a year that holds real
facts (audits, events, accounts, … not marked synthetic) is refused, so seed_2024's facts are never
touched. The regions, partner organisations and categories are read, never changed; seed_2024 (or
real data) must have loaded them.

Every row of a model with history (simple_history) gets its history rows too, in bulk, dated by
the row's own date (an audit's planned date, a finding's audit day), and the co-leads and
involved organisations in the history of their many-to-many fields.

Issue 7's ``generate_scale_data`` (bench/scale_data.py) runs the same generator over ten years
with a pool of suppliers shared by the years, more findings per audit and the Nordic
organisations as leads.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Q
from simple_history.models import HistoricalRecords

from audits.choices import AuditKind, AuditStatus, FindingKind, FindingStatus, TimelineAction
from audits.models import Audit, AuditEvent, AuditResult, Evidence, Finding
from bench import synthetic_words as words
from bench.synthetic_activities import (
    EARLIER_FIGURE_NOTE,
    INSTRUMENT_PREFIX,
    SOURCE,
    YearActivities,
)
from core.validators import luhn_check_digit_ok
from incidents.models import Incident, IncidentEvent, IncidentRisk, LabTest
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from reminders.models import Reminder
from reporting.models import (
    Contribution,
    CostLine,
    Event,
    FinancialYear,
    Narrative,
    YearlyFigure,
)
from requirements_catalog.choices import InstrumentKind, VersionStatus
from requirements_catalog.models import Instrument, InstrumentVersion
from riskanalysis.models import Category, CategoryPriority, RiskAnalysis, Study
from suppliers.models import Supplier

# Office audits : follow-up audits as in 2024 (44 : 25).
OFFICE_SHARE = 44 / 69
SUPPLIERS_PER_AUDIT = 0.4
BATCH = 2000

# What marks rows a year owns where the year is not a field of the row.
SUPPLIER_NOTE = "Syntetisk leverantör för år {year}."
# The reason history rows give (history_change_reason holds at most 100 characters).
HISTORY_REASON = SOURCE[:100]
# A row's own date that its history row is dated by, the first found; else 1 January.
HISTORY_DATE_FIELDS = (
    "raised_on",
    "planned_date",
    "opened_on",
    "occurred_on",
    "date",
    "published_on",
)


def make_synthetic_year(year: int, audits: int = 5000, seed: int = 1) -> dict[str, int]:
    """Replace the synthetic data of ``year`` with a fresh year of ``audits`` audits.

    Returns the number of rows made, per model label.
    """
    if audits < 2:
        raise ValueError("A synthetic year needs at least two audits (an office and a follow-up).")
    with transaction.atomic():
        _refuse_real_year(year)
        remove_synthetic_year(year)
        return _Generator(year, audits, random.Random(f"{seed}:{year}:{audits}")).run()


def _refuse_real_year(year: int) -> None:
    held = real_facts(year)
    if held:
        raise ValueError(
            f"{year} holds real facts ({', '.join(held)}); a synthetic year must be one without."
        )


def real_facts(year: int) -> list[str]:
    """What of ``year`` is real (not marked synthetic): audits, incidents, events, …"""
    real = {
        "audits": Audit.objects.filter(year=year),
        "incidents": Incident.objects.filter(year_opened=year),
        "events": Event.objects.filter(year=year),
        "yearly figures": YearlyFigure.objects.filter(year=year),
        "accounts": FinancialYear.objects.filter(year=year),
        "narratives": Narrative.objects.filter(year=year),
        "risk analyses": RiskAnalysis.objects.filter(year=year),
        "studies": Study.objects.filter(year=year),
    }
    return [label for label, rows in real.items() if rows.filter(is_synthetic=False).exists()]


def _wipe(queryset) -> None:
    # One DELETE per table, without per-row signals: those would log every synthetic row in the
    # deletion log that incremental sync serves, and write history for data that never was real.
    # The rows' history goes first (it is found through the rows), with its many-to-many part.
    history = getattr(queryset.model, "history", None)
    if history is not None:
        past = history.model.objects.filter(id__in=queryset.values("pk"))
        for field in history.model._history_m2m_fields:
            m2m = HistoricalRecords.m2m_models[field].objects.filter(history__in=past)
            m2m._raw_delete(m2m.db)
        past._raw_delete(past.db)
    queryset._raw_delete(queryset.db)


def remove_synthetic_year(year: int) -> None:
    """Remove every row an earlier ``make_synthetic_year(year, …)`` made; nothing else."""
    audits = Audit.objects.filter(year=year, is_synthetic=True)
    incidents = Incident.objects.filter(year_opened=year, is_synthetic=True)
    # The reminders of a synthetic day (bench/reminders_day.py) go with what they remind of.
    _wipe(Reminder.objects.filter(finding__audit__in=audits))
    _wipe(Reminder.objects.filter(incident__in=incidents))
    for model in (Finding, AuditEvent, AuditResult, Evidence):
        _wipe(model.objects.filter(audit__in=audits))
    _wipe(Audit.co_lead_organisations.through.objects.filter(audit__in=audits))
    _wipe(audits.filter(follows_up__isnull=False))
    _wipe(audits)

    for model in (IncidentEvent, IncidentRisk, LabTest):
        _wipe(model.objects.filter(incident__in=incidents))
    for field in ("suppliers", "sites", "involved_organisations", "partners"):
        _wipe(getattr(Incident, field).through.objects.filter(incident__in=incidents))
    _wipe(incidents)
    _wipe(Supplier.objects.filter(is_synthetic=True, notes=SUPPLIER_NOTE.format(year=year)))

    events = Event.objects.filter(year=year, is_synthetic=True)
    _wipe(Event.organisers.through.objects.filter(event__in=events))
    _wipe(events)
    _wipe(
        YearlyFigure.objects.filter(is_synthetic=True).filter(
            Q(year=year) | Q(note=EARLIER_FIGURE_NOTE.format(year=year))
        )
    )
    accounts = FinancialYear.objects.filter(year=year, is_synthetic=True)
    _wipe(Contribution.objects.filter(financial_year__in=accounts))
    _wipe(CostLine.objects.filter(financial_year__in=accounts))
    _wipe(accounts)
    _wipe(Narrative.objects.filter(year=year, is_synthetic=True))

    analyses = RiskAnalysis.objects.filter(year=year, is_synthetic=True)
    _wipe(RiskAnalysis.responsible_organisations.through.objects.filter(riskanalysis__in=analyses))
    _wipe(analyses)
    studies = Study.objects.filter(year=year, is_synthetic=True)
    for field in ("responsible_organisations", "counterparts"):
        _wipe(getattr(Study, field).through.objects.filter(study__in=studies))
    _wipe(studies)
    instruments = Instrument.objects.filter(
        is_synthetic=True, code__startswith=INSTRUMENT_PREFIX.format(year=year)
    )
    _wipe(InstrumentVersion.objects.filter(instrument__in=instruments))
    _wipe(Instrument.responsible_organisations.through.objects.filter(instrument__in=instruments))
    _wipe(
        Instrument.related_instruments.through.objects.filter(
            Q(from_instrument__in=instruments) | Q(to_instrument__in=instruments)
        )
    )
    _wipe(instruments)
    _wipe(CategoryPriority.objects.filter(is_synthetic=True, start_year=year, end_year=year))


class _Generator(YearActivities):
    """The year's suppliers, incidents, audits and findings; the rest comes from YearActivities.

    The keywords beyond (year, audits, rng) are for bench/scale_data.py; their defaults make the
    year that make_synthetic_year makes:

    - ``findings_per_audit``: the mean number of findings of an audit (office audits have more
      than follow-ups, 5.5 : 3.5, as by default, about 4.8);
    - ``incidents``: the incidents opened in the year (default: one per hundred audits, at
      least six);
    - ``leads``: further organisations that lead and co-lead audits and incidents beside the
      regions (the regions alone pay the contributions and are responsible for risk analyses);
    - ``country_shares``: (country, legal form, share) of new suppliers (words.COUNTRIES);
    - ``name_places``: place names a supplier name may carry, for a larger space of names.
    """

    def __init__(
        self,
        year: int,
        audits: int,
        rng: random.Random,
        *,
        findings_per_audit: float | None = None,
        incidents: int | None = None,
        leads: list[Organisation] = (),
        country_shares: list[tuple[str, str, float]] = words.COUNTRIES,
        name_places: list[str] = (),
    ):
        self.year = year
        self.audit_count = audits
        self.rng = rng
        self.counts: Counter = Counter()
        # Mean findings of an office audit and of a follow-up: 5.5 and 3.5 unless scaled.
        factor = 1.0
        if findings_per_audit is not None:
            factor = findings_per_audit / (5.5 * OFFICE_SHARE + 3.5 * (1 - OFFICE_SHARE))
        self.finding_means = (5.5 * factor, 3.5 * factor, 1.5 * factor)
        self.incident_count = max(6, audits // 100) if incidents is None else incidents
        self.country_shares = list(country_shares)
        self.name_places = list(name_places)
        # History rows made for a row: (model, pk) → history ids, for many-to-many history.
        self.history_ids: dict[tuple[type, int], list[int]] = defaultdict(list)
        self.regions = list(
            Organisation.objects.filter(kind=OrganisationKind.REGION).order_by("code")
        )
        self.categories = list(Category.objects.order_by("pk"))
        if not self.regions or not self.categories:
            raise ValueError("No regions or categories: load them first (manage.py seed_2024).")
        others = Organisation.objects.exclude(kind=OrganisationKind.REGION).order_by("code")
        self.secretariat = others.filter(kind=OrganisationKind.SECRETARIAT).first()
        self.partners = list(others.exclude(kind=OrganisationKind.SECRETARIAT))
        # Larger regions lead more audits: the population where known, else an even share.
        self.leads = self.regions + [org for org in leads if org not in self.regions]
        self.lead_weights = [org.population or 1 for org in self.leads]

    # --- helpers --------------------------------------------------------------------------------

    def _create(self, model, rows: list) -> list:
        for row in rows:
            row.is_synthetic = True
        made = model.objects.bulk_create(rows, batch_size=BATCH)
        self.counts[model._meta.label] += len(made)
        self._history(made)
        return made

    def _history(self, rows: list, *, update: bool = False, on=None) -> None:
        """The history rows of ``rows`` (created, or changed when ``update``), in bulk.

        Dated by ``on(row)`` (a date), else by the row's own date (HISTORY_DATE_FIELDS), else
        1 January of the year; at noon UTC, so the same data gives the same history.
        """
        if not rows:
            return
        model = type(rows[0])
        history = getattr(model, "history", None)
        if history is None:
            return
        for row in rows:
            day = on(row) if on else None
            for name in HISTORY_DATE_FIELDS:
                if day is None:
                    day = getattr(row, name, None)
            day = day or datetime.date(self.year, 1, 1)
            row._history_date = datetime.datetime.combine(day, datetime.time(12), datetime.UTC)
        made = history.bulk_history_create(
            rows, batch_size=BATCH, update=update, default_change_reason=HISTORY_REASON
        )
        self.counts[history.model._meta.label] += len(made)
        if history.model._history_m2m_fields:
            for past in made:
                self.history_ids[model, past.id].append(past.history_id)

    def _link(self, field, rows: list[tuple[int, int]]) -> None:
        """Many-to-many rows of ``field`` (e.g. Audit.co_lead_organisations) from id pairs, and
        where the field has history, the same rows in each history row of their source."""
        through = field.through
        source, target = field.field.m2m_field_name(), field.field.m2m_reverse_field_name()
        links = [through(**{f"{source}_id": a, f"{target}_id": b}) for a, b in rows]
        links = through.objects.bulk_create(links, batch_size=BATCH)
        self.counts[through._meta.label] += len(links)
        past_model = HistoricalRecords.m2m_models.get(field.field)
        if past_model is None:
            return
        model = field.field.model
        past = [
            past_model(
                history_id=history_id,
                id=link.pk,
                **{f"{source}_id": getattr(link, f"{source}_id")},
                **{f"{target}_id": getattr(link, f"{target}_id")},
            )
            for link in links
            for history_id in self.history_ids[model, getattr(link, f"{source}_id")]
        ]
        past_model.objects.bulk_create(past, batch_size=BATCH)
        self.counts[past_model._meta.label] += len(past)

    def _day(self, start: tuple[int, int], end: tuple[int, int]) -> datetime.date:
        first = datetime.date(self.year, *start)
        last = datetime.date(self.year, *end)
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def _region(self) -> Organisation:
        """An organisation to lead an audit or an incident."""
        return self.rng.choices(self.leads, weights=self.lead_weights)[0]

    def _regions(self, low: int, high: int, among: list[Organisation] | None = None):
        among = self.regions if among is None else among
        return self.rng.sample(among, self.rng.randint(low, min(high, len(among))))

    # --- the year -------------------------------------------------------------------------------

    def run(self, suppliers: list[Supplier] | None = None) -> dict[str, int]:
        """Make the year; its audits and incidents concern ``suppliers`` where given (a pool
        shared by several years), else suppliers of its own."""
        if suppliers is None:
            suppliers = self._suppliers(max(2, round(self.audit_count * SUPPLIERS_PER_AUDIT)))
        incidents = self._incidents(suppliers)
        self._audits(suppliers, incidents)
        self._risks()
        self._events()
        self._figures()
        self._accounts()
        self._narratives()
        return dict(sorted(self.counts.items()))

    def _suppliers(self, count: int, note: str | None = None) -> list[Supplier]:
        """``count`` new suppliers with names no supplier has, marked by ``note`` (the year's by
        default)."""
        note = SUPPLIER_NOTE.format(year=self.year) if note is None else note
        taken_names = {name.casefold() for name in Supplier.objects.values_list("name", flat=True)}
        taken_numbers = set(
            Supplier.objects.exclude(organisation_number="").values_list(
                "organisation_number", flat=True
            )
        )
        countries = [c for c, _form, _share in self.country_shares]
        shares = [share for _c, _form, share in self.country_shares]
        forms = {c: form for c, form, _share in self.country_shares}
        rows = []
        while len(rows) < count:
            country = self.rng.choices(countries, weights=shares)[0]
            name = (
                self.rng.choice(words.NAME_PREFIXES)
                + self.rng.choice(words.NAME_ROOTS)
                + self.rng.choice(words.NAME_MIDDLES)
            )
            if self.name_places:
                name += self.rng.choice(self.name_places)
            name += forms[country]
            if name.casefold() in taken_names:
                continue
            taken_names.add(name.casefold())
            number = self._organisation_number(taken_numbers) if country == "SE" else ""
            rows.append(
                Supplier(
                    name=name,
                    organisation_number=number,
                    country=country,
                    notes=note,
                )
            )
        return self._create(Supplier, rows)

    def _organisation_number(self, taken: set[str]) -> str:
        """A limited company's number (556…) whose tenth digit is the Luhn check digit."""
        while True:
            body = f"556{self.rng.randrange(10**6):06d}"
            number = next(body + str(d) for d in range(10) if luhn_check_digit_ok(body + str(d)))
            if number not in taken:
                taken.add(number)
                return number

    def _incidents(self, suppliers: list[Supplier]) -> list[Incident]:
        count = self.incident_count
        involved = self.rng.sample(suppliers, min(count, len(suppliers)))
        sources = ["audit", "civil_society", "research", "media", "authority", "whistleblower"]
        specs, rows = [], []
        for index, supplier in enumerate(involved):
            area = self.rng.choice(list(words.INCIDENT_RISKS))
            opened = self._day((1, 10), (9, 30))
            closed = self.rng.random() < 0.35
            closed_on = opened + datetime.timedelta(days=self.rng.randint(40, 90))
            lead = self._region()
            rows.append(
                Incident(
                    title=f"{words.INCIDENT_RISKS[area]} hos {supplier.name}",
                    year_opened=self.year,
                    opened_on=opened,
                    source=self.rng.choice(sources),
                    category=self.rng.choice(self.categories),
                    countries=sorted(self.rng.sample(words.INCIDENT_COUNTRIES, 2)),
                    lead_organisation=lead,
                    status="closed" if closed else self.rng.choice(["open", "monitoring"]),
                    confidential=index % 10 == 9,
                    description=f"Uppgifter om {words.INCIDENT_RISKS[area].lower()} i "
                    f"leveranskedjan hos {supplier.name} har kommit in och utreds.",
                    outcome="Leverantören har genomfört åtgärderna." if closed else "",
                    closed_on=closed_on if closed else None,
                )
            )
            specs.append((supplier, area, lead, opened, closed_on if closed else None))
        incidents = self._create(Incident, rows)
        risks, timeline, tests, links, organisations = [], [], [], [], []
        partners = [p for p in self.partners if p.kind == OrganisationKind.NORDIC_PARTNER]
        for incident, (supplier, area, lead, opened, closed_on) in zip(
            incidents, specs, strict=True
        ):
            risks.append(IncidentRisk(incident=incident, area=area))
            links.append((incident.pk, supplier.pk))
            organisations.append((incident.pk, lead.pk))
            timeline.append(
                IncidentEvent(
                    incident=incident,
                    occurred_on=opened,
                    kind="opened",
                    description="Ärendet öppnades.",
                )
            )
            day = opened
            for kind, text in self.rng.sample(words.INCIDENT_STEPS, self.rng.randint(1, 3)):
                day += datetime.timedelta(days=self.rng.randint(5, 12))
                timeline.append(
                    IncidentEvent(incident=incident, occurred_on=day, kind=kind, description=text)
                )
            if self.rng.random() < 0.2:  # a note to oneself: never printed
                timeline.append(
                    IncidentEvent(
                        incident=incident,
                        occurred_on=day,
                        kind="note",
                        description="Internt: glöm ej att stämma av med juristen.",
                    )
                )
            if closed_on:
                timeline.append(
                    IncidentEvent(
                        incident=incident,
                        occurred_on=closed_on,
                        kind="closed",
                        description="Ärendet avslutades efter verifierade åtgärder.",
                    )
                )
            if area == "misleading_origin":
                tests.append(
                    LabTest(
                        incident=incident,
                        sample="Bomull ur en leverans",
                        supplier=supplier,
                        laboratory="Oberoende laboratorium",
                        method="Isotopanalys",
                        status="done",
                        sampled_on=opened + datetime.timedelta(days=14),
                        claimed_origin="Indien",
                        indicated_origin="Indien",
                        result="Analysen stöder det uppgivna ursprunget.",
                    )
                )
        self._create(IncidentRisk, risks)
        self._create(IncidentEvent, timeline)
        self._create(LabTest, tests)
        self._link(Incident.suppliers, links)
        self._link(Incident.involved_organisations, organisations)
        if partners:
            self._link(
                Incident.partners,
                [
                    (i.pk, self.rng.choice(partners).pk)
                    for i in incidents
                    if self.rng.random() < 0.2
                ],
            )
        return incidents

    def _audits(self, suppliers: list[Supplier], incidents: list[Incident]) -> None:
        office_count = max(1, round(self.audit_count * OFFICE_SHARE))
        follow_up_count = self.audit_count - office_count
        # Every supplier has an office audit while there are enough; the rest at random.
        audited = self.rng.sample(suppliers, min(office_count, len(suppliers)))
        audited += self.rng.choices(suppliers, k=office_count - len(audited))
        incident_of = {
            link.supplier_id: link.incident_id
            for link in Incident.suppliers.through.objects.filter(
                incident__in=[i.pk for i in incidents]
            )
        }
        template = (
            InstrumentVersion.objects.filter(
                instrument__kind=InstrumentKind.ASSESSMENT_TEMPLATE,
                status=VersionStatus.PUBLISHED,
                year__lte=self.year,
            )
            .order_by("-year", "-pk")
            .first()
        )
        office = []
        for supplier in audited:
            start = self._day((1, 8), (11, 10))
            office.append(
                self._audit(
                    supplier, AuditKind.OFFICE, start, template, incident_of.pop(supplier.pk, None)
                )
            )
        office = self._create(Audit, office)
        # A follow-up comes 30–120 days after an office audit of the same supplier.
        last_day = datetime.date(self.year, 12, 18)
        candidates = [a for a in office if (last_day - a.end_date).days >= 30]
        followed: dict[int, Audit] = {}
        follow_ups = []
        for original in self.rng.choices(candidates, k=follow_up_count):
            room = min(120, (last_day - original.end_date).days)
            start = original.end_date + datetime.timedelta(days=self.rng.randint(30, room))
            audit = self._audit(original.supplier, AuditKind.FOLLOW_UP, start, template, None)
            audit.follows_up = original
            follow_ups.append(audit)
        follow_ups = self._create(Audit, follow_ups)
        for audit in sorted(follow_ups, key=lambda a: a.start_date):
            followed.setdefault(audit.follows_up_id, audit)
        closed = [audit for audit in office if audit.pk in followed]
        for audit in closed:
            audit.status = AuditStatus.CLOSED
        Audit.objects.filter(pk__in=list(followed)).update(status=AuditStatus.CLOSED)
        # Closed when its first follow-up ended: a second history row, "changed".
        self._history(closed, update=True, on=lambda audit: followed[audit.pk].end_date)

        everything = office + follow_ups
        self._link(
            Audit.co_lead_organisations,
            [
                (audit.pk, region.pk)
                for audit in everything
                if self.rng.random() < 0.25
                for region in self._regions(1, 2, self.leads)
                if region.pk != audit.lead_organisation_id
            ],
        )
        self._create(
            AuditEvent,
            [
                AuditEvent(
                    audit=audit,
                    at=datetime.datetime.combine(audit.end_date, datetime.time(12), datetime.UTC),
                    occurred_on=audit.end_date,
                    action=TimelineAction.IMPORTED,
                    message=SOURCE,
                )
                for audit in everything
            ],
        )
        findings = []
        for audit in everything:
            findings += self._findings(audit, followed.get(audit.pk))
        self._create(Finding, findings)

    def _audit(self, supplier, kind, start, template, incident_id) -> Audit:
        rng = self.rng
        return Audit(
            supplier=supplier,
            kind=kind,
            year=self.year,
            planned_date=start - datetime.timedelta(days=rng.randint(7, 40)),
            start_date=start,
            end_date=start + datetime.timedelta(days=rng.randint(0, 2)),
            status=rng.choice([AuditStatus.CONDUCTED, AuditStatus.REPORTED, AuditStatus.REPORTED]),
            lead_organisation=self._region(),
            category=rng.choice(self.categories),
            template_version=template,
            incident_id=incident_id,
            observer_required=rng.random() < 0.02,
            internal_note="Glöm ej att boka tolk." if rng.random() < 0.01 else "",
        )

    def _findings(self, audit: Audit, follow_up: Audit | None) -> list[Finding]:
        rng = self.rng
        office_mean, follow_up_mean, spread = self.finding_means
        mean = office_mean if audit.kind == AuditKind.OFFICE else follow_up_mean
        rows = []
        for _ in range(max(1, round(rng.gauss(mean, spread)))):
            raised = audit.end_date
            roll = rng.random()
            finding = Finding(
                audit=audit,
                raised_on=raised,
                deadline=raised + datetime.timedelta(days=rng.choice([30, 60, 90])),
            )
            if roll < 0.12:
                finding.kind = FindingKind.GOOD_PRACTICE
                finding.description = rng.choice(words.GOOD_PRACTICES)
                finding.deadline = None
                # Nothing to correct: settled the day it is noted.
                finding.status, finding.closed_on = FindingStatus.VERIFIED_CLOSED, raised
                rows.append(finding)
                continue
            _area, finding.description = rng.choice(words.FINDINGS)
            finding.root_cause = rng.choice(words.ROOT_CAUSES)
            finding.required_action = rng.choice(words.REQUIRED_ACTIONS)
            if roll < 0.55:
                finding.kind = FindingKind.NON_COMPLIANCE
                finding.severity = rng.choices(["minor", "major", "critical"], [6, 3, 1])[0]
            else:
                finding.kind = FindingKind.OBSERVATION
            if follow_up is not None and rng.random() < 0.85:
                finding.status = FindingStatus.VERIFIED_CLOSED
                finding.closed_on = follow_up.end_date
                finding.verified_by_audit = follow_up
            else:
                finding.status = rng.choices(
                    [
                        FindingStatus.OPEN,
                        FindingStatus.ACTION_PLAN_RECEIVED,
                        FindingStatus.ESCALATED,
                    ],
                    [4, 5, 1],
                )[0]
            if finding.status in (
                FindingStatus.ACTION_PLAN_RECEIVED,
                FindingStatus.VERIFIED_CLOSED,
            ):
                finding.action_plan = "Leverantören har redovisat en tidsatt handlingsplan."
                finding.action_plan_received_on = raised + datetime.timedelta(
                    days=rng.randint(10, 25)
                )
            rows.append(finding)
        return rows
