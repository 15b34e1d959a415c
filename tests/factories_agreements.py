"""Factories for framework agreements and registrations: explicit, no magic."""

import datetime
from decimal import Decimal

from agreements.models import AgreementService, FrameworkAgreement, ServiceKind

START = datetime.date(2025, 1, 1)


def agreement(municipality, provider, *, name="Rammeaftale", start=START, end=None) -> FrameworkAgreement:
    return FrameworkAgreement.objects.create(
        municipality=municipality, provider=provider, name=name, start=start, end=end
    )


def service(agreement, kind=ServiceKind.MEETING_PLACE, *, name=None, grant="500000") -> AgreementService:
    return AgreementService.objects.create(
        agreement=agreement, kind=kind, name=name or f"Ydelse {kind}", annual_grant=Decimal(grant)
    )


def world_agreements(world):
    """Kolding's agreement with the provider (all four registration kinds) and an Aarhus one."""
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
