"""Who sees and edits which municipality's mapping (kortlægning). Built on
accounts.access.Access: MAPPING_VIEW opens the report of a municipality where the user holds it,
MAPPING_EDIT the stakeholder grid and local cases there. Anything else answers 404."""

from django.shortcuts import get_object_or_404

from accounts.access import Access
from accounts.roles import Perm
from tenants.models import Municipality


def municipalities_for(access: Access, perm: Perm = Perm.MAPPING_VIEW) -> list[Municipality]:
    """The municipalities whose mapping the user may open (one query)."""
    return list(Municipality.objects.filter(pk__in=access.municipalities_with(perm)).order_by("name"))


def municipality_get(access: Access, slug: str, perm: Perm = Perm.MAPPING_VIEW) -> Municipality:
    """The municipality if the user holds `perm` there; 404 for missing and forbidden alike."""
    municipality = get_object_or_404(Municipality, slug=slug)
    access.require(perm, municipality.pk)
    return municipality


def can_edit(access: Access, municipality: Municipality) -> bool:
    return access.has(Perm.MAPPING_EDIT, municipality.pk)
