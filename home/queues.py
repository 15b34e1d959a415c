"""Each role's work queue on the home page: one function per role, each returning the items of
that role's queue. An item is a count with a link straight to the list where the work is done.

Every count is one SQL COUNT through the same access scopes as the list it links to
(pathways.access, agreements.access, …), so the figure on the home page is the length of the
list behind the link, and the page costs a fixed number of queries whatever the data.

Apps still being built hook in here: `procurement_postings` (market: tenders and tasks with a
deadline) and `outreach_followups` (plans: the consultant's outreach follow-ups) return no items
until their app provides the query.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.access import Access
from accounts.models import Membership, User
from accounts.roles import Perm, Role
from agreements.access import agreements_visible_to
from contracts.access import contracts_visible_to
from core.calendar import iso_week_label, monday_of
from partnerships import access as partnership_access
from partnerships import selectors as partnership_selectors
from partnerships.models import MemberRole, PartnershipMember, RequestStatus
from pathways import access as pa
from pathways import privacy
from pathways.models import (
    OPEN_ENROLMENT,
    AttendanceWeek,
    CheckpointDue,
    CheckpointKind,
    Enrolment,
    ReferralStatus,
)
from pathways.selectors_running import UPCOMING_DAYS, followups_due, unacknowledged_reports
from registry.models import ImportJob, Organisation
from reports.access import definitions_visible_to

RECENT_DAYS = 7
AGREEMENT_ENDING_DAYS = 90
DECLINED_DAYS = 30


@dataclass
class QueueItem:
    """One line of a work queue: `count` things to do, found at `url`."""

    label: str
    count: int
    url: str
    hint: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # a few items named, each a direct link
    action: bool = True  # something the user must do (False: a figure to follow, never the "next step")


def _url(name: str, **query) -> str:
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


# --- Caseworker ------------------------------------------------------------------------------


def caseworker_queue(access: Access, today: datetime.date) -> list[QueueItem]:
    """The caseworker's own citizens: referrals the provider declined (decide what next),
    status reports to acknowledge, follow-ups due and deadlines this week."""
    user = access.user
    sunday = monday_of(today) + datetime.timedelta(days=6)
    declined = pa.referrals_visible_to(access).filter(
        status=ReferralStatus.DECLINED,
        citizen__caseworker=user,
        decided_at__date__gte=today - datetime.timedelta(days=DECLINED_DAYS),
    )
    waiting = pa.referrals_visible_to(access).filter(status=ReferralStatus.SENT, citizen__caseworker=user)
    open_deadlines = pa.checkpoints_due_visible_to(access).filter(
        done_at__isnull=True, enrolment__status__in=OPEN_ENROLMENT, enrolment__citizen__caseworker=user
    )
    overdue = open_deadlines.filter(due__lt=today)
    this_week = open_deadlines.filter(due__gte=today, due__lte=sunday)
    # The declined citizens are not in the caseload unless on another pathway: name them.
    first_declined = list(declined.select_related("citizen").order_by("-decided_at", "-pk")[:5])
    return [
        QueueItem(
            _("Afviste visitationer at tage stilling til"),
            len(first_declined) if len(first_declined) < 5 else declined.count(),
            _url("pathways:caseload", mine="1"),
            _("Leverandøren har afvist dem inden for de seneste 30 dage: vælg et andet forløb."),
            links=[(r.citizen.name, reverse("pathways:citizen", args=[r.citizen.public_id])) for r in first_declined],
        ),
        QueueItem(
            _("Visitationer der venter på leverandørens svar"),
            waiting.count(),
            _url("pathways:caseload", status=ReferralStatus.SENT, mine="1"),
            action=False,
        ),
        QueueItem(
            _("Statusrapporter at kvittere for"),
            unacknowledged_reports(access, mine=True).count(),
            _url("pathways:status_reports", mine="1"),
        ),
        QueueItem(
            _("Opfølgninger der er forfaldne"),
            followups_due(access, today=today, mine=True).count(),
            _url("pathways:followups", mine="1"),
        ),
        QueueItem(_("Overskredne frister"), overdue.count(), _url("pathways:checkpoints", tab="overdue", mine="1")),
        QueueItem(
            _("Frister resten af denne uge"),
            this_week.count(),
            _url("pathways:checkpoints", tab="upcoming", mine="1"),
        ),
    ]


# --- Provider --------------------------------------------------------------------------------


def unsaved_team_weeks(access: Access, monday: datetime.date):
    """Teams the user runs with a participant active in the week of `monday` whose week is
    not recorded (no attendance row for that week)."""
    sunday = monday + datetime.timedelta(days=6)
    unrecorded = Enrolment.objects.filter(team=OuterRef("pk")).active_between(monday, sunday).filter(
        ~Exists(AttendanceWeek.objects.filter(enrolment=OuterRef("pk"), week=monday))
    )
    return (
        pa.teams_visible_to(access, write=True)
        .filter(Exists(unrecorded))
        .select_related("programme")
        .order_by("programme__name", "start_date", "name")
    )


def provider_queue(access: Access, today: datetime.date) -> list[QueueItem]:
    """This week's grids not saved, status reports due (overdue or within 14 days) and new
    referrals to the programmes the user runs."""
    monday = monday_of(today)
    teams = list(unsaved_team_weeks(access, monday)[:6])
    team_count = len(teams) if len(teams) < 6 else unsaved_team_weeks(access, monday).count()
    week = iso_week_label(monday)
    reports_due = CheckpointDue.objects.filter(
        enrolment__in=pa.enrolments_run_by(access),
        checkpoint__kind=CheckpointKind.STATUS,
        done_at__isnull=True,
        enrolment__status__in=OPEN_ENROLMENT,
    )
    late = reports_due.filter(due__lt=today)
    soon = reports_due.filter(due__gte=today, due__lte=today + datetime.timedelta(days=UPCOMING_DAYS))
    new_referrals = pa.referrals_to_run(access).filter(status=ReferralStatus.SENT)
    return [
        QueueItem(
            _("Hold hvor denne uges fremmøde ikke er gemt"),
            team_count,
            reverse("pathways:participants"),
            links=[(str(t.name), reverse("pathways:team_week", args=[t.public_id, week])) for t in teams[:5]],
        ),
        QueueItem(
            _("Statusrapporter der er forsinkede"),
            late.count(),
            _url("pathways:checkpoints", tab="overdue", kind=CheckpointKind.STATUS),
        ),
        QueueItem(
            _("Statusrapporter der skal skrives inden for 14 dage"),
            soon.count(),
            _url("pathways:checkpoints", tab="upcoming", kind=CheckpointKind.STATUS),
        ),
        QueueItem(_("Nye visitationer"), new_referrals.count(), reverse("pathways:inbox")),
        *requests_to_answer(access, today),
    ]


# --- Company contact -------------------------------------------------------------------------


def company_requests(access: Access, today: datetime.date) -> list[QueueItem]:
    """A company's requests to its single point of contact still waiting for an answer."""
    if not access.has(Perm.COMPANY_REQUEST) or not partnership_access.companies_requesting(access):
        return []
    waiting = partnership_selectors.own_requests(access).filter(status=RequestStatus.OPEN)
    return [QueueItem(_("Jeres henvendelser der afventer svar"), waiting.count(), reverse("partnerships:requests"))]


