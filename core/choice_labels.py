"""get_FOO_display() from a table of labels made once per field and language (issue 18).

Django's own builds a dict of the field's choices on every call, hashing each (value, label)
pair; hashing a lazy label translates it. A list of 25 organisations showing two choice fields
translated about 500 labels, a sixth of the page's CPU. `install()` (from CoreConfig.ready)
replaces each model's generated get_FOO_display with one that looks the value up in a table
made once per field and language; the result is the same (tests/core/test_choice_labels.py).

Left alone: a get_FOO_display written by hand on a model, and fields whose choices are a
callable (they may change between calls).
"""

from functools import partialmethod

from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_tables: dict[tuple[models.Field, str | None], dict] = {}


def labels(field: models.Field) -> dict:
    """{value: label} of a field with choices, in the active language."""
    key = (field, get_language())
    table = _tables.get(key)
    if table is None:
        table = {make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices}
        _tables[key] = table
    return table


def _display(self, field):
    value = getattr(self, field.attname)
    return labels(field).get(make_hashable(value), force_str(value, strings_only=True))


def install(all_models) -> int:
    """Switch the generated get_FOO_display of these models to the label tables; the number
    switched."""
    switched = 0
    for model in all_models:
        for field in model._meta.local_fields:
            if field.choices is None or isinstance(field.choices, CallableChoiceIterator):
                continue
            name = f"get_{field.name}_display"
            generated = model.__dict__.get(name)  # Django's, not one written on the model
            if isinstance(generated, partialmethod) and generated.func is models.Model._get_FIELD_display:
                setattr(model, name, partialmethod(_display, field=field))
                switched += 1
    return switched
