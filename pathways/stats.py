"""Reads for analysts (Perm.PATHWAY_STATS): aggregates per programme and period, and
pseudonymised rows. No names, no CPR, no free text; every figure is computed in SQL.

Scope: enrolments of citizens of the municipalities where the user holds PATHWAY_STATS.
Period [start, end]:
- participants: distinct citizens with an enrolment active in the period
  (pathways.models.active_between: started on or before `end`, not exited before `start`);
- starts: enrolments starting in the period; exits: exits dated in the period, by outcome;
- attendance rate: attended ÷ (attended + excused + unexcused) over attendance weeks whose
  Monday lies in the period;
- composition (gender, ethnic Danish background, insured) of the participants.

The pseudonym is a keyed hash (core.crypto.blind_index with a purpose of its own) of the
citizen's public id: stable across exports, so rows of one person can be linked, but not
reversible without the key. CPR-derived fields (age) are left out: they would need a
decryption per row.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from accounts.access import Access
from core.crypto import blind_index

from .access import enrolments_for_stats
from .models import AttendanceWeek, Exit, ExitOutcome, Gender, active_between

PSEUDONYM_PURPOSE = b"pathways.stats.pseudonym"
ROW_HEADERS = (
    "pseudonym", "koen", "etnisk_dansk_baggrund", "forsikret", "forloeb", "startmaaned",
    "status", "afslutningsaarsag", "afslutningsmaaned", "fremmoedte_timer", "fravaer_timer",
)  # fmt: skip


def pseudonym(public_id) -> str:
    return blind_index(str(public_id), purpose=PSEUDONYM_PURPOSE)[:20]


def programme_stats(access: Access, start: datetime.date, end: datetime.date) -> list[dict]:
    """One dict per programme with enrolments in scope, plus `outcomes` {code: n}: 3 queries."""
    enrolments = enrolments_for_stats(access)
    active = active_between(start, end)

    def people(extra: Q | None = None) -> Count:
        return Count("citizen_id", distinct=True, filter=active & extra if extra is not None else active)

    rows = list(
        enrolments.order_by()
        .values("programme_id", "programme__name", "programme__provider__name")
        .annotate(
            participants=people(),
            starts=Count("pk", filter=Q(start_date__range=(start, end))),
            exits=Count("pk", filter=Q(exit__exit_date__range=(start, end))),
            women=people(Q(citizen__gender=Gender.FEMALE)),
            men=people(Q(citizen__gender=Gender.MALE)),
            other_gender=people(Q(citizen__gender=Gender.OTHER)),
            danish=people(Q(citizen__ethnic_danish_background=True)),
            not_danish=people(Q(citizen__ethnic_danish_background=False)),
            insured=people(Q(citizen__insured=True)),
            not_insured=people(Q(citizen__insured=False)),
        )
        .filter(Q(participants__gt=0) | Q(starts__gt=0) | Q(exits__gt=0))
        .order_by("programme__name", "programme_id")
    )
    outcomes = (
        Exit.objects.filter(enrolment__in=enrolments, exit_date__range=(start, end))
        .order_by()
        .values_list("enrolment__programme_id", "outcome")
        .annotate(n=Count("pk"))
    )
    by_programme: dict[int, dict[str, int]] = {}
    for programme_id, outcome, n in outcomes:
        by_programme.setdefault(programme_id, {})[outcome] = n
    hours = (
        AttendanceWeek.objects.filter(enrolment__in=enrolments, week__range=(start, end))
        .order_by()
        .values_list("enrolment__programme_id")
        .annotate(a=Sum("attended_hours"), e=Sum("excused_hours"), u=Sum("unexcused_hours"))
    )
    attendance = {pid: (a or Decimal(0), (e or Decimal(0)) + (u or Decimal(0))) for pid, a, e, u in hours}
    for row in rows:
        attended, absent = attendance.get(row["programme_id"], (Decimal(0), Decimal(0)))
        row["attended_hours"], row["absent_hours"] = attended, absent
        row["attendance_rate"] = attended / (attended + absent) if attended + absent else None
        row["outcomes"] = by_programme.get(row["programme_id"], {})
        row["unknown_gender"] = row["participants"] - row["women"] - row["men"] - row["other_gender"]
    return rows


def outcome_columns(rows: list[dict]) -> list[tuple[str, str, list[int]]]:
    """The outcome table: (code, label, count per programme row) for outcomes that occur."""
    present = {code for row in rows for code in row["outcomes"]}
    return [
        (code, str(label), [row["outcomes"].get(code, 0) for row in rows])
        for code, label in ExitOutcome.choices
        if code in present
    ]


def pseudonymised_rows(access: Access, start: datetime.date, end: datetime.date):
    """One row per enrolment overlapping the period; no names, no CPR, no free text."""
    gender = dict(Gender.choices)
    outcomes = dict(ExitOutcome.choices)
    qs = (
        enrolments_for_stats(access)
        .active_between(start, end)
        .annotate(
            attended=Sum("attendance__attended_hours"),
            excused=Sum("attendance__excused_hours"),
            unexcused=Sum("attendance__unexcused_hours"),
        )
        .order_by("programme__name", "start_date", "pk")
        .values_list(
            "citizen__public_id", "citizen__gender", "citizen__ethnic_danish_background", "citizen__insured",
            "programme__name", "start_date", "status", "exit__outcome", "exit__exit_date",
            "attended", "excused", "unexcused",
        )
    )  # fmt: skip
    for public_id, g, danish, insured, programme, started, status, outcome, exited, a, e, u in qs.iterator(
        chunk_size=2000
    ):
        yield [
            pseudonym(public_id),
            str(gender.get(g, "")) if g else "",
            danish,
            insured,
            programme,
            started.strftime("%Y-%m"),
            status,
            str(outcomes[outcome]) if outcome else "",
            exited.strftime("%Y-%m") if exited else "",
            a or Decimal(0),
            (e or Decimal(0)) + (u or Decimal(0)),
        ]


def pseudonymised_count(access: Access, start: datetime.date, end: datetime.date) -> int:
    return enrolments_for_stats(access).active_between(start, end).count()
