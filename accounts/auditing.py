"""Audit rows about a user's own account (logins, second factor): one row per municipality the
user works in, so each municipality's administrator sees them. A user without a membership
gets one row belonging to no municipality (kept, shown to no tenant)."""

from audit.services import record


def municipality_ids(user) -> list[int | None]:
    ids = sorted(set(user.memberships.values_list("organisation__municipality_id", flat=True)))
    return ids or [None]


def record_for_each_municipality(user, *, action, event: str, actor, changes: dict | None = None) -> None:
    for municipality_id in municipality_ids(user):
        record(
            actor=actor,
            action=action,
            event=event,
            obj=user,
            object_label=user.get_username(),
            municipality_id=municipality_id,
            changes=changes or {},
        )
