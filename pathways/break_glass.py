"""Break-the-glass: a user opening a citizen outside their own caseload states why first. The
reason is an audit row (listed for the admin on the "access outside caseload" page) and opens
that citizen to that user for the rest of the working day (GRANT_HOURS), in the session."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import access_for
from accounts.roles import Role
from audit.models import AuditAction, AuditEvent
from audit.services import record
from core.forms import FdsFormMixin

from .models import Citizen

EVENT = "pathways.citizen.break_glass"
SESSION_KEY = "pathways_break_glass"
GRANT_HOURS = 8
MIN_REASON = 10


class ReasonForm(FdsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse"),
        help_text=_("Hvorfor skal du se denne borger? Begrundelsen gemmes i revisionssporet."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )


def _grants(session) -> dict:
    return session.get(SESSION_KEY, {})


def needs_reason(request, citizen: Citizen) -> bool:
    """A caseworker of the citizen's municipality who is not the citizen's caseworker, and has
    not yet explained why in this session today. (Providers only ever see their own
    participants; administrators' reads are audited as such.)"""
    if citizen.caseworker_id == request.user.pk:
        return False
    if not access_for(request).holds_role(Role.CASEWORKER, citizen.municipality_id):
        return False
    granted = _grants(request.session).get(str(citizen.public_id))
    if granted is None:
        return True
    return timezone.now() - datetime.datetime.fromisoformat(granted) > datetime.timedelta(hours=GRANT_HOURS)


@transaction.atomic
def break_glass(*, by, citizen: Citizen, reason: str) -> AuditEvent:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError(
            {"reason": [_("Skriv en begrundelse på mindst %(n)s tegn.") % {"n": MIN_REASON}]}
        )
    return record(
        actor=by, action=AuditAction.READ, event=EVENT, obj=citizen,
        changes={"reason": reason, "caseworker": citizen.caseworker.get_username() if citizen.caseworker else None},
    )  # fmt: skip


def grant(request, citizen: Citizen) -> None:
    grants = _grants(request.session)
    grants[str(citizen.public_id)] = timezone.now().isoformat()
    request.session[SESSION_KEY] = grants


def events_for(municipality_ids) -> "list[AuditEvent]":
    return list(
        AuditEvent.objects.filter(event=EVENT, municipality_id__in=municipality_ids)
        .select_related("actor")
        .order_by("-at")[:500]
    )
