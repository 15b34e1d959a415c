"""One definition of "an enrolment active in a period" (pathways.models.active_between): started
on or before the period's last day and not exited before its first day. The analyst stats, the
evaluation reports and the team week grid all count with it, so they agree."""

import datetime

import pytest

from accounts.access import Access
from accounts.roles import Role
from pathways import services, services_running
from pathways.models import Enrolment, ExitOutcome
from pathways.selectors_attendance import week_enrolments
from pathways.stats import programme_stats
from pathways.testing import make_citizen, make_programme, refer
from reports.periods import custom
from reports.tables.base import Scope
from reports.tables.pathway import composition

pytestmark = pytest.mark.django_db

D = datetime.date
MARCH = (D(2026, 3, 1), D(2026, 3, 31))


@pytest.fixture
def enrolments(world):
    """Six pathways around March 2026, by name: which of them were under way in March."""
    caseworker = world.users[Role.CASEWORKER]
    programme = make_programme(provider=world.provider, team_start=D(2026, 1, 5))
    team = programme.teams.get()

    def enrol(name, start, exit_on=None, pause_on=None):
        citizen = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker, name=name)
        referral = refer(citizen=citizen, programme=programme, by=caseworker)
        enrolment = services.referral_accept(by=caseworker, referral=referral, team=team, start_date=start)
        if pause_on:
            services.enrolment_pause(by=caseworker, enrolment=enrolment, start=pause_on)
        if exit_on:
            services_running.enrolment_exit(
                by=caseworker, enrolment=enrolment, exit_date=exit_on, outcome=ExitOutcome.ORDINARY_EDUCATION
            )
        return enrolment

    return {
        "exited the day before": enrol("A", D(2026, 1, 5), exit_on=D(2026, 2, 28)),
        "exited on the first day": enrol("B", D(2026, 1, 5), exit_on=D(2026, 3, 1)),
        "started on the last day": enrol("C", D(2026, 3, 31)),
        "started the day after": enrol("D", D(2026, 4, 1)),
        "paused since February": enrol("E", D(2026, 1, 5), pause_on=D(2026, 2, 2)),
        "exited in April": enrol("F", D(2026, 2, 2), exit_on=D(2026, 4, 15)),
    }


ACTIVE_IN_MARCH = {"exited on the first day", "started on the last day", "paused since February", "exited in April"}


def test_the_queryset_method_keeps_the_enrolments_under_way_in_the_period(enrolments):
    names = {e.pk: name for name, e in enrolments.items()}
    active = Enrolment.objects.filter(pk__in=names).active_between(*MARCH)
    assert {names[pk] for pk in active.values_list("pk", flat=True)} == ACTIVE_IN_MARCH


def test_stats_and_reports_count_the_same_participants(world, enrolments):
    stats = programme_stats_for(world, *MARCH)
    table = composition(Scope(municipality_id=world.kolding.pk), [custom(*MARCH)])
    assert stats["participants"] == table.cell("total", "count").value == len(ACTIVE_IN_MARCH)


def test_the_week_grid_lists_the_participants_active_in_the_week(enrolments):
    team = enrolments["exited on the first day"].team
    names = {e.pk: name for name, e in enrolments.items()}
    # The week of Monday 23 February 2026: A exited on its Saturday, D and C had not started.
    week = week_enrolments(team, D(2026, 2, 23))
    assert {names[e.pk] for e in week} == {
        "exited the day before",
        "exited on the first day",
        "paused since February",
        "exited in April",
    }


def programme_stats_for(world, start, end) -> dict:
    (row,) = programme_stats(Access(world.users[Role.ANALYST]), start, end)
    return row
