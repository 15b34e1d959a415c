"""The JSON API under /api/ (see brobyg.api): /api/v1/…, docs at /api/v1/docs, schema at
/api/v1/openapi.json."""

from django.urls import path

from .api import api

urlpatterns = [path("v1/", api.urls)]
