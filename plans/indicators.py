"""Live indicators: figures Brobyg already records, counted in SQL for one municipality, so a
goal's progress is never typed twice (BRIEF: the data entered once drives everything).

- rsv_count: organisations whose derived RSV status is "registered" (registry.rsv_status);
- social_enterprises: organisations of kind social enterprise in the registry;
- placements: company placements of the municipality's citizens (pathways.Placement);
- exits_to_work: pathways ended in ordinary employment (pathways.Exit).

One query per indicator asked for, whatever the number of goals.
"""

from decimal import Decimal

from pathways.models import Exit, ExitOutcome, Placement
from registry.choices import Kind, RsvStatus
from registry.models import Organisation

from .models import Indicator


def _count(indicator: str, municipality_id: int) -> int:
    if indicator == Indicator.RSV_COUNT:
        return Organisation.objects.filter(municipality_id=municipality_id, rsv_status=RsvStatus.REGISTERED).count()
    if indicator == Indicator.SOCIAL_ENTERPRISES:
        return Organisation.objects.filter(municipality_id=municipality_id, kind=Kind.SOCIAL_ENTERPRISE).count()
    if indicator == Indicator.PLACEMENTS:
        return Placement.objects.filter(enrolment__citizen__municipality_id=municipality_id).count()
    if indicator == Indicator.EXITS_TO_WORK:
        return Exit.objects.filter(
            enrolment__citizen__municipality_id=municipality_id, outcome=ExitOutcome.ORDINARY_EMPLOYMENT
        ).count()
    raise ValueError(indicator)


LIVE = frozenset({Indicator.RSV_COUNT, Indicator.SOCIAL_ENTERPRISES, Indicator.PLACEMENTS, Indicator.EXITS_TO_WORK})


def live_values(municipality_id: int, indicators) -> dict[str, int]:
    return {i: _count(i, municipality_id) for i in sorted(set(indicators) & LIVE)}


def progress(goals, municipality_id: int) -> list[dict]:
    """One row per goal that has an indicator: baseline, the current value (live or the
    recorded figure), the target and the share of the way from baseline to target."""
    values = live_values(municipality_id, {g.indicator for g in goals})
    rows = []
    for goal in goals:
        if not goal.indicator:
            continue
        current = values.get(goal.indicator, goal.manual_value)
        share = None
        if current is not None and goal.target is not None:
            base = goal.baseline or Decimal(0)
            span = goal.target - base
            share = min(max((Decimal(current) - base) / span, Decimal(0)), Decimal(1)) if span > 0 else None
        rows.append({
            "goal": goal, "label": goal.indicator_label or goal.get_indicator_display(), "live": goal.indicator in LIVE,
            "baseline": goal.baseline, "current": current, "target": goal.target, "share": share,
        })  # fmt: skip
    return rows
