"""A pure, seeded plan of one municipality's citizen pathways: teams, citizens with dated
status, referrals, enrolments with pauses, weekly attendance, goals, status reports,
certificates, placements, exits and follow-ups. Everything random comes from the
random.Random passed in and every date from the reference date, so the same seed gives the
same plan on every machine. No database access: demo.pathways and bench/generate_pathways.py
write it.

Hours are whole numbers here (ints); the writers turn them into the database's decimals.
The company phase of seed 001 states no weekly hours; the demo plans COMPANY_PHASE_HOURS.
"""

import datetime
import random
from dataclasses import dataclass, field

from core.calendar import WEEK, monday_of
from pathways.models import ExitOutcome, FollowUpStatus, MilestoneKind
from pathways.models.running import EMPLOYMENT_OUTCOMES, FOLLOW_UP_WEEKS
from pathways.rules import Pause, checkpoint_due
from pathways.templates import TEMPLATES

from . import vocabulary as v
from .identifiers import random_phone
from .pathways_words import (
    DECLINE_REASONS,
    EXCUSED_REASONS,
    GOALS,
    LAST_WEEKS_GOALS,
    NON_DANISH_FIRST,
    NON_DANISH_SURNAMES,
    REPORT_BODIES,
    SUPPORT_PERSONS,
    UNEXCUSED_REASONS,
)

KITCHEN, GROWTH = "kokkeskole", "vaekstpartnerskab"
COMPANY_PHASE_HOURS = 20  # seed 001 gives none; a demo assumption
REFORM = datetime.date(2025, 7, 1)  # kontanthjælpsreformen: old benefit codes lapse

# Seed 003's exit table, as rough shares of a typical year (in ExitOutcome's order).
OUTCOME_WEIGHTS = {
    ExitOutcome.CONTINUES: 2,
    ExitOutcome.ORDINARY_EMPLOYMENT: 30,
    ExitOutcome.PRIVATE_WAGE_SUBSIDY: 5,
    ExitOutcome.PUBLIC_WAGE_SUBSIDY: 3,
    ExitOutcome.ORDINARY_EDUCATION: 10,
    ExitOutcome.COMPANY_INTERNSHIP: 7,
    ExitOutcome.JOB_ROTATION: 1,
    ExitOutcome.SELF_EMPLOYED: 1,
    ExitOutcome.OTHER_ACTIVATION: 9,
    ExitOutcome.BACK_TO_MUNICIPALITY: 12,
    ExitOutcome.SICKNESS_PENSION: 10,
    ExitOutcome.DROPOUT: 10,
}
EARLY_EXITS = (ExitOutcome.DROPOUT, ExitOutcome.SICKNESS_PENSION)

# (benefit, target group, readiness) before the reform, and what each becomes on REFORM.
PROFILES = [
    (("kontanthjaelp", "kontanthjaelp-jobparat", "jobparat"), 30),
    (("kontanthjaelp", "kontanthjaelp-aktivitetsparat", "aktivitetsparat"), 20),
    (("selvforsorgelsesydelse", "integration-jobparat", "jobparat"), 14),
    (("uddannelseshjaelp", "uddannelseshjaelp-uddannelsesparat", "uddannelsesparat"), 8),
    (("a-dagpenge", "dagpenge", "jobparat"), 12),
    (("sygedagpenge", "sygedagpenge", "ikke-relevant"), 8),
    (("ressourceforlobsydelse", "ressourceforlob", "aktivitetsparat"), 8),
]
AFTER_REFORM = {
    "kontanthjaelp": "kontanthjaelp-2025",
    "selvforsorgelsesydelse": "kontanthjaelp-2025",
    "uddannelseshjaelp": "kontanthjaelp-2025",
    "integration-jobparat": "kontanthjaelp-jobparat",
    "uddannelseshjaelp-uddannelsesparat": "kontanthjaelp-jobparat",
    "uddannelsesparat": "jobparat",
}


@dataclass(frozen=True)
class TeamPlan:
    key: str  # "<programme key>:<n>"
    programme: str
    name: str
    start: datetime.date
    capacity: int | None