def requests_to_answer(access: Access, today: datetime.date) -> list[QueueItem]:
    """For the single point of contact's staff: companies' requests past their answer deadline,
    and the rest still open (the inbox lists both, overdue first)."""
    is_contact = PartnershipMember.objects.filter(
        role=MemberRole.SINGLE_POINT, organisation_id__in=access.organisation_ids
    ).exists()
    if not is_contact:
        return []
    inbox = partnership_selectors.inbox_requests(access)
    url = reverse("partnerships:inbox")
    return [
        QueueItem(_("Virksomheders henvendelser over svarfristen"), inbox.filter(answer_due__lt=today).count(), url),
        QueueItem(_("Virksomheders henvendelser der afventer svar"), inbox.filter(answer_due__gte=today).count(), url),
    ]


def company_queue(access: Access, today: datetime.date) -> list[QueueItem]:
    placed = pa.placements_visible_to(access).filter(
        Q(end__isnull=True) | Q(end__gte=today), start__lte=today, enrolment__status__in=OPEN_ENROLMENT
    )
    return [
        QueueItem(_("Borgere i praktik eller jobtræning hos jer"), placed.count(), reverse("pathways:placements")),
        *company_requests(access, today),
    ]


# --- Procurement -----------------------------------------------------------------------------


def procurement_postings(access: Access, today: datetime.date) -> list[QueueItem]:
    """Hook for the market app: tenders and tasks with a deadline."""
    return []


