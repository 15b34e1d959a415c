"""Who sees which citizen, referral and enrolment. Built on accounts.access.Access.

- caseworker (CITIZEN_VIEW): every citizen of their municipality;
- administrator: the same (CITIZEN_VIEW), but see `cpr_visibility`;
- provider staff (PATHWAY_RUN): only citizens with a sent or accepted referral to a programme
  of their own organisation, and never the CPR number;
- company contact, analyst, consultant, procurement: nothing (placements and aggregates come
  later).
Anything else answers 404, as if it did not exist.

The full CPR number is shown only to the citizen's own caseworker; everybody else who may see
the citizen sees it masked (DDMMYY-XXXX), provider staff not at all.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.access import Access
from accounts.roles import Perm

from .models import Citizen, Enrolment, Programme, Referral, ReferralStatus

# Referral statuses that let the provider see the citizen.
PROVIDER_VISIBLE = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


def organisations_with(access: Access, perm: Perm) -> set[int]:
    """Organisations in which the user holds a role that grants `perm` (own-organisation
    permissions like PATHWAY_RUN apply only there)."""
    return set(access.organisations_with(perm))


def run_programmes(access: Access) -> QuerySet[Programme]:
    """Programmes the user runs (provider staff of the programme's organisation)."""
    return Programme.objects.filter(provider_id__in=organisations_with(access, Perm.PATHWAY_RUN))


def referable_programmes(access: Access, citizen: Citizen) -> QuerySet[Programme]:
    """Programmes a caseworker may refer this citizen to: those of the citizen's municipality."""
    if not access.has(Perm.REFERRAL_CREATE, citizen.municipality_id):
        return Programme.objects.none()
    return Programme.objects.filter(provider__municipality_id=citizen.municipality_id).select_related(
        "provider"
    )


def citizens_visible(access: Access) -> QuerySet[Citizen]:
    condition = Q(municipality_id__in=access.municipalities_with(Perm.CITIZEN_VIEW))
    run_orgs = organisations_with(access, Perm.PATHWAY_RUN)
    if run_orgs:
        referred = Referral.objects.filter(programme__provider_id__in=run_orgs, status__in=PROVIDER_VISIBLE)
        condition |= Q(pk__in=referred.values("citizen_id"))
    return Citizen.objects.filter(condition)


def citizen_get(access: Access, public_id) -> Citizen:
    citizen = (
        citizens_visible(access)
        .select_related("municipality", "caseworker")
        .filter(public_id=public_id)
        .first()
    )
    if citizen is None:
        raise Http404
    return citizen


def can_view_municipality_wide(access: Access, citizen: Citizen) -> bool:
    return access.has(Perm.CITIZEN_VIEW, citizen.municipality_id)


def can_edit_citizen(access: Access, citizen: Citizen) -> bool:
    return access.has(Perm.CITIZEN_EDIT, citizen.municipality_id)


def can_refer(access: Access, citizen: Citizen) -> bool:
    return access.has(Perm.REFERRAL_CREATE, citizen.municipality_id)


def cpr_visibility(access: Access, citizen: Citizen) -> str:
    """'full' for the citizen's own caseworker, 'masked' for others who see the citizen
    municipality-wide, 'none' for provider staff."""
    if not can_view_municipality_wide(access, citizen):
        return "none"
    if citizen.caseworker_id is not None and citizen.caseworker_id == access.user.pk:
        return "full"
    return "masked"


def can_run(access: Access, programme: Programme) -> bool:
    return programme.provider_id in organisations_with(access, Perm.PATHWAY_RUN)


def referral_get(access: Access, public_id) -> Referral:
    """A referral the user may see: municipality-wide for caseworkers and administrators, or
    sent/accepted to a programme the user runs."""
    referral = (
        Referral.objects.select_related("citizen", "programme__provider", "team")
        .filter(public_id=public_id)
        .filter(
            Q(citizen__municipality_id__in=access.municipalities_with(Perm.CITIZEN_VIEW))
            | Q(
                programme__provider_id__in=organisations_with(access, Perm.PATHWAY_RUN),
                status__in=PROVIDER_VISIBLE,
            )
        )
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def enrolment_get(access: Access, public_id) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_related("citizen", "programme__provider", "team")
        .filter(public_id=public_id)
        .filter(
            Q(citizen__municipality_id__in=access.municipalities_with(Perm.CITIZEN_VIEW))
            | Q(programme__provider_id__in=organisations_with(access, Perm.PATHWAY_RUN))
        )
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def can_change_enrolment(access: Access, enrolment: Enrolment) -> bool:
    """Pause and resume: the provider running the programme, or a caseworker of the
    citizen's municipality."""
    return can_run(access, enrolment.programme) or can_edit_citizen(access, enrolment.citizen)


def programmes_visible(access: Access) -> QuerySet[Programme]:
    """Programmes the user may see: those they run or edit, and every programme of a
    municipality where they may refer citizens."""
    own = organisations_with(access, Perm.PATHWAY_RUN) | organisations_with(access, Perm.PROGRAMME_EDIT)
    return Programme.objects.filter(
        Q(provider_id__in=own) | Q(provider__municipality_id__in=access.municipalities_with(Perm.REFERRAL_CREATE))
    )


def programme_get(access: Access, public_id) -> Programme:
    programme = programmes_visible(access).select_related("provider").filter(public_id=public_id).first()
    if programme is None:
        raise Http404
    return programme


def can_edit_programme(access: Access, programme: Programme) -> bool:
    return programme.provider_id in organisations_with(access, Perm.PROGRAMME_EDIT)
