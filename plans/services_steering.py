"""Writes of steering groups: the group, its members, meetings (agenda, decisions, minutes) and
the work plan's milestones. Keyword-only, by= the acting user, atomic, audited."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Membership
from audit.models import AuditAction
from audit.services import diff, record

from .models import Meeting, SteeringGroup, SteeringMember, WorkPlanMilestone

MEETING_FIELDS = ("date", "agenda", "decisions", "minutes")


def _record(by, action, event, obj, municipality_id, changes) -> None:
    record(actor=by, action=action, event=event, obj=obj, municipality_id=municipality_id, changes=changes)


@transaction.atomic
def group_create(*, by, municipality, name: str, strategy=None, project_manager: str = "") -> SteeringGroup:
    if not name.strip():
        raise ValidationError({"name": [_("Styregruppen skal have et navn.")]})
    if strategy is not None and strategy.municipality_id != municipality.pk:
        raise ValidationError({"strategy": [_("Strategien skal høre til kommunen.")]})
    group = SteeringGroup.objects.create(
        municipality=municipality, name=name.strip(), strategy=strategy, project_manager=project_manager
    )
    _record(by, AuditAction.CREATE, "plans.steering_group.create", group, municipality.pk, {"name": [None, group.name]})
    return group


@transaction.atomic
def member_add(*, by, group: SteeringGroup, user=None, name: str = "", affiliation: str = "") -> SteeringMember:
    """A user of the municipality, or an external person by name."""
    if user is not None and not Membership.objects.filter(user=user, organisation__municipality_id=group.municipality_id).exists():
        raise ValidationError({"user": [_("Brugeren skal arbejde i kommunen.")]})
    name = (name or "").strip() or (user.get_full_name() or user.get_username() if user else "")
    if not name:
        raise ValidationError({"name": [_("Angiv medlemmets navn.")]})
    try:
        with transaction.atomic():
            member = SteeringMember.objects.create(group=group, user=user, name=name, affiliation=affiliation or "")
    except IntegrityError as error:
        raise ValidationError({"user": [_("Brugeren er allerede medlem af styregruppen.")]}) from error
    _record(by, AuditAction.CREATE, "plans.steering_member.create", member, group.municipality_id, {"name": [None, name]})
    return member


@transaction.atomic
def meeting_save(*, by, group: SteeringGroup, data: dict, meeting: Meeting | None = None) -> Meeting:
    creating = meeting is None
    meeting = meeting or Meeting(group=group)
    before = {} if creating else {f: getattr(meeting, f) for f in MEETING_FIELDS}
    for name in MEETING_FIELDS:
        if name in data:
            setattr(meeting, name, data[name] if data[name] is not None or name == "date" else "")
    if meeting.date is None:
        raise ValidationError({"date": [_("Angiv mødets dato.")]})
    meeting.save()
    _record(
        by, AuditAction.CREATE if creating else AuditAction.UPDATE,
        f"plans.meeting.{'create' if creating else 'update'}", meeting, group.municipality_id,
        diff(before, {f: getattr(meeting, f) for f in MEETING_FIELDS}),
    )  # fmt: skip
    return meeting


@transaction.atomic
def milestone_save(*, by, group: SteeringGroup, data: dict) -> WorkPlanMilestone:
    milestone = WorkPlanMilestone(group=group, title=data.get("title") or "", due=data.get("due"), done_on=data.get("done_on"))
    errors = {}
    if not milestone.title.strip():
        errors["title"] = [_("Milepælen skal have en titel.")]
    if milestone.due is None:
        errors["due"] = [_("Angiv milepælens dato.")]
    if errors:
        raise ValidationError(errors)
    milestone.save()
    _record(by, AuditAction.CREATE, "plans.milestone.create", milestone, group.municipality_id, {"title": [None, milestone.title]})
    return milestone
