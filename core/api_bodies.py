"""Shared pieces of JSON API request bodies (django-ninja / pydantic)."""

import datetime

from django.utils.translation import gettext as _
from ninja import Schema
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
