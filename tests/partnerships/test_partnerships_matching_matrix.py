"""The matrix the solver is handed (no database): computed block by block, it holds −score of each
pair once per free place of the slot, every score is the documented formula worked out pair by
pair in plain Python, and neither the block size nor working by kind of slot changes anything
(hypothesis)."""

from collections import Counter
from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerships import matching
from partnerships.matching import NOT_YET, READY, WITH_SUPPORT, Opening, Participant

NAMES = ["lager", "café", "bro aps", "køkken"]


def _oracle(person, slot, max_km, forbidden):
    """The score of one pair from the formula in docs/partnerships.md, in plain Python; 0 when
    the pair is not allowed."""
    km = float(matching.distances([person], [slot])[0, 0])
    supported = person.readiness == WITH_SUPPORT
    if (
        person.readiness == NOT_YET
        or km > min(person.max_km, max_km, matching.MAX_KM)
        or (supported and slot.needs_ready)
        or (person.key, slot.key) in forbidden
    ):
        return 0
    ranks = [r for r, name in enumerate(person.wishes, start=1) if name in {slot.company.lower(), slot.trade.lower()}]
    bonus = 0 if not ranks else {1: 60, 2: 40, 3: 20}.get(min(ranks), 10)
    return 200 - round(km) + bonus + (10 if supported else 0)


# scattered points, or a few shared ones (as at postcode points, where scores go by kind of slot)
coordinate = st.tuples(st.floats(55.3, 55.8), st.floats(9.0, 9.9)) | st.sampled_from(
    [(55.49, 9.47), (55.71, 9.53), (55.57, 9.75)]
)
people_st = st.lists(
    st.tuples(coordinate, st.sampled_from([10, 25, 60]), st.sampled_from([READY, WITH_SUPPORT, NOT_YET]),
              st.lists(st.sampled_from(NAMES), max_size=4)),
    min_size=1, max_size=12,
)
openings_st = st.lists(
    st.tuples(coordinate, st.integers(0, 4), st.sampled_from(["", "Bro ApS", "Lager"]),
              st.sampled_from(["", "lager", "café", "Bro ApS"]), st.booleans()),
    min_size=1, max_size=8,
)


def _instance(raw_people, raw_openings, pick):
    people = [Participant(i, lat, lon, km, ready, tuple(wishes))
              for i, ((lat, lon), km, ready, wishes) in enumerate(raw_people)]
    openings = [Opening(f"s{j}", lat, lon, places, company, trade, needs)
                for j, ((lat, lon), places, company, trade, needs) in enumerate(raw_openings)]
    forbidden = {(people[i % len(people)].key, openings[j % len(openings)].key) for i, j in pick}
    return people, openings, forbidden


@settings(max_examples=150, deadline=None)
@given(people_st, openings_st, st.lists(st.tuples(st.integers(0, 11), st.integers(0, 7)), max_size=6),
       st.integers(10, 80), st.sampled_from([1, 7, 2**16]), st.sampled_from([0.0, 1.0]))
def test_the_solver_matrix_holds_each_score_once_per_place_whatever_the_block_size(
    raw_people, raw_openings, pick, max_km, block, by_kind
):
    people, openings, forbidden = _instance(raw_people, raw_openings, pick)
    with patch.object(matching, "BY_KIND", by_kind):  # 0: pair by pair; 1: by kind of slot
        scores, _distances, _ranks = matching.score_matrix(people, openings, max_km=max_km, forbidden=forbidden)
    for i, person in enumerate(people):
        for j, slot in enumerate(openings):
            assert scores[i, j] == _oracle(person, slot, max_km, forbidden)
    with patch.object(matching, "BLOCK_ELEMENTS", block), patch.object(matching, "BY_KIND", by_kind):
        built = matching.problem(people, openings, max_km=max_km, forbidden=forbidden)
    ready = [i for i, p in enumerate(people) if p.readiness != NOT_YET]
    assert sorted(built.rows.tolist()) == ready
    slot_of = [built.run.openings[j].key for j in built.column_of.tolist()]
    index = {o.key: j for j, o in enumerate(openings)}
    assert Counter(slot_of) == Counter(
        {o.key: min(o.places, len(ready)) for o in openings if o.places > 0 and ready}
    )
    expected = np.array([[-scores[i, index[key]] for key in slot_of] for i in built.rows.tolist()])
    assert np.array_equal(built.matrix, expected.reshape(built.matrix.shape))
    assert built.matrix.dtype == np.float64 and built.matrix.flags.c_contiguous


@settings(max_examples=60, deadline=None)
@given(people_st, openings_st, st.lists(st.tuples(st.integers(0, 11), st.integers(0, 7)), max_size=6))
def test_one_row_per_block_and_by_kind_give_the_same_matching(raw_people, raw_openings, pick):
    people, openings, forbidden = _instance(raw_people, raw_openings, pick)
    with patch.object(matching, "BY_KIND", 0.0):
        whole = matching.solve(people, openings, max_km=40, forbidden=forbidden)
    with patch.object(matching, "BLOCK_ELEMENTS", 1), patch.object(matching, "BY_KIND", 1.0):
        blocked = matching.solve(people, openings, max_km=40, forbidden=forbidden)
    assert blocked.total == whole.total and len(blocked.unmatched) == len(whole.unmatched)
    assert not {(p.participant, p.slot) for p in blocked.pairs} & forbidden
