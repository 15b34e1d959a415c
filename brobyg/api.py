"""The JSON API (/api/v1/): one NinjaAPI, bearer-token authenticated, with the same permissions
as the pages (accounts.access) and one shape of error body:

    401 {"detail": "…"}                       no, unknown, revoked token or inactive user
    403 {"detail": "…"}                       the record is visible but the action is not allowed
    404 {"detail": "…"}                       missing, or another municipality's record
    400 {"detail": "…"}                       the body is not JSON
    409 {"detail": "…"}                       an illegal lifecycle move (core.lifecycle)
    422 {"detail": "…", "errors": [{"field": "cvr", "message": "…", "code": "…"}]}

Messages are Danish (the source language), wrapped in gettext like the pages.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from accounts.api_auth import ReadOnlyToken, TokenAuth, TokenExpired
from core.lifecycle import IllegalTransition

DESCRIPTION = """Brobygs register af lokale aktører.

Godkend med `Authorization: Bearer <API-nøgle>`. API'et giver præcis de samme rettigheder som
siderne: en anden kommunes data svarer 404 (som om de ikke fandtes), en synlig organisation som
brugeren ikke må ændre svarer 403. Valideringsfejl (422) nævner feltet i `errors[].field`.
Lister pagineres med `limit` og `offset`; `count` er det samlede antal."""

api = NinjaAPI(
    title="Brobyg API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=TokenAuth(),
)


# --- Validation messages in Danish -------------------------------------------------------------

_MESSAGES = {
    "missing": "Feltet skal udfyldes.",
    "string_type": "Skal være tekst.",
    "string_too_short": "Skal være mindst %(min_length)s tegn.",
    "string_too_long": "Må højst være %(max_length)s tegn.",
    "string_pattern_mismatch": "Har ikke det rigtige format.",
    "int_type": "Skal være et helt tal.",
    "int_parsing": "Skal være et helt tal.",
    "int_from_float": "Skal være et helt tal.",
    "float_parsing": "Skal være et tal.",
    "decimal_parsing": "Skal være et tal.",
    "decimal_type": "Skal være et tal.",
    "bool_type": "Skal være true eller false.",
    "bool_parsing": "Skal være true eller false.",
    "greater_than_equal": "Skal være mindst %(ge)s.",
    "greater_than": "Skal være større end %(gt)s.",
    "less_than_equal": "Må højst være %(le)s.",
    "less_than": "Skal være mindre end %(lt)s.",
    "literal_error": "Ugyldig værdi. Tilladt: %(expected)s.",
    "enum": "Ugyldig værdi. Tilladt: %(expected)s.",
    "date_type": "Skal være en dato (ÅÅÅÅ-MM-DD).",
    "date_parsing": "Skal være en dato (ÅÅÅÅ-MM-DD).",
    "date_from_datetime_parsing": "Skal være en dato (ÅÅÅÅ-MM-DD).",
    "date_from_datetime_inexact": "Skal være en dato (ÅÅÅÅ-MM-DD).",
    "uuid_parsing": "Skal være et UUID.",
    "uuid_type": "Skal være et UUID.",
    "url_parsing": "Skal være en gyldig webadresse.",
    "url_scheme": "Skal være en gyldig webadresse (http eller https).",
    "list_type": "Skal være en liste.",
    "too_short": "Skal have mindst %(min_length)s elementer.",
    "too_long": "Må højst have %(max_length)s elementer.",
    "model_type": "Skal være et JSON-objekt.",
    "model_attributes_type": "Skal være et JSON-objekt.",
    "dict_type": "Skal være et JSON-objekt.",
    "json_invalid": "Kroppen er ikke gyldig JSON.",
    "extra_forbidden": "Ukendt felt.",
}

# The first element of a ninja error location says where the value came from.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _field_name(loc) -> str | None:
    parts = list(loc or ())
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    # Body parameters are nested under the parameter name ("payload"); the client never sees it.
    if parts and parts[0] in ("payload", "filters"):
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or None


def danish_message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error" and ctx.get("error") is not None:
        return str(ctx["error"])  # our own validators raise ValueError with a Danish message
    template = _MESSAGES.get(kind)
    if template is None:
        return _("Ugyldig værdi.")
    try:
        return _(template) % {k: v for k, v in ctx.items()}
    except (KeyError, TypeError, ValueError):
        return _(template.split(" %(")[0].rstrip(":"))


def field_errors_from_ninja(errors: list[dict]) -> list[dict]:
    return [
        {"field": _field_name(e.get("loc")), "message": danish_message(e), "code": e.get("type", "invalid")}
        for e in errors
    ]


def field_errors_from_django(error: DjangoValidationError) -> list[dict]:
    if not hasattr(error, "error_dict"):
        return [{"field": None, "message": m, "code": "invalid"} for m in error.messages]
    result = []
    for field, errors in error.error_dict.items():
        for item in errors:
            message = item.message % item.params if item.params else item.message
            result.append(
                {
                    "field": None if field == NON_FIELD_ERRORS else field,
                    "message": str(message),
                    "code": item.code or "invalid",
                }
            )
    return result


def error_response(request, status: int, detail: str, errors: list[dict] | None = None):
    body = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    response = api.create_response(request, body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="brobyg"'
    return response


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc):
    return error_response(request, 422, _("Ugyldige data."), field_errors_from_ninja(exc.errors))


@api.exception_handler(DjangoValidationError)
def _django_validation_error(request, exc):
    return error_response(request, 422, _("Ugyldige data."), field_errors_from_django(exc))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    if isinstance(exc, TokenExpired):
        return error_response(request, 401, str(exc))
    return error_response(request, 401, _("Manglende eller ugyldig API-nøgle."))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(request, 404, _("Findes ikke."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    if isinstance(exc, ReadOnlyToken):
        return error_response(request, 403, str(exc))
    return error_response(request, 403, _("Du har ikke adgang til at gøre dette."))


@api.exception_handler(IllegalTransition)
def _conflict(request, exc):
    """An illegal lifecycle move (a core.lifecycle transition table) conflicts with the record's
    current state."""
    return error_response(
        request, 409, _("Handlingen er ikke mulig i den nuværende status (%(current)s).") % {"current": exc.current}
    )


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 400:  # ninja could not parse the body
        return error_response(request, 400, _("Kroppen kunne ikke læses som JSON."))
    return error_response(request, exc.status_code, str(exc))


api.add_router("/", "registry.api.router", tags=["Register"])
api.add_router("/", "pathways.api_attendance.router", tags=["Fremmøde"])
api.add_router("/", "pathways.api_running.router")
api.add_router("/", "pathways.api_pathways.router")
api.add_router("/", "partnerships.api.router")
api.add_router("/", "accelerator.api.router")
api.add_router("/", "events.api.router")
api.add_router("/", "market.api.router")
api.add_router("/", "plans.api.router")
api.add_router("/", "contracts.api.router", tags=["Resultatkontrakter"])
api.add_router("/", "agreements.api.router", tags=["Rammeaftaler"])
api.add_router("/", "reports.api.router", tags=["Evalueringsrapporter"])
