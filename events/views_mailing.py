"""Mailing list pages for signed-in users: the lists, a list with its subscribers (editors
only) and mailings, the weekly programme draft, sending with a progress view, and the job
centre's offer of the network to a citizen who consented (seed 003 §4)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from core import calendar
from core.forms import add_service_errors

from . import access as ea
from . import selectors, services_mailing
from .forms import MailingForm, MailingListForm, OfferForm
from .models import DeliveryStatus, MailingStatus
from .views import base_url, form_page


@login_required
def lists(request):
    access = access_for(request)
    if not ea.can_list(access):
        raise Http404
    return render(
        request,
        "events/lists.html",
        {"lists": selectors.list_overview(access), "can_create": ea.can_create(access)},
    )


@login_required
def list_form(request, public_id=None):
    access = access_for(request)
    mailing_list = ea.list_for_edit(access, public_id) if public_id else None
    if not ea.can_create(access):
        raise Http404
    form = MailingListForm(
        request.POST or None, instance=mailing_list, organisers=ea.organiser_choices(access),
        municipality_ids=ea.edit_municipality_ids(access),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            saved = services_mailing.list_save(
                by=request.user, municipality=form.cleaned_data["owner"].municipality,
                data=form.cleaned_data, mailing_list=mailing_list,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Mailinglisten er gemt."))
            return redirect("events:list", public_id=saved.public_id)
    heading = _("Redigér mailingliste") if mailing_list else _("Ny mailingliste")
    return form_page(request, form, heading, reverse("events:lists"))


@login_required
def list_detail(request, public_id):
    access = access_for(request)
    mailing_list = ea.list_get(access, public_id)
    can_edit = ea.can_edit_list(access, mailing_list)
    mailings = mailing_list.mailings.annotate(
        n_sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
        n_bounced=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.BOUNCED)),
        n_recipients=Count("deliveries"),
    )
    next_monday = calendar.monday_of(timezone.localdate()) + datetime.timedelta(days=7)
    return render(
        request,
        "events/list_detail.html",
        {
            "mailing_list": mailing_list,
            "counts": mailing_list.subscriptions.aggregate(
                confirmed=Count("pk", filter=Q(status="confirmed")),
                pending=Count("pk", filter=Q(status="pending")),
                unsubscribed=Count("pk", filter=Q(status="unsubscribed")),
            ),
            "subscriptions": mailing_list.subscriptions.all() if can_edit else None,
            "mailings": mailings,
            "can_edit": can_edit,
            "can_send": ea.can_send(access, mailing_list),
            "next_week": next_monday,
            "next_week_key": calendar.iso_week_label(next_monday),
            "offer_form": OfferForm() if mailing_list.public else None,
        },
    )


@login_required
def offer(request, public_id):
    """Anyone who sees the list (the job centre's caseworker) may invite a citizen who said
    yes; the citizen still confirms by the link (double opt-in)."""
    access = access_for(request)
    mailing_list = ea.list_get(access, public_id)
    if not mailing_list.public:
        raise Http404
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_mailing.subscription_request(
                mailing_list=mailing_list, email=form.cleaned_data["email"], name=form.cleaned_data["name"],
                source=_("Tilbudt af %(user)s med borgerens samtykke") % {"user": request.user.get_username()},
                base_url=base_url(request), by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Invitationen er sendt. Borgeren skal selv bekræfte via linket i mailen.")
            )
            return redirect("events:list", public_id=mailing_list.public_id)
    return form_page(
        request, form, _("Invitér en borger: %(name)s") % {"name": mailing_list.name},
        reverse("events:list", args=[mailing_list.public_id]), submit=_("Send invitation"),
        intro=_("Borgeren får en mail med et link og kommer først på listen, når hun eller han selv har bekræftet."),
    )  # fmt: skip


@login_required
@require_POST
def weekly_draft(request, public_id):
    access = access_for(request)
    mailing_list = ea.list_for_send(access, public_id)
    monday = calendar.parse_iso_week(request.POST.get("week", "")) or (
        calendar.monday_of(timezone.localdate()) + datetime.timedelta(days=7)
    )
    mailing = services_mailing.mailing_weekly_draft(by=request.user, mailing_list=mailing_list, monday=monday)
    messages.success(request, _("Ugens program er lavet som kladde. Ret teksten, og send den."))
    return redirect("events:mailing", public_id=mailing.public_id)


@login_required
def mailing_new(request, public_id):
    access = access_for(request)
    mailing_list = ea.list_for_send(access, public_id)
    form = MailingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mailing = services_mailing.mailing_save(
                by=request.user, mailing_list=mailing_list, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("events:mailing", public_id=mailing.public_id)
    return form_page(
        request, form, _("Ny udsendelse: %(name)s") % {"name": mailing_list.name},
        reverse("events:list", args=[mailing_list.public_id]), submit=_("Gem kladde"),
    )  # fmt: skip


@login_required
def mailing_detail(request, public_id):
    """Edit a draft, send it, and follow the sending (polled with htmx while it runs)."""
    access = access_for(request)
    mailing = ea.mailing_for_send(access, public_id)
    editable = mailing.status in (MailingStatus.DRAFT, MailingStatus.SCHEDULED)
    form = MailingForm(request.POST or None, instance=mailing) if editable else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services_mailing.mailing_save(
                by=request.user, mailing_list=mailing.mailing_list, data=form.cleaned_data, mailing=mailing
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Udsendelsen er gemt."))
            return redirect("events:mailing", public_id=mailing.public_id)
    deliveries = mailing.deliveries.select_related("subscription").order_by("subscription__email")
    context = {
        "mailing": mailing, "form": form, "deliveries": deliveries,
        "counts": {r["status"]: r["n"] for r in mailing.deliveries.values("status").annotate(n=Count("pk"))},
    }  # fmt: skip
    if request.htmx:
        return render(request, "events/_mailing_progress.html", context)
    return render(request, "events/mailing.html", context)


@login_required
@require_POST
def mailing_send(request, public_id):
    access = access_for(request)
    mailing = ea.mailing_for_send(access, public_id)
    try:
        mailing = services_mailing.mailing_send(by=request.user, mailing=mailing, base_url=base_url(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if mailing.status == MailingStatus.SCHEDULED:
            messages.success(request, _("Udsendelsen er planlagt."))
        else:
            messages.success(request, _("Udsendelsen er sat i gang."))
    return redirect("events:mailing", public_id=mailing.public_id)


@login_required
@require_POST
def unsubscribe_by_staff(request, public_id, subscription_id):
    access = access_for(request)
    mailing_list = ea.list_for_edit(access, public_id)
    subscription = get_object_or_404(mailing_list.subscriptions, public_id=subscription_id)
    services_mailing.subscription_unsubscribe(subscription=subscription, by=request.user)
    messages.success(request, _("Adressen er afmeldt listen."))
    return redirect("events:list", public_id=mailing_list.public_id)
