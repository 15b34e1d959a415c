"""Citizens' rights over their data: the access log, the access request (GDPR art. 15) and
erasure after the retention period (docs/privacy.md).

- The access log is read from the audit trail: every row about the citizen itself or about one
  of its related objects (referrals, enrolments, attendance weeks, goals, status reports …),
  matched on (object_type, object_id) with one query of subqueries, whatever the history's size.
- The access request file holds everything stored about the citizen. The full CPR number is in
  it only when the citizen's own caseworker or an administrator downloads it.
- Erasure removes identity and free text but keeps the facts that statistics, evaluation
  reports and payment by results count (gender, background, statuses, enrolments, hours,
  milestones, exits, follow-ups), so aggregates stay the same before and after.
"""

import datetime
import json
import re
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import CharField, DateField, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce, Greatest, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Access
from accounts.roles import Perm, Role
from audit.models import AuditAction, AuditEvent
from audit.services import record
from core.cpr import mask_cpr
from core.crypto import encrypt

from .models import (
    OPEN_REFERRAL,
    AttendanceWeek,
    CheckpointDue,
    Citizen,
    CitizenStatus,
    Enrolment,
    Exit,
    FollowUp,
    Goal,
    Milestone,
    Pause,
    Placement,
    Referral,
    StatusReport,
)

ERASED_NAME = "Slettet borger"

# --- Searches ------------------------------------------------------------------------------

# Anything that looks like a CPR number typed into a free-text search is masked before it is
# written to the audit trail.
CPR_LIKE = re.compile(r"\d{6}[-\s]?\d{4}")


def without_cpr(text: str) -> str:
    return CPR_LIKE.sub(lambda m: mask_cpr(m.group(0)), text)


def citizen_name_search(*, by, access: Access, query: str, found: int) -> None:
    """Audit a name search of the caseload with its criterion (CPR-like digits masked)."""
    ids = sorted(
        set(access.municipalities_with(Perm.CITIZEN_VIEW)) | set(access.municipalities_with(Perm.PATHWAY_RUN))
    )
    with transaction.atomic():
        record(
            actor=by, action=AuditAction.SEARCH, event="pathways.citizen.search", object_type="pathways.citizen",
            municipality_id=ids[0] if len(ids) == 1 else None,
            changes={"criterion": "name", "value": without_cpr(query.strip())[:100], "results": found},
        )  # fmt: skip


# --- The access log ------------------------------------------------------------------------

# The purpose of an access, from the noun of the event name ("pathways.<noun>.<verb>").
PURPOSES = {
    "citizen": gettext_lazy("Sagsbehandling"),
    "citizenstatus": gettext_lazy("Sagsbehandling"),
    "referral": gettext_lazy("Visitation til forløb"),
    "enrolment": gettext_lazy("Gennemførelse af forløb"),
    "attendance": gettext_lazy("Registrering af fremmøde"),
    "goal": gettext_lazy("Individuelle mål"),
    "status_report": gettext_lazy("Statusrapportering"),
    "statusreport": gettext_lazy("Statusrapportering"),
    "milestone": gettext_lazy("Beviser og milepæle"),
    "placement": gettext_lazy("Virksomhedsplacering"),
    "exit": gettext_lazy("Afslutning af forløb"),
    "followup": gettext_lazy("Opfølgning efter forløb"),
    "follow_up": gettext_lazy("Opfølgning efter forløb"),
}
# Whole event names whose purpose differs from their noun's.
EVENT_PURPOSES = {
    "pathways.citizen.search": gettext_lazy("Opslag på CPR-nummer"),
    "pathways.citizen.access_log": gettext_lazy("Indsigt i adgangslog"),
    "pathways.citizen.access_request": gettext_lazy("Indsigtsanmodning (art. 15)"),
    "pathways.citizen.erase": gettext_lazy("Sletning efter opbevaringsperioden"),
}
WHAT = {
    AuditAction.READ: gettext_lazy("Læst"),
    AuditAction.SEARCH: gettext_lazy("Læst"),
    AuditAction.EXPORT: gettext_lazy("Udleveret"),
    AuditAction.CREATE: gettext_lazy("Ændret"),
    AuditAction.UPDATE: gettext_lazy("Ændret"),
    AuditAction.DELETE: gettext_lazy("Slettet"),
    AuditAction.IMPORT: gettext_lazy("Ændret"),
}


def purpose_of(event: str) -> str:
    if event in EVENT_PURPOSES:
        return str(EVENT_PURPOSES[event])
    parts = event.split(".")
    noun = parts[1] if len(parts) > 2 else ""
    return str(PURPOSES.get(noun, PURPOSES["citizen"]))