def procurement_queue(access: Access, today: datetime.date) -> list[QueueItem]:
    ending = agreements_visible_to(access).filter(
        end__gte=today, end__lte=today + datetime.timedelta(days=AGREEMENT_ENDING_DAYS)
    )
    return [
        QueueItem(
            _("Rammeaftaler der udløber inden for 90 dage"), ending.count(), reverse("agreements:list")
        ),
        QueueItem(
            _("Resultatkontrakter"), contracts_visible_to(access).count(), reverse("contracts:list"), action=False
        ),
        *procurement_postings(access, today),
    ]


# --- Consultant ------------------------------------------------------------------------------


def outreach_followups(access: Access, today: datetime.date) -> list[QueueItem]:
    """Hook for the plans app: the consultant's outreach follow-ups."""
    return []


def consultant_queue(access: Access, today: datetime.date) -> list[QueueItem]:
    municipalities = access.municipalities_with(Perm.REGISTRY_EDIT)
    since = today - datetime.timedelta(days=RECENT_DAYS)
    changed = Organisation.objects.filter(municipality_id__in=municipalities, updated_at__date__gte=since)
    imports = ImportJob.objects.filter(
        municipality_id__in=access.municipalities_with(Perm.REGISTRY_IMPORT), status=ImportJob.Status.VALID
    )
    return [
        QueueItem(
            _("Ændringer i aktørregistret den seneste uge"),
            changed.count(),
            _url("registry:list", sort="-updated"),
        ),
        QueueItem(_("Importer der venter på godkendelse"), imports.count(), reverse("registry:import")),
        *outreach_followups(access, today),
    ]


# --- Analyst ---------------------------------------------------------------------------------


def analyst_queue(access: Access, today: datetime.date) -> list[QueueItem]:
    return [
        QueueItem(
            _("Evalueringsrapporter"), definitions_visible_to(access).count(), reverse("reports:list"), action=False
        ),
        QueueItem(
            _("Resultatkontrakter"), contracts_visible_to(access).count(), reverse("contracts:list"), action=False
        ),
    ]


# --- Administrator ---------------------------------------------------------------------------


def local_users(access: Access):
    municipalities = access.municipalities_with(Perm.USERS_MANAGE)
    return User.objects.filter(
        Exists(Membership.objects.filter(user=OuterRef("pk"), organisation__municipality_id__in=municipalities))
    )


def admin_queue(access: Access, today: datetime.date) -> list[QueueItem]:
    """Users, invitations not yet taken up (access asked for, not yet in use) and citizens
    whose retention period has passed."""
    users = local_users(access)
    return [
        QueueItem(_("Aktive brugere"), users.filter(is_active=True).count(), reverse("accounts:users"), action=False),
        QueueItem(
            _("Invitationer der ikke er taget i brug"),
            users.filter(is_active=True, last_login__isnull=True).count(),
            reverse("accounts:users"),
            _("Brugerne har ikke logget ind endnu."),
        ),
        QueueItem(
            _("Borgere hvis oplysninger skal slettes"),
            privacy.due_for_erasure(access.municipalities_with(Perm.CITIZEN_ERASE), today).count(),
            reverse("pathways:erasure_due"),
        ),
    ]


QUEUES: dict[str, tuple[Callable[[Access, datetime.date], list[QueueItem]], str]] = {
    Role.CASEWORKER: (caseworker_queue, _("Dine borgere")),
    Role.PROVIDER: (provider_queue, _("Jeres forløb")),
    Role.COMPANY: (company_queue, _("Jeres virksomhed")),
    Role.PROCUREMENT: (procurement_queue, _("Indkøb og aftaler")),
    Role.CONSULTANT: (consultant_queue, _("Aktører og netværk")),
    Role.ANALYST: (analyst_queue, _("Rapporter og resultater")),
    Role.ADMIN: (admin_queue, _("Administration")),
}


def queues_for(access: Access, today: datetime.date) -> list[tuple[str, list[QueueItem]]]:
    """The queues of the roles the user holds, in the order of Role."""
    return [(QUEUES[role][1], QUEUES[role][0](access, today)) for role in Role.values if role in access.roles]
