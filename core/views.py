from django.http import HttpResponse


def healthz(request):
    """The process answers (load balancers, container health checks); touches no database."""
    return HttpResponse("ok", content_type="text/plain")
