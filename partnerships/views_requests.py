"""Company requests: the company contact's own requests and the form to post one; the single
point of contact's inbox with overdue requests first and highlighted; one request's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import access_for
from core.forms import add_service_errors

from . import access as pa
from . import selectors
from .forms import AnswerForm, RequestForm
from .services_requests import request_answer, request_post


@login_required
def company_requests(request):
    access = access_for(request)
    company_ids = pa.companies_requesting(access)
    if not company_ids:
        raise Http404
    rows = selectors.own_requests(access).select_related("partnership", "company")
    return render(request, "partnerships/requests.html", {
        "rows": rows.order_by("-posted_at"), "today": timezone.localdate(), "heading": _("Virksomhedens henvendelser"),
        "can_post": True,
    })  # fmt: skip


@login_required
def inbox(request):
    """Requests to answer: the partnerships where the user's organisation is the single point of
    contact (or all of the municipality's, with PARTNERSHIP_EDIT). Overdue first."""
    access = access_for(request)
    rows = selectors.inbox_requests(access).select_related("partnership", "company").order_by("answer_due", "pk")
    return render(request, "partnerships/requests.html", {
        "rows": rows, "today": timezone.localdate(), "heading": _("Indbakke for fast kontaktpunkt"), "inbox": True,
    })  # fmt: skip


@login_required
def request_create(request):
    access = access_for(request)
    company_ids = pa.companies_requesting(access)
    if not company_ids:
        raise Http404
    partnerships = pa.partnerships_visible_to(access).filter(memberships__organisation_id__in=company_ids).distinct()
    form = RequestForm(request.POST or None, partnerships=partnerships.order_by("name"), company_ids=company_ids)
    if request.method == "POST" and form.is_valid():
        try:
            posted = request_post(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Henvendelsen er sendt til det faste kontaktpunkt. Svarfrist: %(due)s.")
                             % {"due": posted.answer_due.strftime("%d-%m-%Y")})
            return redirect("partnerships:requests")
    return render(request, "partnerships/_simple_form.html", {
        "form": form, "heading": _("Ny henvendelse"), "cancel_url": "../",
    })  # fmt: skip


@login_required
def request_detail(request, public_id):
    access = access_for(request)
    item = pa.request_get(access, public_id)
    may_answer = pa.can_answer(access, item.partnership)
    form = AnswerForm(request.POST or None) if may_answer else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                request_answer(by=request.user, request=item, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Svaret er gemt."))
                return redirect("partnerships:request", public_id=item.public_id)
    return render(request, "partnerships/request_detail.html", {
        "item": item, "form": form, "today": timezone.localdate(),
    })  # fmt: skip
