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
`scipy.optimize.linear_sum_assignment` minimising −score, with each slot's column repeated once
per place (`_Instance.cost_matrix`); a row assigned to a pair not allowed (cost 0) counts as
unmatched, which is the same optimum as a maximum-weight matching (such a pair adds nothing).
The matrix is computed in blocks of rows that fit in the CPU cache and written once (per kind of
slot when slots share few points, as at postcode points); reasons, distances and wish ranks are
worked out after solving, for the chosen pairs and the unmatched alone."""

import itertools
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
# elements (participants × slots) per block of the score computation: its float32 work arrays
# (about 9 bytes an element, 1.2 MB at 2**17) then stay close to the CPU's L2 cache (1 MiB a core here;
# measured: 2**17 and 2**18 fastest, 2**16 and below lose to the numpy calls per block)
BLOCK_ELEMENTS = 2**17
# scores are worked out per kind of slot when there are at most this many kinds per slot
BY_KIND = 0.25


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


def _radians(values) -> np.ndarray:
    return np.radians(np.asarray(values, dtype=np.float32))


def _distance(plat, plon, olat, olon) -> np.ndarray:
    """Distances in km on the local flat-earth (equirectangular) approximation: east-west degrees
    shrunk by the cosine of the participant's latitude. Within Denmark (under 400 km) it differs
    from the great circle by well under 1 %. The same float32 operations serve the whole matrix
    (broadcast arrays) and single pairs (equal-length arrays), so both give identical numbers;
    squares and a square root rather than `hypot`, which is several times slower in numpy."""
    km = np.float32(EARTH_KM)
    dx = olon - plon
    dx *= np.cos(plat) * km
    dy = olat - plat
    dy *= km
    dx *= dx
    dy *= dy
    dx += dy
    return np.sqrt(dx, out=dx)


def distances(participants: Sequence[Participant], openings: Sequence[Opening]) -> np.ndarray:
    """Distances in km, participants × openings, by broadcasting the coordinate arrays."""
    return _distance(
        _radians([p.lat for p in participants])[:, None],
        _radians([p.lon for p in participants])[:, None],
        _radians([o.lat for o in openings])[None, :],
        _radians([o.lon for o in openings])[None, :],
    )


_BONUS_OF_RANK = np.array([0, *WISH_BONUS], dtype=np.float32)


def _bonus(ranks: np.ndarray) -> np.ndarray:
    """Wish bonus of 1-based ranks (0: no wish → 0), elementwise."""
    return np.where(ranks > len(WISH_BONUS), np.float32(LATER_WISH_BONUS),
                    _BONUS_OF_RANK[np.minimum(ranks, len(WISH_BONUS))])


def _codes(names: list[str], code: dict[str, int]) -> np.ndarray:
    return np.fromiter(map(code.get, names, itertools.repeat(0)), dtype=np.intp, count=len(names))


class _Wishes:
    """Wishes by integer codes. Only names that some participant wishes for and some slot carries
    (as its company or its trade) get a code, 1…K; every other name is 0. `rank` is a small
    participants × (K + 1) table of each participant's best rank per code (0: not wished), so the
    rank or bonus of any pair is two lookups, with no loop over pairs or slots."""

    def __init__(self, participants: Sequence[Participant], openings: Sequence[Opening]):
        company = [o.company.lower() for o in openings]
        trade = [o.trade.lower() for o in openings]
        carried = set(company).union(trade) - {""}
        code: dict[str, int] = {}
        who, codes, ranks = [], [], []
        for i, p in enumerate(participants):
            seen = set()
            for rank, name in enumerate(p.wishes, start=1):
                name = name.lower()
                if name in carried and name not in seen:  # the best rank of a name only
                    seen.add(name)
                    who.append(i)
                    codes.append(code.setdefault(name, len(code) + 1))
                    ranks.append(rank)
        self.company, self.trade = _codes(company, code), _codes(trade, code)
        self.rank = np.zeros((len(participants), len(code) + 1), dtype=np.intp)
        self.rank[who, codes] = ranks
        self.bonus = _bonus(self.rank)
        self.who = np.array(who, dtype=np.intp)
        self.code = np.array(codes, dtype=np.intp)

    def pair_ranks(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """1-based rank of the best wish naming the slot's company or trade, 0 for none; rows and
        columns broadcast (pairs, or a whole matrix)."""
        by_company = self.rank[rows, self.company[columns]]
        by_trade = self.rank[rows, self.trade[columns]]
        return np.where((by_company > 0) & ((by_trade == 0) | (by_company < by_trade)), by_company, by_trade)

    def company_extra(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(position in `rows`, slot, bonus) for the few pairs whose slot's company is wished for,
        ordered by position: what the company's bonus adds above the bonus of the slot's trade, so
        a pair wished by both gets the larger bonus once."""
        position = np.full(len(self.rank), -1, dtype=np.intp)
        position[rows] = np.arange(len(rows))
        order = np.argsort(self.company, kind="stable")
        start = np.searchsorted(self.company[order], np.arange(self.rank.shape[1] + 1))
        mine = position[self.who] >= 0
        who, code = self.who[mine], self.code[mine]
        first, counts = start[code], start[code + 1] - start[code]
        entry = np.repeat(np.arange(len(who)), counts)
        slot = order[np.repeat(first, counts) + np.arange(len(entry)) - np.repeat(np.cumsum(counts) - counts, counts)]
        who = who[entry]
        extra = np.maximum(self.bonus[who, code[entry]] - self.bonus[who, self.trade[slot]], 0)
        keep = extra > 0
        pos, slot, extra = position[who[keep]], slot[keep], extra[keep]
        order = np.argsort(pos, kind="stable")
        return pos[order], slot[order], extra[order]