def _keys(qs: QuerySet) -> QuerySet:
    """The primary keys as text, to compare with AuditEvent.object_id in a subquery."""
    return qs.order_by().annotate(key=Cast("pk", CharField())).values("key")


def related_objects(citizen: Citizen) -> dict[str, QuerySet]:
    """Every kind of object whose audit rows concern the citizen, by audit object_type."""
    on_enrolment = {"enrolment__citizen_id": citizen.pk}
    return {
        "pathways.citizenstatus": CitizenStatus.objects.filter(citizen_id=citizen.pk),
        "pathways.referral": Referral.objects.filter(citizen_id=citizen.pk),
        "pathways.enrolment": Enrolment.objects.filter(citizen_id=citizen.pk),
        "pathways.pause": Pause.objects.filter(**on_enrolment),
        "pathways.checkpointdue": CheckpointDue.objects.filter(**on_enrolment),
        "pathways.attendanceweek": AttendanceWeek.objects.filter(**on_enrolment),
        "pathways.goal": Goal.objects.filter(**on_enrolment),
        "pathways.statusreport": StatusReport.objects.filter(**on_enrolment),
        "pathways.milestone": Milestone.objects.filter(**on_enrolment),
        "pathways.placement": Placement.objects.filter(**on_enrolment),
        "pathways.exit": Exit.objects.filter(**on_enrolment),
        "pathways.followup": FollowUp.objects.filter(exit__enrolment__citizen_id=citizen.pk),
    }


MULTI_CITIZEN_EVENTS = ("pathways.attendance.save_week", "pathways.placement.list")


def access_log(citizen: Citizen) -> QuerySet[AuditEvent]:
    """The audit rows about the citizen and its related objects, newest first: two queries."""
    condition = Q(object_type="pathways.citizen", object_id=str(citizen.pk))
    for object_type, qs in related_objects(citizen).items():
        condition |= Q(object_type=object_type, object_id__in=_keys(qs))
    # Rows about many citizens at once (a team's attendance week, a company's list of placed
    # participants) name them by public id in `changes`.
    ids = [str(citizen.public_id)] + [
        str(pid) for pid in Enrolment.objects.filter(citizen_id=citizen.pk).values_list("public_id", flat=True)
    ]
    for public_id in ids:
        condition |= Q(event__in=MULTI_CITIZEN_EVENTS, changes__icontains=public_id)
    return (
        AuditEvent.objects.filter(condition)
        .exclude(action__in=(AuditAction.LOGIN, AuditAction.LOGIN_FAILED, AuditAction.LOGOUT))
        .select_related("actor")
        .prefetch_related("actor__memberships__organisation")
        .order_by("-at", "-id")
    )


def log_row(event: AuditEvent) -> dict:
    """One access as the citizen reads it: when, who (name, organisation and role), what, why."""
    actor = event.actor
    memberships = list(actor.memberships.all()) if actor is not None else []
    roles = dict(Role.choices)
    return {
        "at": timezone.localtime(event.at),
        "who": (actor.get_full_name() or actor.get_username()) if actor else _("Systemet"),
        "organisation": ", ".join(sorted({m.organisation.name for m in memberships})),
        "role": ", ".join(sorted({str(roles.get(m.role, m.role)) for m in memberships})),
        "what": str(WHAT.get(event.action, event.get_action_display())),
        "purpose": purpose_of(event.event),
        "channel": event.channel,
    }


LOG_HEADERS = ("tidspunkt", "hvem", "organisation", "rolle", "hvad", "formaal")


def log_csv_rows(citizen: Citizen):
    for event in access_log(citizen).iterator(chunk_size=500):
        row = log_row(event)
        yield [
            row["at"].strftime("%d-%m-%Y %H:%M"),
            row["who"],
            row["organisation"],
            row["role"],
            row["what"],
            row["purpose"],
        ]


def access_log_viewed(*, by, citizen: Citizen, fmt: str) -> None:
    """Reading or downloading the access log is itself an access (and shows up in the log)."""
    record(
        actor=by, action=AuditAction.READ if fmt == "html" else AuditAction.EXPORT,
        event="pathways.citizen.access_log", obj=citizen, changes={"format": fmt},
    )  # fmt: skip


# --- The access request --------------------------------------------------------------------


def cpr_in_full(access: Access, citizen: Citizen) -> bool:
    """The full number goes into the file only for the citizen's own caseworker or an
    administrator (the role that manages users) of the citizen's municipality."""
    if not access.has(Perm.CITIZEN_EXPORT, citizen.municipality_id) or citizen.erased_at:
        return False
    own = citizen.caseworker_id is not None and citizen.caseworker_id == access.user.pk
    return own or access.has(Perm.USERS_MANAGE, citizen.municipality_id)


