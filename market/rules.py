"""Pure rules of the market: the posting lifecycle, CPV codes, amounts in kroner, uploads,
§ 20 eligibility and the supplier-suggestion weights. No database; tested with worked numbers."""

import csv
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from core.lifecycle import Lifecycle
from registry.rules import RESERVED_CONTRACT_SHARE, special_terms_share

# --- Lifecycle ------------------------------------------------------------------------------

POSTING_LIFECYCLE = Lifecycle(
    "posting",
    {
        "draft": {"published", "cancelled"},
        "published": {"closed", "cancelled"},
        "closed": {"awarded", "cancelled"},
        "awarded": set(),
        "cancelled": set(),
    },
)



def manual_moves(status: str) -> set[str]:
    """The moves a buyer makes by hand (an award happens by choosing a bid)."""
    return set(POSTING_LIFECYCLE.allowed(status)) - {"awarded"}


# --- CPV codes ------------------------------------------------------------------------------

CPV_FILE = Path(__file__).parent / "data" / "cpv.csv"
CPV_PATTERN = re.compile(r"^\d{8}-\d$")


@functools.cache
def cpv_catalogue() -> dict[str, str]:
    """{code: Danish name} from the shipped CPV list (market/data/cpv.csv, source in its header)."""
    with CPV_FILE.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {row["code"]: row["name"] for row in csv.DictReader(lines, delimiter=";")}


def cpv_errors(codes: list[str]) -> list[str]:
    """Danish messages for the codes that are malformed or not in the CPV list."""
    known = cpv_catalogue()
    errors = []
    for code in codes:
        if not CPV_PATTERN.match(code):
            errors.append(_("CPV-koden %(code)s skal skrives som 8 cifre, bindestreg og kontrolciffer, fx 90911200-8.") % {"code": code})
        elif code not in known:
            errors.append(_("CPV-koden %(code)s findes ikke.") % {"code": code})
    return errors


def split_codes(raw: str) -> list[str]:
    """'90911200-8, 55520000-1' → ['90911200-8', '55520000-1'] (each once, order kept)."""
    return list(dict.fromkeys(part.strip() for part in re.split(r"[,;\s]+", raw or "") if part.strip()))


# Which industries (DB07, by prefix) deliver what a CPV group buys. Used to suggest suppliers.
CPV_TO_INDUSTRY: dict[str, tuple[str, ...]] = {
    "909": ("8121", "8122", "8129"),  # cleaning → cleaning activities
    "906": ("8129", "3811"),
    "905": ("3811", "3821"),
    "555": ("5621", "5629", "5610"),  # catering → event catering, canteens
    "553": ("5610",),
    "158": ("1071", "1072", "5629"),
    "150": ("10", "5629"),
    "773": ("8130",),  # green areas → landscape service
    "770": ("8130", "01"),
    "983": ("9601",),  # laundry
    "798": ("1812", "1813"),  # printing
    "220": ("1812", "5811"),
    "795": ("8211", "8219"),
    "454": ("4331", "4332", "4334", "4339"),
    "450": ("41", "42", "43"),
    "508": ("9524",),  # furniture repair
    "391": ("3101", "3109"),
    "390": ("31", "4759"),
    "395": ("13", "1392"),
    "180": ("14",),
    "601": ("4932", "4939", "4941"),
    "600": ("49",),
    "631": ("5210", "5224"),
    "641": ("5320",),
    "797": ("8010",),
    "720": ("62",),
    "853": ("8810", "8899"),
    "805": ("8559",),
    "800": ("85",),
    "920": ("93",),
    "980": ("96",),
    "343": ("3092", "4764", "9529"),
}


def industry_prefixes(cpv_codes: list[str]) -> list[str]:
    """The DB07 prefixes that match a posting's CPV codes (by the codes' first three digits)."""
    prefixes: list[str] = []
    for code in cpv_codes:
        prefixes.extend(CPV_TO_INDUSTRY.get(code[:3], ()))
    return sorted(set(prefixes))


# --- Kroner ---------------------------------------------------------------------------------

MAX_KRONER = Decimal("999999999999.99")


