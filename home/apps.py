from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The top of the site: the overview page and the navigation every page shows. It may use
    every app; no app uses it (docs/ARCHITECTURE.md, layers)."""

    name = "home"
    verbose_name = _("Overblik")
