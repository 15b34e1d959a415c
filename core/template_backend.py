"""Django's template backend, knowing that the "i18n" library is replaced on purpose.

The TEMPLATES setting maps `{% load i18n %}` to core.templatetags.fast_i18n (Django's library
with `{% translate "literal" %}` kept per language, issue 18). Django's check warns about any
library name used by two modules (templates.W003); that warning stays for every other name."""

from django.template.backends.django import DjangoTemplates as DjangoBackend

INTENDED = {"i18n": {"'core.templatetags.fast_i18n'", "'django.templatetags.i18n'"}}


class DjangoTemplates(DjangoBackend):
    def _check_for_template_tags_with_the_same_name(self):
        return [w for w in super()._check_for_template_tags_with_the_same_name() if not _intended(w.msg)]


def _intended(message: str) -> bool:
    name, _, modules = message.partition(" is used for multiple template tag modules: ")
    return set(modules.split(", ")) == INTENDED.get(name.strip("'"), set())
