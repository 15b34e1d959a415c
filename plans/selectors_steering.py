"""Reads of steering groups: the list with counts in SQL, and a group's page (minutes only for
those plans.access.sees_minutes allows)."""

from django.db.models import Count, Max

from . import access as pa


def group_list(access):
    return (
        pa.groups_visible_to(access)
        .select_related("municipality", "strategy")
        .annotate(member_count=Count("members", distinct=True), last_meeting=Max("meetings__date"))
    )
