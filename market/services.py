"""Writes of postings: create and edit, lifecycle moves, lots, documents, social clauses,
questions and answers. Keyword-only, taking the acting user, atomic, audited in the same
transaction. Bad input raises ValidationError naming the field; nothing is half-stored.
Bids, evaluation and award are in services_bids.py."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import diff, record
from registry.choices import Kind

from . import rules
from .models import COMPANY_KINDS, MUNICIPAL_KINDS, Document, Lot, Posting, Question, SocialClause, Status

POSTING_FIELDS = (
    "kind", "title", "description", "cpv_codes", "keywords", "estimated_value", "procedure", "reserved",
    "question_deadline", "bid_deadline", "contract_start", "contract_end",
)  # fmt: skip


def _snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


def _clean_posting(posting: Posting, data: dict) -> None:
    """Copy `data` onto the posting, parsing and checking every field; raise one
    ValidationError with all problems, each on its field."""
    errors: dict[str, list[str]] = {}
    for field in POSTING_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "cpv_codes":
            value = rules.split_codes(value) if isinstance(value, str) else list(value or [])
            if problems := rules.cpv_errors(value):
                errors[field] = problems
        elif field == "keywords":
            value = rules.split_codes(value) if isinstance(value, str) else list(value or [])
        elif field == "estimated_value":
            try:
                value = rules.parse_kroner(value)
            except ValueError as error:
                errors[field] = [_("Anslået værdi: %(error)s") % {"error": error}]
        elif field in ("title", "description", "procedure") and value is None:
            value = ""
        setattr(posting, field, value)
    if posting.kind in COMPANY_KINDS and posting.buyer.kind == Kind.MUNICIPAL_UNIT:
        errors.setdefault("kind", []).append(_("En kommunal enhed opslår udbud og opgaver, ikke underleverancer eller CSR-indkøb."))
    if posting.kind in MUNICIPAL_KINDS and posting.buyer.kind != Kind.MUNICIPAL_UNIT:
        errors.setdefault("kind", []).append(_("Kun kommunen kan opslå udbud og opgaver."))
    if posting.kind == "tender" and not posting.cpv_codes and "cpv_codes" not in errors:
        errors["cpv_codes"] = [_("Et udbud skal have mindst én CPV-kode.")]
    if posting.reserved and posting.kind not in MUNICIPAL_KINDS:
        errors["reserved"] = [_("Kun kommunens udbud og opgaver kan forbeholdes efter § 20.")]
    if not posting.bid_deadline:
        errors["bid_deadline"] = [_("Angiv fristen for tilbud.")]
    elif posting.question_deadline and posting.question_deadline > posting.bid_deadline:
        errors["question_deadline"] = [_("Fristen for spørgsmål skal ligge før fristen for tilbud.")]
    if posting.contract_start and posting.contract_end and posting.contract_end < posting.contract_start:
        errors["contract_end"] = [_("Kontraktens slutdato skal ligge efter startdatoen.")]
    if not (posting.title or "").strip():
        errors["title"] = [_("Angiv en titel.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def posting_create(*, by, buyer, data: dict) -> Posting:
    posting = Posting(buyer=buyer, municipality_id=buyer.municipality_id, created_by=by)
    _clean_posting(posting, data)
    posting.save()
    record(
        actor=by, action=AuditAction.CREATE, event="market.posting.create", obj=posting,
        changes=diff({}, _snapshot(posting, POSTING_FIELDS)),
    )  # fmt: skip
    return posting


@transaction.atomic
def posting_update(*, by, posting: Posting, data: dict) -> Posting:
    posting = Posting.objects.select_for_update().select_related("buyer").get(pk=posting.pk)
    if posting.status != Status.DRAFT:
        raise ValidationError(_("Et opslag kan kun rettes, mens det er en kladde."))
    before = _snapshot(posting, POSTING_FIELDS)
    _clean_posting(posting, data)
    posting.save(update_fields=[*POSTING_FIELDS, "updated_at"])
    record(
        actor=by, action=AuditAction.UPDATE, event="market.posting.update", obj=posting,
        changes=diff(before, _snapshot(posting, POSTING_FIELDS)),
    )  # fmt: skip
    return posting


@transaction.atomic
def posting_move(*, by, posting: Posting, target: str, now=None) -> Posting:
    """Move along the lifecycle table (IllegalTransition otherwise). Publishing needs a bid
    deadline in the future; closing for bids needs the deadline passed. Award is its own
    service (services_bids.award_bid)."""
    now = now or timezone.now()
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    rules.POSTING_LIFECYCLE.check(posting.status, target)
    if target == Status.AWARDED:
        raise ValidationError(_("Et opslag tildeles ved at vælge et tilbud."))
    if target == Status.PUBLISHED and posting.bid_deadline <= now:
        raise ValidationError({"bid_deadline": [_("Fristen for tilbud er overskredet; ret den, før opslaget offentliggøres.")]})
    if target == Status.CLOSED and posting.bid_deadline > now:
        raise ValidationError(_("Opslaget kan først lukkes for tilbud, når fristen for tilbud er overskredet."))
    before = posting.status
    posting.status = target
    fields = ["status", "updated_at"]
    if target == Status.PUBLISHED:
        posting.published_at = now
        fields.append("published_at")
    posting.save(update_fields=fields)
    record(
        actor=by, action=AuditAction.UPDATE, event=f"market.posting.{target}", obj=posting,
        changes={"status": [before, target]},
    )  # fmt: skip
    return posting


def _require_draft(posting: Posting, what: str) -> None:
    if posting.status != Status.DRAFT:
        raise ValidationError(_("%(what)s kan kun ændres, mens opslaget er en kladde.") % {"what": what})


@transaction.atomic
def lot_add(*, by, posting: Posting, data: dict) -> Lot:
    _require_draft(posting, _("Delkontrakter"))
    errors = {}
    try:
        value = rules.parse_kroner(data.get("estimated_value"))
    except ValueError as error:
        errors["estimated_value"] = [_("Anslået værdi: %(error)s") % {"error": error}]
        value = None
    if not (data.get("title") or "").strip():
        errors["title"] = [_("Angiv en titel.")]
    if data.get("reserved") and not posting.is_municipal:
        errors["reserved"] = [_("Kun kommunens udbud og opgaver kan forbeholdes efter § 20.")]
    if errors:
        raise ValidationError(errors)
    number = (posting.lots.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    lot = Lot.objects.create(
        posting=posting, number=number, title=data["title"].strip(), description=data.get("description") or "",
        estimated_value=value, reserved=bool(data.get("reserved")),
    )  # fmt: skip
    record(
        actor=by, action=AuditAction.CREATE, event="market.lot.create", obj=lot, municipality_id=posting.municipality_id,
        changes={"number": [None, number], "title": [None, lot.title]},
    )  # fmt: skip
    return lot


@transaction.atomic
def document_add(*, by, posting: Posting, file_name: str, content: bytes) -> Document:
    """Store one uploaded document (PDF or Office); size and type checked by name and content."""
    if posting.status not in (Status.DRAFT, Status.PUBLISHED):
        raise ValidationError({"file": [_("Der kan ikke tilføjes dokumenter til et lukket opslag.")]})
    if error := rules.upload_error(file_name=file_name, size=len(content), head=content[:8]):
        raise ValidationError({"file": [error]})
    document = Document.objects.create(
        posting=posting, file_name=file_name[:200], content_type=rules.content_type_for(file_name),
        size=len(content), content=content, uploaded_by=by,
    )  # fmt: skip
    record(
        actor=by, action=AuditAction.CREATE, event="market.document.create", obj=document,
        municipality_id=posting.municipality_id, changes={"file_name": [None, document.file_name], "size": [None, document.size]},
    )  # fmt: skip
    return document


@transaction.atomic
def clause_add(*, by, posting: Posting, data: dict) -> SocialClause:
    """A social clause may be attached to any posting until it is closed for bids."""
    if posting.status not in (Status.DRAFT, Status.PUBLISHED):
        raise ValidationError(_("Sociale klausuler kan kun tilføjes, før opslaget lukkes for tilbud."))
    quantity = data.get("quantity")
    if quantity is None or quantity <= 0:
        raise ValidationError({"quantity": [_("Antallet skal være større end 0.")]})
    clause = SocialClause.objects.create(
        posting=posting, kind=data["kind"], quantity=quantity, description=data.get("description") or ""
    )
    record(
        actor=by, action=AuditAction.CREATE, event="market.clause.create", obj=clause,
        municipality_id=posting.municipality_id, changes={"kind": [None, clause.kind], "quantity": [None, str(quantity)]},
    )  # fmt: skip
    return clause


@transaction.atomic
def question_ask(*, by, posting: Posting, organisation, text: str, now=None) -> Question:
    now = now or timezone.now()
    if posting.status != Status.PUBLISHED:
        raise ValidationError({"text": [_("Der kan kun stilles spørgsmål til et offentliggjort opslag.")]})
    deadline = posting.question_deadline or posting.bid_deadline
    if now > deadline:
        raise ValidationError({"text": [_("Fristen for spørgsmål er overskredet.")]})
    if not (text or "").strip():
        raise ValidationError({"text": [_("Skriv dit spørgsmål.")]})
    question = Question.objects.create(posting=posting, organisation=organisation, text=text.strip())
    record(
        actor=by, action=AuditAction.CREATE, event="market.question.create", obj=question,
        municipality_id=posting.municipality_id, changes={"text": [None, question.text]},
    )  # fmt: skip
    return question


@transaction.atomic
def question_answer(*, by, question: Question, answer: str, now=None) -> Question:
    if not (answer or "").strip():
        raise ValidationError({"answer": [_("Skriv et svar.")]})
    before = question.answer
    question.answer, question.answered_at = answer.strip(), now or timezone.now()
    question.save(update_fields=["answer", "answered_at"])
    record(
        actor=by, action=AuditAction.UPDATE, event="market.question.answer", obj=question,
        municipality_id=question.posting.municipality_id, changes={"answer": [before, question.answer]},
    )  # fmt: skip
    return question
