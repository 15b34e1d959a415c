"""Inviting suggested suppliers: one Invitation per organisation and posting (a constraint),
the e-mails sent by a background job enqueued in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record
from core.tasks import enqueue

from .models import Invitation, Posting, Status
from .tasks import send_invitations


@transaction.atomic
def invite_suppliers(*, by, posting: Posting, organisations) -> list[Invitation]:
    """Invite each organisation once; already invited ones are skipped. Returns the new ones."""
    if posting.status != Status.PUBLISHED:
        raise ValidationError(_("Der kan kun inviteres til et offentliggjort opslag."))
    already = set(posting.invitations.values_list("organisation_id", flat=True))
    fresh = [o for o in organisations if o.pk not in already and o.pk != posting.buyer_id]
    created = Invitation.objects.bulk_create(
        [Invitation(posting=posting, organisation=o, invited_by=by) for o in fresh], ignore_conflicts=True
    )
    ids = list(posting.invitations.filter(organisation__in=fresh).values_list("pk", flat=True))
    if ids:
        record(
            actor=by, action=AuditAction.CREATE, event="market.invitation.create", obj=posting,
            changes={"invited": [None, sorted(o.name for o in fresh)]},
        )  # fmt: skip
        enqueue(send_invitations, by=by, invitation_ids=ids)
    return created
