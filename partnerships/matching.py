"""Matching participants to placement slots: the pure part (numpy and scipy, no Django).

The fit of a participant to a slot is an integer score (docs/partnerships.md):

    score = 200 − round(distance in km) + wish bonus (1st wish 60, 2nd 40, 3rd 20, later 10)
            + 10 when a participant who needs extra support gets a slot that does not demand
              full readiness (the company has said it can carry them)

and a pair is allowed only when the distance is within both the participant's own maximum and
the run's, the participant is ready (a "not ready yet" participant is not matched), the slot
does not demand full readiness from a participant who needs support, and the caseworker has not
rejected the pair. With distances at most 150 km every allowed pair scores above 0, so an
unassigned participant is never better than an allowed pair.

The assignment maximising the total score, with each slot taking at most its places, is found by
`scipy.optimize.linear_sum_assignment` on the score matrix with each slot's column repeated once
per place (`assignment_matrix`); a row assigned to a forbidden pair (score 0) counts as
unmatched, which is the same optimum as a maximum-weight matching (a forbidden pair adds
nothing)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

BASE = 200
WISH_BONUS = (60, 40, 20)
LATER_WISH_BONUS = 10
SUPPORT_FIT_BONUS = 10
MAX_KM = 150
READY, WITH_SUPPORT, NOT_YET = "ready", "with_support", "not_yet"
EARTH_KM = 6371.0


@dataclass(frozen=True)
class Participant:
    key: object
    lat: float
    lon: float
    max_km: float
    readiness: str = READY
    wishes: tuple[str, ...] = ()  # lower-case trades or company names, first is most wanted


@dataclass(frozen=True)
class Opening:
    key: object
    lat: float
    lon: float
    places: int
    company: str = ""
    trade: str = ""
    needs_ready: bool = False


@dataclass(frozen=True)
class Pair:
    participant: object
    slot: object
    score: int
    distance_km: float
    wish_rank: int | None


@dataclass
class Result:
    pairs: list[Pair] = field(default_factory=list)
    unmatched: dict[object, str] = field(default_factory=dict)  # key → reason code

    @property
    def total(self) -> int:
        return sum(p.score for p in self.pairs)


def distances(participants: Sequence[Participant], openings: Sequence[Opening]) -> np.ndarray:
    """Distances in km, participants × openings, on the local flat-earth (equirectangular)
    approximation: east-west degrees shrunk by the cosine of the participant's latitude. Within
    Denmark (under 400 km) it differs from the great-circle distance by well under 1 %, and it
    needs no trigonometry per pair, which keeps the whole run close to the solver's own time."""
    f = np.float32
    plat = np.radians(np.array([p.lat for p in participants], dtype=f))[:, None]
    plon = np.radians(np.array([p.lon for p in participants], dtype=f))[:, None]
    olat = np.radians(np.array([o.lat for o in openings], dtype=f))[None, :]
    olon = np.radians(np.array([o.lon for o in openings], dtype=f))[None, :]
    # float32 and in place: four passes over the matrix instead of a dozen temporaries.
    dx = olon - plon
    dx *= np.cos(plat)
    np.hypot(dx, olat - plat, out=dx)
    dx *= f(EARTH_KM)
    return dx


def wish_ranks(participants: Sequence[Participant], openings: Sequence[Opening]) -> np.ndarray:
    """1-based rank of the first wish naming the slot's company or trade; 0 for none. Names are
    turned into integer codes once, so each rank is one vectorised comparison."""
    codes: dict[str, int] = {}

    def code(name: str) -> int:
        return codes.setdefault(name.lower(), len(codes)) if name else -2  # an empty name is never wished for

    companies = np.array([code(o.company) for o in openings], dtype=np.int32)
    trades = np.array([code(o.trade) for o in openings], dtype=np.int32)
    ranks = np.zeros((len(participants), len(openings)), dtype=np.int16)
    most = max((len(p.wishes) for p in participants), default=0)
    for rank in range(most, 0, -1):  # the best rank is written last and wins
        wanted = np.array(
            [codes.get(p.wishes[rank - 1], -1) if len(p.wishes) >= rank else -1 for p in participants], dtype=np.int32
        )[:, None]
        hit = (wanted >= 0) & ((companies[None, :] == wanted) | (trades[None, :] == wanted))
        ranks[hit] = rank
    return ranks


