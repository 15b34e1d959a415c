"""Pages without login under /arrangementer/offentlig/: a published event with its programme
and the registration form, the personal cancellation link, a municipality's public events,
and calendar files. The public never sees a participant list or an unpublished event.
(No middleware forces a login here: SecondFactorMiddleware only holds signed-in users who
still owe the second factor, and every view here is open to anonymous visitors.)"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors
from registry.models import Organisation
from tenants.models import Municipality

from . import ics, selectors, services_mailing, services_signups
from .forms import SignupForm, SubscribeForm
from .models import EventSeries, MailingList, SignupStatus
from .views import base_url


def _published(public_id):
    return get_object_or_404(selectors.public_events().select_related("series"), public_id=public_id)


@require_http_methods(["GET", "POST"])
def event_page(request, public_id):
    event = _published(public_id)
    form = SignupForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            signup = services_signups.signup_register(
                event=event, by=request.user, base_url=base_url(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if signup.status == SignupStatus.WAITLISTED:
                messages.warning(
                    request,
                    _(
                        "Arrangementet er fuldt. Du er på ventelisten og får en mail, hvis der bliver en plads ledig."
                    ),
                )
            else:
                messages.success(request, _("Du er tilmeldt. Vi har sendt en bekræftelse til din e-mail."))
            return redirect("events:public_event", public_id=event.public_id)
    counts = selectors.event_counts(event)
    return render(
        request,
        "events/public_event.html",
        {
            "event": event,
            "agenda": selectors.agenda_of(event),
            "stands": event.stands.select_related("organisation"),
            "form": form,
            "free": counts["free"],
            "closed": services_signups.closed_reason(event, timezone.now()),
        },
    )


@require_http_methods(["GET", "POST"])
def cancel(request, token):
    """The personal cancellation link from the confirmation mail: GET asks, POST cancels."""
    try:
        signup = services_signups.signup_from_token(token)
    except ValidationError as error:
        return render(request, "events/public_message.html", {"message": error.messages[0]}, status=404)
    if signup.status == SignupStatus.CANCELLED:
        return render(
            request, "events/public_message.html", {"message": _("Tilmeldingen er allerede afmeldt.")}
        )
    if request.method == "POST":
        try:
            services_signups.signup_cancel(signup=signup, base_url=base_url(request))
        except ValidationError as error:
            return render(request, "events/public_message.html", {"message": error.messages[0]})
        return render(
            request, "events/public_message.html",
            {"message": _("Du er nu afmeldt %(title)s.") % {"title": signup.event.title}},
        )  # fmt: skip
    return render(request, "events/public_cancel.html", {"signup": signup})


def municipality_events(request, code):
    municipality = get_object_or_404(Municipality, code=code)
    events = selectors.public_events(municipality=municipality).order_by("starts_at")
    return render(request, "events/public_list.html", {"municipality": municipality, "events": events})


def _url_for(request):
    return lambda e: request.build_absolute_uri(reverse("events:public_event", args=[e.public_id]))


def event_ics(request, public_id):
    event = _published(public_id)
    cal = ics.calendar_for([event], name=event.title, url_for=_url_for(request))
    return ics.ics_response(cal, "arrangement.ics")


def series_ics(request, public_id):
    series = get_object_or_404(EventSeries, public_id=public_id)
    cal = ics.calendar_for(
        selectors.public_events(series=series), name=series.name, url_for=_url_for(request)
    )
    return ics.ics_response(cal, "moedeserie.ics")


def organiser_ics(request, public_id):
    organiser = get_object_or_404(Organisation, public_id=public_id)
    events = selectors.public_events(organiser=organiser)
    return ics.ics_response(
        ics.calendar_for(events, name=organiser.name, url_for=_url_for(request)), "arrangoer.ics"
    )


def municipality_ics(request, code):
    municipality = get_object_or_404(Municipality, code=code)
    events = selectors.public_events(municipality=municipality)
    name = _("Arrangementer i %(name)s") % {"name": municipality.name}
    return ics.ics_response(ics.calendar_for(events, name=name, url_for=_url_for(request)), "kommune.ics")


# --- Mailing lists: subscribe (double opt-in), confirm, one-click unsubscribe ------------


@require_http_methods(["GET", "POST"])
def list_page(request, public_id):
    mailing_list = get_object_or_404(MailingList.objects.filter(public=True), public_id=public_id)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_mailing.subscription_request(
                mailing_list=mailing_list, email=form.cleaned_data["email"], name=form.cleaned_data["name"],
                source=_("Tilmeldt på listens offentlige side"), base_url=base_url(request),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _(
                "Tak! Vi har sendt en mail med et link. Du får først mails fra listen, når du har bekræftet."
            )
            return render(request, "events/public_message.html", {"message": message})
    return render(request, "events/public_list_subscribe.html", {"mailing_list": mailing_list, "form": form})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The double opt-in link: GET asks (so a mail scanner opening links confirms nothing)."""
    if request.method == "POST":
        try:
            subscription = services_mailing.subscription_confirm(token=token)
        except ValidationError as error:
            return render(request, "events/public_message.html", {"message": error.messages[0]}, status=404)
        message = _("Tak! Du er nu tilmeldt %(name)s.") % {"name": subscription.mailing_list.name}
        return render(request, "events/public_message.html", {"message": message})
    heading = _("Bekræft din tilmelding")
    return render(request, "events/public_confirm.html", {"heading": heading, "button": _("Bekræft")})


@csrf_exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" without a form or cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        try:
            subscription = services_mailing.subscription_unsubscribe(token=token)
        except ValidationError as error:
            return render(request, "events/public_message.html", {"message": error.messages[0]}, status=404)
        message = _("Du er afmeldt %(name)s og får ikke flere mails fra listen.") % {
            "name": subscription.mailing_list.name
        }
        return render(request, "events/public_message.html", {"message": message})
    heading = _("Afmeld mailinglisten")
    return render(request, "events/public_confirm.html", {"heading": heading, "button": _("Afmeld")})
