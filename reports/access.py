"""Who sees and defines which evaluation report. Built on accounts.access.Access.

- REPORT_VIEW (caseworker, procurement, consultant, analyst, admin): the report definitions and
  reports of the municipalities where they hold it;
- REPORT_DEFINE (procurement, analyst, admin): create and edit them there;
- the rows behind a figure, and small cells unsuppressed, only with CITIZEN_VIEW in the
  municipality (they may see the rows anyway); exports are always suppressed.
Another municipality's definition answers 404.
"""

from django.db.models import QuerySet
from django.http import Http404

from accounts.access import Access
from accounts.roles import Perm

from .models import ReportDefinition


def definitions_visible_to(access: Access) -> QuerySet[ReportDefinition]:
    return ReportDefinition.objects.filter(municipality_id__in=access.municipalities_with(Perm.REPORT_VIEW))


def definition_get(access: Access, public_id) -> ReportDefinition:
    definition = (
        definitions_visible_to(access)
        .select_related("municipality")
        .prefetch_related("services__deliverables", "services__agreement", "programmes")
        .filter(public_id=public_id)
        .first()
    )
    if definition is None:
        raise Http404
    return definition


def can_define(access: Access, definition: ReportDefinition) -> bool:
    return access.has(Perm.REPORT_DEFINE, definition.municipality_id)


def definition_for_edit(access: Access, public_id) -> ReportDefinition:
    definition = definition_get(access, public_id)
    if not can_define(access, definition):
        raise Http404
    return definition


def define_municipalities(access: Access) -> list[int]:
    """Where the user may create report definitions."""
    return access.municipalities_with(Perm.REPORT_DEFINE)


def sees_rows(access: Access, definition: ReportDefinition) -> bool:
    return access.has(Perm.CITIZEN_VIEW, definition.municipality_id)
