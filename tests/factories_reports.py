"""Pathway data for report tests and the report benchmark: citizens, referrals, enrolments,
attendance weeks, milestones and exits, written with bulk_create (a few INSERTs per table
whatever the size) and drawn from a seeded random generator so a run is reproducible.

The rows bypass the pathways services on purpose: the reports read what is stored, and tests
compare the report with SQL over exactly these rows."""

import datetime
import random
from decimal import Decimal

from pathways.models import (
    AttendanceWeek,
    Citizen,
    Enrolment,
    EnrolmentStatus,
    Exit,
    ExitOutcome,
    Gender,
    Milestone,
    MilestoneKind,
    Referral,
    ReferralStatus,
    Team,
)

OUTCOMES = [o for o in ExitOutcome if o != ExitOutcome.CONTINUES]


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def pathway_data(
    *,
    municipality,
    programme,
    by,
    citizens: int,
    start: datetime.date,
    end: datetime.date,
    seed: int = 1,
    weeks: int = 13,
    exit_share: float = 0.8,
    batch_size: int = 5000,
) -> list[Enrolment]:
    """`citizens` citizens each with one enrolment starting between start and end, weekly
    attendance for up to `weeks` weeks, a hygiene certificate and a course certificate for some,
    and an exit (random outcome) for `exit_share` of them."""
    rng = random.Random(seed)
    tag = f"{programme.pk}-{seed}-{rng.random():.12f}"
    team = Team.objects.filter(programme=programme).first() or Team.objects.create(
        programme=programme, name="Hold", start_date=start
    )
    span = (end - start).days
    people = Citizen.objects.bulk_create(
        [
            Citizen(
                municipality=municipality,
                cpr_encrypted=b"-",
                cpr_index=f"r{tag}-{i}",
                name=f"Rapportborger {i}",
                gender=rng.choice([Gender.MALE, Gender.FEMALE, Gender.FEMALE, Gender.UNKNOWN]),
                ethnic_danish_background=rng.choice([True, False, False, None]),
                insured=rng.choice([True, False, None]),
            )
            for i in range(citizens)
        ],
        batch_size=batch_size,
    )
    referrals = Referral.objects.bulk_create(
        [
            Referral(citizen=c, programme=programme, referred_by=by, status=ReferralStatus.ACCEPTED, team=team)
            for c in people
        ],
        batch_size=batch_size,
    )
    starts = [start + datetime.timedelta(days=rng.randint(0, span)) for _c in people]
    exits_at = [
        s + datetime.timedelta(days=rng.randint(20, 120)) if rng.random() < exit_share else None for s in starts
    ]
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(
                referral=r,
                citizen=c,
                programme=programme,
                team=team,
                start_date=s,
                status=EnrolmentStatus.EXITED if x else EnrolmentStatus.ACTIVE,
            )
            for r, c, s, x in zip(referrals, people, starts, exits_at, strict=True)
        ],
        batch_size=batch_size,
    )
    weeks_rows, milestones, exits = [], [], []
    for enrolment, s, x in zip(enrolments, starts, exits_at, strict=True):
        last = x or s + datetime.timedelta(weeks=weeks)
        monday = _monday(s)
        while monday <= last and len(weeks_rows) < 10**8:
            planned = Decimal(25)
            attended = Decimal(rng.randint(0, 25))
            excused = Decimal(rng.randint(0, int(planned - attended)))
            weeks_rows.append(
                AttendanceWeek(
                    enrolment=enrolment,
                    week=monday,
                    planned_hours=planned,
                    attended_hours=attended,
                    excused_hours=excused,
                    unexcused_hours=planned - attended - excused,
                )
            )
            monday += datetime.timedelta(weeks=1)
            if monday > s + datetime.timedelta(weeks=weeks):
                break
        if rng.random() < 0.6:
            milestones.append(
                Milestone(
                    enrolment=enrolment,
                    kind=MilestoneKind.HYGIENE_CERTIFICATE,
                    achieved_on=s + datetime.timedelta(days=rng.randint(10, 60)),
                )
            )
        if rng.random() < 0.4:
            milestones.append(
                Milestone(
                    enrolment=enrolment,
                    kind=MilestoneKind.COURSE_CERTIFICATE,
                    achieved_on=s + datetime.timedelta(days=rng.randint(30, 100)),
                )
            )
        if x:
            exits.append(Exit(enrolment=enrolment, exit_date=x, outcome=rng.choice(OUTCOMES)))
    AttendanceWeek.objects.bulk_create(weeks_rows, batch_size=batch_size)
    Milestone.objects.bulk_create(milestones, batch_size=batch_size)
    Exit.objects.bulk_create(exits, batch_size=batch_size)
    return enrolments
