"""The pathway tables' hand-written SQL (reports.tables.pathway `_counts`, `_hours`) returns what
the ORM formulation returns — conditional Counts with the drill's own `conditions()`, kept here
as the reference — and every count equals the rows the drill lists behind it, over varied data:
two municipalities and programmes, a citizen on two pathways, gender, insurance and background
each unknown as well as known, an exit of every outcome in each period and outside them,
milestones before, on and after the exit date, attendance in and outside the periods; for
national, municipal and programme scopes, an empty programme list, and periods without rows."""

import datetime
import itertools
import random
from decimal import Decimal

import pytest
from django.db.models import Count, Q, Sum

from accounts.roles import Role
from pathways.models import AttendanceWeek, Citizen, Gender, Milestone, MilestoneKind
from pathways.testing import enrol, make_programme, record_exit
from reports import periods as P
from reports.drill import rows_behind
from reports.tables import Scope
from reports.tables.pathway import EXIT_OUTCOMES, _count_conditions, _counts, _hours, conditions, enrolments

D = datetime.date
H1_2026 = P.half_year(2026, 1)
PERIOD_SETS = [
    [H1_2026, H1_2026.previous()],
    [P.year(2025), P.year(2024)],
    [P.custom(D(2026, 3, 31), D(2026, 3, 31))],  # one day, the exit day of several pathways
    [P.half_year(2030, 1), P.half_year(2029, 2)],  # no rows
]


def typed(value):
    """The value with every leaf's type and repr, so 0 != Decimal("0") and Decimal("1.0") != Decimal("1.00")."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    return [typed(v) for v in value] if isinstance(value, list | tuple) else (type(value).__name__, repr(value))


def orm_counts(scope, periods) -> list[dict]:
    """The counts as ORM aggregates over the drill's conditions (an EXISTS per milestone)."""
    aggregates = {}
    for index, period in enumerate(periods):
        for key, condition in conditions(period).items():
            citizens = key.startswith("composition:")
            field = "citizen_id" if citizens else "pk"
            aggregates[f"p{index}_{key}"] = Count(field, filter=condition, distinct=citizens)
    row = enrolments(scope).aggregate(**aggregates)
    keys = [k for k in conditions(periods[0]) if k != "participation:attendance"]  # `_hours` counts it
    return [{key: row[f"p{index}_{key}"] for key in keys} for index in range(len(periods))]


def orm_hours(scope, periods) -> list[dict]:
    """The attendance sums as the ORM aggregate the SQL replaced."""
    aggregates, weeks = {}, Q()
    for index, period in enumerate(periods):
        in_period = Q(week__gte=period.start, week__lte=period.end)
        weeks |= in_period
        aggregates[f"p{index}_attended"] = Sum("attended_hours", filter=in_period)
        aggregates[f"p{index}_excused"] = Sum("excused_hours", filter=in_period)
        aggregates[f"p{index}_unexcused"] = Sum("unexcused_hours", filter=in_period)
        aggregates[f"p{index}_persons"] = Count("enrolment_id", filter=in_period, distinct=True)
    qs = AttendanceWeek.objects.filter(weeks)
    if scope.municipality_id is not None or scope.programme_ids is not None:
        qs = qs.filter(enrolment__in=enrolments(scope))
    row = qs.aggregate(**aggregates)
    return [
        {
            "attended": row[f"p{i}_attended"] or 0,
            "absent": (row[f"p{i}_excused"] or 0) + (row[f"p{i}_unexcused"] or 0),
            "persons": row[f"p{i}_persons"],
        }
        for i in range(len(periods))
    ]


EXIT_DAYS = [D(2024, 3, 1), D(2025, 6, 30), D(2025, 7, 1), D(2025, 12, 31), D(2026, 1, 1), D(2026, 3, 31),
             D(2026, 6, 30), D(2026, 7, 1)]  # fmt: skip
KINDS = [MilestoneKind.HYGIENE_CERTIFICATE, MilestoneKind.COURSE_CERTIFICATE, MilestoneKind.OTHER_CERTIFICATE]


