"""Validators shared by several apps: ISO country codes and Swedish organisation numbers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# ISO 3166-1 alpha-2, officially assigned codes.
_ISO_COUNTRY_CODES_TEXT = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
    GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
    KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
    MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
    TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
    ZW
    """
ISO_COUNTRY_CODES = frozenset(_ISO_COUNTRY_CODES_TEXT.split())


def validate_country_code(value: str) -> None:
    if value not in ISO_COUNTRY_CODES:
        raise ValidationError(
            _("%(value)s is not an ISO 3166-1 alpha-2 country code (such as SE or MY)."),
            code="invalid_country",
            params={"value": value},
        )


def validate_country_list(value) -> None:
    """A JSON list of distinct ISO 3166-1 alpha-2 codes."""
    if not isinstance(value, list):
        raise ValidationError(_("Countries must be a list of country codes."), code="invalid")
    for code in value:
        if not isinstance(code, str):
            raise ValidationError(_("Countries must be a list of country codes."), code="invalid")
        validate_country_code(code)
    if len(set(value)) != len(value):
        raise ValidationError(_("A country is listed twice."), code="duplicate_country")


ORGANISATION_NUMBER_RE = re.compile(r"^\d{6}-?\d{4}$")


def normalise_organisation_number(value: str) -> str:
    """'556036-0793' → '5560360793'; anything else is returned stripped, for the validator."""
    value = (value or "").strip()
    if ORGANISATION_NUMBER_RE.match(value):
        return value.replace("-", "")
    return value


def luhn_check_digit_ok(digits: str) -> bool:
    """The Luhn (mod 10) check over all digits, as used by Swedish organisation numbers."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_organisation_number(value: str) -> None:
    """A Swedish organisation number: ten digits whose last is the Luhn check digit."""
    digits = normalise_organisation_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(
            _("An organisation number has ten digits, written NNNNNN-NNNN."),
            code="invalid_format",
        )
    if not luhn_check_digit_ok(digits):
        raise ValidationError(
            _("%(value)s has a wrong check digit; check the organisation number."),
            code="invalid_check_digit",
            params={"value": value},
        )
