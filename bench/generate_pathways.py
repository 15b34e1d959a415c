"""Generate citizen pathways at national scale for benchmarks: N citizens over the 98
municipalities in proportion to population, each municipality with the two seed templates
(growth-partnership programme at an employment actor, 13-week training kitchen at a social
enterprise), teams, referrals, enrolments, weekly attendance, goals, status reports,
certificates, placements, exits and follow-ups. Planned by the demo's seeded plan
(demo.pathways_plan) over a longer window (January 2022 → 23 November 2026), written with
PostgreSQL COPY.

    python bench/generate_pathways.py --citizens 175000 [--seed 1]

Same environment as generate_registry.py (DJANGO_SETTINGS_MODULE=brobyg.settings.test,
DATABASE_URL default postgres://postgres@127.0.0.1:5432/bench). Run generate_registry.py
first to get the registry's organisations as providers and host companies; a municipality
without them gets three minimal ones. Re-running TRUNCATEs every pathway table (and what
references them) and starts again.
"""

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate_registry import DEFAULT_DATABASE_URL, POPULATION, allocate, ensure_database  # noqa: E402

WINDOW_START = datetime.date(2022, 1, 3)
REFERENCE_DATE = datetime.date(2026, 11, 23)
MINIMUM_CITIZENS = 150
CASEWORKER, PROVIDER = "bench-sagsbehandler", "bench-leverandoer"
FRIDAY = datetime.timedelta(days=4)
ATTENDANCE = [
    "id", "enrolment_id", "week", "planned_hours", "attended_hours", "excused_hours", "unexcused_hours",
    "absence_reason", "updated_at", "updated_by_id",
]  # fmt: skip


def bench_settings():
    from demo.pathways_plan import Settings

    # Mostly the year-long growth programme, so that citizens average about 47 attendance weeks.
    return Settings(
        window_start=WINDOW_START, reference=REFERENCE_DATE, kitchen_share=0.3, second_pathway=1.0,
        own_caseworker=0.9, kitchen_team_capacity=12, growth_cohorts_per_year=12,
    )  # fmt: skip


class Ids:
    """Primary keys handed out here, so that rows can point at each other before they are
    written; the sequences are moved past them at the end."""

    def __init__(self):
        self.next: dict[str, int] = {}

    def take(self, table: str) -> int:
        value = self.next.get(table, 1)
        self.next[table] = value + 1
        return value


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def providers_for(municipality):
    """(kitchen provider, employment actor, host companies) of a municipality: the registry's
    first social enterprise, employment actor and twelve companies, or minimal new ones."""
    from registry.choices import Kind, Sector
    from registry.models import Organisation

    orgs = Organisation.objects.filter(municipality=municipality).order_by("pk")

    def first(kind, name):
        found = orgs.filter(kind=kind).first()
        return found or Organisation.objects.create(
            municipality=municipality,
            kind=kind,
            name=name.format(city=municipality.name),
            sector=Sector.PRIVATE,
        )

    kitchen = first(Kind.SOCIAL_ENTERPRISE, "Træningskøkkenet {city}")
    actor = first(Kind.EMPLOYMENT_ACTOR, "Job & Vækst {city}")
    companies = list(orgs.filter(kind=Kind.COMPANY)[:12]) or [first(Kind.COMPANY, "{city} Produktion A/S")]
    return kitchen, actor, companies


def bench_users(largest, kitchen):
    """The caseworker of the largest municipality's citizens and the staff of its kitchen."""
    from accounts.models import Membership, User
    from accounts.roles import Role
    from registry.models import Organisation

    caseworker, _ = User.objects.get_or_create(username=CASEWORKER, defaults={"email": "cw@bench.example"})
    provider, _ = User.objects.get_or_create(username=PROVIDER, defaults={"email": "pr@bench.example"})
    unit = Organisation.objects.filter(municipality=largest, kind="municipal_unit").order_by("pk").first()
    if unit is None:
        unit = Organisation.objects.create(
            municipality=largest, kind="municipal_unit", name="Jobcenter", sector="public"
        )
    Membership.objects.get_or_create(user=caseworker, organisation=unit, role=Role.CASEWORKER)
    Membership.objects.get_or_create(user=provider, organisation=kitchen, role=Role.PROVIDER)
    return caseworker, provider


