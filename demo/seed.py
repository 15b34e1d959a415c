"""The demo: Kolding with about 150 organisations, a small Aarhus to show tenant isolation, and
one demo user per role. Same seed, same data."""

import datetime
import random

from django.db import transaction

from tenants.models import Municipality

from .agreements import clear_demo_agreements, seed_demo_agreements
from .generator import DEMO_REFERENCE_DATE, generate_cases, generate_municipality
from .loader import LoadResult, load_municipality
from .reports import seed_demo_reports
from .users import Login, load_demo_users

KOLDING, AARHUS = "0621", "0751"
DEMO_MUNICIPALITIES = [(KOLDING, 150), (AARHUS, 24)]
DEFAULT_SEED = 2026


def municipality_rng(seed: int, code: str) -> random.Random:
    """One generator per municipality, so a municipality's data does not depend on the others."""
    return random.Random(f"brobyg-demo:{seed}:{code}")


@transaction.atomic
def seed_demo(
    seed: int = DEFAULT_SEED, *, reference_date: datetime.date = DEMO_REFERENCE_DATE
) -> tuple[list[Login], list[LoadResult]]:
    used_cvrs: set[str] = set()
    municipalities = {
        m.code: m for m in Municipality.objects.filter(code__in=[code for code, _n in DEMO_MUNICIPALITIES])
    }
    results, orgs = [], {}
    clear_demo_agreements(municipalities[KOLDING])  # agreements protect the providers reloaded below
    for code, n in DEMO_MUNICIPALITIES:
        specs = generate_municipality(
            municipality_rng(seed, code), code, n, reference_date=reference_date, used_cvrs=used_cvrs
        )
        result = load_municipality(
            municipalities[code], specs, generate_cases(specs, reference_date=reference_date)
        )
        orgs.update({(code, anchor): org for anchor, org in result.by_anchor.items()})
        results.append(result)
    logins = load_demo_users(orgs)
    agreement = seed_demo_agreements(municipalities[KOLDING], orgs[(KOLDING, "training_kitchen")], seed=seed)
    seed_demo_reports(municipalities[KOLDING], agreement)
    return logins, results
