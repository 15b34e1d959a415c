"""Framework agreement pages: list and detail (AGREEMENT_VIEW, or provider staff for their own
organisation's agreements), create/edit (AGREEMENT_EDIT), and the provider's registrations
(SERVICE_REGISTER, own organisation only). Lookups go through agreements.access (404 for
missing and forbidden alike)."""

import datetime
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from accounts.roles import Perm
from core import calendar
from core.forms import add_service_errors
from tenants.models import Municipality

from . import access as aa
from . import rules, services, volunteers
from .aggregates import active_youth_users, deliverables_progress, registrations_summary
from .forms import (
    AgreementForm,
    DeliverableForm,
    FrequencyForm,
    MunicipalityChoiceForm,
    NarrativeForm,
    PeriodForm,
    ServiceForm,
    WeekRowForm,
)
from .models import Deliverable, ServiceNarrative, VolunteerTally, WeeklyRegistration, YouthFrequency
from .registers import REGISTERS, rows_for
from .selectors import agreement_list, narratives_within, services_for

PAGE_SIZE = 50


def _period(request) -> tuple[datetime.date, datetime.date, PeriodForm]:
    """The period from ?start=&end= (default: the current half-year)."""
    start, end = calendar.half_year(timezone.localdate())
    form = PeriodForm(request.GET if "start" in request.GET else None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return start, end, form


# --- Agreements ----------------------------------------------------------------------------


@login_required
def agreement_list_view(request):
    access = access_for(request)
    if not aa.can_list(access):
        raise Http404
    page = Paginator(agreement_list(access), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/list.html",
        {"page": page, "can_create": access.has(Perm.AGREEMENT_EDIT)},
    )


@login_required
def agreement_create(request):
    access = access_for(request)
    access.require(Perm.AGREEMENT_EDIT)
    ids = access.municipalities_with(Perm.AGREEMENT_EDIT)
    municipalities = Municipality.objects.filter(pk__in=ids).order_by("name")
    choice = (
        MunicipalityChoiceForm(request.POST or None, municipalities=municipalities) if len(ids) > 1 else None
    )
    form = AgreementForm(request.POST or None, municipality_ids=ids)
    if request.method == "POST" and form.is_valid() and (choice is None or choice.is_valid()):
        municipality = choice.cleaned_data["municipality"] if choice else municipalities.get()
        try:
            agreement = services.agreement_create(
                by=request.user, municipality=municipality, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rammeaftalen er oprettet."))
            return redirect("agreements:detail", public_id=agreement.public_id)
    return render(request, "agreements/agreement_form.html", {"form": form, "choice": choice})


@login_required
def agreement_edit(request, public_id):
    access = access_for(request)
    agreement = aa.agreement_for_edit(access, public_id)
    form = AgreementForm(
        request.POST or None, instance=agreement, municipality_ids=[agreement.municipality_id]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(by=request.user, agreement=agreement, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rammeaftalen er gemt."))
            return redirect("agreements:detail", public_id=agreement.public_id)
    return render(request, "agreements/agreement_form.html", {"form": form, "agreement": agreement})


@login_required
def agreement_detail(request, public_id):
    access = access_for(request)
    agreement = aa.agreement_get(access, public_id)
    start, end, period_form = _period(request)
    service_rows = [
        {"service": s, "progress": deliverables_progress(s, start, end)} for s in services_for(agreement)
    ]
    context = {
        "agreement": agreement,
        "rows": service_rows,
        "total_grant": sum((r["service"].annual_grant for r in service_rows), 0),
        "period_form": period_form,
        "start": start,
        "end": end,
        "can_edit": aa.can_edit(access, agreement),
        "can_register": aa.can_register(access, agreement),
    }
    return render(request, "agreements/detail.html", context)


# --- Services and deliverables -------------------------------------------------------------


@login_required
def service_edit(request, public_id, service_id=None):
    access = access_for(request)
    agreement = aa.agreement_for_edit(access, public_id)
    service = aa.service_for_edit(access, service_id) if service_id else None
    if service is not None and service.agreement_id != agreement.pk:
        raise Http404
    form = ServiceForm(request.POST or None, instance=service, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "measures"}
        try:
            service = services.service_save(
                by=request.user, agreement=agreement, service=service, data=data,
                measures=form.cleaned_data["measures"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ydelsen er gemt."))
            return redirect(
                "agreements:service_edit", public_id=agreement.public_id, service_id=service.public_id
            )
    context = {
        "form": form,
        "agreement": agreement,
        "service": service,
        "deliverable_form": DeliverableForm() if service else None,
        "deliverables": list(service.deliverables.all()) if service else [],
    }
    return render(request, "agreements/service_form.html", context)


@login_required
@require_POST
def deliverable_add(request, service_id):
    access = access_for(request)
    service = aa.service_for_edit(access, service_id)
    form = DeliverableForm(request.POST)
    if form.is_valid():
        try:
            services.deliverable_create(by=request.user, service=service, data=form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Leverancen er tilføjet."))
    else:
        messages.error(request, _fmt_form_errors(form))
    return redirect(
        "agreements:service_edit", public_id=service.agreement.public_id, service_id=service.public_id
    )


@login_required
@require_POST
def deliverable_delete(request, service_id, pk):
    access = access_for(request)
    service = aa.service_for_edit(access, service_id)
    deliverable = Deliverable.objects.filter(service=service, pk=pk).first()
    if deliverable is None:
        raise Http404
    services.deliverable_delete(by=request.user, deliverable=deliverable)
    messages.success(request, _("Leverancen er slettet."))
    return redirect(
        "agreements:service_edit", public_id=service.agreement.public_id, service_id=service.public_id
    )


def _fmt_form_errors(form) -> str:
    return " ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".strip(": ")
        for f, e in form.errors.items()
    )


@login_required
def service_detail(request, service_id):
    access = access_for(request)
    service = aa.service_get(access, service_id)
    start, end, period_form = _period(request)
    context = {
        "service": service,
        "agreement": service.agreement,
        "summary": registrations_summary(service, start, end),
        "progress": deliverables_progress(service, start, end),
        "period_form": period_form,
        "start": start,
        "end": end,
        "can_register": aa.can_register(access, service.agreement),
        "registers": [
            (slug, spec)
            for slug, spec in REGISTERS.items()
            if rules.fits(spec.model._meta.model_name, service.kind)
        ],
        "weekly": rules.fits("weeklyregistration", service.kind),
        "youth": rules.fits("youthfrequency", service.kind),
        "narratives": narratives_within([service], [(start, end)]),
    }
    return render(request, "agreements/service_detail.html", context)


@login_required
def narrative_edit(request, service_id):
    """The provider writes the service's narrative for the period in ?start=&end= (the page's
    period chooser); the texts of that exact period are loaded for editing."""
    access = access_for(request)
    service = aa.service_for_register(access, service_id)
    start, end, period_form = _period(request)
    stored = ServiceNarrative.objects.filter(service=service, period_start=start, period_end=end).first()
    form = NarrativeForm(request.POST or None, instance=stored)
    if request.method == "POST" and period_form.errors:
        form.add_error(None, _("Vælg en gyldig periode."))
    elif request.method == "POST" and form.is_valid():
        try:
            services.narrative_save(
                by=request.user, service=service, period_start=start, period_end=end, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Beretningen er gemt."))
            query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
            return redirect(f"{reverse('agreements:service', args=[service.public_id])}?{query}")
    context = {
        "service": service,
        "form": form,
        "period_form": period_form,
        "start": start,
        "end": end,
        "stored": stored,
        "written": ServiceNarrative.objects.filter(service=service).order_by("-period_start", "-period_end"),
    }
    return render(request, "agreements/narrative.html", context)


# --- Registrations -------------------------------------------------------------------------


@login_required
def weeks_grid(request, service_id):
    access = access_for(request)
    service = aa.service_for_register(access, service_id)
    if not rules.fits("weeklyregistration", service.kind):
        raise Http404
    start, end, period_form = _period(request)
    weeks = calendar.mondays(start, end)
    stored = {w.week: w for w in WeeklyRegistration.objects.filter(service=service, week__in=weeks)}
    forms = [
        (week, WeekRowForm(
            request.POST if request.method == "POST" else None, prefix=f"w{week:%Y%m%d}",
            initial={"staffed_hours": getattr(stored.get(week), "staffed_hours", None), "visits": getattr(stored.get(week), "visits", None)},
        ))
        for week in weeks
    ]  # fmt: skip
    errors = []
    if request.method == "POST":
        for week, form in forms:
            if not form.is_valid():
                errors.append(_("%(week)s: %(errors)s") % {
                    "week": calendar.week_with_monday(week), "errors": _fmt_form_errors(form),
                })  # fmt: skip
        if not errors:
            try:
                services.weeks_save(
                    by=request.user, service=service, rows={w: f.cleaned_data for w, f in forms}
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("Ugerne er gemt."))
                return redirect(request.get_full_path())
    context = {
        "service": service,
        "forms": forms,
        "errors": errors,
        "period_form": period_form,
        "start": start,
        "end": end,
    }
    return render(request, "agreements/weeks.html", context)


@login_required
def register_list(request, service_id, slug):
    access = access_for(request)
    service = aa.service_for_register(access, service_id)
    spec = REGISTERS.get(slug)
    if spec is None or not rules.fits(spec.model._meta.model_name, service.kind):
        raise Http404
    form = spec.form(request.POST or None)
    closed = _from_register(service, spec)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            services.registration_save(
                by=request.user, service=service, obj=spec.model(), data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Registreringen er gemt."))
            return redirect("agreements:register", service_id=service.public_id, slug=slug)
    page = Paginator(spec.model.objects.filter(service=service).order_by(*spec.ordering), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "service": service,
        "spec": spec,
        "slug": slug,
        "form": form,
        "page": page,
        "rows": rows_for(spec, page.object_list),
        "from_register": closed,
    }
    return render(request, "agreements/register.html", context)


def _from_register(service, spec) -> bool:
    """The volunteer tally is closed when the provider keeps a volunteer register: the figures
    come from the register (agreements.volunteers), which wins over hand counts."""
    return spec.model is VolunteerTally and volunteers.keeps_register(service.agreement.provider_id)


def _registration(request, service_id, slug, key):
    access = access_for(request)
    service = aa.service_for_register(access, service_id)
    spec = REGISTERS.get(slug)
    if spec is None or not rules.fits(spec.model._meta.model_name, service.kind):
        raise Http404
    if spec.by_public_id:
        try:
            lookup = {"public_id": uuid.UUID(key)}
        except ValueError:
            raise Http404 from None
    else:
        lookup = {"pk": int(key) if key.isdigit() else 0}
    obj = spec.model.objects.filter(service=service, **lookup).first()
    if obj is None:
        raise Http404
    return service, spec, obj


@login_required
def register_edit(request, service_id, slug, key):
    service, spec, obj = _registration(request, service_id, slug, key)
    form = spec.form(request.POST or None, instance=obj)
    closed = _from_register(service, spec)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            services.registration_save(by=request.user, service=service, obj=obj, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Registreringen er gemt."))
            return redirect("agreements:register", service_id=service.public_id, slug=slug)
    return render(
        request,
        "agreements/register_edit.html",
        {"service": service, "spec": spec, "slug": slug, "form": form, "obj": obj, "key": key,
         "from_register": closed},
    )


@login_required
@require_POST
def register_delete(request, service_id, slug, key):
    service, _spec, obj = _registration(request, service_id, slug, key)
    services.registration_delete(by=request.user, service=service, obj=obj)
    messages.success(request, _("Registreringen er slettet."))
    return redirect("agreements:register", service_id=service.public_id, slug=slug)


@login_required
def frequency_grid(request, service_id):
    access = access_for(request)
    service = aa.service_for_register(access, service_id)
    if not rules.fits("youthfrequency", service.kind):
        raise Http404
    start, end, period_form = _period(request)
    users = list(active_youth_users(service, start, end).order_by("label", "pk"))
    stored = dict(
        YouthFrequency.objects.filter(user__in=users, period_start=start).values_list("user_id", "frequency")
    )
    forms = [
        (u, FrequencyForm(request.POST if request.method == "POST" else None, prefix=f"u{u.pk}", initial={"frequency": stored.get(u.pk, "")}))
        for u in users
    ]  # fmt: skip
    errors = []
    if request.method == "POST":
        errors = [f"{u.label}: {_fmt_form_errors(f)}" for u, f in forms if not f.is_valid()]
        if not errors:
            services.frequencies_save(
                by=request.user, service=service, period_start=start, period_end=end,
                frequencies={u.pk: f.cleaned_data["frequency"] for u, f in forms},
            )  # fmt: skip
            messages.success(request, _("Brugsfrekvensen er gemt."))
            return redirect(request.get_full_path())
    context = {
        "service": service,
        "forms": forms,
        "errors": errors,
        "period_form": period_form,
        "start": start,
        "end": end,
    }
    return render(request, "agreements/frequency.html", context)
