"""Reads of plans for pages and the API, scoped through plans.access; lists aggregate in SQL
with a constant number of queries whatever their length."""

from django.db.models import Count, Max, Prefetch, Q

from . import access as pa
from . import indicators
from .models import Initiative, StrategicGoal, StrategyVersion, VersionStatus


def strategy_list(access):
    return (
        pa.strategies_visible_to(access)
        .select_related("municipality")
        .annotate(
            version_count=Count("versions", distinct=True),
            adopted_count=Count("versions", filter=Q(versions__status=VersionStatus.ADOPTED), distinct=True),
            latest_adopted=Max("versions__adopted_on"),
        )
    )


def current_version(strategy) -> StrategyVersion:
    """The newest version: the draft when one exists (a draft is always numbered after the
    version it was copied from), else the latest adopted version."""
    return strategy.versions.order_by("-number").first()


def version_goals(version) -> list[StrategicGoal]:
    initiatives = Initiative.objects.select_related("owner_user", "owner_organisation", "programme").annotate(
        case_count=Count("support_cases")
    )
    return list(version.goals.prefetch_related(Prefetch("initiatives", queryset=initiatives)))


def version_page(version) -> dict:
    goals = version_goals(version)
    progress = indicators.progress(goals, version.strategy.municipality_id)
    return {
        "goals": goals,
        "preconditions": list(version.preconditions.all()),
        "progress": progress,
        "progress_pairs": [(row["label"], row["current"] or 0) for row in progress],
    }
