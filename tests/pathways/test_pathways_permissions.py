"""The permission matrix of the pathway pages: every role × a citizen referred to a programme
of the user's own organisation / of another organisation / in another municipality.

Expectations are derived from accounts.roles.ROLE_PERMISSIONS and the stated rules, never from
pathways.access itself:
- CITIZEN_VIEW sees every citizen of its municipality; the full CPR only for the citizen's own
  caseworker, masked for everybody else;
- PATHWAY_RUN sees only citizens referred to programmes of the user's own organisation, never
  the CPR;
- everything else answers 404, as if it did not exist."""

import pytest
from django.urls import reverse

from accounts.roles import ROLE_PERMISSIONS, Perm, Role
from pathways import services
from pathways.models import Enrolment, Referral
from pathways.testing import make_citizen, make_programme, refer

pytestmark = pytest.mark.django_db

RELATIONS = ["own", "other_org", "other_municipality"]
CPRS = {"own": "0102851234", "other_org": "0203861234", "other_municipality": "0304871234"}


@pytest.fixture
def cases(world):
    kolding_cw, aarhus_cw = world.users[Role.CASEWORKER], world.outsiders[Role.CASEWORKER]
    programmes = {
        "own": make_programme(provider=world.provider),
        "other_org": make_programme(provider=world.social_enterprise),
        "other_municipality": make_programme(provider=world.aarhus_company),
    }
    out = {}
    for relation, programme in programmes.items():
        municipality, by = (
            (world.aarhus, aarhus_cw) if relation == "other_municipality" else (world.kolding, kolding_cw)
        )
        citizen = make_citizen(
            municipality=municipality, by=by, caseworker=by, cpr=CPRS[relation], name=f"Borger {relation}"
        )
        referral = refer(citizen=citizen, programme=programme, by=by)  # stays "sent"
        enrolled = make_citizen(
            municipality=municipality, by=by, caseworker=by, name=f"Indskrevet {relation}"
        )
        enrolment = services.referral_accept(
            by=by, referral=refer(citizen=enrolled, programme=programme, by=by), team=programme.teams.get()
        )
        out[relation] = {
            "citizen": citizen,
            "referral": referral,
            "programme": programme,
            "enrolment": enrolment,
        }
    return out


def runs_programme(role, relation) -> bool:
    # Only the provider persona belongs to the organisation that runs the "own" programme.
    return Perm.PATHWAY_RUN in ROLE_PERMISSIONS[role] and role == Role.PROVIDER and relation == "own"


def sees(role, relation) -> bool:
    municipality_wide = Perm.CITIZEN_VIEW in ROLE_PERMISSIONS[role] and relation != "other_municipality"
    return municipality_wide or runs_programme(role, relation)


def expected_cpr(role, relation) -> str:
    if not sees(role, relation) or Perm.CITIZEN_VIEW not in ROLE_PERMISSIONS[role]:
        return "none"
    return "full" if role == Role.CASEWORKER else "masked"  # the Kolding caseworker is the own caseworker


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_the_citizen_page(world, cases, client_for, role, relation):
    citizen = cases[relation]["citizen"]
    response = client_for(world.users[role]).get(reverse("pathways:citizen", args=[citizen.public_id]))
    if not sees(role, relation):
        assert response.status_code == 404
        return
    assert response.status_code == 200
    page = response.content.decode()
    digits = CPRS[relation]
    shown = expected_cpr(role, relation)
    assert response.context["cpr_shown"] == shown
    assert (f"{digits[:6]}-{digits[6:]}" in page) == (shown == "full")  # shown with its dash
    assert (f"{digits[:6]}-XXXX" in page) == (shown == "masked")
    if shown == "none":
        assert digits[:6] not in page


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_the_referral_form(world, cases, client_for, role, relation):
    citizen = cases[relation]["citizen"]
    response = client_for(world.users[role]).get(
        reverse("pathways:referral_create", args=[citizen.public_id])
    )
    allowed = Perm.REFERRAL_CREATE in ROLE_PERMISSIONS[role] and relation != "other_municipality"
    assert response.status_code == (200 if allowed else 404)


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_accepting_a_referral(world, cases, client_for, role, relation):
    referral, programme = cases[relation]["referral"], cases[relation]["programme"]
    response = client_for(world.users[role]).post(
        reverse("pathways:referral_accept", args=[referral.public_id]),
        {f"a{referral.pk}-team": programme.teams.get().pk},
    )
    status = Referral.objects.get(pk=referral.pk).status
    if runs_programme(role, relation):
        assert response.status_code == 302 and status == "accepted"
    else:
        assert response.status_code == 404 and status == "sent"
        assert not Enrolment.objects.filter(referral=referral).exists()


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_declining_a_referral(world, cases, client_for, role, relation):
    referral = cases[relation]["referral"]
    response = client_for(world.users[role]).post(
        reverse("pathways:referral_decline", args=[referral.public_id]),
        {f"d{referral.pk}-decline_reason": "Ingen plads"},
    )
    status = Referral.objects.get(pk=referral.pk).status
    assert (response.status_code, status) == (
        (302, "declined") if runs_programme(role, relation) else (404, "sent")
    )


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_withdrawing_a_referral(world, cases, client_for, role, relation):
    referral = cases[relation]["referral"]
    response = client_for(world.users[role]).post(
        reverse("pathways:referral_withdraw", args=[referral.public_id])
    )
    allowed = Perm.REFERRAL_CREATE in ROLE_PERMISSIONS[role] and relation != "other_municipality"
    status = Referral.objects.get(pk=referral.pk).status
    assert (response.status_code, status) == ((302, "withdrawn") if allowed else (404, "sent"))


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_pausing_an_enrolment(world, cases, client_for, role, relation):
    enrolment = cases[relation]["enrolment"]
    response = client_for(world.users[role]).post(
        reverse("pathways:enrolment_pause", args=[enrolment.public_id]),
        {f"p{enrolment.pk}-start": "2026-01-19"},
    )
    allowed = runs_programme(role, relation) or (
        Perm.CITIZEN_EDIT in ROLE_PERMISSIONS[role] and relation != "other_municipality"
    )
    status = Enrolment.objects.get(pk=enrolment.pk).status
    assert (response.status_code, status) == ((302, "paused") if allowed else (404, "active"))


