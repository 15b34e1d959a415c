"""Who sees and defines which evaluation report. Built on accounts.access.Access.

- REPORT_VIEW (caseworker, procurement, consultant, analyst, admin): the report definitions and
  reports of the municipalities where they hold it;
- REPORT_DEFINE (procurement, analyst, admin): create and edit them there;
- the rows behind a figure, and small cells unsuppressed, only with CITIZEN_VIEW in the
  municipality (they may see the rows anyway); exports are always suppressed.
Another municipality's definition answers 404.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Access, permitted
from accounts.roles import Perm

from .models import ReportDefinition


def definitions_visible_to(access: Access) -> QuerySet[ReportDefinition]:
    return ReportDefinition.objects.filter(municipality_id__in=access.municipalities_with(Perm.REPORT_VIEW))


def definition_get(access: Access, public_id) -> ReportDefinition:
    return get_object_or_404(
        definitions_visible_to(access)
        .select_related("municipality")
        .prefetch_related("services__deliverables", "services__agreement", "programmes"),
        public_id=public_id,
    )


def can_define(access: Access, definition: ReportDefinition) -> bool:
    return access.has(Perm.REPORT_DEFINE, definition.municipality_id)


def definition_for_edit(access: Access, public_id) -> ReportDefinition:
    return permitted(access, definition_get(access, public_id), can_define)


def define_municipalities(access: Access) -> list[int]:
    """Where the user may create report definitions."""
    return access.municipalities_with(Perm.REPORT_DEFINE)


def sees_rows(access: Access, definition: ReportDefinition) -> bool:
    return access.has(Perm.CITIZEN_VIEW, definition.municipality_id)
