"""Benchmark the citizen-pathway pages at national scale, against the database that
generate_pathways.py filled. Times (median of --runs after --warmup) and counts the SQL
queries of: the caseload list (a caseworker of the largest municipality, first and last
page; its filter alone as a count, beside a hand-written count of the same citizens), a team's week grid (load, and save of the whole team as one POST), the provider's
participant list and the citizen page; then the same pages in the smallest municipality, to
show that the query counts do not grow with the data. Prints a Markdown table.

    python bench/pathways_bench.py [--runs 5] [--warmup 1]

Pages whose URL name does not exist in this checkout are reported as "not available in this
checkout" and skipped. The POST of the week grid runs inside a transaction that is rolled
back, so the database stays as generated.
"""

import argparse
import datetime
import math
import statistics
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate_pathways import CASEWORKER, PROVIDER, REFERENCE_DATE  # noqa: E402
from registry_bench import Result, markdown, measure, page, setup_django  # noqa: E402

from core.calendar import WEEK, iso_week_label, monday_of  # noqa: E402

MISSING = "not available in this checkout"


def url_or_none(name: str, *args) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


class FormFields(HTMLParser):
    """The submittable fields of the week grid's form (the page's header also holds POST
    forms: language, logout), as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self.in_form = self.done = False
        self.select = self.textarea = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and "data-attendance-grid" in a:
            self.in_form = True
        if not self.in_form or "name" not in a and tag not in ("option",):
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self.select, self.text = a["name"], None
        elif tag == "option" and self.select and ("selected" in a or self.text is None):
            self.text = a.get("value", "")
        elif tag == "textarea":
            self.textarea, self.text = a["name"], ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            self.data.append((self.select, self.text or ""))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.data.append((self.textarea, self.text))
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def post_back(client, url: str):
    """GET the grid once, then time the POST of the whole team with every participant marked
    as attended as planned (so every row is written), inside a transaction rolled back."""
    from django.db import transaction

    parser = FormFields()
    parser.feed(client.get(url).content.decode())
    payload: dict[str, list[str]] = {}
    for name, value in parser.data:
        payload.setdefault(name, []).append(value)
    for name in list(payload):
        if name.endswith("-planned_hours"):
            row = name.removesuffix("-planned_hours")
            payload[f"{row}-attended_hours"] = [payload[name][0] or "0"]
            payload[f"{row}-excused_hours"] = ["0"]
            payload[f"{row}-unexcused_hours"] = ["0"]
            payload[f"{row}-absence_reason"] = [""]

    def call() -> str:
        with transaction.atomic():
            response = client.post(url, payload)
            transaction.set_rollback(True)
        if response.status_code not in (200, 302):
            raise RuntimeError(f"POST {url} answered {response.status_code}")
        return f"{payload.get('rows-total', ['?'])[0]} rows"

    return call


def users_for(municipality, suffix: str):
    """The generator's users for the largest municipality; new ones elsewhere."""
    from accounts.models import Membership, User
    from accounts.roles import Role
    from pathways.models import Programme
    from registry.models import Organisation

    if not suffix:
        return User.objects.get(username=CASEWORKER), User.objects.get(username=PROVIDER)
    kitchen = Programme.objects.filter(provider__municipality=municipality, phases__weeks=13).first().provider
    unit = (
        Organisation.objects.filter(municipality=municipality, kind="municipal_unit").order_by("pk").first()
    ) or Organisation.objects.create(  # without generate_registry.py only the largest has one
        municipality=municipality, kind="municipal_unit", name="Jobcenter", sector="public"
    )
    cw, _ = User.objects.get_or_create(
        username=f"{CASEWORKER}{suffix}", defaults={"email": f"cw{suffix}@bench.example"}
    )
    pr, _ = User.objects.get_or_create(
        username=f"{PROVIDER}{suffix}", defaults={"email": f"pr{suffix}@bench.example"}
    )
    Membership.objects.get_or_create(user=cw, organisation=unit, role=Role.CASEWORKER)
    Membership.objects.get_or_create(user=pr, organisation=kitchen, role=Role.PROVIDER)
    analyze_memberships()
    return cw, pr


