"""The pathway pages over HTTP: create, search, refer, accept/decline, pause/resume, reads
audited once each, lists in a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.testing import make_user
from audit.models import AuditAction, AuditEvent
from pathways import services
from pathways.models import Citizen, CodeList, Enrolment, Referral
from pathways.testing import make_citizen, make_programme, refer

pytestmark = pytest.mark.django_db

CPR = "1503901234"


@pytest.fixture
def flow(world):
    caseworker = world.users["caseworker"]
    programme = make_programme(provider=world.provider, team_start=datetime.date(2026, 1, 5))
    citizen = make_citizen(
        municipality=world.kolding, by=caseworker, caseworker=caseworker, cpr=CPR, name="Anna Andersen"
    )
    referral = refer(citizen=citizen, programme=programme, by=caseworker)
    return world, caseworker, programme, citizen, referral


def test_a_caseworker_creates_a_citizen_with_a_status_valid_on_the_date(world, client_for):
    client = client_for(world.users["caseworker"])
    benefit = CodeList.objects.get(list="benefit", code="kontanthjaelp-2025")
    response = client.post(
        reverse("pathways:citizen_create"),
        {"municipality": world.kolding.pk, "cpr": "150390-1234", "name": "Anna", "legal_basis": "lab_91",
         "status_from": "2025-09-01", "benefit": benefit.pk},
    )  # fmt: skip
    citizen = Citizen.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "pathways:citizen", args=[citizen.public_id]
    )
    assert citizen.caseworker == world.users["caseworker"]
    assert citizen.statuses.get().benefit == benefit


def test_the_create_form_does_not_offer_a_code_not_valid_on_the_status_date(world, client_for):
    client = client_for(world.users["caseworker"])
    old = CodeList.objects.get(list="benefit", code="uddannelseshjaelp")
    response = client.post(
        reverse("pathways:citizen_create"),
        {"municipality": world.kolding.pk, "cpr": CPR, "name": "Anna", "legal_basis": "lab_91",
         "status_from": "2025-09-01", "benefit": old.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert "benefit" in response.context["form"].errors
    assert not Citizen.objects.exists()
    page = client.get(reverse("pathways:citizen_create")).content.decode()
    assert "Kontanthjælp (nyt kontanthjælpssystem)" in page  # today is after 1 July 2025


def test_a_bad_cpr_on_the_create_form_names_the_cpr_field(world, client_for):
    response = client_for(world.users["caseworker"]).post(
        reverse("pathways:citizen_create"),
        {
            "municipality": world.kolding.pk,
            "cpr": "3102901234",
            "name": "Anna",
            "legal_basis": "lab_91",
            "status_from": "2025-09-01",
        },
    )
    assert list(response.context["form"].errors) == ["cpr"]


def test_cpr_search_is_post_only_for_the_number_and_redirects_to_the_citizen(flow, client_for):
    _w, caseworker, _p, citizen, _r = flow
    client = client_for(caseworker)
    response = client.post(reverse("pathways:cpr_search"), {"cpr": "150390-1234"})
    assert response.status_code == 302 and response.url == reverse(
        "pathways:citizen", args=[citizen.public_id]
    )
    assert CPR not in response.url and "150390" not in response.url
    get = client.get(reverse("pathways:cpr_search"), {"cpr": CPR})
    assert get.status_code == 200 and not AuditEvent.objects.filter(action=AuditAction.SEARCH).count() > 1


def test_cpr_search_says_when_nobody_is_found(flow, client_for):
    response = client_for(flow[1]).post(reverse("pathways:cpr_search"), {"cpr": "0101801234"})
    assert response.status_code == 200 and response.context["not_found"]


def test_every_read_of_a_citizen_page_writes_exactly_one_audit_row(flow, client_for):
    _w, caseworker, _p, citizen, _r = flow
    client = client_for(caseworker)
    url = reverse("pathways:citizen", args=[citizen.public_id])
    for expected in (1, 2, 3):
        assert client.get(url).status_code == 200
        reads = AuditEvent.objects.filter(
            action=AuditAction.READ, event="pathways.citizen.read", object_id=str(citizen.pk)
        )
        assert reads.count() == expected
    assert reads.first().changes == {"cpr_shown": "full"}


def test_the_citizen_page_shows_the_full_cpr_only_to_the_own_caseworker(flow, client_for, world):
    _w, caseworker, _p, citizen, _r = flow
    url = reverse("pathways:citizen", args=[citizen.public_id])
    own = client_for(caseworker).get(url).content.decode()
    assert "150390-1234" in own  # the full number, with its dash, to the own caseworker
    colleague = make_user("kolding_caseworker_2", organisation=world.jobcentre, role="caseworker")
    client = client_for(colleague)
    client.post(reverse("pathways:break_glass", args=[citizen.public_id]), {"reason": "Dækker for en syg kollega"})
    other = client.get(url).content.decode()
    assert CPR not in other and "150390-1234" not in other and "150390-XXXX" in other


def test_a_provider_accepts_a_referral_from_the_inbox_onto_a_team(flow, client_for):
    w, _cw, programme, citizen, referral = flow
    client = client_for(w.users["provider"])
    inbox = client.get(reverse("pathways:inbox"))
    assert citizen.name in inbox.content.decode()
    team = programme.teams.get()
    response = client.post(
        reverse("pathways:referral_accept", args=[referral.public_id]), {f"a{referral.pk}-team": team.pk}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted" and Enrolment.objects.get(referral=referral).team == team


def test_declining_without_a_reason_changes_nothing(flow, client_for):
    w, _cw, _p, _c, referral = flow
    client_for(w.users["provider"]).post(
        reverse("pathways:referral_decline", args=[referral.public_id]),
        {f"d{referral.pk}-decline_reason": ""},
    )
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_an_illegal_move_through_the_views_leaves_the_state_unchanged(flow, client_for):
    w, caseworker, programme, _c, referral = flow
    provider = client_for(w.users["provider"])
    provider.post(
        reverse("pathways:referral_decline", args=[referral.public_id]),
        {f"d{referral.pk}-decline_reason": "Ingen plads"},
    )
    before = Referral.objects.values().get(pk=referral.pk)
    response = client_for(caseworker).post(reverse("pathways:referral_withdraw", args=[referral.public_id]))
    assert response.status_code == 302
    assert Referral.objects.values().get(pk=referral.pk) == before
    assert not Enrolment.objects.exists()


def test_an_illegal_accept_of_a_withdrawn_referral_is_refused(flow, client_for):
    w, caseworker, programme, _c, referral = flow
    client_for(caseworker).post(reverse("pathways:referral_withdraw", args=[referral.public_id]))
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    # The provider no longer sees it: 404, and nothing changes.
    response = client_for(w.users["provider"]).post(
        reverse("pathways:referral_accept", args=[referral.public_id]),
        {f"a{referral.pk}-team": programme.teams.get().pk},
    )
    assert response.status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == "withdrawn" and not Enrolment.objects.exists()


def test_pause_and_resume_through_the_views_move_the_due_dates(flow, client_for):
    w, caseworker, programme, citizen, referral = flow
    enrolment = services.referral_accept(
        by=w.users["provider"], referral=referral, team=programme.teams.get()
    )
    client = client_for(w.users["provider"])
    client.post(
        reverse("pathways:enrolment_pause", args=[enrolment.public_id]),
        {f"p{enrolment.pk}-start": "2026-01-19"},
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "paused"
    # Pausing again is illegal: refused, still one pause.
    client.post(
        reverse("pathways:enrolment_pause", args=[enrolment.public_id]),
        {f"p{enrolment.pk}-start": "2026-01-20"},
    )
    assert enrolment.pauses.count() == 1
    client.post(
        reverse("pathways:enrolment_resume", args=[enrolment.public_id]),
        {f"r{enrolment.pk}-end": "2026-02-02"},
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    due = enrolment.checkpoints_due.get(checkpoint__due_week=7).due
    assert due == datetime.date(2026, 2, 22) + datetime.timedelta(days=14)
    page = client_for(caseworker).get(reverse("pathways:citizen", args=[citizen.public_id])).content.decode()
    assert due.strftime("%d-%m-%Y") in page


def test_mutations_are_post_only(flow, client_for):
    w, _cw, _p, _c, referral = flow
    response = client_for(w.users["provider"]).get(
        reverse("pathways:referral_accept", args=[referral.public_id])
    )
    assert response.status_code == 405


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_caseload_and_inbox_cost_the_same_number_of_queries_for_3_and_12_rows(world, client_for):
    caseworker, provider = world.users["caseworker"], world.users["provider"]
    programme = make_programme(provider=world.provider)

    def add(n):
        for _ in range(n):
            c = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker)
            r = refer(citizen=c, programme=programme, by=caseworker)
            if c.pk % 2:
                services.referral_accept(by=provider, referral=r, team=programme.teams.get())

    add(3)
    cw, pv = client_for(caseworker), client_for(provider)
    small = (_queries(cw, reverse("pathways:caseload")), _queries(pv, reverse("pathways:inbox")))
    add(9)
    large = (_queries(cw, reverse("pathways:caseload")), _queries(pv, reverse("pathways:inbox")))
    assert small == large
    assert len(cw.get(reverse("pathways:caseload")).context["page"].object_list) == 12


def test_the_caseload_filters_by_status_and_own_citizens(world, client_for):
    caseworker, provider = world.users["caseworker"], world.users["provider"]
    programme = make_programme(provider=world.provider)
    mine = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker, name="Min Borger")
    theirs = make_citizen(municipality=world.kolding, by=caseworker, caseworker=None, name="Anden Borger")
    services.referral_accept(
        by=provider,
        referral=refer(citizen=mine, programme=programme, by=caseworker),
        team=programme.teams.get(),
    )
    refer(citizen=theirs, programme=programme, by=caseworker)
    client = client_for(caseworker)

    def names(**params):
        return {c.name for c in client.get(reverse("pathways:caseload"), params).context["page"].object_list}

    assert names() == {"Min Borger", "Anden Borger"}
    assert names(status="active") == {"Min Borger"}
    assert names(status="sent") == {"Anden Borger"}
    assert names(mine="on") == {"Min Borger"}
    assert names(q="anden") == {"Anden Borger"}


def test_a_caseworker_refers_a_citizen_through_the_form(world, client_for):
    caseworker = world.users["caseworker"]
    programme = make_programme(provider=world.provider)
    citizen = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker)
    response = client_for(caseworker).post(
        reverse("pathways:referral_create", args=[citizen.public_id]),
        {"programme": programme.pk, "wished_start": "2026-02-02", "note": "Motiveret for køkkenarbejde"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get(citizen=citizen)
    assert (referral.programme, referral.status, referral.referred_by) == (programme, "sent", caseworker)
    assert referral.wished_start == datetime.date(2026, 2, 2)
    assert (
        AuditEvent.objects.filter(event="pathways.referral.create", object_id=str(referral.pk)).count() == 1
    )


def test_the_referral_form_does_not_offer_another_municipalitys_programme(world, client_for):
    caseworker = world.users["caseworker"]
    aarhus_programme = make_programme(provider=world.aarhus_company)
    citizen = make_citizen(municipality=world.kolding, by=caseworker)
    response = client_for(caseworker).post(
        reverse("pathways:referral_create", args=[citizen.public_id]), {"programme": aarhus_programme.pk}
    )
    assert response.status_code == 200 and "programme" in response.context["form"].errors
    assert not Referral.objects.exists()


def test_the_inbox_shows_twenty_referrals_a_page_with_the_total(world, client_for):
    caseworker, provider = world.users["caseworker"], world.users["provider"]
    programme = make_programme(provider=world.provider)
    for n in range(23):
        citizen = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker, name=f"Borger {n:02}")
        refer(citizen=citizen, programme=programme, by=caseworker)
    client = client_for(provider)
    first = client.get(reverse("pathways:inbox"), {"status": "sent"})
    second = client.get(reverse("pathways:inbox"), {"status": "sent", "page": 2})
    first_names = {r.citizen.name for r, _accept, _decline in first.context["rows"]}
    second_names = {r.citizen.name for r, _accept, _decline in second.context["rows"]}
    assert (len(first_names), len(second_names)) == (20, 3) and not first_names & second_names
    assert "23 visitationer." in first.content.decode() and "Side 1 af 2" in first.content.decode()
    assert "status=sent&amp;page=2" in first.content.decode()
