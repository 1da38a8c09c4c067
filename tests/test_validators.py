import pytest
from django.core.exceptions import ValidationError

from core.validators import (
    luhn_check_digit_ok,
    normalise_organisation_number,
    validate_country_code,
    validate_country_list,
    validate_organisation_number,
)


@pytest.mark.parametrize(
    "number",
    ["556036-0793", "5560360793", "202100-5489", "212000-0142"],
)
def test_valid_organisation_numbers_pass(number):
    validate_organisation_number(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("556036-0794", "invalid_check_digit"),
        ("5560360790", "invalid_check_digit"),
        ("556036079", "invalid_format"),
        ("55603607931", "invalid_format"),
        ("55603A-0793", "invalid_format"),
        ("", "invalid_format"),
    ],
)
def test_invalid_organisation_numbers_are_refused_with_reason(number, code):
    with pytest.raises(ValidationError) as error:
        validate_organisation_number(number)
    assert error.value.code == code


def test_normalise_strips_the_hyphen_only_from_a_well_formed_number():
    assert normalise_organisation_number(" 556036-0793 ") == "5560360793"
    assert normalise_organisation_number("55-6036") == "55-6036"


def test_luhn():
    assert luhn_check_digit_ok("5560360793")
    assert not luhn_check_digit_ok("5560360792")


def test_country_codes():
    validate_country_code("MY")
    validate_country_list(["CN", "TW"])
    for bad in ("XX", "se", "SWE"):
        with pytest.raises(ValidationError):
            validate_country_code(bad)
    with pytest.raises(ValidationError) as error:
        validate_country_list(["CN", "CN"])
    assert error.value.code == "duplicate_country"
    with pytest.raises(ValidationError):
        validate_country_list("CN")
