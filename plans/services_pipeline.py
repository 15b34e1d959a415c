"""Writes of pilot ideas, funding applications and the mapping's inputs (stakeholders' needs,
context figures per year, the report submitted to the steering group). Keyword-only, by= the
acting user, atomic, audited."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import diff, record
from registry.choices import Kind

from .models import ContextFigure, FundingApplication, MappingSubmission, PilotIdea, StakeholderNeed


def _audit(by, action, event, obj, municipality_id, changes) -> None:
    record(actor=by, action=action, event=event, obj=obj, municipality_id=municipality_id, changes=changes)


@transaction.atomic
def idea_save(*, by, municipality, data: dict, idea: PilotIdea | None = None) -> PilotIdea:
    creating = idea is None
    idea = idea or PilotIdea(municipality=municipality)
    before = {} if creating else {"title": idea.title, "stage": idea.stage}
    idea.title = (data.get("title") or idea.title or "").strip()
    idea.description = data.get("description", idea.description) or ""
    idea.stage = data.get("stage") or idea.stage
    if not idea.title:
        raise ValidationError({"title": [_("Idéen skal have en titel.")]})
    partners = data.get("partners")
    if partners is not None and any(p.municipality_id != municipality.pk for p in partners):
        raise ValidationError({"partners": [_("Partnerne skal høre til kommunen.")]})
    idea.save()
    if partners is not None:
        idea.partners.set(partners)
    _audit(
        by, AuditAction.CREATE if creating else AuditAction.UPDATE, f"plans.idea.{'create' if creating else 'update'}",
        idea, municipality.pk, diff(before, {"title": idea.title, "stage": idea.stage}),
    )  # fmt: skip
    return idea


@transaction.atomic
def application_add(*, by, idea: PilotIdea, data: dict) -> FundingApplication:
    application = FundingApplication(idea=idea, **{
        k: data.get(k) for k in ("fund", "amount_applied", "amount_granted", "applied_on", "decided_on")
    })  # fmt: skip
    errors = {}
    if application.fund is None or application.fund.kind != Kind.FUND:
        errors["fund"] = [_("Vælg en fond fra registret.")]
    for name in ("amount_applied", "amount_granted"):
        value = getattr(application, name)
        if value is not None and value < 0:
            errors[name] = [_("Beløbet kan ikke være negativt.")]
    if application.amount_applied is None:
        errors.setdefault("amount_applied", [_("Angiv det ansøgte beløb.")])
    if application.applied_on is None:
        errors["applied_on"] = [_("Angiv datoen for ansøgningen.")]
    elif application.decided_on and application.decided_on < application.applied_on:
        errors["decided_on"] = [_("Afgørelsen skal ligge efter ansøgningen.")]
    if application.amount_granted is not None and application.decided_on is None:
        errors.setdefault("decided_on", [_("Angiv datoen for afgørelsen, når der er bevilget et beløb.")])
    if errors:
        raise ValidationError(errors)
    application.save()
    _audit(
        by, AuditAction.CREATE, "plans.funding.create", application, idea.municipality_id,
        {"fund": [None, str(application.fund)], "amount_applied": [None, str(application.amount_applied)]},
    )  # fmt: skip
    return application


@transaction.atomic
def need_add(*, by, municipality, data: dict) -> StakeholderNeed:
    org = data.get("organisation")
    if org is None or org.municipality_id != municipality.pk:
        raise ValidationError({"organisation": [_("Vælg en interessent i kommunen.")]})
    if not any((data.get(k) or "").strip() for k in ("needs", "expectations", "volunteer_activities")):
        raise ValidationError({"needs": [_("Skriv interessentens behov, forventninger eller frivillige aktiviteter.")]})
    need = StakeholderNeed.objects.create(
        municipality=municipality, organisation=org, recorded_on=data["recorded_on"],
        **{k: data.get(k) or "" for k in ("needs", "expectations", "volunteer_activities")},
    )  # fmt: skip
    _audit(by, AuditAction.CREATE, "plans.need.create", need, municipality.pk, {"organisation": [None, str(org)]})
    return need


@transaction.atomic
def context_figure_set(*, by, municipality, year: int, kind: str, value, source: str) -> ContextFigure:
    """One figure per municipality, year and kind: a second entry replaces the first (two at
    once: the unique constraint lets one insert, the other updates)."""
    errors = {}
    if value is None or value < 0:
        errors["value"] = [_("Tallet kan ikke være negativt.")]
    if not (source or "").strip():
        errors["source"] = [_("Angiv kilden til tallet.")]
    if year is None or not 1970 <= year <= 2100:
        errors["year"] = [_("Angiv et år mellem 1970 og 2100.")]
    if errors:
        raise ValidationError(errors)
    key = {"municipality": municipality, "year": year, "kind": kind}
    try:
        with transaction.atomic():
            figure, created = ContextFigure.objects.get_or_create(**key, defaults={"value": value, "source": source})
    except IntegrityError:
        figure, created = ContextFigure.objects.get(**key), False
    before = {} if created else {"value": figure.value, "source": figure.source}
    if not created:
        figure.value, figure.source = value, source
        figure.save(update_fields=["value", "source"])
    _audit(
        by, AuditAction.CREATE if created else AuditAction.UPDATE, "plans.context_figure.set", figure,
        municipality.pk, diff(before, {"value": figure.value, "source": figure.source}),
    )  # fmt: skip
    return figure


@transaction.atomic
def mapping_submit(*, by, group, submitted_on, snapshot: dict) -> MappingSubmission:
    if submitted_on is None:
        raise ValidationError({"submitted_on": [_("Angiv datoen.")]})
    submission = MappingSubmission.objects.create(group=group, submitted_on=submitted_on, snapshot=snapshot, by=by)
    _audit(by, AuditAction.CREATE, "plans.mapping.submit", submission, group.municipality_id, {"submitted_on": [None, str(submitted_on)]})
    return submission
