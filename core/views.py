from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from core.tasks import fresh_workers


def healthz(request):
    """The process answers (liveness): no database, so a database outage restarts nothing."""
    return HttpResponse("ok", content_type="text/plain")


def readyz(request):
    """Ready to serve: the database answers and, when jobs run in a worker, one has beaten within
    the lease. 503 with the failing checks otherwise (the load balancer stops sending traffic)."""
    checks = {"database": _database_ok(), "worker": _worker_ok()}
    ok = all(value in ("ok", "not used") for value in checks.values())
    return JsonResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503)


def _database_ok() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except DatabaseError:
        return "unreachable"


def _worker_ok() -> str:
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    if not isinstance(task_backends["default"], DatabaseBackend):
        return "not used"  # jobs run immediately (tests) or elsewhere
    try:
        return "ok" if fresh_workers().exists() else "no fresh heartbeat"
    except DatabaseError:
        return "unknown"


# The public-sector frame: pages every visitor can open, logged in or not (the accessibility
# statement must be reachable without an account: webtilgængelighedsloven).


def help_page(request):
    return render(request, "core/help.html")


def privacy_page(request):
    return render(request, "core/privacy.html")


def accessibility_page(request):
    return render(request, "core/accessibility.html")
