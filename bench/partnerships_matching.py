"""Benchmark of the matching of participants to placement slots (partnerships.matching) at the
national peak scale of one cluster: P participants (default 2,000) against S slots (default
5,000, 1–3 places each), against the solver alone on the same cost matrix.

- **whole run**: `partnerships.matching.solve` — reading the participants and slots, distances,
  wishes, the cost matrix with every rule (max distance, readiness, support), each slot's column
  repeated per place, the assignment, and the distance, wish rank and reason of every pair and
  of every unmatched participant;
- **solver alone**: `scipy.optimize.linear_sum_assignment` on the very matrix the whole run
  hands it (`partnerships.matching.problem(...).matrix`: −score in float64, minimised as is;
  built once beforehand, not timed);
- **solver with maximize=True**: the same solver on the positive scores with `maximize=True`
  (how the first version called it; scipy then negates and copies the matrix itself).

CPU time (median of K runs, the three taking turns so that each sees the same load; also the
ratio of the whole run to the solver within each round, median and quartiles) and peak
memory (tracemalloc, numpy's buffers included; not the solver's own C++ work arrays). The target
in issue 12: the whole run within 2× the solver alone.

Usage: python bench/partnerships_matching.py [--participants P] [--slots S] [--repeat K] [--seed N]
       [--points scattered|postcodes]
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scipy.optimize import linear_sum_assignment  # noqa: E402

from partnerships.matching import (  # noqa: E402
    NOT_YET,
    READY,
    WITH_SUPPORT,
    Opening,
    Participant,
    problem,
    solve,
)

TRADES = [
    "lager",
    "køkken",
    "café",
    "industri",
    "butik",
    "rengøring",
    "cykler",
    "pleje",
    "byggeri",
    "transport",
]


CLUSTER = {"0621", "0575", "0510", "0607", "0630", "0410", "0580", "0540"}  # Trekantområdet and neighbours


def instance(
    n_participants: int, n_slots: int, seed: int, points: str = "scattered"
) -> tuple[list[Participant], list[Opening]]:
    """A cluster about 150 × 100 km (Trekantområdet and its neighbours). `scattered`: points
    scattered around six towns (every point distinct); `postcodes`: the postcode points of the
    cluster's towns in partnerships/data/postcodes.csv, as the product places people and slots
    (`partnerships.geo.locate`)."""
    rng = random.Random(seed)
    hubs = [(55.49, 9.47), (55.71, 9.53), (55.57, 9.75), (55.25, 9.49), (55.48, 9.14), (55.86, 9.85)]
    with (Path(__file__).resolve().parent.parent / "partnerships/data/postcodes.csv").open(encoding="utf-8") as fh:
        towns = [(float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh) if r["municipality_code"] in CLUSTER]

    def near():
        if points == "postcodes":
            return rng.choice(towns)
        lat, lon = rng.choice(hubs)
        return lat + rng.gauss(0, 0.08), lon + rng.gauss(0, 0.12)

    readiness = [READY] * 6 + [WITH_SUPPORT] * 3 + [NOT_YET]
    participants = [
        Participant(
            i,
            *near(),
            rng.choice([15, 25, 30, 40]),
            rng.choice(readiness),
            tuple(rng.sample(TRADES, rng.randint(0, 3))),
        )
        for i in range(n_participants)
    ]
    openings = [
        Opening(
            j, *near(), rng.randint(1, 3), f"virksomhed {j % 800}", rng.choice(TRADES), rng.random() < 0.2
        )
        for j in range(n_slots)
    ]
    return participants, openings


def timed(calls: dict, repeat: int) -> tuple[dict[str, tuple[float, float, float]], list[float]]:
    """({name: (median CPU seconds, median system seconds among them, peak MiB)}, the ratio of
    the first call to the second in each round). The calls take turns, one run of each per round,
    so that on a shared machine each sees the same load; CPU time of this process (user + system,
    from getrusage), not the wall clock, which also counts the time other processes held the CPU.
    The system part is mostly the kernel handing out and zeroing fresh memory."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, call in calls.items():
            before = resource.getrusage(resource.RUSAGE_SELF)
            call()
            after = resource.getrusage(resource.RUSAGE_SELF)
            system = after.ru_stime - before.ru_stime
            times[name].append((after.ru_utime - before.ru_utime + system, system))
    out = {}
    for name, call in calls.items():
        tracemalloc.start()
        call()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        total = statistics.median(t for t, _s in times[name])
        out[name] = (total, statistics.median(s for _t, s in times[name]), peak / 2**20)
    first, second = list(times.values())[:2]
    return out, [a / b for (a, _s), (b, _t) in zip(first, second, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--slots", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--points", choices=["scattered", "postcodes"], default="scattered")
    args = parser.parse_args()
    participants, openings = instance(args.participants, args.slots, args.seed, args.points)
    places = sum(o.places for o in openings)

    result = solve(participants, openings, max_km=40)
    matrix = problem(participants, openings, max_km=40).matrix
    positive = -matrix
    figures, ratios = timed(
        {
            "whole": lambda: solve(participants, openings, max_km=40),
            "solver": lambda: linear_sum_assignment(matrix),
            "maximize": lambda: linear_sum_assignment(positive, maximize=True),
        },
        args.repeat,
    )
    (whole_s, whole_sys, whole_mib), (solver_s, solver_sys, solver_mib), (max_s, max_sys, _mib) = figures.values()

    print(
        f"{args.participants} deltagere × {args.slots} pladser ({places} pladser i alt, punkter: {args.points}; matrix "
        f"{matrix.shape[0]} × {matrix.shape[1]}), median af {args.repeat}:\n"
    )
    print("| Kørsel | CPU-tid (s) | heraf system (s) | Maks. hukommelse (MiB) |")
    print("|---|---:|---:|---:|")
    print(f"| Hele matchningen (`solve`) | {whole_s:.3f} | {whole_sys:.3f} | {whole_mib:.0f} |")
    print(f"| Kun løseren (`linear_sum_assignment`) | {solver_s:.3f} | {solver_sys:.3f} | {solver_mib:.0f} |")
    print(f"| Kun løseren, `maximize=True` på positive point | {max_s:.3f} | {max_sys:.3f} | – |")
    print(
        f"\nForhold: {whole_s / solver_s:.2f}× løseren ({whole_s / max_s:.2f}× med maximize; "
        f"brugertid alene {(whole_s - whole_sys) / (solver_s - solver_sys):.2f}×); {len(result.pairs)} matchet, "
        f"{len(result.unmatched)} ikke matchet, samlet match {result.total}."
    )
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    print(
        f"Forhold runde for runde (hele ÷ løseren i samme runde): median {statistics.median(ratios):.2f}×, "
        f"kvartiler {quartiles[0]:.2f}–{quartiles[2]:.2f}×, højst {max(ratios):.2f}×."
    )


if __name__ == "__main__":
    main()
