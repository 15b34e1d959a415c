"""The rows behind a figure: the enrolments a pathway table's cell counts, selected with the
same conditions the table aggregates over (reports.tables.pathway.conditions); for the
composition table, which counts citizens, one row per citizen."""

from django.db.models import QuerySet
from django.http import Http404

from pathways.models import Enrolment

from .periods import Period
from .tables.base import Scope
from .tables.pathway import conditions, enrolments


def rows_behind(scope: Scope, period: Period, key: str) -> QuerySet[Enrolment]:
    condition = conditions(period).get(key)
    if condition is None:
        raise Http404
    rows = enrolments(scope).filter(condition).select_related("citizen", "programme", "team", "exit")
    if key.startswith("composition:"):
        # Composition counts citizens, not enrolments: one row per citizen (their first pathway).
        return rows.order_by("citizen__name", "citizen_id", "start_date", "pk").distinct(
            "citizen__name", "citizen_id"
        )
    return rows.order_by("citizen__name", "start_date", "pk")
