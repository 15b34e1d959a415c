"""Who sees and may change which citizen, referral, enrolment, programme, team, status report,
follow-up and placement: every visibility scope of citizen pathways lives here, and pages, the
API, exports and stats filter through it. Built on accounts.access.Access.

- caseworker (CITIZEN_VIEW): every citizen of their municipality, with their referrals and
  enrolments;
- administrator: the same (CITIZEN_VIEW), but see `cpr_visibility`;
- provider staff (PATHWAY_RUN): only citizens with a sent or accepted referral to a programme
  of their own organisation, and the enrolments on those programmes; never the CPR number;
- company contact (PLACEMENT_VIEW): placements with their own organisation;
- analyst (PATHWAY_STATS): enrolments of their municipality, pseudonymised, for aggregates;
- consultant, procurement: nothing.
Anything else answers 404, as if it did not exist. A record the user sees but may not act on
answers 404 on pages and 403 in the API (`enrolment_for`, `referral_for`).

The full CPR number is shown only to the citizen's own caseworker; everybody else who may see
the citizen sees it masked (DDMMYY-XXXX), provider staff not at all.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import Access, permitted
from accounts.roles import Perm

from .models import (
    CheckpointDue,
    Citizen,
    Enrolment,
    Exit,
    FollowUp,
    Placement,
    Programme,
    Referral,
    ReferralStatus,
    StatusReport,
    Team,
)

# Referral statuses that let the provider see the citizen.
PROVIDER_VISIBLE = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


def organisations_with(access: Access, perm: Perm) -> set[int]:
    """Organisations in which the user holds a role that grants `perm` (own-organisation
    permissions like PATHWAY_RUN apply only there)."""
    return set(access.organisations_with(perm))


def _municipal(access: Access, perm: Perm, path: str) -> Q:
    """Records whose municipality (reached through `path`) is one where the user holds `perm`."""
    return Q(**{f"{path}__in": access.municipalities_with(perm)})


def _run(access: Access, path: str) -> Q:
    """Records whose provider (reached through `path`) is an organisation the user runs programmes of."""
    return Q(**{f"{path}__in": organisations_with(access, Perm.PATHWAY_RUN)})


# --- Citizens --------------------------------------------------------------------------------


def citizens_visible_to(access: Access) -> QuerySet[Citizen]:
    condition = _municipal(access, Perm.CITIZEN_VIEW, "municipality_id")
    if organisations_with(access, Perm.PATHWAY_RUN):
        referred = Referral.objects.filter(
            _run(access, "programme__provider_id"), status__in=PROVIDER_VISIBLE
        )
        condition |= Q(pk__in=referred.values("citizen_id"))
    return Citizen.objects.filter(condition)


def citizen_get(access: Access, public_id) -> Citizen:
    """The citizen (with municipality and caseworker) if the user sees them, else 404: the rows
    of citizens_visible_to, read in plain SQL (the citizen pages' first query;
    pathways.citizen_page.citizen)."""
    from .citizen_page import citizen  # it builds on this module's rules

    found = citizen(access, public_id)
    if found is None:
        raise Http404
    return found


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


# --- The caseload ----------------------------------------------------------------------------


def caseload_citizens(access: Access, referral_statuses, enrolment_statuses) -> QuerySet[Citizen]:
    """Citizens the user sees with a referral in `referral_statuses` or an enrolment in
    `enrolment_statuses` that the user sees (the caseload's filter).

    The same set as citizens_visible_to ∩ (referrals_visible_to ∪ enrolments_visible_to), with
    each scope written once per part instead of OR-ed into every subquery (which joined citizen
    and programme there for nothing). Exact because every referral and enrolment of a citizen
    seen municipality-wide is visible, and the provider part adds only citizens it sees.
    - municipality-wide: open referrals and enrolments of the municipality's citizens (`IN`,
      joined to the citizen): the planner drives a small municipality from its citizens
      through the partial indexes, a large one by a join over them;
    - provider staff: `EXISTS` on citizen_id, driven from the referrals to their programmes."""
    parts = []
    municipalities = access.municipalities_with(Perm.CITIZEN_VIEW)
    if municipalities:
        among = _among(citizen__municipality_id__in=municipalities)
        parts.append((Q(municipality_id__in=municipalities), _any(among, referral_statuses, enrolment_statuses)))
    run = organisations_with(access, Perm.PATHWAY_RUN)
    if run:
        has = _has(programme__provider_id__in=run)
        sent = [s for s in referral_statuses if s in PROVIDER_VISIBLE]
        parts.append((has(Referral, PROVIDER_VISIBLE), _any(has, sent, enrolment_statuses)))
    condition = None
    for scope, open_ in parts:
        if open_ is not None:
            condition = scope & open_ if condition is None else condition | (scope & open_)
    return Citizen.objects.none() if condition is None else Citizen.objects.filter(condition)


def _among(**scope) -> Callable[..., Q]:
    """term(model, statuses): the citizen is among those of `model` rows (referrals or
    enrolments) in `statuses` within `scope` (an uncorrelated `IN`)."""
    return lambda model, statuses: Q(pk__in=model.objects.filter(status__in=statuses, **scope).values("citizen_id"))


def _has(**scope) -> Callable[..., Q]:
    """term(model, statuses): the citizen has a `model` row in `statuses` within `scope`
    (`EXISTS` correlated on citizen_id)."""
    return lambda model, statuses: Q(
        Exists(model.objects.filter(citizen_id=OuterRef("pk"), status__in=statuses, **scope))
    )


def _any(term: Callable[..., Q], referral_statuses, enrolment_statuses) -> Q | None:
    """A referral or an enrolment in the given statuses (None when both are empty)."""
    terms = [term(m, s) for m, s in ((Referral, referral_statuses), (Enrolment, enrolment_statuses)) if s]
    return terms[0] | terms[1] if len(terms) == 2 else (terms[0] if terms else None)


# --- Referrals -------------------------------------------------------------------------------


def referral_scope(access: Access, prefix: str = "") -> Q:
    """Referrals the user may see: municipality-wide (caseworkers, administrators), or sent or
    accepted to a programme the user runs. `prefix` reaches the referral from another model."""
    return _municipal(access, Perm.CITIZEN_VIEW, f"{prefix}citizen__municipality_id") | (
        _run(access, f"{prefix}programme__provider_id") & Q(**{f"{prefix}status__in": PROVIDER_VISIBLE})
    )


def referrals_visible_to(access: Access) -> QuerySet[Referral]:
    return Referral.objects.filter(referral_scope(access))


def referrals_to_run(access: Access) -> QuerySet[Referral]:
    """The provider's inbox: sent or accepted referrals to the programmes the user runs
    (declined and withdrawn ones are no longer theirs)."""
    return Referral.objects.filter(_run(access, "programme__provider_id"), status__in=PROVIDER_VISIBLE)


def referral_get(access: Access, public_id) -> Referral:
    return get_object_or_404(
        referrals_visible_to(access).select_related("citizen", "programme__provider", "team"),
        public_id=public_id,
    )


def referral_for(access: Access, public_id, may: Callable, *, refuse: type[Exception] = Http404) -> Referral:
    """A visible referral the user may act on (`may(access, referral)`); one they see but may
    not act on raises `refuse` (accounts.access.permitted)."""
    return permitted(access, referral_get(access, public_id), may, refuse)


def can_decide_referral(access: Access, referral: Referral) -> bool:
    """Accept or decline: the provider running the programme."""
    return can_run(access, referral.programme)


def can_withdraw_referral(access: Access, referral: Referral) -> bool:
    """Withdraw: a caseworker who may refer citizens of the citizen's municipality."""
    return can_refer(access, referral.citizen)


