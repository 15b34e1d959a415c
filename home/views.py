"""The overview page a user lands on after logging in: the work queue of each role the user
holds (home.queues), each item linking straight to the work."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts.access import access_for

from .queues import queues_for
from .search import MIN_LENGTH
from .search import search as search_all


@login_required
def home(request):
    access = access_for(request)
    queues = queues_for(access, timezone.localdate())
    first = next((item for _title, items in queues for item in items if item.count), None)
    return render(
        request,
        "home/home.html",
        {
            "queues": queues,
            "first_step": first,
            "memberships": request.user.memberships.select_related("organisation"),
        },
    )


@login_required
def search(request):
    """One search box for organisations, programmes and (for those allowed) citizens."""
    text = (request.GET.get("q") or "").strip()[:100]
    groups = search_all(access_for(request), text, by=request.user)
    return render(request, "home/search.html", {"q": text, "groups": groups, "min_length": MIN_LENGTH})
