"""Shared reads and formatting of the yearly report's data (reporting/report_data.py)."""

from __future__ import annotations

from decimal import Decimal

from organisations.choices import OrganisationKind
from reporting.choices import EventKind, FigureKey, ReportSection
from reporting.models import Event, Narrative, YearlyFigure

SNAPSHOT_VERSION = 1

# Yearly figures drawn as charts over the years in the communication section.
COMMUNICATION_SERIES = (
    FigureKey.NEWSLETTERS,
    FigureKey.NEWSLETTER_SUBSCRIBERS,
    FigureKey.MEDIA_ARTICLES,
    FigureKey.LINKEDIN_FOLLOWERS,
)

# Event kinds of the competence section, in the order the report tells them.
COMPETENCE_KINDS = (
    EventKind.TRAINING,
    EventKind.INTERNAL_TRAINING,
    EventKind.WEBINAR,
    EventKind.CONFERENCE,
    EventKind.MARKET_DIALOGUE,
)
# Events of these kinds belong to collaboration whoever organised them.
COLLABORATION_KINDS = (EventKind.MEETING, EventKind.MARKET_DIALOGUE)
# Organisers of these kinds are the collaboration itself, not a partner.
OWN_ORGANISATION_KINDS = (OrganisationKind.REGION, OrganisationKind.SECRETARIAT)

# Å, Ä and Ö sort after Z, in that order (Swedish alphabetical order).
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})


def swedish_sort_key(text: str) -> str:
    return (text or "").casefold().translate(_SWEDISH_ORDER)


def _num(value: Decimal | int | None) -> int | float | None:
    """A JSON number: an int when whole (10538), else a float; None stays None."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def _org_name(organisation) -> str:
    return organisation.short_name or organisation.name


def _names(organisations) -> list[str]:
    return sorted((_org_name(org) for org in organisations), key=swedish_sort_key)


# --- Shared reads -------------------------------------------------------------------------------


def _yearly_figures(year: int) -> dict[str, dict[int, dict]]:
    """Every hand-counted figure up to and including ``year``: {key: {year: figure}}."""
    figures: dict[str, dict[int, dict]] = {}
    rows = YearlyFigure.objects.filter(year__lte=year).order_by("key", "year")
    for row in rows.values("key", "year", "value", "is_lower_bound", "source"):
        figures.setdefault(row["key"], {})[row["year"]] = {
            "year": row["year"],
            "value": _num(row["value"]),
            "is_lower_bound": row["is_lower_bound"],
            "source": row["source"],
        }
    return figures


def _figure_value(figures, key: str, year: int):
    figure = figures.get(key, {}).get(year)
    return None if figure is None else figure["value"]


def _series(figures, key: str) -> dict:
    return {
        "key": key,
        "label": str(FigureKey(key).label),
        "points": list(figures.get(key, {}).values()),
    }


def _events(year: int) -> list[dict]:
    rows = (
        Event.objects.filter(year=year)
        .prefetch_related("organisers")
        .order_by("kind", "date", "title", "pk")
    )
    return [
        {
            "title": event.title,
            "kind": event.kind,
            "kind_label": event.get_kind_display(),
            "format": event.format,
            "format_label": event.get_format_display() if event.format else "",
            "date": event.date.isoformat() if event.date else None,
            "location": event.location,
            "occurrences": event.occurrences,
            "participants": event.participants,
            "participants_is_lower_bound": event.participants_is_lower_bound,
            "participants_display": event.participants_display,
            "organisers": _names(event.organisers.all()),
            "partner_organisers": _names(
                org for org in event.organisers.all() if org.kind not in OWN_ORGANISATION_KINDS
            ),
            "audience": event.audience,
            "topics": event.topics,
            "description": event.description,
        }
        for event in rows
    ]


def _participants_total(events: list[dict]) -> tuple[int | None, bool]:
    """Participants of the events together, and whether that is only a lower bound."""
    known = [event["participants"] for event in events if event["participants"] is not None]
    if not known:
        return None, False
    lower = len(known) < len(events) or any(
        event["participants_is_lower_bound"] for event in events
    )
    return sum(known), lower


def _event_totals(kind: str, events: list[dict]) -> dict:
    of_kind = [event for event in events if event["kind"] == kind]
    participants, lower = _participants_total(of_kind)
    return {
        "kind": kind,
        "label": str(EventKind(kind).label),
        "events": len(of_kind),
        "sessions": sum(event["occurrences"] for event in of_kind),
        "participants": participants,
        "participants_is_lower_bound": lower,
        "events_without_participants": sum(1 for e in of_kind if e["participants"] is None),
    }


# --- Sections -----------------------------------------------------------------------------------


def _narratives(year: int) -> dict:
    """The year's texts per section, in the report's order of sections.

    An empty text (a section started with "Starta året" and not written yet) is not printed. The
    heading of a section's first text is the chapter's title: when that text is still empty,
    its heading goes to the first text printed, unless that one has a heading of its own.
    """
    by_section: dict[str, list[dict]] = {}
    rows = Narrative.objects.filter(year=year).order_by("section", "order")
    for row in rows.values("section", "order", "heading", "body"):
        by_section.setdefault(row["section"], []).append(row)
    ordered = {}
    for section in ReportSection.values:
        texts = by_section.get(section, [])
        printed = [
            {"order": row["order"], "heading": row["heading"], "body": row["body"]}
            for row in texts
            if row["body"].strip()
        ]
        if not printed:
            continue
        first = texts[0]
        if not first["body"].strip() and first["heading"] and not printed[0]["heading"]:
            printed[0]["heading"] = first["heading"]
        ordered[section] = printed
    return {"has_data": bool(ordered), "sections": ordered}


def _year_in_brief(risks, harmonised, audits, competence, incidents) -> dict:
    totals = {row["kind"]: row for row in competence["by_kind"]}
    brief = {
        "risk_analyses": risks["count"],
        "in_depth_risk_analyses": risks["in_depth_count"],
        "harmonised_requirements": harmonised["count"],
        "audits": audits["total"],
        "audits_previous_year": audits["previous_year"]["total"],
        "incidents": incidents["count"],
        "trainings": totals[EventKind.TRAINING],
        "internal_trainings": totals[EventKind.INTERNAL_TRAINING],
        "webinars": totals[EventKind.WEBINAR],
        "conferences": totals[EventKind.CONFERENCE],
        "market_dialogues": totals[EventKind.MARKET_DIALOGUE],
    }
    brief["has_data"] = bool(
        risks["count"]
        or harmonised["count"]
        or audits["total"]
        or incidents["count"]
        or competence["has_data"]
    )
    return brief
