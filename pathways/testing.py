"""Builders for tests, benchmarks and the demo: programmes with a team, citizens, referrals,
enrolments and their history. The one home of each pathway builder (CONTRIBUTING.md).

Referrals and enrolments go through the services, so test data obeys the same rules. History
rows (attendance, goals, status reports, milestones, exits) are written directly: tests need
dates and states the services would refuse (a past exit with answered follow-ups) and compare
the code under test with sums over exactly these rows. `pathway_data` writes whole populations
with bulk_create for the report tests and bench/reports_bench.py."""

import datetime
import itertools
import random
from decimal import Decimal

from django.utils import timezone

from accounts.access import Access

from .access import providers_only
from .models import (
    FOLLOW_UP_WEEKS,
    AttendanceWeek,
    Citizen,
    Enrolment,
    EnrolmentStatus,
    Exit,
    ExitOutcome,
    FollowUp,
    Gender,
    Goal,
    Milestone,
    MilestoneKind,
    Referral,
    ReferralStatus,
    StatusReport,
    Team,
)
from .selectors_attendance import monday_of
from .services import citizen_create, referral_accept, referral_create
from .templates import programme_from_template

_serial = itertools.count(1)

# Written into every free-text field of `history` and `record_exit(note=SECRET)`: privacy tests
# assert that this text never reaches a page, export or log it must not reach.
SECRET = "Fortroligt: borgeren har talt om sin misbrugsbehandling"  # noqa: S105 - not a password

# The follow-ups the exit service creates (13, 26 and 52 weeks, unanswered), for `record_exit`.
UNANSWERED = [(weeks, "", None) for weeks in FOLLOW_UP_WEEKS]


def sample_cpr(birth: datetime.date = datetime.date(1990, 3, 15)) -> str:
    """A syntactically valid CPR number (date + 4 digits; the 7th digit 0–3 means 1900s),
    different on every call."""
    return f"{birth:%d%m%y}{next(_serial) % 4000:04d}"


def this_monday() -> datetime.date:
    return monday_of(timezone.localdate())


def weeks_ago(n: int) -> datetime.date:
    """The Monday `n` weeks before this week's."""
    return this_monday() - datetime.timedelta(weeks=n)


def make_citizen(
    *, municipality, by, caseworker=None, name: str | None = None, cpr: str | None = None, **data
):
    n = next(_serial)
    return citizen_create(
        by=by,
        municipality=municipality,
        cpr=cpr or sample_cpr(),
        caseworker=caseworker,
        data={"name": name or f"Borger {n}", **data},
    )


def make_programme(
    *, provider, key: str = "kokkeskole", team_start=datetime.date(2026, 1, 5), capacity=12, by=None
):
    """A programme of `provider` from a template, with one team ("Hold 1")."""
    programme = programme_from_template(key=key, provider=provider, by=by)
    Team.objects.create(programme=programme, name="Hold 1", start_date=team_start, capacity=capacity)
    return programme


def programme_with_team(*, provider, key="kokkeskole", start=None, capacity=None, by=None):
    """A programme whose one team began `start` (default: ten weeks ago) without a cap, and the team."""
    programme = make_programme(provider=provider, key=key, team_start=start or weeks_ago(10), capacity=capacity, by=by)
    return programme, programme.teams.get()


def refer(*, citizen, programme, by, wished_start=None):
    return referral_create(by=by, citizen=citizen, programme=programme, wished_start=wished_start)


def enrol(
    *,
    caseworker,
    municipality=None,
    citizen=None,
    name: str | None = None,
    programme=None,
    team=None,
    provider=None,
    start: datetime.date | None = None,
    accepted_by=None,
) -> Enrolment:
    """An accepted referral; returns the enrolment.

    The citizen is `citizen`, or a new one of `municipality` (named `name`) with `caseworker` as
    caseworker. `caseworker` refers them to `programme` (or a new programme of `provider`
    whose team starts `start`), and `accepted_by` (None: the system) accepts them onto `team`
    (default: the programme's first team) from `start` (default: the team's start)."""
    if programme is None:
        programme = team.programme if team is not None else make_programme(provider=provider, team_start=start)
    team = team or programme.teams.order_by("pk").first()
    if citizen is None:
        citizen = make_citizen(municipality=municipality, by=caseworker, caseworker=caseworker, name=name)
    referral = refer(citizen=citizen, programme=programme, by=caseworker)
    return referral_accept(by=accepted_by, referral=referral, team=team, start_date=start)


def enrol_many(n: int, **options) -> list[Enrolment]:
    """`n` enrolments made by `enrol(**options)`, each a new citizen."""
    return [enrol(**options) for _ in range(n)]


def due_row(enrolment, kind):
    """The enrolment's due date for the checkpoint of `kind`."""
    return enrolment.checkpoints_due.select_related("checkpoint").get(checkpoint__kind=kind)