class Writer:
    """One COPY per table per municipality, in an order that respects the foreign keys."""

    TABLES = (
        "citizen", "citizenstatus", "referral", "enrolment", "pause", "checkpointdue", "attendanceweek",
        "goal", "statusreport", "milestone", "placement", "exit", "followup",
    )  # fmt: skip

    def __init__(self):
        from django.apps import apps

        from core.fields import EncryptedTextField

        self.columns, self.prep = {}, {}
        for name in self.TABLES:
            model = apps.get_model("pathways", name)
            fields = model._meta.concrete_fields
            self.columns[name] = (model._meta.db_table, [f.column for f in fields])
            # per column: the default for a missing NOT NULL value, and the encryption of free text
            # at rest (the application decrypts what it reads, so the bench data must be sealed too)
            self.prep[name] = [
                (f.get_default() if not f.null else None, f.purpose() if isinstance(f, EncryptedTextField) else None)
                for f in fields
            ]
        self.rows = {name: [] for name in self.TABLES}
        self.counts = dict.fromkeys(self.TABLES, 0)

        assert self.columns["attendanceweek"][1] == ATTENDANCE, self.columns["attendanceweek"][1]

    def add(self, table: str, row: dict) -> None:
        self.rows[table].append(row)

    def flush(self, cursor) -> None:
        for name in self.TABLES:
            db_table, columns = self.columns[name]
            rows = self.rows[name]
            if not rows:
                continue
            quoted = ", ".join(f'"{c}"' for c in columns)
            from core import crypto

            prep = self.prep[name]
            with cursor.copy(f"COPY {db_table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    values = row if isinstance(row, tuple) else [row.get(c) for c in columns]
                    copy.write_row(
                        [_prepared(v, default, purpose, crypto) for v, (default, purpose) in zip(values, prep, strict=True)]
                    )
            self.counts[name] += len(rows)
            self.rows[name] = []


def _prepared(value, default, purpose, crypto):
    """A cell as COPY takes it: the model default for a missing NOT NULL value, free text of an
    encrypted column sealed for that column (purpose: EncryptedTextField.purpose())."""
    if value is None:
        value = default
    if purpose is not None and value is not None:
        return crypto.encrypt(value, purpose=purpose) if value else b""
    return value


def write_municipality(writer, ids, municipality, plans, teams, programmes, companies, users, codes, now):
    """Turn one municipality's plans into rows (explicit ids) for the writer."""
    import uuid

    from core.crypto import blind_index, encrypt
    from pathways import rules

    caseworker, provider, fallback = users
    for plan in plans:
        citizen_id = ids.take("citizen")
        writer.add("citizen", {
            "id": citizen_id, "public_id": uuid.uuid4(), "municipality_id": municipality.pk,
            "cpr_encrypted": encrypt(plan.cpr), "cpr_index": blind_index(plan.cpr), "name": plan.name,
            "phone": plan.phone, "email": plan.email, "address": plan.address, "gender": plan.gender,
            "ethnic_danish_background": plan.ethnic_danish, "insured": plan.insured, "legal_basis": "lab_91",
            "caseworker_id": caseworker if plan.own_caseworker else None, "created_at": now, "updated_at": now,
        })  # fmt: skip
        for i, (valid_from, benefit, target, readiness) in enumerate(plan.statuses):
            nxt = plan.statuses[i + 1][0] - datetime.timedelta(days=1) if i + 1 < len(plan.statuses) else None
            writer.add("citizenstatus", {
                "id": ids.take("citizenstatus"), "citizen_id": citizen_id, "valid_from": valid_from, "valid_to": nxt,
                "benefit_id": codes[("benefit", benefit)], "target_group_id": codes[("target_group", target)],
                "readiness_id": codes[("readiness", readiness)],
            })  # fmt: skip
        for r in plan.referrals:
            programme = programmes[r.programme]
            referral_id = ids.take("referral")
            e = r.enrolment
            writer.add("referral", {
                "id": referral_id, "public_id": uuid.uuid4(), "citizen_id": citizen_id,
                "programme_id": programme["id"], "referred_by_id": caseworker or fallback, "wished_start": r.wished_start,
                "note": "", "status": r.status, "decline_reason": r.decline_reason,
                "team_id": teams[e.team] if e else None, "decided_at": _at(r.decided, 10) if r.decided else None,
                "decided_by_id": (provider or fallback) if r.decided else None, "created_at": _at(r.created, 9),
            })  # fmt: skip
            if e is not None:
                _enrolment_rows(
                    writer, ids, e, r, citizen_id, referral_id, programme, teams, companies, users, rules
                )


def _enrolment_rows(writer, ids, e, r, citizen_id, referral_id, programme, teams, companies, users, rules):
    import uuid

    caseworker, provider, fallback = users
    staff = provider or fallback
    eid = ids.take("enrolment")
    writer.add("enrolment", {
        "id": eid, "public_id": uuid.uuid4(), "referral_id": referral_id, "citizen_id": citizen_id,
        "programme_id": programme["id"], "team_id": teams[e.team], "start_date": e.start, "status": e.status,
        "created_at": _at(r.decided, 10),
    })  # fmt: skip
    pauses = [rules.Pause(s, t) for s, t in e.pauses]
    for s, t in e.pauses:
        writer.add(
            "pause",
            {"id": ids.take("pause"), "enrolment_id": eid, "start": s, "end": t, "created_at": _at(s, 8)},
        )
    due_ids = {}
    for week, checkpoint_id in programme["checkpoints"].items():
        due_ids[week] = ids.take("checkpointdue")
        writer.add("checkpointdue", {
            "id": due_ids[week], "enrolment_id": eid, "checkpoint_id": checkpoint_id,
            "due": rules.checkpoint_due(e.start, week, pauses), "done_at": e.done.get(week),
        })  # fmt: skip
    rows = writer.rows["attendanceweek"]  # the bulk of the data: tuples in column order (ATTENDANCE)
    for week, planned, attended, excused, unexcused, reason in e.attendance:
        rows.append((ids.take("attendanceweek"), eid, week, planned, attended, excused, unexcused, reason,
                     _at(week + FRIDAY, 15), staff))  # fmt: skip
    for text, agreed, target, status, closed in e.goals:
        writer.add("goal", {
            "id": ids.take("goal"), "enrolment_id": eid, "description": text, "agreed_on": agreed,
            "target_date": target, "status": status, "closed_on": closed, "created_by_id": staff, "created_at": _at(agreed, 12),
        })  # fmt: skip
    for week, submitted, acknowledged, body in e.reports:
        writer.add("statusreport", {
            "id": ids.take("statusreport"), "public_id": uuid.uuid4(), "enrolment_id": eid,
            "checkpoint_due_id": due_ids.get(week), "body": body, "next_goal": "", "recommendation": "",
            "written_by_id": staff, "submitted_at": _at(submitted, 14),
            "acknowledged_at": _at(acknowledged, 11) if acknowledged else None,
            "acknowledged_by_id": (caseworker or fallback) if acknowledged else None,
        })  # fmt: skip
    for kind, name, day, week in e.milestones:
        writer.add("milestone", {
            "id": ids.take("milestone"), "enrolment_id": eid, "kind": kind, "name": name, "achieved_on": day,
            "checkpoint_due_id": due_ids.get(week), "recorded_by_id": staff,
        })  # fmt: skip
    if e.placement:
        company, person, phone, start, end = e.placement
        writer.add("placement", {
            "id": ids.take("placement"), "enrolment_id": eid, "phase_id": programme["company_phase"],
            "company_id": companies[company % len(companies)], "support_person": person,
            "support_person_phone": phone, "start": start, "end": end,
        })  # fmt: skip
    if e.exit:
        day, outcome, hours, note = e.exit
        exit_id = ids.take("exit")
        writer.add("exit", {
            "id": exit_id, "enrolment_id": eid, "exit_date": day, "outcome": outcome,
            "hours_per_week": None if hours is None else Decimal(hours), "note": note, "recorded_by_id": staff,
            "recorded_at": _at(day, 15),
        })  # fmt: skip
        for weeks, due, status, hours_then, recorded in e.followups:
            writer.add("followup", {
                "id": ids.take("followup"), "exit_id": exit_id, "weeks": weeks, "due": due, "status": status,
                "hours_per_week": hours_then, "recorded_on": recorded,
                "recorded_by_id": (caseworker or fallback) if recorded else None,
            })  # fmt: skip


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=175000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobyg.settings.test")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from tqdm import tqdm

    from accounts.models import User
    from demo.pathways import code_validity
    from demo.pathways_plan import plan_municipality, plan_teams
    from pathways.models import Checkpoint, CodeList, Phase, Team
    from pathways.templates import programme_from_template
    from tenants.models import Municipality

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE pathways_citizen, pathways_programme RESTART IDENTITY CASCADE")
    counts = allocate(args.citizens, POPULATION, MINIMUM_CITIZENS)
    municipalities = {m.code: m for m in Municipality.objects.all()}
    largest = municipalities[max(counts, key=counts.get)]
    settings = bench_settings()
    team_plans = plan_teams(settings)
    codes = {(c.list, c.code): c.pk for c in CodeList.objects.all()}
    validity = code_validity()
    kitchen, _actor, _companies = providers_for(largest)
    caseworker, provider = bench_users(largest, kitchen)
    fallback = User.objects.filter(username=CASEWORKER).values_list("pk", flat=True).get()
    ids, writer, used_cprs = Ids(), Writer(), set()
    now = _at(REFERENCE_DATE, 8)

    with tqdm(total=sum(counts.values()), unit="borger", desc="Forløb", mininterval=5) as bar:
        for code in sorted(counts, key=lambda c: -counts[c]):
            municipality = municipalities[code]
            kitchen_org, actor, companies = providers_for(municipality)
            with transaction.atomic():
                programmes = {}
                for key, org in (("kokkeskole", kitchen_org), ("vaekstpartnerskab", actor)):
                    p = programme_from_template(key=key, provider=org)
                    programmes[key] = {
                        "id": p.pk,
                        "checkpoints": {c.due_week: c.pk for c in Checkpoint.objects.filter(programme=p)},
                        "company_phase": Phase.objects.filter(programme=p, place="company").values_list("pk", flat=True).first(),
                    }  # fmt: skip
                team_objs = Team.objects.bulk_create(
                    Team(programme_id=programmes[t.programme]["id"], name=t.name, start_date=t.start, capacity=t.capacity)
                    for t in team_plans
                )  # fmt: skip
                teams = {t.key: obj.pk for t, obj in zip(team_plans, team_objs, strict=True)}
                rng = random.Random(f"bench-pathways:{args.seed}:{code}")
                plans = plan_municipality(
                    rng, code, counts[code], settings, team_plans, validity, used_cprs=used_cprs
                )
                users = (
                    caseworker.pk if municipality == largest else None,
                    provider.pk if municipality == largest else None,
                    fallback,
                )
                write_municipality(
                    writer,
                    ids,
                    municipality,
                    plans,
                    teams,
                    programmes,
                    [c.pk for c in companies],
                    users,
                    codes,
                    now,
                )
                with connection.cursor() as cursor:
                    writer.flush(cursor.cursor)
            bar.set_postfix_str(
                f"{municipality.name}; fremmøde {writer.counts['attendanceweek']:,}".replace(",", ".")
            )
            bar.update(counts[code])
    with connection.cursor() as cursor:
        for name in Writer.TABLES:
            table = writer.columns[name][0]
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)",
                [max(ids.next.get(name, 1), 2) - 1],
            )
        cursor.execute("VACUUM ANALYZE")
    elapsed = time.perf_counter() - started
    print(
        f"Loaded in {elapsed:.1f} s: "
        + ", ".join(f"{name} {n:,}".replace(",", ".") for name, n in writer.counts.items())
    )
    print(f"Largest: {largest.name} with {counts[largest.code]:,} citizens".replace(",", "."))


if __name__ == "__main__":
    main()
