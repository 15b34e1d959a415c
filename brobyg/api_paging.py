"""Paging parameters shared by every list of the JSON API. Bounded, so a client's typo never
reaches the database as a number it cannot hold: `?offset=100000000000000000000000000` answers
422 naming `offset` (issue 11, finding 7), not a server error."""

from ninja import Field

OFFSET_MAX = 10_000_000  # far past any list a municipality has; below every integer type


def limit_field(default: int, maximum: int):
    return Field(default, ge=1, le=maximum, description=f"Antal rækker (1–{maximum})")


def offset_field():
    return Field(0, ge=0, le=OFFSET_MAX, description=f"Spring så mange rækker over (0–{OFFSET_MAX})")
