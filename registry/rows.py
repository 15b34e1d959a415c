"""Model instances from plain SQL rows, for the reads of the registry's most requested pages
(the organisation page, the list's filter options; issue 18): building and compiling each ORM
query cost ~1,000 Python calls, the statement through the cursor ~120.

`columns()` lists a model's concrete fields in the model's order, so a SELECT written with it
follows the model (a field added later is loaded, never silently deferred into a query per row).
`instances()` makes the instances as the ORM does: the backend's converters first (none on
PostgreSQL for the registry's fields; UUIDs, dates and decimals on SQLite), then Model.from_db."""

from functools import cache

from django.db.models import Model


@cache
def _fields(model: type[Model], attnames: tuple[str, ...] | None) -> tuple:
    if attnames is None:
        return tuple(model._meta.concrete_fields)
    return tuple(f for f in model._meta.concrete_fields if f.attname in attnames)


@cache
def columns(model: type[Model], alias: str, attnames: tuple[str, ...] | None = None) -> str:
    """`alias."column", …` of the model's concrete fields (or of those named), in model order."""
    return ", ".join(f'{alias}."{field.column}"' for field in _fields(model, attnames))


def width(model: type[Model], attnames: tuple[str, ...] | None = None) -> int:
    """How many values `columns()` selects."""
    return len(_fields(model, attnames))


_converters: dict = {}


def _converters_for(connection, model: type[Model], attnames) -> list:
    """(position, column, converters) of the values that need converting on this database."""
    key = (connection.alias, model, attnames)
    if key not in _converters:
        found = []
        for position, field in enumerate(_fields(model, attnames)):
            column = field.get_col(model._meta.db_table)
            functions = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
            if functions:
                found.append((position, column, functions))
        _converters[key] = found
    return _converters[key]


def instances(connection, model: type[Model], rows, attnames: tuple[str, ...] | None = None) -> list:
    """Instances of `model` from rows of the values `columns(model, …, attnames)` selects; the
    fields not named are deferred, as with QuerySet.only()."""
    names = [field.attname for field in _fields(model, attnames)]
    converters = _converters_for(connection, model, attnames)
    if converters:
        rows = [_convert(list(row), converters, connection) for row in rows]
    return [model.from_db(connection.alias, names, row) for row in rows]


def _convert(row: list, converters: list, connection) -> list:
    for position, column, functions in converters:
        value = row[position]
        for function in functions:
            value = function(value, column, connection)
        row[position] = value
    return row