def _values(obj, *fields) -> dict:
    out = {}
    for field in fields:
        value = getattr(obj, field)
        display = getattr(obj, f"get_{field}_display", None)
        out[field] = str(display()) if display and value else value
    return out


def _enrolment(e: Enrolment) -> dict:
    exit_ = getattr(e, "exit", None)
    return {
        **_values(e, "public_id", "start_date", "status"),
        "programme": e.programme.name,
        "provider": e.programme.provider.name,
        "team": e.team.name,
        "pauses": [_values(p, "start", "end") for p in e.pauses.all()],
        "checkpoints": [
            {"name": d.checkpoint.name, "due": d.due, "done_at": d.done_at} for d in e.checkpoints_due.all()
        ],
        "attendance": [
            _values(
                a,
                "week",
                "planned_hours",
                "attended_hours",
                "excused_hours",
                "unexcused_hours",
                "absence_reason",
            )
            for a in e.attendance.all()
        ],
        "goals": [
            _values(g, "description", "agreed_on", "target_date", "status", "closed_on")
            for g in e.goals.all()
        ],
        "status_reports": [
            _values(r, "submitted_at", "body", "next_goal", "recommendation", "acknowledged_at")
            for r in e.status_reports.all()
        ],
        "milestones": [_values(m, "kind", "name", "achieved_on") for m in e.milestones.all()],
        "placements": [
            {"company": p.company.name, **_values(p, "support_person", "start", "end")}
            for p in e.placements.all()
        ],
        "exit": None
        if exit_ is None
        else {
            **_values(exit_, "exit_date", "outcome", "hours_per_week", "note"),
            "followups": [
                _values(f, "weeks", "due", "status", "hours_per_week", "recorded_on")
                for f in exit_.followups.all()
            ],
        },
    }


def access_request_data(citizen: Citizen, *, full_cpr: bool) -> dict:
    """Everything stored about the citizen, in a constant number of queries."""
    cpr = citizen.cpr_plain() if full_cpr else citizen.cpr_masked()
    statuses = CitizenStatus.objects.filter(citizen=citizen).select_related(
        "benefit", "target_group", "readiness"
    )
    referrals = Referral.objects.filter(citizen=citizen).select_related("programme__provider", "team")
    enrolments = (
        Enrolment.objects.filter(citizen=citizen)
        .select_related("programme__provider", "team", "exit")
        .prefetch_related(
            "pauses", Prefetch("checkpoints_due", queryset=CheckpointDue.objects.select_related("checkpoint")),
            "attendance", "goals", "status_reports", "milestones",
            Prefetch("placements", queryset=Placement.objects.select_related("company")), "exit__followups",
        )
    )  # fmt: skip
    return {
        "generated_at": timezone.now(),
        "person": {
            **_values(citizen, "public_id", "name", "phone", "email", "address", "gender"),
            "cpr": cpr,
            "ethnic_danish_background": citizen.ethnic_danish_background,
            "insured": citizen.insured,
            "municipality": citizen.municipality.name,
            "caseworker": str(citizen.caseworker) if citizen.caseworker else None,
            **_values(citizen, "legal_basis", "consent_given_at", "created_at", "erased_at"),
        },
        "statuses": [
            {
                "valid_from": s.valid_from,
                "valid_to": s.valid_to,
                "benefit": str(s.benefit or ""),
                "target_group": str(s.target_group or ""),
                "readiness": str(s.readiness or ""),
            }
            for s in statuses
        ],  # fmt: skip
        "referrals": [
            {
                **_values(
                    r,
                    "public_id",
                    "created_at",
                    "wished_start",
                    "note",
                    "status",
                    "decline_reason",
                    "decided_at",
                ),
                "programme": r.programme.name,
                "provider": r.programme.provider.name,
                "team": r.team.name if r.team else None,
            }
            for r in referrals
        ],
        "enrolments": [_enrolment(e) for e in enrolments],
        "access_log": [log_row(e) for e in access_log(citizen)],
    }


def citizen_access_request(*, by, access: Access, citizen: Citizen) -> bytes:
    """The access request file (JSON), audited as an export (without the number)."""
    full = cpr_in_full(access, citizen)
    with transaction.atomic():
        record(
            actor=by, action=AuditAction.EXPORT, event="pathways.citizen.access_request", obj=citizen,
            changes={"format": "json", "cpr": "full" if full else "masked"},
        )  # fmt: skip
        data = access_request_data(citizen, full_cpr=full)
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


# --- Retention and erasure -----------------------------------------------------------------


