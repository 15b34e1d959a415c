"""Reads of framework agreements, scoped through agreements.access, in a constant number of
queries."""

from django.db.models import Count, Prefetch, QuerySet, Sum

from accounts.access import Access

from .access import agreements_visible_to
from .models import AgreementService, Deliverable, FrameworkAgreement


def agreement_list(access: Access) -> QuerySet[FrameworkAgreement]:
    """Visible agreements with their provider, municipality, number of services and total grant."""
    return (
        agreements_visible_to(access)
        .select_related("provider", "municipality")
        .annotate(n_services=Count("services"), total_grant=Sum("services__annual_grant"))
        .order_by("-start", "name", "pk")
    )


def services_for(agreement: FrameworkAgreement) -> list[AgreementService]:
    return list(
        agreement.services.select_related("programme", "agreement")
        .prefetch_related(Prefetch("deliverables", queryset=Deliverable.objects.order_by("pk")), "measures")
        .order_by("pk")
    )
