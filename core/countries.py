"""Country names for ISO 3166-1 alpha-2 codes, in Swedish, English or the active language.

The names are CLDR's territory names as Babel ships them (``babel.Locale(…).territories``), not
a hand list: every code ``core.validators`` accepts has a name in both of the portal's
languages ("CI" → "Elfenbenskusten" / "Côte d’Ivoire"), and the names follow the Unicode
consortium's updates when Babel is upgraded. CLDR is what operating systems and browsers name
countries by, so the report and the portal read the way the users' other software does.

A code CLDR does not know (none of ISO_COUNTRY_CODES today) prints as the code itself, never
an error: a record that predates a change of the standard still renders.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from babel import Locale, UnknownLocaleError
from django.utils import translation

# The language whose names are used when the active one has none (Babel knows sv and en).
FALLBACK_LANGUAGE = "en"


@cache
def _territories(language: str) -> dict[str, str]:
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(FALLBACK_LANGUAGE)
    return dict(locale.territories)


def _language(language: str | None) -> str:
    return language or translation.get_language() or FALLBACK_LANGUAGE


def country_name(code: str | None, language: str | None = None) -> str:
    """'CI' → 'Elfenbenskusten' in Swedish, 'Côte d’Ivoire' in English (the active language
    when none is given); an unknown code is returned as it is, '' stays ''."""
    if not code:
        return ""
    code = str(code).strip().upper()
    return _territories(_language(language)).get(code, code)


def country_names(codes: Iterable[str] | None, language: str | None = None) -> list[str]:
    """The names of ``codes`` in their order."""
    language = _language(language)
    return [country_name(code, language) for code in codes or []]