def week(enrolment, monday, planned=25, attended=25, excused=0, unexcused=0, reason="") -> AttendanceWeek:
    """One recorded attendance week (hours as numbers)."""
    return AttendanceWeek.objects.create(
        enrolment=enrolment,
        week=monday,
        planned_hours=Decimal(planned),
        attended_hours=Decimal(attended),
        excused_hours=Decimal(excused),
        unexcused_hours=Decimal(unexcused),
        absence_reason=reason or ("Udeblevet" if unexcused else ""),
    )


def history(enrolment, *, by, weeks: int = 4, attended=Decimal(20), excused=Decimal(3), unexcused=Decimal(2)):
    """Attendance weeks from the start, one goal, one status report and one milestone, every
    free text carrying SECRET."""
    monday = monday_of(enrolment.start_date)
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


def record_exit(
    enrolment, *, on: datetime.date, outcome=ExitOutcome.DROPOUT, hours=None, note="", by=None, followups=()
) -> Exit:
    """Mark the enrolment exited on `on` and write its exit row. `followups` are
    (weeks, status, hours) tuples, due `weeks` after the exit; an empty status is unanswered
    (as the exit service creates them), any other is answered on the exit date."""
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.EXITED)
    enrolment.status = EnrolmentStatus.EXITED
    exit_ = Exit.objects.create(
        enrolment=enrolment, exit_date=on, outcome=outcome, note=note, recorded_by=by,
        hours_per_week=None if hours is None else Decimal(hours),
    )  # fmt: skip
    FollowUp.objects.bulk_create(
        FollowUp(
            exit=exit_, weeks=weeks, due=on + datetime.timedelta(weeks=weeks), status=status,
            hours_per_week=None if h is None else Decimal(h), recorded_on=on if status else None,
        )  # fmt: skip
        for weeks, status, h in followups
    )
    return exit_


def backdate(citizen: Citizen, on: datetime.date) -> None:
    """Move the citizen's creation and referral decisions back to `on` (retention tests)."""
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    Citizen.objects.filter(pk=citizen.pk).update(created_at=moment)
    Referral.objects.filter(citizen=citizen, decided_at__isnull=False).update(decided_at=moment)


def finished_citizen(world, programme, *, cpr=None, name="Ane Afsluttet", outcome="ordinary_employment",
                     exit_on=datetime.date(2015, 6, 30), **fields):  # fmt: skip
    """A Kolding citizen of the test personas (`world`) with a whole pathway behind them:
    history, an exit on `exit_on` with unanswered follow-ups, created 100 days before."""
    from accounts.roles import Role

    caseworker = world.users[Role.CASEWORKER]
    citizen = make_citizen(
        municipality=world.kolding, by=caseworker, caseworker=caseworker, name=name, cpr=cpr,
        phone="12345678", email="ane@example.dk", address="Vejen 1, 6000 Kolding", **fields,
    )  # fmt: skip
    enrolment = enrol(citizen=citizen, programme=programme, caseworker=caseworker, accepted_by=world.users[Role.PROVIDER])
    history(enrolment, by=world.users[Role.PROVIDER])
    record_exit(enrolment, outcome=outcome, on=exit_on, note=SECRET, followups=UNANSWERED)
    backdate(citizen, exit_on - datetime.timedelta(days=100))
    return citizen, enrolment


_ENDED = [o for o in ExitOutcome if o != ExitOutcome.CONTINUES]


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
    and an exit (random outcome) for `exit_share` of them.

    For report tests and bench/reports_bench.py: a few INSERTs per table whatever the size,
    drawn from a seeded generator so a run is reproducible. The rows bypass the services on
    purpose: reports read what is stored, and tests compare a report with SQL over these rows."""
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
        monday = monday_of(s)
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
            exits.append(Exit(enrolment=enrolment, exit_date=x, outcome=rng.choice(_ENDED)))
    AttendanceWeek.objects.bulk_create(weeks_rows, batch_size=batch_size)
    Milestone.objects.bulk_create(milestones, batch_size=batch_size)
    Exit.objects.bulk_create(exits, batch_size=batch_size)
    return enrolments


# --- The citizen page's lists as querysets ----------------------------------------------------
# pathways.citizen_page reads them in plain SQL; tests compare it with this ORM formulation of
# the same rule (pathways.access.providers_only).


def referrals_of(access: Access, citizen: Citizen):
    """The citizen's referrals the user sees, as a queryset."""
    return _rows_of(Referral, access, citizen)


def enrolments_of(access: Access, citizen: Citizen):
    """The citizen's enrolments the user sees, as a queryset."""
    return _rows_of(Enrolment, access, citizen)


def _rows_of(model, access: Access, citizen: Citizen):
    qs = model.objects.filter(citizen=citizen)
    restriction = providers_only(access, citizen, model)
    if restriction is None:
        return qs
    qs = qs.filter(programme__provider_id__in=restriction.providers)
    return qs.filter(status__in=restriction.statuses) if restriction.statuses else qs
