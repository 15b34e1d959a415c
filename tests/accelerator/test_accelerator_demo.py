"""The accelerator demo: seed 001's accelerator for Kolding, loaded twice with the same rows."""

import pytest

from accelerator import selectors, selectors_recruitment
from accelerator.models import AcceleratorCohort, Application, BootCampRegistration, CompanyGrowth, Score
from accounts.roles import Role
from accounts.testing import make_user
from demo import accelerator as demo
from registry.choices import Kind
from registry.testing import make_organisation


@pytest.fixture
def orgs(world):
    fund = make_organisation(world.kolding, name="Andelskassen Kolding", kind=Kind.FUND)
    for n in range(24):  # the demo picks its companies among the municipality's organisations
        kind = Kind.SOCIAL_ENTERPRISE if n % 3 == 0 else Kind.COMPANY
        make_organisation(world.kolding, name=f"Virksomhed {n:02d}", kind=kind)
    make_user("konsulent", organisation=world.business, role=Role.CONSULTANT)
    make_user("admin", organisation=world.business, role=Role.ADMIN)
    return {("0621", "company"): world.company, ("0621", "fund"): fund}


def _counts() -> dict:
    cohort = AcceleratorCohort.objects.get()
    return {
        "boot_camp": BootCampRegistration.objects.count(),
        "applications": Application.objects.count(),
        "participants": cohort.participants.count(),
        "camps": cohort.camps.count(),
        "scores": Score.objects.count(),
        "growth": CompanyGrowth.objects.count(),
        "ready": sum(p.readiness.complete for p in selectors.participants_of(cohort)),
        "names": sorted(cohort.participants.values_list("organisation__name", flat=True)),
    }


@pytest.mark.django_db
def test_the_demo_has_a_boot_camp_of_12_and_a_cohort_of_6_at_different_stages(world, orgs):
    counts = demo.seed_demo(world.kolding, orgs, seed=2026)
    assert counts["accelerator companies"] == 6
    found = _counts()
    assert found["boot_camp"] == 12 and found["participants"] == 6 and found["camps"] == 4
    assert found["scores"] == 10 * 2 * 3  # ten applications, two assessors, three criteria
    assert found["growth"] == 6 * 3  # baseline 2023, then 2024 and 2025
    assert 0 < found["ready"] < 6
    cohort = AcceleratorCohort.objects.get()
    rows, total = selectors_recruitment.funnel(cohort.campaigns.get())
    assert total.contacted == 20 and total.boot_camp == 12 and total.selected == 6
    assert world.company.name in found["names"]


@pytest.mark.django_db
def test_loading_the_demo_twice_gives_the_same_rows(world, orgs):
    demo.seed_demo(world.kolding, orgs, seed=2026)
    first = _counts()
    demo.clear_demo([world.kolding])
    demo.seed_demo(world.kolding, orgs, seed=2026)
    assert _counts() == first
