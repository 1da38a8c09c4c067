"""Likely duplicate suppliers: the same organisation number, the same name once company forms
and punctuation are set aside, or a similar name.

Names are compared by two keys:
- ``name_key``: lower case, punctuation as spaces, accents off the letters except the Nordic
  ones (å, ä, ö, æ, ø are letters of their own in Swedish and its neighbours: "Åhléns" keeps its
  å), and the company forms (AB, Aktiebolag, A/S, GmbH, Oy, Ltd …) left out. Two suppliers with
  the same key are "the same name".
- ``folded_key``: the name key with the Nordic letters folded too (å → a, ö → o) and no spaces:
  what the similarity is measured on, so "Åhléns" and "Ahlens" are similar (100 %) but not the
  same name, and "Vi tri Medical" and "Vitri Medical" are one spelling apart.

The similarity is rapidfuzz's ``ratio`` (0–100) of the folded keys, on SQLite and PostgreSQL
alike. Names are first grouped into blocks (each word of four letters or more, and the first
and last four letters of the folded key), and only names sharing a block are compared: the
register is read once and every name is compared with a few others, not with all of them (the
page of possible duplicates, an import). One new supplier (the form, the API) on PostgreSQL
reads only its candidates, through a pg_trgm index (``FOLDED_NAME_SQL``; suppliers.selectors).
Two companies of different known countries are not duplicates by name (a group's AB and AS).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# A similarity at or above this (of 100) makes two names "similar".
SIMILARITY_THRESHOLD = 85
# A block holding more names than this says little (a common word): it is not compared.
BLOCK_LIMIT = 400

NORDIC_LETTERS = {"å", "ä", "ö", "æ", "ø"}
FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "æ": "ae", "ø": "o"})

# Company forms, as their words once punctuation is spaces: "A/S" is ("a", "s").
COMPANY_FORMS = {
    tuple(form.split())
    for form in (
        "ab",
        "aktiebolag",
        "aktiebolaget",
        "publ",
        "hb",
        "handelsbolag",
        "kb",
        "kommanditbolag",
        "ek för",
        "ekonomisk förening",
        "a s",
        "as",
        "asa",
        "aps",
        "a b",
        "gmbh",
        "ag",
        "kg",
        "gmbh co kg",
        "oy",
        "oyj",
        "ab oy",
        "ltd",
        "limited",
        "plc",
        "inc",
        "incorporated",
        "llc",
        "corp",
        "corporation",
        "co",
        "company",
        "sa",
        "s a",
        "sas",
        "sarl",
        "srl",
        "spa",
        "s p a",
        "bv",
        "b v",
        "nv",
        "n v",
        "ehf",
        "hf",
        "sp z o o",
    )
}
LONGEST_FORM = max(len(form) for form in COMPANY_FORMS)
NOT_WORD = re.compile(r"[^\w]+|_")

# The name as PostgreSQL's trigram index holds it (suppliers migration 0006): lower case, the
# accents and the Nordic letters folded. Constants only, so a query's expression is the index's.
_SQL_FOLD_FROM, _SQL_FOLD_TO = "åäöæøéèêëüûúùáàâíìîóòôçñ", "aaoaoeeeeuuuuaaaiiiooocn"
FOLDED_NAME_SQL = f"translate(lower(name), '{_SQL_FOLD_FROM}', '{_SQL_FOLD_TO}')"
SQL_FOLD = str.maketrans(_SQL_FOLD_FROM, _SQL_FOLD_TO)


# The Nordic letters stand in for themselves while the other accents are taken off.
_PROTECT = str.maketrans({"å": "\x01", "ä": "\x02", "ö": "\x03", "æ": "\x04", "ø": "\x05"})
_RESTORE = str.maketrans({"\x01": "å", "\x02": "ä", "\x03": "ö", "\x04": "æ", "\x05": "ø"})


def _strip_accents(text: str) -> str:
    """Accents off every letter but the Nordic ones (é → e, ü → u; å, ä, ö stay)."""
    text = text.translate(_PROTECT)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return text.translate(_RESTORE)


def _drop_forms(words: list[str]) -> list[str]:
    """Company forms off the end (and the start: "AB Volvo"), keeping at least one word."""
    changed = True
    while changed and len(words) > 1:
        changed = False
        for size in range(min(LONGEST_FORM, len(words) - 1), 0, -1):
            if tuple(words[-size:]) in COMPANY_FORMS:
                words, changed = words[:-size], True
                break
            if tuple(words[:size]) in COMPANY_FORMS:
                words, changed = words[size:], True
                break
    return words


def name_key(name: str) -> str:
    """The name as compared for "the same name" (see the module docstring)."""
    text = _strip_accents(unicodedata.normalize("NFKC", name or "").casefold())
    words = [word for word in NOT_WORD.split(text.replace("&", " ")) if word]
    return " ".join(_drop_forms(words))


def folded_key(key: str) -> str:
    """A name key with the Nordic letters folded and no spaces: what similarity measures."""
    return key.translate(FOLD).replace(" ", "")


def similarity(a: str, b: str) -> float:
    """How alike two folded keys are, 0–100."""
    return fuzz.ratio(a, b)


def _blocks(key: str, folded: str) -> set[str]:
    found = {f"w:{word.translate(FOLD)}" for word in key.split() if len(word) >= 4}
    if len(folded) >= 4:
        found.add(f"p:{folded[:4]}")
        found.add(f"s:{folded[-4:]}")
    elif folded:
        found.add(f"x:{folded}")
    return found


class Reason:
    ORGANISATION_NUMBER = "organisation_number"
    SAME_NAME = "same_name"
    SIMILAR_NAME = "similar_name"


@dataclass(frozen=True)
class Match:
    """A supplier of the register that looks like the one checked, and why."""

    pk: int
    name: str
    organisation_number: str
    reason: str
    score: int  # similarity of 100; 100 for the same number or name


@dataclass
class Entry:
    pk: int
    name: str
    organisation_number: str
    key: str
    folded: str
    country: str = ""


def _other_country(one: str, other: str) -> bool:
    """Both countries known and not the same: a group's companies in two countries (Aquacare AB
    in Sweden, Aquacare AS in Norway) are two legal entities, not a duplicate by name."""
    return bool(one and other and one != other)


class NameIndex:
    """Names (and organisation numbers, countries) read once, to check many names against them
    without a query each: ``matches(name, number, country)``."""

    def __init__(self, rows: Iterable[tuple] = ()):
        self.entries: dict[int, Entry] = {}
        self.by_number: dict[str, list[int]] = defaultdict(list)
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.by_block: dict[str, list[int]] = defaultdict(list)
        for pk, name, number, *country in rows:
            self.add(pk, name, number, country[0] if country else "")

    def add(self, pk: int, name: str, number: str = "", country: str = "") -> None:
        key = name_key(name)
        entry = Entry(pk, name, number or "", key, folded_key(key), country or "")
        self.entries[pk] = entry
        if entry.organisation_number:
            self.by_number[entry.organisation_number].append(pk)
        self.by_key[key].append(pk)
        for block in _blocks(key, entry.folded):
            self.by_block[block].append(pk)

    def matches(self, name: str, number: str = "", country: str = "", *, exclude=()) -> list[Match]:
        """The entries like ``name`` (and ``number``), best first: the same organisation number,
        then the same name key, then similar names (not of another known country)."""
        key = name_key(name)
        folded = folded_key(key)
        found: dict[int, Match] = {}

        def put(pk, reason, score):
            if pk in exclude or pk in found:
                return
            entry = self.entries[pk]
            found[pk] = Match(pk, entry.name, entry.organisation_number, reason, score)

        if number:
            for pk in self.by_number.get(number, ()):
                put(pk, Reason.ORGANISATION_NUMBER, 100)
        for pk in self.by_key.get(key, ()):
            if not _other_country(country, self.entries[pk].country):
                put(pk, Reason.SAME_NAME, 100)
        if folded:
            candidates = set()
            for block in _blocks(key, folded):
                members = self.by_block.get(block, ())
                if len(members) <= BLOCK_LIMIT:
                    candidates.update(members)
            for pk in candidates - found.keys():
                if _other_country(country, self.entries[pk].country):
                    continue
                score = similarity(folded, self.entries[pk].folded)
                if score >= SIMILARITY_THRESHOLD:
                    put(pk, Reason.SIMILAR_NAME, round(score))
        order = {Reason.ORGANISATION_NUMBER: 0, Reason.SAME_NAME: 1, Reason.SIMILAR_NAME: 2}
        return sorted(found.values(), key=lambda m: (order[m.reason], -m.score, m.name, m.pk))

    def pairs(self) -> list[tuple[int, int, str, int]]:
        """Every pair of entries that look alike: (pk, other pk, reason, score), each once.
        The similar names of each block are compared in one call (rapidfuzz's ``cdist``)."""
        found: dict[tuple[int, int], tuple[str, int]] = {}

        def put(a, b, reason, score):
            pair = (min(a, b), max(a, b))
            if a == b or pair in found:
                return
            if reason != Reason.ORGANISATION_NUMBER and _other_country(
                self.entries[a].country, self.entries[b].country
            ):
                return
            found[pair] = (reason, score)

        for reason, groups in (
            (Reason.ORGANISATION_NUMBER, self.by_number),
            (Reason.SAME_NAME, self.by_key),
        ):
            for members in groups.values():
                for i, a in enumerate(members):
                    for b in members[i + 1 :]:
                        put(a, b, reason, 100)
        for members in self.by_block.values():
            if len(members) < 2 or len(members) > BLOCK_LIMIT:
                continue
            keys = [self.entries[pk].folded for pk in members]
            scores = process.cdist(
                keys, keys, scorer=fuzz.ratio, score_cutoff=SIMILARITY_THRESHOLD, dtype="uint8"
            )
            rows, columns = scores.nonzero()
            for i, j in zip(rows.tolist(), columns.tolist(), strict=True):
                if i < j:
                    put(members[i], members[j], Reason.SIMILAR_NAME, int(scores[i, j]))
        return [(a, b, reason, score) for (a, b), (reason, score) in found.items()]
