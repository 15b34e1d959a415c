"""Each role's home page lists exactly its work queue: every count equals a direct query over
the rows behind it, and the page costs the same number of queries whatever the data."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from agreements.models import FrameworkAgreement
from contracts.models import OutcomeContract
from partnerships.models import CompanyRequest
from partnerships.services_requests import request_post
from partnerships.testing import make_partnership
from pathways.models import (
    AttendanceWeek,
    CheckpointDue,
    CheckpointKind,
    FollowUp,
    Placement,
    Referral,
    ReferralStatus,
    StatusReport,
)
from pathways.services import referral_decline
from pathways.testing import enrol, make_citizen, programme_with_team, record_exit, refer, this_monday, week
from registry.models import ImportJob, Organisation
from reports.models import ReportDefinition

pytestmark = pytest.mark.django_db


def counts_on_page(html: str) -> dict[str, int]:
    """{label: count} of the work queue items on a home page."""
    items = re.findall(
        r'work-queue__count">([\d.]+)</span> <span class="work-queue__label">([^<]+)</span>', html
    )
    return {label: int(count.replace(".", "")) for count, label in items}


def add_work(world, programme, team, n: int) -> None:
    """n of every kind of work for the Kolding personas."""
    cw, provider = world.users[Role.CASEWORKER], world.users[Role.PROVIDER]
    today = timezone.localdate()
    for _i in range(n):
        citizen = make_citizen(municipality=world.kolding, by=cw, caseworker=cw)
        refer(citizen=citizen, programme=programme, by=cw)  # waiting for the provider
        declined = make_citizen(municipality=world.kolding, by=cw, caseworker=cw)
        referral_decline(by=provider, referral=refer(citizen=declined, programme=programme, by=cw), reason="Fuldt")
        running = enrol(caseworker=cw, municipality=world.kolding, programme=programme, team=team, start=team.start_date)
        StatusReport.objects.create(enrolment=running, body="Status", written_by=provider, submitted_at=timezone.now())
        CheckpointDue.objects.filter(enrolment=running, checkpoint__kind=CheckpointKind.GOALS).update(due=today)
        CheckpointDue.objects.filter(enrolment=running, checkpoint__kind=CheckpointKind.STATUS).update(due=today)
        Placement.objects.create(enrolment=running, company=world.company, support_person="Bo", start=today)
        finished = enrol(caseworker=cw, municipality=world.kolding, programme=programme, team=team, start=team.start_date)
        record_exit(finished, on=today - datetime.timedelta(weeks=14), followups=[(13, "", None)])
    FrameworkAgreement.objects.create(
        municipality=world.kolding, provider=world.provider, name=f"Aftale {n}",
        start=today - datetime.timedelta(days=300), end=today + datetime.timedelta(days=30),
    )  # fmt: skip


def expected(world, role) -> dict[str, int]:
    """The same figures by direct queries."""
    today = timezone.localdate()
    monday = this_monday()
    cw = world.users[Role.CASEWORKER]
    mine = Q(citizen__caseworker=cw)
    if role == Role.CASEWORKER:
        return {
            "Afviste visitationer at tage stilling til": Referral.objects.filter(mine, status=ReferralStatus.DECLINED).count(),
            "Visitationer der venter på leverandørens svar": Referral.objects.filter(mine, status=ReferralStatus.SENT).count(),
            "Statusrapporter at kvittere for": StatusReport.objects.filter(
                enrolment__citizen__caseworker=cw, acknowledged_at__isnull=True
            ).count(),
            "Opfølgninger der er forfaldne": FollowUp.objects.filter(
                exit__enrolment__citizen__caseworker=cw, status="", due__lte=today
            ).count(),
            "Overskredne frister": CheckpointDue.objects.filter(
                enrolment__citizen__caseworker=cw, enrolment__status__in=["active", "paused"], done_at__isnull=True,
                due__lt=today,
            ).count(),  # fmt: skip
            "Frister resten af denne uge": CheckpointDue.objects.filter(
                enrolment__citizen__caseworker=cw, enrolment__status__in=["active", "paused"], done_at__isnull=True,
                due__gte=today, due__lte=monday + datetime.timedelta(days=6),
            ).count(),  # fmt: skip
        }
    if role == Role.PROVIDER:
        active = {e for e in world.team.enrolments.filter(status__in=["active", "paused"]).values_list("pk", flat=True)}
        recorded = set(AttendanceWeek.objects.filter(week=monday).values_list("enrolment_id", flat=True))
        return {
            "Hold hvor denne uges fremmøde ikke er gemt": 1 if active - recorded else 0,
            "Statusrapporter der er forsinkede": CheckpointDue.objects.filter(
                enrolment__programme__provider=world.provider, checkpoint__kind=CheckpointKind.STATUS,
                done_at__isnull=True, due__lt=today, enrolment__status__in=["active", "paused"],
            ).count(),  # fmt: skip
            "Statusrapporter der skal skrives inden for 14 dage": CheckpointDue.objects.filter(
                enrolment__programme__provider=world.provider, checkpoint__kind=CheckpointKind.STATUS,
                done_at__isnull=True, due__gte=today, due__lte=today + datetime.timedelta(days=14),
                enrolment__status__in=["active", "paused"],
            ).count(),  # fmt: skip
            "Nye visitationer": Referral.objects.filter(programme__provider=world.provider, status=ReferralStatus.SENT).count(),
        }
    if role == Role.COMPANY:
        return {
            "Borgere i praktik eller jobtræning hos jer": Placement.objects.filter(
                company=world.company, enrolment__status__in=["active", "paused"]
            ).count(),
            "Jeres henvendelser der afventer svar": CompanyRequest.objects.filter(
                company=world.company, status="open"
            ).count(),
        }
    if role == Role.PROCUREMENT:
        return {
            "Rammeaftaler der udløber inden for 90 dage": FrameworkAgreement.objects.filter(
                municipality=world.kolding, end__gte=today, end__lte=today + datetime.timedelta(days=90)
            ).count(),
            "Resultatkontrakter": 0,
        }
    if role == Role.CONSULTANT:
        return {
            "Ændringer i aktørregistret den seneste uge": Organisation.objects.filter(
                municipality=world.kolding, updated_at__date__gte=today - datetime.timedelta(days=7)
            ).count(),
            "Importer der venter på godkendelse": ImportJob.objects.filter(
                municipality=world.kolding, status=ImportJob.Status.VALID
            ).count(),
        }
    if role == Role.ANALYST:
        return {
            "Evalueringsrapporter": ReportDefinition.objects.filter(municipality=world.kolding).count(),
            "Resultatkontrakter": OutcomeContract.objects.filter(municipality=world.kolding).count(),
        }
    if role == Role.ADMIN:
        users = User.objects.filter(memberships__organisation__municipality=world.kolding).distinct()
        return {
            "Aktive brugere": users.filter(is_active=True).count(),
            "Invitationer der ikke er taget i brug": users.filter(is_active=True, last_login__isnull=True).count(),
            "Borgere hvis oplysninger skal slettes": 0,
        }
    raise AssertionError(role)


@pytest.fixture
def working(world):
    world.programme, world.team = programme_with_team(provider=world.provider, start=this_monday() - datetime.timedelta(weeks=3))
    return world


def home_of(client_for, user) -> tuple[str, int]:
    client = client_for(user)
    client.get(reverse("home:home"))  # session and language warmed up
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("home:home")).content.decode()
    return html, len(ctx.captured_queries)


@pytest.mark.parametrize("role", list(Role))
def test_each_roles_home_lists_exactly_its_queue_in_constant_queries(working, client_for, role):
    add_work(working, working.programme, working.team, 1)
    html_small, queries_small = home_of(client_for, working.users[role])
    add_work(working, working.programme, working.team, 3)
    html, queries = home_of(client_for, working.users[role])
    want = expected(working, role)
    assert counts_on_page(html) == want
    assert any(want.values()) or role == Role.ANALYST  # the test data reaches the queue
    assert queries == queries_small


def test_the_caseworker_sees_only_own_citizens_and_nothing_of_aarhus(working, client_for):
    add_work(working, working.programme, working.team, 2)
    html, _ = home_of(client_for, working.outsiders[Role.CASEWORKER])
    assert set(counts_on_page(html).values()) == {0}


def test_each_item_links_straight_to_its_list(working, client_for):
    add_work(working, working.programme, working.team, 1)
    html, _ = home_of(client_for, working.users[Role.CASEWORKER])
    assert reverse("pathways:status_reports") + "?mine=1" in html
    assert reverse("pathways:followups") + "?mine=1" in html


def test_the_providers_unsaved_week_links_to_the_teams_grid_and_goes_once_saved(working, client_for):
    add_work(working, working.programme, working.team, 1)
    provider = working.users[Role.PROVIDER]
    html, _ = home_of(client_for, provider)
    grid = reverse("pathways:team_week", args=[working.team.public_id, f"{this_monday():%G-W%V}"])
    assert grid in html
    for e in working.team.enrolments.filter(status__in=["active", "paused"]):
        week(e, this_monday())
    html, _ = home_of(client_for, provider)
    assert counts_on_page(html)["Hold hvor denne uges fremmøde ikke er gemt"] == 0


def test_consultant_and_analyst_get_their_own_queues(working, client_for):
    consultant, _ = home_of(client_for, working.users[Role.CONSULTANT])
    analyst, _ = home_of(client_for, working.users[Role.ANALYST])
    assert "Ændringer i aktørregistret den seneste uge" in counts_on_page(consultant)
    assert "Evalueringsrapporter" in counts_on_page(analyst)


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.PROVIDER])
def test_each_count_is_the_length_of_the_list_behind_its_link(working, client_for, role):
    from accounts.access import Access
    from home.queues import queues_for

    add_work(working, working.programme, working.team, 2)
    user = working.users[role]
    client = client_for(user)
    checked = 0
    for _title, items in queues_for(Access(user), timezone.localdate()):
        for item in items:
            context = client.get(item.url).context
            page = context.get("page") if context else None
            if page is None or not hasattr(page, "paginator") or item.label.startswith("Afviste"):
                continue
            assert page.paginator.count == item.count, item.label
            checked += 1
    assert checked >= 2


def test_requests_past_their_deadline_wait_on_the_single_point_of_contacts_home(working, client_for):
    partnership = make_partnership(working)
    company_user = working.users[Role.COMPANY]
    late, fresh = (
        request_post(by=company_user, partnership=partnership, company=working.company, kind=kind, text="En plads")
        for kind in ("placement", "task")
    )
    CompanyRequest.objects.filter(pk=late.pk).update(answer_due=datetime.date(2020, 1, 2))
    html, _queries = home_of(client_for, working.users[Role.PROVIDER])
    counts = counts_on_page(html)
    assert counts["Virksomheders henvendelser over svarfristen"] == 1
    assert counts["Virksomheders henvendelser der afventer svar"] == 1
    assert counts_on_page(home_of(client_for, company_user)[0])["Jeres henvendelser der afventer svar"] == 2
    assert "Virksomheders henvendelser" not in home_of(client_for, working.users[Role.CASEWORKER])[0]
