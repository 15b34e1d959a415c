"""Reads of the registry, always scoped by what the user may see (registry.access)."""

from decimal import Decimal

from django.db.models import F, Q, QuerySet

from accounts.access import Access
from accounts.roles import Perm

from .access import organisations_visible_to, relations_visible_to
from .models import Organisation
from .rules import RESERVED_CONTRACT_SHARE

SORTABLE = {
    "name": "name",
    "kind": "kind",
    "municipality": "municipality__name",
    "rsv": "rsv_status",
    "criteria": "criteria_met",
    "share": "special_share",
    "employees": "employees_total",
    "updated": "updated_at",
}


def organisation_search(access: Access, params: dict, perm: Perm = Perm.REGISTRY_VIEW) -> QuerySet[Organisation]:
    """Apply validated filter parameters (see registry.forms.OrganisationFilterForm)."""
    qs = organisations_visible_to(access, perm).select_related("municipality")
    text = (params.get("q") or "").strip()
    if text:
        digits = text.replace(" ", "")
        condition = Q(name__icontains=text) | Q(city__icontains=text) | Q(purpose__icontains=text)
        if digits.isdigit():
            condition |= Q(cvr__startswith=digits) | Q(p_number=digits)
        qs = qs.filter(condition)
    for field in ("kind", "sector", "rsv_status"):
        if params.get(field):
            qs = qs.filter(**{field: params[field]})
    if params.get("municipality"):
        qs = qs.filter(municipality=params["municipality"])
    if params.get("target_group"):
        qs = qs.filter(target_groups=params["target_group"])
    if params.get("tag"):
        qs = qs.filter(tags__name=params["tag"])
    if params.get("criteria_min") is not None:
        qs = qs.filter(criteria_met__gte=params["criteria_min"])
    if params.get("share_min") is not None:
        qs = qs.filter(special_share__gte=Decimal(params["share_min"]) / 100)
    if params.get("reserved_eligible"):
        qs = qs.filter(special_share__gte=RESERVED_CONTRACT_SHARE)
    sort = params.get("sort") or "name"
    descending = sort.startswith("-")
    column = SORTABLE.get(sort.lstrip("-"), "name")
    order = f"-{column}" if descending else column
    if column in ("special_share", "employees_total", "criteria_met"):
        expression = F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
        return qs.order_by(expression, "name", "pk")
    return qs.order_by(order, "pk")


def organisation_detail_context(access: Access, org: Organisation) -> dict:
    """Everything the detail page (and the API's detail) shows, in a constant number of queries;
    relations only to organisations the user may see (registry.access.relations_visible_to)."""
    relations_out, relations_in = relations_visible_to(access, org)
    return {
        "contacts": list(org.contacts.all()),
        "assessments": {a.criterion: a for a in org.assessments.all()},
        "staffing": list(org.staffing.all()),
        "target_groups": list(org.target_groups.all()),
        "tags": list(org.tags.all()),
        "relations_out": relations_out,
        "relations_in": relations_in,
    }
