"""The overview page a user lands on after logging in: the work queue of each role the user
holds (home.queues), each item linking straight to the work."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts.access import access_for

from .queues import queues_for
from .search import MIN_LENGTH, may_search_citizens
from .search import search as search_all


@login_required
def home(request):
    access = access_for(request)
    queues = queues_for(access, timezone.localdate())
    first = next((item for _title, items in queues for item in items if item.count and item.action), None)
    return render(
        request,
        "home/home.html",
        {
            "queues": queues,
            "citizens_searchable": may_search_citizens(access),
            "first_step": first,
            "memberships": request.user.memberships.select_related("organisation"),
        },
    )


@login_required
def search(request):
    """One search box for organisations, programmes and (for those allowed) citizens."""
    text = (request.GET.get("q") or "").strip()[:100]
    access = access_for(request)
    groups = search_all(access, text, by=request.user)
    context = {"q": text, "groups": groups, "min_length": MIN_LENGTH, "citizens_searchable": may_search_citizens(access)}
    return render(request, "home/search.html", context)