# --- Enrolments ------------------------------------------------------------------------------


def enrolment_scope(access: Access, prefix: str = "") -> Q:
    """Enrolments the user may see: municipality-wide, or on a programme the user runs.
    `prefix` reaches the enrolment from another model (e.g. "enrolment__")."""
    return _municipal(access, Perm.CITIZEN_VIEW, f"{prefix}citizen__municipality_id") | _run(
        access, f"{prefix}programme__provider_id"
    )


def enrolments_visible_to(access: Access) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(enrolment_scope(access))


@dataclass(frozen=True)
class ProviderRestriction:
    """Only the rows on programmes of `providers` (and, when given, in `statuses`)."""

    providers: frozenset[int]
    statuses: tuple[str, ...] = ()


def providers_only(access: Access, citizen: Citizen, model) -> ProviderRestriction | None:
    """Which of a citizen's referrals or enrolments (`model`) the user sees: all of them (None)
    when they see the citizen municipality-wide, else those on the programmes they run, and of
    the referrals only the sent and accepted ones."""
    if can_view_municipality_wide(access, citizen):
        return None
    statuses = PROVIDER_VISIBLE if model is Referral else ()
    return ProviderRestriction(frozenset(organisations_with(access, Perm.PATHWAY_RUN)), statuses)


def enrolments_run_by(access: Access) -> QuerySet[Enrolment]:
    """Enrolments on the programmes the user runs (the provider's participants)."""
    return Enrolment.objects.filter(_run(access, "programme__provider_id"))


