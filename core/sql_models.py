"""Model instances from rows of a plain SQL statement, for the few hot pages where Django's query
building costs several times the statement itself (issue 18, docs/performance.md: about 1 ms of
Python per ORM query against 0.2 ms through a cursor).

`columns(Model, "alias")` writes the select list of a model's fields; `instances(row, Model,
…)` builds the instances from consecutive slices of a row exactly as the ORM does: the fields'
database converters applied (encrypted fields decrypt, JSON decodes), then `Model.from_db`, so
the instance is not "adding" and saves as an update. Related objects are attached by assigning
them (`referral.programme = programme`), which fills the same cache `select_related` fills.
"""

from dataclasses import dataclass
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, connections, router
from django.db.models import Model


@dataclass(frozen=True)
class _Layout:
    attnames: list[str]
    columns: list[str]
    pk_index: int
    converters: list  # (index, column expression, [converter functions]) of the fields that have any


@cache
def _layout(model: type[Model], fields: tuple[str, ...] | None) -> _Layout:
    # In the model's field order: from_db fills the deferred fields in by position. The
    # converters are the default database's (a replica alias runs the same engine).
    chosen = [
        f for f in model._meta.concrete_fields if fields is None or f.name in fields or f.attname in fields
    ]
    converters = []
    for index, field in enumerate(chosen):
        column = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((index, column, found))
    attnames = [f.attname for f in chosen]
    return _Layout(attnames, [f.column for f in chosen], attnames.index(model._meta.pk.attname), converters)


def columns(model: type[Model], alias: str, fields: tuple[str, ...] | None = None) -> str:
    """The select list of the model's fields under the table alias `alias`: all concrete ones,
    or those named in `fields` (which must include the primary key), in the model's order."""
    return ", ".join(f'{alias}."{column}"' for column in _layout(model, fields).columns)


def instances(row, *specs, using: str = DEFAULT_DB_ALIAS) -> list:
    """One instance per spec, from consecutive slices of `row` selected by `columns()` in the
    same order. A spec is a model, or (model, fields) for some of its fields (the others are
    deferred, as with `only()`). None for a slice whose primary key is NULL (the empty side of a
    LEFT JOIN). `using`: the database alias the row was read from."""
    found, start = [], 0
    for spec in specs:
        model, fields = spec if isinstance(spec, tuple) else (spec, None)
        layout = _layout(model, fields)
        values = list(row[start : start + len(layout.columns)])
        start += len(layout.columns)
        if values[layout.pk_index] is None:
            found.append(None)
            continue
        for index, column, functions in layout.converters:
            for convert in functions:
                values[index] = convert(values[index], column, connection)
        found.append(model.from_db(using, layout.attnames, values))
    return found


def each(rows, model: type[Model], fields: tuple[str, ...] | None = None, using: str = DEFAULT_DB_ALIAS) -> list:
    """One instance per row, each row selected by `columns(model, …, fields)` alone."""
    spec = (model, fields) if fields else model
    return [instances(row, spec, using=using)[0] for row in rows]


def read_alias(model: type[Model], **hints) -> str:
    """The database alias the router reads `model` from (a replica on the pages that opt in)."""
    return router.db_for_read(model, **hints) or DEFAULT_DB_ALIAS


def placeholders(values) -> str:
    """The parameters of an IN list (`x IN ({placeholders(ids)})` with the values passed in
    order); NULL for none, as `x IN (NULL)` is never true. Plain IN rather than PostgreSQL's
    = ANY(array): the demo runs the same statements on SQLite."""
    return ", ".join(["%s"] * len(values)) or "NULL"


def fetch(sql: str, params, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
    """All rows of one parametrised statement."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch_dicts(sql: str, params, using: str = DEFAULT_DB_ALIAS) -> list[dict]:
    """All rows of one parametrised statement as dicts by column name (aggregates, reports)."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
