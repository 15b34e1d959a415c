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
per place; a row assigned to a forbidden pair (score 0) counts as unmatched, which is the same
optimum as a maximum-weight matching (a forbidden pair adds nothing)."""

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
    """Great-circle distances in km, participants × openings (haversine, vectorised)."""
    plat = np.radians([p.lat for p in participants])[:, None]
    plon = np.radians([p.lon for p in participants])[:, None]
    olat = np.radians([o.lat for o in openings])[None, :]
    olon = np.radians([o.lon for o in openings])[None, :]
    h = np.sin((olat - plat) / 2) ** 2 + np.cos(plat) * np.cos(olat) * np.sin((olon - plon) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def wish_ranks(participants: Sequence[Participant], openings: Sequence[Opening]) -> np.ndarray:
    """1-based rank of the first wish naming the slot's company or trade; 0 for none."""
    ranks = np.zeros((len(participants), len(openings)), dtype=np.int16)
    companies = np.array([o.company.lower() for o in openings], dtype=object)
    trades = np.array([o.trade.lower() for o in openings], dtype=object)
    for i, p in enumerate(participants):
        for rank, wish in reversed(list(enumerate(p.wishes, start=1))):  # the best rank wins
            hit = (companies == wish) | (trades == wish)
            ranks[i, hit] = rank
    return ranks


def score_matrix(
    participants: Sequence[Participant], openings: Sequence[Opening], *, max_km: float,
    forbidden: Iterable[tuple[object, object]] = (),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(scores, distances, wish ranks), participants × openings; a score of 0 is a forbidden pair."""
    dist = distances(participants, openings) if participants and openings else np.zeros((len(participants), len(openings)))
    ranks = wish_ranks(participants, openings)
    bonus = np.zeros(ranks.shape, dtype=np.int64)
    for rank, value in enumerate(WISH_BONUS, start=1):
        bonus[ranks == rank] = value
    bonus[ranks > len(WISH_BONUS)] = LATER_WISH_BONUS
    readiness = np.array([p.readiness for p in participants], dtype=object)[:, None]
    needs_ready = np.array([o.needs_ready for o in openings], dtype=bool)[None, :]
    limit = np.minimum(np.array([p.max_km for p in participants], dtype=float)[:, None], min(max_km, MAX_KM))
    allowed = (dist <= limit) & (readiness != NOT_YET) & ~((readiness == WITH_SUPPORT) & needs_ready)
    support_fit = np.where((readiness == WITH_SUPPORT) & ~needs_ready, SUPPORT_FIT_BONUS, 0)
    scores = np.where(allowed, BASE - np.rint(dist).astype(np.int64) + bonus + support_fit, 0)
    if forbidden:
        p_index = {p.key: i for i, p in enumerate(participants)}
        o_index = {o.key: j for j, o in enumerate(openings)}
        for pk, ok in forbidden:
            if pk in p_index and ok in o_index:
                scores[p_index[pk], o_index[ok]] = 0
    return scores, dist, ranks


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
    places = np.array([max(0, min(o.places, len(participants))) for o in openings], dtype=np.int64)
    columns = np.repeat(np.arange(len(openings)), places)
    assigned: dict[int, int] = {}
    if columns.size:
        rows, cols = linear_sum_assignment(scores[:, columns], maximize=True)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            j = int(columns[c])
            if scores[r, j] > 0:
                assigned[r] = j
    for i, p in enumerate(participants):
        if i in assigned:
            j = assigned[i]
            rank = int(ranks[i, j])
            result.pairs.append(Pair(p.key, openings[j].key, int(scores[i, j]), float(dist[i, j]), rank or None))
        elif p.readiness == NOT_YET:
            result.unmatched[p.key] = "not_ready"
        elif not openings or not (scores[i] > 0).any():
            result.unmatched[p.key] = "too_far"
        else:
            result.unmatched[p.key] = "taken"
    return result
