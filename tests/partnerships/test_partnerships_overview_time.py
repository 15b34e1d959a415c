"""The overview over time: per cluster and municipality, the figures for each date equal a direct
count of the slots and confirmed pairs, in a constant number of queries, shown as a chart with
the table beside it."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerships.models import MatchingRun, MatchPair, PairState, PlacementSlot, RunStatus, SlotStatus
from partnerships.overview_time import dates_until, history_of
from partnerships.services import target_save
from partnerships.testing import make_partnership, make_slot, make_staffing
from pathways.testing import enrol
from registry.choices import Kind
from registry.testing import make_organisation

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 6, 15)


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _copy(slot, company, **fields) -> PlacementSlot:
    """Another slot like `slot` (a host company outside Kolding has no registry figures to pass
    the rimelighedskrav service, and this test is about counting, not opening)."""
    slot.pk, slot.public_id, slot.company = None, uuid.uuid4(), company
    for name, value in fields.items():
        setattr(slot, name, value)
    slot.save()
    return slot


def _confirmed_run(world, partnership, slots, *, on, states):
    run = MatchingRun.objects.create(
        partnership=partnership, start=on, status=RunStatus.CONFIRMED, created_by=world.users["caseworker"],
        confirmed_at=_at(on),
    )
    for slot, state in zip(slots, states, strict=True):
        MatchPair.objects.create(run=run, slot=slot, state=state, enrolment=enrol(
            caseworker=world.users["caseworker"], municipality=world.kolding, provider=world.provider,
            start=D(2025, 1, 6)))
    return run


@pytest.fixture
def history_world(world):
    p = make_partnership(world)
    make_staffing(world.company, ordinary=50)
    make_staffing(world.social_enterprise, ordinary=50)
    by = world.users["consultant"]
    target_save(by=by, partnership=p, cluster="Trekantområdet", municipality=world.kolding, places=6)
    target_save(by=by, partnership=p, cluster="Østjylland", municipality=world.aarhus, places=4)
    aarhus_co = make_organisation(world.aarhus, name="Aarhus Lager A/S", kind=Kind.COMPANY)
    a = make_slot(world, p, places=1, start=D(2026, 1, 10), end=None)
    b = make_slot(world, p, world.social_enterprise, places=1, start=D(2026, 3, 1), end=D(2026, 4, 15))
    c = _copy(make_slot(world, p, places=1, start=D(2026, 2, 1)), aarhus_co, places=3, start=D(2026, 2, 1), end=None)
    draft = make_slot(world, p, places=1, start=D(2026, 1, 1), open_now=False)
    PlacementSlot.objects.filter(pk=a.pk).update(created_at=_at(D(2026, 1, 5)))
    PlacementSlot.objects.filter(pk=b.pk).update(created_at=_at(D(2026, 2, 20)))
    PlacementSlot.objects.filter(pk=c.pk).update(created_at=_at(D(2026, 4, 2)))  # offered after its start
    PlacementSlot.objects.exclude(pk__in=[a.pk, b.pk, c.pk, draft.pk]).delete()  # the one _copy started from
    _confirmed_run(world, p, [a, b], on=D(2026, 3, 10), states=[PairState.PROPOSED, PairState.LOCKED])
    _confirmed_run(world, p, [c, c], on=D(2026, 5, 20), states=[PairState.LOCKED, PairState.REJECTED])
    unconfirmed = _confirmed_run(world, p, [c], on=D(2026, 2, 10), states=[PairState.PROPOSED])
    MatchingRun.objects.filter(pk=unconfirmed.pk).update(status=RunStatus.PROPOSED)
    assert PlacementSlot.objects.filter(status=SlotStatus.DRAFT).count() == 1
    return p


def _direct(partnership, municipality, on):
    """The same figures counted one object at a time, straight from the definitions."""
    def covers(slot):
        return slot.start <= on and (slot.end is None or slot.end >= on)

    slots = [s for s in PlacementSlot.objects.filter(partnership=partnership).select_related("company")
             if s.company.municipality_id == municipality.pk]
    offered = sum(s.places for s in slots if s.status != SlotStatus.DRAFT and covers(s)
                  and timezone.localdate(s.created_at) <= on)
    filled = sum(
        1 for pair in MatchPair.objects.filter(slot__in=slots).select_related("run", "slot")
        if pair.run.status == RunStatus.CONFIRMED and pair.state != PairState.REJECTED
        and timezone.localdate(pair.run.confirmed_at) <= on and covers(pair.slot)
    )
    target = partnership.targets.get(municipality=municipality).places
    return target, offered, filled


def test_the_dates_are_month_ends_then_today_never_before_the_start():
    assert dates_until(TODAY, D(2025, 1, 1)) == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30),
                                                 D(2026, 5, 31), TODAY]
    assert dates_until(TODAY, D(2026, 5, 10)) == [D(2026, 5, 31), TODAY]
    assert dates_until(TODAY, D(2026, 6, 1)) == [TODAY]


def test_every_figure_equals_the_direct_count(history_world, world):
    history = history_of(history_world, today=TODAY)
    seen = 0
    for cluster in history["clusters"]:
        for series in cluster["municipalities"]:
            municipality = world.kolding if series.label == world.kolding.name else world.aarhus
            for point in series.points:
                assert (point.target, point.offered, point.filled) == _direct(history_world, municipality, point.on)
                seen += 1
        for k, point in enumerate(cluster["total"].points):
            parts = [s.points[k] for s in cluster["municipalities"]]
            assert point.filled == sum(p.filled for p in parts) and point.offered == sum(p.offered for p in parts)
    assert seen == 12
    kolding = history["clusters"][0]["municipalities"][0].points
    # a: offered from 10 Jan; b: 1 Mar–15 Apr; both filled from 10 Mar, b no more after 15 Apr
    assert [(p.offered, p.filled) for p in kolding] == [(1, 0), (1, 0), (2, 2), (1, 1), (1, 1), (1, 1)]
    aarhus = history["clusters"][1]["municipalities"][0].points
    assert [(p.offered, p.filled) for p in aarhus] == [(0, 0), (0, 0), (0, 0), (3, 0), (3, 1), (3, 1)]


def test_the_number_of_queries_does_not_grow_with_slots_or_pairs(history_world, world):
    with CaptureQueriesContext(connection) as few:
        history_of(history_world, today=TODAY)
    for _ in range(5):
        slot = make_slot(world, history_world, places=1, start=D(2026, 1, 2))
        _confirmed_run(world, history_world, [slot], on=D(2026, 2, 2), states=[PairState.PROPOSED])
    with CaptureQueriesContext(connection) as many:
        history_of(history_world, today=TODAY)
    assert len(few) == len(many) == 3


def test_the_page_shows_the_chart_with_the_table_beside_it(history_world, world, client_for):
    text = client_for(world.users["consultant"]).get(reverse("partnerships:detail", args=[history_world.public_id])).text
    assert text.count('role="img" aria-labelledby="history-chart-') == 2  # one chart per cluster
    assert "Mål, udbudt og besat over tid: Østjylland" in text and "I alt, Trekantområdet" in text
    assert 'class="num text-align-right">6</td>' in text  # Kolding's target, right-aligned


def test_a_company_contact_does_not_see_the_overview(history_world, world, client_for):
    text = client_for(world.users["company"]).get(reverse("partnerships:detail", args=[history_world.public_id])).text
    assert "history-chart-" not in text
