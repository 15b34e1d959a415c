"""Reads of projects: budgets summed in SQL (hours × rate rounded to øre per line, or the fixed
amount), actuals per activity and per month, and the totals beside what the source states.
A constant number of queries whatever the number of phases and activities."""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round, TruncMonth

from . import access as pa
from . import rules
from .models import ActualEntry, BudgetLine, OtherCost, ProjectPhase

AMOUNT = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=AMOUNT)
LINE_AMOUNT = Coalesce(F("fixed_amount"), Round(F("hours") * F("hourly_rate"), 2), output_field=AMOUNT)


def _sum(queryset, outer: str, expression):
    rows = queryset.filter(**{outer: OuterRef("pk")}).values(outer).annotate(total=Sum(expression)).values("total")
    return Coalesce(Subquery(rows, output_field=AMOUNT), ZERO)


def project_list(access):
    return (
        pa.projects_visible_to(access)
        .select_related("municipality", "supplier")
        .annotate(
            phase_count=Count("phases", distinct=True),
            budget=_sum(BudgetLine.objects, "phase__project", LINE_AMOUNT)
            + _sum(OtherCost.objects, "phase__project", F("amount")),
            spent=_sum(ActualEntry.objects, "activity__phase__project", F("amount")),
        )
    )


def project_budget(project) -> dict:
    """Phases with their activities and other costs, each phase's totals (rules.Totals) and the
    project's; four queries."""
    activities = list(
        BudgetLine.objects.filter(phase__project=project)
        .annotate(
            amount=LINE_AMOUNT,
            spent_hours=_sum(ActualEntry.objects, "activity", F("hours")),
            spent=_sum(ActualEntry.objects, "activity", F("amount")),
        )
        .order_by("phase__position", "position", "pk")
    )
    costs = list(OtherCost.objects.filter(phase__project=project))
    phases = list(ProjectPhase.objects.filter(project=project).order_by("position", "pk"))
    rows = []
    for phase in phases:
        lines = [a for a in activities if a.phase_id == phase.pk]
        other = [c for c in costs if c.phase_id == phase.pk]
        totals = rules.Totals(
            hours=sum((a.hours or Decimal(0) for a in lines), Decimal(0)),
            activities=sum((a.amount for a in lines), Decimal(0)),
            other_costs=sum((c.amount for c in other), Decimal(0)),
            stated_hours=phase.stated_hours,
            stated_amount=phase.stated_amount,
        )
        rows.append({
            "phase": phase, "activities": lines, "other_costs": other, "totals": totals,
            "spent": sum((a.spent for a in lines), Decimal(0)),
        })  # fmt: skip
    total = rules.add([r["totals"] for r in rows])
    spent = sum((r["spent"] for r in rows), Decimal(0))
    return {
        "phases": rows, "totals": total, "spent": spent, "left": total.amount - spent,
        "burn_down": (rows_left := burn_down(project, total.amount)),
        "burn_pairs": [(f"{month:%m-%Y}", max(int(left), 0)) for month, _spent, left in rows_left],
    }  # fmt: skip


def burn_down(project, budget: Decimal) -> list[tuple]:
    months = (
        ActualEntry.objects.filter(activity__phase__project=project)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(spent=Sum("amount"))
        .values_list("month", "spent")
    )
    return rules.burn_down(budget, list(months))
