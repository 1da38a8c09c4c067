"""Ten years of synthetic data at a scale: ``python -m bench.generate_scale_data --scale N``.

``make_scale_data(scale, seed=1, first_year=2031)`` makes, in one transaction and with bulk
inserts only, ten consecutive years from ``first_year``:

- scale 1, about Sweden over ten years: the 21 regions (read, never changed), 2 500 suppliers,
  100 audits a year with about 10 findings each, 25 incidents a year, and each year's events,
  figures, accounts, risk analyses, requirements and narratives (bench/synthetic_year.py);
- scale 20, about the Nordic countries: 95 organisations leading audits (the 21 regions and 74
  synthetic Nordic regions, health authorities, cities and purchasing bodies, NO-03 … IS-8),
  50 000 suppliers, 2 000 audits a year (20 000), about 200 000 findings, 5 000 incidents.

Suppliers, audits, findings and incidents grow linearly with the scale; the organisations grow
from the 21 regions (scale 1 and below) to all 95 (scale 20 and above). The suppliers are one
pool shared by the ten years, so many have no audit and some are audited in several years.
Every row is ``is_synthetic``, and the rows with history (suppliers, audits, findings,
incidents, …) get their history rows in bulk too.

The same (scale, seed, first_year) gives the same content. A rerun first removes the synthetic
rows of the ten years and the supplier pool of the same first year, and nothing else; a year
holding real facts (seed_2024's 2024) is refused before anything is written. The synthetic
organisations are made once and kept: a later run, or another first year, reuses them.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from collections import Counter
from dataclasses import dataclass

from django.db import transaction

from bench import synthetic_words as words
from bench.synthetic_year import (
    _Generator,
    _wipe,
    real_facts,
    remove_synthetic_year,
)
from organisations.choices import OrganisationKind, Role
from organisations.models import Membership, Organisation, User
from reminders.models import RegionContact
from suppliers.models import Supplier

YEARS = 10
FIRST_YEAR = 2031
MAX_SCALE = 100
# Per unit of scale: suppliers in all, audits and incidents a year; findings per audit.
SUPPLIERS = 2500
AUDITS_A_YEAR = 100
INCIDENTS_A_YEAR = 25
FINDINGS_PER_AUDIT = 10
# The scale at which every synthetic Nordic organisation leads audits.
NORDIC_SCALE = 20
# The share of new suppliers from the Nordic countries beyond Sweden when all the Nordic
# organisations take part; less in proportion to the organisations that do.
NORDIC_SUPPLIER_SHARE = 0.6
# What marks the supplier pool of a run (its ten years), as SUPPLIER_NOTE marks a year's.
POOL_NOTE = "Syntetisk leverantör för åren {first}–{last} (skaldata)."


def nordic_organisations() -> list[tuple[str, str, str, str, str]]:
    """(kind, code, name, short name, country) of every synthetic Nordic organisation, in the
    order they join as the scale grows: a country at a time, in turn."""
    rows = [
        [(kind, code, name, short, country) for kind, code, name, short in group]
        for country, group in words.NORDIC_ORGANISATIONS.items()
    ]
    return [row for turn in itertools.zip_longest(*rows) for row in turn if row]


def organisations_at(scale: float) -> int:
    """How many synthetic Nordic organisations take part at ``scale``: none up to 1, all from
    NORDIC_SCALE, linearly between."""
    share = min(1.0, max(0.0, (scale - 1) / (NORDIC_SCALE - 1)))
    return round(len(nordic_organisations()) * share)


@dataclass(frozen=True)
class Plan:
    scale: float
    first_year: int
    suppliers: int
    audits_a_year: int
    incidents_a_year: int
    organisations: int

    @property
    def years(self) -> range:
        return range(self.first_year, self.first_year + YEARS)


def plan(scale: float, first_year: int = FIRST_YEAR) -> Plan:
    """The counts of a run, or ValueError with what is wrong with the arguments."""
    if not isinstance(scale, int | float) or not math.isfinite(scale) or scale <= 0:
        raise ValueError(f"The scale must be a number above 0, not {scale}.")
    if scale > MAX_SCALE:
        raise ValueError(f"The scale is at most {MAX_SCALE}, not {scale}.")
    last_year = first_year + YEARS - 1
    if first_year < 2000 or last_year > 2100:
        raise ValueError(
            f"The ten years {first_year}–{last_year} must lie within 2000–2100 "
            f"(the first year from 2000 to {2100 - YEARS + 1})."
        )
    return Plan(
        scale=scale,
        first_year=first_year,
        suppliers=max(2, round(SUPPLIERS * scale)),
        audits_a_year=max(2, round(AUDITS_A_YEAR * scale)),
        incidents_a_year=max(1, round(INCIDENTS_A_YEAR * scale)),
        organisations=organisations_at(scale),
    )


def refuse_real_years(years: range) -> None:
    """ValueError naming every year of ``years`` that holds real facts, and which."""
    held = {year: labels for year in years if (labels := real_facts(year))}
    if held:
        listed = "; ".join(f"{year}: {', '.join(labels)}" for year, labels in held.items())
        raise ValueError(
            f"The years {years[0]}–{years[-1]} overlap real facts ({listed}); choose a first "
            f"year whose ten years hold no real data, e.g. {FIRST_YEAR}."
        )


def make_scale_data(scale: float, seed: int = 1, first_year: int = FIRST_YEAR) -> dict[str, int]:
    """Replace the synthetic data of the ten years from ``first_year`` with data at ``scale``.

    Returns the number of rows made, per model label (history models included).
    """
    the_plan = plan(scale, first_year)
    years = the_plan.years
    counts: Counter = Counter()
    with transaction.atomic():
        refuse_real_years(years)
        for year in years:
            remove_synthetic_year(year)
        pool_note = POOL_NOTE.format(first=years[0], last=years[-1])
        _wipe(Supplier.objects.filter(is_synthetic=True, notes=pool_note))

        leads = _organisations(the_plan.organisations, counts)
        regions = Organisation.objects.filter(kind=OrganisationKind.REGION).order_by("code")
        _contacts([*regions, *leads], counts)
        key = f"scale:{seed}:{scale!r}:{first_year}"
        options = {
            "leads": leads,
            "country_shares": _country_shares(leads),
            "name_places": words.NAME_PLACES,
        }
        # The pool of suppliers, made once for the ten years.
        maker = _Generator(
            years[0], the_plan.audits_a_year, random.Random(f"{key}:suppliers"), **options
        )
        pool = maker._suppliers(the_plan.suppliers, note=pool_note)
        counts.update(maker.counts)
        for year in years:
            generator = _Generator(
                year,
                the_plan.audits_a_year,
                random.Random(f"{key}:{year}"),
                findings_per_audit=FINDINGS_PER_AUDIT,
                incidents=the_plan.incidents_a_year,
                **options,
            )
            counts.update(generator.run(suppliers=pool))
    return dict(sorted(counts.items()))


def _organisations(count: int, counts: Counter) -> list[Organisation]:
    """The first ``count`` synthetic Nordic organisations, made where missing (an existing
    organisation of the code is used as it is, never changed)."""
    wanted = nordic_organisations()[:count]
    codes = [code for _kind, code, _name, _short, _country in wanted]
    existing = set(Organisation.objects.filter(code__in=codes).values_list("code", flat=True))
    new = [
        Organisation(
            code=code,
            name=name,
            short_name=short,
            kind=kind,
            country=country,
            description="Syntetisk organisation för prestandamätning (skaldata).",
            is_synthetic=True,
        )
        for kind, code, name, short, country in wanted
        if code not in existing
    ]
    Organisation.objects.bulk_create(new)
    counts[Organisation._meta.label] += len(new)
    by_code = Organisation.objects.in_bulk(codes, field_name="code")
    return [by_code[code] for code in codes]


def _contacts(organisations: list[Organisation], counts: Counter) -> None:
    """Per organisation a procurer and an escalation contact with e-mail addresses (under
    .invalid, never deliverable), made where missing: the people the reminders of a synthetic
    day go to. Usernames start with ``synt.``."""
    wanted = {}
    for org in organisations:
        slug = org.code.lower().replace("-", "")
        domain = f"{slug}.synthetic.invalid"
        wanted[f"synt.upphandlare.{slug}"] = (org, Role.PROCURER, f"upphandlare@{domain}", False)
        wanted[f"synt.kontakt.{slug}"] = (org, Role.READER, f"kontakt@{domain}", True)
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    new = [
        User(username=name, email=email, first_name="Syntetisk", last_name=org.code)
        for name, (org, _role, email, _contact) in wanted.items()
        if name not in existing
    ]
    for user in new:
        user.set_unusable_password()
    User.objects.bulk_create(new)
    users = User.objects.in_bulk([u.username for u in new], field_name="username")
    Membership.objects.bulk_create(
        [
            Membership(
                user=users[u.username],
                organisation=wanted[u.username][0],
                role=role,
                is_synthetic=True,
            )
            for u in new
            for role in [wanted[u.username][1]]
        ]
    )
    RegionContact.objects.bulk_create(
        [
            RegionContact(organisation=wanted[u.username][0], user=users[u.username])
            for u in new
            if wanted[u.username][3]
        ]
    )
    counts[User._meta.label] += len(new)
    counts[Membership._meta.label] += len(new)
    counts[RegionContact._meta.label] += sum(1 for u in new if wanted[u.username][3])


def _country_shares(leads: list[Organisation]) -> list[tuple[str, str, float]]:
    """words.COUNTRIES, with suppliers from the Nordic countries of the ``leads`` in proportion
    to how many of all synthetic organisations take part."""
    nordic = Counter(org.country for org in leads if org.country in words.NORDIC_FORMS)
    share = NORDIC_SUPPLIER_SHARE * len(leads) / len(nordic_organisations())
    shares = {c: (form, s * (1 - share)) for c, form, s in words.COUNTRIES}
    for country, number in sorted(nordic.items()):
        form, before = shares.get(country, (words.NORDIC_FORMS[country], 0.0))
        shares[country] = (form, before + share * number / sum(nordic.values()))
    return [(country, form, s) for country, (form, s) in shares.items()]


def timed_make_scale_data(**kwargs) -> tuple[dict[str, int], float]:
    """make_scale_data and the seconds it took."""
    start = time.perf_counter()
    counts = make_scale_data(**kwargs)
    return counts, time.perf_counter() - start
