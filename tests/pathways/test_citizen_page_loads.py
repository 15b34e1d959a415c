"""The citizen page's plain-SQL loaders (pathways.citizen_page) give what the ORM querysets they
replaced give: the same rows in the same order, every loaded field equal (encrypted ones
decrypted), the same related objects, and nothing more loaded than before (the reports' texts
stay deferred). The ORM formulation is the reference here."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Prefetch
from django.utils import timezone

from accounts.access import Access
from accounts.roles import Perm, Role
from pathways import access as pa
from pathways import citizen_page, services, testing
from pathways.models import (
    CheckpointDue,
    CheckpointKind,
    CitizenStatus,
    CodeList,
    Exit,
    FollowUp,
    Goal,
    Milestone,
    MilestoneKind,
    Pause,
    StatusReport,
)
from pathways.testing import (
    due_row,
    enrol,
    history,
    make_citizen,
    make_programme,
    record_exit,
    refer,
    weeks_ago,
)

pytestmark = pytest.mark.django_db

REPORT_TEXTS = ("body", "next_goal", "recommendation")


def loaded(obj) -> dict:
    """The instance's loaded field values (deferred ones left out)."""
    deferred = obj.get_deferred_fields()
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in deferred}


def same(got, want, *related: str) -> None:
    """Equal loaded fields, on the instance and on each related object named by a dotted path
    (None on both sides where the relation is empty)."""
    assert type(got) is type(want)
    assert loaded(got) == loaded(want)
    for path in related:
        a, b = got, want
        for name in path.split("."):
            if a is not None and b is not None:
                a, b = getattr(a, name), getattr(b, name)
        assert (a is None) == (b is None), path
        if a is not None:
            assert loaded(a) == {k: v for k, v in loaded(b).items() if k in loaded(a)}, path


def same_lists(got: list, want: list, *related: str) -> None:
    assert [x.pk for x in got] == [x.pk for x in want]
    for a, b in zip(got, want, strict=True):
        same(a, b, *related)


@pytest.fixture
def case(world):
    """A Kolding citizen with two enrolments (one rich, one bare), a declined and a sent
    referral, and a status history with empty code list entries."""
    cw, provider_user = world.users[Role.CASEWORKER], world.users[Role.PROVIDER]
    citizen = make_citizen(municipality=world.kolding, by=cw, caseworker=cw)
    rich = enrol(citizen=citizen, caseworker=cw, provider=world.provider, start=weeks_ago(30), accepted_by=provider_user)
    history(rich, by=provider_user)
    Goal.objects.create(enrolment=rich, description="Andet mål", agreed_on=rich.start_date, target_date=weeks_ago(2))
    answered = StatusReport.objects.create(
        enrolment=rich, body="Tekst", written_by=provider_user, submitted_at=timezone.now(),
        checkpoint_due=due_row(rich, CheckpointKind.STATUS), acknowledged_at=timezone.now(), acknowledged_by=cw,
    )  # fmt: skip
    StatusReport.objects.create(enrolment=rich, body="Ubesvaret", written_by=cw, submitted_at=answered.submitted_at)
    Milestone.objects.create(enrolment=rich, kind=MilestoneKind.COURSE_CERTIFICATE, achieved_on=weeks_ago(3), name="Bevis")
    Pause.objects.create(enrolment=rich, start=weeks_ago(20), end=weeks_ago(19))
    Pause.objects.create(enrolment=rich, start=weeks_ago(25), end=weeks_ago(24))
    record_exit(rich, on=weeks_ago(1), hours="12.5", note="Job", followups=[(13, "", None), (4, "employed", "10")])
    bare = enrol(citizen=citizen, caseworker=cw, provider=world.social_enterprise, start=weeks_ago(2))
    declined = refer(citizen=citizen, programme=make_programme(provider=world.provider), by=cw)
    services.referral_decline(by=None, referral=declined, reason="Fortroligt: ingen plads")
    refer(citizen=citizen, programme=make_programme(provider=world.social_enterprise), by=cw)
    benefit = CodeList.objects.filter(list="benefit").first() or CodeList.objects.create(list="benefit", code="t1", name="Testydelse")
    CitizenStatus.objects.create(citizen=citizen, benefit=benefit, valid_from=datetime.date(2025, 1, 1), valid_to=datetime.date(2025, 6, 30))
    CitizenStatus.objects.create(citizen=citizen, valid_from=datetime.date(2025, 7, 1))
    return citizen, rich, bare


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.PROVIDER])
def test_the_citizen_is_the_orm_row_with_municipality_and_caseworker(world, case, role):
    citizen, _rich, _bare = case
    access = Access(world.users[role])
    want = pa.citizens_visible_to(access).select_related("municipality", "caseworker").get(public_id=citizen.public_id)
    got = citizen_page.citizen(access, str(citizen.public_id))
    same(got, want, "municipality", "caseworker")
    assert got.cpr_plain() == want.cpr_plain() and got.caseworker is not None
    assert citizen_page.citizen(access, "ikke-et-id") is None
    assert citizen_page.citizen(Access(world.outsiders[role]), citizen.public_id) is None


