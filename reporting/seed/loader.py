"""Loads the 2024 facts idempotently: a second run finds every row as it is and saves nothing.

Rows are found by their natural keys and saved only when a field differs, so a re-run neither
bumps ``modified`` (which incremental sync reads) nor writes history.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from audits.choices import AuditKind, AuditStatus, TimelineAction
from audits.models import Audit, AuditEvent
from incidents.models import Incident, IncidentEvent, IncidentRisk, LabTest
from organisations.models import Organisation, Partnership, PartnershipYear
from reporting.models import (
    Contribution,
    CostLine,
    Event,
    FinancialYear,
    Narrative,
    YearlyFigure,
)
from reporting.seed import facts_2024 as facts
from requirements_catalog.choices import VersionStatus
from requirements_catalog.models import Instrument, InstrumentVersion
from riskanalysis.models import Category, CategoryPriority, RiskAnalysis, Study
from suppliers.models import FrameworkAgreement, Site, Supplier, SupplierAlias, SupplierSite

NARRATIVES_FILE = "narratives_2024.json"


class Loader:
    """Upserts rows and counts what it created, updated and left unchanged, per model."""

    def __init__(self):
        self.counts: dict[str, Counter] = {}

    def _count(self, model, outcome: str) -> None:
        self.counts.setdefault(model._meta.label, Counter())[outcome] += 1

    def upsert(self, model, lookup: dict, defaults: dict | None = None):
        defaults = defaults or {}
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **defaults)
            obj.full_clean()
            obj.save()
            self._count(model, "created")
            return obj
        changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, defaults[name])
            obj.full_clean()
            obj.save()
            self._count(model, "updated")
        else:
            self._count(model, "unchanged")
        return obj

    def set_m2m(self, obj, field: str, targets) -> None:
        manager = getattr(obj, field)
        wanted = {target.pk for target in targets}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(targets)

    def summary(self) -> dict[str, dict[str, int]]:
        return {label: dict(counter) for label, counter in sorted(self.counts.items())}


def _date(year: int, month: int | None) -> datetime.date:
    return datetime.date(year, month or 1, 1)


@transaction.atomic
def load_2024() -> dict[str, dict[str, int]]:
    """Load every fact of the 2024 report; return what was created/updated/unchanged."""
    loader = Loader()
    orgs = _organisations(loader)
    categories = _categories(loader)
    _risk_analyses(loader, orgs, categories)
    _instruments(loader, orgs, categories)
    suppliers = _suppliers(loader)
    _agreements(loader, orgs, categories, suppliers)
    incidents = _incidents(loader, orgs, categories, suppliers)
    _audits(loader, suppliers, incidents)
    _events(loader, orgs)
    _figures(loader)
    _accounts(loader, orgs)
    _narratives(loader)
    return loader.summary()


def _organisations(loader: Loader) -> dict[str, Organisation]:
    orgs = {}
    for code, name, short_name, _amount in facts.REGIONS:
        orgs[code] = loader.upsert(
            Organisation,
            {"code": code},
            {"name": name, "short_name": short_name, "kind": "region", "country": "SE"},
        )
    for code, (name, short_name, kind, country, description) in facts.ORGANISATIONS.items():
        orgs[code] = loader.upsert(
            Organisation,
            {"code": code},
            {
                "name": name,
                "short_name": short_name,
                "kind": kind,
                "country": country,
                "description": description,
            },
        )
    for code, kind, since, description in facts.PARTNERSHIPS:
        partnership = loader.upsert(
            Partnership, {"partner": orgs[code], "kind": kind}, {"since_year": since}
        )
        # The report's description is the partnership's text of the report's year.
        loader.upsert(
            PartnershipYear,
            {"partnership": partnership, "year": facts.YEAR},
            {"description": description},
        )
    return orgs


def _categories(loader: Loader) -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for name, parent in facts.CATEGORIES:
        categories[name] = loader.upsert(
            Category, {"name": name, "parent": categories[parent] if parent else None}
        )
    start, end = facts.PRIORITY_PERIOD
    for name in facts.PRIORITISED_CATEGORIES:
        loader.upsert(
            CategoryPriority,
            {"category": categories[name], "start_year": start},
            {
                "end_year": end,
                "note": f"Prioriterad inköpskategori {start}–{end} ({facts.SOURCE}).",
            },
        )
    return categories


def _risk_analyses(loader: Loader, orgs, categories) -> None:
    for category, products, responsible in facts.RISK_ANALYSES:
        analysis = loader.upsert(
            RiskAnalysis,
            {"year": facts.YEAR, "category": categories[category], "products_areas": products},
            {"title": f"Fördjupad riskanalys: {products}", "kind": "in_depth"},
        )
        loader.set_m2m(analysis, "responsible_organisations", [orgs[c] for c in responsible])
    for study in facts.STUDIES:
        row = loader.upsert(
            Study,
            {"year": facts.YEAR, "title": study["title"]},
            {"summary": study["summary"], "outcome": study["outcome"]},
        )
        loader.set_m2m(row, "responsible_organisations", [orgs[c] for c in study["responsible"]])
        loader.set_m2m(row, "counterparts", [orgs[c] for c in study["counterparts"]])


def _instruments(loader: Loader, orgs, categories) -> None:
    instruments = {}
    for spec in facts.INSTRUMENTS:
        instrument = loader.upsert(
            Instrument,
            {"code": spec["code"]},
            {
                "kind": spec["kind"],
                "title": spec["title"],
                "category": categories[spec["category"]] if spec["category"] else None,
                "applies_to_all_prioritised": spec["all_prioritised"],
                "products_areas": spec["products_areas"],
                "description": spec["description"],
            },
        )
        loader.set_m2m(
            instrument, "responsible_organisations", [orgs[c] for c in spec["responsible"]]
        )
        loader.upsert(
            InstrumentVersion,
            {"instrument": instrument, "version": str(facts.YEAR)},
            {"year": facts.YEAR, "status": VersionStatus.PUBLISHED, "notes": spec["version_notes"]},
        )
        instruments[spec["code"]] = instrument
    for spec in facts.INSTRUMENTS:
        if spec["related"]:
            loader.set_m2m(
                instruments[spec["code"]],
                "related_instruments",
                [instruments[code] for code in spec["related"]],
            )


def _suppliers(loader: Loader) -> dict[str, Supplier]:
    suppliers = {}
    for name in [*facts.OFFICE_AUDITS, *facts.FOLLOW_UP_AUDITS, *facts.OTHER_SUPPLIERS]:
        suppliers[name] = loader.upsert(Supplier, {"name": name})
    for name, aliases in facts.ALIASES.items():
        for alias, kind, note in aliases:
            loader.upsert(
                SupplierAlias,
                {"supplier": suppliers[name], "name": alias},
                {"kind": kind, "note": note},
            )
    for spec in facts.SITES:
        site = loader.upsert(
            Site,
            {"name": spec["name"], "country": spec["country"]},
            {"kind": spec["kind"], "notes": spec["notes"]},
        )
        for supplier in spec["suppliers"]:
            loader.upsert(
                SupplierSite, {"supplier": suppliers[supplier], "site": site}, {"tier": 1}
            )
    return suppliers


def _agreements(loader: Loader, orgs, categories, suppliers) -> None:
    for spec in facts.AGREEMENTS:
        loader.upsert(
            FrameworkAgreement,
            {"supplier": suppliers[spec["supplier"]], "lead_organisation": orgs[spec["lead"]]},
            {
                "title": spec["title"],
                "category": categories[spec["category"]],
                "status": spec["status"],
                "termination_reason": spec["termination_reason"],
            },
        )


def _incidents(loader: Loader, orgs, categories, suppliers) -> dict[str, Incident]:
    incidents = {}
    sites = {site.name: site for site in Site.objects.all()}
    for spec in facts.INCIDENTS:
        incident = loader.upsert(
            Incident,
            {"year_opened": spec["year_opened"], "title": spec["title"]},
            {
                "source": spec["source"],
                "source_detail": spec["source_detail"],
                "category": categories[spec["category"]] if spec["category"] else None,
                "countries": spec["countries"],
                "lead_organisation": orgs[spec["lead"]] if spec["lead"] else None,
                "status": spec["status"],
                "confidential": spec["confidential"],
                "description": spec["description"],
                "outcome": spec["outcome"],
            },
        )
        loader.set_m2m(incident, "involved_organisations", [orgs[c] for c in spec["involved"]])
        loader.set_m2m(incident, "partners", [orgs[c] for c in spec["partners"]])
        loader.set_m2m(incident, "suppliers", [suppliers[s] for s in spec["suppliers"]])
        loader.set_m2m(incident, "sites", [sites[s] for s in spec["sites"]])
        for area in spec["risks"]:
            loader.upsert(IncidentRisk, {"incident": incident, "area": area})
        for (year, month), precision, kind, description in spec["timeline"]:
            loader.upsert(
                IncidentEvent,
                {
                    "incident": incident,
                    "occurred_on": _date(year, month),
                    "description": description,
                },
                {"precision": precision, "kind": kind},
            )
        for test in spec["lab_tests"]:
            loader.upsert(
                LabTest,
                {"incident": incident, "sample": test["sample"], "method": test["method"]},
                {
                    "status": test["status"],
                    "sampled_on": _date(*test["sampled_on"]),
                    "sampled_precision": test["sampled_precision"],
                },
            )
        incidents[spec["title"]] = incident
    return incidents


def _audits(loader: Loader, suppliers, incidents) -> None:
    incident_by_supplier = {
        spec["audit_supplier"]: incidents[spec["title"]]
        for spec in facts.INCIDENTS
        if spec.get("audit_supplier")
    }
    lists = [(AuditKind.OFFICE, facts.OFFICE_AUDITS), (AuditKind.FOLLOW_UP, facts.FOLLOW_UP_AUDITS)]
    for kind, names in lists:
        for name in names:
            before = loader.counts.get(Audit._meta.label, Counter())["created"]
            audit = loader.upsert(
                Audit,
                {
                    "supplier": suppliers[name],
                    "year": facts.YEAR,
                    "kind": kind,
                    "is_synthetic": False,
                },
                {
                    "status": AuditStatus.CONDUCTED,
                    "observer_required": name in facts.OBSERVER_REQUIRED,
                    "incident": incident_by_supplier.get(name),
                },
            )
            if loader.counts[Audit._meta.label]["created"] > before:
                AuditEvent.objects.create(
                    audit=audit,
                    at=timezone.now(),
                    occurred_on=timezone.localdate(),
                    action=TimelineAction.IMPORTED,
                    message=f"Inläst från {facts.SOURCE}.",
                )


def _events(loader: Loader, orgs) -> None:
    for spec in facts.EVENTS:
        event = loader.upsert(
            Event,
            {"year": facts.YEAR, "title": spec["title"]},
            {
                "kind": spec["kind"],
                "format": spec["format"],
                "occurrences": spec["occurrences"],
                "audience": spec["audience"],
                "topics": spec["topics"],
                "participants": spec["participants"],
                "participants_is_lower_bound": spec["lower"],
                "location": spec["location"],
                "description": spec["description"],
            },
        )
        loader.set_m2m(event, "organisers", [orgs[c] for c in spec["organisers"]])
    for title, description in facts.EXTERNAL_APPEARANCES:
        loader.upsert(
            Event,
            {"year": facts.YEAR, "title": title},
            {"kind": "external_appearance", "description": description},
        )


def _figures(loader: Loader) -> None:
    for year, key, value, note in facts.YEARLY_FIGURES:
        loader.upsert(
            YearlyFigure,
            {"year": year, "key": key},
            {"value": Decimal(value), "source": facts.SOURCE, "note": note},
        )


def _accounts(loader: Loader, orgs) -> None:
    accounts = facts.ACCOUNTS
    financial_year = loader.upsert(
        FinancialYear,
        {"year": facts.YEAR},
        {
            "opening_balance": Decimal(accounts["opening_balance"]),
            "closing_balance": Decimal(accounts["closing_balance"]),
            "note": accounts["note"],
        },
    )
    for code, _name, _short, amount in facts.REGIONS:
        loader.upsert(
            Contribution,
            {"financial_year": financial_year, "organisation": orgs[code]},
            {"amount": Decimal(amount)},
        )
    for order, (kind, label, amount, note) in enumerate(accounts["costs"], start=1):
        loader.upsert(
            CostLine,
            {"financial_year": financial_year, "label": label},
            {"kind": kind, "amount": Decimal(amount), "note": note, "order": order},
        )


def _narratives(loader: Loader) -> None:
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).parent / NARRATIVES_FILE).read_text(encoding="utf-8"))
    for paragraph in data["paragraphs"]:
        loader.upsert(
            Narrative,
            {"year": data["year"], "section": paragraph["section"], "order": paragraph["order"]},
            {"heading": paragraph["heading"], "body": paragraph["body"]},
        )
