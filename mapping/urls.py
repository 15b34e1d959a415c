from django.http import Http404
from django.urls import path

app_name = "mapping"


def _placeholder(request):
    raise Http404


urlpatterns = [path("", _placeholder, name="report")]
