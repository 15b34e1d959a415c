"""Builders for contract tests: a growth partnership and an outcome contract over a seed-001
programme whose participants have known exits, follow-ups and milestones. Enrolments go
through the pathways services; exits and follow-ups are plain rows (pathways.testing)."""

import datetime
from types import SimpleNamespace

from pathways.models import Milestone, Team
from pathways.testing import enrol, make_programme, record_exit

from .models import CohortBy
from .services import contract_create, partnership_create

D = datetime.date
START_2025 = D(2025, 1, 6)


def growth_world(world, *, yaml_text: str, cohort_by=CohortBy.TEAM):
    """Five enrolments of the test personas (`world`) on two teams of a seed-001 programme,
    under a contract written in `yaml_text` (demo.contracts.GROWTH_CONTRACT_YAML in the tests):
    A (team 1, 2025-01-06): ordinary job 2025-09-01 (37 h), work at 13 and 26 weeks  → both outcomes
    B (team 1, 2025-01-06): ordinary job 2025-10-01, neither at 26 weeks            → job start only
    C (team 1, 2025-01-13): company internship 2025-08-04, hygiene certificate       → nothing paid
    D (team 2, 2025-07-07): private wage subsidy 2026-01-05, work at 26 weeks       → 26w cut (prerequisite)
    E (team 2, 2025-07-07): no exit                                                 → denominator only
    """
    w = SimpleNamespace(world=world)
    w.programme = make_programme(provider=world.provider, key="vaekstpartnerskab", team_start=D(2025, 1, 6),
                                 capacity=None)
    w.team1 = Team.objects.get(programme=w.programme)
    w.team2 = Team.objects.create(programme=w.programme, name="Hold 2", start_date=D(2025, 7, 7))
    who = {"caseworker": world.users["caseworker"], "municipality": world.kolding, "accepted_by": world.users["provider"]}
    w.a = enrol(**who, team=w.team1, start=D(2025, 1, 6), name="Anna Andersen")
    w.b = enrol(**who, team=w.team1, start=D(2025, 1, 6), name="Bo Berg")
    w.c = enrol(**who, team=w.team1, start=D(2025, 1, 13), name="Cai Clausen")
    w.d = enrol(**who, team=w.team2, start=D(2025, 7, 7), name="Dina Dahl")
    w.e = enrol(**who, team=w.team2, start=D(2025, 7, 7), name="Emil Eriksen")
    record_exit(w.a, outcome="ordinary_employment", on=D(2025, 9, 1), hours="37",
                followups=[(13, "work", "37"), (26, "work", "37")])
    record_exit(w.b, outcome="ordinary_employment", on=D(2025, 10, 1), hours="20",
                followups=[(13, "work", "20"), (26, "neither", None)])
    record_exit(w.c, outcome="company_internship", on=D(2025, 8, 4))
    Milestone.objects.create(enrolment=w.c, kind="hygiene", achieved_on=D(2025, 3, 3))
    record_exit(w.d, outcome="private_wage_subsidy", on=D(2026, 1, 5), hours="30", followups=[(26, "work", "30")])
    procurement = world.users["procurement"]
    w.partnership = partnership_create(by=procurement, municipality=world.kolding, name="Vækstpartnerskab",
                                       members=[world.provider, world.company], start=D(2025, 1, 1))
    w.contract = contract_create(by=procurement, municipality=world.kolding, name="Vækstpartnerskab Kolding",
                                 partnership=w.partnership, programmes=[w.programme], yaml_text=yaml_text,
                                 cohort_by=cohort_by)
    return w


def growth_world_small(world, *, yaml_text: str, cohort_by=CohortBy.HALF_YEAR, start=START_2025, n: int = 3):
    """`n` enrolments of new Kolding citizens starting `start` on one team of a seed-001 programme,
    under a contract written in `yaml_text` (no exits, statuses or attendance: the test adds them)."""
    w = SimpleNamespace(world=world)
    w.programme = make_programme(provider=world.provider, key="vaekstpartnerskab", team_start=start, capacity=None)
    team = Team.objects.get(programme=w.programme)
    who = {"caseworker": world.users["caseworker"], "municipality": world.kolding, "accepted_by": world.users["provider"]}
    w.enrolments = [enrol(**who, team=team, start=start, name=f"Deltager {i + 1}") for i in range(n)]
    procurement = world.users["procurement"]
    w.partnership = partnership_create(by=procurement, municipality=world.kolding, name="Partnerskab",
                                       members=[world.provider], start=D(2025, 1, 1))
    w.contract = contract_create(by=procurement, municipality=world.kolding, name="Lille kontrakt",
                                 partnership=w.partnership, programmes=[w.programme], yaml_text=yaml_text,
                                 cohort_by=cohort_by)
    return w
