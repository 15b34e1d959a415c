"""The rows behind a figure: the enrolments a pathway table's cell counts, selected with the
same conditions the table aggregates over (reports.tables.pathway.conditions)."""

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
    return (
        enrolments(scope)
        .filter(condition)
        .select_related("citizen", "programme", "team", "exit")
        .order_by("citizen__name", "start_date", "pk")
    )
