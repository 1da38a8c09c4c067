"""What a search text becomes before it reaches the database.

A company is written "Navamedic AB", "Navamedic Aktiebolag" or "Navamedic": the company form
says nothing about which company is meant, so it is left out of the name match. Texts are matched
on their words (PostgreSQL's Swedish full-text search, each word also as a prefix).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MIN_LENGTH = 2
MAX_LENGTH = 200

# Company forms, lower-case, as separate words: Swedish, Nordic and the common foreign ones.
COMPANY_FORMS = frozenset(
    {
        "ab",
        "aktiebolag",
        "aktiebolaget",
        "publ",
        "hb",
        "handelsbolag",
        "kb",
        "kommanditbolag",
        "ek.för",
        "as",
        "a/s",
        "asa",
        "aps",
        "oy",
        "oyj",
        "ehf",
        "hf",
        "gmbh",
        "ag",
        "bv",
        "nv",
        "sa",
        "sas",
        "srl",
        "spa",
        "s.p.a",
        "ltd",
        "limited",
        "inc",
        "llc",
        "plc",
        "corp",
        "corporation",
    }
)
_PUNCTUATION = " .,;:()\"'"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Terms:
    """A search text made ready: ``text`` as typed (trimmed), ``name`` without company forms,
    ``words`` for the full-text match, ``organisation_number`` when it reads as (the start of)
    one."""

    text: str
    name: str
    words: tuple[str, ...]
    organisation_number: str
    supplier_ids: list[int] = field(default_factory=list)  # set by search.selectors.search

    def variants(self, value: str) -> list[str]:
        """``value`` in the spellings SQLite's case-blind LIKE needs for å, ä, ö and the other
        letters beyond ASCII (it folds A–Z only): as typed, lower, upper and capitalised."""
        return list(dict.fromkeys([value, value.lower(), value.upper(), value.title()]))


def company_name_core(name: str) -> str:
    """``name`` without company forms and edge punctuation: "Navamedic Aktiebolag" → "Navamedic".
    A name of company forms only ("AB") stays as it is."""
    kept = [word for word in name.split() if word.lower().strip(_PUNCTUATION) not in COMPANY_FORMS]
    core = " ".join(kept).strip(_PUNCTUATION)
    return core or " ".join(name.split())


def parse(text: str) -> Terms:
    """The search text as Terms; the caller has checked its length (``problem``)."""
    text = " ".join(text.split())
    digits = re.sub(r"[\s-]", "", text)
    number = digits if digits.isdigit() and 6 <= len(digits) <= 10 else ""
    return Terms(
        text=text,
        name=company_name_core(text),
        words=tuple(word.lower() for word in _WORD.findall(text)),
        organisation_number=number,
    )


def problem(text: str) -> str:
    """Why the text cannot be searched for: 'empty', 'short' or 'long'; '' when it can."""
    text = " ".join((text or "").split())
    if not text:
        return "empty"
    if len(text) > MAX_LENGTH:
        return "long"
    if len(text) < MIN_LENGTH:
        return "short"
    return ""


def raw_tsquery(words: tuple[str, ...]) -> str:
    """The words as a tsquery that needs every word, each also as the start of a longer word:
    "riskanalys saknas" → "riskanalys:* & saknas:*". Only word characters pass (the rest of the
    text is dropped), so nothing typed can change the query's syntax."""
    return " & ".join(f"{word}:*" for word in words if word)