def analyze_memberships() -> None:
    """Statistics for the few membership rows the generator and this script wrote (autovacuum
    never analyses a table of 4 rows): without them the planner builds the user's Access by a
    merge join over every organisation (30 ms for a user of a high organisation id instead of
    0.1 ms), which a database in use, analysed, does not do."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_membership")


def busiest_team(municipality, week: datetime.date):
    """The kitchen team with the most participants recorded in `week`."""
    from django.db.models import Count, Q

    from pathways.models import Team

    return (
        Team.objects.filter(programme__provider__municipality=municipality, programme__phases__weeks=13)
        .annotate(n=Count("enrolments", filter=Q(enrolments__attendance__week=week)))
        .order_by("-n", "pk")
        .first()
    )


# The caseload filter's floor: the same citizens counted by one hand-written statement (a
# caseworker sees every citizen of the municipality; open = sent or waiting referral, active
# or paused enrolment).
CASELOAD_FLOOR = """
SELECT COUNT(*) FROM pathways_citizen c
WHERE c.municipality_id = %s
  AND (EXISTS (SELECT 1 FROM pathways_referral r WHERE r.citizen_id = c.id AND r.status IN ('sent', 'waiting'))
       OR EXISTS (SELECT 1 FROM pathways_enrolment e WHERE e.citizen_id = c.id AND e.status IN ('active', 'paused')))