@dataclass
class EnrolmentPlan:
    team: str
    start: datetime.date
    status: str  # active, paused, exited
    pauses: list[tuple[datetime.date, datetime.date | None]] = field(default_factory=list)
    # (monday, planned, attended, excused, unexcused, reason)
    attendance: list[tuple] = field(default_factory=list)
    done: dict[int, datetime.date] = field(default_factory=dict)  # checkpoint due_week → done on
    goals: list[tuple] = field(default_factory=list)  # (text, agreed, target, status, closed)
    reports: list[tuple] = field(default_factory=list)  # (week|None, submitted, acknowledged|None, body)
    milestones: list[tuple] = field(default_factory=list)  # (kind, name, date, week|None)
    placement: tuple | None = None  # (company index, support person, phone, start, end|None)
    exit: tuple | None = None  # (date, outcome, hours|None, note)
    followups: list[tuple] = field(default_factory=list)  # (weeks, due, status, hours, recorded_on)


@dataclass
class ReferralPlan:
    programme: str
    created: datetime.date
    wished_start: datetime.date
    status: str  # sent, accepted, declined, withdrawn
    decided: datetime.date | None = None
    decline_reason: str = ""
    enrolment: EnrolmentPlan | None = None


@dataclass
class CitizenPlan:
    key: str
    cpr: str
    name: str
    phone: str
    email: str
    address: str
    gender: str
    ethnic_danish: bool
    insured: bool
    own_caseworker: bool
    statuses: list[tuple] = field(default_factory=list)  # (valid_from, benefit, target, readiness)
    referrals: list[ReferralPlan] = field(default_factory=list)


@dataclass(frozen=True)
class Settings:
    """What differs between the demo and the national bench."""

    window_start: datetime.date
    reference: datetime.date
    kitchen_share: float = 0.65  # share of citizens whose first referral is to the kitchen
    second_pathway: float = 0.05  # chance that a kitchen participant goes on to the growth programme
    own_caseworker: float = 0.85
    kitchen_team_capacity: int = 8
    kitchen_team_days: int = 14  # a new kitchen team every … days (rolling intake)
    growth_cohorts_per_year: int = 4


def plan_teams(settings: Settings, prefix: str = "") -> list[TeamPlan]:
    """Kitchen teams every `kitchen_team_days` (rolling intake); growth-programme cohorts every
    quarter (fixed intake)."""
    teams, first = [], monday_of(settings.window_start)
    day, n = first, 0
    while day <= settings.reference:
        n += 1
        teams.append(TeamPlan(f"{KITCHEN}:{n}", KITCHEN, f"{prefix}Køkkenhold {day:%y}-{n:02d}", day,
                              settings.kitchen_team_capacity))  # fmt: skip
        day += datetime.timedelta(days=settings.kitchen_team_days)
    step = 52 // settings.growth_cohorts_per_year
    day, n = first, 0
    while day <= settings.reference:
        n += 1
        teams.append(
            TeamPlan(f"{GROWTH}:{n}", GROWTH, f"{prefix}Indslusningshold {n} ({day:%m/%Y})", day, None)
        )
        day += datetime.timedelta(weeks=step)
    return teams


def random_cpr(rng: random.Random, reference: datetime.date, used: set[str]) -> tuple[str, str]:
    """A CPR number with a real birth date (18–63 years old) and a serial whose 7th digit gives
    the right century; the last digit is odd for men. No modulus-11 (not required since 2007)."""
    while True:
        birth = reference - datetime.timedelta(days=rng.randint(18 * 365 + 5, 63 * 365))
        gender = "male" if rng.random() < 0.5 else "female"
        century = rng.choice("49") if birth.year >= 2000 else str(rng.randint(0, 3))
        last = rng.choice("13579" if gender == "male" else "02468")
        cpr = f"{birth:%d%m%y}{century}{rng.randint(0, 99):02d}{last}"
        if cpr not in used:
            used.add(cpr)
            return cpr, gender


def plan_municipality(
    rng: random.Random,
    code: str,
    n: int,
    settings: Settings,
    teams: list[TeamPlan],
    codes: dict[tuple[str, str], tuple],
    *,
    used_cprs: set[str] | None = None,
) -> list[CitizenPlan]:
    """`codes` maps (list, code) to (valid_from, valid_to) from pathways/data/codelists.csv."""
    used = used_cprs if used_cprs is not None else set()
    by_programme = {KITCHEN: [t for t in teams if t.programme == KITCHEN],
                    GROWTH: [t for t in teams if t.programme == GROWTH]}  # fmt: skip
    prefixes = v.PHONE_PREFIXES.get(code, v.GENERIC_PHONE_PREFIXES)
    places = v.PLACES_BY_MUNICIPALITY.get(code) or v.KOLDING_PLACES
    return [_citizen(rng, code, i, settings, by_programme, codes, used, prefixes, places) for i in range(n)]


