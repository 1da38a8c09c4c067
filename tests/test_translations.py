"""The Swedish catalogue is complete, the committed .mo matches the .po, and Django uses it."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from audits.choices import AuditKind
from core.validators import validate_organisation_number
from suppliers.models import Supplier

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"


def _unquote(line: str) -> str:
    """The text of one quoted PO string, its C escapes resolved."""
    return ast.literal_eval(line.strip())


def parse_po(path: Path) -> list[dict]:
    """The entries of a PO file: msgctxt, msgid, msgid_plural, msgstr (a dict by index), flags."""
    entries: list[dict] = []
    entry: dict = {}
    field: tuple | None = None

    def finish():
        nonlocal entry, field
        if "msgid" in entry:
            entries.append(entry)
        entry, field = {}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            if "msgid" in entry:
                finish()
            flags = {flag.strip() for flag in line[2:].split(",")}
            entry.setdefault("flags", set()).update(flags)
        elif line.startswith("#"):
            if "msgid" in entry:
                finish()
        elif line.startswith('"'):
            assert field is not None, f"continuation without a keyword: {raw!r}"
            key, index = field
            if index is None:
                entry[key] += _unquote(line)
            else:
                entry[key][index] += _unquote(line)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword.startswith("msgstr["):
                index = int(keyword[len("msgstr[") : -1])
                entry.setdefault("msgstr", {})[index] = _unquote(rest)
                field = ("msgstr", index)
            elif keyword == "msgstr":
                entry["msgstr"] = {0: _unquote(rest)}
                field = ("msgstr", 0)
            elif keyword in ("msgctxt", "msgid", "msgid_plural"):
                if keyword in ("msgctxt", "msgid") and "msgstr" in entry:
                    finish()
                entry[keyword] = _unquote(rest)
                field = (keyword, None)
            else:
                raise AssertionError(f"unexpected PO line: {raw!r}")
    finish()
    for item in entries:
        item.setdefault("flags", set())
    return entries


@pytest.fixture(scope="module")
def po_entries():
    return parse_po(PO_PATH)


@pytest.fixture(scope="module")
def messages(po_entries):
    """The translatable entries, without the header."""
    return [entry for entry in po_entries if entry["msgid"]]


def test_catalogue_has_messages(messages):
    assert len(messages) > 400
    assert any("msgid_plural" in entry for entry in messages)


def test_no_empty_translation(messages):
    empty = [entry["msgid"] for entry in messages if not all(entry["msgstr"].values())]
    assert empty == []


def test_no_fuzzy_entry(po_entries):
    fuzzy = [entry["msgid"] for entry in po_entries if "fuzzy" in entry["flags"]]
    assert fuzzy == []


def test_placeholders_kept(messages):
    """Every %(name)s of the English text is in the Swedish one, and no other."""
    placeholder = re.compile(r"%\(\w+\)[sd]")
    wrong = []
    for entry in messages:
        expected = set(placeholder.findall(entry["msgid"] + entry.get("msgid_plural", "")))
        for text in entry["msgstr"].values():
            if set(placeholder.findall(text)) - expected or (
                "msgid_plural" not in entry and set(placeholder.findall(text)) != expected
            ):
                wrong.append((entry["msgid"], text))
    assert wrong == []


def test_compiled_catalogue_matches_po(messages):
    """The committed .mo was compiled from the current .po: every translation is there as is."""
    with MO_PATH.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages:
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            for n, index in ((1, 0), (2, 1)):
                if context is None:
                    got = compiled.ngettext(entry["msgid"], entry["msgid_plural"], n)
                else:
                    got = compiled.npgettext(context, entry["msgid"], entry["msgid_plural"], n)
                if got != entry["msgstr"][index]:
                    stale.append(entry["msgid"])
        else:
            if context is None:
                got = compiled.gettext(entry["msgid"])
            else:
                got = compiled.pgettext(context, entry["msgid"])
            if got != entry["msgstr"][0]:
                stale.append(entry["msgid"])
    assert stale == [], "run `manage.py compilemessages -l sv --ignore=.venv`"


def test_swedish_is_the_default_language():
    assert settings.LANGUAGE_CODE == "sv"


def test_model_and_choice_labels_in_swedish():
    with translation.override("sv"):
        assert str(Supplier._meta.verbose_name) == "leverantör"
        assert str(Supplier._meta.verbose_name_plural) == "leverantörer"
        assert str(AuditKind.FOLLOW_UP.label) == "Återrevision"
        assert str(AuditKind.OFFICE.label) == "Kontorsrevision"
    with translation.override("en"):
        assert str(Supplier._meta.verbose_name_plural) == "suppliers"


def test_validation_message_in_swedish():
    with translation.override("sv"):
        with pytest.raises(ValidationError) as raised:
            validate_organisation_number("1")
        # The message is lazy: read it while Swedish is active.
        assert raised.value.messages == [
            "Ett organisationsnummer har tio siffror och skrivs NNNNNN-NNNN."
        ]


def test_validation_message_with_placeholder_in_swedish():
    with translation.override("sv"):
        with pytest.raises(ValidationError) as raised:
            validate_organisation_number("556036-0794")
        assert raised.value.messages == [
            "556036-0794 har fel kontrollsiffra; kontrollera organisationsnumret."
        ]
