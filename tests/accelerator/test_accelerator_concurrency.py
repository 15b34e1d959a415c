"""The "at most one" rules under two requests at once (threads against PostgreSQL): one
application per company and cohort, one place per company in a cohort. The loser gets the
Danish error naming the field, never a server error."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accelerator import services, services_recruitment
from accelerator.models import Application, Participant
from accelerator.testing import cohort, system_user


def _twice(call) -> list:
    barrier, outcomes = threading.Barrier(2), []

    def run():
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.message_dict)
        except Exception as error:  # noqa: BLE001 - any other error is what the test looks for
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_identical_applications_at_once_store_one(world):
    made = cohort(world.kolding, world.business)
    outcomes = _twice(lambda: services_recruitment.application_create(
        by=system_user(), cohort=made, data={"organisation": world.company, "motivation": "Dobbelt bundlinje"},
    ))  # fmt: skip
    assert Application.objects.filter(cohort=made, organisation=world.company).count() == 1
    assert outcomes.count("ok") == 1
    refused = next(o for o in outcomes if o != "ok")
    assert "organisation" in refused


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_company_added_twice_at_once_joins_the_cohort_once(world):
    made = cohort(world.kolding, world.business)
    outcomes = _twice(
        lambda: services.participant_add(by=system_user(), cohort=made, organisation=world.company)
    )
    assert Participant.objects.filter(cohort=made, organisation=world.company).count() == 1
    assert outcomes.count("ok") == 1
    assert "organisation" in next(o for o in outcomes if o != "ok")
