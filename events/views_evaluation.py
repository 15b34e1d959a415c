"""The evaluation page: event and network figures for a period (EVENT_VIEW)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.access import access_for
from agreements.forms import PeriodForm

from . import access as ea
from .evaluation import evaluation


@login_required
def evaluation_page(request):
    access = access_for(request)
    if not ea.can_list(access):
        raise Http404
    today = timezone.localdate()
    start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    form = PeriodForm(request.GET if "start" in request.GET else None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return render(
        request,
        "events/evaluation.html",
        {"form": form, "start": start, "end": end, **evaluation(access, start, end)},
    )
