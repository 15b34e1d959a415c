"""Company requests through the single point of contact (seed 001 §3; seed 004: companies find
the municipality slow to answer). A company contact posts a need once; it gets an answer deadline
of the partnership's agreed number of working days (Danish public holidays skipped); the single
point of contact answers. Audited in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record

from .models import CompanyRequest, MemberRole, Partnership, RequestKind, RequestStatus
from .rules import add_working_days


@transaction.atomic
def request_post(*, by, partnership: Partnership | None, company, kind: str, text: str) -> CompanyRequest:
    errors = {}
    if partnership is None:
        errors["partnership"] = [_("Vælg partnerskabet.")]
    if company is None:
        errors["company"] = [_("Vælg virksomheden, som henvendelsen kommer fra.")]
    elif partnership is not None and not partnership.memberships.filter(organisation=company).exists():
        errors["company"] = [_("Virksomheden er ikke partner i partnerskabet.")]
    if kind not in RequestKind.values:
        errors["kind"] = [_("Vælg hvad virksomheden har brug for.")]
    if not (text or "").strip():
        errors["text"] = [_("Beskriv behovet.")]
    if partnership is not None and not partnership.memberships.filter(role=MemberRole.SINGLE_POINT).exists():
        errors["partnership"] = [_("Partnerskabet har endnu intet fast kontaktpunkt til at modtage henvendelsen.")]
    if errors:
        raise ValidationError(errors)
    request = CompanyRequest.objects.create(
        partnership=partnership, company=company, kind=kind, text=text.strip(), posted_by=by,
        answer_due=add_working_days(timezone.localdate(), partnership.answer_days),
    )
    record(
        actor=by, action=AuditAction.CREATE, event="partnerships.request.create", obj=request,
        municipality_id=partnership.municipality_id,
        changes={"company": company.pk, "kind": kind, "answer_due": request.answer_due.isoformat()},
    )  # fmt: skip
    return request


@transaction.atomic
def request_answer(*, by, request: CompanyRequest, answer: str, close: bool = False) -> CompanyRequest:
    if not (answer or "").strip():
        raise ValidationError({"answer": [_("Skriv et svar.")]})
    before = request.status
    request.answer = answer.strip()
    request.status = RequestStatus.CLOSED if close else RequestStatus.ANSWERED
    request.answered_by = by
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    record(
        actor=by, action=AuditAction.UPDATE, event="partnerships.request.answer", obj=request,
        municipality_id=request.partnership.municipality_id,
        changes={"status": [before, request.status], "late": timezone.localdate() > request.answer_due},
    )  # fmt: skip
    return request
