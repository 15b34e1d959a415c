"""Which teams a provider can accept a referral onto: teams that have not started, or of a
programme with rolling intake (a fixed team that started long ago is no longer offered), each
with its free places and waiting list counted in SQL (one query for a whole inbox)."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .models import EnrolmentStatus, Intake, ReferralStatus, Team


def offered_teams(programme_ids, today: datetime.date) -> dict[int, list[Team]]:
    teams = (
        Team.objects.filter(programme_id__in=programme_ids)
        .filter(Q(start_date__gte=today) | Q(programme__intake=Intake.ROLLING))
        .annotate(
            taken=Count("enrolments", filter=~Q(enrolments__status=EnrolmentStatus.EXITED), distinct=True),
            waiting=Count("referrals", filter=Q(referrals__status=ReferralStatus.WAITING), distinct=True),
        )
        .order_by("programme_id", "start_date", "name", "pk")
    )
    offered: dict[int, list[Team]] = {}
    for team in teams:
        team.free = None if team.capacity is None else max(team.capacity - team.taken, 0)
        team.choice_label = choice_label(team)
        offered.setdefault(team.programme_id, []).append(team)
    return offered


def choice_label(team: Team) -> str:
    if team.free is None:
        return str(team)
    if team.free:
        return _("%(team)s · %(n)s ledige pladser") % {"team": team, "n": team.free}
    return _("%(team)s · fuldt: venteliste (%(n)s venter)") % {"team": team, "n": team.waiting}
