"""Test data for the privacy, export and statistics tests: enrolled citizens with a history
(attendance, goals, status reports, milestones, an exit with follow-ups).

Running a pathway has no services on this branch yet, so the history rows are written with the
ORM; referrals and enrolments go through pathways.services like everywhere else."""

import datetime
from decimal import Decimal

from django.utils import timezone

from pathways import services
from pathways.models import (
    AttendanceWeek,
    Citizen,
    Enrolment,
    EnrolmentStatus,
    Exit,
    FollowUp,
    Goal,
    Milestone,
    MilestoneKind,
    Referral,
    StatusReport,
)
from pathways.testing import make_citizen, refer

SECRET = "Fortroligt: borgeren har talt om sin misbrugsbehandling"


def enrol(*, citizen, programme, by, provider_user):
    referral = refer(citizen=citizen, programme=programme, by=by)
    return services.referral_accept(by=provider_user, referral=referral, team=programme.teams.get())


def history(enrolment, *, by, weeks: int = 4, attended=Decimal(20), excused=Decimal(3), unexcused=Decimal(2)):
    """Attendance weeks from the start, one goal, one status report and one milestone."""
    monday = enrolment.start_date - datetime.timedelta(days=enrolment.start_date.weekday())
    AttendanceWeek.objects.bulk_create(
        AttendanceWeek(
            enrolment=enrolment,
            week=monday + datetime.timedelta(weeks=i),
            planned_hours=attended + excused + unexcused,
            attended_hours=attended,
            excused_hours=excused,
            unexcused_hours=unexcused,
            absence_reason=f"{SECRET} (uge {i})" if excused or unexcused else "",
        )
        for i in range(weeks)
    )
    Goal.objects.create(enrolment=enrolment, description=f"Mål: {SECRET}", agreed_on=enrolment.start_date)
    StatusReport.objects.create(
        enrolment=enrolment, body=SECRET, next_goal=SECRET, recommendation=SECRET, written_by=by,
        submitted_at=timezone.now(),
    )  # fmt: skip
    Milestone.objects.create(enrolment=enrolment, kind=MilestoneKind.HYGIENE_CERTIFICATE, achieved_on=enrolment.start_date)


def exit_enrolment(enrolment, *, outcome: str, on: datetime.date, by=None):
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.EXITED)
    enrolment.status = EnrolmentStatus.EXITED
    exit_ = Exit.objects.create(enrolment=enrolment, exit_date=on, outcome=outcome, note=SECRET, recorded_by=by)
    FollowUp.objects.bulk_create(
        FollowUp(exit=exit_, weeks=w, due=on + datetime.timedelta(weeks=w)) for w in (13, 26, 52)
    )
    return exit_


def backdate(citizen: Citizen, on: datetime.date) -> None:
    """Move the citizen's creation and referral decisions back to `on` (retention tests)."""
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    Citizen.objects.filter(pk=citizen.pk).update(created_at=moment)
    Referral.objects.filter(citizen=citizen, decided_at__isnull=False).update(decided_at=moment)


def finished_citizen(world, programme, *, cpr=None, name="Ane Afsluttet", outcome="ordinary_employment",
                     exit_on=datetime.date(2015, 6, 30), **fields):  # fmt: skip
    """A Kolding citizen with a whole pathway behind them, exited on `exit_on`."""
    from accounts.roles import Role

    caseworker = world.users[Role.CASEWORKER]
    citizen = make_citizen(
        municipality=world.kolding, by=caseworker, caseworker=caseworker, name=name, cpr=cpr,
        phone="12345678", email="ane@example.dk", address="Vejen 1, 6000 Kolding", **fields,
    )  # fmt: skip
    enrolment = enrol(citizen=citizen, programme=programme, by=caseworker, provider_user=world.users[Role.PROVIDER])
    history(enrolment, by=world.users[Role.PROVIDER])
    exit_enrolment(enrolment, outcome=outcome, on=exit_on)
    backdate(citizen, exit_on - datetime.timedelta(days=100))
    return citizen, enrolment
