"""Lifecycles as explicit transition tables: a record's status may only move along an edge the
table lists, and every other move raises IllegalTransition (the API answers it with 409, pages
show it as an error message). Pure Python, no database.

    REFERRAL = Lifecycle("referral", {
        "sent": {"accepted", "declined", "withdrawn"},
        "accepted": set(), "declined": set(), "withdrawn": set(),
    })
    REFERRAL.check(referral.status, "accepted")   # raises IllegalTransition when not allowed

Every state is a key of the table (a final state maps to an empty set), so a typo in a target
is caught when the table is built, not when a user first tries the move.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


class IllegalTransition(Exception):
    """A move the lifecycle does not allow from the record's current status."""

    def __init__(self, machine: str, current: str, target: str):
        super().__init__(f"{machine}: {current} → {target} is not allowed")
        self.machine, self.current, self.target = machine, current, target


@dataclass(frozen=True)
class Lifecycle:
    name: str
    transitions: Mapping[str, Iterable[str]]

    def __post_init__(self) -> None:
        frozen = {str(state): frozenset(str(t) for t in targets) for state, targets in self.transitions.items()}
        unknown = sorted(set().union(*frozen.values()) - frozen.keys()) if frozen else []
        if unknown:
            raise ValueError(f"{self.name}: transitions to unknown states {unknown}")
        object.__setattr__(self, "transitions", frozen)

    @property
    def states(self) -> frozenset[str]:
        return frozenset(self.transitions)

    def allowed(self, current: str) -> frozenset[str]:
        """The statuses a record in `current` may move to (empty for a final or unknown status)."""
        return self.transitions.get(current, frozenset())

    def can(self, current: str, target: str) -> bool:
        return target in self.allowed(current)

    def check(self, current: str, target: str) -> None:
        if not self.can(current, target):
            raise IllegalTransition(self.name, current, target)
