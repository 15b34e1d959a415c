"""Only for scripts/messages.sh: no project-wide LOCALE_PATHS, so makemessages run inside an
app writes that app's own catalogue (<app>/locale/en/LC_MESSAGES/django.po)."""

from .dev import *  # noqa: F403

LOCALE_PATHS: list = []