def _citizen(rng, code, i, settings, by_programme, codes, used, prefixes, places) -> CitizenPlan:
    cpr, gender = random_cpr(rng, settings.reference, used)
    danish = rng.random() < 0.55
    if danish:
        first = rng.choice(v.FIRST_NAMES[:20] if gender == "female" else v.FIRST_NAMES[20:])
        last = rng.choice(v.SURNAMES)
    else:
        first = rng.choice(NON_DANISH_FIRST[gender])
        last = rng.choice(NON_DANISH_SURNAMES)
    if rng.random() < 0.25:
        last = f"{rng.choice(v.SURNAMES)} {last}"
    postcode, town, streets = rng.choice(places)
    citizen = CitizenPlan(
        key=f"{code}:{i}", cpr=cpr, name=f"{first} {last}", phone=random_phone(rng, prefixes),
        email=f"{first.lower()}.{i}@borger.example", address=f"{rng.choice(streets)} {rng.randint(1, 120)}, {postcode} {town}",
        gender=gender, ethnic_danish=danish, insured=rng.random() < 0.2,
        own_caseworker=rng.random() < settings.own_caseworker,
    )  # fmt: skip
    programme = KITCHEN if rng.random() < settings.kitchen_share else GROWTH
    if not by_programme[programme]:  # a municipality that runs only one of the programmes
        programme = KITCHEN if programme == GROWTH else GROWTH
    referral = _referral(rng, settings, programme, by_programme[programme])
    citizen.referrals.append(referral)
    enrolment = referral.enrolment
    # Some go on from the kitchen to the growth programme's next cohort.
    if (
        programme == KITCHEN
        and enrolment is not None
        and enrolment.exit is not None
        and (rng.random() < settings.second_pathway and by_programme[GROWTH])
    ):
        later = [t for t in by_programme[GROWTH] if t.start > enrolment.exit[0]]
        if later:
            citizen.referrals.append(_referral(rng, settings, GROWTH, later[:1]))
    citizen.statuses = _statuses(rng, codes, referral.created, settings.reference)
    return citizen


def _statuses(rng, codes, referred: datetime.date, reference: datetime.date) -> list[tuple]:
    profile = rng.choices([p for p, _w in PROFILES], [w for _p, w in PROFILES])[0]
    start = referred - datetime.timedelta(days=rng.randint(20, 300))
    kinds = ("benefit", "target_group", "readiness")
    if start >= REFORM:
        profile = tuple(AFTER_REFORM.get(c, c) for c in profile)
    statuses = [(start, *profile)]
    if start < REFORM <= reference:
        after = tuple(AFTER_REFORM.get(c, c) for c in profile)
        if after != profile:
            statuses.append((REFORM, *after))
    for valid_from, *values in statuses:
        for kind, value in zip(kinds, values, strict=True):
            lo, hi = codes[(kind, value)]
            assert (lo is None or lo <= valid_from) and (hi is None or valid_from <= hi), (kind, value)
    return statuses


def _referral(rng, settings: Settings, programme: str, teams: list[TeamPlan]) -> ReferralPlan:
    team = rng.choice(teams)
    created = team.start - datetime.timedelta(days=rng.randint(5, 30))
    u = rng.random()
    if u < 0.03:
        status = "declined"
    elif u < 0.05:
        status = "withdrawn"
    elif u < 0.08 or team.start + datetime.timedelta(days=3) > settings.reference:
        status = "sent"
        created = settings.reference - datetime.timedelta(days=rng.randint(1, 20))
    else:
        status = "accepted"
    decided = (
        None if status == "sent" else min(created + datetime.timedelta(days=rng.randint(1, 6)), team.start)
    )
    referral = ReferralPlan(programme, created, team.start, status, decided)
    if status == "declined":
        referral.decline_reason = rng.choice(DECLINE_REASONS)
    if status == "accepted":
        referral.enrolment = _enrolment(rng, settings, team)
    return referral


