"""Company requests through the single point of contact: the company posts a need, it lands in
the contact's inbox with an answer deadline in working days, overdue requests are highlighted,
and a company sees only its own requests."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import make_user
from partnerships.models import CompanyRequest, RequestStatus
from partnerships.services_requests import request_post
from partnerships.testing import make_partnership

pytestmark = pytest.mark.django_db


def test_a_company_posts_a_need_with_a_deadline_of_two_working_days(world, client_for):
    p = make_partnership(world)
    with time_machine.travel(datetime.datetime(2026, 12, 23, 10, 0), tick=False):
        response = client_for(world.users["company"]).post(reverse("partnerships:request_create"), {
            "partnership": p.pk, "company": world.company.pk, "kind": "placement", "text": "To pladser på lageret"})
    assert response.status_code == 302
    request = CompanyRequest.objects.get()
    assert request.answer_due == datetime.date(2026, 12, 28) and request.posted_by == world.users["company"]


def test_a_request_without_a_company_is_refused_naming_the_company(world):
    p = make_partnership(world)
    with pytest.raises(ValidationError) as error:
        request_post(by=world.users["company"], partnership=p, company=None, kind="task", text="Opgave")
    assert "Vælg virksomheden" in error.value.message_dict["company"][0]
    assert not CompanyRequest.objects.exists()


def test_the_single_point_of_contact_sees_it_in_the_inbox_and_overdue_is_highlighted(world, client_for):
    p = make_partnership(world)
    with time_machine.travel(datetime.datetime(2026, 11, 2, 10, 0), tick=False):
        request_post(by=world.users["company"], partnership=p, company=world.company, kind="task", text="Opgave")
    inbox = client_for(world.users["provider"]).get(reverse("partnerships:inbox")).text
    assert world.company.name in inbox and 'class="overdue"' in inbox and "Overskredet" in inbox


def test_the_single_point_of_contact_answers_and_the_company_sees_the_status(world, client_for):
    p = make_partnership(world)
    item = request_post(by=world.users["company"], partnership=p, company=world.company, kind="vacancy", text="Job")
    response = client_for(world.users["provider"]).post(reverse("partnerships:request", args=[item.public_id]),
                                                        {"answer": "Vi ringer i morgen"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == RequestStatus.ANSWERED and item.answered_by == world.users["provider"]
    page = client_for(world.users["company"]).get(reverse("partnerships:requests")).text
    assert "Besvaret" in page


def test_a_company_sees_only_its_own_requests(world, client_for):
    p = make_partnership(world)
    other_contact = make_user("cafe_contact", organisation=world.social_enterprise, role=Role.COMPANY)
    mine = request_post(by=world.users["company"], partnership=p, company=world.company, kind="task", text="Min")
    theirs = request_post(by=other_contact, partnership=p, company=world.social_enterprise, kind="task", text="Deres")
    client = client_for(world.users["company"])
    assert client.get(reverse("partnerships:request", args=[mine.public_id])).status_code == 200
    assert client.get(reverse("partnerships:request", args=[theirs.public_id])).status_code == 404
    assert world.social_enterprise.name not in client.get(reverse("partnerships:requests")).text
    # the company may not answer its own request
    assert client.post(reverse("partnerships:request", args=[mine.public_id]), {"answer": "x"}).status_code == 404


def test_another_municipality_sees_no_request(world, client_for):
    p = make_partnership(world)
    item = request_post(by=world.users["company"], partnership=p, company=world.company, kind="task", text="Opgave")
    for role in ("company", "provider", "consultant"):
        assert client_for(world.outsiders[role]).get(reverse("partnerships:request", args=[item.public_id])).status_code == 404
