"""Applies reports.suppression to a built Table: person counts per column (a row whose own kind
is not a count, e.g. hours, is left alone), the table's additive row groups, and every
percentage hidden with the counts it derives from."""

from .suppression import derived_hidden, suppress
from .tables.base import COUNT, Table


def protect(table: Table) -> Table:
    values, groups = {}, []
    for col, column in enumerate(table.columns):
        if column.kind != COUNT:
            continue
        for row in table.rows:
            if row.kind and row.kind != COUNT:  # hours, visits, kroner in a column of persons
                continue
            values[(row.key, col)] = row.cells[col].value
        for members, total in table.groups:
            groups.append(([(m, col) for m in members], (total, col) if total else None))
    hidden = suppress(values, groups)
    for row in table.rows:
        for col, cell in enumerate(row.cells):
            if (row.key, col) in hidden:
                cell.hidden = hidden[(row.key, col)]
            elif cell.depends and derived_hidden(cell.depends, hidden):
                cell.hidden = "x"
            if cell.hidden:
                cell.drill = None
    return table
