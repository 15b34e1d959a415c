"""The one column layout of registry files, shared by export and import.

An export with no rows is the import template. Headers are Danish; the import also accepts the
aliases below (English names, spaces, hyphens, æ/ø/å) after `normalise_header`. The columns in
DERIVED are computed by Brobyg: exported for reading, silently ignored on import.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils import translation

from .choices import CriterionStatus, Kind, LegalForm, Sector, Subkind


@dataclass(frozen=True)
class Column:
    name: str  # the header as written in exports and templates
    aliases: tuple[str, ...] = ()


CRITERIA = (1, 2, 3, 4, 5)
STAFFING_COUNTS = ("ansatte_i_alt", "fleksjob", "skaanejob", "loentilskud", "andre_saerlige", "praktik")
SPECIAL_COUNTS = ("fleksjob", "skaanejob", "loentilskud", "andre_saerlige")
# File column → Staffing model field.
STAFFING_FIELD = {
    "ansatte_i_alt": "employees_total",
    "fleksjob": "fleksjob",
    "skaanejob": "skaanejob",
    "loentilskud": "wage_subsidy",
    "andre_saerlige": "other_special",
    "praktik": "interns",
}

COLUMNS: tuple[Column, ...] = (
    Column("navn", ("name", "organisation", "organisationsnavn")),
    Column("type", ("kind", "aktoertype", "aktortype", "actor_type")),
    Column("undertype", ("subkind", "sub_type")),
    Column("cvr", ("cvr_nummer", "cvrnr", "cvr_nr", "cvr_number")),
    Column("p_nummer", ("p_number", "pnr", "p_nr", "pnummer")),
    Column("virksomhedsform", ("legal_form", "selskabsform")),
    Column("sektor", ("sector",)),
    Column("branchekode", ("industry_code", "branche", "db07")),
    Column("adresse", ("street", "address", "vejnavn")),
    Column("postnr", ("postcode", "postnummer", "post_code", "zip")),
    Column("by", ("city", "postdistrikt", "bynavn")),
    Column("kommunekode", ("municipality_code", "kommunenr", "kommunenummer")),
    Column("hjemmeside", ("website", "url", "web")),
    Column("formaal", ("purpose",)),
    Column("maalgrupper", ("target_groups", "maalgruppe")),
    Column("tags", ("tag", "emneord")),
    Column("rsv_registreret", ("rsv_registered", "rsv")),
    Column("rsv_dato", ("rsv_registered_on", "rsv_registreringsdato")),
    *(Column(f"kriterie_{n}", (f"criterion_{n}", f"kriterium_{n}")) for n in CRITERIA),
    Column("personale_aar", ("staffing_year", "aar", "year")),
    Column("ansatte_i_alt", ("employees_total", "ansatte", "employees")),
    Column("fleksjob", ("flex_jobs", "flexjob")),
    Column("skaanejob", ("sheltered_jobs",)),
    Column("loentilskud", ("wage_subsidy",)),
    Column("andre_saerlige", ("other_special", "andre_saerlige_vilkaar")),
    Column("praktik", ("interns", "virksomhedspraktik")),
)

DERIVED: tuple[Column, ...] = (
    Column("kommune", ("municipality",)),
    Column("rsv_status", ()),
    Column("kriterier_opfyldt", ("criteria_met",)),
    Column("andel_saerlige_pct", ("special_share",)),
)

EXPORT_HEADERS: tuple[str, ...] = tuple(c.name for c in COLUMNS + DERIVED)
IMPORT_HEADERS: frozenset[str] = frozenset(c.name for c in COLUMNS)

_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"})


def normalise_header(text: str) -> str:
    """'Målgrupper' → 'maalgrupper', 'P-nummer' → 'p_nummer', ' Kriterie 1 ' → 'kriterie_1'."""
    value = str(text or "").strip().lstrip("\ufeff").casefold().translate(_TRANSLITERATE)
    return re.sub(r"[\s\-./]+", "_", value).strip("_")


@lru_cache(maxsize=1)
def _header_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in COLUMNS + DERIVED:
        for name in (column.name, *column.aliases):
            lookup[normalise_header(name)] = column.name
    return lookup


def resolve_header(text: str) -> str | None:
    """The canonical column name for a header cell, or None when unknown."""
    return _header_lookup().get(normalise_header(text))


def normalise_value(text: str) -> str:
    return " ".join(str(text).split()).casefold()


CHOICE_CLASSES = {"type": Kind, "undertype": Subkind, "sektor": Sector, "virksomhedsform": LegalForm}


@lru_cache(maxsize=16)
def choice_lookup(choices) -> dict[str, str]:
    """Accepted spellings → stored value: the code and the Danish and English labels,
    case-insensitive."""
    lookup: dict[str, str] = {}
    for language in ("en", "da"):
        with translation.override(language):
            for value, label in choices.choices:
                lookup[normalise_value(label)] = value
    for value in choices.values:
        lookup[normalise_value(value)] = value
    return lookup


def criterion_lookup() -> dict[str, str]:
    lookup = dict(choice_lookup(CriterionStatus))
    lookup.update({"ikke_opfyldt": CriterionStatus.NOT_MET, "ikke-opfyldt": CriterionStatus.NOT_MET})
    return lookup


@lru_cache(maxsize=16)
def danish_labels(choices) -> dict[str, str]:
    """Stored value → the Danish label written in exports (the same in every UI language, so
    files round-trip). Built once per choices class instead of switching language per cell."""
    with translation.override("da"):
        return {value: str(label) for value, label in choices.choices}


def choice_label(choices, value: str) -> str:
    """The Danish label of one value; "" for a blank value."""
    if not value:
        return ""
    try:
        return danish_labels(choices)[value]
    except KeyError:
        raise ValueError(f"{value!r} is not a valid {choices.__name__}") from None


YES = frozenset({"ja", "j", "yes", "y", "true", "sand", "1", "x"})
NO = frozenset({"nej", "n", "no", "false", "falsk", "0", ""})
