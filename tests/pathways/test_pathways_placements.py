"""Company placements: who may create one, the company's municipality, and the company contact's
page that shows only participants placed with their own organisation (names, period, support
person, attendance; never CPR), audited with one row per view."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import make_user
from audit.models import AuditEvent
from pathways.models import Placement
from pathways.services_attendance import placement_create
from pathways.testing import enrol, programme_with_team, week, weeks_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(world):
    _p, team = programme_with_team(provider=world.provider, key="vaekstpartnerskab", start=weeks_ago(30))
    caseworker = world.users[Role.CASEWORKER]
    anna = enrol(team=team, caseworker=caseworker, municipality=world.kolding, name="Anna Placeret")
    bo = enrol(team=team, caseworker=caseworker, municipality=world.kolding, name="Bo Andetsteds")
    return world, team, anna, bo


def form(company, start, **extra) -> dict:
    return {"company": company.pk, "support_person": "Karin Støtte", "start": start.isoformat(), **extra}


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.CASEWORKER])
def test_the_running_provider_and_a_caseworker_may_place_a_participant(placed, client_for, role):
    world, _t, anna, _b = placed
    path = reverse("pathways:placement_create", args=[anna.public_id])
    response = client_for(world.users[role]).post(path, form(world.company, weeks_ago(2)))
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.enrolment, placement.company, placement.support_person) == (anna, world.company, "Karin Støtte")
    assert AuditEvent.objects.filter(event="pathways.placement.create", object_id=str(placement.pk)).count() == 1


@pytest.mark.parametrize("who", ["company", "analyst", "aarhus_caseworker", "aarhus_provider", "other_provider"])
def test_others_get_404(placed, client_for, who):
    world, _t, anna, _b = placed
    user = {
        "aarhus_caseworker": world.outsiders[Role.CASEWORKER],
        "aarhus_provider": world.outsiders[Role.PROVIDER],
        "other_provider": make_user("p2", organisation=world.social_enterprise, role=Role.PROVIDER),
    }.get(who) or world.users[who]  # fmt: skip
    path = reverse("pathways:placement_create", args=[anna.public_id])
    assert client_for(user).get(path).status_code == 404
    assert client_for(user).post(path, form(world.company, weeks_ago(2))).status_code == 404
    assert not Placement.objects.exists()


def test_the_company_must_be_in_the_citizens_municipality(placed):
    world, _t, anna, _b = placed
    with pytest.raises(ValidationError) as error:
        placement_create(
            by=world.users[Role.PROVIDER], enrolment=anna, company=world.aarhus_company,
            support_person="Karin", start=weeks_ago(1),
        )  # fmt: skip
    assert "company" in error.value.message_dict
    assert not Placement.objects.exists()


def test_the_form_offers_only_companies_of_the_municipality_and_checks_dates(placed, client_for):
    world, _t, anna, _b = placed
    client = client_for(world.users[Role.PROVIDER])
    path = reverse("pathways:placement_create", args=[anna.public_id])
    choices = set(client.get(path).context["form"].fields["company"].queryset)
    assert world.company in choices and world.aarhus_company not in choices
    response = client.post(path, form(world.company, weeks_ago(1), end=weeks_ago(3).isoformat()))
    assert response.status_code == 200 and "end" in response.context["form"].errors
    response = client.post(path, form(world.aarhus_company, weeks_ago(1)))
    assert "company" in response.context["form"].errors
    assert not Placement.objects.exists()


def _place(world, enrolment, company, start, end=None):
    return placement_create(
        by=world.users[Role.PROVIDER], enrolment=enrolment, company=company,
        support_person="Karin Støtte", start=start, end=end,
    )  # fmt: skip


def test_the_company_contact_sees_only_participants_placed_with_their_organisation(placed, client_for):
    world, _t, anna, bo = placed
    _place(world, anna, world.company, weeks_ago(3))
    _place(world, bo, world.social_enterprise, weeks_ago(3))
    week(anna, weeks_ago(5), attended=0, unexcused=25)  # before the placement: not shown
    week(anna, weeks_ago(2), attended=20, excused=5)
    week(anna, weeks_ago(1), attended=25)
    client = client_for(world.users[Role.COMPANY])
    before = AuditEvent.objects.count()
    response = client.get(reverse("pathways:placements"))
    assert response.status_code == 200
    (p,) = response.context["placements"]
    assert p.enrolment_id == anna.pk
    assert [w.week for w in p.recent] == [weeks_ago(1), weeks_ago(2)]
    assert p.rate == Decimal(45) / Decimal(50)  # 20 + 25 attended of 50 hours in the placement
    page = response.content.decode()
    assert "Anna Placeret" in page and "Bo Andetsteds" not in page
    assert anna.citizen.cpr_masked()[:6] not in page  # no CPR, not even the birth date part
    assert "Udeblevet" not in page  # absence reasons are not the company's business
    audits = AuditEvent.objects.filter(pk__gt=0).order_by("pk")[before:]
    assert [(a.action, a.event) for a in audits] == [("read", "pathways.placement.list")]
    assert audits[0].changes["citizens"] == [str(anna.citizen.public_id)]


def test_a_company_contact_elsewhere_sees_nothing_and_others_get_404(placed, client_for):
    world, _t, anna, _b = placed
    _place(world, anna, world.company, weeks_ago(3))
    response = client_for(world.outsiders[Role.COMPANY]).get(reverse("pathways:placements"))
    assert response.status_code == 200 and list(response.context["placements"]) == []
    for role in (Role.PROVIDER, Role.CASEWORKER, Role.ANALYST):
        assert client_for(world.users[role]).get(reverse("pathways:placements")).status_code == 404


def test_ended_placements_drop_off_after_the_weeks_shown(placed, client_for):
    world, _t, anna, bo = placed
    _place(world, anna, world.company, weeks_ago(20), end=weeks_ago(12))
    _place(world, bo, world.company, weeks_ago(20), end=weeks_ago(2) + datetime.timedelta(days=4))
    (p,) = client_for(world.users[Role.COMPANY]).get(reverse("pathways:placements")).context["placements"]
    assert p.enrolment_id == bo.pk


def test_the_placement_page_runs_a_constant_number_of_queries(placed, client_for):
    world, team, anna, bo = placed
    client = client_for(world.users[Role.COMPANY])
    _place(world, anna, world.company, weeks_ago(4))
    week(anna, weeks_ago(1))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("pathways:placements"))
        return len(ctx.captured_queries)

    small = count()
    for i in range(6):
        e = enrol(team=team, caseworker=world.users[Role.CASEWORKER], municipality=world.kolding)
        _place(world, e, world.company, weeks_ago(4))
        for n in (1, 2, 3):
            week(e, weeks_ago(n), attended=20 - i, excused=5 + i)
    assert count() == small