@pytest.mark.parametrize("role", list(Role))
def test_the_caseload_lists_exactly_the_visible_citizens(world, cases, client_for, role):
    response = client_for(world.users[role]).get(reverse("pathways:caseload"))
    perms = ROLE_PERMISSIONS[role]
    if not ({Perm.CITIZEN_VIEW, Perm.PATHWAY_RUN} & perms):
        assert response.status_code == 404
        return
    listed = {c.pk for c in response.context["page"].object_list}
    expected = set()
    for relation in RELATIONS:
        if sees(role, relation):
            expected.add(cases[relation]["citizen"].pk)
            expected.add(cases[relation]["enrolment"].citizen_id)
    assert listed == expected


@pytest.mark.parametrize("role", list(Role))
def test_the_inbox_lists_only_referrals_to_own_programmes(world, cases, client_for, role):
    response = client_for(world.users[role]).get(reverse("pathways:inbox"))
    if Perm.PATHWAY_RUN not in ROLE_PERMISSIONS[role]:
        assert response.status_code == 404
        return
    listed = {r.pk for r, _a, _d in response.context["rows"]}
    expected = {cases[rel]["referral"].pk for rel in RELATIONS if runs_programme(role, rel)}
    assert listed == expected


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_cpr_search(world, cases, client_for, role, relation):
    response = client_for(world.users[role]).post(reverse("pathways:cpr_search"), {"cpr": CPRS[relation]})
    if Perm.CITIZEN_VIEW not in ROLE_PERMISSIONS[role]:
        assert response.status_code == 404
        return
    if relation == "other_municipality":
        assert response.status_code == 200 and response.context["not_found"]
    else:
        assert response.status_code == 302
        assert response.url == reverse("pathways:citizen", args=[cases[relation]["citizen"].public_id])


@pytest.mark.parametrize("role", list(Role))
def test_an_aarhus_user_sees_nothing_of_kolding(world, cases, client_for, role):
    client = client_for(world.outsiders[role])
    for relation in ("own", "other_org"):
        citizen = cases[relation]["citizen"]
        assert client.get(reverse("pathways:citizen", args=[citizen.public_id])).status_code == 404
        assert client.get(reverse("pathways:referral_create", args=[citizen.public_id])).status_code == 404


def test_a_user_without_any_role_gets_404_everywhere(world, cases, client_for):
    client = client_for(world.nobody)
    assert client.get(reverse("pathways:caseload")).status_code == 404
    assert client.get(reverse("pathways:inbox")).status_code == 404
    assert client.get(reverse("pathways:citizen_create")).status_code == 404
    assert client.get(reverse("pathways:cpr_search")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login(cases, client):
    response = client.get(reverse("pathways:citizen", args=[cases["own"]["citizen"].public_id]))
    assert response.status_code == 302 and "/konto/" in response.url
