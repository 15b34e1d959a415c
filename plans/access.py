"""Who sees and changes what in plans. Built on accounts.access.Access; every page and API
call goes through these helpers, and a record the user may not see answers 404.

- PLAN_VIEW: the municipality's strategies, projects and steering groups;
- PLAN_EDIT: change them;
- a steering group's minutes: its members (users) and PLAN_EDIT holders of the municipality;
- SUPPORT_CASE: every support case of the municipality (the consultant who advises);
- SUPPORT_OWN: the support cases of the user's own organisations only, never another's;
- OUTREACH_LOG: the municipality's outreach log.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Access, permitted
from accounts.roles import Perm

from .models import Meeting, OutreachContact, Project, SteeringGroup, Strategy, StrategyVersion, SupportCase


def can_enter(access: Access) -> bool:
    return any(access.has(p) for p in (Perm.PLAN_VIEW, Perm.SUPPORT_CASE, Perm.SUPPORT_OWN, Perm.OUTREACH_LOG))


def _viewable(access: Access, prefix: str = "") -> Q:
    return Q(**{f"{prefix}municipality_id__in": access.municipalities_with(Perm.PLAN_VIEW)})


def can_edit(access: Access, record) -> bool:
    return access.has(Perm.PLAN_EDIT, record.municipality_id)


# --- Strategies -----------------------------------------------------------------------------


def strategies_visible_to(access: Access) -> QuerySet[Strategy]:
    return Strategy.objects.filter(_viewable(access))


def strategy_get(access: Access, public_id) -> Strategy:
    return get_object_or_404(strategies_visible_to(access).select_related("municipality"), public_id=public_id)


def strategy_for_edit(access: Access, public_id) -> Strategy:
    return permitted(access, strategy_get(access, public_id), can_edit)


def version_get(access: Access, public_id) -> StrategyVersion:
    return get_object_or_404(
        StrategyVersion.objects.filter(_viewable(access, "strategy__")).select_related("strategy__municipality"),
        public_id=public_id,
    )


def version_for_edit(access: Access, public_id) -> StrategyVersion:
    version = version_get(access, public_id)
    permitted(access, version.strategy, can_edit)
    return version


# --- Projects -------------------------------------------------------------------------------


def projects_visible_to(access: Access) -> QuerySet[Project]:
    return Project.objects.filter(_viewable(access))


def project_get(access: Access, public_id) -> Project:
    return get_object_or_404(projects_visible_to(access).select_related("municipality", "supplier"), public_id=public_id)


def project_for_edit(access: Access, public_id) -> Project:
    return permitted(access, project_get(access, public_id), can_edit)


# --- Steering groups ------------------------------------------------------------------------


def groups_visible_to(access: Access) -> QuerySet[SteeringGroup]:
    return SteeringGroup.objects.filter(_viewable(access) | Q(members__user=access.user)).distinct()


def group_get(access: Access, public_id) -> SteeringGroup:
    return get_object_or_404(groups_visible_to(access).select_related("municipality"), public_id=public_id)


def group_for_edit(access: Access, public_id) -> SteeringGroup:
    return permitted(access, group_get(access, public_id), can_edit)


def sees_minutes(access: Access, group: SteeringGroup) -> bool:
    return can_edit(access, group) or group.members.filter(user=access.user).exists()


def meeting_get(access: Access, public_id) -> Meeting:
    return get_object_or_404(
        Meeting.objects.filter(group__in=groups_visible_to(access)).select_related("group__municipality"),
        public_id=public_id,
    )


# --- Support cases --------------------------------------------------------------------------


def can_list_cases(access: Access) -> bool:
    return access.has(Perm.SUPPORT_CASE) or bool(access.organisations_with(Perm.SUPPORT_OWN))


def cases_visible_to(access: Access) -> QuerySet[SupportCase]:
    return SupportCase.objects.filter(
        Q(municipality_id__in=access.municipalities_with(Perm.SUPPORT_CASE))
        | Q(organisation_id__in=access.organisations_with(Perm.SUPPORT_OWN))
    )


def case_get(access: Access, public_id) -> SupportCase:
    return get_object_or_404(
        cases_visible_to(access).select_related("municipality", "organisation", "advisor"), public_id=public_id
    )


def can_advise(access: Access, case: SupportCase) -> bool:
    return access.has(Perm.SUPPORT_CASE, case.municipality_id)


def case_for_advice(access: Access, public_id) -> SupportCase:
    return permitted(access, case_get(access, public_id), can_advise)


# --- Outreach -------------------------------------------------------------------------------


def outreach_visible_to(access: Access) -> QuerySet[OutreachContact]:
    return OutreachContact.objects.filter(municipality_id__in=access.municipalities_with(Perm.OUTREACH_LOG))


def outreach_get(access: Access, public_id) -> OutreachContact:
    return get_object_or_404(outreach_visible_to(access), public_id=public_id)
