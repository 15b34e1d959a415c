"""core.choice_labels: every generated get_FOO_display gives what Django's own gives."""

from functools import partialmethod

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps
from django.utils import translation

from core import choice_labels
from registry.models import Organisation


def _choice_fields():
    for model in apps.get_models():
        for field in model._meta.local_fields:
            if field.choices is not None:
                yield model, field


def _bare(model, field, value):
    obj = model.__new__(model)
    obj.__dict__[field.attname] = value
    return obj


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_label_matches_djangos(language):
    fields = list(_choice_fields())
    assert len(fields) > 50  # the project's choice fields, not an empty loop
    with translation.override(language):
        for model, field in fields:
            values = [value for value, _label in field.flatchoices] + ["no-such-value", None, 7]
            for value in values:
                obj = _bare(model, field, value)
                expected = models.Model._get_FIELD_display(obj, field)
                got = getattr(obj, f"get_{field.name}_display")()
                assert got == expected and type(got) is type(expected), (model.__name__, field.name, value)


def test_labels_follow_the_active_language():
    obj = _bare(Organisation, Organisation._meta.get_field("kind"), Organisation._meta.get_field("kind").choices[0][0])
    with translation.override("da"):
        danish = obj.get_kind_display()
    with translation.override("en"):
        english = obj.get_kind_display()
    assert danish != english


@isolate_apps("core")
def test_generated_methods_are_switched_and_hand_written_ones_kept():
    method = Organisation.__dict__["get_kind_display"]
    assert isinstance(method, partialmethod) and method.func is choice_labels._display

    class Written(models.Model):
        colour = models.CharField(max_length=5, choices=[("r", "Red")])
        size = models.CharField(max_length=5, choices=[("s", "Small")])

        class Meta:
            app_label = "core"

        def __str__(self):
            return self.colour

        def get_colour_display(self):
            return "by hand"

    assert choice_labels.install([Written]) == 1  # size only
    assert _bare(Written, Written._meta.get_field("colour"), "r").get_colour_display() == "by hand"
    assert _bare(Written, Written._meta.get_field("size"), "s").get_size_display() == "Small"
