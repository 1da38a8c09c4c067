"""Every figure and list of a year's activity report (verksamhetsrapport), read from the database.

``report_snapshot(year=…)`` returns a JSON-serialisable dict that a report job stores as its
snapshot and the PDF is rendered from. Sections follow the 2024 report. Each section has
``has_data``; a section without data has ``has_data: False`` and empty lists or ``None`` figures,
never an error. Only printable content enters the snapshot: audit internal notes, audit summaries,
incident timeline notes and everything of a confidential incident stay out of it.

The number of queries is fixed, whatever the number of rows (a test says so).

Counting rules, decided once here:
- An audit counts for a year when its ``year`` is that year and it was carried out (neither
  planned nor cancelled). The previous year's total is the hand-counted ``audits_total`` yearly
  figure where there is one (totals from before the portal, 42 in 2023), else the records.
- An incident was handled in a year when it was opened that year or its timeline has an entry of
  that year other than a plan. Confidential incidents are counted (``confidential_count``) but
  never listed: no title, text, supplier or organisation of theirs is in the snapshot.
- Participants summed over events are a lower bound when one of the events gives only a lower
  bound ("över 560") or gives no number at all.
"""

from __future__ import annotations

from reporting.report_helpers import (
    SNAPSHOT_VERSION,
    _events,
    _narratives,
    _year_in_brief,
    _yearly_figures,
)
from reporting.report_sections import (
    _accounts,
    _audits,
    _collaboration,
    _communication,
    _competence,
    _harmonised_requirements,
    _incidents,
    _organisation,
    _risks,
)


def report_snapshot(*, year: int) -> dict:
    """Every figure and list of the report of ``year``, JSON-serialisable."""
    figures = _yearly_figures(year)
    risks = _risks(year)
    harmonised = _harmonised_requirements(year)
    audits = _audits(year, figures)
    incidents = _incidents(year)
    events = _events(year)
    competence = _competence(events)
    communication = _communication(year, figures, events)
    collaboration = _collaboration(year, figures, events)
    organisation = _organisation(year, figures)
    accounts = _accounts(year)
    narratives = _narratives(year)
    sections = {
        "year_in_brief": _year_in_brief(risks, harmonised, audits, competence, incidents),
        "risks": risks,
        "harmonised_requirements": harmonised,
        "audits": audits,
        "incidents": incidents,
        "organisation": organisation,
        "competence": competence,
        "communication": communication,
        "collaboration": collaboration,
        "accounts": accounts,
    }
    return {
        "version": SNAPSHOT_VERSION,
        "year": year,
        "has_data": bool(narratives["has_data"])
        or any(section["has_data"] for section in sections.values()),
        "narratives": narratives,
        **sections,
    }
