"""Who sees and changes what in the accelerator. Built on accounts.access.Access; every page,
export and API call of the app goes through here, and anything not visible answers 404.

- ACCELERATOR_VIEW (every role in the municipality): programmes, cohorts, the camps' calendar,
  which companies take part, and their social models (seed 001 §3: the social model is known
  to all partners);
- a company's own rows (its application, sparring sessions, growth figures, follow-up): staff
  of that company, and ACCELERATOR_COMPANIES holders (consultant, employment actor, analyst)
  for every company of the municipality;
- campaigns and their contact log: ACCELERATOR_COMPANIES;
- assessors' scores: ACCELERATOR_ASSESS only (a company never sees scores, not even its own);
- ACCELERATOR_EDIT (consultant, admin): everything is edited by them; a company's staff also
  edit their own social model and growth figures.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Access, permitted
from accounts.roles import Perm

from .models import (
    AcceleratorCohort,
    AcceleratorProgramme,
    Application,
    Camp,
    Participant,
    RecruitmentCampaign,
    SocialModel,
)

COHORT = "cohort__programme__municipality_id"


def _in(access: Access, perm: Perm, path: str) -> Q:
    return Q(**{f"{path}__in": access.municipalities_with(perm)})


def _own_company(access: Access, path: str) -> Q:
    return Q(**{f"{path}__in": access.organisations_with(Perm.ACCELERATOR_VIEW)})


def can_list(access: Access) -> bool:
    return access.has(Perm.ACCELERATOR_VIEW)


def can_edit(access: Access, municipality_id: int) -> bool:
    return access.has(Perm.ACCELERATOR_EDIT, municipality_id)


def sees_all_companies(access: Access, municipality_id: int) -> bool:
    return access.has(Perm.ACCELERATOR_COMPANIES, municipality_id)


def may_see_scores(access: Access, municipality_id: int) -> bool:
    return access.has(Perm.ACCELERATOR_ASSESS, municipality_id)


def is_own_company(access: Access, organisation_id: int) -> bool:
    return organisation_id in access.organisations_with(Perm.ACCELERATOR_VIEW)


def sees_company(access: Access, participant: Participant) -> bool:
    """The company's own rows: sessions, growth, follow-up."""
    municipality_id = participant.cohort.programme.municipality_id
    return sees_all_companies(access, municipality_id) or is_own_company(access, participant.organisation_id)


def may_edit_company(access: Access, participant: Participant) -> bool:
    """The social model and growth figures: the consultant, or the company's own staff."""
    return can_edit(access, participant.cohort.programme.municipality_id) or is_own_company(
        access, participant.organisation_id
    )


# --- Programmes and cohorts ----------------------------------------------------------------


def programmes_visible_to(access: Access) -> QuerySet[AcceleratorProgramme]:
    return AcceleratorProgramme.objects.filter(_in(access, Perm.ACCELERATOR_VIEW, "municipality_id"))


def programme_get(access: Access, public_id) -> AcceleratorProgramme:
    return get_object_or_404(programmes_visible_to(access).select_related("owner"), public_id=public_id)


def programme_for_edit(access: Access, public_id) -> AcceleratorProgramme:
    return permitted(access, programme_get(access, public_id), lambda a, p: can_edit(a, p.municipality_id))


def cohorts_visible_to(access: Access) -> QuerySet[AcceleratorCohort]:
    return AcceleratorCohort.objects.filter(_in(access, Perm.ACCELERATOR_VIEW, "programme__municipality_id"))


def cohort_get(access: Access, public_id) -> AcceleratorCohort:
    return get_object_or_404(
        cohorts_visible_to(access).select_related("programme__owner"), public_id=public_id
    )


def cohort_for_edit(access: Access, public_id) -> AcceleratorCohort:
    return permitted(access, cohort_get(access, public_id), lambda a, c: can_edit(a, c.municipality_id))


def camp_get(access: Access, public_id) -> Camp:
    return get_object_or_404(
        Camp.objects.filter(_in(access, Perm.ACCELERATOR_VIEW, COHORT)).select_related("cohort__programme"),
        public_id=public_id,
    )


def camp_for_edit(access: Access, public_id) -> Camp:
    return permitted(access, camp_get(access, public_id), lambda a, c: can_edit(a, c.cohort.municipality_id))


# --- Companies in a cohort -----------------------------------------------------------------


def participants_visible_to(access: Access) -> QuerySet[Participant]:
    return Participant.objects.filter(_in(access, Perm.ACCELERATOR_VIEW, COHORT))


def participant_get(access: Access, public_id) -> Participant:
    return get_object_or_404(
        participants_visible_to(access).select_related("cohort__programme", "organisation"),
        public_id=public_id,
    )


def participant_for_edit(access: Access, public_id) -> Participant:
    return permitted(
        access, participant_get(access, public_id), lambda a, p: can_edit(a, p.cohort.municipality_id)
    )


def participant_for_company_edit(access: Access, public_id) -> Participant:
    return permitted(access, participant_get(access, public_id), may_edit_company)


def company_rows_scope(access: Access, *, municipality: str, organisation: str) -> Q:
    """A filter for rows belonging to one company: every company for ACCELERATOR_COMPANIES,
    otherwise only the user's own organisations."""
    return _in(access, Perm.ACCELERATOR_COMPANIES, municipality) | (
        _in(access, Perm.ACCELERATOR_VIEW, municipality) & _own_company(access, organisation)
    )


def social_model_get(access: Access, public_id) -> SocialModel:
    return get_object_or_404(
        SocialModel.objects.filter(
            _in(access, Perm.ACCELERATOR_VIEW, f"participant__{COHORT}")
        ).select_related("participant__cohort__programme", "participant__organisation"),
        public_id=public_id,
    )


def social_model_for_edit(access: Access, public_id) -> SocialModel:
    model = social_model_get(access, public_id)
    permitted(access, model.participant, may_edit_company)
    return model


# --- Recruitment and selection -------------------------------------------------------------


def campaigns_visible_to(access: Access) -> QuerySet[RecruitmentCampaign]:
    return RecruitmentCampaign.objects.filter(_in(access, Perm.ACCELERATOR_COMPANIES, COHORT))


def campaign_get(access: Access, public_id) -> RecruitmentCampaign:
    return get_object_or_404(
        campaigns_visible_to(access).select_related("cohort__programme"), public_id=public_id
    )


def campaign_for_edit(access: Access, public_id) -> RecruitmentCampaign:
    return permitted(
        access, campaign_get(access, public_id), lambda a, c: can_edit(a, c.cohort.municipality_id)
    )


def applications_visible_to(access: Access) -> QuerySet[Application]:
    return Application.objects.filter(
        company_rows_scope(access, municipality=COHORT, organisation="organisation_id")
        | _in(access, Perm.ACCELERATOR_ASSESS, COHORT)
    )


def application_get(access: Access, public_id) -> Application:
    return get_object_or_404(
        applications_visible_to(access).select_related("cohort__programme", "organisation"),
        public_id=public_id,
    )


def application_for_assess(access: Access, public_id) -> Application:
    return permitted(
        access, application_get(access, public_id), lambda a, x: may_see_scores(a, x.cohort.municipality_id)
    )


def application_for_decision(access: Access, public_id) -> Application:
    return permitted(
        access, application_get(access, public_id), lambda a, x: can_edit(a, x.cohort.municipality_id)
    )
