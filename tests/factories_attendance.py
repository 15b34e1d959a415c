"""Factories for the attendance and placement tests: a programme with a team whose participants
went through referral and acceptance (the real services), and attendance rows written directly
so that the tests compare the code under test against sums computed here."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from pathways.models import AttendanceWeek, EnrolmentStatus, Exit, ExitOutcome, Team
from pathways.services import referral_accept
from pathways.testing import make_citizen, make_programme, refer

_n = itertools.count(1)


def this_monday() -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


def weeks_ago(n: int) -> datetime.date:
    return this_monday() - datetime.timedelta(weeks=n)


def programme_with_team(*, provider, key="kokkeskole", start=None, capacity=None, by=None):
    """A programme of `provider` and its team, starting `start` (default: 10 weeks ago)."""
    programme = make_programme(provider=provider, key=key, team_start=start or weeks_ago(10), capacity=capacity, by=by)
    return programme, programme.teams.get()


def enrol(*, team: Team, caseworker, municipality, name=None, start=None):
    """A citizen of `municipality` referred by `caseworker` and accepted onto `team`."""
    citizen = make_citizen(
        municipality=municipality, by=caseworker, caseworker=caseworker, name=name or f"Deltager {next(_n):03d}"
    )
    referral = refer(citizen=citizen, programme=team.programme, by=caseworker)
    return referral_accept(by=None, referral=referral, team=team, start_date=start or team.start_date)


def enrol_many(n: int, **kw) -> list:
    return [enrol(**kw) for _ in range(n)]


def exit_enrolment(enrolment, on: datetime.date, outcome=ExitOutcome.DROPOUT) -> None:
    Exit.objects.create(enrolment=enrolment, exit_date=on, outcome=outcome)
    enrolment.status = EnrolmentStatus.EXITED
    enrolment.save(update_fields=["status"])


def week(enrolment, monday, planned=25, attended=25, excused=0, unexcused=0, reason="") -> AttendanceWeek:
    return AttendanceWeek.objects.create(
        enrolment=enrolment,
        week=monday,
        planned_hours=Decimal(planned),
        attended_hours=Decimal(attended),
        excused_hours=Decimal(excused),
        unexcused_hours=Decimal(unexcused),
        absence_reason=reason or ("Udeblevet" if unexcused else ""),
    )
