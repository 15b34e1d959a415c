"""The permission matrix of the privacy pages, exports, statistics and the pathway API: every
role × a citizen referred to a programme of the user's own organisation / another organisation
/ another municipality. Expectations come from ROLE_PERMISSIONS and the rules stated in
pathways/access.py, never from the code under test:
- CITIZEN_VIEW: the municipality's citizens (access log); CITIZEN_EXPORT: access request and
  caseload export; CITIZEN_ERASE: erasure; PATHWAY_STATS: statistics;
- PATHWAY_RUN: referrals (sent/accepted) and enrolments of the own organisation's programmes;
- anything else 404; in the API, a visible record the user may not act on 403."""

import json

import pytest
from django.urls import reverse

from accounts.roles import ROLE_PERMISSIONS, Perm, Role
from pathways import services
from pathways.models import Citizen
from pathways.testing import make_citizen, make_programme, refer

pytestmark = pytest.mark.django_db

RELATIONS = ["own", "other_org", "other_municipality"]
CPRS = {"own": "0102851234", "other_org": "0203861234", "other_municipality": "0304871234"}


@pytest.fixture
def cases(world):
    programmes = {
        "own": make_programme(provider=world.provider),
        "other_org": make_programme(provider=world.social_enterprise),
        "other_municipality": make_programme(provider=world.aarhus_company),
    }
    out = {}
    for relation, programme in programmes.items():
        far = relation == "other_municipality"
        municipality = world.aarhus if far else world.kolding
        by = world.outsiders[Role.CASEWORKER] if far else world.users[Role.CASEWORKER]
        citizen = make_citizen(municipality=municipality, by=by, caseworker=by, cpr=CPRS[relation], name=f"Borger {relation}")
        referral = refer(citizen=citizen, programme=programme, by=by)
        enrolled = make_citizen(municipality=municipality, by=by, caseworker=by, name=f"Indskrevet {relation}")
        enrolment = services.referral_accept(
            by=by, referral=refer(citizen=enrolled, programme=programme, by=by), team=programme.teams.get()
        )
        out[relation] = {"citizen": citizen, "referral": referral, "enrolment": enrolment}
    return out


def has(role, perm: Perm, relation: str) -> bool:
    return perm in ROLE_PERMISSIONS[role] and relation != "other_municipality"


def runs_programme(role, relation) -> bool:
    return Perm.PATHWAY_RUN in ROLE_PERMISSIONS[role] and role == Role.PROVIDER and relation == "own"


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_the_access_log(world, cases, client_for, role, relation):
    citizen = cases[relation]["citizen"]
    response = client_for(world.users[role]).get(reverse("pathways:access_log", args=[citizen.public_id]))
    assert response.status_code == (200 if has(role, Perm.CITIZEN_VIEW, relation) else 404)


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_the_access_request(world, cases, client_for, role, relation):
    citizen = cases[relation]["citizen"]
    response = client_for(world.users[role]).post(reverse("pathways:access_request", args=[citizen.public_id]))
    allowed = has(role, Perm.CITIZEN_EXPORT, relation)
    assert response.status_code == (200 if allowed else 404)
    if allowed:  # both holders in Kolding are the own caseworker or an administrator
        assert json.loads(response.content)["person"]["cpr"] == CPRS[relation]


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_erasure(world, cases, client_for, role, relation):
    citizen = cases[relation]["citizen"]
    response = client_for(world.users[role]).post(reverse("pathways:citizen_erase", args=[citizen.public_id]))
    # The citizen has an open referral, so even an allowed erasure is refused with a message.
    assert response.status_code == (302 if has(role, Perm.CITIZEN_ERASE, relation) else 404)
    assert Citizen.objects.get(pk=citizen.pk).erased_at is None


@pytest.mark.parametrize("role", list(Role))
def test_the_caseload_export_lists_only_the_own_municipality(world, cases, client_for, role):
    response = client_for(world.users[role]).get(reverse("pathways:caseload_export", args=["csv"]))
    if Perm.CITIZEN_EXPORT not in ROLE_PERMISSIONS[role]:
        assert response.status_code == 404
        return
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    names = {line.split(";")[0] for line in text.splitlines()[1:]}
    assert names == {f"{kind} {rel}" for kind in ("Borger", "Indskrevet") for rel in ("own", "other_org")}
    assert not any(cpr in text or cpr[:6] in text for cpr in CPRS.values())


@pytest.mark.parametrize("role", list(Role))
def test_statistics(world, cases, client_for, role):
    response = client_for(world.users[role]).get(reverse("pathways:stats"))
    assert response.status_code == (200 if Perm.PATHWAY_STATS in ROLE_PERMISSIONS[role] else 404)


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_api_reads(world, cases, role, relation, api_for):
    user = world.users[role]
    sees = has(role, Perm.CITIZEN_VIEW, relation) or runs_programme(role, relation)
    referral = api_for(user).get(f"/api/v1/referrals/{cases[relation]['referral'].public_id}")
    enrolment = api_for(user).get(f"/api/v1/enrolments/{cases[relation]['enrolment'].public_id}")
    assert (referral.status_code, enrolment.status_code) == ((200, 200) if sees else (404, 404))
    if sees:
        assert CPRS[relation] not in referral.content.decode() and CPRS[relation][:6] not in referral.content.decode()


@pytest.mark.parametrize("role", list(Role))
def test_api_lists(world, cases, role, api_for):
    response = api_for(world.users[role]).get("/api/v1/referrals")
    perms = ROLE_PERMISSIONS[role]
    if not ({Perm.CITIZEN_VIEW, Perm.PATHWAY_RUN} & perms):
        assert response.status_code == 404
        return
    listed = {item["public_id"] for item in response.json()["items"]}
    expected = set()
    for relation in RELATIONS:
        if has(role, Perm.CITIZEN_VIEW, relation) or runs_programme(role, relation):
            expected |= {str(cases[relation]["referral"].public_id), str(cases[relation]["enrolment"].referral.public_id)}
    assert listed == expected


@pytest.mark.parametrize("role", list(Role))
def test_aarhus_users_see_nothing_of_kolding(world, cases, client_for, role, api_for):
    client = client_for(world.outsiders[role])
    for relation in ("own", "other_org"):
        citizen = cases[relation]["citizen"]
        assert client.get(reverse("pathways:access_log", args=[citizen.public_id])).status_code == 404
        assert client.post(reverse("pathways:access_request", args=[citizen.public_id])).status_code == 404
        assert api_for(world.outsiders[role]).get(f"/api/v1/referrals/{cases[relation]['referral'].public_id}").status_code == 404
