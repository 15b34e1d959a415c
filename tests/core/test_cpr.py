import datetime

import pytest
from django.core.exceptions import ValidationError

from core.cpr import clean_cpr, mask_cpr

TODAY = datetime.date(2026, 11, 23)
WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def passes_modulus_11(number: str) -> bool:
    return sum(w * int(d) for w, d in zip(WEIGHTS, number, strict=True)) % 11 == 0


def with_serial(date_part: str, want_mod11: bool) -> str:
    """The first serial after 1000 that does (or does not) pass modulus 11."""
    for serial in range(1000, 4000):
        number = f"{date_part}{serial}"
        if passes_modulus_11(number) == want_mod11:
            return number
    raise AssertionError("no serial found")


def test_it_accepts_a_number_that_passes_modulus_11():
    number = with_serial("150585", want_mod11=True)
    assert passes_modulus_11(number)
    assert clean_cpr(number, today=TODAY) == number


def test_it_accepts_a_number_that_fails_modulus_11_since_2007_numbers_need_not_pass():
    number = with_serial("150585", want_mod11=False)
    assert not passes_modulus_11(number)
    assert clean_cpr(number, today=TODAY) == number


def test_it_accepts_the_usual_written_forms():
    number = with_serial("010190", want_mod11=False)
    assert clean_cpr(f"{number[:6]}-{number[6:]}", today=TODAY) == number
    assert clean_cpr(f" {number[:6]} {number[6:]} ", today=TODAY) == number


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("3102851234", "cpr_date"),  # 31 February
        ("0013851234", "cpr_date"),  # month 13
        ("0000851234", "cpr_date"),  # day 0
        ("290223" + "1234", "cpr_date"),  # 29 Feb 1923 (7th digit 1 → 1900s), not a leap year
        ("01018512345", "cpr_length"),
        ("010185123", "cpr_length"),
        ("010185-12A4", "cpr_format"),
        ("", "cpr_required"),
    ],
)
def test_it_rejects_invalid_numbers_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        clean_cpr(value, today=TODAY)
    assert error.value.code == code


def test_it_takes_the_century_from_the_seventh_digit_and_rejects_future_birth_dates():
    # 7th digit 4 with year 30 → 2030: in the future on TODAY.
    with pytest.raises(ValidationError) as error:
        clean_cpr("0101304000", today=TODAY)
    assert error.value.code == "cpr_future"
    # 7th digit 4 with year 60 → 1960: fine.
    assert clean_cpr("0101604000", today=TODAY) == "0101604000"


def test_a_leap_day_is_valid_in_a_leap_year():
    assert clean_cpr("2902004000", today=TODAY) == "2902004000"  # 29 Feb 2000


def test_masking_keeps_the_date_and_hides_the_serial():
    assert mask_cpr("0101901234") == "010190-XXXX"
    assert mask_cpr("010190-1234") == "010190-XXXX"
    assert mask_cpr("garbage") == "XXXXXX-XXXX"
