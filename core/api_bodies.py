"""Shared pieces of JSON API request bodies (django-ninja / pydantic)."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict


def iso_date(value):
    """Dates in a JSON body are ISO strings; strict mode would otherwise refuse the string and
    lax mode would take a number as seconds since 1970. Use as
    `field_validator("x", mode="before")(iso_date)`."""
    if value is None or isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(_("Skal være en dato (ÅÅÅÅ-MM-DD)."))


class StrictBody(Schema):
    """A JSON body: unknown fields refused, no coercion ("5" is not a number, 0 not a date)."""

    model_config = ConfigDict(extra="forbid", strict=True)


# Paging of every API list. Bounded, so a client's typo never reaches the database as a number
# it cannot hold: `?offset=100000000000000000000000000` answers 422 naming `offset` (issue 11).
OFFSET_MAX = 10_000_000  # far past any list a municipality has; below every integer type


def limit_field(default: int, maximum: int):
    return Field(default, ge=1, le=maximum, description=f"Antal rækker (1–{maximum})")


def offset_field():
    return Field(0, ge=0, le=OFFSET_MAX, description=f"Spring så mange rækker over (0–{OFFSET_MAX})")
