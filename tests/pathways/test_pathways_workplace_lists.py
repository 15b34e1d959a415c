"""The caseload sorts by its columns; status reports are acknowledged several at once; the week
grid plans nothing for a participant paused all week, so "all attended as planned" records no
hours for them; a programme states its target groups and a referral outside them needs a
justification."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from core.calendar import iso_week_label
from pathways import services
from pathways.models import AttendanceWeek, CodeList, CodeListKind, StatusReport
from pathways.selectors_attendance import team_week_grid
from pathways.services import enrolment_pause
from pathways.services_attendance import attendance_save_week
from pathways.testing import enrol, make_citizen, make_programme, programme_with_team, refer, this_monday

pytestmark = pytest.mark.django_db


def caseload_names(client, **params) -> list[str]:
    return [c.name for c in client.get(reverse("pathways:caseload"), params).context["page"].object_list]


def test_the_caseload_sorts_by_name_caseworker_and_start_both_ways(world, client_for):
    cw = world.users[Role.CASEWORKER]
    programme, team = programme_with_team(provider=world.provider)
    starts = {"Bo": 3, "Ane": 1, "Carl": 2}
    for name, weeks in starts.items():
        enrol(caseworker=cw, municipality=world.kolding, name=name, programme=programme, team=team,
              start=team.start_date + datetime.timedelta(weeks=weeks))  # fmt: skip
    client = client_for(cw)
    assert caseload_names(client) == ["Ane", "Bo", "Carl"]
    assert caseload_names(client, sort="-name") == ["Carl", "Bo", "Ane"]
    assert caseload_names(client, sort="start") == ["Ane", "Carl", "Bo"]
    assert caseload_names(client, sort="-start") == ["Bo", "Carl", "Ane"]
    assert caseload_names(client, sort="nonsense") == ["Ane", "Bo", "Carl"]
    html = client.get(reverse("pathways:caseload"), {"sort": "start"}).content.decode()
    assert 'aria-sort="ascending"' in html


def reports(world, n):
    cw, provider = world.users[Role.CASEWORKER], world.users[Role.PROVIDER]
    programme, team = programme_with_team(provider=world.provider)
    result = []
    for _ in range(n):
        e = enrol(caseworker=cw, municipality=world.kolding, programme=programme, team=team)
        result.append(StatusReport.objects.create(enrolment=e, body="Status", written_by=provider, submitted_at=timezone.now()))
    return result


def test_several_status_reports_are_acknowledged_at_once_each_audited(world, client_for):
    chosen, other = reports(world, 3)[:2], None
    client = client_for(world.users[Role.CASEWORKER])
    response = client.post(reverse("pathways:status_reports_acknowledge"), {"reports": [str(r.public_id) for r in chosen]})
    assert response.status_code == 302
    assert StatusReport.objects.filter(acknowledged_at__isnull=False).count() == 2
    assert AuditEvent.objects.filter(event="pathways.status_report.acknowledge").count() == 2
    assert other is None


def test_bulk_acknowledge_refuses_reports_outside_the_users_list(world, client_for):
    (report,) = reports(world, 1)
    response = client_for(world.outsiders[Role.CASEWORKER]).post(
        reverse("pathways:status_reports_acknowledge"), {"reports": [str(report.public_id)]}
    )
    assert response.status_code == 404
    assert client_for(world.users[Role.PROVIDER]).post(
        reverse("pathways:status_reports_acknowledge"), {"reports": [str(report.public_id)]}
    ).status_code == 404
    assert not StatusReport.objects.filter(acknowledged_at__isnull=False).exists()


def test_the_report_list_costs_the_same_queries_for_more_reports(world, client_for):
    client = client_for(world.users[Role.CASEWORKER])
    reports(world, 2)
    client.get(reverse("pathways:status_reports"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("pathways:status_reports"))
    reports(world, 5)
    with CaptureQueriesContext(connection) as large:
        html = client.get(reverse("pathways:status_reports")).content.decode()
    assert len(small.captured_queries) == len(large.captured_queries)
    assert html.count('name="reports"') == 7


def test_all_attended_as_planned_records_nothing_for_a_participant_paused_all_week(world):
    cw, provider = world.users[Role.CASEWORKER], world.users[Role.PROVIDER]
    programme, team = programme_with_team(provider=world.provider)
    active = enrol(caseworker=cw, municipality=world.kolding, programme=programme, team=team, name="Aktiv")
    paused = enrol(caseworker=cw, municipality=world.kolding, programme=programme, team=team, name="Pause")
    enrolment_pause(by=cw, enrolment=paused, start=this_monday() - datetime.timedelta(weeks=1))
    monday = this_monday()
    grid = {row.enrolment.pk: row for row in team_week_grid(team, monday)}
    assert grid[paused.pk].planned_hours is None and grid[paused.pk].paused
    assert grid[active.pk].planned_hours == 25
    # what the "all attended as planned" button fills in: planned into attended, zero absence
    rows = [
        {"enrolment": str(e.public_id), "planned_hours": str(grid[e.pk].planned_hours or ""),
         "attended_hours": str(grid[e.pk].planned_hours or ""), "excused_hours": "0", "unexcused_hours": "0"}
        for e in (active, paused)
    ]  # fmt: skip
    attendance_save_week(by=provider, team=team, week=monday, rows=rows)
    assert list(AttendanceWeek.objects.values_list("enrolment_id", flat=True)) == [active.pk]
    with pytest.raises(ValidationError) as error:
        attendance_save_week(by=provider, team=team, week=monday, rows=[rows[0], rows[1] | {"attended_hours": "20"}])
    assert "rows.1.attended_hours" in error.value.message_dict
    assert iso_week_label(monday)  # the grid page's URL key exists for this week


def test_a_referral_outside_the_programmes_target_groups_needs_a_justification(world):
    cw = world.users[Role.CASEWORKER]
    today = timezone.localdate()
    groups = list(CodeList.objects.of(CodeListKind.TARGET_GROUP).valid_on(today)[:2])
    programme = make_programme(provider=world.provider)
    programme.target_groups.set([groups[0]])
    inside = make_citizen(municipality=world.kolding, by=cw)
    services.citizen_status_add(by=cw, citizen=inside, valid_from=today, target_group=groups[0])
    outside = make_citizen(municipality=world.kolding, by=cw)
    services.citizen_status_add(by=cw, citizen=outside, valid_from=today, target_group=groups[1])
    assert refer(citizen=inside, programme=programme, by=cw).justification == ""
    with pytest.raises(ValidationError) as error:
        refer(citizen=outside, programme=programme, by=cw)
    assert "justification" in error.value.message_dict
    referral = services.referral_create(by=cw, citizen=outside, programme=programme, justification="Motiveret, tæt på målgruppen")
    assert referral.justification == "Motiveret, tæt på målgruppen"


def test_the_referral_page_names_the_justification_field(world, client_for):
    cw = world.users[Role.CASEWORKER]
    today = timezone.localdate()
    readiness = CodeList.objects.of(CodeListKind.READINESS).valid_on(today).first()
    programme = make_programme(provider=world.provider)
    programme.readiness.set([readiness])
    citizen = make_citizen(municipality=world.kolding, by=cw, caseworker=cw)
    url = reverse("pathways:referral_create", args=[citizen.public_id])
    response = client_for(cw).post(url, {"programme": programme.pk, "wished_start": "", "note": "", "justification": ""})
    assert response.status_code == 200 and "justification" in response.context["form"].errors
    response = client_for(cw).post(url, {"programme": programme.pk, "wished_start": "", "note": "", "justification": "Fordi"})
    assert response.status_code == 302
