"""core.templatetags.fast_i18n: `{% load i18n %}` gives Django's output, literal or not."""

import pytest
from django.template import Context, Engine, engines
from django.templatetags import i18n as django_i18n
from django.utils import translation

from core.templatetags import fast_i18n

SOURCES = [
    '{% translate "Hjælp" %}',
    "{% trans 'Log ud' %}",
    '{% translate "Kan byde på reserverede kontrakter (≥ 30 %)" %}',
    '{% translate "Tom & <b>fed</b>" %}',
    '{% translate "Hjælp"|upper %}',
    '{% translate "Hjælp" as label %}[{{ label }}]',
    '{% translate "Maj" context "måned" %}',
    '{% translate "Hjælp" noop %}',
    "{% translate word %}",
    '{% blocktranslate count counter=n %}{{ counter }} organisation{% plural %}{{ counter }} organisationer{% endblocktranslate %}',
    "{% get_current_language as lang %}{{ lang }}",
]


@pytest.mark.parametrize("source", SOURCES)
def test_the_library_renders_what_djangos_renders(source):
    for autoescape in (True, False):
        ours = engines["django"].from_string("{% load i18n %}" + source)
        djangos = Engine(autoescape=autoescape, libraries={"i18n": "django.templatetags.i18n"}).from_string(
            "{% load i18n %}" + source
        )
        for language in ("da", "en", "da"):  # back again: what a node kept is per language
            with translation.override(language):
                context = {"word": "Hjælp", "n": 2}
                expected = djangos.render(Context(context, autoescape=autoescape))
                if autoescape:
                    assert ours.render(context) == expected, (source, language)
                else:
                    assert ours.template.render(Context(context, autoescape=False)) == expected, (source, language)


def test_literals_get_the_keeping_node_and_the_rest_djangos():
    template = engines["django"].from_string('{% load i18n %}{% translate "Hjælp" %}{% translate word %}')
    _load, literal, variable = template.template.nodelist
    assert type(literal) is fast_i18n.LiteralTranslateNode and type(variable) is django_i18n.TranslateNode
    with translation.override("en"):
        assert template.render({"word": "Hjælp"}) == "HelpHelp"
    assert literal.rendered == {("en", True): "Help"}


def test_i18n_loads_this_library():
    assert engines["django"].engine.template_libraries["i18n"] is fast_i18n.register


def test_the_checks_still_warn_about_other_duplicate_libraries():
    from core.template_backend import _intended

    intended = "'i18n' is used for multiple template tag modules: 'core.templatetags.fast_i18n', 'django.templatetags.i18n'"
    assert _intended(intended)
    assert not _intended("'brobyg' is used for multiple template tag modules: 'a.templatetags.brobyg', 'core.templatetags.brobyg'")
    assert not _intended("'i18n' is used for multiple template tag modules: 'django.templatetags.i18n', 'x.templatetags.i18n'")
    assert engines["django"].check() == []
