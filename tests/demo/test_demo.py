"""The seeded demo data: deterministic, valid, all kinds and roles, idempotent loading, and
derived fields equal to what the registry services compute."""

import io
import random
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership, User
from accounts.roles import Role
from demo.anchors import ANCHORS
from demo.generator import (
    DEMO_REFERENCE_DATE,
    generate_cases,
    generate_municipality,
    municipality_cvr,
    target_group_codes,
)
from demo.loader import load_municipality
from demo.seed import seed_demo
from demo.users import DEMO_PASSWORD, DEMO_USERS
from mapping.models import LocalCase, StakeholderPosition
from registry.choices import RSV_INELIGIBLE_LEGAL_FORMS, SUBKINDS_BY_KIND, Kind, RsvStatus, Subkind
from registry.models import Contact, CriterionAssessment, Organisation, Relation, Staffing, Tag
from registry.services import refresh_derived
from registry.validators import clean_cvr, clean_industry_code
from tenants.models import Municipality

WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def kolding_specs(seed=2026, n=150):
    return generate_municipality(random.Random(seed), "0621", n)


def modulus_11_ok(cvr: str) -> bool:
    return (
        len(cvr) == 8
        and cvr[0] != "0"
        and sum(w * int(d) for w, d in zip(WEIGHTS, cvr, strict=True)) % 11 == 0
    )


def test_the_same_seed_gives_identical_specs():
    assert kolding_specs(7) == kolding_specs(7)
    assert generate_cases(kolding_specs(7)) == generate_cases(kolding_specs(7))


def test_a_different_seed_gives_different_specs():
    assert [s.name for s in kolding_specs(1)] != [s.name for s in kolding_specs(2)]


def test_it_makes_about_150_organisations_of_all_ten_kinds():
    specs = kolding_specs()
    assert len(specs) == 150
    assert {s.kind for s in specs} == set(Kind.values)
    assert len({s.key for s in specs}) == 150
    assert len({s.name for s in specs}) == 150


def test_every_cvr_is_valid_and_unique_within_the_municipality():
    specs = kolding_specs()
    cvrs = [s.cvr for s in specs if s.cvr]
    assert len(cvrs) > 100
    for cvr in cvrs:
        assert modulus_11_ok(cvr), cvr
        assert clean_cvr(cvr) == cvr
    own = [s for s in specs if s.cvr == "29189773"]
    assert {s.kind for s in own} == {Kind.MUNICIPAL_UNIT}
    others = [s.cvr for s in specs if s.kind != Kind.MUNICIPAL_UNIT and s.cvr]
    assert len(others) == len(set(others))
    # Units sharing the municipality's CVR are told apart by their P-numbers (unique constraint).
    assert len({s.p_number for s in own}) == len(own)


def test_the_municipalities_own_cvr_numbers_are_valid():
    for code in ("0101", "0621", "0751", "0825", "0461"):
        cvr = municipality_cvr(code)
        assert clean_cvr(cvr) == cvr and modulus_11_ok(cvr)


def test_industry_codes_target_groups_and_postcodes_are_valid():
    specs = kolding_specs()
    codes = set(target_group_codes())
    kolding_postcodes = {
        "6000",
        "6040",
        "6051",
        "6052",
        "6064",
        "6070",
        "6091",
        "6092",
        "6093",
        "6580",
        "6640",
    }
    for s in specs:
        if s.industry_code:
            assert clean_industry_code(s.industry_code) == s.industry_code
        assert set(s.target_groups) <= codes
        assert s.postcode in kolding_postcodes
        assert all(c.email.endswith(".example") for c in s.contacts)


