"""Builders for partnership tests (and demo/bench): a Kolding partnership with its members, the
host company's staffing figures, slots, placements and participants waiting for the company
phase. Each goes through the services where one exists."""

import datetime
from decimal import Decimal

from pathways.models import Placement
from pathways.services_attendance import placement_create
from pathways.testing import enrol, make_programme
from registry.models import Staffing

from .models import MatchProfile, MemberRole, PlacementSlot
from .services import partnership_create
from .services_slots import slot_save

D = datetime.date


def make_partnership(world, *, name="Vækstpartnerskab Kolding", single_point=True, hosts=None, by=None):
    """Kolding's partnership: the job centre as municipality, the employment actor (world.provider)
    as single point of contact, the company and the social enterprise as host companies."""
    hosts = [world.company, world.social_enterprise] if hosts is None else hosts
    members = [(world.jobcentre, MemberRole.MUNICIPALITY)]
    members.append((world.provider, MemberRole.SINGLE_POINT if single_point else MemberRole.OTHER))
    members += [(h, MemberRole.HOST_COMPANY) for h in hosts]
    return partnership_create(
        by=by or world.users["consultant"], municipality=world.kolding, name=name, start=D(2025, 1, 1),
        members=members,
    )


def make_staffing(organisation, *, ordinary: int, wage_subsidy: int = 0, interns: int = 0, year: int | None = None):
    """Staffing with `ordinary` ordinary employees (plus those in wage subsidy, who are employees
    but not ordinary) and `interns` in company internship."""
    year = year or datetime.date.today().year
    return Staffing.objects.update_or_create(
        organisation=organisation, year=year,
        defaults={"employees_total": ordinary + wage_subsidy, "wage_subsidy": wage_subsidy, "interns": interns},
    )[0]


def slot_data(company, **overrides) -> dict:
    data = {
        "company": company, "title": "Lager og logistik", "trade": "lager", "phase": None, "places": 1,
        "start": datetime.date.today(), "end": None, "hours_per_week": Decimal("15"), "tasks": "Pluk og pak",
        "buddy": "Jens Jensen", "street": "Havnegade 1", "postcode": "6000", "needs_ready": False,
        "dispensation_note": "",
    }
    return data | overrides


def make_slot(world, partnership, company=None, *, by=None, open_now=True, **overrides) -> PlacementSlot:
    return slot_save(
        by=by or world.users["consultant"], partnership=partnership, data=slot_data(company or world.company, **overrides),
        open_now=open_now,
    )


def live_placement(world, company, *, start=None) -> Placement:
    """A participant placed in `company` since `start` (default: a week ago), still running."""
    enrolment = enrol(caseworker=world.users["caseworker"], municipality=world.kolding, provider=world.provider,
                      start=D(2025, 1, 6))
    return placement_create(
        by=world.users["caseworker"], enrolment=enrolment, company=company, support_person="Buddy",
        start=start or datetime.date.today() - datetime.timedelta(days=7),
    )


def waiting_participants(world, n: int, *, postcodes=("6000",), readiness="ready", wishes="", programme=None):
    """`n` participants of one seed-001 programme with a match profile each."""
    programme = programme or make_programme(provider=world.provider, key="vaekstpartnerskab", team_start=D(2025, 1, 6))
    out = []
    for i in range(n):
        enrolment = enrol(caseworker=world.users["caseworker"], municipality=world.kolding, programme=programme,
                          name=f"Deltager {i + 1}")
        MatchProfile.objects.create(enrolment=enrolment, postcode=postcodes[i % len(postcodes)], max_km=40,
                                    readiness=readiness, wishes=wishes)
        out.append(enrolment)
    return out
