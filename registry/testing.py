"""Builders for tests, benchmarks and the demo: organisations with valid CVR numbers, and
import files (CSV, Excel) in the registry's import format. The one home of each registry
builder (CONTRIBUTING.md)."""

import csv
import io
import itertools

import openpyxl
from stdnum.dk import cvr as stdnum_cvr

from accounts.access import Access

from .choices import Kind, Sector
from .import_apply import apply_plan
from .importing import validate_content
from .models import Organisation

_counter = itertools.count(1)


def valid_cvr(seed: int) -> str:
    """The first valid CVR number (modulus 11) at or after 10000000 + seed * 1009."""
    n = 10000000 + seed * 1009
    while not stdnum_cvr.is_valid(str(n)):
        n += 1
    return str(n)


def make_organisation(municipality, **fields) -> Organisation:
    """A private company with a fresh valid CVR number, unless `fields` say otherwise."""
    n = next(_counter)
    defaults = {
        "name": f"Organisation {n}",
        "kind": Kind.COMPANY,
        "sector": Sector.PRIVATE,
        "cvr": valid_cvr(n),
    }
    defaults.update(fields)
    return Organisation.objects.create(municipality=municipality, **defaults)


def make_municipal_unit(municipality, subkind: str, name: str) -> Organisation:
    """A unit of the municipality itself (job centre, business service, procurement)."""
    return make_organisation(municipality, name=name, kind=Kind.MUNICIPAL_UNIT, subkind=subkind, sector=Sector.PUBLIC, cvr="")


def matrix_target(world, role, relation):
    """The organisation a permission-matrix case of the test personas (`world`) is about: the
    Kolding user's own organisation, another Kolding organisation, or one in Aarhus."""
    if relation == "own":
        return world.home[role]
    if relation == "same_municipality":
        return world.social_enterprise
    return world.aarhus_company


# --- Import files ---------------------------------------------------------------------------

IMPORT_HEADER = [
    "navn", "type", "undertype", "cvr", "p_nummer", "sektor", "kommunekode", "maalgrupper", "tags",
    "rsv_registreret", "rsv_dato", "kriterie_1", "kriterie_2", "personale_aar", "ansatte_i_alt",
    "fleksjob", "skaanejob", "loentilskud",
]  # fmt: skip


def import_row(**values) -> list:
    """A valid data row for IMPORT_HEADER; keyword arguments override cells."""
    defaults = {
        "navn": "Café Test ApS",
        "type": "Socialøkonomisk virksomhed",
        "sektor": "Privat",
        "kommunekode": "0621",
        "rsv_registreret": "nej",
    }
    defaults.update(values)
    return [defaults.get(h, "") for h in IMPORT_HEADER]


def csv_file(rows: list[list], *, delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_file(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_plan(world, content: bytes, fmt: str = "csv", role: str = "consultant"):
    """The validated import of `content` as the Kolding persona with `role` (`world`)."""
    return validate_content(
        content, fmt, access=Access(world.users[role]), default_municipality_id=world.kolding.pk
    )


def import_stored(world, content: bytes, fmt: str = "csv"):
    """Validate and store `content` as the Kolding consultant; the file must be valid."""
    plan = import_plan(world, content, fmt)
    assert plan.errors == []
    return apply_plan(
        plan, by=world.users["consultant"], file_name="test.csv", municipality_id=world.kolding.pk
    )
