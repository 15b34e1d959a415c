"""Builders for tests, benchmarks and the demo: strategies, seed 002's offer as a project,
support cases, outreach and steering groups, through the services. The one home of each plans
builder (CONTRIBUTING.md)."""

import datetime
from decimal import Decimal

from . import services, services_projects, services_steering, services_support
from .models import Indicator

RATE = Decimal("825.00")  # seed 002 §9: kr. per consultant hour, excl. VAT

# Seed 002 §9, "8.1 Fase 1" and "8.2 Fase 2": (activity, hours); the stated totals beside them.
SEED002_PHASES = [
    {
        "name": "Fase 1: afdækning og udvikling",
        "stated_hours": Decimal("290"),
        "stated_amount": Decimal("226875.00"),
        "activities": [
            ("Projektetablering", 30),
            ("Kortlægning", 125),
            ("Opsamling og delrapport", 50),
            ("Strategi- og handleplan", 70),
        ],
    },
    {
        "name": "Fase 2: implementering og udvikling",
        "stated_hours": Decimal("380"),
        "stated_amount": Decimal("313500.00"),
        "activities": [
            ("Lancering af strategi og handleplan", 30),
            ("Implementering i den kommunale forvaltning", 50),
            ("Samspil med eksisterende socialøkonomiske virksomheder", 30),
            ("Etablering af nye socialøkonomiske virksomheder (kuvøse)", 100),
            ("Socialøkonomisk netværk", 30),
            ("Støtteordning for socialøkonomiske virksomheder", 100),
            ("Samspil med private virksomheder", 20),
            ("Skoler og social innovation", 20),
        ],
    },
]


def make_strategy(municipality, *, by=None, title="Socialøkonomisk strategi og handleplan", goals=()):
    """A strategy with one draft; `goals` are dicts for plans.services.goal_save."""
    strategy = services.strategy_create(by=by, municipality=municipality, title=title, vision="Vækst og job")
    version = strategy.versions.get()
    for data in goals:
        services.goal_save(by=by, version=version, data=data)
    return strategy


def rsv_goal(target=10, baseline=2) -> dict:
    return {
        "title": "Flere registrerede socialøkonomiske virksomheder",
        "indicator": Indicator.RSV_COUNT, "baseline": Decimal(baseline), "target": Decimal(target),
        "target_date": datetime.date(2027, 12, 31),
    }  # fmt: skip


def seed002_project(municipality, *, by=None, supplier=None, name="Socialøkonomisk strategi (tilbud i to faser)"):
    project = services_projects.project_save(
        by=by, municipality=municipality, data={"name": name, "supplier": supplier}
    )
    for position, spec in enumerate(SEED002_PHASES, start=1):
        phase = services_projects.phase_save(
            by=by, project=project,
            data={"name": spec["name"], "position": position, "stated_hours": spec["stated_hours"],
                  "stated_amount": spec["stated_amount"]},
        )  # fmt: skip
        for activity, hours in spec["activities"]:
            services_projects.activity_save(
                by=by, phase=phase, data={"name": activity, "hours": Decimal(hours), "hourly_rate": RATE}
            )
    return project


def make_case(municipality, *, by=None, organisation=None, entrepreneur_name="", topic="business_model", **data):
    data = {"organisation": organisation, "entrepreneur_name": entrepreneur_name, "topic": topic, **data}
    return services_support.case_save(by=by, municipality=municipality, data=data)


def make_outreach(municipality, organisation, *, by=None, date=None, campaign="", follow_up_on=None, topic="Udbud"):
    return services_support.outreach_add(
        by=by, municipality=municipality,
        data={"organisation": organisation, "date": date or datetime.date(2026, 3, 2), "channel": "phone",
              "topic": topic, "campaign": campaign, "follow_up_on": follow_up_on},
    )  # fmt: skip


def make_group(municipality, *, by=None, name="Styregruppe for socialøkonomi", strategy=None):
    return services_steering.group_create(by=by, municipality=municipality, name=name, strategy=strategy)