def _enrolment(rng, settings: Settings, team: TeamPlan) -> EnrolmentPlan:
    spec = TEMPLATES[team.programme]
    weeks = sum(p["weeks"] for p in spec["phases"])
    reference = settings.reference
    outcome = rng.choices(list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values()))[0]
    last_week = rng.randint(3, weeks - 2) if outcome in EARLY_EXITS else weeks
    e = EnrolmentPlan(team=team.key, start=team.start, status="active")
    if rng.random() < 0.06:  # a pause of 1–3 weeks (e.g. an operation, a family matter)
        pause_start = team.start + datetime.timedelta(weeks=rng.randint(2, min(last_week, 8)) - 1)
        e.pauses.append((pause_start, pause_start + datetime.timedelta(weeks=rng.randint(1, 3))))
    paused_days = sum((end - start).days for start, end in e.pauses)
    end = team.start + datetime.timedelta(days=last_week * 7 - 1 + paused_days)
    if e.pauses and e.pauses[0][0] > reference:
        e.pauses, paused_days = [], 0
        end = team.start + datetime.timedelta(days=last_week * 7 - 1)
    if e.pauses and e.pauses[0][1] > reference:  # still paused today
        e.pauses[0] = (e.pauses[0][0], None)
        e.status = "paused"
    if end < reference and e.status != "paused":
        e.status = "exited"
    elif e.status == "active" and not e.pauses and rng.random() < 0.08 and e.start < reference - WEEK * 2:
        e.pauses = [(max(e.start + WEEK, reference - datetime.timedelta(days=rng.randint(3, 17))), None)]
        e.status = "paused"  # paused right now
    _attendance(rng, e, team, last_week, end, outcome, reference)
    _checkpoints_and_reports(rng, e, team, reference)
    if team.programme == GROWTH:
        _placement(rng, e, end if e.status == "exited" else None, reference)
    if e.status == "exited":
        if outcome == ExitOutcome.CONTINUES and team.programme == GROWTH:
            outcome = ExitOutcome.ORDINARY_EMPLOYMENT
        hours = rng.choice([15, 20, 25, 30, 37]) if outcome in EMPLOYMENT_OUTCOMES else None
        e.exit = (end, outcome, hours, "")
        e.followups = _followups(rng, end, outcome, reference)
        if outcome not in EARLY_EXITS and team.programme == KITCHEN:
            e.milestones.append((MilestoneKind.COURSE_CERTIFICATE, "Kursusbevis, træningskøkken", end, None))
    return e


def _planned(programme: str, week_no: int) -> int:
    if programme == KITCHEN:
        return 25
    return 10 if week_no <= 26 else COMPANY_PHASE_HOURS


