from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("hjaelp/", views.help_page, name="help"),
    path("privatliv/", views.privacy_page, name="privacy"),
    path("tilgaengelighed/", views.accessibility_page, name="accessibility"),
]
