"""Support and incubation cases, and the outreach log with overdue follow-ups and campaigns."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from plans import services_support as services
from plans.models import SupportCase
from plans.selectors_support import campaigns
from plans.testing import make_case, make_outreach


@pytest.mark.django_db
def test_a_would_be_entrepreneur_gets_a_case_without_an_organisation(world):
    case = make_case(world.kolding, entrepreneur_name="Mette Idé", topic="start_up", stage="idea")
    assert case.organisation is None and case.client_name == "Mette Idé"
    assert [m.stage for m in case.stage_moves.all()] == ["idea"]
    with pytest.raises(ValidationError) as error:
        make_case(world.kolding)
    assert "entrepreneur_name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_case(world.kolding, organisation=world.aarhus_company)
    assert error.value.message_dict["organisation"] == ["Virksomheden skal høre til kommunen."]
    assert SupportCase.objects.count() == 1


@pytest.mark.django_db
def test_the_incubator_stage_moves_over_time_and_keeps_its_history(world):
    case = make_case(world.kolding, entrepreneur_name="Mette Idé", stage="idea", opened_on=datetime.date(2026, 1, 5))
    services.case_move_stage(by=None, case=case, stage="start_up", moved_on=datetime.date(2026, 4, 1))
    services.case_move_stage(by=None, case=case, stage="social_enterprise", moved_on=datetime.date(2026, 9, 1))
    assert [(m.stage, m.moved_on.month) for m in case.stage_moves.all()] == [("idea", 1), ("start_up", 4), ("social_enterprise", 9)]
    with pytest.raises(ValidationError) as error:
        services.case_move_stage(by=None, case=case, stage="growth", moved_on=datetime.date(2026, 2, 1))
    assert "moved_on" in error.value.message_dict


@pytest.mark.django_db
def test_contacts_referrals_and_closing_a_case(world, client_for):
    case = make_case(world.kolding, organisation=world.social_enterprise, topic="financing")
    client = client_for(world.users[Role.CONSULTANT])
    client.post(f"/strategi/sager/{case.public_id}/kontakt/", {"date": "2026-03-01", "note": "Henvist til fonden", "referred_to": world.business.pk})
    case.refresh_from_db()
    assert case.status == "referred" and case.contacts.get().referred_to == world.business
    response = client.post(f"/strategi/sager/{case.public_id}/status/", {"status": "closed", "outcome": ""}, follow=True)
    assert "Skriv resultatet" in response.content.decode()
    client.post(f"/strategi/sager/{case.public_id}/status/", {"status": "closed", "outcome": "Fik bevilling"})
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("closed", "Fik bevilling")


@pytest.mark.django_db
def test_overdue_follow_ups_and_the_campaign_view(world, client_for):
    campaign = "Information om udbud"
    for n in range(3):
        make_outreach(world.kolding, world.social_enterprise if n else world.company, campaign=campaign,
                      date=datetime.date(2019, 12, 1), follow_up_on=datetime.date(2020, 1, 1) if n == 2 else None)  # fmt: skip
    make_outreach(world.aarhus, world.aarhus_company, campaign=campaign)
    client = client_for(world.users[Role.CONSULTANT])
    page = client.get("/strategi/opsoegning/")
    assert [c.organisation for c in page.context["overdue"]] == [world.social_enterprise]
    [row] = list(page.context["campaigns"])
    assert (row["campaign"], row["contacts"], row["organisations"]) == (campaign, 3, 2)
    contact = page.context["overdue"][0]
    client.post(f"/strategi/opsoegning/{contact.public_id}/fulgt-op/")
    assert not client.get("/strategi/opsoegning/").context["overdue"]


@pytest.mark.django_db
def test_a_follow_up_before_the_contact_is_refused_naming_the_field(world):
    with pytest.raises(ValidationError) as error:
        make_outreach(world.kolding, world.company, date=datetime.date(2026, 3, 2), follow_up_on=datetime.date(2026, 3, 1))
    assert "follow_up_on" in error.value.message_dict


@pytest.mark.django_db
def test_the_outreach_list_takes_a_constant_number_of_queries(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users[Role.CONSULTANT])
    make_outreach(world.kolding, world.company, campaign="A")
    with django_assert_max_num_queries(12):
        client.get("/strategi/opsoegning/")
    for n in range(20):
        make_outreach(
            world.kolding, world.social_enterprise, campaign=f"K{n % 3}",
            date=datetime.date(2019, 12, 1), follow_up_on=datetime.date(2020, 1, 1),
        )  # fmt: skip
    with django_assert_max_num_queries(12):
        client.get("/strategi/opsoegning/")
    assert len(list(campaigns(__import__("accounts.access", fromlist=["Access"]).Access(world.users[Role.CONSULTANT])))) == 4


@pytest.mark.django_db
def test_the_case_list_and_start_page_take_a_constant_number_of_queries(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users[Role.CONSULTANT])
    make_case(world.kolding, organisation=world.company)
    client.get("/strategi/sager/")
    with django_assert_max_num_queries(12):
        client.get("/strategi/sager/")
    with django_assert_max_num_queries(14):
        client.get("/strategi/")
    for n in range(15):
        case = make_case(world.kolding, entrepreneur_name=f"Iværksætter {n}", stage="idea")
        services.case_contact_add(by=None, case=case, date=datetime.date(2026, 3, 1), note="Møde")
    with django_assert_max_num_queries(12):
        client.get("/strategi/sager/")
    with django_assert_max_num_queries(12):
        client.get("/strategi/sager/kuvoese/")


@pytest.mark.django_db
def test_the_outreach_log_of_one_organisation(world, client_for):
    make_outreach(world.kolding, world.company, topic="Udbud af rengøring")
    make_outreach(world.kolding, world.social_enterprise, topic="CSR-indkøb")
    client = client_for(world.users[Role.CONSULTANT])
    page = client.get(f"/strategi/opsoegning/?organisation={world.company.public_id}")
    assert [c.topic for c in page.context["page"].object_list] == ["Udbud af rengøring"]
    assert "Kontakter med Kolding Tømrer A/S" in page.content.decode()
    assert client.get("/strategi/opsoegning/?organisation=ikke-et-id").status_code == 200
