from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Arrangementer og netværk")

    def ready(self):
        # The meeting place's volunteer figures come from the register where one is kept
        # (agreements.volunteers: agreements sits below events and cannot import it).
        from agreements.volunteers import register_provider

        from .volunteer_figures import register_figures

        register_provider(register_figures)