def test_statuses_are_the_orm_history(world, case):
    citizen, _rich, _bare = case
    want = list(
        CitizenStatus.objects.filter(citizen=citizen)
        .select_related("benefit", "target_group", "readiness")
        .order_by("-valid_from", "-pk")
    )
    assert len(want) == 2
    same_lists(citizen_page.statuses(citizen), want, "benefit", "target_group", "readiness")


USERS = [Role.CASEWORKER, Role.PROVIDER, Role.ADMIN]


@pytest.mark.parametrize("role", USERS)
def test_referrals_and_enrolments_are_the_orm_rows_for_each_role(world, case, role):
    citizen, _rich, _bare = case
    access = Access(world.users[role])
    want = list(testing.referrals_of(access, citizen).select_related("programme__provider", "team").order_by("-created_at", "-pk"))
    got = citizen_page.referrals(access, citizen)
    same_lists(got, want, "programme", "programme.provider", "team")
    want = list(
        testing.enrolments_of(access, citizen)
        .select_related("programme__provider", "team")
        .prefetch_related(
            Prefetch("checkpoints_due", queryset=CheckpointDue.objects.select_related("checkpoint").order_by("checkpoint__due_week", "pk")),
            Prefetch("pauses", queryset=Pause.objects.order_by("start")),
        )
    )
    got = citizen_page.enrolments(access, citizen)
    same_lists(got, want, "programme", "programme.provider", "team")
    for a, b in zip(got, want, strict=True):
        same_lists(a.checkpoint_rows, list(b.checkpoints_due.all()), "checkpoint")
        same_lists(a.pause_rows, list(b.pauses.all()))


def test_the_case_covers_what_the_loaders_distinguish(world, case):
    """Guard against a vacuous comparison: the provider sees fewer rows than the caseworker, a
    decline reason is decrypted, the provider's only loaded fields are its id and name."""
    citizen, rich, _bare = case
    caseworker, provider = Access(world.users[Role.CASEWORKER]), Access(world.users[Role.PROVIDER])
    all_referrals = citizen_page.referrals(caseworker, citizen)
    assert len(all_referrals) == 4 and len(citizen_page.referrals(provider, citizen)) == 1
    assert len(citizen_page.enrolments(caseworker, citizen)) == 2
    assert [e.pk for e in citizen_page.enrolments(provider, citizen)] == [rich.pk]
    assert "Fortroligt: ingen plads" in [r.decline_reason for r in all_referrals]
    assert all_referrals[0].programme.provider.get_deferred_fields() >= {"cvr", "municipality_id"}


@pytest.mark.parametrize("with_followups", [True, False])
def test_running_records_are_the_orm_prefetches(world, case, with_followups):
    citizen, rich, bare = case
    access = Access(world.users[Role.CASEWORKER])
    got = citizen_page.enrolments(access, citizen)
    citizen_page.running_records(got, {e.pk for e in got} if with_followups else set())
    want = {
        e.pk: e
        for e in testing.enrolments_of(access, citizen).prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("agreed_on", "pk")),
            Prefetch(
                "status_reports",
                queryset=StatusReport.objects.select_related("written_by", "acknowledged_by", "checkpoint_due__checkpoint")
                .defer(*REPORT_TEXTS)
                .order_by("submitted_at", "pk"),
            ),
            Prefetch("milestones", queryset=Milestone.objects.order_by("achieved_on", "pk")),
            Prefetch("exit", queryset=Exit.objects.all()),
            Prefetch("exit__followups", queryset=FollowUp.objects.order_by("weeks")),
        )
    }
    for e in got:
        w = want[e.pk]
        same_lists(e.goal_rows, list(w.goals.all()))
        same_lists(e.report_rows, list(w.status_reports.all()), "written_by", "acknowledged_by", "checkpoint_due", "checkpoint_due.checkpoint")
        same_lists(e.milestone_rows, list(w.milestones.all()))
        for report in e.report_rows:
            assert set(REPORT_TEXTS) <= report.get_deferred_fields()
        if e.pk == rich.pk:
            same(e.exit_row, w.exit)
            want_followups = list(w.exit.followups.all()) if with_followups else []
            same_lists(e.followup_rows, want_followups)
            assert len(e.goal_rows) == 2 and len(e.report_rows) == 3 and e.exit_row.hours_per_week == Decimal("12.5")
        else:
            assert e.pk == bare.pk and e.exit_row is None and e.followup_rows == [] and e.report_rows == []


def test_no_enrolments_means_no_record_queries(world, django_assert_num_queries):
    citizen = make_citizen(municipality=world.kolding, by=world.users[Role.CASEWORKER])
    access = Access(world.users[Role.CASEWORKER])
    access.has(Perm.CITIZEN_VIEW, citizen.municipality_id)  # the user's memberships, loaded once per request
    with django_assert_num_queries(1):
        assert citizen_page.enrolments(access, citizen) == []
    with django_assert_num_queries(0):
        citizen_page.running_records([], set())
