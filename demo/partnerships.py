"""Demo data for partnerships (see docs/partnerships.md): seed 001's growth partnership in
Kolding with the employment actor as the companies' single point of contact, accelerator
companies offering placement slots, the two-cluster table of seed 001 (9 + 9 places), a company
request waiting in the contact's inbox, participants with matching profiles and a matching run
ready to look at, lock and confirm. Everything through the partnerships services."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from partnerships.models import (
    CompanyRequest,
    MatchingRun,
    MatchProfile,
    MemberRole,
    Partnership,
    PartnershipMember,
    PlacementSlot,
    PlacementTarget,
    Readiness,
)
from partnerships.services import member_save, partnership_create, plan_item_save, target_save
from partnerships.services_matching import run_create
from partnerships.services_requests import request_post
from partnerships.services_slots import slot_save
from pathways.models import Enrolment, Placement
from tenants.models import Municipality

from .contracts import PARTNERSHIP_NAME

KOLDING = "0621"
# Seed 001, the table on page 6: two clusters of municipalities with their number of places.
CLUSTERS = {
    "Klynge 1": [("0851", 2), ("0621", 1), ("0157", 2), ("0259", 1), ("0336", 1), ("0306", 2)],
    "Klynge 2": [("0756", 1), ("0661", 1), ("0740", 2), ("0147", 2), ("0270", 1), ("0316", 1), ("0336", 1)],
}
HOSTS = ["company", "training_kitchen", "cafe", "bicycle"]
# (host anchor, title, trade, places, postcode, hours per week, tasks, buddy)
SLOTS = [
    ("company", "Montage og svejsning", "industri", 2, "6000", "20", "Klargøring, montage og oprydning på værkstedet",
     "Kim Sørensen"),
    ("training_kitchen", "Køkkenhjælp i frokostordningen", "køkken", 2, "6000", "15", "Forberedelse, opvask og servering",
     "Mette Holm"),
    ("cafe", "Café og servering", "café", 1, "6000", "12", "Kaffebar, kasse og borddækning", "Sara Nielsen"),
    ("bicycle", "Cykelmekaniker", "cykler", 1, "6000", "15", "Reparation af tjenestecykler", "Ali Demir"),
]
POSTCODES = ["6000", "6000", "6091", "6040", "6070", "6000", "6051", "6580", "6000", "6093"]
WISHES = ["køkken", "industri, café", "café", "", "cykler", "industri", "køkken, café", "", "café, køkken", "industri"]
READINESS = [Readiness.READY, Readiness.READY, Readiness.WITH_SUPPORT, Readiness.READY, Readiness.NOT_YET]
PARTICIPANTS = 10


def _user(username: str):
    return User.objects.filter(username=username).first() or User.objects.filter(username="admin").first()


def clear_demo(municipalities) -> None:
    """Remove this app's demo rows before the organisations are reloaded (members, slots and
    requests protect the organisations they point at). The partnership itself stays: the
    contracts demo owns it and its contract protects it."""
    ids = [m.pk for m in municipalities]
    partnerships = Partnership.objects.filter(municipality_id__in=ids)
    MatchingRun.objects.filter(partnership__in=partnerships).delete()
    CompanyRequest.objects.filter(partnership__in=partnerships).delete()
    PlacementSlot.objects.filter(partnership__in=partnerships).delete()
    PlacementTarget.objects.filter(partnership__in=partnerships).delete()
    PartnershipMember.objects.filter(partnership__in=partnerships).delete()
    MatchProfile.objects.filter(enrolment__citizen__municipality_id__in=ids).delete()


def _partnership(kolding, by) -> Partnership:
    partnership = Partnership.objects.filter(municipality=kolding, name=PARTNERSHIP_NAME).first()
    if partnership is None:
        partnership = partnership_create(by=by, municipality=kolding, name=PARTNERSHIP_NAME,
                                         start=datetime.date(2025, 1, 1), end=datetime.date(2027, 6, 30))
    return partnership


def _slot(partnership, org, spec, by):
    _anchor, title, trade, places, postcode, hours, tasks, buddy = spec
    data = {"company": org, "title": title, "trade": trade, "phase": None, "places": places,
            "start": timezone.localdate(), "end": None, "hours_per_week": Decimal(hours), "tasks": tasks, "buddy": buddy,
            "street": "", "postcode": postcode, "needs_ready": trade == "industri", "dispensation_note": ""}
    try:
        return slot_save(by=by, partnership=partnership, data=data, open_now=True)
    except ValidationError:
        # Social enterprises of the demo hold the dispensation seed 004 describes.
        data["dispensation_note"] = "Socialøkonomisk virksomhed med dispensation fra rimelighedskravet"
        return slot_save(by=by, partnership=partnership, data=data, open_now=True)


# (partner anchor, need or wish, action, owner, days from today, status)
PLAN = [
    ("company", "Værdiskabende opgaver på værkstedet: klargøring og montage, 20 timer om ugen, ingen uddannelseskrav",
     "Beskæftigelsesaktøren finder to borgere med interesse for industri til praktik", "Job & Vækst Kolding", 30,
     "active"),
    ("job_centre", "Ni praktikpladser i klynge 1 til borgere i fase 2",
     "Acceleratorvirksomhederne udbyder pladser inden forløbets fase 2", "Erhvervsservice Kolding", 60, "planned"),
    ("cafe", "Personale trænet som buddies før borgerne starter",
     "Buddy-træning på fælles camp i acceleratoren", "Den Sociale Kapitalfond", 14, "planned"),
]


def _plan(partnership, orgs, by) -> None:
    members = {m.organisation_id: m for m in partnership.memberships.all()}
    for anchor, need, action, owner, days, status in PLAN:
        org = orgs.get((KOLDING, anchor))
        if org is not None and org.pk in members:
            plan_item_save(by=by, partnership=partnership, data={
                "member": members[org.pk], "need": need, "action": action, "owner": owner,
                "due": timezone.localdate() + datetime.timedelta(days=days), "status": status,
            })  # fmt: skip


def seed_demo(kolding, orgs, *, seed: int) -> dict[str, int]:
    """Load this app's demo rows for Kolding; returns counts for the seed summary."""
    consultant, caseworker, company_user = _user("konsulent"), _user("sagsbehandler"), _user("virksomhed")
    if consultant is None:
        return {}
    partnership = _partnership(kolding, consultant)
    members = [("job_centre", MemberRole.MUNICIPALITY), ("provider", MemberRole.SINGLE_POINT)]
    members += [(anchor, MemberRole.HOST_COMPANY) for anchor in HOSTS]
    for anchor, role in members:
        org = orgs.get((KOLDING, anchor))
        if org is not None:
            member_save(by=consultant, partnership=partnership, organisation=org, role=role)
    _plan(partnership, orgs, consultant)
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in={c for rows in CLUSTERS.values() for c, _ in rows})}
    for cluster, rows in CLUSTERS.items():
        for code, places in rows:
            target_save(by=consultant, partnership=partnership, cluster=cluster, municipality=municipalities[code],
                        places=places)
    slots = [_slot(partnership, orgs[(KOLDING, spec[0])], spec, consultant) for spec in SLOTS if (KOLDING, spec[0]) in orgs]
    company = orgs.get((KOLDING, "company"))
    if company is not None and company_user is not None:
        request_post(by=company_user, partnership=partnership, company=company, kind="placement",
                     text="Vi kan tage to borgere mere i praktik fra februar. Kan I finde nogen med interesse for industri?")
    enrolments = list(
        Enrolment.objects.filter(citizen__municipality=kolding, status="active", citizen__erased_at__isnull=True)
        .exclude(pk__in=Placement.objects.filter(end__isnull=True).values("enrolment_id"))
        .order_by("pk")[:PARTICIPANTS]
    )
    MatchProfile.objects.bulk_create([
        MatchProfile(enrolment=e, postcode=POSTCODES[i % len(POSTCODES)], max_km=25 + 5 * (i % 4),
                     readiness=READINESS[i % len(READINESS)], wishes=WISHES[i % len(WISHES)])
        for i, e in enumerate(enrolments)
    ])  # fmt: skip
    runs = 0
    if slots and enrolments and caseworker is not None:
        run_create(by=caseworker, partnership=partnership, start=timezone.localdate(), max_km=40)
        runs = 1
    return {"partnership slots": len(slots), "matching profiles": len(enrolments), "matching runs": runs}
