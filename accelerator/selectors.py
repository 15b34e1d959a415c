"""Reads for the accelerator's pages, scoped through accelerator.access, with aggregates in SQL
(a constant number of queries whatever the number of companies)."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.access import Access
from accounts.roles import Perm

from . import access as acc
from . import rules
from .models import (
    AcceleratorCohort,
    Buddy,
    Camp,
    CampAttendance,
    InductionStep,
    Participant,
    SessionStatus,
    SocialModel,
    SparringSession,
    ValueTask,
)


def _count(model, outer: str, **filters) -> Coalesce:
    """A correlated COUNT(*) subquery (no join fan-out between several counts)."""
    rows = model.objects.filter(**{outer: OuterRef("pk")}, **filters).order_by().values(outer)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0)


def programme_list(access: Access):
    return (
        acc.programmes_visible_to(access)
        .select_related("owner", "municipality")
        .annotate(n_cohorts=Count("cohorts"))
    )


def cohort_list(programme) -> QuerySet[AcceleratorCohort]:
    return programme.cohorts.annotate(n_participants=Count("participants"))


def with_readiness(social_models: QuerySet[SocialModel]) -> QuerySet[SocialModel]:
    return social_models.annotate(
        n_tasks=_count(ValueTask, "social_model", hours_per_week__gt=0, citizens__gt=0),
        n_steps=_count(InductionStep, "social_model"),
        n_trained=_count(Buddy, "social_model", trained_on__isnull=False),
    )


def readiness_of(model) -> rules.Readiness:
    """Readiness from a social model annotated by with_readiness (no query)."""
    tasks = [rules.TaskFacts(hours_per_week=1, citizens=1)] * model.n_tasks
    return rules.readiness(tasks=tasks, induction_steps=model.n_steps, trained_buddies=model.n_trained)


def participants_of(cohort: AcceleratorCohort) -> list[Participant]:
    """The cohort's companies with session and camp attendance counts and the social model's
    readiness: three queries whatever the size."""
    participants = list(
        cohort.participants.select_related("organisation").annotate(
            sessions_held=_count(SparringSession, "participant", status=SessionStatus.HELD),
            sessions_missed=_count(SparringSession, "participant", status=SessionStatus.MISSED),
            sessions_planned=_count(SparringSession, "participant", status=SessionStatus.PLANNED),
            camps_attended=_count(CampAttendance, "participant", attended=True),
        )
    )
    models = {
        m.participant_id: m for m in with_readiness(SocialModel.objects.filter(participant__cohort=cohort))
    }
    for participant in participants:
        model = models.get(participant.pk)
        participant.model = model
        participant.readiness = (
            readiness_of(model) if model else rules.readiness(tasks=[], induction_steps=0, trained_buddies=0)
        )
    return participants


def camps_of(cohort: AcceleratorCohort) -> QuerySet[Camp]:
    return cohort.camps.annotate(
        n_present=Count("attendance", filter=Q(attendance__attended=True)),
        n_registered=Count("attendance"),
    ).prefetch_related("items")


def sessions_visible(access: Access, participant: Participant) -> QuerySet[SparringSession]:
    if not acc.sees_company(access, participant):
        return SparringSession.objects.none()
    return participant.sessions.all()


def own_participations(access: Access) -> QuerySet[Participant]:
    """The cohorts the user's own company takes part in (the company contact's start page)."""
    return (
        acc.participants_visible_to(access)
        .filter(organisation_id__in=access.organisations_with(Perm.ACCELERATOR_VIEW))
        .select_related("cohort", "organisation")
    )


def cohorts_with_counts(cohorts: QuerySet[AcceleratorCohort]) -> QuerySet[AcceleratorCohort]:
    return cohorts.annotate(n_participants=_count(Participant, "cohort"))
