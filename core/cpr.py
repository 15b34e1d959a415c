"""CPR numbers: validation, masking and a keyed hash for exact-match search.

The modulus-11 check is deliberately not applied: CPR numbers without it have been issued
since 2007. The date part must be a real date, with the century taken from the 7th digit."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.dk import cpr as stdnum_cpr


def clean_cpr(value: str, *, today: datetime.date | None = None) -> str:
    """Return the 10 digits, or raise ValidationError saying what is wrong."""
    raw = "".join((value or "").split()).replace("-", "")
    if not raw:
        raise ValidationError(_("Skriv CPR-nummeret."), code="cpr_required")
    if not raw.isdigit():
        raise ValidationError(_("CPR-nummeret må kun indeholde cifre (DDMMÅÅ-XXXX)."), code="cpr_format")
    if len(raw) != 10:
        raise ValidationError(_("CPR-nummeret skal have 10 cifre."), code="cpr_length")
    try:
        birth = stdnum_cpr.get_birth_date(raw)
    except stdnum_errors.ValidationError:
        raise ValidationError(_("CPR-nummerets dato findes ikke."), code="cpr_date") from None
    if birth > (today or datetime.date.today()):
        raise ValidationError(_("CPR-nummerets fødselsdato ligger i fremtiden."), code="cpr_future")
    return raw


def mask_cpr(value: str) -> str:
    """DDMMYY-XXXX: the birth date stays readable, the serial part never shows."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    return f"{digits[:6]}-XXXX" if len(digits) == 10 else "XXXXXX-XXXX"


def format_cpr(value: str) -> str:
    return f"{value[:6]}-{value[6:]}"
