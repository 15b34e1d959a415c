"""Demo data for plans (see docs/plans.md)."""


def clear_demo(municipalities) -> None:
    """Remove this app's demo rows before the organisations are reloaded."""


def seed_demo(kolding, orgs, *, seed: int) -> dict[str, int]:
    """Load this app's demo rows for Kolding; returns counts for the seed summary."""
    return {}
