"""Provider registrations: errors name the field or the week, nothing is half-written, audit
rows are written, and lists run a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from agreements.models import NetworkMeeting, ServiceKind, WeeklyRegistration, YouthUser
from agreements.testing import agreement, service
from audit.models import AuditEvent


@pytest.fixture
def setup(world, client_for):
    a = agreement(
        world.kolding, world.provider, start=datetime.date(2025, 1, 1), end=datetime.date(2026, 12, 31)
    )
    return {
        "client": client_for(world.users[Role.PROVIDER]),
        "meeting": service(a, ServiceKind.MEETING_PLACE),
        "network": service(a, ServiceKind.NETWORK),
        "youth": service(a, ServiceKind.YOUTH_HOST),
    }


@pytest.mark.django_db
def test_weekly_grid_saves_and_names_the_bad_week(setup):
    s, client = setup["meeting"], setup["client"]
    url = f"/rammeaftaler/ydelser/{s.public_id}/uger/?start=2026-01-05&end=2026-01-18"
    ok = {
        "w20260105-staffed_hours": "49",
        "w20260105-visits": "420",
        "w20260112-staffed_hours": "",
        "w20260112-visits": "",
    }
    assert client.post(url, ok).status_code == 302
    assert list(
        WeeklyRegistration.objects.filter(service=s).values_list("week", "staffed_hours", "visits")
    ) == [(datetime.date(2026, 1, 5), 49, 420)]
    bad = {**ok, "w20260105-staffed_hours": "50", "w20260112-staffed_hours": "200", "w20260112-visits": "-3"}
    response = client.post(url, bad)
    assert response.status_code == 200
    text = " ".join(response.context["errors"])
    assert "Uge 3 (12-01-2026)" in text and "Bemandede timer" in text and "Besøg" in text
    # nothing half-written: week 2's valid change was not saved either
    assert WeeklyRegistration.objects.get(service=s).staffed_hours == 49
    assert AuditEvent.objects.filter(event="agreements.weeks.save").count() == 1


@pytest.mark.django_db
def test_week_outside_agreement_is_refused_by_week(setup):
    s, client = setup["meeting"], setup["client"]
    url = f"/rammeaftaler/ydelser/{s.public_id}/uger/?start=2027-01-04&end=2027-01-10"
    response = client.post(url, {"w20270104-staffed_hours": "10", "w20270104-visits": "1"})
    assert "Uge 1 (04-01-2027): ugen ligger uden for rammeaftalens periode." in response.context["errors"]
    assert not WeeklyRegistration.objects.exists()


@pytest.mark.django_db
def test_meeting_with_negative_attendance_names_the_field(setup):
    s, client = setup["network"], setup["client"]
    response = client.post(
        f"/rammeaftaler/ydelser/{s.public_id}/moeder/",
        {"date": "2026-02-02", "activity": "job_workshop", "attendance": "-1"},
    )
    assert response.status_code == 200
    assert "attendance" in response.context["form"].errors
    assert not NetworkMeeting.objects.exists()


@pytest.mark.django_db
def test_youth_user_reduced_support_needs_date_and_hours(setup):
    s, client = setup["youth"], setup["client"]
    data = {"label": "Mikkel", "registered": "2026-01-10", "referral": "social_psychiatry", "income": "su",
            "home_support": "reduced"}  # fmt: skip
    response = client.post(f"/rammeaftaler/ydelser/{s.public_id}/unge/", data)
    errors = response.context["form"].errors
    assert set(errors) == {"home_support_changed", "home_support_reduced_hours"}
    assert not YouthUser.objects.exists()
    data |= {"home_support_changed": "2026-03-01", "home_support_reduced_hours": "3"}
    assert client.post(f"/rammeaftaler/ydelser/{s.public_id}/unge/", data).status_code == 302
    user = YouthUser.objects.get()
    assert AuditEvent.objects.filter(event="agreements.youthuser.create", object_id=str(user.pk)).exists()
    # edit by UUID; a malformed key is a 404, not an error
    assert client.get(f"/rammeaftaler/ydelser/{s.public_id}/unge/{user.public_id}/").status_code == 200
    assert client.get(f"/rammeaftaler/ydelser/{s.public_id}/unge/not-a-uuid/").status_code == 404


@pytest.mark.django_db
def test_registration_of_wrong_kind_is_404(setup):
    s, client = setup["meeting"], setup["client"]
    assert client.get(f"/rammeaftaler/ydelser/{s.public_id}/moeder/").status_code == 404
    assert client.get(f"/rammeaftaler/ydelser/{s.public_id}/hyppighed/").status_code == 404


@pytest.mark.django_db
def test_duplicate_meeting_is_a_clear_error(setup):
    s, client = setup["network"], setup["client"]
    data = {"date": "2026-02-02", "activity": "job_workshop", "attendance": "8"}
    url = f"/rammeaftaler/ydelser/{s.public_id}/moeder/"
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_lists_run_constant_queries(setup, world, client_for):
    s = setup["network"]
    client = setup["client"]
    url = f"/rammeaftaler/ydelser/{s.public_id}/moeder/"
    NetworkMeeting.objects.create(service=s, date=datetime.date(2026, 1, 5), activity="cv", attendance=3)
    small = _count(client, url)
    NetworkMeeting.objects.bulk_create(
        NetworkMeeting(
            service=s,
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=i),
            activity="other",
            attendance=i,
        )
        for i in range(40)
    )
    assert _count(client, url) == small
    procurement = client_for(world.users[Role.PROCUREMENT])
    small = _count(procurement, "/rammeaftaler/")
    for i in range(15):
        a = agreement(world.kolding, world.provider, name=f"Aftale {i}")
        service(a, ServiceKind.NETWORK)
    assert _count(procurement, "/rammeaftaler/") == small
    weeks_url = f"/rammeaftaler/ydelser/{setup['meeting'].public_id}/uger/?start=2026-01-05&end=2026-01-11"
    small = _count(client, weeks_url)
    assert (
        _count(
            client,
            f"/rammeaftaler/ydelser/{setup['meeting'].public_id}/uger/?start=2026-01-05&end=2026-06-28",
        )
        == small
    )
