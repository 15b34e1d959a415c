"""The team week grid over HTTP: who may open it, what it prefills, that one POST saves the whole
week or nothing, one audit row, and a constant number of queries for load and save."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import make_user
from audit.models import AuditEvent
from pathways.models import AttendanceWeek
from pathways.services import enrolment_pause
from pathways.testing import enrol, enrol_many, programme_with_team, record_exit, week, weeks_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_world(world):
    _programme, team = programme_with_team(provider=world.provider)
    caseworker = world.users[Role.CASEWORKER]
    enrolments = enrol_many(3, team=team, caseworker=caseworker, municipality=world.kolding)
    return world, team, enrolments


def url(team, monday: datetime.date) -> str:
    return reverse("pathways:team_week", args=[team.public_id, f"{monday:%G-W%V}"])


def post_data(rows: list[dict]) -> dict:
    data = {"rows-total": str(len(rows))}
    for i, row in enumerate(rows):
        data.update({f"rows-{i}-{k}": v for k, v in row.items()})
    return data


def full_row(enrolment, attended="25", excused="0", unexcused="0", reason="", planned="25") -> dict:
    return {
        "enrolment": str(enrolment.public_id), "planned_hours": planned, "attended_hours": attended,
        "excused_hours": excused, "unexcused_hours": unexcused, "absence_reason": reason,
    }  # fmt: skip


def test_the_provider_running_the_programme_sees_every_participant_with_planned_hours(team_world, client_for):
    world, team, enrolments = team_world
    response = client_for(world.users[Role.PROVIDER]).get(url(team, weeks_ago(1)))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert {r["row"].enrolment.pk for r in rows} == {e.pk for e in enrolments}
    # kokkeskole's single phase plans 25 hours a week; nothing is recorded yet
    assert all(r["values"]["planned_hours"] == "25" and r["values"]["attended_hours"] == "" for r in rows)


def test_recorded_weeks_prefill_the_grid(team_world, client_for):
    world, team, enrolments = team_world
    week(enrolments[0], weeks_ago(1), planned=20, attended=12.5, excused=7.5)
    rows = client_for(world.users[Role.PROVIDER]).get(url(team, weeks_ago(1))).context["rows"]
    row = next(r for r in rows if r["row"].enrolment.pk == enrolments[0].pk)
    assert (row["values"]["planned_hours"], row["values"]["attended_hours"], row["values"]["excused_hours"]) == (
        "20", "12,5", "7,5",
    )  # fmt: skip


def test_the_grid_includes_paused_and_later_exited_but_not_earlier_exited_participants(team_world, client_for):
    world, team, enrolments = team_world
    monday = weeks_ago(2)
    enrolment_pause(by=None, enrolment=enrolments[0], start=monday)
    record_exit(enrolments[1], on=monday + datetime.timedelta(days=2))  # exited during the week
    record_exit(enrolments[2], on=monday - datetime.timedelta(days=1))  # exited the Sunday before
    later = enrol(team=team, caseworker=world.users[Role.CASEWORKER], municipality=world.kolding, start=weeks_ago(1))
    rows = client_for(world.users[Role.PROVIDER]).get(url(team, monday)).context["rows"]
    assert {r["row"].enrolment.pk for r in rows} == {enrolments[0].pk, enrolments[1].pk}
    assert later.pk not in {r["row"].enrolment.pk for r in rows}  # started after the week


@pytest.mark.parametrize("who", ["caseworker", "company", "analyst", "aarhus_provider", "nobody"])
def test_everybody_but_the_running_provider_gets_404(team_world, client_for, who):
    world, team, _e = team_world
    user = {
        "aarhus_provider": world.outsiders[Role.PROVIDER], "nobody": world.nobody,
    }.get(who) or world.users[who]  # fmt: skip
    assert client_for(user).get(url(team, weeks_ago(1))).status_code == 404
    assert client_for(user).post(url(team, weeks_ago(1)), {}).status_code == 404


def test_another_provider_of_the_same_municipality_gets_404(team_world, client_for):
    world, team, _e = team_world
    other = make_user("other_provider", organisation=world.social_enterprise, role=Role.PROVIDER)
    assert client_for(other).get(url(team, weeks_ago(1))).status_code == 404


def test_an_invalid_week_is_404_and_a_lowercase_week_redirects(team_world, client_for):
    world, team, _e = team_world
    client = client_for(world.users[Role.PROVIDER])
    base = reverse("pathways:team_week", args=[team.public_id, "2026-W53"])  # 2026 has 53 weeks
    assert client.get(base).status_code in (200, 302)
    assert client.get(base.replace("2026-W53", "2025-W53")).status_code == 404
    assert client.get(base.replace("2026-W53", "uge-48")).status_code == 404
    monday = weeks_ago(1)
    response = client.get(url(team, monday).replace("-W", "-w"))
    assert response.status_code == 302 and response.url == url(team, monday)


def test_one_post_saves_the_whole_week_with_one_audit_row(team_world, client_for):
    world, team, enrolments = team_world
    monday = weeks_ago(1)
    rows = [
        full_row(enrolments[0]),
        full_row(enrolments[1], attended="10", excused="15", reason="Syg"),
        full_row(enrolments[2], attended="0", unexcused="25", reason="Udeblevet"),
    ]
    client = client_for(world.users[Role.PROVIDER])  # logging in is audited too
    before = AuditEvent.objects.count()
    response = client.post(url(team, monday), post_data(rows))
    assert response.status_code == 302
    saved = {a.enrolment_id: a for a in AttendanceWeek.objects.filter(week=monday)}
    assert saved[enrolments[1].pk].excused_hours == Decimal(15)
    assert saved[enrolments[2].pk].unexcused_hours == Decimal(25)
    assert saved[enrolments[2].pk].updated_by == world.users[Role.PROVIDER]
    assert AuditEvent.objects.count() == before + 1
    audit = AuditEvent.objects.latest("pk")
    assert audit.event == "pathways.attendance.save_week"
    assert sorted(audit.changes["enrolments"]) == sorted(str(e.public_id) for e in enrolments)
    assert audit.municipality_id == world.kolding.pk


def test_saving_again_updates_only_changed_rows(team_world, client_for):
    world, team, enrolments = team_world
    monday = weeks_ago(1)
    client = client_for(world.users[Role.PROVIDER])
    client.post(url(team, monday), post_data([full_row(e) for e in enrolments]))
    rows = [full_row(e) for e in enrolments]
    rows[1] = full_row(enrolments[1], attended="20", excused="5")
    client.post(url(team, monday), post_data(rows))
    assert AttendanceWeek.objects.filter(week=monday).count() == 3
    assert AttendanceWeek.objects.get(enrolment=enrolments[1], week=monday).attended_hours == 20
    audit = AuditEvent.objects.filter(event="pathways.attendance.save_week").latest("pk")
    assert audit.changes["enrolments"] == [str(enrolments[1].public_id)]
    assert (audit.changes["created"], audit.changes["updated"]) == (0, 1)


def test_blank_rows_are_skipped(team_world, client_for):
    world, team, enrolments = team_world
    monday = weeks_ago(1)
    rows = [full_row(enrolments[0]), full_row(enrolments[1], attended="", excused="", unexcused="")]
    client_for(world.users[Role.PROVIDER]).post(url(team, monday), post_data(rows))
    assert list(AttendanceWeek.objects.values_list("enrolment_id", flat=True)) == [enrolments[0].pk]


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"attended_hours": "-1"}, "attended_hours"),
        ({"attended_hours": "abc"}, "attended_hours"),
        ({"planned_hours": "81"}, "planned_hours"),
        ({"attended_hours": "50", "excused_hours": "31"}, "attended_hours"),
        ({"attended_hours": "0", "unexcused_hours": "5", "absence_reason": ""}, "absence_reason"),
        ({"attended_hours": "1.234"}, "attended_hours"),
    ],
)
def test_an_invalid_row_is_named_and_nothing_is_written(team_world, client_for, bad, field):
    world, team, enrolments = team_world
    monday = weeks_ago(1)
    rows = [full_row(e) for e in enrolments]
    rows[2] = {**rows[2], **bad}
    client = client_for(world.users[Role.PROVIDER])
    before = AuditEvent.objects.count()
    response = client.post(url(team, monday), post_data(rows))
    assert response.status_code == 422
    assert not AttendanceWeek.objects.exists()
    assert AuditEvent.objects.count() == before
    row = next(r for r in response.context["rows"] if r["row"].enrolment.pk == enrolments[2].pk)
    assert list(row["errors"]) == [field]
    assert enrolments[2].citizen.name in row["errors"][field]
    page = response.content.decode()
    assert f'href="#rows-{row["i"]}-{field}"' in page and 'aria-invalid="true"' in page
    # what was typed is shown again, not the stored values
    assert row["values"] == rows[2]


def test_a_participant_of_another_team_is_refused(team_world, client_for):
    world, team, enrolments = team_world
    _p, other_team = programme_with_team(provider=world.provider)
    stranger = enrol(team=other_team, caseworker=world.users[Role.CASEWORKER], municipality=world.kolding)
    rows = [full_row(enrolments[0]), full_row(stranger)]
    response = client_for(world.users[Role.PROVIDER]).post(url(team, weeks_ago(1)), post_data(rows))
    assert response.status_code == 422
    assert not AttendanceWeek.objects.exists()


def test_a_future_week_cannot_be_saved(team_world, client_for):
    world, team, enrolments = team_world
    future = weeks_ago(-1)
    client = client_for(world.users[Role.PROVIDER])
    page = client.get(url(team, future))
    assert page.status_code == 200 and page.context["editable"] is False
    assert client.post(url(team, future), post_data([full_row(enrolments[0])])).status_code == 422
    assert not AttendanceWeek.objects.exists()


def test_the_grid_links_to_the_previous_week_and_not_past_the_current_one(team_world, client_for):
    world, team, _e = team_world
    context = client_for(world.users[Role.PROVIDER]).get(url(team, weeks_ago(0))).context
    assert context["previous"] == f"{weeks_ago(1):%G-W%V}" and context["next"] is None
    context = client_for(world.users[Role.PROVIDER]).get(url(team, weeks_ago(2))).context
    assert context["next"] == f"{weeks_ago(1):%G-W%V}"


def test_the_grid_names_weeks_the_danish_way_not_by_their_url_code(team_world, client_for):
    world, team, _e = team_world
    monday = datetime.date(2026, 11, 23)  # ISO week 2026-W48
    html = client_for(world.users[Role.PROVIDER]).get(url(team, monday)).content.decode()
    h1 = html[html.index("<h1>") : html.index("</h1>")]
    assert "uge 48, 2026" in h1 and "W48" not in h1
    assert "(uge 47, 2026)" in html  # the link to the previous week


def _queries(client, method, path, data=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(path, data) if data is not None else getattr(client, method)(path)
    assert response.status_code in (200, 302)
    return len(ctx.captured_queries)


def test_load_and_save_run_a_constant_number_of_queries(world, client_for):
    caseworker, provider = world.users[Role.CASEWORKER], world.users[Role.PROVIDER]
    counts = {}
    for size in (2, 12):
        _p, team = programme_with_team(provider=world.provider)
        enrolments = enrol_many(size, team=team, caseworker=caseworker, municipality=world.kolding)
        for e in enrolments[: size // 2]:
            week(e, weeks_ago(1))  # some rows exist (update), others are new (insert)
        enrolment_pause(by=None, enrolment=enrolments[-1], start=weeks_ago(3))
        client = client_for(provider)
        rows = [full_row(e, attended="20", excused="5", reason="Læge") for e in enrolments[:-1]]
        rows.append(full_row(enrolments[-1], attended="", excused="", planned=""))  # paused all week: nothing
        counts[size] = (
            _queries(client, "get", url(team, weeks_ago(1))),
            _queries(client, "post", url(team, weeks_ago(1)), post_data(rows)),
        )
        assert AttendanceWeek.objects.filter(enrolment__team=team, week=weeks_ago(1), attended_hours=20).count() == size - 1
    assert counts[2] == counts[12], counts
