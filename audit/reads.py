"""Every read of personal data is audited, and so is every refused one.

`@audited_read("pathways.caseload.list")` on a page view or an API operation (under the
router's decorator) writes one READ row when the view answers, unless the view recorded a more
precise read row itself (audit.services.reads_recorded). Refusals (404 for another
municipality's id, 403) are DENIED rows written by audit.middleware for every view alike. The object is taken
from the URL (`public_id`), the row's municipality from the user's first membership."""

import functools

from accounts.access import access_for

from .models import AuditAction
from .services import reads_recorded, record


def _record(request, action, event: str, object_type: str, kwargs: dict) -> None:
    object_id = str(kwargs.get("public_id") or kwargs.get("team_public_id") or "")
    changes = {}
    if request.GET:
        changes["query"] = sorted(request.GET.keys())  # which filters, never their values
    record(
        actor=request.user, action=action, event=event, object_type=object_type, object_id=object_id,
        municipality_id=access_for(request).first_municipality_id, changes=changes,
    )  # fmt: skip


def audited_read(event: str, *, object_type: str = "pathways.citizen"):
    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            token = reads_recorded.set(0)
            try:
                response = view(request, *args, **kwargs)
                shown = request.method in ("GET", "HEAD") and getattr(response, "status_code", 200) == 200
                if shown and not reads_recorded.get():
                    _record(request, AuditAction.READ, event, object_type, kwargs)
                return response  # a refusal (404/403) is recorded by audit.middleware
            finally:
                reads_recorded.reset(token)

        return wrapper

    return decorate
