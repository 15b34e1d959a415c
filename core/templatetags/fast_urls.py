"""`{% url %}` that reverses each URL name once per process (issue 18).

Django's tag reverses on every render, about 35 µs; a list of 25 rows with a link each, and the
header's and footer's links on every page, spent a millisecond or more on it. For a name whose
arguments are UUIDs and non-negative integers (the project's `public_id`s and `pk`s), the URL is
reversed once with stand-in values, kept split around them, and later URLs are the pieces joined
with the real values. Keyword arguments, other types, or a URL in which a stand-in does not
appear exactly once go to Django's tag. Installed as a template builtin (settings TEMPLATES), so
it replaces Django's `url`; tests/core/test_fast_urls.py holds every URL name to reverse().
"""

import uuid
from functools import lru_cache

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

# Stand-ins no real URL contains: each appears in a reversed URL only where its argument goes.
STAND_INS = {
    uuid.UUID: [uuid.UUID(f"5e17a11e-0000-4000-8000-{n:012d}") for n in range(8)],
    int: [7_431_029_000 + n for n in range(8)],
}


def fast_reverse(view_name: str, args: list, current_app: str | None) -> str | None:
    """reverse(view_name, args=args, current_app=current_app) for UUID and non-negative int
    arguments, from the URL's pieces; None when the fast path does not apply."""
    kinds = tuple(type(a) for a in args)
    if len(args) > 8 or any(k not in STAND_INS for k in kinds) or any(type(a) is int and a < 0 for a in args):
        return None
    pieces = _pieces(view_name, kinds, current_app, get_urlconf(), get_script_prefix(), get_language())
    if pieces is None:
        return None
    parts = [pieces[0]]
    for value, piece in zip(args, pieces[1:], strict=True):
        parts += (str(value), piece)
    return "".join(parts)


@lru_cache(maxsize=2048)
def _pieces(view_name, kinds, current_app, urlconf, prefix, language) -> tuple[str, ...] | None:
    stand_ins = [STAND_INS[kind][i] for i, kind in enumerate(kinds)]
    try:
        url = reverse(view_name, args=stand_ins, current_app=current_app, urlconf=urlconf)
    except NoReverseMatch:
        return None
    pieces = [url]
    for stand_in in stand_ins:
        head, *rest = pieces[-1].split(str(stand_in))
        if len(rest) != 1:
            return None
        pieces[-1:] = [head, rest[0]]
    return tuple(pieces)


class FastURLNode(URLNode):
    def render(self, context):
        if self.kwargs:
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        view_name = self.view_name.resolve(context)
        url = fast_reverse(view_name, args, current_app) if isinstance(view_name, str) else None
        if url is None:
            return super().render(context)
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return FastURLNode(node.view_name, node.args, node.kwargs, node.asvar)