def retention_cutoff(today: datetime.date, years: int | None = None) -> datetime.date:
    """The latest last-activity date whose retention period has passed by `today`."""
    years = settings.PATHWAY_RETENTION_YEARS if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def with_retention(qs: QuerySet[Citizen]) -> QuerySet[Citizen]:
    """Annotate `has_open` (a sent referral or an active/paused enrolment) and `last_activity`
    (the later of the last exit and the last referral decision; creation when neither)."""
    per_citizen = {"citizen_id": OuterRef("pk")}
    last_exit = (
        Exit.objects.filter(enrolment__citizen_id=OuterRef("pk"))
        .order_by()
        .values("enrolment__citizen_id")
        .annotate(last=Max("exit_date"))
        .values("last")
    )
    last_decision = (
        Referral.objects.filter(decided_at__isnull=False, **per_citizen)
        .order_by()
        .values("citizen_id")
        .annotate(last=Max(TruncDate("decided_at")))
        .values("last")
    )
    created = TruncDate("created_at")
    return qs.annotate(
        has_open=Exists(Referral.objects.filter(status__in=OPEN_REFERRAL, **per_citizen))
        | Exists(Enrolment.objects.open().filter(**per_citizen)),
        last_activity=Greatest(
            Coalesce(Subquery(last_exit, output_field=DateField()), created),
            Coalesce(Subquery(last_decision, output_field=DateField()), created),
        ),
    )


def due_for_erasure(municipality_ids, today: datetime.date | None = None) -> QuerySet[Citizen]:
    cutoff = retention_cutoff(today or timezone.localdate())
    return (
        with_retention(Citizen.objects.filter(municipality_id__in=municipality_ids, erased_at__isnull=True))
        .filter(has_open=False, last_activity__lte=cutoff)
        .order_by("last_activity", "pk")
    )


def _refusal(citizen: Citizen, today: datetime.date) -> str | None:
    """Why the citizen may not be erased yet, or None."""
    if citizen.erased_at is not None:
        return _("Borgerens personoplysninger er allerede slettet.")
    state = with_retention(Citizen.objects.filter(pk=citizen.pk)).values("has_open", "last_activity").get()
    if state["has_open"]:
        return _("Borgeren har en åben visitation eller et igangværende forløb.")
    years = settings.PATHWAY_RETENTION_YEARS
    if state["last_activity"] > retention_cutoff(today, years):
        ends = state["last_activity"].replace(year=state["last_activity"].year + years)
        return _("Opbevaringsperioden på %(years)s år udløber først %(date)s.") % {
            "years": years,
            "date": ends.strftime("%d-%m-%Y"),
        }
    return None


ERASED_FIELDS = ["name", "phone", "email", "address", "cpr_encrypted", "cpr_index", "erased_at"]


@transaction.atomic
def citizen_erase(*, by, citizen: Citizen, today: datetime.date | None = None) -> Citizen:
    """Erase the citizen's identity and free text once the retention period has passed.
    `by=None` is the scheduled job (erase_expired_citizens); a user needs CITIZEN_ERASE in the
    citizen's municipality. The CPR ciphertext is replaced by the encryption of an empty
    string, so pages that mask it keep working and show XXXXXX-XXXX."""
    if by is not None and not Access(by).has(Perm.CITIZEN_ERASE, citizen.municipality_id):
        raise PermissionDenied
    locked = Citizen.objects.select_for_update().get(pk=citizen.pk)
    reason = _refusal(locked, today or timezone.localdate())
    if reason:
        raise ValidationError(reason, code="not_erasable")
    enrolments = {"enrolment__citizen_id": locked.pk}
    counts = {
        "referrals": Referral.objects.filter(citizen_id=locked.pk).update(note="", decline_reason=""),
        "status_reports": StatusReport.objects.filter(**enrolments).update(
            body="", next_goal="", recommendation=""
        ),
        "goals": Goal.objects.filter(**enrolments).update(description=""),
        "attendance_weeks": AttendanceWeek.objects.filter(**enrolments).update(absence_reason=""),
        "exits": Exit.objects.filter(**enrolments).update(note=""),
    }
    locked.name, locked.phone, locked.email, locked.address = ERASED_NAME, "", "", ""
    locked.cpr_encrypted = encrypt("")
    locked.cpr_index = f"slettet-{uuid.uuid4().hex}"  # unique, and never the hash of a number
    locked.erased_at = timezone.now()
    locked.save(update_fields=[*ERASED_FIELDS, "updated_at"])
    record(
        actor=by, action=AuditAction.DELETE, event="pathways.citizen.erase", obj=locked,
        changes={"fields": ERASED_FIELDS, "free_text_rows": counts, "retention_years": settings.PATHWAY_RETENTION_YEARS},
    )  # fmt: skip
    for field in ERASED_FIELDS:
        setattr(citizen, field, getattr(locked, field))
    return locked
