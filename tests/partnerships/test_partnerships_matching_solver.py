"""The solver alone (no database): capacity and distance are never exceeded, and on small
instances the total fit equals the optimum found by exhaustive search (hypothesis)."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from partnerships.matching import NOT_YET, READY, WITH_SUPPORT, Opening, Participant, score_matrix, solve

KOLDING = (55.49, 9.47)


def participant(key, lat=55.49, lon=9.47, max_km=40, readiness=READY, wishes=()):
    return Participant(key, lat, lon, max_km, readiness, tuple(wishes))


def opening(key, lat=55.49, lon=9.47, places=1, company="", trade="", needs_ready=False):
    return Opening(key, lat, lon, places, company, trade, needs_ready)


def test_a_slot_never_takes_more_than_its_places():
    people = [participant(i) for i in range(5)]
    result = solve(people, [opening("a", places=2)], max_km=40)
    assert len(result.pairs) == 2 and set(result.unmatched.values()) == {"taken"}


def test_nobody_is_sent_beyond_the_maximum_distance():
    far = opening("vejle", lat=55.71, lon=9.53)  # about 25 km from Kolding
    result = solve([participant("a", max_km=20)], [far], max_km=40)
    assert not result.pairs and result.unmatched == {"a": "too_far"}
    assert solve([participant("a", max_km=30)], [far], max_km=20).unmatched == {"a": "too_far"}
    assert len(solve([participant("a", max_km=30)], [far], max_km=40).pairs) == 1


def test_a_first_wish_beats_a_nearer_slot():
    near, wished = opening("near", company="Lager ApS"), opening("wished", lat=55.55, company="Café Bro ApS")
    result = solve([participant("a", wishes=["café bro aps"])], [near, wished], max_km=40)
    assert result.pairs[0].slot == "wished" and result.pairs[0].wish_rank == 1


def test_not_ready_participants_and_demanding_slots():
    result = solve(
        [participant("a", readiness=NOT_YET), participant("b", readiness=WITH_SUPPORT)],
        [opening("x", needs_ready=True)], max_km=40,
    )
    assert result.unmatched == {"a": "not_ready", "b": "too_far"}


def test_a_rejected_pair_is_never_proposed():
    result = solve([participant("a")], [opening("x"), opening("y", lat=55.52)], max_km=40, forbidden=[("a", "x")])
    assert result.pairs[0].slot == "y"


def test_a_slot_wished_by_company_and_trade_gets_the_better_bonus_once():
    slot = opening("x", company="Bro ApS", trade="café")
    assert solve([participant("a", wishes=["café", "bro aps"])], [slot], max_km=40).pairs[0].score == 200 + 60
    pair = solve([participant("a", wishes=["lager", "bro aps", "café"])], [slot], max_km=40).pairs[0]
    assert (pair.score, pair.wish_rank) == (200 + 40, 2)


def _exhaustive(people, openings, max_km):
    scores, _d, _r = score_matrix(people, openings, max_km=max_km)
    best = 0
    choices = [None, *range(len(openings))]
    for assignment in itertools.product(choices, repeat=len(people)):
        used = [0] * len(openings)
        total = 0
        ok = True
        for i, j in enumerate(assignment):
            if j is None:
                continue
            used[j] += 1
            if used[j] > openings[j].places or scores[i, j] <= 0:
                ok = False
                break
            total += int(scores[i, j])
        if ok:
            best = max(best, total)
    return best


coordinate = st.tuples(st.floats(55.3, 55.8), st.floats(9.0, 9.9))
names = st.sampled_from(["lager", "café", "køkken", "butik", "bro aps"])
companies = st.sampled_from(["", "Bro ApS", "Lager"])
people_st = st.lists(
    st.tuples(coordinate, st.integers(5, 60), st.sampled_from([READY, WITH_SUPPORT, NOT_YET]), st.lists(names, max_size=3)),
    min_size=1, max_size=5,
)
openings_st = st.lists(
    st.tuples(coordinate, st.integers(1, 3), names, st.booleans(), companies), min_size=1, max_size=3
)


@settings(max_examples=150, deadline=None)
@given(people_st, openings_st, st.integers(10, 80))
def test_the_solver_equals_exhaustive_search_and_keeps_every_rule(raw_people, raw_openings, max_km):
    people = [participant(i, lat, lon, km, ready, wishes) for i, ((lat, lon), km, ready, wishes) in enumerate(raw_people)]
    openings = [opening(j, lat, lon, places, company=company, trade=trade, needs_ready=needs)
                for j, ((lat, lon), places, trade, needs, company) in enumerate(raw_openings)]
    result = solve(people, openings, max_km=max_km)
    assert result.total == _exhaustive(people, openings, max_km)
    taken = {}
    for pair in result.pairs:
        taken[pair.slot] = taken.get(pair.slot, 0) + 1
        assert pair.distance_km <= min(people[pair.participant].max_km, max_km) + 1e-9
        assert people[pair.participant].readiness != NOT_YET
        if people[pair.participant].readiness == READY:  # the score is the documented formula
            bonus = {None: 0, 1: 60, 2: 40, 3: 20}.get(pair.wish_rank, 10)
            assert pair.score == 200 - round(pair.distance_km) + bonus
    assert all(n <= openings[j].places for j, n in taken.items())
    assert len(result.pairs) + len(result.unmatched) == len(people)
