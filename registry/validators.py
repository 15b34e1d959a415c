"""Validation of Danish identifiers, built on python-stdnum."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.dk import cvr as stdnum_cvr
from stdnum.eu import nace


def clean_cvr(value: str) -> str:
    """A CVR number: 8 digits, first not 0, modulus-11 check digit. Returns the compact form."""
    raw = (value or "").strip()
    if not raw:
        return ""
    compact = stdnum_cvr.compact(raw)
    if not compact.isdigit():
        raise ValidationError(_("CVR-nummeret må kun indeholde cifre."), code="cvr_format")
    if len(compact) != 8:
        raise ValidationError(_("CVR-nummeret skal have 8 cifre."), code="cvr_length")
    try:
        return stdnum_cvr.validate(compact)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(_("CVR-nummeret har et forkert kontrolciffer."), code="cvr_checksum") from None
    except stdnum_errors.ValidationError:
        raise ValidationError(_("CVR-nummeret er ugyldigt."), code="cvr_invalid") from None


def clean_p_number(value: str) -> str:
    """A P-number (production unit): 10 digits. No public check-digit rule exists."""
    raw = "".join((value or "").split())
    if not raw:
        return ""
    if not raw.isdigit() or len(raw) != 10:
        raise ValidationError(_("P-nummeret skal have 10 cifre."), code="p_number")
    return raw


def clean_industry_code(value: str) -> str:
    """A Danish industry code (DB07 or DB25, 6 digits) or a NACE code (e.g. 56.10). The first
    four digits must be a NACE class of Rev. 2 (which DB07 follows) or Rev. 2.1 (DB25)."""
    raw = (value or "").strip().replace(".", "")
    if not raw:
        return ""
    if not raw.isdigit() or len(raw) not in (2, 4, 6):
        raise ValidationError(_("Branchekoden skal være 2, 4 eller 6 cifre (DB07)."), code="industry_format")
    head = raw[:4] if len(raw) >= 4 else raw
    for revision in ("2.0", "2.1"):
        try:
            nace.validate(head, revision=revision)
        except stdnum_errors.ValidationError:
            continue
        return raw
    raise ValidationError(_("Branchekoden findes ikke."), code="industry_unknown")
