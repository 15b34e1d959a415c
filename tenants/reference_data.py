"""Loads the shipped reference data (tenants/data/*.csv) idempotently."""

import csv
import datetime
from pathlib import Path

from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def load_tenants(apps=None) -> int:
    """Create or update regions, municipalities and dated region memberships. Returns the
    number of municipalities. `apps` is the migration state registry when called from a migration."""
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    Region = apps.get_model("tenants", "Region")
    Municipality = apps.get_model("tenants", "Municipality")
    RegionMembership = apps.get_model("tenants", "RegionMembership")

    regions = {}
    for row in _read("regions.csv"):
        regions[row["code"]], _ = Region.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "valid_from": _date(row["valid_from"]), "valid_to": _date(row["valid_to"])},
        )
    municipalities = {}
    for row in _read("municipalities.csv"):
        municipalities[row["code"]], _ = Municipality.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "slug": slugify(row["name"].replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))}
        )
    for row in _read("region_memberships.csv"):
        RegionMembership.objects.update_or_create(
            municipality=municipalities[row["municipality_code"]],
            valid_from=_date(row["valid_from"]),
            defaults={"region": regions[row["region_code"]], "valid_to": _date(row["valid_to"])},
        )
    return len(municipalities)
