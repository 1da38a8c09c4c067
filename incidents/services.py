"""Changes to incident cases: opening one, changing it, adding to its timeline.

Each service is keyword-only and atomic, checks the permission gate itself (a service is not
only called from a view) and records the user in the history.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import step_date
from core.permissions import Action, can, can_add, get_scope
from incidents.choices import DatePrecision, IncidentStatus, TimelineKind
from incidents.models import Incident, IncidentEvent, IncidentRisk

# The editable fields of a case in the order the pages show them: the form and the API read
# these. The services set the direct ones (INCIDENT_FIELDS); the relations and the risk areas
# are passed separately.
INCIDENT_EDIT_FIELDS = (
    "title",
    "year_opened",
    "opened_on",
    "source",
    "source_detail",
    "category",
    "risk_areas",
    "countries",
    "suppliers",
    "sites",
    "lead_organisation",
    "involved_organisations",
    "partners",
    "status",
    "confidential",
    "description",
    "outcome",
    "closed_on",
)
RELATIONS = ("suppliers", "sites", "involved_organisations", "partners")
INCIDENT_FIELDS = tuple(
    field for field in INCIDENT_EDIT_FIELDS if field not in (*RELATIONS, "risk_areas")
)


def _require_own_organisation(*, user, lead_organisation, involved_organisations) -> None:
    """A procurer opens and keeps cases for their own organisations (the secretariat for all)."""
    scope = get_scope(user)
    if scope.is_secretariat:
        return
    involved = {org.pk for org in involved_organisations}
    if lead_organisation is not None:
        involved.add(lead_organisation.pk)
    if not involved & scope.procurer_organisation_ids:
        raise ValidationError(
            {
                "involved_organisations": _(
                    "One of your organisations must lead the case or be involved in it."
                )
            },
            code="not_own_organisation",
        )


def _dated(incident: Incident, fields: dict) -> dict:
    """The case's days as they happened: the year opened follows the opening day unless it is
    stated (and a stated year that contradicts the day is refused on it); neither day lies in the
    future; a case closed without a day was closed today."""
    fields = dict(fields)
    opened_on = fields.get("opened_on", incident.opened_on)
    if "opened_on" in fields and opened_on is not None:
        step_date(opened_on, field="opened_on")
    stated_year = fields.get("year_opened")
    if stated_year is None:
        if opened_on is not None and ("opened_on" in fields or not incident.pk):
            fields["year_opened"] = opened_on.year
        elif not incident.pk:
            fields["year_opened"] = timezone.localdate().year
        else:
            fields.pop("year_opened", None)
    elif opened_on is not None and stated_year != opened_on.year:
        raise ValidationError(
            {
                "year_opened": _(
                    "The year %(year)s contradicts the day the case was opened, %(day)s."
                )
                % {"year": stated_year, "day": opened_on.isoformat()}
            },
            code="year_contradicts_date",
        )
    status = fields.get("status", incident.status)
    closed_on = fields.get("closed_on", incident.closed_on)
    if status == IncidentStatus.CLOSED:
        fields["closed_on"] = step_date(
            closed_on,
            field="closed_on",
            not_before=opened_on,
            not_before_what=_("the day the case was opened"),
        )
    return fields


def _save_incident(
    incident: Incident,
    *,
    user,
    fields: dict,
    relations: dict[str, Iterable | None],
    risk_areas: Iterable[str] | None,
) -> Incident:
    unknown = set(fields) - set(INCIDENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown incident fields: {sorted(unknown)}")
    fields = _dated(incident, fields)
    for name, value in fields.items():
        setattr(incident, name, value)
    involved = relations.get("involved_organisations")
    if involved is None:
        involved = list(incident.involved_organisations.all()) if incident.pk else []
    _require_own_organisation(
        user=user,
        lead_organisation=incident.lead_organisation,
        involved_organisations=list(involved),
    )
    incident.full_clean()
    incident._history_user = user
    incident.save()
    for name, values in relations.items():
        if values is not None:
            getattr(incident, name).set(values)
    if risk_areas is not None:
        areas = set(risk_areas)
        incident.risks.exclude(area__in=areas).delete()
        existing = set(incident.risks.values_list("area", flat=True))
        IncidentRisk.objects.bulk_create(
            IncidentRisk(incident=incident, area=area) for area in sorted(areas - existing)
        )
    return incident


@transaction.atomic
def incident_create(
    *,
    user,
    risk_areas: Iterable[str] = (),
    suppliers: Iterable = (),
    sites: Iterable = (),
    involved_organisations: Iterable = (),
    partners: Iterable = (),
    **fields,
) -> Incident:
    """Open an incident case. Procurers open cases their organisation leads or is involved in."""
    if not can_add(user, Incident):
        raise ValidationError(_("You may not open incident cases."), code="permission_denied")
    return _save_incident(
        Incident(),
        user=user,
        fields=fields,
        relations={
            "suppliers": list(suppliers),
            "sites": list(sites),
            "involved_organisations": list(involved_organisations),
            "partners": list(partners),
        },
        risk_areas=risk_areas,
    )


@transaction.atomic
def incident_update(
    *,
    incident: Incident,
    user,
    risk_areas: Iterable[str] | None = None,
    suppliers: Iterable | None = None,
    sites: Iterable | None = None,
    involved_organisations: Iterable | None = None,
    partners: Iterable | None = None,
    **fields,
) -> Incident:
    """Change a case; relations and risk areas passed as None stay as they are."""
    if not can(user, incident, Action.CHANGE):
        raise ValidationError(
            _("You may not change the incident case “%(incident)s”.") % {"incident": incident},
            code="permission_denied",
        )
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    return _save_incident(
        incident,
        user=user,
        fields=fields,
        relations={
            "suppliers": suppliers,
            "sites": sites,
            "involved_organisations": involved_organisations,
            "partners": partners,
        },
        risk_areas=risk_areas,
    )


def normalise_precise_date(occurred_on: datetime.date, precision: str) -> datetime.date:
    """A year-precise date is stored as 1 January, a month-precise one as the 1st."""
    if precision == DatePrecision.YEAR:
        return occurred_on.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return occurred_on.replace(day=1)
    return occurred_on


@transaction.atomic
def incident_event_add(
    *,
    incident: Incident,
    user,
    occurred_on: datetime.date,
    kind: str,
    description: str,
    precision: str = DatePrecision.DAY,
    organisation=None,
) -> IncidentEvent:
    """Add a dated entry to the timeline of a case the user may change."""
    if not can(user, incident, Action.CHANGE):
        raise ValidationError(
            _("You may not add to the timeline of “%(incident)s”.") % {"incident": incident},
            code="permission_denied",
        )
    if precision not in DatePrecision.values:
        raise ValidationError(
            {"precision": _("Unknown date precision %(value)s.") % {"value": precision}},
            code="invalid_precision",
        )
    occurred_on = normalise_precise_date(occurred_on, precision)
    if kind != TimelineKind.PLANNED:
        # What happened has happened; only a plan lies ahead.
        step_date(occurred_on, field="occurred_on")
    entry = IncidentEvent(
        incident=incident,
        occurred_on=occurred_on,
        precision=precision,
        kind=kind,
        description=(description or "").strip(),
        organisation=organisation,
        recorded_by=user,
    )
    entry.full_clean()
    entry.save()
    # The case itself changed: its history says who added to it.
    incident._history_user = user
    incident.save(update_fields=["modified"])
    return entry