def enrolments_for_stats(access: Access) -> QuerySet[Enrolment]:
    """Enrolments of citizens of the municipalities where the user holds PATHWAY_STATS
    (aggregates and pseudonymised rows only)."""
    return Enrolment.objects.filter(_municipal(access, Perm.PATHWAY_STATS, "citizen__municipality_id"))


def enrolment_get(access: Access, public_id) -> Enrolment:
    return get_object_or_404(
        enrolments_visible_to(access).select_related("citizen", "programme__provider", "team"),
        public_id=public_id,
    )


def enrolment_for(access: Access, public_id, may: Callable, *, refuse: type[Exception] = Http404) -> Enrolment:
    """A visible enrolment the user may act on (`may(access, enrolment)`); one they see but
    may not act on raises `refuse` (accounts.access.permitted)."""
    return permitted(access, enrolment_get(access, public_id), may, refuse)


def can_change_enrolment(access: Access, enrolment: Enrolment) -> bool:
    """Pause, resume, goals, milestones, placements and the exit: the provider running the
    programme, or a caseworker of the citizen's municipality."""
    return can_run(access, enrolment.programme) or can_edit_citizen(access, enrolment.citizen)


def can_write_report(access: Access, enrolment: Enrolment) -> bool:
    """Status reports are written by the provider running the programme."""
    return can_run(access, enrolment.programme)


def can_acknowledge(access: Access, enrolment: Enrolment) -> bool:
    """… and acknowledged by a caseworker of the citizen's municipality."""
    return can_edit_citizen(access, enrolment.citizen)


def can_see_followups(access: Access, enrolment: Enrolment) -> bool:
    """Follow-ups after the exit belong to the municipality; providers do not see them."""
    return can_view_municipality_wide(access, enrolment.citizen)


def can_record_followup(access: Access, enrolment: Enrolment) -> bool:
    return can_edit_citizen(access, enrolment.citizen)


# --- Records of a running pathway ------------------------------------------------------------


def status_reports_visible_to(access: Access) -> QuerySet[StatusReport]:
    """Anyone who sees the enrolment may read its status reports."""
    return StatusReport.objects.filter(enrolment_scope(access, "enrolment__"))


def status_reports_to_acknowledge(access: Access) -> QuerySet[StatusReport]:
    """Reports in the municipalities where the user may acknowledge them."""
    return StatusReport.objects.filter(
        _municipal(access, Perm.CITIZEN_EDIT, "enrolment__citizen__municipality_id")
    )


def checkpoints_due_visible_to(access: Access) -> QuerySet[CheckpointDue]:
    return CheckpointDue.objects.filter(enrolment_scope(access, "enrolment__"))


