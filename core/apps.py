from django.apps import AppConfig, apps


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Brobyg"

    def ready(self):
        from core import choice_labels

        choice_labels.install(apps.get_models())
