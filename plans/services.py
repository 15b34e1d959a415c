"""Writes of strategies and their versions: keyword-only, taking the acting user, atomic, one
audit row in the same transaction. An adopted version is never changed (also refused by a
PostgreSQL trigger); the next change starts a new draft copied from it. Bad input raises
ValidationError naming the field; nothing is half-written."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Membership
from audit.models import AuditAction
from audit.services import diff, record

from .models import (
    ActionStatus,
    Initiative,
    Precondition,
    StrategicGoal,
    Strategy,
    StrategyVersion,
    VersionStatus,
)

GOAL_FIELDS = ("title", "description", "indicator", "indicator_label", "baseline", "target", "target_date", "manual_value")
INITIATIVE_FIELDS = (
    "title", "description", "owner_user", "owner_organisation", "start", "deadline", "status", "programme",
    "carried_out_by",
)  # fmt: skip


def _snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


def _audit(by, action, event, obj, municipality_id, changes) -> None:
    record(actor=by, action=action, event=event, obj=obj, municipality_id=municipality_id, changes=changes)


def refuse_adopted(version: StrategyVersion) -> None:
    if version.is_adopted:
        raise ValidationError(_("Den vedtagne version kan ikke ændres. Start en ny version for at ændre strategien."))


@transaction.atomic
def strategy_create(*, by, municipality, title: str, vision: str = "") -> Strategy:
    if not title.strip():
        raise ValidationError({"title": [_("Strategien skal have en titel.")]})
    strategy = Strategy.objects.create(municipality=municipality, title=title.strip())
    StrategyVersion.objects.create(strategy=strategy, number=1, vision=vision)
    _audit(by, AuditAction.CREATE, "plans.strategy.create", strategy, municipality.pk, {"title": [None, strategy.title]})
    return strategy


@transaction.atomic
def version_update(*, by, version: StrategyVersion, vision: str) -> StrategyVersion:
    refuse_adopted(version)
    before = version.vision
    version.vision = vision
    version.save(update_fields=["vision"])
    _audit(
        by, AuditAction.UPDATE, "plans.version.update", version, version.strategy.municipality_id,
        diff({"vision": before}, {"vision": vision}),
    )  # fmt: skip
    return version


@transaction.atomic
def precondition_add(*, by, version: StrategyVersion, text: str) -> Precondition:
    refuse_adopted(version)
    if not text.strip():
        raise ValidationError({"text": [_("Skriv forudsætningen.")]})
    position = version.preconditions.count() + 1
    item = Precondition.objects.create(version=version, text=text.strip(), position=position)
    _audit(by, AuditAction.CREATE, "plans.precondition.create", item, version.strategy.municipality_id, {"text": [None, item.text]})
    return item


@transaction.atomic
def precondition_delete(*, by, item: Precondition) -> None:
    refuse_adopted(item.version)
    _audit(by, AuditAction.DELETE, "plans.precondition.delete", item, item.version.strategy.municipality_id, {"text": [item.text, None]})
    item.delete()


def _check_goal(goal: StrategicGoal) -> None:
    errors = {}
    for name in ("baseline", "target", "manual_value"):
        value = getattr(goal, name)
        if value is not None and value < 0:
            errors[name] = [_("Tallet kan ikke være negativt.")]
    if goal.indicator and goal.target is None:
        errors["target"] = [_("Angiv et mål for indikatoren.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def goal_save(*, by, version: StrategyVersion, data: dict, goal: StrategicGoal | None = None) -> StrategicGoal:
    refuse_adopted(version)
    creating = goal is None
    goal = goal or StrategicGoal(version=version, position=version.goals.count() + 1)
    before = {} if creating else _snapshot(goal, GOAL_FIELDS)
    for name in GOAL_FIELDS:
        if name in data:
            setattr(goal, name, data[name] if data[name] is not None or name not in _TEXT else "")
    _check_goal(goal)
    goal.save()
    _audit(
        by, AuditAction.CREATE if creating else AuditAction.UPDATE,
        f"plans.goal.{'create' if creating else 'update'}", goal, version.strategy.municipality_id,
        diff(before, _snapshot(goal, GOAL_FIELDS)),
    )  # fmt: skip
    return goal


_TEXT = {"title", "description", "indicator", "indicator_label", "carried_out_by"}


@transaction.atomic
def goal_delete(*, by, goal: StrategicGoal) -> None:
    refuse_adopted(goal.version)
    _audit(by, AuditAction.DELETE, "plans.goal.delete", goal, goal.version.strategy.municipality_id, {"title": [goal.title, None]})
    goal.delete()


def _check_initiative(initiative: Initiative, municipality_id: int) -> None:
    errors = {}
    if not (initiative.title or "").strip():
        errors["title"] = [_("Initiativet skal have en titel.")]
    if initiative.start and initiative.deadline and initiative.deadline < initiative.start:
        errors["deadline"] = [_("Fristen skal ligge efter startdatoen.")]
    org = initiative.owner_organisation
    if org is not None and org.municipality_id != municipality_id:
        errors["owner_organisation"] = [_("Den ansvarlige organisation skal høre til kommunen.")]
    user = initiative.owner_user
    if user is not None and not Membership.objects.filter(user=user, organisation__municipality_id=municipality_id).exists():
        errors["owner_user"] = [_("Den ansvarlige person skal arbejde i kommunen.")]
    programme = initiative.programme
    if programme is not None and programme.provider.municipality_id != municipality_id:
        errors["programme"] = [_("Forløbet skal høre til kommunen.")]
    if user is not None and org is not None:
        errors["owner_organisation"] = [_("Vælg enten en ansvarlig person eller en organisation, ikke begge.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def initiative_save(*, by, goal: StrategicGoal, data: dict, initiative: Initiative | None = None) -> Initiative:
    refuse_adopted(goal.version)
    creating = initiative is None
    initiative = initiative or Initiative(goal=goal, position=goal.initiatives.count() + 1)
    before = {} if creating else _snapshot(initiative, INITIATIVE_FIELDS)
    for name in INITIATIVE_FIELDS:
        if name in data:
            value = data[name]
            setattr(initiative, name, "" if value is None and name in _TEXT else value)
    initiative.status = initiative.status or ActionStatus.PLANNED
    municipality_id = goal.version.strategy.municipality_id
    _check_initiative(initiative, municipality_id)
    initiative.save()
    _audit(
        by, AuditAction.CREATE if creating else AuditAction.UPDATE,
        f"plans.initiative.{'create' if creating else 'update'}", initiative, municipality_id,
        diff(before, _snapshot(initiative, INITIATIVE_FIELDS)),
    )  # fmt: skip
    return initiative


@transaction.atomic
def initiative_set_status(*, by, initiative: Initiative, status: str) -> Initiative:
    """The progress of an initiative: allowed in an adopted version too."""
    if status not in ActionStatus.values:
        raise ValidationError({"status": [_("Vælg en gyldig status.")]})
    before = initiative.status
    initiative.status = status
    initiative.save(update_fields=["status"])
    _audit(
        by, AuditAction.UPDATE, "plans.initiative.status", initiative, initiative.goal.version.strategy.municipality_id,
        diff({"status": before}, {"status": status}),
    )  # fmt: skip
    return initiative


@transaction.atomic
def version_adopt(*, by, version: StrategyVersion, adopted_on, decision_ref: str) -> StrategyVersion:
    """The council adopted the draft: it gets its date and decision and never changes again."""
    refuse_adopted(version)
    errors = {}
    if adopted_on is None:
        errors["adopted_on"] = [_("Angiv datoen for vedtagelsen.")]
    if not (decision_ref or "").strip():
        errors["decision_ref"] = [_("Angiv beslutningen (fx byrådets sag eller punkt).")]
    if errors:
        raise ValidationError(errors)
    version.status, version.adopted_on, version.decision_ref = VersionStatus.ADOPTED, adopted_on, decision_ref.strip()
    version.save(update_fields=["status", "adopted_on", "decision_ref"])
    _audit(
        by, AuditAction.UPDATE, "plans.version.adopt", version, version.strategy.municipality_id,
        {"status": ["draft", "adopted"], "adopted_on": [None, str(adopted_on)], "decision_ref": [None, version.decision_ref]},
    )  # fmt: skip
    return version


def _copy(version: StrategyVersion, number: int) -> StrategyVersion:
    draft = StrategyVersion.objects.create(strategy=version.strategy, number=number, vision=version.vision)
    Precondition.objects.bulk_create(
        [Precondition(version=draft, text=p.text, position=p.position) for p in version.preconditions.all()]
    )
    for goal in version.goals.prefetch_related("initiatives"):
        initiatives = list(goal.initiatives.all())
        goal.pk, goal.public_id, goal.version = None, None, draft
        goal.public_id = StrategicGoal._meta.get_field("public_id").default()
        goal.save()
        for item in initiatives:
            item.pk, item.goal = None, goal
            item.public_id = Initiative._meta.get_field("public_id").default()
        Initiative.objects.bulk_create(initiatives)
    return draft


@transaction.atomic
def version_new_draft(*, by, strategy: Strategy) -> StrategyVersion:
    """A new draft copied from the latest version; refused while a draft exists."""
    latest = strategy.versions.order_by("-number").first()
    if strategy.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationError(_("Der findes allerede et udkast til strategien."))
    try:
        with transaction.atomic():
            draft = _copy(latest, latest.number + 1)
    except IntegrityError as error:
        raise ValidationError(_("Der findes allerede et udkast til strategien.")) from error
    _audit(by, AuditAction.CREATE, "plans.version.create", draft, strategy.municipality_id, {"number": [None, draft.number]})
    return draft
