"""Builders for tests, benchmarks and the demo: framework agreements, their services and
registrations. The one home of each agreements builder (CONTRIBUTING.md)."""

import datetime
import random
from decimal import Decimal

from core.calendar import mondays

from .models import (
    NETWORK_OUTCOMES,
    AgreementService,
    Deliverable,
    FrameworkAgreement,
    Frequency,
    MetricKind,
    NetworkOutcome,
    PeriodBasis,
    ServiceKind,
    ServiceNarrative,
    WeeklyRegistration,
    YouthFrequency,
    YouthIncome,
    YouthReferral,
    YouthUser,
)

START = datetime.date(2025, 1, 1)


def agreement(municipality, provider, *, name="Rammeaftale", start=START, end=None) -> FrameworkAgreement:
    return FrameworkAgreement.objects.create(
        municipality=municipality, provider=provider, name=name, start=start, end=end
    )


def service(agreement, kind=ServiceKind.MEETING_PLACE, *, name=None, grant="500000") -> AgreementService:
    return AgreementService.objects.create(
        agreement=agreement, kind=kind, name=name or f"Ydelse {kind}", annual_grant=Decimal(grant)
    )


def narrative(service, start, end, *, experiences="Erfaringer.", needs="", opportunities="", by=None):
    """A narrative stored directly (tests that write through the page use the service)."""
    return ServiceNarrative.objects.create(
        service=service, period_start=start, period_end=end, experiences=experiences, needs=needs,
        opportunities=opportunities, written_by=by,
    )  # fmt: skip


def world_agreements(world):
    """Agreements of the test personas (`world`): Kolding's with the provider, Kolding's with
    the social enterprise and an Aarhus one, each with a meeting place, keyed by relation."""
    kolding = agreement(world.kolding, world.provider, name="Kolding rammeaftale")
    other = agreement(world.kolding, world.social_enterprise, name="Café Bro aftale")
    aarhus = agreement(world.aarhus, world.aarhus_company, name="Aarhus aftale")
    return {
        "own": kolding,
        "same_municipality": other,
        "other_municipality": aarhus,
        "services": {
            "own": service(kolding, ServiceKind.MEETING_PLACE),
            "same_municipality": service(other, ServiceKind.MEETING_PLACE),
            "other_municipality": service(aarhus, ServiceKind.MEETING_PLACE),
        },
    }


def seed003_agreement(*, municipality, provider, programme, seed: int = 7, start=None, end=None):
    """A framework agreement shaped like seed 003's: a training kitchen (the programme), a
    network for the unemployed with outcomes, a youth host function with users and weekly
    staffed hours. Registrations are random between start and end. Returns the services."""
    rng = random.Random(seed)
    start = start or datetime.date(2025, 1, 1)
    end = end or datetime.date(2026, 6, 30)
    span = (end - start).days
    framework = FrameworkAgreement.objects.create(
        municipality=municipality, provider=provider, name="Rammeaftale 2025–2026", start=start, end=end
    )
    kitchen = AgreementService.objects.create(
        agreement=framework,
        kind=ServiceKind.PATHWAY,
        name="Køkkenforløb",
        annual_grant=700000,
        programme=programme,
    )
    network = AgreementService.objects.create(
        agreement=framework, kind=ServiceKind.NETWORK, name="Ledige med Drive", annual_grant=300000
    )
    youth = AgreementService.objects.create(
        agreement=framework, kind=ServiceKind.YOUTH_HOST, name="Ung værtsfunktion", annual_grant=200000
    )
    Deliverable.objects.create(
        service=kitchen,
        name="Forløb",
        metric=MetricKind.COURSES_PER_YEAR,
        target=24,
        period_basis=PeriodBasis.YEAR,
    )
    Deliverable.objects.create(
        service=youth,
        name="Sociale værter",
        metric=MetricKind.STAFFED_HOURS_PER_WEEK,
        target=20,
        period_basis=PeriodBasis.WEEK,
    )
    NetworkOutcome.objects.bulk_create(
        [
            NetworkOutcome(
                service=network,
                date=start + datetime.timedelta(days=rng.randint(0, span)),
                outcome=rng.choice(list(NETWORK_OUTCOMES[:1]) * 6 + list(NETWORK_OUTCOMES)).value,
                direct=rng.random() < 0.3,
            )
            for _i in range(90)
        ]
    )
    users = YouthUser.objects.bulk_create(
        [
            YouthUser(
                service=youth,
                label=f"Ung {i}",
                registered=start + datetime.timedelta(days=rng.randint(0, span)),
                referral=rng.choice(list(YouthReferral)).value,
                income=rng.choice([YouthIncome.KONTANTHJAELP] * 3 + list(YouthIncome)).value,
            )
            for i in range(70)
        ]
    )
    YouthFrequency.objects.bulk_create(
        [
            YouthFrequency(
                user=u, period_start=u.registered, period_end=end, frequency=rng.choice(list(Frequency)).value
            )
            for u in users
            if rng.random() < 0.85
        ]
    )
    WeeklyRegistration.objects.bulk_create(
        WeeklyRegistration(service=youth, week=week, staffed_hours=Decimal(rng.randint(16, 24)))
        for week in mondays(start, end)
    )
    return kitchen, network, youth
