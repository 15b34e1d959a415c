"""The demo: Kolding with about 150 organisations and 300 citizens on pathways, a small Aarhus
to show tenant isolation, and one demo user per role. Same seed, same data."""

import datetime
import random

from django.db import transaction

from tenants.models import Municipality

from . import accelerator, events, market, partnerships, plans
from .agreements import clear_demo_agreements, seed_demo_agreements
from .contracts import seed_contracts
from .generator import DEMO_REFERENCE_DATE, generate_cases, generate_municipality
from .loader import LoadResult, load_municipality
from .pathways import REFERENCE_DATE as PATHWAYS_REFERENCE_DATE
from .pathways import delete_demo_pathways, load_demo_pathways
from .reports import seed_demo_reports
from .users import Login, load_demo_users

KOLDING, AARHUS = "0621", "0751"
DEMO_MUNICIPALITIES = [(KOLDING, 150), (AARHUS, 24)]
DEFAULT_SEED = 2026
# in dependency order: plans link to the others, contracts count accelerator companies
NETWORK_HALF = [partnerships, accelerator, events, market, plans]


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
    # the company, market and network half points at organisations and citizens: cleared first
    for app in NETWORK_HALF:
        app.clear_demo(list(municipalities.values()))
    clear_demo_agreements(municipalities[KOLDING])  # agreements protect the providers reloaded below
    delete_demo_pathways([m.pk for m in municipalities.values()])  # they point at the organisations
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
    pathway_counts = load_demo_pathways(seed, orgs)
    for result in results:
        result.counts.update(pathway_counts.get(result.municipality.code, {}))
    agreement = seed_demo_agreements(municipalities[KOLDING], orgs[(KOLDING, "training_kitchen")], seed=seed)
    seed_demo_reports(municipalities[KOLDING], agreement)
    seed_contracts(municipalities[KOLDING], as_of=PATHWAYS_REFERENCE_DATE)  # needs the pathways demo's programmes
    for app in NETWORK_HALF:
        counts = app.seed_demo(municipalities[KOLDING], orgs, seed=seed)
        results[0].counts.update(counts)
    return logins, results
