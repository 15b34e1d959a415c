"""Exports of pathway lists: never a CPR number (not even masked), formula-safe cells.

The caseload export has one row per open item of the caseload (a referral awaiting an answer
or an active/paused enrolment) with the caseload page's filters. Citizens are read 2,000 at a
time; per chunk two flat queries fetch their open referrals and their open enrolments with the
attendance sums (SQL), so the number of queries grows with chunks, never with rows.
The provider export lists a provider's participants with only the fields the provider needs.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import islice

from django.db.models import QuerySet

from accounts.access import Access

from . import access as pa
from .models import OPEN_ENROLMENT, Enrolment, EnrolmentStatus, ReferralStatus
from .rules import attendance_rate
from .selectors import caseload
from .selectors_attendance import with_rate_sums

CHUNK = 2000
CASELOAD_HEADERS = ("navn", "sagsbehandler", "forloeb", "hold", "status", "start", "fremmoede_pct")
PARTICIPANT_HEADERS = (
    "navn",
    "forloeb",
    "hold",
    "start",
    "status",
    "fremmoedte_timer",
    "fravaer_timer",
    "fremmoede_pct",
)
HUNDRED, TENTHS = Decimal(100), Decimal("0.1")


def attendance_percent(attended, absent) -> Decimal | None:
    """pathways.rules.attendance_rate in per cent, one decimal; None without any hours."""
    rate = attendance_rate(attended or 0, absent or 0)
    return None if rate is None else (rate * HUNDRED).quantize(TENTHS)


def _with_attendance(qs: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return with_rate_sums(qs, "attendance")


def caseload_count(access: Access, params: dict) -> int:
    """The number of rows caseload_rows yields (two count queries)."""
    citizens = caseload(access, params).order_by().values("pk")
    referrals, enrolments = _open_items(access, params, citizens)
    return referrals.count() + enrolments.count()


def _open_items(access: Access, params: dict, citizen_ids) -> tuple[QuerySet, QuerySet]:
    status = params.get("status")
    referrals = pa.referrals_visible_to(access).filter(status=ReferralStatus.SENT, citizen_id__in=citizen_ids)
    enrolments = pa.enrolments_visible_to(access).open().filter(citizen_id__in=citizen_ids)
    if status == ReferralStatus.SENT:
        enrolments = enrolments.none()
    elif status in OPEN_ENROLMENT:
        referrals, enrolments = referrals.none(), enrolments.filter(status=status)
    return referrals, enrolments


def caseload_rows(access: Access, params: dict) -> Iterator[list]:
    labels = {**dict(EnrolmentStatus.choices), ReferralStatus.SENT: "Visiteret, afventer svar"}
    citizens = caseload(access, params).values_list(
        "pk", "name", "caseworker__first_name", "caseworker__last_name", "caseworker__username"
    )
    rows = citizens.iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        referrals, enrolments = _open_items(access, params, [c[0] for c in chunk])
        items = defaultdict(list)
        for citizen_id, programme, start in referrals.order_by("created_at", "pk").values_list(
            "citizen_id", "programme__name", "wished_start"
        ):
            items[citizen_id].append([programme, "", str(labels[ReferralStatus.SENT]), start, None])
        for citizen_id, programme, team, status, start, attended, excused, unexcused in (
            _with_attendance(enrolments)
            .order_by("start_date", "pk")
            .values_list(
                "citizen_id",
                "programme__name",
                "team__name",
                "status",
                "start_date",
                "attended_sum",
                "excused_sum",
                "unexcused_sum",
            )
        ):
            absent = (excused or 0) + (unexcused or 0)
            items[citizen_id].append(
                [programme, team, str(labels[status]), start, attendance_percent(attended, absent)]
            )
        for pk, name, first, last, username in chunk:
            caseworker = f"{first} {last}".strip() or (username or "")
            for item in items.get(pk, ()):
                yield [name, caseworker, *item]


def participant_rows(access: Access, programme_ids: Iterable[int] | None = None) -> Iterator[list]:
    """A provider's active and paused participants: name, programme, team, dates and attendance."""
    enrolments = pa.enrolments_run_by(access).open()
    if programme_ids is not None:
        enrolments = enrolments.filter(programme_id__in=programme_ids)
    labels = dict(EnrolmentStatus.choices)
    values = _with_attendance(enrolments).order_by(
        "programme__name", "team__start_date", "citizen__name", "pk"
    )
    for name, programme, team, start, status, attended, excused, unexcused in values.values_list(
        "citizen__name",
        "programme__name",
        "team__name",
        "start_date",
        "status",
        "attended_sum",
        "excused_sum",
        "unexcused_sum",
    ).iterator(chunk_size=CHUNK):
        absent = (excused or Decimal(0)) + (unexcused or Decimal(0))
        yield [
            name,
            programme,
            team,
            start,
            str(labels[status]),
            attended or Decimal(0),
            absent,
            attendance_percent(attended, absent),
        ]


def participant_count(access: Access) -> int:
    return pa.enrolments_run_by(access).open().count()


def caseload_criteria(params: dict) -> dict:
    """The filters as they go into the audit row."""
    return {key: params.get(key) for key in ("q", "status", "mine") if params.get(key)}


__all__ = [
    "CASELOAD_HEADERS",
    "PARTICIPANT_HEADERS",
    "caseload_rows",
    "caseload_count",
    "participant_rows",
    "participant_count",
    "caseload_criteria",
]