def _attendance(rng, e: EnrolmentPlan, team, last_week, end, outcome, reference) -> None:
    reliability = rng.choices([0.97, 0.92, 0.85, 0.7], [35, 35, 20, 10])[0]
    trailing = rng.randint(2, 4) if outcome in EARLY_EXITS else 0
    paused = {
        monday_of(s + datetime.timedelta(days=d))
        for s, t in e.pauses
        for d in range(((t or reference) - s).days)
    }
    day, week_no = team.start, 0
    last_monday = monday_of(reference) - WEEK
    while day <= end and day <= last_monday:
        if day in paused:
            day += datetime.timedelta(days=7)
            continue
        week_no += 1
        planned = _planned(team.programme, week_no)
        if week_no > last_week - trailing:  # the run of absence before a dropout
            if outcome == ExitOutcome.DROPOUT:
                row = (day, planned, 0, 0, planned, rng.choice(UNEXCUSED_REASONS))
            else:
                row = (day, planned, 0, planned, 0, "Langvarig sygdom")
        elif rng.random() < reliability:
            row = (day, planned, planned, 0, 0, "")
        else:
            missed = planned if rng.random() < 0.4 else rng.randint(1, max(1, planned // 2))
            if rng.random() < 0.7:
                row = (day, planned, planned - missed, missed, 0, rng.choice(EXCUSED_REASONS))
            else:
                row = (day, planned, planned - missed, 0, missed, rng.choice(UNEXCUSED_REASONS))
        e.attendance.append(row)
        day += datetime.timedelta(days=7)


def _checkpoints_and_reports(rng, e: EnrolmentPlan, team: TeamPlan, reference) -> None:
    """Goals in week 1; the kitchen's status before week 8, goal for the last 5 weeks and
    hygiene certificate; quarterly status reports in the growth programme."""
    rule_pauses = [Pause(s, t) for s, t in e.pauses]
    reached = e.attendance[-1][0] + datetime.timedelta(days=6) if e.attendance else None
    if reached is None:
        return
    agreed = e.start + datetime.timedelta(days=rng.randint(0, 4))
    if agreed <= reference:
        for text in rng.sample(GOALS, rng.randint(2, 3)):
            e.goals.append((text, agreed, None, "open", None))
        if team.programme == KITCHEN:
            e.done[1] = agreed
    if team.programme == GROWTH:
        for week in (12, 25, 38, 51):
            due = checkpoint_due(e.start, week, rule_pauses)
            if due is None or due > reached:
                break
            submitted = due + datetime.timedelta(days=rng.randint(-5, 9))
            if submitted <= reference:
                e.reports.append(
                    (None, submitted, _ack(rng, submitted, reference), rng.choice(REPORT_BODIES))
                )
        return
    due7, due8, due13 = (checkpoint_due(e.start, w, rule_pauses) for w in (7, 8, 13))
    if due7 is not None and due7 - datetime.timedelta(days=10) <= reached:
        late = rng.random() < 0.2
        submitted = due7 + datetime.timedelta(days=rng.randint(1, 12) if late else -rng.randint(0, 5))
        if submitted <= reference:
            e.reports.append((7, submitted, _ack(rng, submitted, reference), rng.choice(REPORT_BODIES)))
            e.done[7] = submitted
    if due8 is not None and due8 <= reached and 7 in e.done:
        agreed8 = min(due8, e.done[7] + datetime.timedelta(days=rng.randint(0, 4)))
        e.goals.append((rng.choice(LAST_WEEKS_GOALS), agreed8, due13, "open", None))
        e.done[8] = agreed8
    if due13 is not None and due13 - datetime.timedelta(days=21) <= reached and rng.random() < 0.88:
        day = min(due13 - datetime.timedelta(days=rng.randint(0, 20)), reached)
        if day <= reference:
            e.milestones.append((MilestoneKind.HYGIENE_CERTIFICATE, "Hygiejnebevis", day, 13))
            e.done[13] = day
    if e.status == "exited":
        close = e.attendance[-1][0] + datetime.timedelta(days=4)
        achieved = rng.random() < 0.7
        status = "achieved" if achieved else "not_achieved"
        e.goals = [(text, a, target, status, max(a, close)) for text, a, target, _s, _c in e.goals]


def _ack(rng, submitted: datetime.date, reference: datetime.date) -> datetime.date | None:
    ack = submitted + datetime.timedelta(days=rng.randint(0, 8))
    return ack if ack <= reference and rng.random() < 0.9 else None


def _placement(rng, e: EnrolmentPlan, end, reference) -> None:
    start = e.start + datetime.timedelta(weeks=26)
    for pause_start, pause_end in e.pauses:
        if pause_start <= start:
            start += (pause_end or reference) - pause_start
    if start > reference or (end is not None and start > end):
        return
    # Company 0 (the accelerator company) hosts about a third of the placements.
    company = 0 if rng.random() < 0.35 else rng.randint(1, 11)
    person = rng.choice(SUPPORT_PERSONS)
    e.placement = (company, person, random_phone(rng, v.GENERIC_PHONE_PREFIXES), start, end)


def _followups(rng, exit_date, outcome, reference) -> list[tuple]:
    rows = []
    working = outcome in EMPLOYMENT_OUTCOMES
    learning = outcome == ExitOutcome.ORDINARY_EDUCATION
    for weeks in FOLLOW_UP_WEEKS:
        due = exit_date + datetime.timedelta(weeks=weeks)
        status, hours, recorded = "", None, None
        if due <= reference and rng.random() < 0.9:
            recorded = min(due + datetime.timedelta(days=rng.randint(0, 10)), reference)
            u = rng.random()
            if working:
                status = FollowUpStatus.WORK if u < 0.85 else FollowUpStatus.NEITHER
            elif learning:
                status = FollowUpStatus.EDUCATION if u < 0.85 else FollowUpStatus.NEITHER
            else:
                status = (
                    FollowUpStatus.WORK if u < 0.2 else FollowUpStatus.EDUCATION if u < 0.25
                    else FollowUpStatus.NEITHER if u < 0.85 else FollowUpStatus.UNKNOWN
                )  # fmt: skip
            if status == FollowUpStatus.WORK:
                hours = rng.choice([15, 20, 25, 30, 37])
        rows.append((weeks, due, str(status), hours, recorded))
    return rows
