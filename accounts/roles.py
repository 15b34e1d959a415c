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


_ALL = set(Perm)

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
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
