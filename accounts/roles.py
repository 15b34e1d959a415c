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


_ALL = set(Perm)

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.CASEWORKER: frozenset(
        {Perm.REGISTRY_VIEW, Perm.MAPPING_VIEW} | {Perm.CITIZEN_VIEW, Perm.CITIZEN_EDIT, Perm.REFERRAL_CREATE}
    ),
    Role.PROVIDER: frozenset(
        {Perm.REGISTRY_VIEW, Perm.REGISTRY_EDIT_OWN} | {Perm.PATHWAY_RUN, Perm.PROGRAMME_EDIT}
    ),
    Role.COMPANY: frozenset({Perm.REGISTRY_VIEW, Perm.REGISTRY_EDIT_OWN}),
    Role.PROCUREMENT: frozenset({Perm.REGISTRY_VIEW, Perm.REGISTRY_EXPORT, Perm.MAPPING_VIEW}),
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
    ),
    Role.ANALYST: frozenset({Perm.REGISTRY_VIEW, Perm.REGISTRY_EXPORT, Perm.MAPPING_VIEW}),
    Role.ADMIN: frozenset(_ALL),
}
