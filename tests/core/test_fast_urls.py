"""core.templatetags.fast_urls: `{% url %}` gives what reverse() and Django's tag give, for every
URL name of the project whose arguments are UUIDs and integers."""

import uuid

import pytest
from django.template import Context, Engine, engines
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

from core.templatetags import fast_urls


def _named_urls(patterns=None, namespace="", converters=()):
    """(name, [converter, ...]) of every named URL reachable from the root URLconf."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        found = (*converters, *getattr(entry.pattern, "converters", {}).values())
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_urls(entry.url_patterns, space, found)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", list(found)


def _value(converter, n):
    return uuid.uuid4() if isinstance(converter, UUIDConverter) else 40 + n


def test_every_uuid_and_int_url_matches_reverse():
    checked = 0
    for name, converters in _named_urls():
        if not all(isinstance(c, UUIDConverter | IntConverter) for c in converters):
            continue
        for n in range(3):
            args = [_value(c, n) for c in converters]
            assert fast_urls.fast_reverse(name, args, None) == reverse(name, args=args), name
        checked += 1
    assert checked > 100  # the project's detail and action URLs, not an empty loop


def test_other_arguments_are_left_to_django():
    assert fast_urls.fast_reverse("mapping:detail", ["kolding"], None) is None
    assert fast_urls.fast_reverse("registry:detail", [True], None) is None
    assert fast_urls.fast_reverse("pathways:goal_close", [uuid.uuid4(), -1], None) is None
    assert fast_urls.fast_reverse("registry:detail", [], None) is None  # no such URL without its id


SOURCES = [
    "{% url 'registry:list' %}",
    "{% url 'registry:detail' id %}",
    "{% url 'registry:detail' id as link %}[{{ link }}]",
    "{% url 'registry:detail' public_id=id %}",
    "{% url 'no:such' as missing %}[{{ missing }}]",
    "{% url name id %}",
]


@pytest.mark.parametrize("source", SOURCES)
def test_the_tag_renders_what_djangos_renders(source):
    context = {"id": uuid.uuid4(), "name": "registry:detail"}
    djangos = Engine().from_string(source).render(Context(context))
    assert engines["django"].from_string(source).render(context) == djangos


def test_the_builtin_replaces_djangos_url_tag():
    tags = {}
    for library in engines["django"].engine.template_builtins:
        tags.update(library.tags)
    assert tags["url"] is fast_urls.url
