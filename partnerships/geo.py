"""Where a postcode lies, for travel distances in matching. Reference data ships in
partnerships/data/ (no network at run time; sources in docs/partnerships.md):

- postcodes.csv: the main town of the postal districts around the demo partnership (Kolding and
  its neighbours) and of the seed-001 cluster municipalities;
- municipality_centroids.csv: the administrative seat of each of the 98 municipalities, the
  fallback for a valid postcode not in the first file (the municipality is then the one given:
  the citizen's own, or the host company's).
Coordinates are WGS84 to two decimals (about 1 km), enough for a travel radius."""

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
POSTCODE = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    exact: bool  # False when the municipality's seat stands in for the postcode


@lru_cache(maxsize=1)
def _postcodes() -> dict[str, tuple[float, float]]:
    with (DATA / "postcodes.csv").open(encoding="utf-8") as fh:
        return {row["postcode"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def _municipalities() -> dict[str, tuple[float, float]]:
    with (DATA / "municipality_centroids.csv").open(encoding="utf-8") as fh:
        return {row["code"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(fh)}


def is_danish_postcode(postcode: str) -> bool:
    """Four digits in the range Danish postal districts use (0800–9990)."""
    return bool(POSTCODE.match(postcode or "")) and 800 <= int(postcode) <= 9990


def locate(postcode: str, municipality_code: str | None = None) -> Point | None:
    """The postcode's point, else the municipality's seat, else None (cannot be placed)."""
    if not is_danish_postcode(postcode):
        return None
    if postcode in _postcodes():
        return Point(*_postcodes()[postcode], exact=True)
    if municipality_code and municipality_code in _municipalities():
        return Point(*_municipalities()[municipality_code], exact=False)
    return None


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance (haversine, earth radius 6371 km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
