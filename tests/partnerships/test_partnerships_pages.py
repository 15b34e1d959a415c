"""Partnership pages: list, detail, create, edit, members and cluster targets, with the
permission rules (another municipality sees nothing; a company contact only its own)."""

from html import escape

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from partnerships.models import MemberRole, Partnership, PlacementTarget
from partnerships.testing import make_partnership
from registry.choices import Kind
from registry.testing import make_organisation

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_municipalitys_partnership_with_its_single_point_of_contact(world, client_for):
    make_partnership(world)
    response = client_for(world.users["caseworker"]).get(reverse("partnerships:index"))
    assert response.status_code == 200
    assert "Vækstpartnerskab Kolding" in response.text and escape(world.provider.name) in response.text


def test_another_municipality_sees_neither_list_row_nor_detail(world, client_for):
    p = make_partnership(world)
    client = client_for(world.outsiders["consultant"])
    assert "Vækstpartnerskab Kolding" not in client.get(reverse("partnerships:index")).text
    assert client.get(reverse("partnerships:detail", args=[p.public_id])).status_code == 404
    assert client.get(reverse("partnerships:edit", args=[p.public_id])).status_code == 404


def test_a_company_contact_sees_only_partnerships_its_company_is_member_of(world, client_for):
    mine = make_partnership(world)
    other = make_partnership(world, name="Andet partnerskab", hosts=[world.social_enterprise])
    client = client_for(world.users["company"])
    assert client.get(reverse("partnerships:detail", args=[mine.public_id])).status_code == 200
    assert client.get(reverse("partnerships:detail", args=[other.public_id])).status_code == 404


def test_a_user_without_roles_gets_404(world, client_for):
    assert client_for(world.nobody).get(reverse("partnerships:index")).status_code == 404


def test_only_editors_may_edit(world, client_for):
    p = make_partnership(world)
    assert client_for(world.users["caseworker"]).get(reverse("partnerships:edit", args=[p.public_id])).status_code == 404
    assert client_for(world.users["consultant"]).get(reverse("partnerships:edit", args=[p.public_id])).status_code == 200


def test_the_consultant_creates_a_partnership_and_it_is_audited(world, client_for):
    response = client_for(world.users["consultant"]).post(reverse("partnerships:create"), {
        "name": "Nyt partnerskab", "start": "2026-01-01", "end": "", "answer_days": "2", "description": "",
    })
    p = Partnership.objects.get(name="Nyt partnerskab")
    assert response.status_code == 302 and p.municipality == world.kolding
    assert AuditEvent.objects.filter(event="partnerships.partnership.create", object_id=str(p.pk)).exists()


def test_an_end_before_the_start_is_refused_in_danish_naming_the_field(world, client_for):
    response = client_for(world.users["consultant"]).post(reverse("partnerships:create"), {
        "name": "Forkert", "start": "2026-01-01", "end": "2025-01-01", "answer_days": "2",
    })
    assert response.status_code == 200 and "Slutdatoen skal ligge efter startdatoen" in response.text
    assert not Partnership.objects.filter(name="Forkert").exists()


def test_a_second_single_point_of_contact_is_refused_naming_the_role(world, client_for):
    p = make_partnership(world)
    other = make_organisation(world.kolding, name="Anden aktør ApS", kind=Kind.EMPLOYMENT_ACTOR)
    response = client_for(world.users["consultant"]).post(reverse("partnerships:member_add", args=[p.public_id]), {
        "organisation": other.pk, "role": MemberRole.SINGLE_POINT,
    })
    assert response.status_code == 200 and "allerede et fast kontaktpunkt" in response.text
    assert p.memberships.filter(role=MemberRole.SINGLE_POINT).count() == 1


def test_the_cluster_table_adds_up_per_cluster(world, client_for):
    p = make_partnership(world)
    client = client_for(world.users["consultant"])
    for cluster, places in (("Klynge 1", 1), ("Klynge 2", 2)):
        client.post(reverse("partnerships:target_add", args=[p.public_id]), {
            "cluster": cluster, "municipality": world.kolding.pk, "places": places})
    assert PlacementTarget.objects.filter(partnership=p).count() == 2
    page = client.get(reverse("partnerships:detail", args=[p.public_id])).text
    assert "I alt, Klynge 2" in page


def test_a_member_from_another_municipality_is_refused(world, client_for):
    p = make_partnership(world)
    response = client_for(world.users["consultant"]).post(reverse("partnerships:member_add", args=[p.public_id]), {
        "organisation": world.aarhus_company.pk, "role": MemberRole.HOST_COMPANY})
    assert response.status_code == 200
    assert not p.memberships.filter(organisation=world.aarhus_company).exists()


def test_the_list_costs_the_same_queries_for_one_or_many_partnerships(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users["caseworker"])
    make_partnership(world)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("partnerships:index"))
    for i in range(5):
        make_partnership(world, name=f"P{i}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("partnerships:index"))


def test_the_partner_plan_shows_needs_and_actions_on_the_partnership_page(world, client_for):
    from partnerships.models import PlanItem

    p = make_partnership(world)
    member = p.memberships.get(organisation=world.company)
    client = client_for(world.users["consultant"])
    response = client.post(reverse("partnerships:plan_add", args=[p.public_id]), {
        "member": member.pk, "need": "Opgaver på lageret, 15 timer", "action": "Find to borgere", "owner": "Aktøren",
        "due": "2026-03-01", "status": "planned"})
    assert response.status_code == 302 and PlanItem.objects.count() == 1
    assert AuditEvent.objects.filter(event="partnerships.plan.create").exists()
    page = client_for(world.users["caseworker"]).get(reverse("partnerships:detail", args=[p.public_id])).text
    assert "Opgaver på lageret, 15 timer" in page and "01-03-2026" in page


def test_a_plan_item_without_an_owner_is_refused_naming_the_field(world, client_for):
    p = make_partnership(world)
    member = p.memberships.get(organisation=world.company)
    response = client_for(world.users["consultant"]).post(reverse("partnerships:plan_add", args=[p.public_id]), {
        "member": member.pk, "need": "Behov", "action": "Handling", "owner": "", "status": "planned"})
    assert response.status_code == 200 and "Ansvarlig" in response.text
