"""Matching runs: propose an assignment of waiting participants to open slots (partnerships.
matching), let the caseworker lock or reject pairs and re-run, and confirm, which creates the
pathways placements in one transaction with the audit rows. Who may do it (PLACEMENT_MATCH in
the partnership's municipality) is checked by the caller through partnerships.access."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record
from pathways.models import Placement
from pathways.services_attendance import placement_create

from . import geo, matching
from .capacity import capacities, filled_by_slot
from .models import (
    MatchingRun,
    MatchPair,
    MatchProfile,
    PairState,
    Partnership,
    PlacementSlot,
    RunStatus,
    SlotStatus,
)

REASONS = {
    "not_ready": lambda km: _("Borgeren er ikke klar til et virksomhedsforløb endnu."),
    "too_far": lambda km: _("Ingen plads inden for borgerens rækkevidde (højst %(km)s km) passer til borgerens parathed.")
    % {"km": km},
    "taken": lambda km: _("Pladserne inden for rækkevidde gik til borgere med et bedre samlet match."),
    "no_place": lambda km: _("Borgerens postnummer kan ikke placeres."),
}


def waiting_profiles(partnership: Partnership, on: datetime.date):
    """Participants of the partnership's municipality with a matching profile, still enrolled and
    without a placement running on `on`: those waiting for the company phase."""
    busy = Placement.objects.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on)).values("enrolment_id")
    return (
        MatchProfile.objects.filter(
            enrolment__citizen__municipality_id=partnership.municipality_id,
            enrolment__status__in=["active", "paused"],
        )
        .exclude(enrolment_id__in=busy)
        .select_related("enrolment__citizen__municipality")
        .order_by("enrolment_id")
    )


def _reason(pair: matching.Pair) -> str:
    parts = [_("%(km)s km") % {"km": f"{pair.distance_km:.1f}".replace(".", ",")}]
    if pair.wish_rank:
        parts.append(_("ønske nr. %(n)s") % {"n": pair.wish_rank})
    return "; ".join(parts)


def _solve(run: MatchingRun, *, max_km: int) -> None:
    """Replace the run's proposed and unmatched rows by a fresh solution; locked pairs keep their
    places and rejected pairs are never proposed again."""
    run.pairs.filter(state__in=[PairState.PROPOSED, PairState.UNMATCHED]).delete()
    kept = list(run.pairs.exclude(state=PairState.REJECTED).values_list("enrolment_id", "slot_id"))
    rejected = set(run.pairs.filter(state=PairState.REJECTED).values_list("enrolment_id", "slot_id"))
    locked_people = {e for e, _s in kept}
    slots = list(
        PlacementSlot.objects.filter(partnership=run.partnership, status=SlotStatus.OPEN)
        .filter(Q(end__isnull=True) | Q(end__gte=run.start)).select_related("company__municipality")
    )
    filled = filled_by_slot(s.pk for s in slots)
    openings = []
    for slot in slots:
        left = slot.places - filled.get(slot.pk, 0) - sum(1 for _e, s in kept if s == slot.pk)
        point = geo.locate(slot.postcode, slot.company.municipality.code)
        if left > 0 and point is not None:
            openings.append(matching.Opening(slot.pk, point.lat, point.lon, left, slot.company.name, slot.trade,
                                             slot.needs_ready))
    participants, rows = [], []
    for profile in waiting_profiles(run.partnership, run.start):
        if profile.enrolment_id in locked_people:
            continue
        point = geo.locate(profile.postcode, profile.enrolment.citizen.municipality.code)
        if point is None:
            rows.append(MatchPair(run=run, enrolment_id=profile.enrolment_id, state=PairState.UNMATCHED,
                                  reason=REASONS["no_place"](max_km)))
            continue
        wishes = tuple(w.strip().lower() for w in profile.wishes.split(",") if w.strip())
        participants.append(matching.Participant(profile.enrolment_id, point.lat, point.lon, profile.max_km,
                                                 profile.readiness, wishes))
    result = matching.solve(participants, openings, max_km=max_km, forbidden=rejected)
    limit = {p.key: min(p.max_km, max_km) for p in participants}
    rows += [
        MatchPair(run=run, enrolment_id=p.participant, slot_id=p.slot, score=p.score, wish_rank=p.wish_rank,
                  distance_km=round(p.distance_km, 1), reason=_reason(p))
        for p in result.pairs
    ]
    rows += [
        MatchPair(run=run, enrolment_id=key, state=PairState.UNMATCHED, reason=REASONS[code](limit[key]))
        for key, code in result.unmatched.items()
    ]
    MatchPair.objects.bulk_create(rows)
    run.total_score = sum(r.score for r in run.pairs.exclude(state__in=[PairState.REJECTED, PairState.UNMATCHED]))
    run.save(update_fields=["total_score"])


@transaction.atomic
def run_create(*, by, partnership: Partnership, start: datetime.date | None, max_km: int | None) -> MatchingRun:
    errors = {}
    if start is None:
        errors["start"] = [_("Angiv hvornår placeringerne begynder.")]
    if max_km is None or not (1 <= max_km <= matching.MAX_KM):
        errors["max_km"] = [_("Højst km skal være mellem 1 og %(max)s.") % {"max": matching.MAX_KM}]
    if not errors and not PlacementSlot.objects.filter(partnership=partnership, status=SlotStatus.OPEN).filter(
        Q(end__isnull=True) | Q(end__gte=start)
    ).exists():
        errors["slots"] = [_("Praktikpladser: partnerskabet har ingen udbudte pladser at matche borgerne med.")]
    if errors:
        raise ValidationError(errors)
    run = MatchingRun.objects.create(partnership=partnership, start=start, created_by=by, max_km=max_km)
    _solve(run, max_km=max_km)
    record(
        actor=by, action=AuditAction.CREATE, event="partnerships.matching.create", obj=run,
        municipality_id=partnership.municipality_id,
        changes={"start": start.isoformat(), "max_km": max_km, "pairs": run.pairs.exclude(state=PairState.UNMATCHED).count()},
    )  # fmt: skip
    return run


def _open(run: MatchingRun) -> None:
    if run.status != RunStatus.PROPOSED:
        raise ValidationError({"run": [_("Matchningen er allerede bekræftet.")]})


@transaction.atomic
def pair_set(*, by, pair: MatchPair, state: str) -> MatchPair:
    """Lock a proposed pair (kept by the next re-run) or reject it (never proposed again)."""
    run = MatchingRun.objects.select_for_update().get(pk=pair.run_id)
    _open(run)
    if state not in (PairState.LOCKED, PairState.REJECTED, PairState.PROPOSED) or pair.slot_id is None:
        raise ValidationError({"state": [_("Kun foreslåede par kan låses eller afvises.")]})
    before = pair.state
    pair.state = state
    pair.save(update_fields=["state"])
    record(
        actor=by, action=AuditAction.UPDATE, event="partnerships.matching.pair", obj=run,
        municipality_id=run.partnership.municipality_id,
        changes={"pair": str(pair.public_id), "state": [before, state]},
    )  # fmt: skip
    return pair


@transaction.atomic
def run_rerun(*, by, run: MatchingRun) -> MatchingRun:
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    _open(run)
    _solve(run, max_km=run.max_km)
    record(
        actor=by, action=AuditAction.UPDATE, event="partnerships.matching.rerun", obj=run,
        municipality_id=run.partnership.municipality_id, changes={"total_score": run.total_score},
    )  # fmt: skip
    return run


@transaction.atomic
def run_confirm(*, by, run: MatchingRun) -> list[Placement]:
    """Create one pathways placement per proposed or locked pair, all or none. The capacity of
    each company is checked again (staffing or placements may have changed since the run):
    a pair that would break the rimelighedskrav without a dispensation stops the confirmation."""
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    _open(run)
    pairs = list(
        run.pairs.filter(state__in=[PairState.PROPOSED, PairState.LOCKED])
        .select_related("slot__company", "slot__phase", "enrolment__citizen")
    )
    if not pairs:
        raise ValidationError({"run": [_("Der er ingen par at bekræfte.")]})
    caps = capacities({p.slot.company_id for p in pairs}, on=run.start)
    new_by_company: dict[int, int] = {}
    for pair in pairs:
        new_by_company[pair.slot.company_id] = new_by_company.get(pair.slot.company_id, 0) + 1
    for pair in pairs:
        cap, company = caps[pair.slot.company_id], pair.slot.company
        after = cap.used + new_by_company[company.pk]
        if after > cap.allowed and not pair.slot.dispensation_note:
            raise ValidationError({"run": [_(
                "%(company)s ville bryde rimelighedskravet: %(allowed)s tilladt, %(after)s optaget efter "
                "matchningen. Afvis et af parrene eller registrér en dispensation på pladsen."
            ) % {"company": company.name, "allowed": cap.allowed, "after": after}]})  # fmt: skip
    placements = []
    for pair in pairs:
        slot = pair.slot
        phase = slot.phase if slot.phase and slot.phase.programme_id == pair.enrolment.programme_id else None
        placements.append(placement_create(
            by=by, enrolment=pair.enrolment, company=slot.company, support_person=slot.buddy,
            start=max(run.start, pair.enrolment.start_date), end=slot.end, phase=phase,
        ))  # fmt: skip
    run.status = RunStatus.CONFIRMED
    run.confirmed_at = timezone.now()
    run.save(update_fields=["status", "confirmed_at"])
    record(
        actor=by, action=AuditAction.UPDATE, event="partnerships.matching.confirm", obj=run,
        municipality_id=run.partnership.municipality_id,
        changes={"placements": [p.pk for p in placements]},
    )  # fmt: skip
    return placements



@transaction.atomic
def profile_save(*, by, enrolment, data: dict) -> MatchProfile:
    """A participant's matching profile; the postcode must be one that can be placed."""
    postcode = (data.get("postcode") or "").strip()
    errors = {}
    if geo.locate(postcode, enrolment.citizen.municipality.code) is None:
        errors["postcode"] = [_("Adressen kan ikke placeres: skriv et dansk postnummer med fire cifre.")]
    max_km = data.get("max_km")
    if max_km is None or not (1 <= max_km <= matching.MAX_KM):
        errors["max_km"] = [_("Højst km skal være mellem 1 og %(max)s.") % {"max": matching.MAX_KM}]
    if errors:
        raise ValidationError(errors)
    profile, created = MatchProfile.objects.update_or_create(
        enrolment=enrolment,
        defaults={"postcode": postcode, "max_km": max_km, "readiness": data.get("readiness") or "ready",
                  "wishes": (data.get("wishes") or "").strip()},
    )
    record(
        actor=by, action=AuditAction.CREATE if created else AuditAction.UPDATE, event="partnerships.profile.save",
        obj=profile, municipality_id=enrolment.citizen.municipality_id,
        changes={"readiness": profile.readiness, "max_km": profile.max_km},
    )  # fmt: skip
    return profile
