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


def _bonus(rank: int) -> int:
    return WISH_BONUS[rank - 1] if rank <= len(WISH_BONUS) else LATER_WISH_BONUS


def _index(code_of_slot: np.ndarray, n_codes: int) -> tuple[np.ndarray, np.ndarray]:
    """(slots ordered by code, where each code's run starts): the slots of code c are
    order[start[c]:start[c + 1]]."""
    order = np.argsort(code_of_slot, kind="stable")
    return order, np.searchsorted(code_of_slot[order], np.arange(n_codes + 1))


class _Wishes:
    """Wishes by integer codes. Each company and trade name gets a code; the slots are indexed by
    code (which slots a code names), and each participant's wishes are (rank, code) entries. A
    participant wishes for a few names, so the wished pairs are few: they are written straight
    into the matrix by index instead of comparing every pair."""

    def __init__(self, participants: Sequence[Participant], openings: Sequence[Opening]):
        codes: dict[str, int] = {"": 0}  # code 0: an empty name, never wished for

        def code(name: str) -> int:
            return codes.setdefault(name.lower(), len(codes))

        self.company = np.array([code(o.company) for o in openings], dtype=np.intp)
        self.trade = np.array([code(o.trade) for o in openings], dtype=np.intp)
        # slots by code (a slot under its company's code and, if different, its trade's)
        both = np.concatenate([self.company, np.where(self.trade != self.company, self.trade, 0)])
        slot = np.concatenate([np.arange(len(openings)), np.arange(len(openings))])
        keep = both > 0
        order = np.argsort(both[keep], kind="stable")
        self.slots_by_code = slot[keep][order]
        self.start = np.searchsorted(both[keep][order], np.arange(len(codes) + 1))
        # (participant, rank, code), the best rank of a code only
        entries: dict[tuple[int, int], int] = {}
        for i, p in enumerate(participants):
            for rank, name in enumerate(p.wishes, start=1):
                c = codes.get(name.lower())
                if c:
                    entries.setdefault((i, c), rank)
        self.who = np.fromiter((i for i, _c in entries), dtype=np.intp, count=len(entries))
        self.code = np.fromiter((c for _i, c in entries), dtype=np.intp, count=len(entries))
        self.rank = np.fromiter(entries.values(), dtype=np.intp, count=len(entries))
        # slots by trade and by company alone, and each participant's bonus per code
        self.by_company = _index(self.company, len(codes))
        self.bonus = np.zeros((len(participants), len(codes)), dtype=np.float32)
        self.bonus[self.who, self.code] = [_bonus(r) for r in self.rank.tolist()]

    def add_bonus(self, scores: np.ndarray, rows: np.ndarray) -> None:
        """Add each pair's wish bonus to `scores` (rows × slots) in place. The bonus for the slot's
        trade is constant over each run of slots with the same trade, so with the slots ordered by
        trade (as `solve` orders them) it is a small rows × runs table widened by `np.repeat`, one
        fast copy. Then, for the few pairs whose company is wished, whatever that bonus adds above
        the trade's, so a pair wished by both gets the larger bonus once. A participant meets each
        slot at most once among its company wishes, so the indexed `+=` sees no repeated index."""
        m = scores.shape[1]
        table = self.bonus[rows]
        change = np.flatnonzero(np.diff(self.trade)) + 1
        run_start = np.concatenate([[0], change])
        run_length = np.diff(np.concatenate([run_start, [m]]))
        scores += np.repeat(table[:, self.trade[run_start]], run_length, axis=1)
        position = np.full(len(self.bonus), -1, dtype=np.intp)
        position[rows] = np.arange(len(rows))
        mine = position[self.who] >= 0
        who, code = self.who[mine], self.code[mine]
        order, start = self.by_company
        first, counts = start[code], start[code + 1] - start[code]
        entry = np.repeat(np.arange(len(who)), counts)
        cols = order[
            np.repeat(first, counts) + np.arange(len(entry)) - np.repeat(np.cumsum(counts) - counts, counts)
        ]
        above = np.maximum(self.bonus[who[entry], code[entry]] - self.bonus[who[entry], self.trade[cols]], 0)
        scores.ravel()[position[who[entry]] * m + cols] += above

    def write(self, matrix: np.ndarray, rows: np.ndarray, value_of_rank) -> np.ndarray:
        """Write `value_of_rank(rank)` into `matrix` (rows × slots) wherever a wish of the row's
        participant names the slot's company or trade; from the worst rank to the best, so the
        best rank of a pair wins. Touches only the wished pairs."""
        m = matrix.shape[1]
        position = np.full(max(len(self.who) and int(self.who.max()) + 1, 1), -1, dtype=np.intp)
        inside = rows < len(position)
        position[rows[inside]] = np.flatnonzero(inside)
        for rank in sorted(set(self.rank.tolist()), reverse=True):
            pick = (self.rank == rank) & (position[self.who] >= 0)
            first, counts = (
                self.start[self.code[pick]],
                self.start[self.code[pick] + 1] - self.start[self.code[pick]],
            )
            r = np.repeat(position[self.who[pick]], counts)
            offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            matrix.ravel()[r * m + self.slots_by_code[np.repeat(first, counts) + offsets]] = value_of_rank(
                rank
            )
        return matrix

    def ranks(self, rows: np.ndarray, m: int) -> np.ndarray:
        """rows × slots: 1-based rank of the first wish naming the slot's company or trade, 0 for none."""
        return self.write(np.zeros((len(rows), m), dtype=np.int16), rows, int)

    def pair_ranks(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        best = {}
        for i, c, rank in zip(self.who.tolist(), self.code.tolist(), self.rank.tolist(), strict=True):
            best[(i, c)] = rank
        out = []
        for i, j in zip(rows.tolist(), columns.tolist(), strict=True):
            found = [best.get((i, int(self.company[j])), 0), best.get((i, int(self.trade[j])), 0)]
            out.append(min((r for r in found if r), default=0))
        return np.array(out, dtype=np.intp)


class _Instance:
    """The arrays of one run: coordinates, limits, readiness and wish codes, built once per run in
    Python (one pass over the objects); everything per pair is numpy on these arrays."""

    def __init__(self, participants, openings, *, max_km, forbidden):
        self.participants, self.openings = participants, openings
        self.plat = _radians([p.lat for p in participants])
        self.plon = _radians([p.lon for p in participants])
        self.olat = _radians([o.lat for o in openings])
        self.olon = _radians([o.lon for o in openings])
        readiness = [p.readiness for p in participants]
        self.ready = np.array([r != NOT_YET for r in readiness], dtype=bool)
        self.supported = np.array([r == WITH_SUPPORT for r in readiness], dtype=bool)
        self.needs_ready = np.array([o.needs_ready for o in openings], dtype=bool)
        self.limit = np.minimum(
            np.array([p.max_km for p in participants], dtype=np.float32), min(max_km, MAX_KM)
        )
        self.wishes = _Wishes(participants, openings)
        p_index = {p.key: i for i, p in enumerate(participants)}
        o_index = {o.key: j for j, o in enumerate(openings)}
        self.forbidden = [
            (p_index[pk], o_index[ok]) for pk, ok in forbidden if pk in p_index and ok in o_index
        ]

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Scores of the given participants × every opening as float32 whole numbers, 0 for a
        forbidden pair: a few in-place passes over the matrix; the per-participant and per-slot
        terms are small arrays broadcast against it, the wish bonus written by index."""
        dist = _distance(self.plat[rows, None], self.plon[rows, None], self.olat[None, :], self.olon[None, :])
        allowed = dist <= self.limit[rows, None]
        scores = np.rint(dist, out=dist)
        np.subtract(np.float32(BASE), scores, out=scores)
        self.wishes.add_bonus(scores, rows)
        # support: +10 on a slot that carries support, forbidden on one demanding full readiness;
        # `solve` puts the supported participants first, so this is a pass over their rows only
        by_slot = np.where(self.needs_ready, np.float32(-10 * BASE), np.float32(SUPPORT_FIT_BONUS))
        supported = self.supported[rows]
        first = int(supported.sum())
        if supported[:first].all():
            scores[:first] += by_slot
        else:
            scores[supported] += by_slot
        np.maximum(scores, 0, out=scores)
        np.multiply(
            scores, allowed, out=scores
        )  # out of reach: 0 (a multiply, far faster than a masked copy)
        if self.forbidden:
            position = np.full(len(self.participants), -1)
            position[rows] = np.arange(len(rows))
            for i, j in self.forbidden:
                if position[i] >= 0:
                    scores[position[i], j] = 0
        return scores

    def pair_distances(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        return _distance(self.plat[rows], self.plon[rows], self.olat[columns], self.olon[columns])


def score_matrix(
    participants: Sequence[Participant],
    openings: Sequence[Opening],
    *,
    max_km: float,
    forbidden: Iterable[tuple[object, object]] = (),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(scores, distances, wish ranks), participants × openings; a score of 0 is a forbidden pair.
    The dense reference (tests and the benchmark); `solve` computes the same scores for the
    participants who are ready only."""
    n, m = len(participants), len(openings)
    if not n or not m:
        return (
            np.zeros((n, m), dtype=np.float32),
            np.zeros((n, m), dtype=np.float32),
            np.zeros((n, m), dtype=np.int16),
        )
    run = _Instance(participants, openings, max_km=max_km, forbidden=forbidden)
    everyone = np.arange(n)
    scores = run.scores(everyone)
    scores[~run.ready] = 0
    return scores, distances(participants, openings), run.wishes.ranks(everyone, m)


def assignment_matrix(scores: np.ndarray, openings: Sequence[Opening]) -> tuple[np.ndarray, np.ndarray]:
    """The matrix handed to the solver: each slot's column repeated once per place, at most one
    per row (`np.repeat` along the columns, a plain copy, several times faster than a fancy-index
    gather), negated into float64 so that the solver minimises it as it is, without a copy of its
    own. Returns (matrix, column → slot). Rows and places without an allowed pair stay: a row
    left on a score of 0 is unmatched, which is the same optimum, and finding them first would
    cost two more passes over the matrix."""
    places = np.fromiter((max(0, o.places) for o in openings), dtype=np.intp, count=len(openings))
    places = np.minimum(places, len(scores))
    columns = np.repeat(np.arange(len(openings)), places)
    matrix = np.empty((len(scores), len(columns)), dtype=np.float64)
    np.negative(np.repeat(scores, places, axis=1), out=matrix)
    return matrix, columns


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
    get a row; distances and wish ranks are computed again for the chosen pairs alone."""
    result = Result()
    if not participants:
        return result
    # slots of one trade side by side: the trade's wish bonus is then a run (_Wishes.add_bonus)
    openings = sorted(openings, key=lambda o: o.trade.lower())
    run = _Instance(participants, openings, max_km=max_km, forbidden=forbidden)
    # ready participants, those who need support first (see _Instance.scores)
    ready = np.flatnonzero(run.ready)
    ready = ready[np.argsort(~run.supported[ready], kind="stable")]
    reachable = np.zeros(len(participants), dtype=bool)
    chosen_rows = chosen_cols = np.zeros(0, dtype=np.intp)
    pair_scores = np.zeros(0)
    if len(ready) and openings:
        scores = run.scores(ready)
        matrix, column_of = assignment_matrix(scores, openings)
        left = np.ones(len(ready), dtype=bool)
        if matrix.size:
            r, c = linear_sum_assignment(matrix)
            keep = matrix[r, c] < 0  # a row on a forbidden pair (score 0) is unmatched
            chosen_rows, chosen_cols = ready[r[keep]], column_of[c[keep]]
            pair_scores = -matrix[r[keep], c[keep]]
            left[r[keep]] = False  # only the unmatched need "any slot within reach?" answered
        reachable[ready[left]] = scores[left].any(axis=1)
        reachable[chosen_rows] = True
    distance = run.pair_distances(chosen_rows, chosen_cols)
    ranks = run.wishes.pair_ranks(chosen_rows, chosen_cols)
    assigned = {}
    for k, (i, j) in enumerate(zip(chosen_rows.tolist(), chosen_cols.tolist(), strict=True)):
        assigned[i] = Pair(
            participants[i].key,
            openings[j].key,
            int(pair_scores[k]),
            float(distance[k]),
            int(ranks[k]) or None,
        )
    for i, p in enumerate(participants):
        if i in assigned:
            result.pairs.append(assigned[i])
        elif p.readiness == NOT_YET:
            result.unmatched[p.key] = "not_ready"
        elif not reachable[i]:
            result.unmatched[p.key] = "too_far"
        else:
            result.unmatched[p.key] = "taken"
    return result
