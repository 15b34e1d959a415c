"""A full team's waiting list. Accepting a referral onto a full team (from the inbox) queues it
instead of refusing; when a place frees (an exit) the referrals waiting for that team are
accepted in queue order.

Race safety: every change of a team's places or queue happens with the team's row locked
(SELECT … FOR UPDATE), so two providers accepting at once, or an exit and an acceptance, are
serialised; and the queue position is unique per team in the database
(unique_waiting_position_per_team), so a bug that skipped the lock could not give two
referrals the same place in the queue.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit.models import AuditAction
from audit.services import record

from .models import Enrolment, EnrolmentStatus, Referral, ReferralStatus, Team
from .services import enrol_locked


def queue_locked(*, by, referral: Referral, team: Team, start_date: datetime.date | None = None) -> Referral:
    """Put a locked referral last on a locked team's waiting list."""
    last = Referral.objects.filter(team=team, status=ReferralStatus.WAITING).aggregate(m=Max("waiting_position"))["m"]
    referral.status = ReferralStatus.WAITING
    referral.team = team
    referral.waiting_position = (last or 0) + 1
    referral.waiting_start = start_date
    referral.save(update_fields=["status", "team", "waiting_position", "waiting_start"])
    record(
        actor=by, action=AuditAction.UPDATE, event="pathways.referral.wait", obj=referral,
        municipality_id=referral.citizen.municipality_id,
        changes={"status": ["sent", "waiting"], "team": str(team), "position": referral.waiting_position},
    )  # fmt: skip
    return referral


def free_places(team: Team) -> int | None:
    if team.capacity is None:
        return None
    return max(team.capacity - team.enrolments.exclude(status=EnrolmentStatus.EXITED).count(), 0)


@transaction.atomic
def waiting_list_promote(*, by, team: Team, today: datetime.date | None = None) -> list[Enrolment]:
    """Accept waiting referrals in queue order while the team has free places. Each starts on
    the later of today, the team's start and the start wanted."""
    today = today or timezone.localdate()
    team = Team.objects.select_for_update().get(pk=team.pk)
    places = free_places(team)
    waiting = Referral.objects.select_for_update().filter(team=team, status=ReferralStatus.WAITING)
    waiting = waiting.select_related("citizen", "programme").order_by("waiting_position", "pk")
    if places is not None:
        waiting = waiting[:places]
    return [
        enrol_locked(
            by=by, referral=r, team=team, start=max(today, team.start_date, r.waiting_start or today),
            event="pathways.referral.promote",
        )  # fmt: skip
        for r in waiting
    ]


def waiting_list(team: Team) -> list[Referral]:
    return list(
        Referral.objects.filter(team=team, status=ReferralStatus.WAITING)
        .select_related("citizen")
        .order_by("waiting_position", "pk")
    )
