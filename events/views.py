"""Event pages for signed-in users: the list, an event with its programme, stands and workshop
groups, create/edit (EVENT_EDIT in the municipality or EVENT_EDIT_OWN for the organiser),
the participant list and attendance on the day (organisers only), and series with who keeps
coming. Lookups go through events.access (404 for missing and forbidden alike)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from core.forms import add_service_errors

from . import access as ea
from . import selectors, services, services_signups
from .forms import AgendaItemForm, EventForm, SeriesForm, StandForm, WorkshopGroupForm
from .models import SignupStatus


def base_url(request) -> str:
    """Where the links in e-mails point (cancellation, unsubscribe)."""
    return request.build_absolute_uri("/")


def form_page(request, form, heading, cancel_url, **extra):
    """Every form page of the app: heading, the dkfds error summary, fields, save and cancel."""
    context = {"form": form, "heading": heading, "cancel_url": cancel_url, **extra}
    return render(request, "events/form_page.html", context)


@login_required
def index(request):
    access = access_for(request)
    if not ea.can_list(access):
        raise Http404
    return render(
        request,
        "events/index.html",
        {
            "upcoming": selectors.event_list(access, upcoming=True),
            "past": selectors.event_list(access, upcoming=False)[:20],
            "series": ea.series_visible_to(access).select_related("organiser"),
            "can_create": ea.can_create(access),
            "can_volunteers": ea.can_keep_volunteers(access),
        },
    )


def _event_form(request, access, event=None):
    organisers = ea.organiser_choices(access)
    form = EventForm(
        request.POST or None, instance=event, organisers=organisers,
        municipality_ids=ea.edit_municipality_ids(access) if event is None else [event.municipality_id],
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        hosts, co_funders = list(data.pop("hosts")), list(data.pop("co_funders"))
        try:
            saved = services.event_save(
                by=request.user, municipality=data["organiser"].municipality, data=data,
                hosts=hosts, co_funders=co_funders, event=event,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Arrangementet er gemt."))
            return redirect("events:detail", public_id=saved.public_id)
    return form_page(
        request, form, _("Redigér arrangement") if event else _("Nyt arrangement"),
        reverse("events:detail", args=[event.public_id]) if event else reverse("events:index"),
    )  # fmt: skip


@login_required
def event_create(request):
    access = access_for(request)
    if not ea.can_create(access):
        raise Http404
    return _event_form(request, access)


@login_required
def event_edit(request, public_id):
    access = access_for(request)
    return _event_form(request, access, ea.event_for_edit(access, public_id))


@login_required
def event_detail(request, public_id):
    access = access_for(request)
    event = ea.event_get(access, public_id)
    can_edit = ea.can_edit(access, event)
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "agenda": selectors.agenda_of(event),
            "stands": event.stands.select_related("organisation"),
            "groups": event.workshop_groups.all(),
            "counts": selectors.event_counts(event),
            "can_edit": can_edit,
            "participants": selectors.participants(event) if can_edit else None,
            "hosts": event.hosts.all(),
            "co_funders": event.co_funders.all(),
        },
    )


@login_required
def agenda_item(request, public_id, item_id=None):
    access = access_for(request)
    event = ea.event_for_edit(access, public_id)
    item = get_object_or_404(event.agenda, pk=item_id) if item_id else None
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        speakers = data.pop("speakers")
        try:
            services.agenda_item_save(by=request.user, event=event, data=data, speakers=speakers, item=item)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Programpunktet er gemt."))
            return redirect("events:detail", public_id=event.public_id)
    heading = _("Redigér programpunkt") if item else _("Nyt programpunkt")
    return form_page(request, form, heading, reverse("events:detail", args=[event.public_id]), event=event)


@login_required
def stand_add(request, public_id):
    access = access_for(request)
    event = ea.event_for_edit(access, public_id)
    form = StandForm(request.POST or None, municipality_ids=[event.municipality_id])
    if request.method == "POST" and form.is_valid():
        try:
            services.stand_add(by=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Standen er tilføjet."))
            return redirect("events:detail", public_id=event.public_id)
    return form_page(
        request, form, _("Tilføj stand"), reverse("events:detail", args=[event.public_id]), event=event
    )


@login_required
def group_add(request, public_id):
    access = access_for(request)
    event = ea.event_for_edit(access, public_id)
    form = WorkshopGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_group_add(by=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Workshopgruppen er tilføjet."))
            return redirect("events:detail", public_id=event.public_id)
    cancel = reverse("events:detail", args=[event.public_id])
    return form_page(request, form, _("Tilføj workshopgruppe"), cancel, event=event)


@login_required
def attendance(request, public_id):
    """The list taken on the day: large buttons per participant, usable on a tablet."""
    access = access_for(request)
    event = ea.event_for_edit(access, public_id)
    seated = event.signups.filter(
        status__in=(SignupStatus.REGISTERED, SignupStatus.ATTENDED, SignupStatus.NO_SHOW)
    )
    return render(
        request,
        "events/attendance.html",
        {
            "event": event,
            "signups": seated.select_related("organisation").order_by("name"),
            "counts": selectors.event_counts(event),
        },
    )


@login_required
@require_POST
def attendance_mark(request, signup_id):
    access = access_for(request)
    signup = ea.signup_for_edit(access, signup_id)
    try:
        signup = services_signups.signup_mark(
            signup=signup, status=request.POST.get("status", ""), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        return render(request, "events/_attendance_row.html", {"s": signup})
    return redirect("events:attendance", public_id=signup.event.public_id)


@login_required
@require_POST
def signup_cancel(request, signup_id):
    access = access_for(request)
    signup = ea.signup_for_edit(access, signup_id)
    try:
        promoted = services_signups.signup_cancel(signup=signup, by=request.user, base_url=base_url(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tilmeldingen er afmeldt."))
        for p in promoted:
            messages.info(request, _("%(name)s er rykket op fra ventelisten.") % {"name": p.name})
    return redirect("events:detail", public_id=signup.event.public_id)


@login_required
def series_form(request, public_id=None):
    access = access_for(request)
    series = ea.series_get(access, public_id) if public_id else None
    if not ea.can_create(access) or (series and not ea.can_edit_series(access, series)):
        raise Http404
    form = SeriesForm(request.POST or None, instance=series, organisers=ea.organiser_choices(access))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.series_save(
                by=request.user, municipality=form.cleaned_data["organiser"].municipality,
                data=form.cleaned_data, series=series,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Mødeserien er gemt."))
            return redirect("events:series", public_id=saved.public_id)
    heading = _("Redigér mødeserie") if series else _("Ny mødeserie")
    return form_page(request, form, heading, reverse("events:index"))


@login_required
def series_detail(request, public_id):
    access = access_for(request)
    series = ea.series_get(access, public_id)
    return render(
        request,
        "events/series.html",
        {
            "series": series,
            "events": selectors.with_counts(series.events.select_related("organiser")),
            "participation": selectors.series_participation(series),
            "can_edit": ea.can_edit_series(access, series),
        },
    )
