"""A password validator against the patterns breached-password lists are full of: a word anyone
would try first (a season, a month, the municipality, "password", "velkommen", the product's
name …) dressed up with digits, symbols, capitals and look-alike characters: "Password123!",
"Sommer2026!", "Kolding2026", "V3lk0mm3n!!" (issue 11, finding 8).

Offline, no network: the word list ships in accounts/data/ (Danish and English), the 98
municipality and 5 region names come from tenants/data/, and Django's own list of 20,000 common
passwords is used too. The password's letters are taken apart from its digits and symbols
(after undoing look-alikes: 0→o, 3→e, @→a …); the password is refused when those letters are
one predictable word, or several of them in a row ("SommerKolding2026")."""

import csv
import gzip
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HERE = Path(__file__).resolve().parent
WORDS_FILE = HERE / "data" / "predictable_words.txt"
TENANT_DATA = HERE.parent / "tenants" / "data"

DIGIT_LOOK_ALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b"})
SYMBOL_LOOK_ALIKES = str.maketrans({"@": "a", "$": "s", "!": "i", "€": "e"})
DANISH_LETTERS = {"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"}
MIN_PART = 3  # words shorter than this are not used to split a run of letters


def _variants(word: str) -> set[str]:
    """A word as people type it: with æøå, with ae/oe/aa, letters only."""
    word = word.strip().lower()
    ascii_word = "".join(DANISH_LETTERS.get(ch, ch) for ch in word)
    return {re.sub(r"[^a-zæøå]", "", w) for w in (word, ascii_word)} - {""}


@lru_cache(maxsize=1)
def predictable_words() -> frozenset[str]:
    words: set[str] = set()
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words |= _variants(line)
    for name in ("municipalities.csv", "regions.csv"):
        with open(TENANT_DATA / name, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                words |= _variants(row["name"])
                words |= _variants(row["name"].split("-")[0])  # "Lyngby-Taarbæk" → "lyngby"
    return frozenset(words)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Django's list (20,000 from breaches), letters only, long enough to mean something."""
    with gzip.open(CommonPasswordValidator().DEFAULT_PASSWORD_LIST_PATH, "rt", encoding="utf-8") as handle:
        letters = (re.sub(r"[^a-z]", "", line.strip().lower()) for line in handle)
        return frozenset(w for w in letters if len(w) >= 4)


def letters_of(password: str) -> set[str]:
    """The letters of a password: as typed, with look-alike digits undone ("V3lk0mm3n!"), and
    with look-alike symbols undone too ("P@$$word"); æøå kept."""
    text = unicodedata.normalize("NFC", password).lower()
    digits_undone = re.sub(r"[0-9]{2,}", "", text).translate(DIGIT_LOOK_ALIKES)  # a year stays a year
    candidates = (text, digits_undone, digits_undone.translate(SYMBOL_LOOK_ALIKES))
    return {re.sub(r"[^a-zæøå]", "", c) for c in candidates} - {""}


def _is_run_of_words(letters: str, words: frozenset[str]) -> bool:
    """Whether the letters split entirely into predictable words (dynamic programming)."""
    reachable = [True] + [False] * len(letters)
    for end in range(1, len(letters) + 1):
        reachable[end] = any(
            reachable[start] and letters[start:end] in words for start in range(max(0, end - 20), end - MIN_PART + 1)
        )
    return reachable[-1]


def _repeated(letters: str) -> str:
    """"hunterhunter" → "hunter": a word typed twice is no stronger than once."""
    for size in range(1, len(letters) // 2 + 1):
        if len(letters) % size == 0 and letters[:size] * (len(letters) // size) == letters:
            return letters[:size]
    return letters


def is_predictable(password: str) -> bool:
    if len(set(password.lower())) < 5:  # "aaaaaaaaaaaa1!", "abababababab"
        return True
    words = predictable_words()
    for letters in letters_of(password):
        stem = _repeated(letters)
        if stem in words or stem in common_passwords() or _is_run_of_words(letters, words):
            return True
    return False


class PredictablePasswordValidator:
    def validate(self, password, user=None):
        if is_predictable(password):
            raise ValidationError(
                _(
                    "Adgangskoden er for let at gætte: den er bygget af et almindeligt ord (fx en årstid, "
                    "en måned, et kommunenavn eller »password«) med tal eller tegn omkring. Brug fx tre "
                    "eller fire tilfældige ord."
                ),
                code="password_predictable",
            )

    def get_help_text(self):
        return _("Adgangskoden må ikke være et almindeligt ord med tal eller tegn omkring, fx »Sommer2026!«.")
