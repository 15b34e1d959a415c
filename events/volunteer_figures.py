"""The volunteer register's figures for framework agreements (agreements.volunteers): the
meeting place's yearly tally computed from the register instead of counted by hand.

Registered in EventsConfig.ready(); agreements never imports events (the layers)."""

from django.db.models import Count, Q, Sum

from .models import Volunteer


def register_figures(organisation_id: int, start, end) -> dict | None:
    """{volunteers, hours} of the organisation's register for the inclusive range — volunteers
    with at least one shift in it and the hours of those shifts — or None when the organisation
    has no volunteer registered. One query: the volunteers joined to their shifts."""
    in_range = Q()
    if start is not None:
        in_range &= Q(shifts__date__gte=start)
    if end is not None:
        in_range &= Q(shifts__date__lte=end)
    in_range = in_range or None  # no dates: every shift (an empty Q is no SQL filter)
    row = Volunteer.objects.filter(organisation_id=organisation_id).aggregate(
        registered=Count("pk", distinct=True),
        with_shifts=Count("shifts__volunteer_id", filter=in_range, distinct=True),
        hours=Sum("shifts__hours", filter=in_range),
    )
    if not row["registered"]:
        return None
    return {"volunteers": row["with_shifts"], "hours": row["hours"] or 0}
