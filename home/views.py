"""The overview page a user lands on after logging in."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from accounts.access import access_for
from accounts.roles import Perm
from registry.models import Organisation


@login_required
def home(request):
    access = access_for(request)
    municipality_ids = access.municipalities_with(Perm.REGISTRY_VIEW)
    counts = (
        Organisation.objects.filter(municipality_id__in=municipality_ids)
        .values("municipality__name")
        .annotate(n=Count("id"))
        .order_by("municipality__name")
    )
    return render(
        request,
        "home/home.html",
        {
            "counts": counts,
            "memberships": request.user.memberships.select_related("organisation"),
        },
    )
