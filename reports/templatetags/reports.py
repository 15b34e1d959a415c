"""Formatting of report cells: counts as integers, percentages with one decimal and "%",
kroner with thousands separators; a suppressed cell shows its mark ("<5" or "x")."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from ..tables.base import COUNT, KRONER, PERCENT

register = template.Library()


def cell_text(cell, kind: str) -> str:
    if cell.hidden:
        return cell.hidden
    value = cell.value
    if value is None:
        return "–"
    if kind == PERCENT:
        return f"{number_format(value, decimal_pos=1)} %"
    if kind == KRONER:
        return f"{number_format(value, decimal_pos=0, force_grouping=True)} kr."
    if kind == COUNT or (isinstance(value, int | Decimal) and Decimal(value) == int(value)):
        return number_format(int(value), force_grouping=True)
    return number_format(value, decimal_pos=2, force_grouping=True)


@register.filter
def formatted(row, table):
    """[(cell, text)] for a row, each formatted by its row's or column's kind."""
    return [
        (cell, cell_text(cell, row.kind or column.kind))
        for cell, column in zip(row.cells, table.columns, strict=True)
    ]
