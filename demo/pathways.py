"""The demo's citizen pathways: Kolding gets about 300 citizens from January 2025 to the
reference date on both seed templates (seed 001's growth-partnership programme at the
employment actor with company placements, seed 003's 13-week training kitchen at the social
enterprise), and Aarhus a few, to show tenant isolation. Planned by demo.pathways_plan (pure,
seeded) and written here with bulk inserts: a constant number of queries per table.

CPR numbers are validated with core.cpr.clean_cpr and stored with core.crypto's encrypt and
blind_index, as pathways.services.citizen_create does; due dates come from
pathways.rules.checkpoint_due, as pathways.services computes them. Writing straight to the
tables (instead of one service call per row) keeps `seed_demo` fast; one audit row per
municipality records the load.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from audit.models import AuditAction
from audit.services import record
from core.cpr import clean_cpr
from core.crypto import blind_index, encrypt
from pathways import codelists, rules
from pathways.models import (
    AttendanceWeek,
    Checkpoint,
    CheckpointDue,
    Citizen,
    CitizenStatus,
    CodeList,
    Enrolment,
    Exit,
    FollowUp,
    Goal,
    Milestone,
    Pause,
    Phase,
    Place,
    Placement,
    Programme,
    Referral,
    StatusReport,
    Team,
)
from pathways.templates import programme_from_template
from registry.choices import Kind
from registry.models import Organisation

from .loader import public_id_for
from .pathways_plan import GROWTH, KITCHEN, Settings, plan_municipality, plan_teams

REFERENCE_DATE = datetime.date(2026, 11, 23)  # fixed, so the same seed gives the same data
WINDOW_START = datetime.date(2025, 1, 6)
# municipality code → (citizens, caseworker, provider user, programmes run there)
DEMO_PATHWAYS = {
    "0621": (300, "sagsbehandler", "leverandoer", (KITCHEN, GROWTH)),
    "0751": (8, "aarhus-sagsbehandler", None, (KITCHEN,)),
}
PROVIDER_ANCHOR = {KITCHEN: "training_kitchen", GROWTH: "provider"}
BATCH = 2000


def demo_settings(code: str) -> Settings:
    """The kitchen runs at its framework agreement's volume, about 24 courses (participants
    starting) a year: about a fifth of the citizens start there, on a team every four weeks;
    the rest go to the employment actor's growth programme."""
    return Settings(
        window_start=WINDOW_START, reference=REFERENCE_DATE, kitchen_share=0.19, kitchen_team_days=28
    )


def code_validity() -> dict[tuple[str, str], tuple]:
    return {(r["list"], r["code"]): (r["valid_from"], r["valid_to"]) for r in codelists.read_rows()}


def pathways_rng(seed: int, code: str) -> random.Random:
    return random.Random(f"brobyg-demo-pathways:{seed}:{code}")


def delete_demo_pathways(municipality_ids) -> None:
    """Remove the citizens of these municipalities and the programmes their organisations run,
    with everything that hangs on them (so the organisations can be replaced)."""
    enrolments = Enrolment.objects.filter(citizen__municipality_id__in=municipality_ids)
    programmes = Programme.objects.filter(provider__municipality_id__in=municipality_ids)
    Enrolment.objects.filter(programme__in=programmes).delete()
    enrolments.delete()
    Referral.objects.filter(programme__in=programmes).delete()
    Referral.objects.filter(citizen__municipality_id__in=municipality_ids).delete()
    Citizen.objects.filter(municipality_id__in=municipality_ids).delete()
    programmes.delete()


def load_demo_pathways(seed: int, orgs: dict[tuple[str, str], Organisation]) -> dict[str, dict[str, int]]:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=_usernames())}
    codes = code_validity()
    counts = {}
    for code, (n, caseworker, provider_user, keys) in DEMO_PATHWAYS.items():
        settings = demo_settings(code)
        providers = {key: orgs[(code, PROVIDER_ANCHOR[key])] for key in keys}
        municipality_id = providers[keys[0]].municipality_id
        teams = [t for t in plan_teams(settings) if t.programme in keys]
        plans = plan_municipality(pathways_rng(seed, code), code, n, settings, teams, codes)
        for plan in plans:
            plan.referrals = [r for r in plan.referrals if r.programme in keys]
        companies = list(
            Organisation.objects.filter(municipality_id=municipality_id, kind=Kind.COMPANY).order_by("pk")[
                :12
            ]
        )
        anchor_company = orgs.get((code, "company"))
        if anchor_company in companies:  # the demo company contact's own company hosts most
            companies.remove(anchor_company)
            companies.insert(0, anchor_company)
        counts[code] = write_plans(
            municipality_id=municipality_id,
            providers=providers,
            companies=companies,
            caseworker=users.get(caseworker),
            provider_user=users.get(provider_user) if provider_user else None,
            teams=teams,
            plans=plans,
            reference=settings.reference,
        )
    return counts


