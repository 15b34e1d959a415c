"""Exactly one single point of contact per partnership: a partial unique index in PostgreSQL,
tested with two requests at once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from partnerships.models import MemberRole, PartnershipMember
from partnerships.services import member_save
from partnerships.testing import make_partnership
from registry.choices import Kind
from registry.testing import make_organisation


@pytest.mark.django_db
def test_the_database_refuses_a_second_single_point_of_contact(world):
    p = make_partnership(world)
    other = make_organisation(world.kolding, name="Anden aktør ApS", kind=Kind.EMPLOYMENT_ACTOR)
    with pytest.raises(IntegrityError):
        PartnershipMember.objects.create(partnership=p, organisation=other, role=MemberRole.SINGLE_POINT)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_naming_a_single_point_of_contact_at_once_leave_exactly_one(world):
    p = make_partnership(world, single_point=False)
    a = make_organisation(world.kolding, name="Aktør A ApS", kind=Kind.EMPLOYMENT_ACTOR)
    b = make_organisation(world.kolding, name="Aktør B ApS", kind=Kind.EMPLOYMENT_ACTOR)
    barrier = threading.Barrier(2)
    outcomes = []

    def name(org):
        try:
            barrier.wait(timeout=10)
            member_save(by=world.users["consultant"], partnership=p, organisation=org, role=MemberRole.SINGLE_POINT)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.message_dict["role"][0])
        finally:
            connection.close()

    threads = [threading.Thread(target=name, args=(org,)) for org in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[-1] == "ok" and outcomes.count("ok") == 1
    assert PartnershipMember.objects.filter(partnership=p, role=MemberRole.SINGLE_POINT).count() == 1
