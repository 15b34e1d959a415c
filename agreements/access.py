"""Who sees and changes which framework agreement. Built on accounts.access.Access.

- AGREEMENT_VIEW (caseworker, procurement, consultant, analyst, admin): the agreements of the
  municipalities where they hold it;
- provider staff (SERVICE_REGISTER): the agreements whose provider is their own organisation,
  read-only, and registrations for those agreements' services;
- AGREEMENT_EDIT (procurement, admin): create and edit the municipality's agreements.
Anything else answers 404, as if it did not exist.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Access, permitted
from accounts.roles import Perm

from .models import AgreementService, FrameworkAgreement


def _scope(access: Access, prefix: str = "") -> Q:
    return Q(**{f"{prefix}municipality_id__in": access.municipalities_with(Perm.AGREEMENT_VIEW)}) | Q(
        **{f"{prefix}provider_id__in": access.organisations_with(Perm.SERVICE_REGISTER)}
    )


def can_list(access: Access) -> bool:
    return access.has(Perm.AGREEMENT_VIEW) or bool(access.organisations_with(Perm.SERVICE_REGISTER))


def agreements_visible_to(access: Access) -> QuerySet[FrameworkAgreement]:
    return FrameworkAgreement.objects.filter(_scope(access))


def services_visible_to(access: Access) -> QuerySet[AgreementService]:
    return AgreementService.objects.filter(_scope(access, "agreement__"))


def agreement_get(access: Access, public_id) -> FrameworkAgreement:
    return get_object_or_404(
        agreements_visible_to(access).select_related("municipality", "provider"),
        public_id=public_id,
    )


def can_edit(access: Access, agreement: FrameworkAgreement) -> bool:
    return access.has(Perm.AGREEMENT_EDIT, agreement.municipality_id)


def agreement_for_edit(access: Access, public_id) -> FrameworkAgreement:
    return permitted(access, agreement_get(access, public_id), can_edit)


def can_register(access: Access, agreement: FrameworkAgreement) -> bool:
    return agreement.provider_id in access.organisations_with(Perm.SERVICE_REGISTER)


def service_get(access: Access, public_id) -> AgreementService:
    return get_object_or_404(
        services_visible_to(access).select_related(
            "agreement__municipality", "agreement__provider", "programme"
        ),
        public_id=public_id,
    )


def service_for_register(access: Access, public_id) -> AgreementService:
    service = service_get(access, public_id)
    permitted(access, service.agreement, can_register)
    return service


def service_for_edit(access: Access, public_id) -> AgreementService:
    service = service_get(access, public_id)
    permitted(access, service.agreement, can_edit)
    return service