def score_matrix(
    participants: Sequence[Participant], openings: Sequence[Opening], *, max_km: float,
    forbidden: Iterable[tuple[object, object]] = (),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(scores, distances, wish ranks), participants × openings; a score of 0 is a forbidden pair.
    Scores are whole numbers held as float32, computed in place to keep the memory traffic of a
    national-scale run low."""
    n, m = len(participants), len(openings)
    if not n or not m:
        return np.zeros((n, m), dtype=np.float32), np.zeros((n, m), dtype=np.float32), np.zeros((n, m), dtype=np.int16)
    dist = distances(participants, openings)
    ranks = wish_ranks(participants, openings)
    bonus_of_rank = np.full(max(int(ranks.max()) + 1, len(WISH_BONUS) + 1), LATER_WISH_BONUS, dtype=np.float32)
    bonus_of_rank[0] = 0
    bonus_of_rank[1: len(WISH_BONUS) + 1] = WISH_BONUS
    readiness = np.array([p.readiness for p in participants], dtype=object)
    supported = (readiness == WITH_SUPPORT)[:, None]
    needs_ready = np.array([o.needs_ready for o in openings], dtype=bool)[None, :]
    limit = np.minimum(np.array([p.max_km for p in participants], dtype=np.float32), min(max_km, MAX_KM))[:, None]
    allowed = dist <= limit
    allowed &= (readiness != NOT_YET)[:, None]
    allowed &= ~(supported & needs_ready)
    scores = np.rint(dist)
    np.subtract(BASE, scores, out=scores)
    scores += bonus_of_rank[ranks]
    scores += np.where(supported & ~needs_ready, np.float32(SUPPORT_FIT_BONUS), np.float32(0))
    scores *= allowed
    if forbidden:
        p_index = {p.key: i for i, p in enumerate(participants)}
        o_index = {o.key: j for j, o in enumerate(openings)}
        for pk, ok in forbidden:
            if pk in p_index and ok in o_index:
                scores[p_index[pk], o_index[ok]] = 0
    return scores, dist, ranks


def assignment_matrix(scores: np.ndarray, openings: Sequence[Opening]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The matrix handed to the solver: only participants and slots with at least one allowed
    pair, each slot's column repeated once per place it can fill (at most the number of
    participants allowed there). Returns (matrix as float64, row → participant, column → slot).
    Dropping rows and columns without an allowed pair does not change the optimum."""
    allowed = scores > 0
    rows = np.flatnonzero(allowed.any(axis=1))
    reach = allowed[rows].sum(axis=0)
    places = np.minimum(np.array([max(0, o.places) for o in openings], dtype=np.int64), reach)
    slots = np.flatnonzero(places > 0)
    columns = np.repeat(slots, places[slots])
    return np.ascontiguousarray(scores[np.ix_(rows, columns)], dtype=np.float64), rows, columns


def solve(
    participants: Sequence[Participant], openings: Sequence[Opening], *, max_km: float,
    forbidden: Iterable[tuple[object, object]] = (),
) -> Result:
    """The assignment of maximal total score; every participant is either in a pair or in
    `unmatched` with a reason code: "not_ready", "too_far" (no allowed slot at all) or "taken"
    (allowed slots exist but went to others for a higher total)."""
    result = Result()
    if not participants:
        return result
    scores, dist, ranks = score_matrix(participants, openings, max_km=max_km, forbidden=forbidden)
    matrix, row_of, column_of = assignment_matrix(scores, openings)
    assigned: dict[int, int] = {}
    if matrix.size:
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            i, j = int(row_of[r]), int(column_of[c])
            if scores[i, j] > 0:
                assigned[i] = j
    reachable = (scores > 0).any(axis=1) if openings else np.zeros(len(participants), dtype=bool)
    for i, p in enumerate(participants):
        if i in assigned:
            j = assigned[i]
            rank = int(ranks[i, j])
            result.pairs.append(Pair(p.key, openings[j].key, int(scores[i, j]), float(dist[i, j]), rank or None))
        elif p.readiness == NOT_YET:
            result.unmatched[p.key] = "not_ready"
        elif not reachable[i]:
            result.unmatched[p.key] = "too_far"
        else:
            result.unmatched[p.key] = "taken"
    return result
