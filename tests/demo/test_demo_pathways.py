"""The demo's citizen pathways: sizes and proportions, determinism, due dates equal to the
rules, valid CPR numbers stored only encrypted, dated codes valid on their date, and the demo
users placed so that each role sees its part."""

import datetime
import random
from collections import Counter

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import Membership, User
from core.cpr import clean_cpr
from core.crypto import blind_index
from demo.pathways import REFERENCE_DATE, code_validity, demo_settings
from demo.pathways_plan import plan_municipality, plan_teams
from demo.seed import seed_demo
from pathways import rules
from pathways.models import (
    EMPLOYMENT_OUTCOMES,
    CheckpointDue,
    Citizen,
    CitizenStatus,
    Enrolment,
    Exit,
    ExitOutcome,
    FollowUp,
    Placement,
    Programme,
    Referral,
    StatusReport,
)

KOLDING, AARHUS = "0621", "0751"


def plan(seed: int, n: int = 120):
    settings = demo_settings(KOLDING)
    return plan_municipality(random.Random(seed), KOLDING, n, settings, plan_teams(settings), code_validity())


def test_the_same_seed_gives_the_same_plan_and_another_seed_another():
    first, again, other = plan(5), plan(5), plan(6)
    assert first == again
    assert [c.name for c in first] != [c.name for c in other]


@pytest.fixture
def seeded(db):
    seed_demo()


