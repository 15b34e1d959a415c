"""Identifiers and contact details made from a seeded random.Random: CVR numbers with a valid
modulus-11 check digit, P-numbers, phone numbers, e-mail addresses and web addresses.

Addresses use the reserved top-level domain .example (RFC 2606) so that no demo e-mail can
reach a real person."""

import random
import re

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def cvr_is_valid(cvr: str) -> bool:
    """8 digits, first not 0, weighted sum (2,7,6,5,4,3,2,1) divisible by 11.

    >>> cvr_is_valid("29189773")
    True
    >>> cvr_is_valid("29189774")
    False
    """
    if len(cvr) != 8 or not cvr.isdigit() or cvr[0] == "0":
        return False
    return sum(w * int(d) for w, d in zip(CVR_WEIGHTS, cvr, strict=True)) % 11 == 0


def random_cvr(rng: random.Random, used: set[str]) -> str:
    """A fresh valid CVR number not in `used` (and added to it). The check digit is the one
    that makes the weighted sum divisible by 11; when that would be 10 the draw is repeated."""
    while True:
        head = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        check = -sum(w * d for w, d in zip(CVR_WEIGHTS, head, strict=False)) % 11
        if check == 10:
            continue
        cvr = "".join(map(str, head)) + str(check)
        if cvr not in used:
            used.add(cvr)
            return cvr


def random_p_number(rng: random.Random, used: set[str]) -> str:
    """A 10-digit P-number starting with 10 (as most do); no public check digit exists."""
    while True:
        p_number = "10" + "".join(str(rng.randint(0, 9)) for _ in range(8))
        if p_number not in used:
            used.add(p_number)
            return p_number


def random_phone(rng: random.Random, prefixes: list[str]) -> str:
    digits = rng.choice(prefixes) + "".join(str(rng.randint(0, 9)) for _ in range(6))
    return " ".join(digits[i : i + 2] for i in range(0, 8, 2))


def ascii_fold(text: str) -> str:
    return text.lower().translate(_FOLD)


def domain_for(name: str) -> str:
    """'Café Bro ApS' → 'cafe-bro.example'. Legal-form suffixes are left out."""
    words = [
        w
        for w in re.split(r"[^a-z0-9]+", ascii_fold(name))
        if w and w not in {"aps", "a", "s", "ivs", "amba", "i"}
    ]
    slug = "-".join(words)[:50].strip("-") or "organisation"
    return f"{slug}.example"


def email_for(person: str, domain: str) -> str:
    parts = [p for p in re.split(r"[^a-z]+", ascii_fold(person)) if p]
    local = f"{parts[0]}.{parts[-1]}" if len(parts) > 1 else parts[0]
    return f"{local}@{domain}"
