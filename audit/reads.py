"""Every read of personal data is audited, and so is every refused one.

`@audited_read("pathways.caseload.list")` on a page view or an API operation (under the
router's decorator) writes one READ row when the view answers, unless the view recorded a more
precise read row itself (audit.services.reads_recorded), and one DENIED row when it refuses
(404 for another municipality's id, 403) — so probing ids leaves a trace. The object is taken
from the URL (`public_id`), the row's municipality from the user's first membership."""

import functools

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import AuditAction
from .services import reads_recorded, record


def _user_municipality_id(user):
    membership = getattr(user, "memberships", None)
    if membership is None or not getattr(user, "is_authenticated", False):
        return None
    first = membership.select_related("organisation").only("organisation__municipality_id").first()
    return first.organisation.municipality_id if first else None


def _record(request, action, event: str, object_type: str, kwargs: dict, status: int | None = None) -> None:
    if action == AuditAction.DENIED:
        request._audit_denied_recorded = True  # audit.middleware writes no second row
    object_id = str(kwargs.get("public_id") or kwargs.get("team_public_id") or "")
    changes = {"status": status} if status else {}
    if request.GET:
        changes["query"] = sorted(request.GET.keys())  # which filters, never their values
    record(
        actor=request.user, action=action, event=event, object_type=object_type, object_id=object_id,
        municipality_id=_user_municipality_id(request.user), changes=changes,
    )  # fmt: skip


def audited_read(event: str, *, object_type: str = "pathways.citizen"):
    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            token = reads_recorded.set(0)
            try:
                try:
                    response = view(request, *args, **kwargs)
                except Http404:
                    _record(request, AuditAction.DENIED, event, object_type, kwargs, 404)
                    raise
                except PermissionDenied:
                    _record(request, AuditAction.DENIED, event, object_type, kwargs, 403)
                    raise
                status = getattr(response, "status_code", 200)
                if request.method in ("GET", "HEAD") and status == 200 and not reads_recorded.get():
                    _record(request, AuditAction.READ, event, object_type, kwargs)
                elif status in (403, 404):
                    _record(request, AuditAction.DENIED, event, object_type, kwargs, status)
                return response
            finally:
                reads_recorded.reset(token)

        return wrapper

    return decorate
