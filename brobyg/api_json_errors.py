"""Every answer under /api/ is JSON, errors included (issue 11, finding 7). The API's own
exception handlers (brobyg/api.py) shape the errors a view raises; this middleware catches the
rest: a path that resolves to nothing (404), a method the path does not take (405), an
exception no handler knew (500, logged with its traceback) and anything else that left Django
as HTML. The body has the API's one error shape, {"detail": "…"}, in Danish."""

import logging

from django.http import JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger("django.request")


def _detail(status: int) -> str:
    return {
        400: _("Forespørgslen kunne ikke læses."),
        401: _("Manglende eller ugyldig API-nøgle."),
        403: _("Du har ikke adgang til at gøre dette."),
        404: _("Findes ikke."),
        405: _("Metoden er ikke tilladt her."),
        413: _("Forespørgslen er for stor."),
        500: _("Der skete en fejl på serveren. Fejlen er logget."),
    }.get(status, _("Forespørgslen kunne ikke gennemføres."))


def json_error(status: int, **headers) -> JsonResponse:
    response = JsonResponse({"detail": _detail(status)}, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name] = value
    return response


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        headers = {"Allow": response["Allow"]} if response.has_header("Allow") else {}
        return json_error(response.status_code, **headers)

    def process_exception(self, request, exception):
        if not request.path.startswith("/api/"):
            return None
        logger.error("Internal Server Error: %s", request.path, exc_info=exception, extra={"status_code": 500, "request": request})
        return json_error(500)
