"""Statistics for analysts: aggregates compared with plain SQL, pseudonymised rows without
names, CPR or free text, and analysts still see no citizen."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.urls import reverse

from accounts.roles import ROLE_PERMISSIONS, Perm, Role
from audit.models import AuditEvent
from pathways.models import Citizen
from pathways.stats import pseudonym
from pathways.testing import SECRET, UNANSWERED, enrol, history, make_citizen, make_programme, record_exit

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
PERIOD = {"start": START.isoformat(), "end": END.isoformat()}


@pytest.fixture
def data(world):
    caseworker, provider = world.users[Role.CASEWORKER], world.users[Role.PROVIDER]
    programme = make_programme(provider=world.provider, capacity=None)
    people = [
        ("female", True, False, "ordinary_employment"),
        ("female", False, True, "dropout"),
        ("male", True, None, "ordinary_employment"),
        ("male", None, True, None),
        ("", True, True, None),
    ]
    for i, (gender, danish, insured, outcome) in enumerate(people):
        citizen = make_citizen(
            municipality=world.kolding, by=caseworker, name=f"Person Nr{i}", cpr=f"01028{i}1234",
            gender=gender, ethnic_danish_background=danish, insured=insured,
        )  # fmt: skip
        enrolment = enrol(citizen=citizen, programme=programme, caseworker=caseworker, accepted_by=provider)
        history(enrolment, by=provider, weeks=i + 1)
        if outcome:
            record_exit(enrolment, outcome=outcome, on=datetime.date(2026, 5, 1), note=SECRET, followups=UNANSWERED)
    # Aarhus data the Kolding analyst must not count.
    aarhus_programme = make_programme(provider=world.aarhus_company, capacity=None)
    outsider = make_citizen(municipality=world.aarhus, by=world.outsiders[Role.CASEWORKER], gender="female")
    enrol(citizen=outsider, programme=aarhus_programme, caseworker=world.outsiders[Role.CASEWORKER],
          accepted_by=world.outsiders[Role.PROVIDER])  # fmt: skip
    return programme


def sql(query: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


KOLDING = """FROM pathways_enrolment e JOIN pathways_citizen c ON c.id = e.citizen_id
             JOIN tenants_municipality m ON m.id = c.municipality_id WHERE m.code = '0621'"""


def test_the_aggregates_match_plain_sql(world, data, client_for):
    response = client_for(world.users[Role.ANALYST]).get(reverse("pathways:stats"), PERIOD)
    assert response.status_code == 200
    [row] = response.context["rows"]
    [(participants, women, men, danish, insured)] = sql(
        "SELECT count(DISTINCT c.id), count(DISTINCT c.id) FILTER (WHERE c.gender = 'female'), "
        "count(DISTINCT c.id) FILTER (WHERE c.gender = 'male'), "
        "count(DISTINCT c.id) FILTER (WHERE c.ethnic_danish_background), count(DISTINCT c.id) FILTER (WHERE c.insured) "
        + KOLDING
    )
    assert (row["participants"], row["women"], row["men"], row["danish"], row["insured"]) == (
        participants, women, men, danish, insured,
    )  # fmt: skip
    assert row["unknown_gender"] == 1
    [(starts,)] = sql(f"SELECT count(*) {KOLDING} AND e.start_date BETWEEN %s AND %s", [START, END])
    assert row["starts"] == starts
    outcomes = dict(sql(f"SELECT x.outcome, count(*) {KOLDING.replace('WHERE', 'JOIN pathways_exit x ON x.enrolment_id = e.id WHERE')} GROUP BY 1"))
    assert row["outcomes"] == outcomes and row["exits"] == sum(outcomes.values())
    [(attended, absent)] = sql(
        f"SELECT sum(a.attended_hours), sum(a.excused_hours + a.unexcused_hours) "
        f"{KOLDING.replace('WHERE', 'JOIN pathways_attendanceweek a ON a.enrolment_id = e.id WHERE')}"
    )
    assert row["attendance_rate"] == attended / (attended + absent)
    page = response.content.decode()
    assert "Person Nr" not in page and SECRET not in page


def test_a_period_without_activity_shows_nothing(world, data, client_for):
    response = client_for(world.users[Role.ANALYST]).get(reverse("pathways:stats"), {"start": "2020-01-01", "end": "2020-12-31"})
    assert response.context["rows"] == []


def test_the_pseudonymised_rows_have_no_names_cpr_or_free_text(world, data, client_for):
    response = client_for(world.users[Role.ANALYST]).get(reverse("pathways:stats_export"), PERIOD)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) - 1 == 5
    assert "Person Nr" not in text and SECRET not in text and "1234" not in text
    expected = {pseudonym(pid) for pid in Citizen.objects.filter(municipality=world.kolding).values_list("public_id", flat=True)}
    assert {r[0] for r in rows[1:]} == expected
    public_ids = {str(pid) for pid in Citizen.objects.values_list("public_id", flat=True)}
    assert not any(pid in text for pid in public_ids)
    hours = sorted(r[9] for r in rows[1:])
    assert hours == sorted(f"{20 * (i + 1)},00" for i in range(5))
    assert AuditEvent.objects.get(event="pathways.stats.export").changes["rows"] == 5


@pytest.mark.parametrize("role", list(Role))
def test_only_stats_holders_see_statistics(world, data, client_for, role):
    client = client_for(world.users[role])
    allowed = Perm.PATHWAY_STATS in ROLE_PERMISSIONS[role]
    assert client.get(reverse("pathways:stats")).status_code == (200 if allowed else 404)
    assert client.get(reverse("pathways:stats_export")).status_code == (200 if allowed else 404)


def test_the_analyst_still_gets_404_on_citizen_pages(world, data, client_for):
    client = client_for(world.users[Role.ANALYST])
    citizen = Citizen.objects.filter(municipality=world.kolding).first()
    for name in ("pathways:citizen", "pathways:access_log"):
        assert client.get(reverse(name, args=[citizen.public_id])).status_code == 404
    assert client.get(reverse("pathways:caseload")).status_code == 404


def test_the_aarhus_analyst_sees_only_aarhus(world, data, client_for):
    response = client_for(world.outsiders[Role.ANALYST]).get(reverse("pathways:stats"), PERIOD)
    assert [r["participants"] for r in response.context["rows"]] == [1]