def _usernames() -> list[str]:
    return sorted({name for _n, c, p, _k in DEMO_PATHWAYS.values() for name in (c, p) if name})


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _hours(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def write_plans(*, municipality_id, providers, companies, caseworker, provider_user, teams, plans, reference):
    """Bulk-insert programmes, teams and the planned citizens with everything under them."""
    programmes = {}
    for key, provider in providers.items():
        programme = programme_from_template(key=key, provider=provider)
        programme.public_id = public_id_for(f"programme:{provider.public_id}:{key}")
        Programme.objects.filter(pk=programme.pk).update(public_id=programme.public_id)
        programmes[key] = programme
    checkpoints = {
        (c.programme_id, c.due_week): c for c in Checkpoint.objects.filter(programme__in=programmes.values())
    }
    company_phase = {
        p.programme_id: p
        for p in Phase.objects.filter(programme__in=programmes.values(), place=Place.COMPANY)
    }
    team_objs = {
        t.key: Team(
            public_id=public_id_for(f"team:{municipality_id}:{t.key}"),
            programme=programmes[t.programme], name=t.name, start_date=t.start, capacity=t.capacity,
        )
        for t in teams
    }  # fmt: skip
    Team.objects.bulk_create(team_objs.values(), batch_size=BATCH)
    referrer = caseworker

    citizens = [
        Citizen(
            public_id=public_id_for(f"citizen:{p.key}"), municipality_id=municipality_id,
            cpr_encrypted=encrypt(clean_cpr(p.cpr, today=reference)), cpr_index=blind_index(p.cpr),
            name=p.name, phone=p.phone, email=p.email, address=p.address, gender=p.gender,
            ethnic_danish_background=p.ethnic_danish, insured=p.insured,
            caseworker=caseworker if p.own_caseworker else None,
            consent_given_at=None,
        )
        for p in plans
    ]  # fmt: skip
    Citizen.objects.bulk_create(citizens, batch_size=BATCH)
    code_pk = {(c.list, c.code): c.pk for c in CodeList.objects.all()}
    statuses = []
    for plan, citizen in zip(plans, citizens, strict=True):
        for i, (valid_from, benefit, target, readiness) in enumerate(plan.statuses):
            valid_to = (
                plan.statuses[i + 1][0] - datetime.timedelta(days=1) if i + 1 < len(plan.statuses) else None
            )
            statuses.append(CitizenStatus(
                citizen=citizen, valid_from=valid_from, valid_to=valid_to,
                benefit_id=code_pk[("benefit", benefit)], target_group_id=code_pk[("target_group", target)],
                readiness_id=code_pk[("readiness", readiness)],
            ))  # fmt: skip
    CitizenStatus.objects.bulk_create(statuses, batch_size=BATCH)

    referrals, pairs = [], []
    for plan, citizen in zip(plans, citizens, strict=True):
        for n, r in enumerate(plan.referrals):
            obj = Referral(
                public_id=public_id_for(f"referral:{plan.key}:{n}"), citizen=citizen,
                programme=programmes[r.programme], referred_by=referrer, wished_start=r.wished_start,
                status=r.status, decline_reason=r.decline_reason,
                team=team_objs[r.enrolment.team] if r.enrolment else None,
                decided_at=_at(r.decided) if r.decided else None,
                decided_by=_decider(r, referrer, provider_user),
            )  # fmt: skip
            obj.created_at = _at(r.created, 9)
            referrals.append(obj)
            if r.enrolment:
                pairs.append((obj, r.enrolment, n, plan.key))
    Referral.objects.bulk_create(referrals, batch_size=BATCH)
    Referral.objects.bulk_update(referrals, ["created_at"], batch_size=BATCH)  # auto_now_add

    enrolments = [
        Enrolment(
            public_id=public_id_for(f"enrolment:{key}:{n}"), referral=ref, citizen_id=ref.citizen_id,
            programme=ref.programme, team=ref.team, start_date=e.start, status=e.status,
        )
        for ref, e, n, key in pairs
    ]  # fmt: skip
    Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
    for obj, (ref, _e, _n, _k) in zip(enrolments, pairs, strict=True):
        obj.created_at = ref.decided_at
    Enrolment.objects.bulk_update(enrolments, ["created_at"], batch_size=BATCH)

    rows = {
        name: [] for name in ("pauses", "due", "attendance", "goals", "milestones", "placements", "exits")
    }
    for obj, (_ref, e, _n, _k) in zip(enrolments, pairs, strict=True):
        pauses = [rules.Pause(s, t) for s, t in e.pauses]
        rows["pauses"] += [Pause(enrolment=obj, start=s, end=t) for s, t in e.pauses]
        obj.due_by_week = {}
        for (programme_id, week), checkpoint in checkpoints.items():
            if programme_id == obj.programme_id:
                due = CheckpointDue(
                    enrolment=obj,
                    checkpoint=checkpoint,
                    due=rules.checkpoint_due(e.start, week, pauses),
                    done_at=e.done.get(week),
                    # the exit closes what was not done, as pathways.services_running does
                    closed_on=e.exit[0] if e.exit and e.done.get(week) is None else None,
                )
                obj.due_by_week[week] = due
                rows["due"].append(due)
        rows["attendance"] += [
            AttendanceWeek(
                enrolment=obj, week=week, planned_hours=Decimal(planned), attended_hours=Decimal(attended),
                excused_hours=Decimal(excused), unexcused_hours=Decimal(unexcused), absence_reason=reason,
                updated_by=provider_user,
            )
            for week, planned, attended, excused, unexcused, reason in e.attendance
        ]  # fmt: skip
        rows["goals"] += [
            Goal(enrolment=obj, description=text, agreed_on=agreed, target_date=target, status=status,
                 closed_on=closed, created_by=provider_user)
            for text, agreed, target, status, closed in e.goals
        ]  # fmt: skip
        if e.placement:
            company, person, phone, start, end = e.placement
            rows["placements"].append(Placement(
                enrolment=obj, phase=company_phase.get(obj.programme_id), company=companies[company % len(companies)],
                support_person=person, support_person_phone=phone, start=start, end=end,
            ))  # fmt: skip
        if e.exit:
            day, outcome, hours, note = e.exit
            exit_row = Exit(enrolment=obj, exit_date=day, outcome=outcome, hours_per_week=_hours(hours),
                            note=note, recorded_by=provider_user)  # fmt: skip
            exit_row.created = (day, e.followups)
            rows["exits"].append(exit_row)
    Pause.objects.bulk_create(rows["pauses"], batch_size=BATCH)
    CheckpointDue.objects.bulk_create(rows["due"], batch_size=BATCH)
    for name, model in (
        ("attendance", AttendanceWeek),
        ("goals", Goal),
        ("placements", Placement),
        ("exits", Exit),
    ):
        model.objects.bulk_create(rows[name], batch_size=BATCH)
    for exit_row in rows["exits"]:
        exit_row.recorded_at = _at(exit_row.exit_date, 15)
    Exit.objects.bulk_update(rows["exits"], ["recorded_at"], batch_size=BATCH)

    reports, milestones, followups = [], [], []
    for obj, (_ref, e, _n, _k) in zip(enrolments, pairs, strict=True):
        for week, submitted, acknowledged, body in e.reports:
            reports.append(StatusReport(
                public_id=public_id_for(f"report:{obj.public_id}:{submitted}"), enrolment=obj,
                checkpoint_due=obj.due_by_week.get(week) if week else None, body=body,
                written_by=provider_user or referrer, submitted_at=_at(submitted, 14),
                acknowledged_at=_at(acknowledged, 11) if acknowledged else None,
                acknowledged_by=referrer if acknowledged else None,
            ))  # fmt: skip
        milestones += [
            Milestone(enrolment=obj, kind=kind, name=name, achieved_on=day,
                      checkpoint_due=obj.due_by_week.get(week) if week else None, recorded_by=provider_user)
            for kind, name, day, week in e.milestones
        ]  # fmt: skip
    for exit_row in rows["exits"]:
        followups += [
            FollowUp(exit=exit_row, weeks=weeks, due=due, status=status, hours_per_week=_hours(hours),
                     recorded_on=recorded, recorded_by=referrer if recorded else None)
            for weeks, due, status, hours, recorded in exit_row.created[1]
        ]  # fmt: skip
    StatusReport.objects.bulk_create(reports, batch_size=BATCH)
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    FollowUp.objects.bulk_create(followups, batch_size=BATCH)

    counts = {
        "citizens": len(citizens), "statuses": len(statuses), "referrals": len(referrals),
        "enrolments": len(enrolments), "attendance_weeks": len(rows["attendance"]),
        "goals": len(rows["goals"]), "status_reports": len(reports), "milestones": len(milestones),
        "placements": len(rows["placements"]), "exits": len(rows["exits"]), "followups": len(followups),
    }  # fmt: skip
    record(
        actor=None, action=AuditAction.IMPORT, event="demo.seed.pathways", municipality_id=municipality_id,
        object_type="tenants.municipality", object_id=str(municipality_id), object_label="",
        changes={"counts": counts},
    )  # fmt: skip
    return counts


def _decider(referral, caseworker, provider_user):
    """The provider accepts or declines; the caseworker withdraws."""
    if referral.decided is None:
        return None
    return caseworker if referral.status == "withdrawn" or provider_user is None else provider_user