def _sql(query: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def test_kolding_gets_about_300_citizens_with_plausible_pathways(seeded):
    citizens = Citizen.objects.filter(municipality__code=KOLDING)
    assert citizens.count() == 300
    assert 1 <= Citizen.objects.filter(municipality__code=AARHUS).count() <= 20
    enrolments = Enrolment.objects.filter(citizen__municipality__code=KOLDING)
    assert 250 <= enrolments.count() <= 320
    statuses = Counter(enrolments.values_list("status", flat=True))
    assert statuses["exited"] > statuses["active"] > 0 and statuses["paused"] >= 1
    referrals = Counter(
        Referral.objects.filter(citizen__municipality__code=KOLDING).values_list("status", flat=True)
    )
    assert referrals["accepted"] > 0.85 * sum(referrals.values())
    assert referrals["declined"] and referrals["withdrawn"] and referrals["sent"]
    programmes = Counter(enrolments.values_list("programme__name", flat=True))
    assert len(programmes) == 2 and min(programmes.values()) >= 30


def test_the_training_kitchen_runs_at_its_agreements_volume_of_about_24_courses_a_year(seeded):
    from demo.pathways import WINDOW_START

    kitchen = Enrolment.objects.filter(
        citizen__municipality__code=KOLDING, programme__courses_per_year=24,
        start_date__gte=WINDOW_START, start_date__lte=REFERENCE_DATE,
    ).count()  # fmt: skip
    years = (REFERENCE_DATE - WINDOW_START).days / 365.25
    assert 18 <= kitchen / years <= 30


def test_attendance_is_mostly_present_with_some_absence_and_dropouts(seeded):
    ((attended, excused, unexcused, rows),) = _sql(
        """SELECT SUM(a.attended_hours), SUM(a.excused_hours), SUM(a.unexcused_hours), COUNT(*)
           FROM pathways_attendanceweek a JOIN pathways_enrolment e ON e.id = a.enrolment_id
           JOIN pathways_citizen c ON c.id = e.citizen_id JOIN tenants_municipality m ON m.id = c.municipality_id
           WHERE m.code = %s""",
        [KOLDING],
    )
    assert rows > 4000
    rate = attended / (attended + excused + unexcused)
    assert 0.8 < rate < 0.97
    assert excused > unexcused > 0
    # Dropouts end with a run of fully absent weeks (rules.consecutive_absent_weeks).
    dropouts = Enrolment.objects.filter(
        citizen__municipality__code=KOLDING, exit__outcome=ExitOutcome.DROPOUT
    )
    assert dropouts.exists()
    for enrolment in dropouts.prefetch_related("attendance"):
        weeks = [
            rules.Week(w.week, w.planned_hours, w.attended_hours, w.excused_hours, w.unexcused_hours)
            for w in enrolment.attendance.all()
        ]
        assert rules.consecutive_absent_weeks(weeks) >= 2


def test_exit_outcomes_come_in_plausible_proportions(seeded):
    exits = Exit.objects.filter(enrolment__citizen__municipality__code=KOLDING)
    total = exits.count()
    shares = {k: n / total for k, n in Counter(exits.values_list("outcome", flat=True)).items()}
    assert total > 150
    assert 0.2 <= shares[ExitOutcome.ORDINARY_EMPLOYMENT] <= 0.4
    assert 0.04 <= shares[ExitOutcome.ORDINARY_EDUCATION] <= 0.18
    assert 0.04 <= shares[ExitOutcome.DROPOUT] <= 0.18
    assert len(shares) >= 9
    assert not exits.filter(outcome__in=EMPLOYMENT_OUTCOMES, hours_per_week__isnull=True).exists()
    assert not exits.exclude(outcome__in=EMPLOYMENT_OUTCOMES).exclude(hours_per_week__isnull=True).exists()
    followups = FollowUp.objects.filter(exit__in=exits)
    assert followups.count() == 3 * total
    due = followups.filter(due__lte=REFERENCE_DATE)
    assert due.exclude(status="").count() >= 0.8 * due.count() > 0
    assert not followups.filter(due__gt=REFERENCE_DATE).exclude(status="").exists()


def test_status_reports_are_on_time_late_and_some_unacknowledged(seeded):
    reports = StatusReport.objects.filter(
        enrolment__citizen__municipality__code=KOLDING, checkpoint_due__isnull=False
    ).select_related("checkpoint_due")
    late = [r for r in reports if r.submitted_at.date() > r.checkpoint_due.due]
    assert 0.05 * len(reports) < len(late) < 0.4 * len(reports)
    assert StatusReport.objects.filter(
        enrolment__citizen__municipality__code=KOLDING, acknowledged_at__isnull=True
    ).exists()
    assert not CheckpointDue.objects.filter(reports__isnull=False, done_at__isnull=True).exists()


def test_every_checkpoint_due_date_is_what_the_rules_compute(seeded):
    rows = CheckpointDue.objects.select_related("enrolment", "checkpoint").prefetch_related(
        "enrolment__pauses"
    )
    assert rows.count() > 150  # the kitchen (four checkpoints each) runs about 24 courses a year
    for row in rows:
        pauses = [rules.Pause(p.start, p.end) for p in row.enrolment.pauses.all()]
        expected = rules.checkpoint_due(row.enrolment.start_date, row.checkpoint.due_week, pauses)
        assert row.due == expected, (row.enrolment_id, row.checkpoint.due_week)
    assert CheckpointDue.objects.filter(enrolment__pauses__isnull=False).exists()


def test_cpr_numbers_are_valid_encrypted_and_searchable(seeded):
    for citizen in Citizen.objects.all():
        digits = citizen.cpr_plain()
        assert clean_cpr(digits, today=REFERENCE_DATE) == digits
        assert citizen.cpr_index == blind_index(digits)
        assert digits.encode() not in bytes(citizen.cpr_encrypted)
    assert Citizen.objects.values("cpr_index").distinct().count() == Citizen.objects.count()


def test_every_status_code_is_valid_on_its_date(seeded):
    statuses = CitizenStatus.objects.select_related("benefit", "target_group", "readiness")
    assert statuses.count() >= 300
    for status in statuses:
        for code in (status.benefit, status.target_group, status.readiness):
            assert code.valid_on(status.valid_from), (code.code, status.valid_from)
    assert statuses.filter(valid_from=datetime.date(2025, 7, 1), benefit__code="kontanthjaelp-2025").exists()


def test_reseeding_gives_the_same_names_and_outcomes(seeded):
    def snapshot():
        return (
            list(Citizen.objects.order_by("public_id").values_list("public_id", "name")),
            list(
                Exit.objects.order_by("enrolment__public_id").values_list(
                    "enrolment__public_id", "outcome", "exit_date"
                )
            ),
        )

    first = snapshot()
    seed_demo()
    assert snapshot() == first


def test_demo_users_have_their_part(seeded, client_for):
    caseworker = User.objects.get(username="sagsbehandler")
    kolding = Citizen.objects.filter(municipality__code=KOLDING)
    assert kolding.filter(caseworker=caseworker).count() > 0.7 * kolding.count()
    runs = set(
        Membership.objects.filter(user__username="leverandoer").values_list("organisation_id", flat=True)
    )
    assert (
        set(
            Programme.objects.filter(provider__municipality__code=KOLDING).values_list(
                "provider_id", flat=True
            )
        )
        <= runs
    )
    company = Membership.objects.get(user__username="virksomhed").organisation
    assert Placement.objects.filter(company=company).count() >= 5
    # Aarhus' caseworker sees Aarhus' open cases only.
    response = client_for(User.objects.get(username="aarhus-sagsbehandler")).get(reverse("pathways:caseload"))
    names = {c.name for c in response.context["page"].object_list}
    assert names and names <= set(
        Citizen.objects.filter(municipality__code=AARHUS).values_list("name", flat=True)
    )
