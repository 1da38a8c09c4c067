"""The year around the audits, for bench/synthetic_year.py: prioritised categories, risk analyses
and studies, harmonised requirements, events, yearly figures, balanced accounts and narratives.

A mixin of the generator there: it uses its random source (``self.rng``), its bulk helpers
(``self._create``, ``self._link``) and the organisations and categories it read.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from audits.choices import AuditKind
from audits.models import Audit
from bench import synthetic_words as words
from incidents.models import Incident
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
from riskanalysis.models import CategoryPriority, RiskAnalysis, Study

SOURCE = "Syntetiska data (bench/synthetic_year.py)"

# What marks rows a year owns where the year is not a field of the row.
EARLIER_FIGURE_NOTE = "Syntetisk jämförelsesiffra för år {year}."
INSTRUMENT_PREFIX = "syntetisk-{year}-"


def _sv(number) -> str:
    """5000 → '5 000' with a no-break space, as the narratives print numbers."""
    return f"{number:,}".replace(",", "\u00a0")


class YearActivities:
    def _risks(self) -> None:
        rng, year = self.rng, self.year
        levels = ["low", "medium", "high", "very_high"]
        prioritised = rng.sample(self.categories, min(4, len(self.categories)))
        self._create(
            CategoryPriority,
            [
                CategoryPriority(
                    category=category,
                    start_year=year,
                    end_year=year,
                    human_rights_risk=rng.choice(levels),
                    labour_rights_risk=rng.choice(levels),
                    environment_risk=rng.choice(levels),
                    business_ethics_risk=rng.choice(levels),
                    note=SOURCE,
                )
                for category in prioritised
            ],
        )
        areas = rng.sample(words.PRODUCT_AREAS, 6)
        analyses = self._create(
            RiskAnalysis,
            [
                RiskAnalysis(
                    title=f"Fördjupad riskanalys: {area}",
                    kind="in_depth",
                    category=rng.choice(prioritised),
                    products_areas=area,
                    year=year,
                    summary=f"Riskerna i leveranskedjan för {area.lower()} har kartlagts.",
                )
                for area in areas
            ],
        )
        self._link(
            RiskAnalysis.responsible_organisations,
            [(a.pk, r.pk) for a in analyses for r in self._regions(1, 3)],
        )
        studies = self._create(
            Study,
            [
                Study(
                    title=f"Utredning om {topic}",
                    year=year,
                    summary=f"En sammanställning av kunskapsläget om {topic}.",
                    outcome="Rapporten har delats med alla regioner.",
                )
                for topic in rng.sample(words.EVENT_TOPICS, 2)
            ],
        )
        if self.secretariat:
            self._link(
                Study.responsible_organisations, [(s.pk, self.secretariat.pk) for s in studies]
            )
        kinds = [
            InstrumentKind.ENVIRONMENTAL_REQUIREMENT,
            InstrumentKind.GUIDANCE,
            InstrumentKind.DUE_DILIGENCE,
        ]
        instruments = []
        for index, area in enumerate(rng.sample(words.PRODUCT_AREAS, 7), start=1):
            kind = kinds[index % len(kinds)]
            instruments.append(
                Instrument(
                    code=f"{INSTRUMENT_PREFIX.format(year=year)}{index}",
                    kind=kind,
                    title=f"Harmoniserade krav: {area.lower()}",
                    category=None if index == 1 else rng.choice(prioritised),
                    applies_to_all_prioritised=index == 1,
                    products_areas=area,
                )
            )
        instruments = self._create(Instrument, instruments)
        self._create(
            InstrumentVersion,
            [
                InstrumentVersion(
                    instrument=i,
                    version=str(year),
                    year=year,
                    status=VersionStatus.PUBLISHED,
                    published_on=datetime.date(year, 6, 1),
                )
                for i in instruments
            ],
        )
        self._link(
            Instrument.responsible_organisations,
            [(i.pk, r.pk) for i in instruments for r in self._regions(1, 3)],
        )

    def _events(self) -> None:
        rng = self.rng
        plan = [
            ("training", "Utbildning", 12),
            ("internal_training", "Internutbildning", 6),
            ("webinar", "Webbinarium", 10),
            ("conference", "Konferens", 3),
            ("market_dialogue", "Marknadsdialog", 5),
            ("meeting", "Nordiskt möte", 4),
        ]
        rows, organisers = [], []
        for kind, label, count in plan:
            for number, topic in enumerate(rng.sample(words.EVENT_TOPICS, count), start=1):
                participants = rng.randint(15, 220) if kind != "meeting" else None
                rows.append(
                    Event(
                        title=f"{label} {number}: {topic}",
                        kind=kind,
                        format=rng.choice(["online", "in_person", "hybrid"]),
                        year=self.year,
                        date=self._day((1, 15), (12, 10)),
                        location=rng.choice(words.CITIES),
                        occurrences=rng.randint(1, 4) if kind in ("training", "webinar") else 1,
                        participants=participants,
                        participants_is_lower_bound=participants is not None and rng.random() < 0.1,
                        topics=topic[0].upper() + topic[1:] + ".",
                    )
                )
        for title in words.APPEARANCES:
            rows.append(
                Event(
                    title=f"{title} {self.year}",
                    kind="external_appearance",
                    year=self.year,
                    description="Representanter från kansliet deltog som inbjudna talare.",
                )
            )
        events = self._create(Event, rows)
        for event in events:
            if event.kind == "external_appearance":
                continue
            if event.kind == "meeting" and self.partners:
                organisers.append((event.pk, rng.choice(self.partners).pk))
            elif self.secretariat:
                organisers.append((event.pk, self.secretariat.pk))
            if event.kind in ("webinar", "market_dialogue") and self.partners:
                organisers.append((event.pk, rng.choice(self.partners).pk))
        self._link(Event.organisers, sorted(set(organisers)))

    def _figures(self) -> None:
        """This year's figures, and eight earlier years' for the charts where none exist."""
        year, rng = self.year, self.rng
        # (first value, yearly growth) of a series over nine years up to this one.
        series = {
            "newsletters": (12, 1.08),
            "newsletter_subscribers": (150, 1.25),
            "media_articles": (8, 1.15),
            "linkedin_followers": (1500, 1.17),
            "secretariat_staff": (4, 1.1),
        }
        rows = []
        for key, (first, growth) in series.items():
            for back in range(8, -1, -1):
                value = round(first * growth ** (8 - back) * rng.uniform(0.9, 1.1))
                note = EARLIER_FIGURE_NOTE.format(year=year) if back else ""
                rows.append(YearlyFigure(year=year - back, key=key, value=value, note=note))
        earlier = round(self.audit_count * 0.92)
        rows += [
            YearlyFigure(year=year, key="communication_fte_percent", value=50),
            YearlyFigure(year=year, key="ew_factories_reviewed", value=rng.randint(20, 40)),
            YearlyFigure(year=year, key="ew_mines_reviewed", value=rng.randint(2, 6)),
        ]
        # The previous year's hand count, unless that year has audits of its own to count (the
        # report would find the two at odds).
        if not Audit.objects.filter(year=year - 1).exists():
            rows.append(
                YearlyFigure(
                    year=year - 1,
                    key="audits_total",
                    value=earlier,
                    note=EARLIER_FIGURE_NOTE.format(year=year),
                )
            )
        for row in rows:
            row.source, row.is_synthetic = SOURCE, True
        # Real figures of earlier years (2023 and 2024 from seed_2024) win: those rows stay.
        made = YearlyFigure.objects.bulk_create(rows, ignore_conflicts=True)
        self.counts[YearlyFigure._meta.label] += len(made)

    def _accounts(self) -> None:
        rng = self.rng
        opening = Decimal(rng.randint(3000, 6000))
        closing = Decimal(rng.randint(1500, 3500))
        weights = [region.population or rng.randint(150, 2500) for region in self.regions]
        budget = 6 * self.audit_count  # tkr: the consultants' audits drive the costs
        amounts = [Decimal(round(budget * w / sum(weights))) for w in weights]
        accounts = self._create(
            FinancialYear,
            [
                FinancialYear(
                    year=self.year,
                    opening_balance=opening,
                    closing_balance=closing,
                    note="Överskottet förs över till nästa år som förutbetald intäkt.",
                )
            ],
        )[0]
        self._create(
            Contribution,
            [
                Contribution(financial_year=accounts, organisation=region, amount=amount)
                for region, amount in zip(self.regions, amounts, strict=True)
            ],
        )
        # The costs use what came in: the last line takes the rounding, so the year balances.
        income = opening + sum(amounts) - closing
        lines, left = [], income
        for order, (kind, label, share) in enumerate(words.COST_LINES, start=1):
            amount = (
                left if order == len(words.COST_LINES) else Decimal(round(income * Decimal(share)))
            )
            left -= amount
            lines.append(
                CostLine(
                    financial_year=accounts, kind=kind, label=label, amount=amount, order=order
                )
            )
        self._create(CostLine, lines)

    def _narratives(self) -> None:
        """A paragraph per section; every counted number in it agrees with the data."""
        year = self.year
        audits = Audit.objects.filter(year=year, is_synthetic=True)
        office = audits.filter(kind=AuditKind.OFFICE).count()
        follow_ups = audits.filter(kind=AuditKind.FOLLOW_UP).count()
        incidents = Incident.objects.filter(year_opened=year, is_synthetic=True).count()
        figures = dict(
            YearlyFigure.objects.filter(year__in=[year - 1, year], key="secretariat_staff")
            .order_by("year")
            .values_list("year", "value")
        )
        texts = {
            "introduction": (
                f"Verksamhetsrapport {year}",
                "Regionerna samarbetar för att de varor och tjänster de köper ska tillverkas "
                "under goda arbetsvillkor och med så liten miljöpåverkan som möjligt. Rapporten "
                "är framtagen ur syntetiska data för prestandamätning.",
            ),
            "year_in_brief": (
                "",
                f"{_sv(office + follow_ups)} revisioner genomfördes, varav {_sv(office)} "
                f"kontorsrevisioner och {_sv(follow_ups)} återrevisioner.",
            ),
            "audits": (
                "",
                f"Under året genomfördes {_sv(office)} kontorsrevisioner och {_sv(follow_ups)} "
                "återrevisioner. Avvikelserna gällde främst arbetstider och riskkartläggning "
                "i leveranskedjan.",
            ),
            "incidents": (
                "",
                f"Under året har {_sv(incidents)} ärenden hanterats, flera av dem tillsammans "
                "med nordiska partner.",
            ),
            "organisation": (
                "",
                f"Antalet medarbetare på kansliet gick från {figures[year - 1]:.0f} till "
                f"{figures[year]:.0f} under året.",
            ),
        }
        self._create(
            Narrative,
            [
                Narrative(year=year, section=section, order=1, heading=heading, body=body)
                for section, (heading, body) in texts.items()
            ],
        )
