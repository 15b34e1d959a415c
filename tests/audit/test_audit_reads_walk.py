"""Every page and API operation that shows a citizen's personal data writes an audit row, and
a refused id (another municipality's) writes a DENIED row. The walk finds the pages itself:
every GET route of the URL configuration and every GET operation of the API, filled with ids of
one citizen whose name and free text are unique words; a response that shows any of them must
have written an audit row for the user who asked."""

import datetime
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.roles import Role
from audit.models import AuditAction, AuditEvent
from core.calendar import iso_week_label
from pathways.services_running import goal_add, status_report_submit
from pathways.testing import enrol, week

pytestmark = pytest.mark.django_db

MARKS = ["Walkerborger", "Walkerfravær", "Walkerstatus", "Walkermål"]
START = datetime.date(2026, 1, 5)


@pytest.fixture
def walked(world):
    caseworker, provider = world.users[Role.CASEWORKER], world.users[Role.PROVIDER]
    enrolment = enrol(
        caseworker=caseworker, municipality=world.kolding, provider=world.provider, name="Ane Walkerborger",
        start=START,
    )  # fmt: skip
    week(enrolment, START, attended=10, unexcused=15, reason="Walkerfravær")
    report = status_report_submit(by=provider, enrolment=enrolment, body="Walkerstatus")
    goal = goal_add(by=provider, enrolment=enrolment, description="Walkermål", agreed_on=START)
    team = enrolment.team
    ids = {
        "borgere": enrolment.citizen.public_id,
        "visitationer": enrolment.referral.public_id,
        "indskrivninger": enrolment.public_id,
        "programmer": enrolment.referral.programme.public_id,
        "statusrapporter": report.public_id,
        "citizens": enrolment.citizen.public_id,
        "referrals": enrolment.referral.public_id,
        "enrolments": enrolment.public_id,
        "programmes": enrolment.referral.programme.public_id,
        "status-reports": report.public_id,
        "teams": team.public_id,
    }
    return {"ids": ids, "team": team, "goal": goal, "users": [caseworker, provider]}


def routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("api/"):
                continue  # the API is walked through its own schema below
            yield from routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def fill(route: str, walked) -> str | None:
    """The route with its converters filled from the walked citizen; None when unknown."""
    parts, previous = [], ""
    for piece in route.strip("^$").split("/"):
        if piece.startswith("<"):
            kind, _sep, name = piece.strip("<>").partition(":")
            name = name or kind
            if name == "team_public_id" or (name == "public_id" and previous == "hold"):
                value = walked["team"].public_id
            elif name == "public_id":
                value = walked["ids"].get(previous)
            elif name == "iso_week":
                value = iso_week_label(START)
            elif name == "goal_id":
                value = walked["goal"].pk
            elif name == "weeks":
                value = 13
            elif name == "fmt":
                value = "csv"
            else:
                return None
            if value is None:
                return None
            piece = str(value)
        elif "<" in piece:  # e.g. eksport.<str:fmt>
            piece = piece.replace("<str:fmt>", "csv")
        parts.append(piece)
        previous = piece
    return "/" + "/".join(parts)


def shows_personal_data(response) -> bool:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode("utf-8", errors="replace")
    return any(mark in body for mark in MARKS)


def test_every_page_that_shows_a_citizen_writes_an_audit_row(world, walked, client_for):
    unaudited, seen = [], 0
    for user in walked["users"]:
        client = client_for(user)
        for route in sorted(set(routes())):
            url = fill(route, walked)
            if url is None:
                continue
            before = AuditEvent.objects.filter(actor=user).count()
            response = client.get(url)
            if response.status_code != 200 or not shows_personal_data(response):
                continue
            seen += 1
            if AuditEvent.objects.filter(actor=user).count() == before:
                unaudited.append((user.username, url))
    assert seen >= 8, "the walk should reach the citizen's pages"
    assert unaudited == [], "\n".join(f"{u} {url}" for u, url in unaudited)


def test_every_api_operation_that_shows_a_citizen_writes_an_audit_row(world, walked, api_for):
    unaudited, seen = [], 0
    for user in walked["users"]:
        client = api_for(user)
        schema = client.get("/api/v1/openapi.json").json()
        for path, operations in schema["paths"].items():
            if "get" not in operations:
                continue
            url = path
            for segment in path.split("/"):
                if segment.startswith("{"):
                    collection = path.split("/")[path.split("/").index(segment) - 1]
                    value = walked["ids"].get(collection)
                    url = url.replace(segment, str(value)) if value else url
            if "{" in url:
                continue
            before = AuditEvent.objects.filter(actor=user).count()
            response = client.get(url)
            if response.status_code != 200 or not shows_personal_data(response):
                continue
            seen += 1
            if AuditEvent.objects.filter(actor=user).count() == before:
                unaudited.append((user.username, url))
    assert seen >= 3
    assert unaudited == [], "\n".join(f"{u} {url}" for u, url in unaudited)


def test_another_municipalitys_citizen_is_refused_and_the_refusal_is_logged(world, walked, client_for):
    outsider = world.outsiders[Role.CASEWORKER]
    url = f"/forloeb/borgere/{walked['ids']['borgere']}/"
    assert client_for(outsider).get(url).status_code == 404
    denied = AuditEvent.objects.get(actor=outsider, action=AuditAction.DENIED)
    assert denied.object_id == str(walked["ids"]["borgere"]) and denied.changes["status"] == 404
    assert client_for(outsider).get(f"/forloeb/borgere/{uuid.uuid4()}/").status_code == 404
    assert AuditEvent.objects.filter(actor=outsider, action=AuditAction.DENIED).count() == 2


def test_an_api_refusal_of_another_municipalitys_id_is_logged(world, walked, api_for):
    outsider = world.outsiders[Role.CASEWORKER]
    referral = walked["ids"]["referrals"]
    assert api_for(outsider).get(f"/api/v1/referrals/{referral}").status_code == 404
    denied = AuditEvent.objects.get(actor=outsider, action=AuditAction.DENIED)
    assert denied.object_id == str(referral) and denied.changes == {"status": 404}


def test_a_page_refusal_is_logged_once(world, walked, client_for):
    outsider = world.outsiders[Role.CASEWORKER]
    client_for(outsider).get(f"/forloeb/borgere/{walked['ids']['borgere']}/")
    assert AuditEvent.objects.filter(actor=outsider, action=AuditAction.DENIED).count() == 1
