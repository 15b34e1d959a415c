"""Passwords (issue 11, finding 8): at least 12 characters, and not a predictable word dressed
up with digits and symbols (Danish seasons and municipalities included), checked offline."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.passwords import is_predictable


@pytest.mark.parametrize(
    "password",
    [
        "Password123!",
        "Sommer2026!",
        "Kolding2026",
        "Kolding2026!!",  # long enough, still the municipality and a year
        "Vinter2025#Aarhus",
        "Efteraar2026!",  # æøå typed as ae/oe/aa
        "Efterår2026!!",
        "V3lk0mm3n2026!",  # look-alike digits
        "P@$$w0rd2024!",
        "SommerKolding2026",  # two predictable words in a row
        "Brobyg-Kommune-1",
        "Hunter2hunter2",  # a common password typed twice
        "aaaaaaaaaaaa1!",
    ],
)
def test_a_predictable_password_is_refused(db, password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_password_shorter_than_12_characters_is_refused(db):
    with pytest.raises(ValidationError) as refused:
        validate_password("Qx7#vL2@pZ9")  # 11 random characters
    assert "password_too_short" in [e.code for e in refused.value.error_list]


@pytest.mark.parametrize(
    "password", ["Korrekt-Hest-Batteri-9", "Glimt-Sky-Pære-74", "xK9#mP2$vL8q", "correct horse battery staple"]
)
def test_random_words_and_random_characters_pass(db, password):
    validate_password(password)
    assert not is_predictable(password)


def test_the_refusal_explains_itself_in_danish(db):
    with pytest.raises(ValidationError) as refused:
        validate_password("Sommer2026!!!")
    assert "for let at gætte" in " ".join(refused.value.messages)
