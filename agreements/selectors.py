"""Reads of framework agreements, scoped through agreements.access, in a constant number of
queries."""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from accounts.access import Access

from .access import agreements_visible_to
from .models import AgreementService, Deliverable, FrameworkAgreement, ServiceNarrative


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


def narratives_within(services, ranges) -> list[ServiceNarrative]:
    """The services' narratives whose period lies within one of the (start, end) ranges, in
    one query, by service and period (the caller has the services through agreements.access
    or a report definition)."""
    within = Q(pk__in=[])
    for start, end in ranges:
        within |= Q(period_start__gte=start, period_end__lte=end)
    return list(
        ServiceNarrative.objects.filter(within, service__in=list(services))
        .select_related("written_by")
        .order_by("service_id", "period_start", "period_end")
    )
