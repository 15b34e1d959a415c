"""Company growth: turnover typed in the accelerator, headcounts read from the registry's
staffing rows (one source of truth), against the baseline year and the cohort."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accelerator import selectors_growth as growth
from accelerator import services_growth
from accelerator.models import CompanyGrowth
from accelerator.testing import cohort, company, participant, system_user, world_cohorts
from accounts.roles import Role
from registry import services as registry_services


def _staff(org, year, total, fleksjob=0, wage_subsidy=0):
    registry_services.staffing_set(
        by=system_user(), organisation=org, year=year,
        data={"employees_total": total, "fleksjob": fleksjob, "wage_subsidy": wage_subsidy},
    )  # fmt: skip


def _turnover(p, year, amount, hired=0):
    services_growth.growth_set(
        by=system_user(),
        participant=p,
        data={"year": year, "turnover": Decimal(amount), "citizens_hired": hired},
    )


@pytest.mark.django_db
def test_headcounts_are_read_from_the_registrys_staffing_rows(world):
    rows = world_cohorts(world)
    own = rows["own"]
    _staff(world.company, 2025, 20, fleksjob=1)
    _staff(world.company, 2026, 24, fleksjob=2, wage_subsidy=1)
    _turnover(own, 2025, "1000000")
    _turnover(own, 2026, "1200000", hired=2)
    summary = growth.growth_of(own)
    assert [(y.year, y.employees, y.special) for y in summary.years] == [(2025, 20, 1), (2026, 24, 3)]
    assert summary.turnover_growth == Decimal("0.2") and summary.citizens_hired == 2
    # the registry changes, the accelerator shows it: nothing was copied
    _staff(world.company, 2026, 30, fleksjob=4)
    assert growth.growth_of(own).latest.employees == 30
    assert not hasattr(CompanyGrowth, "employees_total")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"year": 2026, "turnover": Decimal("-1")}, "turnover"),
        ({"year": 2026, "turnover": None}, "turnover"),
        ({"year": 1890, "turnover": Decimal("10")}, "year"),
        ({"year": 2026, "turnover": Decimal("10"), "citizens_hired": -2}, "citizens_hired"),
    ],
)
def test_bad_growth_figures_are_refused_naming_the_field(world, data, field):
    rows = world_cohorts(world)
    with pytest.raises(ValidationError) as error:
        services_growth.growth_set(by=system_user(), participant=rows["own"], data=data)
    assert field in error.value.message_dict
    assert not CompanyGrowth.objects.exists()


@pytest.mark.django_db
def test_the_page_refuses_a_negative_turnover_in_danish(world, client_for):
    rows = world_cohorts(world)
    response = client_for(world.users[Role.COMPANY]).post(
        f"/accelerator/virksomheder/{rows['own'].public_id}/vaekst/",
        {"growth-year": "2026", "growth-turnover": "-5000", "growth-citizens_hired": "0"},
    )
    assert response.status_code == 422 and "ikke være negativ" in response.text
    assert not CompanyGrowth.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("relation", ["own", "same_municipality", "other_municipality"])
def test_a_company_enters_and_sees_only_its_own_figures(world, client_for, role, relation):
    rows = world_cohorts(world)
    target = rows[relation]
    response = client_for(world.users[role]).post(
        f"/accelerator/virksomheder/{target.public_id}/vaekst/",
        {"growth-year": "2025", "growth-turnover": "750000", "growth-citizens_hired": "0"},
    )
    may = relation != "other_municipality" and (
        role in (Role.CONSULTANT, Role.ADMIN) or (role == Role.COMPANY and relation == "own")
    )
    assert response.status_code == (302 if may else 404)
    assert CompanyGrowth.objects.filter(organisation=target.organisation).exists() == may


@pytest.mark.django_db
def test_cohort_growth_against_the_baseline_and_its_page(world, client_for):
    made = cohort(world.kolding, world.business, start=datetime.date(2026, 1, 5))
    a, b = participant(made, world.company), participant(made, company(world.kolding, "Smed ApS"))
    _turnover(a, 2025, "1000000")
    _turnover(a, 2026, "1100000")
    _turnover(b, 2025, "500000")
    _turnover(b, 2026, "800000")
    summaries = growth.cohort_growth([a, b], made)
    # both companies together: 1.9 million against 1.5 million in the baseline year
    assert growth.cohort_turnover_growth(summaries) == Decimal(400000) / Decimal(1500000)
    consultant = client_for(world.users[Role.CONSULTANT])
    response = consultant.get(f"/accelerator/forloeb/{made.public_id}/vaekst/")
    assert response.status_code == 200 and "Smed ApS" in response.text
    assert (
        client_for(world.users[Role.COMPANY])
        .get(f"/accelerator/forloeb/{made.public_id}/vaekst/")
        .status_code
        == 404
    )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert consultant.get(f"/accelerator/forloeb/{made.public_id}/vaekst/").status_code == 200
        return len(queries)

    few = count()
    for n in range(4):
        _turnover(participant(made, company(world.kolding, f"V{n}")), 2025, "100")
    assert count() == few
