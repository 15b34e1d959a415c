"""Small-number protection for report tables. Pure: no database, no Django.

A cell that counts 1–4 persons is shown as "<5" (primary suppression). A suppressed cell must
not be recoverable from the totals it adds up to, so for every additive group (members that sum
to a total) where exactly one cell is hidden, or where the hidden cells together hold fewer than
5 persons, one more cell is hidden (secondary suppression, shown as "x"): the smallest positive
visible member, else the total. Repeated until nothing changes, because hiding a cell in one
group can expose it in another.

Guarantee (tests/reports/test_reports_suppression.py checks it on random tables): in every group, the
number of hidden cells among members and total is 0 or at least 2, so no hidden cell equals a
visible total minus visible members, nor the sum of visible members.
"""

from collections.abc import Hashable, Iterable

THRESHOLD = 5
PRIMARY = "<5"
SECONDARY = "x"

CellId = Hashable
Group = tuple[list[CellId], CellId | None]  # (members, total or None)


def is_small(value) -> bool:
    return value is not None and 0 < value < THRESHOLD


def suppress(values: dict[CellId, int], groups: Iterable[Group] = ()) -> dict[CellId, str]:
    """The hidden cells and their mark (PRIMARY or SECONDARY). `values` are person counts;
    `groups` say which cells add up to which total."""
    hidden: dict[CellId, str] = {cell: PRIMARY for cell, value in values.items() if is_small(value)}
    groups = [(list(members), total) for members, total in groups]
    changed = True
    while changed:
        changed = False
        for members, total in groups:
            cells = members + ([total] if total is not None else [])
            hidden_cells = [c for c in cells if c in hidden]
            if not hidden_cells:
                continue
            hidden_sum = sum(values.get(c) or 0 for c in hidden_cells if c != total)
            if total in hidden and len(hidden_cells) >= 2:
                continue
            if len(hidden_cells) >= 2 and (hidden_sum == 0 or hidden_sum >= THRESHOLD):
                continue
            extra = _complement(members, total, values, hidden)
            if extra is not None:
                hidden[extra] = SECONDARY
                changed = True
    return hidden


def _complement(members, total, values, hidden) -> CellId | None:
    """The visible cell to hide next: the smallest positive member, else any member, else the
    total."""
    visible = [m for m in members if m not in hidden]
    positive = sorted((m for m in visible if (values.get(m) or 0) > 0), key=lambda m: values[m])
    if positive:
        return positive[0]
    if total is not None and total not in hidden:
        return total
    return visible[0] if visible else None


def derived_hidden(depends: Iterable[CellId], hidden: dict[CellId, str]) -> bool:
    """A derived figure (a percentage) is hidden when any count it is computed from is."""
    return any(cell in hidden for cell in depends)
