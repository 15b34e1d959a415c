"""Danish identifiers: CVR (modulus-11 check digit), P-number and industry code."""

import pytest
from django.core.exceptions import ValidationError

from registry.validators import clean_cvr, clean_industry_code, clean_p_number

WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def weighted_sum(number: str) -> int:
    return sum(w * int(d) for w, d in zip(WEIGHTS, number, strict=True))


def complete_with_check_digit(first_seven: str) -> str | None:
    """The eighth digit that makes the weighted sum divisible by 11, worked out here
    independently of the code under test; None when no digit can (remainder 10)."""
    partial = sum(w * int(d) for w, d in zip(WEIGHTS[:7], first_seven, strict=True))
    check = (-partial) % 11
    return None if check == 10 else first_seven + str(check)


# Real public CVR numbers (Novo Nordisk A/S, Carlsberg A/S, A.P. Møller - Mærsk A/S, LEGO A/S).
REAL_CVRS = ["24256790", "61056416", "22756214", "54562519"]
COMPUTED_CVRS = [
    c
    for c in (complete_with_check_digit(s) for s in ("1234567", "3012345", "7654321", "9999999", "1000000"))
    if c
]


def code_of(excinfo) -> str:
    return excinfo.value.code


@pytest.mark.parametrize("number", REAL_CVRS)
def test_the_real_public_numbers_satisfy_the_rule_worked_out_by_hand(number):
    assert weighted_sum(number) % 11 == 0


@pytest.mark.parametrize("number", REAL_CVRS + COMPUTED_CVRS)
def test_it_accepts_a_valid_cvr_number(number):
    assert len(COMPUTED_CVRS) >= 4
    assert clean_cvr(number) == number


@pytest.mark.parametrize("number", REAL_CVRS + COMPUTED_CVRS)
def test_it_rejects_every_other_check_digit(number):
    for digit in "0123456789":
        candidate = number[:7] + digit
        if candidate == number:
            continue
        with pytest.raises(ValidationError) as excinfo:
            clean_cvr(candidate)
        assert code_of(excinfo) == "cvr_checksum"


def test_a_single_changed_digit_elsewhere_is_caught():
    number = "24256790"
    changed = "24256709"  # two digits swapped: weighted sum no longer divisible by 11
    assert weighted_sum(changed) % 11 != 0
    with pytest.raises(ValidationError):
        clean_cvr(changed)
    assert clean_cvr(number) == number


@pytest.mark.parametrize("number", ["2425679", "242567901", "1", "123456789012"])
def test_it_rejects_the_wrong_length(number):
    with pytest.raises(ValidationError) as excinfo:
        clean_cvr(number)
    assert code_of(excinfo) == "cvr_length"
    assert "8 cifre" in excinfo.value.messages[0]


@pytest.mark.parametrize("number", ["2425679O", "ABCDEFGH", "24x56790", "2425-679a"])
def test_it_rejects_letters(number):
    with pytest.raises(ValidationError) as excinfo:
        clean_cvr(number)
    assert code_of(excinfo) == "cvr_format"
    assert "cifre" in excinfo.value.messages[0]


@pytest.mark.parametrize("spaced", ["2425 6790", " 24 25 67 90 ", "DK24256790", "DK 2425 6790"])
def test_it_compacts_spaces_and_the_country_prefix(spaced):
    assert clean_cvr(spaced) == "24256790"


@pytest.mark.parametrize("empty", ["", "   ", None])
def test_an_empty_cvr_is_allowed(empty):
    assert clean_cvr(empty) == ""


def test_it_rejects_a_leading_zero_even_with_a_matching_check_digit():
    number = complete_with_check_digit("0123456")
    assert number is not None and weighted_sum(number) % 11 == 0
    with pytest.raises(ValidationError) as excinfo:
        clean_cvr(number)
    assert code_of(excinfo) == "cvr_invalid"


def test_seven_digits_with_no_possible_check_digit_are_never_valid():
    # A remainder of 10 cannot be completed by one digit: every ending must fail.
    stem = next(
        s for s in (f"{n:07d}" for n in range(1000000, 1000200)) if complete_with_check_digit(s) is None
    )
    for digit in "0123456789":
        with pytest.raises(ValidationError):
            clean_cvr(stem + digit)


# P-numbers: 10 digits, no public check-digit rule.


@pytest.mark.parametrize(
    ("raw", "clean"), [("1012345678", "1012345678"), ("10 1234 5678", "1012345678"), ("", "")]
)
def test_it_accepts_a_ten_digit_p_number(raw, clean):
    assert clean_p_number(raw) == clean


@pytest.mark.parametrize("raw", ["101234567", "10123456789", "10123456A8", "p-nummer"])
def test_it_rejects_a_p_number_that_is_not_ten_digits(raw):
    with pytest.raises(ValidationError) as excinfo:
        clean_p_number(raw)
    assert code_of(excinfo) == "p_number"
    assert "10 cifre" in excinfo.value.messages[0]


# Industry codes: DB07 (6 digits) or NACE (2 or 4 digits, dots allowed).


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("889900", "889900"),
        ("88.99", "8899"),
        ("88", "88"),
        ("011100", "011100"),
        ("471100", "471100"),
        ("", ""),
    ],
)
def test_it_accepts_a_known_industry_code(raw, clean):
    assert clean_industry_code(raw) == clean


@pytest.mark.parametrize("db07", ["561010", "412000", "620100"])
def test_it_accepts_db07_codes_that_changed_in_nace_rev_2_1(db07):
    # 56.10.10 Restauranter, 41.20.00 Opførelse af bygninger, 62.01.00 Computerprogrammering (DB07).
    assert clean_industry_code(db07) == db07


@pytest.mark.parametrize("raw", ["8", "889", "88990", "8899001", "88A900", "fisk"])
def test_it_rejects_an_industry_code_of_the_wrong_shape(raw):
    with pytest.raises(ValidationError) as excinfo:
        clean_industry_code(raw)
    assert code_of(excinfo) == "industry_format"


@pytest.mark.parametrize("raw", ["999999", "0000", "00"])
def test_it_rejects_an_industry_code_that_does_not_exist(raw):
    with pytest.raises(ValidationError) as excinfo:
        clean_industry_code(raw)
    assert code_of(excinfo) == "industry_unknown"