def pathways(world, programmes, rng):
    """Pathways of Kolding and Aarhus citizens on both programmes, every exit outcome in turn."""
    outcomes = itertools.cycle(EXIT_OUTCOMES)
    people = itertools.product([True, False, None], [Gender.MALE, Gender.FEMALE, Gender.OTHER, Gender.UNKNOWN])
    for n, (known, gender) in enumerate(itertools.islice(itertools.cycle(people), 48)):
        municipality, caseworker = (
            (world.kolding, world.users[Role.CASEWORKER]) if n % 3 else (world.aarhus, world.outsiders[Role.CASEWORKER])
        )
        start = D(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 900))
        enrolment = enrol(caseworker=caseworker, municipality=municipality, programme=programmes[n % 2], start=start)
        Citizen.objects.filter(pk=enrolment.citizen_id).update(
            gender=gender, insured=rng.choice([True, False, None]), ethnic_danish_background=known
        )
        exit_on = None
        if rng.random() < 0.7:
            exit_on = max(start, rng.choice(EXIT_DAYS))
            record_exit(enrolment, on=exit_on, outcome=next(outcomes))
        for kind in rng.sample(KINDS, rng.randint(0, 3)):
            # before, on and after the exit (or anywhere for an open pathway)
            around = exit_on or start + datetime.timedelta(days=100)
            on = max(start, around + datetime.timedelta(days=rng.choice([-40, -1, 0, 0, 1, 30])))
            Milestone.objects.create(enrolment=enrolment, kind=kind, achieved_on=on)
        for w in range(rng.randint(0, 6)):
            monday = start - datetime.timedelta(days=start.weekday()) + datetime.timedelta(weeks=7 * w)
            AttendanceWeek.objects.create(
                enrolment=enrolment, week=monday, planned_hours=Decimal(30),
                attended_hours=Decimal(rng.randint(0, 60)) / 2, excused_hours=Decimal(rng.choice([0, 0, 5])),
                unexcused_hours=Decimal(rng.choice([0, 2.5])),
            )  # fmt: skip
        if n % 7 == 0:  # the same citizen on the other programme: composition counts them once
            enrol(
                caseworker=caseworker, citizen=enrolment.citizen, programme=programmes[(n + 1) % 2],
                start=start + datetime.timedelta(days=20),
            )  # fmt: skip


@pytest.fixture
def data(world):
    programmes = [
        make_programme(provider=world.provider, key=key, team_start=D(2024, 1, 1), capacity=None)
        for key in ("kokkeskole", "kokkeskole")
    ]
    pathways(world, programmes, random.Random(7))
    return world, [p.pk for p in programmes]


def scopes(world, programme_ids):
    first, second = programme_ids
    return [
        Scope(municipality_id=None),
        Scope(municipality_id=None, programme_ids=(second,)),
        Scope(municipality_id=world.kolding.pk),
        Scope(municipality_id=world.kolding.pk, programme_ids=(first,)),
        Scope(municipality_id=world.kolding.pk, programme_ids=(first, second)),
        Scope(municipality_id=world.aarhus.pk, programme_ids=(second,)),
        Scope(municipality_id=world.kolding.pk, programme_ids=()),
    ]


@pytest.mark.django_db
def test_the_sql_equals_the_orm_formulation(data):
    world, programme_ids = data
    for scope, periods in itertools.product(scopes(world, programme_ids), PERIOD_SETS):
        assert typed(_counts(scope, periods)) == typed(orm_counts(scope, periods)), (scope, periods)
        assert typed(_hours(scope, periods)) == typed(orm_hours(scope, periods)), (scope, periods)


@pytest.mark.django_db
def test_every_count_equals_the_rows_the_drill_lists(data):
    world, programme_ids = data
    for scope in scopes(world, programme_ids)[:4]:
        for periods in PERIOD_SETS[:3]:
            for period, counts, hours in zip(periods, _counts(scope, periods), _hours(scope, periods), strict=True):
                for key in conditions(period):
                    n = hours["persons"] if key == "participation:attendance" else counts[key]
                    assert n == rows_behind(scope, period, key).count(), (scope, period, key)


@pytest.mark.django_db
def test_the_data_reach_every_figure(data):
    """The comparisons above are not between zeros: in the report's half-years every figure
    but the rarest is counted in the Kolding scope, and the composition of a citizen on two
    pathways is counted once."""
    world, _ids = data
    scope = Scope(municipality_id=world.kolding.pk)
    counts = [_counts(scope, [p, p.previous()]) for p in (H1_2026, P.half_year(2025, 1))]
    seen = {key for pair in counts for period in pair for key, n in period.items() if n}
    assert len(seen) >= len(_count_conditions()) - 2, set(_count_conditions()) - seen
    national = _counts(Scope(municipality_id=None), [P.year(2025)])[0]
    assert national["composition:total"] < enrolments(Scope(municipality_id=None)).filter(
        conditions(P.year(2025))["composition:total"]
    ).count()


def test_the_sql_conditions_are_the_drills():
    """Every drill key has its SQL form (attendance aside: `_hours`), and no other."""
    assert set(_count_conditions()) == set(conditions(H1_2026)) - {"participation:attendance"}
