"""Placement slots and the rimelighedskrav: live placements count against the capacity, a slot
beyond it is refused with the worked numbers unless a dispensation is recorded, the over-limit
case shows as a violation, and the accelerator's gate is asked before a slot opens."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from partnerships.capacity import capacity_of
from partnerships.models import PlacementSlot, SlotStatus
from partnerships.services_slots import slot_save
from partnerships.testing import live_placement, make_partnership, make_slot, make_staffing, slot_data

pytestmark = pytest.mark.django_db


def test_live_placements_count_against_the_capacity(world):
    make_staffing(world.company, ordinary=12)  # 12 ordinary → 2 allowed
    live_placement(world, world.company)
    cap = capacity_of(world.company.pk, on=timezone.localdate())
    assert (cap.allowed, cap.live, cap.used, cap.free) == (2, 1, 1, 1)


def test_an_ended_placement_no_longer_counts(world):
    make_staffing(world.company, ordinary=12)
    placement = live_placement(world, world.company, start=timezone.localdate() - timezone.timedelta(days=30))
    placement.end = timezone.localdate() - timezone.timedelta(days=1)
    placement.save(update_fields=["end"])
    assert capacity_of(world.company.pk, on=timezone.localdate()).live == 0


def test_a_slot_within_the_capacity_opens_and_is_audited(world):
    p = make_partnership(world)
    make_staffing(world.company, ordinary=12)
    slot = make_slot(world, p, places=2)
    assert slot.status == SlotStatus.OPEN
    assert AuditEvent.objects.filter(event="partnerships.slot.create", object_id=str(slot.pk)).exists()
    assert capacity_of(world.company.pk, on=timezone.localdate()).free == 0


def test_a_slot_beyond_the_capacity_is_refused_with_the_numbers(world):
    p = make_partnership(world)
    make_staffing(world.company, ordinary=12)  # 2 allowed
    live_placement(world, world.company)  # 1 used
    with pytest.raises(ValidationError) as error:
        make_slot(world, p, places=2)
    message = error.value.message_dict["places"][0]
    assert "rimelighedskravet" in message and "må have 2" in message and "1 er optaget" in message
    assert not PlacementSlot.objects.exists()


def test_a_recorded_dispensation_lets_the_slot_open_and_names_who_recorded_it(world):
    p = make_partnership(world)
    make_staffing(world.company, ordinary=3)  # 1 allowed
    slot = make_slot(world, p, places=3, dispensation_note="Socialøkonomisk virksomhed, dispensation 2026")
    assert slot.status == SlotStatus.OPEN and slot.dispensation_by == world.users["consultant"]


def test_a_second_slot_counts_the_first_ones_places(world):
    p = make_partnership(world)
    make_staffing(world.company, ordinary=50)  # 10 allowed
    make_slot(world, p, places=8)
    with pytest.raises(ValidationError):
        make_slot(world, p, places=3)
    make_slot(world, p, places=2)


def test_the_over_limit_case_shows_as_a_violation_not_as_room_for_zero(world, client_for):
    p = make_partnership(world)
    make_staffing(world.company, ordinary=3, interns=1)
    make_slot(world, p, places=1, dispensation_note="Dispensation")
    for _ in range(3):
        live_placement(world, world.company)  # 1 allowed, 4 used
    page = client_for(world.users["caseworker"]).get(reverse("partnerships:detail", args=[p.public_id])).text
    assert "Overskredet: 1 tilladt, 4 optaget (3 for mange)" in page
    assert "plads til 0 mere" not in page


@pytest.mark.parametrize(
    ("field", "overrides", "words"),
    [
        ("places", {"places": -1}, "Antal pladser skal være mindst 1"),
        ("postcode", {"postcode": "12ab"}, "Adressen kan ikke placeres"),
        ("postcode", {"postcode": "0123"}, "Adressen kan ikke placeres"),
        ("buddy", {"buddy": " "}, "støttepersonen"),
        ("hours_per_week", {"hours_per_week": Decimal("0")}, "Timer pr. uge"),
        ("company", {"company": None}, "Vælg værtsvirksomheden"),
    ],
)
def test_bad_slot_input_is_refused_in_danish_naming_the_field(world, field, overrides, words):
    p = make_partnership(world)
    with pytest.raises(ValidationError) as error:
        slot_save(by=world.users["consultant"], partnership=p, data=slot_data(world.company) | overrides, open_now=True)
    assert words in error.value.message_dict[field][0]
    assert not PlacementSlot.objects.exists()


def test_the_slot_form_names_the_field_for_negative_places(world, client_for):
    p = make_partnership(world)
    data = slot_data(world.company, places=-2)
    post = {k: ("" if v is None else getattr(v, "pk", v)) for k, v in data.items()}
    response = client_for(world.users["consultant"]).post(reverse("partnerships:slot_create", args=[p.public_id]), post)
    assert response.status_code == 200 and "Antal pladser skal være mindst 1" in response.text
    assert not PlacementSlot.objects.exists()


def test_a_company_that_is_not_a_host_cannot_offer(world):
    p = make_partnership(world, hosts=[world.social_enterprise])
    with pytest.raises(ValidationError) as error:
        make_slot(world, p, world.company)
    assert "company" in error.value.message_dict


def test_the_accelerator_gate_is_asked_before_a_slot_opens(world, monkeypatch):
    p = make_partnership(world)
    monkeypatch.setattr("partnerships.services_slots.slots_may_open", lambda org: (False, "Den sociale model er ikke klar."))
    with pytest.raises(ValidationError) as error:
        make_slot(world, p)
    assert error.value.message_dict["company"] == ["Den sociale model er ikke klar."]
    slot = make_slot(world, p, open_now=False)
    assert slot.status == SlotStatus.DRAFT


def test_a_company_contact_offers_a_slot_for_its_own_company_only(world, client_for):
    p = make_partnership(world)
    client = client_for(world.users["company"])
    page = client.get(reverse("partnerships:slot_create", args=[p.public_id]))
    assert page.status_code == 200
    assert f'value="{world.social_enterprise.pk}"' not in page.text
    outsider = client_for(world.outsiders["company"])
    assert outsider.get(reverse("partnerships:slot_create", args=[p.public_id])).status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_slots_opened_at_once_cannot_both_pass_the_capacity(world):
    p = make_partnership(world)
    make_staffing(world.company, ordinary=5)  # 1 allowed
    drafts = [make_slot(world, p, open_now=False, title=f"Plads {i}") for i in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def open_slot(slot):
        from partnerships.services_slots import slot_set_status

        try:
            barrier.wait(timeout=10)
            slot_set_status(by=world.users["consultant"], slot=slot, status=SlotStatus.OPEN)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=open_slot, args=(s,)) for s in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert PlacementSlot.objects.filter(status=SlotStatus.OPEN).count() == 1


def test_the_registry_page_shows_one_allowed_four_used_as_a_violation(world, client_for):
    make_staffing(world.company, ordinary=3, wage_subsidy=2, interns=2)  # 1 allowed, 4 used
    page = client_for(world.users["consultant"]).get(reverse("registry:detail", args=[world.company.public_id])).text
    assert "Overskredet: 1 tilladt, 4 optaget (3 for mange)" in page
    assert "plads til 0 mere" not in page