def test_it_has_the_municipal_units_and_councils_of_the_seminar():
    specs = kolding_specs()
    subkinds = Counter(s.subkind for s in specs)
    for subkind in (
        Subkind.JOB_CENTRE,
        Subkind.SOCIAL_ADMINISTRATION,
        Subkind.PROCUREMENT,
        Subkind.BUSINESS_SERVICE,
        Subkind.CULTURE_LEISURE,
        Subkind.EDUCATION_GUIDANCE,
        Subkind.LBR,
        Subkind.HANDICAPRAAD,
        Subkind.FRIVILLIGRAAD,
    ):
        assert subkinds[subkind] >= 1, subkind
    for s in specs:
        if s.subkind:
            assert s.subkind in SUBKINDS_BY_KIND[s.kind]
    assert "Jobcenter Kolding" in {s.name for s in specs}


def test_only_eligible_legal_persons_are_registered_in_rsv():
    registered = [s for s in kolding_specs() if s.rsv_registered]
    assert len(registered) >= 5
    for s in registered:
        assert s.cvr and s.legal_form and s.legal_form not in RSV_INELIGIBLE_LEGAL_FORMS
        assert s.kind == Kind.SOCIAL_ENTERPRISE
        assert s.rsv_registered_on.year >= 2015 and s.rsv_registered_on < DEMO_REFERENCE_DATE


def test_staffing_covers_two_or_three_years_and_social_enterprises_often_reach_30_percent():
    specs = kolding_specs()
    for s in specs:
        if s.staffing:
            assert 2 <= len(s.staffing) <= 3
            assert all(0 <= y.special_total <= y.employees_total for y in s.staffing)
    enterprises = [s for s in specs if s.kind == Kind.SOCIAL_ENTERPRISE and s.staffing]
    reaching = [
        s for s in enterprises if s.staffing[0].special_total * 10 >= 3 * s.staffing[0].employees_total
    ]
    assert len(reaching) >= len(enterprises) / 2


def test_relations_point_to_existing_organisations_once_and_never_to_themselves():
    specs = kolding_specs()
    keys = {s.key for s in specs}
    seen = set()
    for s in specs:
        for r in s.relations:
            assert r.target_key in keys and r.target_key != s.key
            assert (s.key, r.target_key, r.kind) not in seen
            seen.add((s.key, r.target_key, r.kind))
    assert {kind for _s, _t, kind in seen} == {"member_of", "partner_of", "supplier_to", "funded_by", "runs"}


def test_about_60_stakeholder_positions_and_five_or_six_cases():
    specs = kolding_specs()
    positions = [s.stakeholder for s in specs if s.stakeholder]
    assert 50 <= len(positions) <= 70
    assert all(1 <= p.influence <= 5 and 1 <= p.interest <= 5 for p in positions)
    cases = generate_cases(specs)
    assert 5 <= len(cases) <= 6
    keys = {s.key for s in specs}
    assert all(c.organisation_keys and set(c.organisation_keys) <= keys for c in cases)


def test_a_small_municipality_gets_its_most_important_anchors_first():
    specs = generate_municipality(random.Random(1), "0825", n=10)
    assert [s.anchor for s in specs] == [a.anchor for a in ANCHORS[:10]]
    assert specs[0].name == "Jobcenter Læsø"


def _municipality_counts(municipality):
    orgs = Organisation.objects.filter(municipality=municipality)
    return {
        "organisations": orgs.count(),
        "contacts": Contact.objects.filter(organisation__in=orgs).count(),
        "assessments": CriterionAssessment.objects.filter(organisation__in=orgs).count(),
        "staffing": Staffing.objects.filter(organisation__in=orgs).count(),
        "relations": Relation.objects.filter(source__in=orgs).count(),
        "stakeholders": StakeholderPosition.objects.filter(organisation__in=orgs).count(),
        "tags": Tag.objects.filter(municipality=municipality).count(),
        "cases": LocalCase.objects.filter(municipality=municipality).count(),
        "public_ids": sorted(str(p) for p in orgs.values_list("public_id", flat=True)),
    }