def _runs(values: np.ndarray) -> list[tuple[int, int, int]]:
    """(start, stop, value) of each run of equal values."""
    if not len(values):
        return []
    start = np.concatenate([[0], np.flatnonzero(np.diff(values)) + 1])
    stop = np.append(start[1:], len(values))
    return list(zip(start.tolist(), stop.tolist(), values[start].tolist(), strict=True))


class _Instance:
    """The arrays of one run: coordinates, limits, readiness and wish codes, built once per run in
    Python (one pass over the objects); everything per pair is numpy on these arrays.

    The openings are kept ordered by places (most first), then demanding full readiness or not,
    then wished trade: each slot's extra places are then a prefix of the slots (`cost_matrix`
    widens by plain slice copies), and the slots demanding readiness are a few runs (the support
    rule is a slice per run)."""

    def __init__(self, participants, openings, *, max_km, forbidden):
        self.participants = participants
        self.wishes = _Wishes(participants, openings)
        places = np.maximum(np.array([o.places for o in openings], dtype=np.intp), 0)
        needs_ready = np.array([o.needs_ready for o in openings], dtype=bool)
        order = np.lexsort((self.wishes.trade, needs_ready, -places))
        self.position = np.argsort(order)  # opening as given → its index in self.openings
        self.openings = [openings[j] for j in order.tolist()]
        self.places, self.needs_ready = places[order], needs_ready[order]
        self.wishes.company, self.wishes.trade = self.wishes.company[order], self.wishes.trade[order]
        self.plat = _radians([p.lat for p in participants])
        self.plon = _radians([p.lon for p in participants])
        self.olat = _radians([o.lat for o in self.openings])
        self.olon = _radians([o.lon for o in self.openings])
        self.east_km = np.cos(self.plat) * np.float32(EARTH_KM)  # km per radian east, as _distance
        readiness = [p.readiness for p in participants]
        self.ready = np.array([r != NOT_YET for r in readiness], dtype=bool)
        self.supported = np.array([r == WITH_SUPPORT for r in readiness], dtype=bool)
        self.limit = np.minimum(
            np.array([p.max_km for p in participants], dtype=np.float32), min(max_km, MAX_KM)
        )
        # what a pair costs before its distance: −(BASE + the bonus for the slot's trade + the
        # support bonus); the support bonus goes on every slot, since a slot demanding readiness
        # is not allowed for a participant who needs support anyway
        self.base = -(self.wishes.bonus + np.float32(BASE))
        self.base[self.supported] -= np.float32(SUPPORT_FIT_BONUS)
        self.demanding = [(a, b) for a, b, flag in _runs(self.needs_ready.astype(np.intp)) if flag]
        # kinds of slot (point, wished trade, demands readiness): when slots share few points, as
        # at postcode points, scores are worked out per kind and gathered (`_by_kind`)
        codes = self.wishes.rank.shape[1]
        # a point's two float32 coordinates read as one 64-bit key: a flat unique, far faster than axis=0
        where = np.stack([self.olat, self.olon], axis=1).reshape(-1, 2)
        _keys, first, point = np.unique(where.view(np.uint64).ravel(), return_index=True, return_inverse=True)
        points = where[first]
        kind_of, kinds = np.unique((point.ravel() * codes + self.wishes.trade) * 2 + self.needs_ready,
                                   return_inverse=True)
        self.kinds = kinds.ravel() if len(kind_of) <= BY_KIND * len(self.openings) else None
        self.qlat, self.qlon = points[:, 0], points[:, 1]
        self.kind_demanding = (kind_of % 2).astype(bool)
        self.kind_trade, self.kind_point = (kind_of // 2) % codes, (kind_of // 2) // codes
        forbidden = list(forbidden)
        p_index = {p.key: i for i, p in enumerate(participants)} if forbidden else {}
        o_index = {o.key: j for j, o in enumerate(self.openings)} if forbidden else {}
        self.forbidden = np.array(
            [(p_index[pk], o_index[ok]) for pk, ok in forbidden if pk in p_index and ok in o_index], dtype=np.intp
        ).reshape(-1, 2)

    def _by_position(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The forbidden pairs among `rows` as (position in rows, slot), ordered by position."""
        position = np.full(len(self.participants), -1, dtype=np.intp)
        position[rows] = np.arange(len(rows))
        pos, slot = position[self.forbidden[:, 0]], self.forbidden[:, 1]
        keep = pos >= 0
        order = np.argsort(pos[keep], kind="stable")
        return pos[keep][order], slot[keep][order]

    def _blocks(self, rows: np.ndarray):
        """Yield (first position, cost) for blocks of `rows`: cost is −score, 0 for a pair not
        allowed (float32, rows of the block × openings). A block is small enough for its passes
        to stay in the CPU cache, so the caller writes the full matrix once, not once per pass."""
        m = len(self.openings)
        size = max(1, BLOCK_ELEMENTS // max(m, 1))
        cost = np.empty((size, m), dtype=np.float32)
        extra_pos, extra_slot, extra = self.wishes.company_extra(rows)
        banned_pos, banned_slot = self._by_position(rows)
        fill = self._by_kind(size) if self.kinds is not None else self._by_pair(size)
        for a in range(0, len(rows), size):
            block = rows[a : a + size]
            b = len(block)
            c = cost[:b]
            # a slot demanding full readiness is not allowed for a participant who needs support;
            # `problem` puts those participants first, so they are a slice of the block
            supported = self.supported[block]
            first = int(supported.sum())
            fill(block, c, slice(0, first) if supported[:first].all() else supported)
            # the few pairs whose company is wished for, and the pairs the caseworker rejected
            lo, hi = np.searchsorted(extra_pos, [a, a + b])
            at = (extra_pos[lo:hi] - a) * m + extra_slot[lo:hi]
            flat = c.ravel()
            flat[at] = np.where(flat[at] < 0, flat[at] - extra[lo:hi], 0)
            lo, hi = np.searchsorted(banned_pos, [a, a + b])
            flat[(banned_pos[lo:hi] - a) * m + banned_slot[lo:hi]] = 0
            yield a, c

    def _by_pair(self, size: int):
        """Fill a block pair by pair: the distance in the very operations of `_distance`
        (identical numbers), then the rules, a dozen in-cache passes over the block."""
        m = len(self.openings)
        dy = np.empty((size, m), dtype=np.float32)
        allowed = np.empty((size, m), dtype=bool)
        km = np.float32(EARTH_KM)

        def fill(block, c, supported):
            b = len(block)
            d, ok = dy[:b], allowed[:b]
            np.subtract(self.olon, self.plon[block, None], out=c)
            c *= self.east_km[block, None]
            np.subtract(self.olat, self.plat[block, None], out=d)
            d *= km
            c *= c
            d *= d
            c += d
            np.sqrt(c, out=c)
            np.less_equal(c, self.limit[block, None], out=ok)
            np.rint(c, out=c)
            c += self.base[block].take(self.wishes.trade, axis=1, mode="clip")  # one gather, in cache
            for start, stop in self.demanding:
                ok[supported, start:stop] = False
            c *= ok

        return fill

    def _by_kind(self, size: int):
        """Fill a block from a small table over the kinds of slot (same point, wished trade and
        readiness demand: slots at postcode points share few): the distances to the distinct
        points only, in the same operations as `_distance`, every rule applied on the table,
        then one gather into the block."""

        def fill(block, c, supported):
            dist = _distance(self.plat[block, None], self.plon[block, None], self.qlat, self.qlon)
            ok = dist <= self.limit[block, None]
            np.rint(dist, out=dist)
            table = dist[:, self.kind_point] + self.base[block][:, self.kind_trade]
            table *= ok[:, self.kind_point]
            table[supported] *= ~self.kind_demanding
            np.take(table, self.kinds, axis=1, out=c, mode="clip")

        return fill

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Scores of the given participants × every opening as float32 whole numbers, 0 for a
        pair that is not allowed."""
        out = np.empty((len(rows), len(self.openings)), dtype=np.float32)
        for a, cost in self._blocks(rows):
            np.negative(cost, out=out[a : a + len(cost)])
        return out

    def cost_matrix(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The matrix handed to the solver: −score (0 for a pair not allowed) in float64,
        C-contiguous, which `linear_sum_assignment` minimises as it is, without a copy of its own;
        each slot has one column per place (at most one per row). Since the openings are ordered
        by places, the k-th places of all slots with at least k are a prefix of the first columns,
        copied by one slice per k. Written block by block, straight from the cached block.
        Returns (matrix, column → opening)."""
        places = np.minimum(self.places, len(rows))
        top = int(places.max(initial=0))
        with_k = np.searchsorted(-places, -np.arange(1, top + 1), side="right").tolist()  # places ≥ k
        offsets = np.cumsum([0, *with_k]).tolist()
        matrix = np.empty((len(rows), offsets[-1]), dtype=np.float64)
        if not with_k:
            return matrix, np.zeros(0, dtype=np.intp)
        for a, cost in self._blocks(rows):
            out = matrix[a : a + len(cost)]
            for k, n in enumerate(with_k):  # float32 → float64, from the cached block each time
                out[:, offsets[k] : offsets[k + 1]] = cost[:, :n]
        return matrix, np.concatenate([np.arange(n, dtype=np.intp) for n in with_k])

    def pair_distances(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        return _distance(self.plat[rows], self.plon[rows], self.olat[columns], self.olon[columns])


def score_matrix(
    participants: Sequence[Participant],
    openings: Sequence[Opening],
    *,
    max_km: float,
    forbidden: Iterable[tuple[object, object]] = (),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(scores, distances, wish ranks), participants × openings in the order given; a score of 0
    is a pair not allowed. The dense reference (tests and the benchmark); `solve` computes the
    same scores, for the participants who are ready only."""
    n, m = len(participants), len(openings)
    if not n or not m:
        return (
            np.zeros((n, m), dtype=np.float32),
            np.zeros((n, m), dtype=np.float32),
            np.zeros((n, m), dtype=np.int16),
        )
    run = _Instance(participants, openings, max_km=max_km, forbidden=forbidden)
    everyone = np.arange(n)
    back = run.position
    scores = run.scores(everyone)[:, back]
    scores[~run.ready] = 0
    ranks = run.wishes.pair_ranks(everyone[:, None], back[None, :]).astype(np.int16)
    return scores, distances(participants, openings), ranks


@dataclass
class Problem:
    """What `solve` hands the solver: `matrix` (ready participants × places, −score, float64) with
    its rows (`rows`: participant indices) and columns (`column_of`: index into `run.openings`)."""

    run: _Instance
    rows: np.ndarray
    matrix: np.ndarray
    column_of: np.ndarray


def problem(
    participants: Sequence[Participant],
    openings: Sequence[Opening],
    *,
    max_km: float,
    forbidden: Iterable[tuple[object, object]] = (),
) -> Problem:
    """The assignment problem of a run: the ready participants (those who need support first,
    see `_Instance._blocks`) against every place."""
    run = _Instance(participants, openings, max_km=max_km, forbidden=forbidden)
    rows = np.flatnonzero(run.ready)
    rows = rows[np.argsort(~run.supported[rows], kind="stable")]
    if not len(rows) or not run.openings:
        return Problem(run, rows, np.zeros((len(rows), 0)), np.zeros(0, dtype=np.intp))
    return Problem(run, rows, *run.cost_matrix(rows))


def solve(
    participants: Sequence[Participant],
    openings: Sequence[Opening],
    *,
    max_km: float,
    forbidden: Iterable[tuple[object, object]] = (),
) -> Result:
    """The assignment of maximal total score; every participant is either in a pair or in
    `unmatched` with a reason code: "not_ready", "too_far" (no allowed slot at all) or "taken"
    (allowed slots exist but went to others for a higher total). Only participants who are ready
    get a row; distances, wish ranks and reasons are computed after solving, for the chosen pairs
    and the unmatched alone."""
    result = Result()
    if not participants:
        return result
    p = problem(participants, openings, max_km=max_km, forbidden=forbidden)
    run, matrix = p.run, p.matrix
    chosen_rows = chosen_cols = np.zeros(0, dtype=np.intp)
    pair_scores = np.zeros(0)
    left = np.ones(len(p.rows), dtype=bool)
    if matrix.size:
        r, c = linear_sum_assignment(matrix)
        keep = matrix[r, c] < 0  # a row on a pair not allowed (score 0) is unmatched
        chosen_rows, chosen_cols = p.rows[r[keep]], p.column_of[c[keep]]
        pair_scores = -matrix[r[keep], c[keep]]
        left[r[keep]] = False
    # only the unmatched need "any slot within reach?" answered: their scores again, few rows
    reachable = np.zeros(len(participants), dtype=bool)
    if left.any() and run.openings:
        reachable[p.rows[left]] = run.scores(p.rows[left]).any(axis=1)
    distance = run.pair_distances(chosen_rows, chosen_cols)
    ranks = run.wishes.pair_ranks(chosen_rows, chosen_cols)
    assigned = {
        i: Pair(participants[i].key, run.openings[j].key, score, km, rank or None)
        for i, j, score, km, rank in zip(
            chosen_rows.tolist(), chosen_cols.tolist(), pair_scores.astype(np.intp).tolist(), distance.tolist(),
            ranks.tolist(), strict=True,
        )
    }
    for i, (person, can_reach) in enumerate(zip(participants, reachable.tolist(), strict=True)):
        if i in assigned:
            result.pairs.append(assigned[i])
        elif person.readiness == NOT_YET:
            result.unmatched[person.key] = "not_ready"
        elif not can_reach:
            result.unmatched[person.key] = "too_far"
        else:
            result.unmatched[person.key] = "taken"
    return result
