"""The roles of BRIEF.md and what each may do. Deny by default: a permission not listed for a
role is refused. One table, so the permission matrix can be read (and tested) in one place."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Sagsbehandler / jobkonsulent")
    PROVIDER = "provider", _("Medarbejder hos leverandør")
    COMPANY = "company", _("Virksomhedskontakt")
    PROCUREMENT = "procurement", _("Indkøber")
    CONSULTANT = "consultant", _("Erhvervs- og socialøkonomikonsulent")
    ANALYST = "analyst", _("Analytiker / styregruppe")
    ADMIN = "admin", _("Administrator")


class Perm(StrEnum):
    REGISTRY_VIEW = "registry.view"
    REGISTRY_EDIT = "registry.edit"  # any organisation in the municipality
    REGISTRY_EDIT_OWN = "registry.edit_own"  # only organisations the user belongs to
    REGISTRY_IMPORT = "registry.import"
    REGISTRY_EXPORT = "registry.export"
    MAPPING_VIEW = "mapping.view"
    MAPPING_EDIT = "mapping.edit"
    AUDIT_VIEW = "audit.view"
    USERS_MANAGE = "users.manage"
    # Citizen pathways (issue 3). Scoping beyond the municipality lives in pathways/access.py.
    CITIZEN_VIEW = "pathways.citizen_view"  # the municipality's citizens
    CITIZEN_EDIT = "pathways.citizen_edit"
    REFERRAL_CREATE = "pathways.referral_create"
    PATHWAY_RUN = "pathways.run"  # only programmes of the user's own organisations
    PROGRAMME_EDIT = "pathways.programme_edit"  # only programmes of the user's own organisations
    CITIZEN_EXPORT = "pathways.citizen_export"  # lists and access requests, never with CPR
    CITIZEN_ERASE = "pathways.citizen_erase"  # erasure after the retention period
    PLACEMENT_VIEW = "pathways.placement_view"  # company contact: participants placed with own org
    PATHWAY_STATS = "pathways.stats"  # aggregates and pseudonymised rows, no names
    # Framework agreements and evaluation reports (issue 5).
    AGREEMENT_VIEW = "agreements.view"  # the municipality's agreements (providers: their own)
    AGREEMENT_EDIT = "agreements.edit"
    SERVICE_REGISTER = "agreements.register"  # registrations of own organisation's services
    REPORT_VIEW = "reports.view"  # evaluation reports (small cells suppressed without row access)
    REPORT_DEFINE = "reports.define"  # report definitions as data
    # Outcome contracts (issue 4, platform part).
    CONTRACT_VIEW = "contracts.view"
    CONTRACT_EDIT = "contracts.edit"
    CONTRACT_SETTLE = "contracts.settle"
    # Partnerships, placement slots and matching (issue 12). Scoping in partnerships/access.py.
    PARTNERSHIP_VIEW = "partnerships.view"  # the partnerships the user's organisation is a member of
    PARTNERSHIP_VIEW_ALL = "partnerships.view_all"  # every partnership of the municipality
    PARTNERSHIP_EDIT = "partnerships.edit"
    PLACEMENT_MATCH = "partnerships.match"  # run and confirm a matching of citizens to slots
    COMPANY_REQUEST = "partnerships.request"  # a company contact posts a need to its one contact

    # The company accelerator (issue 13). Scoping in accelerator/access.py.
    ACCELERATOR_VIEW = "accelerator.view"
    ACCELERATOR_EDIT = "accelerator.edit"
    ACCELERATOR_ASSESS = "accelerator.assess"  # score applications
    # every company's application, sessions and figures in the municipality (without it: own company's only)
    ACCELERATOR_COMPANIES = "accelerator.companies"

    # Events, networks, mailing lists and volunteers (issue 14). Scoping in events/access.py.
    EVENT_VIEW = "events.view"
    EVENT_EDIT = "events.edit"  # every event and mailing list of the municipality
    EVENT_EDIT_OWN = "events.edit_own"  # events and lists whose organiser is the user's organisation
    MAILING_SEND = "events.mailing_send"
    VOLUNTEER_EDIT = "events.volunteer_edit"

    # Marketplace and procurement (issue 15). Scoping in market/access.py.
    MARKET_VIEW = "market.view"
    MARKET_BUY = "market.buy"  # publish tenders, open sealed bids, evaluate and award
    MARKET_BID = "market.bid"  # interest and bids for the user's own organisations
    MARKET_POST_OWN = "market.post_own"  # a company's subcontract task or CSR purchase

    # Strategy, projects, support cases and outreach (issue 16). Scoping in plans/access.py.
    PLAN_VIEW = "plans.view"
    PLAN_EDIT = "plans.edit"
    SUPPORT_CASE = "plans.support_case"  # advise enterprises: every support case of the municipality
    SUPPORT_OWN = "plans.support_own"  # an enterprise's own support cases
    OUTREACH_LOG = "plans.outreach"


_ALL = set(Perm)

_CITIZEN_HALF: dict[str, frozenset[Perm]] = {
    Role.CASEWORKER: frozenset(
        {Perm.REGISTRY_VIEW, Perm.MAPPING_VIEW}
        | {Perm.CITIZEN_VIEW, Perm.CITIZEN_EDIT, Perm.REFERRAL_CREATE, Perm.CITIZEN_EXPORT}
        | {Perm.AGREEMENT_VIEW, Perm.REPORT_VIEW, Perm.CONTRACT_VIEW}
    ),
    Role.PROVIDER: frozenset(
        {Perm.REGISTRY_VIEW, Perm.REGISTRY_EDIT_OWN}
        | {Perm.PATHWAY_RUN, Perm.PROGRAMME_EDIT}
        | {Perm.SERVICE_REGISTER}
    ),
    Role.COMPANY: frozenset({Perm.REGISTRY_VIEW, Perm.REGISTRY_EDIT_OWN, Perm.PLACEMENT_VIEW}),
    Role.PROCUREMENT: frozenset(
        {Perm.REGISTRY_VIEW, Perm.REGISTRY_EXPORT, Perm.MAPPING_VIEW}
        | {Perm.AGREEMENT_VIEW, Perm.AGREEMENT_EDIT, Perm.REPORT_VIEW, Perm.REPORT_DEFINE}
        | {Perm.CONTRACT_VIEW, Perm.CONTRACT_EDIT, Perm.CONTRACT_SETTLE}
    ),
    Role.CONSULTANT: frozenset(
        {
            Perm.REGISTRY_VIEW,
            Perm.REGISTRY_EDIT,
            Perm.REGISTRY_EDIT_OWN,
            Perm.REGISTRY_IMPORT,
            Perm.REGISTRY_EXPORT,
            Perm.MAPPING_VIEW,
            Perm.MAPPING_EDIT,
        }
        | {Perm.AGREEMENT_VIEW, Perm.REPORT_VIEW, Perm.CONTRACT_VIEW}
    ),
    Role.ANALYST: frozenset(
        {Perm.REGISTRY_VIEW, Perm.REGISTRY_EXPORT, Perm.MAPPING_VIEW}
        | {Perm.PATHWAY_STATS, Perm.AGREEMENT_VIEW, Perm.REPORT_VIEW, Perm.REPORT_DEFINE}
        | {Perm.CONTRACT_VIEW, Perm.CONTRACT_SETTLE}
    ),
    Role.ADMIN: frozenset(_ALL),
}

# One block per app of the company, market and network half, so each reads (and changes) alone.
_PARTNERSHIPS: dict[str, set[Perm]] = {
    Role.CASEWORKER: {Perm.PARTNERSHIP_VIEW, Perm.PARTNERSHIP_VIEW_ALL, Perm.PLACEMENT_MATCH},
    Role.PROVIDER: {Perm.PARTNERSHIP_VIEW, Perm.PARTNERSHIP_VIEW_ALL},
    # A company contact sees only the partnerships its organisation is a member of.
    Role.COMPANY: {Perm.PARTNERSHIP_VIEW, Perm.COMPANY_REQUEST},
    Role.PROCUREMENT: {Perm.PARTNERSHIP_VIEW, Perm.PARTNERSHIP_VIEW_ALL},
    Role.CONSULTANT: {Perm.PARTNERSHIP_VIEW, Perm.PARTNERSHIP_VIEW_ALL, Perm.PARTNERSHIP_EDIT},
    Role.ANALYST: {Perm.PARTNERSHIP_VIEW, Perm.PARTNERSHIP_VIEW_ALL},
}

_ACCELERATOR: dict[str, set[Perm]] = {
    Role.CASEWORKER: {Perm.ACCELERATOR_VIEW},
    Role.PROVIDER: {Perm.ACCELERATOR_VIEW, Perm.ACCELERATOR_COMPANIES},
    Role.COMPANY: {Perm.ACCELERATOR_VIEW},
    Role.PROCUREMENT: {Perm.ACCELERATOR_VIEW},
    Role.CONSULTANT: {
        Perm.ACCELERATOR_VIEW, Perm.ACCELERATOR_EDIT, Perm.ACCELERATOR_ASSESS, Perm.ACCELERATOR_COMPANIES
    },
    Role.ANALYST: {Perm.ACCELERATOR_VIEW, Perm.ACCELERATOR_COMPANIES},
}

_EVENTS: dict[str, set[Perm]] = {
    Role.CASEWORKER: {Perm.EVENT_VIEW},
    Role.PROVIDER: {Perm.EVENT_VIEW, Perm.EVENT_EDIT_OWN, Perm.MAILING_SEND, Perm.VOLUNTEER_EDIT},
    Role.COMPANY: {Perm.EVENT_VIEW},
    Role.PROCUREMENT: {Perm.EVENT_VIEW},
    Role.CONSULTANT: {Perm.EVENT_VIEW, Perm.EVENT_EDIT, Perm.MAILING_SEND},
    Role.ANALYST: {Perm.EVENT_VIEW},
}

_MARKET: dict[str, set[Perm]] = {
    Role.PROVIDER: {Perm.MARKET_VIEW, Perm.MARKET_BID},
    Role.COMPANY: {Perm.MARKET_VIEW, Perm.MARKET_BID, Perm.MARKET_POST_OWN},
    Role.PROCUREMENT: {Perm.MARKET_VIEW, Perm.MARKET_BUY},
    Role.CONSULTANT: {Perm.MARKET_VIEW},
    Role.ANALYST: {Perm.MARKET_VIEW},
}

_PLANS: dict[str, set[Perm]] = {
    Role.CASEWORKER: {Perm.PLAN_VIEW},
    Role.PROVIDER: {Perm.SUPPORT_OWN},
    Role.COMPANY: {Perm.SUPPORT_OWN},
    Role.PROCUREMENT: {Perm.PLAN_VIEW},
    Role.CONSULTANT: {Perm.PLAN_VIEW, Perm.PLAN_EDIT, Perm.SUPPORT_CASE, Perm.OUTREACH_LOG},
    Role.ANALYST: {Perm.PLAN_VIEW},
}


def _combined(*blocks: dict) -> dict[str, frozenset[Perm]]:
    return {
        role: frozenset(set().union(*(block.get(role, ()) for block in blocks)))
        for role in Role.values
    }


ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = _combined(
    _CITIZEN_HALF, _PARTNERSHIPS, _ACCELERATOR, _EVENTS, _MARKET, _PLANS
)
