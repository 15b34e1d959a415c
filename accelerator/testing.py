"""Builders for tests, benchmarks and the demo: accelerator programmes, cohorts, companies in
a cohort and complete social models. The one home of each accelerator builder."""

import datetime
from decimal import Decimal

from accounts.models import User
from registry.choices import Kind
from registry.testing import make_organisation

from . import services, services_social
from .models import AcceleratorCohort, AcceleratorProgramme, Participant

START = datetime.date(2026, 1, 5)


def system_user() -> User:
    user, _created = User.objects.get_or_create(username="accelerator-builder")
    return user


def programme(
    municipality, owner, *, name="Social inklusion gennem vækstpartnerskaber"
) -> AcceleratorProgramme:
    return services.programme_create(
        by=system_user(), municipality=municipality, data={"name": name, "owner": owner}
    )


def cohort(municipality, owner=None, *, name="Acceleratorforløb 2026", start=START) -> AcceleratorCohort:
    owner = owner or make_organisation(municipality, name=f"Fond {municipality.name}", kind=Kind.FUND)
    return services.cohort_create(
        by=system_user(), programme=programme(municipality, owner), data={"name": name, "start": start}
    )


def company(municipality, name: str):
    return make_organisation(municipality, name=name, kind=Kind.COMPANY)


def participant(cohort, organisation) -> Participant:
    return services.participant_add(by=system_user(), cohort=cohort, organisation=organisation)


def complete_social_model(participant: Participant, *, trained_on=datetime.date(2026, 2, 1)) -> None:
    by, model = system_user(), participant.social_model
    services_social.part_add(by=by, social_model=model, kind="task", data={
        "description": "Klargøring af materialer", "hours_per_week": Decimal("10"), "skills": "", "citizens": 2,
    })  # fmt: skip
    services_social.part_add(by=by, social_model=model, kind="step", data={
        "week": 1, "description": "Rundvisning og introduktion", "responsible": "Værkfører",
    })  # fmt: skip
    services_social.part_add(by=by, social_model=model, kind="buddy", data={
        "name": "Mette Hansen", "job_title": "Svend", "trained_on": trained_on,
    })  # fmt: skip


def world_cohorts(world):
    """A Kolding cohort with the persona company and another Kolding company, and an Aarhus
    cohort with the Aarhus company: keyed by relation to the company persona."""
    kolding = cohort(world.kolding, world.business)
    aarhus = cohort(world.aarhus, world.aarhus_business, name="Aarhus forløb")
    other = company(world.kolding, "Kolding Smed ApS")
    return {
        "cohort": kolding,
        "aarhus_cohort": aarhus,
        "own": participant(kolding, world.company),
        "same_municipality": participant(kolding, other),
        "other_municipality": participant(aarhus, world.aarhus_company),
    }


def application(cohort, organisation, *, motivation="Vi vil arbejde med dobbelt bundlinje."):
    from . import services_recruitment

    return services_recruitment.application_create(
        by=system_user(), cohort=cohort, data={"organisation": organisation, "motivation": motivation}
    )
