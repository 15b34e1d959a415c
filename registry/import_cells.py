"""Turning one cell of an import file (text from CSV, typed values from XLSX) into a value.

Each parser returns the value or raises CellError with a Danish reason.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.exports import unguard_text

from .columns import NO, YES

DATE_FORMATS = ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y")
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


class CellError(ValueError):
    pass


def text(cell) -> str:
    """A cell as trimmed text. Whole numbers from Excel lose their '.0'; the apostrophe that
    exports put before formula-like text is removed again, so an export re-imports unchanged."""
    if type(cell) is str:  # every CSV cell: the short way
        value = cell.strip()
        return unguard_text(value).strip() if value[:1] == "'" else value
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "ja" if cell else "nej"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return unguard_text(str(cell).strip()).strip()


def digits(cell, width: int) -> str:
    """A fixed-width code that Excel may have turned into a number (kommunekode 0621 → 621)."""
    value = text(cell).replace(" ", "")
    if value.isdigit() and len(value) < width:
        value = value.zfill(width)
    return value


def industry_code(cell) -> str:
    """DB07 codes are 2, 4 or 6 digits; Excel drops a leading zero (011100 → 11100)."""
    value = text(cell).replace(" ", "")
    if value.isdigit() and len(value) in (1, 3, 5):
        value = "0" + value
    return value


def yes_no(cell) -> bool:
    if isinstance(cell, bool):
        return cell
    value = text(cell).casefold()
    if value in YES:
        return True
    if value in NO:
        return False
    raise CellError(_("Skriv ja eller nej (ikke '%(value)s').") % {"value": text(cell)})


def date(cell) -> datetime.date | None:
    """An Excel date, or text as dd-mm-yyyy, dd.mm.yyyy, dd/mm/yyyy or ISO yyyy-mm-dd."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool) and 1 <= cell < 2958466:
        from openpyxl.utils.datetime import from_excel

        return from_excel(cell).date()
    value = text(cell)
    if not value:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    try:
        return datetime.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    raise CellError(_("Ugyldig dato '%(value)s'. Skriv datoen som dd-mm-åååå.") % {"value": value})


def count(cell) -> int | None:
    """A whole number ≥ 0. Danish decimal comma and thousands point are understood."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, bool):
        raise CellError(_("Skal være et helt tal."))
    if isinstance(cell, int):
        number = Decimal(cell)
    elif isinstance(cell, float):
        number = Decimal(str(cell))
    else:
        value = text(cell).replace(" ", "").replace("\xa0", "")
        if not value:
            return None
        if _THOUSANDS.match(value):
            value = value.replace(".", "")
        try:
            number = Decimal(value.replace(",", "."))
        except InvalidOperation:
            raise CellError(_("'%(value)s' er ikke et tal.") % {"value": value}) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise CellError(_("Skal være et helt tal (ikke %(value)s).") % {"value": text(cell)})
    if number < 0:
        raise CellError(_("Må ikke være negativ."))
    return int(number)


def split_list(cell) -> list[str]:
    """Codes or names separated by ';' or ','."""
    return [part.strip() for part in re.split(r"[;,]", text(cell)) if part.strip()]