def test_loading_twice_gives_the_same_rows(db):
    kolding = Municipality.objects.get(code="0621")
    seed_demo()
    first = _municipality_counts(kolding)
    users_first = Membership.objects.filter(user__username__in=[d.username for d in DEMO_USERS]).count()
    seed_demo()
    assert _municipality_counts(kolding) == first
    assert first["organisations"] == 150 and first["cases"] >= 5
    assert (
        Membership.objects.filter(user__username__in=[d.username for d in DEMO_USERS]).count() == users_first
    )
    assert User.objects.filter(username__in=[d.username for d in DEMO_USERS]).count() == len(DEMO_USERS)


def test_derived_fields_equal_what_refresh_derived_computes(db):
    seed_demo()
    fields = [
        "rsv_status",
        "criteria_met",
        "staffing_year",
        "employees_total",
        "employees_special",
        "special_share",
    ]
    orgs = list(Organisation.objects.filter(municipality__code__in=["0621", "0751"]))
    assert len(orgs) == 174
    for org in orgs:
        stored = {f: getattr(org, f) for f in fields}
        refresh_derived(org)
        assert {f: getattr(org, f) for f in fields} == stored, org.name
    statuses = Counter(o.rsv_status for o in orgs)
    assert (
        statuses[RsvStatus.REGISTERED]
        and statuses[RsvStatus.MEETS]
        and statuses[RsvStatus.PARTLY]
        and statuses[RsvStatus.NOT_ASSESSED]
    )
    assert any(o.special_share is not None and o.special_share >= Decimal("0.30") for o in orgs)


def test_loading_takes_the_same_number_of_queries_for_40_and_150_organisations(db):
    kolding = Municipality.objects.get(code="0621")
    warm_up = kolding_specs(n=20)
    load_municipality(kolding, warm_up, generate_cases(warm_up))  # so that both measured loads replace rows
    counts = []
    for n in (40, 150):
        specs = kolding_specs(n=n)
        with CaptureQueriesContext(connection) as ctx:
            load_municipality(kolding, specs, generate_cases(specs))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_every_role_has_a_demo_user_with_a_membership_in_kolding(db):
    logins, _results = seed_demo()
    kolding_roles = set(
        Membership.objects.filter(
            user__username__in=[d.username for d in DEMO_USERS], organisation__municipality__code="0621"
        ).values_list("role", flat=True)
    )
    assert kolding_roles == set(Role.values)
    caseworker = Membership.objects.select_related("organisation").get(user__username="sagsbehandler")
    assert caseworker.organisation.name == "Jobcenter Kolding" and caseworker.role == Role.CASEWORKER
    aarhus = Membership.objects.filter(user__username__startswith="aarhus-").values_list(
        "organisation__municipality__code", flat=True
    )
    assert set(aarhus) == {"0751"} and len(aarhus) == 2
    assert all(User.objects.get(username=login.username).check_password(DEMO_PASSWORD) for login in logins)


def test_an_aarhus_demo_user_sees_none_of_koldings_organisations(db, client_for):
    seed_demo()
    body = (
        client_for(User.objects.get(username="aarhus-konsulent"))
        .get(reverse("registry:list"))
        .content.decode()
    )
    assert "Jobcenter Aarhus" in body
    assert "Jobcenter Kolding" not in body
    kolding_org = Organisation.objects.get(name="Jobcenter Kolding")
    response = client_for(User.objects.get(username="aarhus-sagsbehandler")).get(
        reverse("registry:detail", args=[kolding_org.public_id])
    )
    assert response.status_code == 404


def test_the_command_prints_every_login_and_the_password(db):
    out = io.StringIO()
    call_command("seed_demo", "--seed", "2026", stdout=out)
    text = out.getvalue()
    for demo in DEMO_USERS:
        assert demo.username in text
    assert DEMO_PASSWORD in text
    assert "Jobcenter Kolding" in text


@pytest.mark.parametrize("code", ["0101", "0751", "0825"])
def test_other_municipalities_generate_valid_specs(code):
    specs = generate_municipality(random.Random(3), code, n=60)
    assert len(specs) == 60
    assert all(modulus_11_ok(s.cvr) for s in specs if s.cvr)
