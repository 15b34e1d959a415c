"""Reads of citizen pathways, scoped through pathways.access, in a constant number of queries."""

from django.db.models import Prefetch, Q, QuerySet

from accounts.access import Access
from accounts.roles import Perm

from .access import PROVIDER_VISIBLE, citizens_visible, organisations_with, run_programmes
from .models import (
    CheckpointDue,
    Citizen,
    CitizenStatus,
    Enrolment,
    EnrolmentStatus,
    Referral,
    ReferralStatus,
)

OPEN_ENROLMENT = (EnrolmentStatus.ACTIVE, EnrolmentStatus.PAUSED)


def _referral_scope(access: Access) -> Q:
    """Referrals the user may see: municipality-wide, or sent/accepted to programmes they run."""
    return Q(citizen__municipality_id__in=access.municipalities_with(Perm.CITIZEN_VIEW)) | Q(
        programme__provider_id__in=organisations_with(access, Perm.PATHWAY_RUN), status__in=PROVIDER_VISIBLE
    )


def _enrolment_scope(access: Access) -> Q:
    return Q(citizen__municipality_id__in=access.municipalities_with(Perm.CITIZEN_VIEW)) | Q(
        programme__provider_id__in=organisations_with(access, Perm.PATHWAY_RUN)
    )


def caseload(access: Access, params: dict) -> QuerySet[Citizen]:
    """Citizens with a referral awaiting an answer or an open enrolment, with both prefetched."""
    referrals = Referral.objects.filter(_referral_scope(access), status=ReferralStatus.SENT)
    enrolments = Enrolment.objects.filter(_enrolment_scope(access), status__in=OPEN_ENROLMENT)
    status = params.get("status")
    if status == ReferralStatus.SENT:
        condition = Q(pk__in=referrals.values("citizen_id"))
    elif status in OPEN_ENROLMENT:
        condition = Q(pk__in=enrolments.filter(status=status).values("citizen_id"))
    else:
        condition = Q(pk__in=referrals.values("citizen_id")) | Q(pk__in=enrolments.values("citizen_id"))
    qs = citizens_visible(access).filter(condition)
    if params.get("q"):
        qs = qs.filter(name__icontains=params["q"].strip())
    if params.get("mine"):
        qs = qs.filter(caseworker=access.user)
    return (
        qs.select_related("caseworker")
        .prefetch_related(
            Prefetch("referrals", queryset=referrals.select_related("programme"), to_attr="open_referrals"),
            Prefetch(
                "enrolments",
                queryset=enrolments.select_related("programme", "team"),
                to_attr="open_enrolments",
            ),
        )
        .order_by("name", "pk")
    )


def citizen_detail_context(access: Access, citizen: Citizen) -> dict:
    """Status history, referrals and enrolments (with due dates and pauses) the user may see."""
    statuses = CitizenStatus.objects.filter(citizen=citizen).select_related(
        "benefit", "target_group", "readiness"
    )
    referrals = (
        Referral.objects.filter(_referral_scope(access), citizen=citizen)
        .select_related("programme__provider", "team", "referred_by", "decided_by")
        .order_by("-created_at", "-pk")
    )
    enrolments = (
        Enrolment.objects.filter(_enrolment_scope(access), citizen=citizen)
        .select_related("programme__provider", "team")
        .prefetch_related(
            Prefetch("checkpoints_due", queryset=CheckpointDue.objects.select_related("checkpoint")),
            "pauses",
        )
    )
    return {"statuses": list(statuses), "referrals": list(referrals), "enrolments": list(enrolments)}


def inbox(access: Access, status: str = ReferralStatus.SENT) -> QuerySet[Referral]:
    """Referrals to the programmes the user runs."""
    qs = Referral.objects.filter(programme__in=run_programmes(access))
    if status:
        qs = qs.filter(status=status)
    if status not in PROVIDER_VISIBLE:
        qs = qs.filter(status__in=PROVIDER_VISIBLE)  # declined/withdrawn: the citizen is no longer theirs
    return (
        qs.select_related("citizen", "programme", "referred_by", "team")
        .prefetch_related("programme__teams")
        .order_by("created_at", "pk")
    )
