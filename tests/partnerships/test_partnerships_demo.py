"""The demo hook: seed 001's partnership in Kolding with its single point of contact, host
companies with slots, the two-cluster table (9 + 9) and a ready matching run; clearing and
seeding again gives the same rows."""

from datetime import date as D

import pytest

from accounts.roles import Role
from accounts.testing import make_user
from demo import partnerships as demo
from partnerships.models import MatchingRun, MemberRole, Partnership, PlacementSlot, PlacementTarget
from pathways.testing import enrol, make_programme
from registry.choices import Kind
from registry.testing import make_organisation

pytestmark = pytest.mark.django_db


def demo_world(world):
    make_user("konsulent", organisation=world.business, role=Role.CONSULTANT)
    make_user("sagsbehandler", organisation=world.jobcentre, role=Role.CASEWORKER)
    make_user("virksomhed", organisation=world.company, role=Role.COMPANY)
    orgs = {("0621", "job_centre"): world.jobcentre, ("0621", "provider"): world.provider,
            ("0621", "company"): world.company, ("0621", "cafe"): world.social_enterprise,
            ("0621", "training_kitchen"): make_organisation(world.kolding, name="Køkkenet", kind=Kind.SOCIAL_ENTERPRISE)}
    programme = make_programme(provider=world.provider, key="vaekstpartnerskab", team_start=D(2025, 1, 6))
    for i in range(4):
        enrol(caseworker=world.users["caseworker"], municipality=world.kolding, programme=programme, name=f"Demo {i}")
    return orgs


def test_the_demo_builds_the_partnership_with_both_clusters_and_a_ready_run(world):
    counts = demo.seed_demo(world.kolding, demo_world(world), seed=2026)
    partnership = Partnership.objects.get(municipality=world.kolding)
    assert partnership.memberships.get(role=MemberRole.SINGLE_POINT).organisation == world.provider
    per_cluster = {c: sum(t.places for t in PlacementTarget.objects.filter(partnership=partnership, cluster=c))
                   for c in demo.CLUSTERS}
    assert per_cluster == {"Klynge 1": 9, "Klynge 2": 9}
    assert counts["partnership slots"] == PlacementSlot.objects.count() == 3
    run = MatchingRun.objects.get()
    assert run.pairs.exists() and counts["matching runs"] == 1


def test_clearing_and_seeding_again_gives_the_same_rows(world):
    orgs = demo_world(world)
    first = demo.seed_demo(world.kolding, orgs, seed=2026)
    demo.clear_demo([world.kolding])
    assert not PlacementSlot.objects.exists() and not MatchingRun.objects.exists()
    assert demo.seed_demo(world.kolding, orgs, seed=2026) == first
    assert Partnership.objects.filter(municipality=world.kolding).count() == 1
