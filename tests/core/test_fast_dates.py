"""core.templatetags.fast_dates: `|date` gives what Django's filter gives, fast path or not."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Engine, defaultfilters, engines
from django.utils import timezone, translation

from core.templatetags import fast_dates

CPH = ZoneInfo("Europe/Copenhagen")
VALUES = [
    datetime.date(2026, 12, 3),
    datetime.date(987, 1, 9),  # a year of three digits is padded, as Django pads it
    datetime.datetime(2026, 3, 29, 1, 59, tzinfo=datetime.UTC),  # the night summer time starts
    datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC),  # and ends
    datetime.datetime(2026, 7, 1, 23, 5),  # naive
    datetime.datetime(2026, 1, 1, 0, 0, tzinfo=CPH),
    None,
    "",
    "not a date",
]
FORMATS = ["d-m-Y", "d-m-Y H:i", "j. F Y", "W", None]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_filter_in_a_template_matches_djangos(language, fmt):
    source = "{{ value|date }}" if fmt is None else '{{ value|date:"' + fmt + '" }}'
    ours = engines["django"].from_string(source)
    djangos = Engine().from_string(source)  # an engine of its own: Django's builtins only
    assert _date_filter(djangos.engine) is defaultfilters.date
    with translation.override(language), timezone.override(CPH):
        for value in VALUES:
            try:
                expected = djangos.render(Context({"value": value}))
            except TypeError:  # Django refuses a time format for a plain date; so do we
                with pytest.raises(TypeError):
                    ours.render({"value": value})
                continue
            assert ours.render({"value": value}) == expected, (value, fmt)


def test_the_fast_path_is_taken_for_dates_and_datetimes():
    assert fast_dates.date(datetime.date(2026, 2, 3), "d-m-Y") == "03-02-2026"
    assert fast_dates.date(datetime.datetime(2026, 2, 3, 7, 4), "d-m-Y H:i") == "03-02-2026 07:04"
    # a plain date with a time format goes to Django's filter, which refuses it
    with pytest.raises(TypeError):
        fast_dates.date(datetime.date(2026, 2, 3), "d-m-Y H:i")
    assert fast_dates.date(None, "d-m-Y") == defaultfilters.date(None, "d-m-Y") == ""


def test_the_builtin_replaces_djangos_date_filter():
    assert _date_filter(engines["django"].engine) is fast_dates.date


def _date_filter(engine):
    """The `date` filter a template of this engine uses: the last builtin library's."""
    filters = {}
    for library in engine.template_builtins:
        filters.update(library.filters)
    return filters["date"]