def parse_kroner(raw) -> Decimal | None:
    """An amount in kroner as Decimal, accepting Danish ('1.250.000,50') and plain ('1250000.50')
    writing; empty → None. Raises ValueError with a Danish message on letters or a bad amount."""
    if raw is None or isinstance(raw, Decimal | int):
        return None if raw is None else Decimal(raw)
    text = str(raw).strip().replace(" ", "").replace("\xa0", "").removesuffix("kr.").removesuffix("kr")
    if not text:
        return None
    if re.search(r"[^\d.,-]", text):
        raise ValueError(_("Beløbet må kun indeholde cifre, punktum og komma, fx 1.250.000,50."))
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")  # '1.250.000' is thousands, not decimals
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Beløbet kan ikke læses som kroner, fx 1.250.000,50.")) from None
    if amount < 0:
        raise ValueError(_("Beløbet kan ikke være negativt."))
    if amount > MAX_KRONER or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_("Beløbet skal være i kroner med højst to decimaler."))
    return amount


# --- Uploads --------------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ZIP_MAGIC, PDF_MAGIC = b"PK\x03\x04", b"%PDF-"
# extension → (content type, how the file starts). Office files are zip containers.
UPLOAD_TYPES: dict[str, tuple[str, bytes]] = {
    ".pdf": ("application/pdf", PDF_MAGIC),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP_MAGIC),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP_MAGIC),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP_MAGIC),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP_MAGIC),
}


def upload_error(*, file_name: str, size: int, head: bytes) -> str | None:
    """A Danish message when the file is too large, empty or not a PDF/Office document (by
    extension and by its first bytes, so a renamed file is caught); None when it is fine."""
    extension = Path(file_name).suffix.lower()
    if extension not in UPLOAD_TYPES:
        return _("Filen %(name)s har en type, der ikke kan uploades. Brug PDF, Word, Excel eller OpenDocument.") % {"name": file_name}
    if size == 0:
        return _("Filen %(name)s er tom.") % {"name": file_name}
    if size > MAX_UPLOAD_BYTES:
        return _("Filen %(name)s er for stor (højst 10 MB).") % {"name": file_name}
    if not head.startswith(UPLOAD_TYPES[extension][1]):
        return _("Filen %(name)s er ikke det, filtypen siger.") % {"name": file_name}
    return None


def content_type_for(file_name: str) -> str:
    return UPLOAD_TYPES[Path(file_name).suffix.lower()][0]


# --- Reserved contracts (udbudsloven § 20) -------------------------------------------------


@dataclass(frozen=True)
class StaffingFigures:
    """One enterprise's latest staffing as stored in the registry."""

    name: str
    integration_aim: bool  # main aim: social and professional integration (see docs/market.md)
    year: int | None
    total: int | None
    special: int | None


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    share: Decimal | None
    year: int | None  # the oldest staffing year the share rests on
    total: int
    special: int
    reasons: tuple[str, ...]


def reserved_eligibility(members: list[StaffingFigures]) -> Eligibility:
    """May this enterprise (one member) or consortium (several) bid on a reserved tender?
    Every member must have integration as its main aim and staffing on record; the combined
    share (special ÷ total, summed over the members) must reach 30 %.

    >>> one = StaffingFigures("A", True, 2025, 1000, 299)
    >>> reserved_eligibility([one]).eligible
    False
    >>> reserved_eligibility([StaffingFigures("A", True, 2025, 10, 2), StaffingFigures("B", True, 2025, 10, 4)]).share
    Decimal('0.3000')
    """
    reasons = []
    for member in members:
        if not member.integration_aim:
            reasons.append(_("%(name)s har ikke social og faglig integration som hovedformål.") % {"name": member.name})
        if not member.total:
            reasons.append(_("%(name)s har ingen personaleoplysninger i registret.") % {"name": member.name})
    total = sum(m.total or 0 for m in members)
    special = sum(m.special or 0 for m in members)
    share = special_terms_share(total, special)
    years = [m.year for m in members if m.year]
    if share is not None and share < RESERVED_CONTRACT_SHARE:
        reasons.append(
            _("Andelen af ansatte på særlige vilkår er %(share)s %%; kravet er mindst 30 %%.")
            % {"share": f"{share * 100:.1f}".replace(".", ",")}
        )
    return Eligibility(
        eligible=not reasons, share=share, year=min(years) if years else None, total=total, special=special,
        reasons=tuple(reasons),
    )  # fmt: skip


# --- Supplier suggestions ------------------------------------------------------------------

# Points per reason; the sum ranks the suggestions (docs/market.md has a worked example).
WEIGHTS = {
    "industry": 40,  # the industry code delivers what the CPV codes buy
    "tag": 10,  # a registry tag matches a keyword of the posting
    "rsv_registered": 20,
    "rsv_meets": 15,
    "share": 15,  # reaches the § 20 share
    "municipality": 10,
    "nearby": 5,  # same postal district (first two digits of the postcode)
    "award": 5,  # has been awarded a posting before
}
