from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data generators and the `seed_demo` command. Installed so Django finds the command;
    it has no models. No app imports demo."""

    name = "demo"
    verbose_name = "Demo"
