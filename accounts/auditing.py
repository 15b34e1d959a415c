"""Audit rows about a user's own account (logins, second factor, API tokens): one row per
municipality the user works in, so each municipality's administrator sees them. A user without
a membership gets one row belonging to no municipality (kept, shown to no tenant)."""

from audit.services import record


def municipality_ids_of(user) -> list[int | None]:
    """The municipalities the user holds a role in; [None] for a user without any."""
    ids = sorted(set(user.memberships.values_list("organisation__municipality_id", flat=True)))
    return ids or [None]


def record_for_each_municipality(user, *, actor, action, event: str, obj=None, changes: dict | None = None) -> None:
    for municipality_id in municipality_ids_of(user):
        record(
            actor=actor,
            action=action,
            event=event,
            obj=obj or user,
            object_label=str(obj) if obj is not None else user.get_username(),
            municipality_id=municipality_id,
            changes=changes or {},
        )
