"""Helpers for tests and the demo: a provider programme with a team, citizens, referrals.
Plain functions over the services, so the test data goes through the same rules."""

import datetime
import itertools

from .models import Team
from .services import citizen_create, referral_create
from .templates import programme_from_template

_serial = itertools.count(1)


def sample_cpr(birth: datetime.date = datetime.date(1990, 3, 15)) -> str:
    """A syntactically valid CPR number (date + 4 digits; the 7th digit 0–3 means 1900s),
    different on every call."""
    return f"{birth:%d%m%y}{next(_serial) % 4000:04d}"


def make_citizen(
    *, municipality, by, caseworker=None, name: str | None = None, cpr: str | None = None, **data
):
    n = next(_serial)
    return citizen_create(
        by=by,
        municipality=municipality,
        cpr=cpr or sample_cpr(),
        caseworker=caseworker,
        data={"name": name or f"Borger {n}", **data},
    )


def make_programme(
    *, provider, key: str = "kokkeskole", team_start=datetime.date(2026, 1, 5), capacity=12, by=None
):
    programme = programme_from_template(key=key, provider=provider, by=by)
    Team.objects.create(programme=programme, name="Hold 1", start_date=team_start, capacity=capacity)
    return programme


def refer(*, citizen, programme, by, wished_start=None):
    return referral_create(by=by, citizen=citizen, programme=programme, wished_start=wished_start)
