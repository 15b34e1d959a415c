"""First come, first served with a waiting list that promotes itself, race-safe: real threads
against PostgreSQL, each with its own connection."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from events.models import Signup, SignupStatus
from events.services_signups import signup_cancel, signup_register
from events.testing import make_event


def _in_threads(n, work):
    barrier = threading.Barrier(n)

    def run(i):
        try:
            barrier.wait()
            return work(i)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_simultaneous_registrations_for_ten_seats_give_ten_seats_and_forty_waiting(world):
    event = make_event(world.kolding, world.business, capacity=10)
    _in_threads(50, lambda i: signup_register(event=event, name=f"Deltager {i}", email=f"d{i}@example.dk").pk)
    signups = list(Signup.objects.filter(event=event).order_by("created_at", "pk"))
    statuses = [s.status for s in signups]
    assert statuses.count(SignupStatus.REGISTERED) == 10
    assert statuses.count(SignupStatus.WAITLISTED) == 40
    # the queue is in time order: every seat was taken before anyone joined the waiting list
    assert statuses == [SignupStatus.REGISTERED] * 10 + [SignupStatus.WAITLISTED] * 40


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_cancellations_promote_exactly_one_waiting_per_freed_seat(world):
    event = make_event(world.kolding, world.business, capacity=2)
    first = signup_register(event=event, name="A", email="a@example.dk")
    signup_register(event=event, name="B", email="b@example.dk")
    waiting = [signup_register(event=event, name=f"V{i}", email=f"v{i}@example.dk") for i in range(3)]

    def cancel(_i):
        try:
            return len(signup_cancel(signup=first))
        except Exception:  # noqa: BLE001 - the second cancel of the same registration is refused
            return 0

    promoted = _in_threads(2, cancel)
    assert sorted(promoted) == [0, 1]
    statuses = {s.name: s.status for s in Signup.objects.filter(event=event)}
    assert statuses["V0"] == SignupStatus.REGISTERED
    assert (statuses["V1"], statuses["V2"]) == (SignupStatus.WAITLISTED, SignupStatus.WAITLISTED)
    assert Signup.objects.filter(pk=waiting[0].pk, promoted_at__isnull=False).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_address_twice_at_once_gives_one_registration(world):
    event = make_event(world.kolding, world.business, capacity=10)

    def register(_i):
        try:
            signup_register(event=event, name="Ane", email="Ane@Example.dk")
            return "ok"
        except Exception:  # noqa: BLE001
            return "refused"

    assert sorted(_in_threads(5, register)) == ["ok"] + ["refused"] * 4
    assert Signup.objects.filter(event=event).count() == 1
