"""Every refusal of a signed-in user's request for a record by its id (404 for another
municipality's id or a missing one, 403) is a DENIED audit row: pages, exports and the API
alike, so probing ids leaves a trace."""

from .models import AuditAction
from .services import record

REFUSED = (403, 404)


class DeniedAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in REFUSED:
            match = getattr(request, "resolver_match", None)
            user = getattr(request, "user", None)
            if match is not None and match.kwargs and getattr(user, "is_authenticated", False):
                record(
                    actor=user, action=AuditAction.DENIED, event=f"denied.{match.view_name}"[:100],
                    object_id=str(next(iter(match.kwargs.values())))[:64],
                    changes={"status": response.status_code},
                )  # fmt: skip
        return response
