"""Live indicators equal direct SQL counts over the registry and pathways tables."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from accounts.roles import Role
from pathways.testing import enrol, make_programme, record_exit
from plans import indicators
from plans.models import Indicator
from plans.testing import make_strategy, rsv_goal
from registry.choices import Kind, RsvStatus
from registry.models import Organisation
from registry.testing import make_organisation


def _sql(query: str, params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_live_indicators_equal_direct_sql_counts(world):
    for n in range(3):
        make_organisation(world.kolding, name=f"Social {n}", kind=Kind.SOCIAL_ENTERPRISE)
    make_organisation(world.aarhus, name="Aarhus social", kind=Kind.SOCIAL_ENTERPRISE)
    Organisation.objects.filter(name__in=["Social 0", "Social 1", "Aarhus social"]).update(rsv_status=RsvStatus.REGISTERED)
    caseworker = world.users[Role.CASEWORKER]
    programme = make_programme(provider=world.provider)
    enrolments = [enrol(caseworker=caseworker, municipality=world.kolding, programme=programme) for _ in range(3)]
    record_exit(enrolments[0], on=datetime.date(2026, 3, 1), outcome="ordinary_employment", hours=30)
    record_exit(enrolments[1], on=datetime.date(2026, 3, 1), outcome="dropout")
    from pathways.models import Placement

    Placement.objects.create(enrolment=enrolments[2], company=world.company, support_person="Bo", start=datetime.date(2026, 2, 2))

    m = world.kolding.pk
    values = indicators.live_values(m, set(Indicator.values))
    assert values[Indicator.RSV_COUNT] == _sql(
        "SELECT count(*) FROM registry_organisation WHERE municipality_id = %s AND rsv_status = 'registered'", [m]
    ) == 2
    assert values[Indicator.SOCIAL_ENTERPRISES] == _sql(
        "SELECT count(*) FROM registry_organisation WHERE municipality_id = %s AND kind = 'social_enterprise'", [m]
    ) == 4  # the world's Café Bro and three more
    assert values[Indicator.EXITS_TO_WORK] == _sql(
        "SELECT count(*) FROM pathways_exit x JOIN pathways_enrolment e ON e.id = x.enrolment_id "
        "JOIN pathways_citizen c ON c.id = e.citizen_id WHERE c.municipality_id = %s AND x.outcome = 'ordinary_employment'",
        [m],
    ) == 1
    assert values[Indicator.PLACEMENTS] == _sql(
        "SELECT count(*) FROM pathways_placement p JOIN pathways_enrolment e ON e.id = p.enrolment_id "
        "JOIN pathways_citizen c ON c.id = e.citizen_id WHERE c.municipality_id = %s",
        [m],
    ) == 1
    assert indicators.live_values(world.aarhus.pk, {Indicator.RSV_COUNT}) == {Indicator.RSV_COUNT: 1}


@pytest.mark.django_db
def test_progress_is_measured_from_baseline_to_target(world):
    Organisation.objects.filter(pk=world.social_enterprise.pk).update(rsv_status=RsvStatus.REGISTERED)
    strategy = make_strategy(world.kolding, goals=[rsv_goal(target=5, baseline=0)])
    goal = strategy.versions.get().goals.get()
    manual = strategy.versions.get().goals.create(title="Frivillige", indicator=Indicator.MANUAL, target=Decimal(40), manual_value=Decimal(10))
    rows = indicators.progress([goal, manual], world.kolding.pk)
    assert [(r["current"], r["share"]) for r in rows] == [(1, Decimal("0.2")), (Decimal(10), Decimal("0.25"))]
    assert rows[0]["live"] and not rows[1]["live"]