def followups_visible_to(access: Access) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(
        _municipal(access, Perm.CITIZEN_VIEW, "exit__enrolment__citizen__municipality_id")
    )


def outcome_municipalities(access: Access) -> list[int]:
    """Exits with outcome and follow-up are the municipality's: caseworkers and analysts
    (pseudonymised: no names, no CPR)."""
    return sorted(
        set(access.municipalities_with(Perm.CITIZEN_VIEW))
        | set(access.municipalities_with(Perm.PATHWAY_STATS))
    )


def exits_visible_to(access: Access) -> QuerySet[Exit]:
    return Exit.objects.filter(enrolment__citizen__municipality_id__in=outcome_municipalities(access))


def placements_visible_to(access: Access) -> QuerySet[Placement]:
    """A company contact's placements: those with their own organisation(s)."""
    return Placement.objects.filter(company_id__in=access.organisations_with(Perm.PLACEMENT_VIEW))


# --- Programmes and teams --------------------------------------------------------------------


def run_programmes(access: Access) -> QuerySet[Programme]:
    """Programmes the user runs (provider staff of the programme's organisation)."""
    return Programme.objects.filter(_run(access, "provider_id"))


def can_run(access: Access, programme: Programme) -> bool:
    return programme.provider_id in organisations_with(access, Perm.PATHWAY_RUN)


def referable_programmes(access: Access, citizen: Citizen) -> QuerySet[Programme]:
    """Programmes a caseworker may refer this citizen to: those of the citizen's municipality."""
    if not can_refer(access, citizen):
        return Programme.objects.none()
    return Programme.objects.filter(provider__municipality_id=citizen.municipality_id).select_related(
        "provider"
    )


def programmes_visible(access: Access) -> QuerySet[Programme]:
    """The catalogue: programmes the user runs or edits, and every programme of a municipality
    where they may refer citizens."""
    own = organisations_with(access, Perm.PATHWAY_RUN) | organisations_with(access, Perm.PROGRAMME_EDIT)
    return Programme.objects.filter(
        Q(provider_id__in=own) | _municipal(access, Perm.REFERRAL_CREATE, "provider__municipality_id")
    )


def programmes_followed(access: Access) -> QuerySet[Programme]:
    """Programmes whose participants the user follows: the municipality's (caseworkers) and
    those the user runs. Offered as filters of the checkpoint lists."""
    return Programme.objects.filter(
        _municipal(access, Perm.CITIZEN_VIEW, "provider__municipality_id") | _run(access, "provider_id")
    )


def programme_get(access: Access, public_id) -> Programme:
    return get_object_or_404(
        programmes_visible(access).select_related("provider"),
        public_id=public_id,
    )


def programme_providers(access: Access) -> set[int]:
    """Organisations whose programmes the user may create and edit."""
    return organisations_with(access, Perm.PROGRAMME_EDIT)


def can_edit_programme(access: Access, programme: Programme) -> bool:
    return programme.provider_id in programme_providers(access)


def teams_visible_to(access: Access, *, write: bool = False) -> QuerySet[Team]:
    """Teams the user runs; for reading also the teams of programmes in a municipality where
    the user sees citizens (caseworkers)."""
    condition = _run(access, "programme__provider_id")
    if not write:
        condition |= _municipal(access, Perm.CITIZEN_VIEW, "programme__provider__municipality_id")
    return Team.objects.filter(condition)


def team_get(access: Access, public_id, *, write: bool = False) -> Team:
    return get_object_or_404(
        teams_visible_to(access, write=write).select_related("programme__provider"),
        public_id=public_id,
    )


def team_citizen_municipalities(access: Access, team: Team) -> list[int] | None:
    """Whose rows of a team's week the user sees: all (None) when running the programme, else
    only citizens of the municipalities where the user sees citizens."""
    return None if can_run(access, team.programme) else access.municipalities_with(Perm.CITIZEN_VIEW)