"""


def caseload_count(caseworker, municipality, runs: int, warmup: int) -> list[Result]:
    """The caseload filter alone (the paginator's count), beside the hand-written count; stops
    if the two counts differ."""
    from django.db import connection

    from accounts.access import Access
    from pathways.selectors import caseload

    def floor() -> int:
        with connection.cursor() as cursor:
            cursor.execute(CASELOAD_FLOOR, [municipality.pk])
            return cursor.fetchone()[0]

    total = caseload(Access(caseworker), {}).count()
    if total != floor():
        raise SystemExit(f"The caseload count ({total}) and the hand-written count ({floor()}) differ")
    who = f"caseworker ({municipality.name})"
    mine = measure(
        "Caseload filter: count",
        who,
        lambda: f"{caseload(Access(caseworker), {}).count()} citizens",
        runs,
        warmup,
    )
    hand = measure(
        "Caseload filter: floor (hand-written count)", who, lambda: f"{floor()} citizens", runs, warmup
    )
    if mine.times and hand.times:
        mine.note += f"; {mine.median_ms / hand.median_ms:.2f}× the floor"
    return [mine, hand]


def caseload_index_ab(caseworker, municipality, rounds: int) -> None:
    """Server-side times (EXPLAIN ANALYZE) of the caseload count and its floor with and without
    the partial index on open enrolments, alternately: each round drops the index inside a
    transaction that is rolled back, so the database keeps it."""
    import re

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from accounts.access import Access
    from pathways.selectors import caseload

    access = Access(caseworker)
    with CaptureQueriesContext(connection) as ctx:
        caseload(access, {}).count()  # the paginator's count, exactly as the page sends it
    sql, params = ctx.captured_queries[-1]["sql"], None
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with connection.cursor() as cursor:
        for _ in range(rounds):
            for index in ("with index", "without index"):
                with transaction.atomic():
                    if index == "without index":
                        cursor.execute("DROP INDEX enrolment_open_by_citizen")
                    for name, query, args in (
                        ("count", sql, params),
                        ("floor", CASELOAD_FLOOR, [municipality.pk]),
                    ):
                        cursor.execute("EXPLAIN ANALYZE " + query, args)
                        plan = "\n".join(row[0] for row in cursor.fetchall())
                        planning, execution = (
                            float(re.search(rf"{k} Time: ([\d.]+)", plan).group(1))
                            for k in ("Planning", "Execution")
                        )
                        times.setdefault((index, name), []).append((planning, execution))
                    transaction.set_rollback(True)
    for (index, name), values in times.items():
        planning = statistics.median(v[0] for v in values)
        execution = statistics.median(v[1] for v in values)
        print(
            f"- {name}, {index}: planning {planning:.1f} ms, execution {execution:.1f} ms (median of {rounds})"
        )


def caseload_before(access):
    """The caseload filter as shaped before issue 18's rewrite (a reference for --caseload-ab):
    the visible citizens, then `IN` the visible open referrals' and enrolments' citizens, each
    subquery joining citizen and programme for the access scope."""
    from django.db.models import Q

    from pathways import access as pa

    referrals = pa.referrals_visible_to(access).filter(status__in=("sent", "waiting"))
    enrolments = pa.enrolments_visible_to(access).open()
    return pa.citizens_visible_to(access).filter(
        Q(pk__in=referrals.values("citizen_id")) | Q(pk__in=enrolments.values("citizen_id"))
    )


def caseload_ab(caseworker, municipality, rounds: int, floor_too: bool = True) -> None:
    """Alternately, `rounds` times: the count as shaped before (caseload_before), the caseload's
    count now and (for a caseworker) the floor; each timed on the client (building the Access
    too, as the bench's "Caseload filter: count") and on the server (EXPLAIN ANALYZE: planning
    and execution)."""
    import re
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.access import Access
    from pathways.selectors import caseload

    def floor(_access=None) -> int:
        with connection.cursor() as cursor:
            cursor.execute(CASELOAD_FLOOR, [municipality.pk])
            return cursor.fetchone()[0]

    shapes = {
        "before": lambda access: caseload_before(access).count(),
        "now": lambda access: caseload(access, {}).count(),
        "floor": floor,
    }
    if not floor_too:  # provider staff: the floor counts a municipality's caseload
        del shapes["floor"]
    statements = {}
    for name, count in shapes.items():
        with CaptureQueriesContext(connection) as ctx:
            count(Access(caseworker))
        statements[name] = ctx.captured_queries[-1]["sql"]
    if len({count(Access(caseworker)) for count in shapes.values()}) != 1:
        raise SystemExit("The counts differ")
    client: dict[str, list[float]] = {}
    server: dict[str, list[tuple[float, float]]] = {}
    with connection.cursor() as cursor:
        for _ in range(rounds):
            for name, count in shapes.items():
                started = time.perf_counter()
                count(Access(caseworker))  # a new Access each time: its query is part of the cost
                client.setdefault(name, []).append((time.perf_counter() - started) * 1000)
                cursor.execute("EXPLAIN ANALYZE " + statements[name])
                plan = "\n".join(row[0] for row in cursor.fetchall())
                server.setdefault(name, []).append(
                    tuple(float(re.search(rf"{k} Time: ([\d.]+)", plan).group(1)) for k in ("Planning", "Execution"))
                )
    for name in shapes:
        planning = statistics.median(v[0] for v in server[name])
        execution = statistics.median(v[1] for v in server[name])
        print(
            f"- {name}: client {statistics.median(client[name]):.1f} ms"
            f" (min {min(client[name]):.1f}), server planning {planning:.2f} + execution {execution:.1f} ms"
            f" (medians of {rounds})"
        )
    if floor_too:
        ratio = statistics.median(client["now"]) / statistics.median(client["floor"])
        print(f"now ÷ floor (client): {ratio:.2f}×")


def municipality_results(municipality, suffix: str, runs: int, warmup: int) -> list[Result]:
    from django.test import Client

    from accounts.access import Access
    from pathways.models import Citizen
    from pathways.selectors import caseload
    from pathways.views import PAGE_SIZE

    caseworker, provider = users_for(municipality, suffix)
    as_caseworker, as_provider = Client(), Client()
    as_caseworker.force_login(caseworker)
    as_provider.force_login(provider)
    who_c, who_p = f"caseworker ({municipality.name})", f"provider ({municipality.name})"
    results = []
    listing = url_or_none("pathways:caseload")
    total = caseload(Access(caseworker), {}).count()
    last = max(1, math.ceil(total / PAGE_SIZE))
    results.append(measure("Caseload, page 1", who_c, page(as_caseworker, listing), runs, warmup))
    results[-1].note += f"; {total:,} citizens".replace(",", ".")
    results.append(
        measure(
            f"Caseload, last page ({last})",
            who_c,
            page(as_caseworker, f"{listing}?page={last}"),
            runs,
            warmup,
        )
    )
    results += caseload_count(caseworker, municipality, runs, warmup)
    citizen = Citizen.objects.filter(municipality=municipality, caseworker=caseworker).order_by("pk").first()
    if citizen is None:  # a new bench caseworker: give them one citizen, or the page is break-the-glass
        citizen = Citizen.objects.filter(municipality=municipality).order_by("pk").first()
        Citizen.objects.filter(pk=citizen.pk).update(caseworker=caseworker)
    url = url_or_none("pathways:citizen", citizen.public_id)
    results.append(measure("Citizen page", who_c, page(as_caseworker, url), runs, warmup))
    week = monday_of(REFERENCE_DATE) - WEEK
    team = busiest_team(municipality, week)
    grid = url_or_none("pathways:team_week", team.public_id, iso_week_label(week))
    if grid is None:
        results += [Result("Team week grid: load", who_p, [], None, MISSING),
                    Result("Team week grid: save whole team", who_p, [], None, MISSING)]  # fmt: skip
    else:
        label = f"Team week grid: load ({team.n} participants)"
        results.append(measure(label, who_p, page(as_provider, grid), runs, warmup))
        try:
            save = post_back(as_provider, grid)
        except Exception as error:  # the page failing to load is a finding, not the end of the run
            results.append(
                Result("Team week grid: save whole team", who_p, [], None, f"fejler: {error!r}"[:140])
            )
        else:
            results.append(measure("Team week grid: save whole team", who_p, save, runs, warmup))
    participants = url_or_none("pathways:participants")
    if participants is None:
        results.append(Result("Participant list", who_p, [], None, MISSING))
    else:
        results.append(measure("Participant list", who_p, page(as_provider, participants), runs, warmup))
    return results


def compare(large: list[Result], small: list[Result]) -> list[str]:
    lines, grown = [], []
    for big, little in zip(large, small, strict=True):
        if big.queries is None or little.queries is None:
            continue
        flag = "same" if big.queries == little.queries else "DIFFERS"
        if big.queries > little.queries:
            grown.append(big.label)
        lines.append(f"- {big.label}: {big.queries} queries vs {little.queries} ({flag})")
    lines.append("Query counts do not grow with the data." if not grown else f"GROWS: {', '.join(grown)}")
    return lines


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument(
        "--index-ab", type=int, default=0, metavar="ROUNDS",
        help="only compare the caseload count with and without the open-enrolment index",
    )  # fmt: skip
    parser.add_argument(
        "--caseload-ab", type=int, default=0, metavar="ROUNDS",
        help="only compare the caseload count as shaped before, now, and the floor, alternately",
    )  # fmt: skip
    args = parser.parse_args(argv)
    setup_django()
    from django.db.models import Count

    from pathways.models import AttendanceWeek, Citizen
    from tenants.models import Municipality

    largest = Citizen.objects.values("municipality").annotate(n=Count("pk")).order_by("-n").first()
    smallest = Citizen.objects.values("municipality").annotate(n=Count("pk")).order_by("n").first()
    largest, smallest = (Municipality.objects.get(pk=row["municipality"]) for row in (largest, smallest))
    if args.index_ab:
        caseload_index_ab(users_for(largest, "")[0], largest, args.index_ab)
        return
    if args.caseload_ab:
        for municipality, suffix in ((largest, ""), (smallest, f"-{smallest.code}")):
            caseworker, provider = users_for(municipality, suffix)
            print(f"{municipality.name}, caseworker:")
            caseload_ab(caseworker, municipality, args.caseload_ab)
            print(f"{municipality.name}, provider:")
            caseload_ab(provider, municipality, args.caseload_ab, floor_too=False)
        return
    print(
        f"{Citizen.objects.count():,} citizens, {AttendanceWeek.objects.count():,} attendance weeks".replace(
            ",", "."
        )
    )
    large = municipality_results(largest, "", args.runs, args.warmup)
    small = municipality_results(smallest, f"-{smallest.code}", args.runs, args.warmup)
    print()
    print(markdown(large + small))
    print()
    print("\n".join(compare(large, small)))


if __name__ == "__main__":
    main()
