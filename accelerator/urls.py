from django.urls import path

from . import views

app_name = "accelerator"

urlpatterns = [
    path("", views.index, name="index"),
]
