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
            Referral(
                citizen=c, programme=programme, referred_by=by, status=ReferralStatus.ACCEPTED, team=team
            )
            for c in people
        ],
        batch_size=batch_size,
    )
    starts = [start + datetime.timedelta(days=rng.randint(0, span)) for _c in people]
    exits_at = [
        s + datetime.timedelta(days=rng.randint(20, 120)) if rng.random() < exit_share else None
        for s in starts
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


def seed003_agreement(*, municipality, provider, programme, seed: int = 7, start=None, end=None):
    """A framework agreement shaped like seed 003's: a training kitchen (the programme), a
    network for the unemployed with outcomes, a youth host function with users and weekly
    staffed hours. Registrations are random between start and end. Returns the services."""
    from agreements.models import (
        NETWORK_OUTCOMES,
        AgreementService,
        Deliverable,
        FrameworkAgreement,
        Frequency,
        MetricKind,
        NetworkOutcome,
        PeriodBasis,
        ServiceKind,
        WeeklyRegistration,
        YouthFrequency,
        YouthIncome,
        YouthReferral,
        YouthUser,
    )

    rng = random.Random(seed)
    start = start or datetime.date(2025, 1, 1)
    end = end or datetime.date(2026, 6, 30)
    span = (end - start).days
    agreement = FrameworkAgreement.objects.create(
        municipality=municipality, provider=provider, name="Rammeaftale 2025–2026", start=start, end=end
    )
    kitchen = AgreementService.objects.create(
        agreement=agreement,
        kind=ServiceKind.PATHWAY,
        name="Køkkenforløb",
        annual_grant=700000,
        programme=programme,
    )
    network = AgreementService.objects.create(
        agreement=agreement, kind=ServiceKind.NETWORK, name="Ledige med Drive", annual_grant=300000
    )
    youth = AgreementService.objects.create(
        agreement=agreement, kind=ServiceKind.YOUTH_HOST, name="Ung værtsfunktion", annual_grant=200000
    )
    Deliverable.objects.create(
        service=kitchen,
        name="Forløb",
        metric=MetricKind.COURSES_PER_YEAR,
        target=24,
        period_basis=PeriodBasis.YEAR,
    )
    Deliverable.objects.create(
        service=youth,
        name="Sociale værter",
        metric=MetricKind.STAFFED_HOURS_PER_WEEK,
        target=20,
        period_basis=PeriodBasis.WEEK,
    )
    NetworkOutcome.objects.bulk_create(
        [
            NetworkOutcome(
                service=network,
                date=start + datetime.timedelta(days=rng.randint(0, span)),
                outcome=rng.choice(list(NETWORK_OUTCOMES[:1]) * 6 + list(NETWORK_OUTCOMES)).value,
                direct=rng.random() < 0.3,
            )
            for _i in range(90)
        ]
    )
    users = YouthUser.objects.bulk_create(
        [
            YouthUser(
                service=youth,
                label=f"Ung {i}",
                registered=start + datetime.timedelta(days=rng.randint(0, span)),
                referral=rng.choice(list(YouthReferral)).value,
                income=rng.choice([YouthIncome.KONTANTHJAELP] * 3 + list(YouthIncome)).value,
            )
            for i in range(70)
        ]
    )
    YouthFrequency.objects.bulk_create(
        [
            YouthFrequency(
                user=u, period_start=u.registered, period_end=end, frequency=rng.choice(list(Frequency)).value
            )
            for u in users
            if rng.random() < 0.85
        ]
    )
    monday = _monday(start)
    weeks = []
    while monday <= end:
        weeks.append(
            WeeklyRegistration(service=youth, week=monday, staffed_hours=Decimal(rng.randint(16, 24)))
        )
        monday += datetime.timedelta(weeks=1)
    WeeklyRegistration.objects.bulk_create(weeks)
    return kitchen, network, youth
