"""Pages for citizens' rights and for analysts: the access log, the access request, erasure,
exports without CPR and statistics. Access checks first (404 for missing and forbidden alike);
the logic lives in pathways.privacy, pathways.exports and pathways.stats."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import access_for
from accounts.roles import Perm
from audit.models import AuditAction
from audit.reads import audited_read
from audit.services import record
from core.db_router import reading_from_replica
from core.exports import attachment, csv_response, xlsx_response
from core.forms import FdsFormMixin

from . import access as pa
from . import exports, privacy, stats
from .forms import CaseloadFilterForm


def _citizen_with(request, public_id, perm: Perm):
    """The citizen, when the user holds `perm` in the citizen's municipality; else 404."""
    access = access_for(request)
    citizen = pa.citizen_get(access, public_id)
    if not access.has(perm, citizen.municipality_id):
        raise Http404
    return access, citizen


def _single(ids: list[int]) -> int | None:
    return ids[0] if len(ids) == 1 else None


def _download(fmt: str, headers, rows, filename: str, sheet: str):
    if fmt == "csv":
        return csv_response(rows, headers, f"{filename}.csv")
    return xlsx_response(f"{filename}.xlsx", lambda book: book.sheet(sheet).table(headers, rows))


# --- The citizen's access log and access request -------------------------------------------


@login_required
def access_log(request, public_id):
    access, citizen = _citizen_with(request, public_id, Perm.CITIZEN_VIEW)
    fmt = "csv" if request.GET.get("format") == "csv" else "html"
    with transaction.atomic():
        privacy.access_log_viewed(by=request.user, citizen=citizen, fmt=fmt)
    if fmt == "csv":
        stamp = timezone.localdate().isoformat()
        return _download("csv", privacy.LOG_HEADERS, privacy.log_csv_rows(citizen), f"adgangslog-{stamp}", "")
    page = Paginator(privacy.access_log(citizen), 100).get_page(request.GET.get("page"))
    context = {
        "citizen": citizen,
        "page": page,
        "rows": [privacy.log_row(e) for e in page.object_list],
        "can_export": access.has(Perm.CITIZEN_EXPORT, citizen.municipality_id),
    }
    return render(request, "pathways/privacy_access_log.html", context)


@login_required
@require_POST
def access_request(request, public_id):
    access, citizen = _citizen_with(request, public_id, Perm.CITIZEN_EXPORT)
    body = privacy.citizen_access_request(by=request.user, access=access, citizen=citizen)
    stamp = timezone.localdate().isoformat()
    return attachment(body, f"indsigt-{citizen.public_id}-{stamp}.json", "application/json; charset=utf-8")


# --- Erasure -------------------------------------------------------------------------------


@login_required
def erasure_due(request):
    access = access_for(request)
    access.require(Perm.CITIZEN_ERASE)
    due = privacy.due_for_erasure(access.municipalities_with(Perm.CITIZEN_ERASE)).select_related(
        "municipality"
    )
    page = Paginator(due, 100).get_page(request.GET.get("page"))
    context = {"page": page, "years": settings.PATHWAY_RETENTION_YEARS}
    return render(request, "pathways/privacy_erasure.html", context)


@login_required
@require_POST
def citizen_erase(request, public_id):
    _access, citizen = _citizen_with(request, public_id, Perm.CITIZEN_ERASE)
    try:
        privacy.citizen_erase(by=request.user, citizen=citizen)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Borgerens personoplysninger er slettet; tallene bag statistikken er bevaret.")
        )
    return redirect("pathways:erasure_due")


# --- Exports without CPR -------------------------------------------------------------------


@login_required
def caseload_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    access = access_for(request)
    access.require(Perm.CITIZEN_EXPORT)
    form = CaseloadFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    with transaction.atomic():
        record(
            actor=request.user, action=AuditAction.EXPORT, event="pathways.caseload.export",
            object_type="pathways.citizen", object_label=_("Eksport af sagsliste (%(fmt)s)") % {"fmt": fmt.upper()},
            municipality_id=_single(access.municipalities_with(Perm.CITIZEN_VIEW)),
            changes={"format": fmt, "criteria": exports.caseload_criteria(params), "rows": exports.caseload_count(access, params)},
        )  # fmt: skip
    rows = exports.caseload_rows(access, params)
    stamp = timezone.localdate().isoformat()
    return _download(fmt, exports.CASELOAD_HEADERS, rows, f"sagsliste-{stamp}", "Sagsliste")


@login_required
def participants_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    access = access_for(request)
    access.require(Perm.PATHWAY_RUN)
    with transaction.atomic():
        record(
            actor=request.user, action=AuditAction.EXPORT, event="pathways.enrolment.export",
            object_type="pathways.enrolment", object_label=_("Eksport af deltagere (%(fmt)s)") % {"fmt": fmt.upper()},
            changes={"format": fmt, "rows": exports.participant_count(access)},
        )  # fmt: skip
    stamp = timezone.localdate().isoformat()
    rows = exports.participant_rows(access)
    return _download(fmt, exports.PARTICIPANT_HEADERS, rows, f"deltagere-{stamp}", "Deltagere")


# --- Statistics for analysts ---------------------------------------------------------------


class PeriodForm(FdsFormMixin, forms.Form):
    start = forms.DateField(label=gettext_lazy("Fra"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("Til"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Slutdatoen skal ligge efter startdatoen."))
        return data


def _period(request) -> tuple[PeriodForm, datetime.date, datetime.date]:
    year = timezone.localdate().year
    default = {"start": datetime.date(year, 1, 1), "end": datetime.date(year, 12, 31)}
    form = PeriodForm(request.GET if "start" in request.GET else None, initial=default)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, default["start"], default["end"]


@login_required
@audited_read("pathways.stats.page")
def stats_page(request):
    access = access_for(request)
    access.require(Perm.PATHWAY_STATS)
    form, start, end = _period(request)
    with reading_from_replica():  # aggregates only; a replica's lag of a moment does not matter
        rows = stats.programme_stats(access, start, end)
    context = {
        "form": form,
        "start": start,
        "end": end,
        "rows": rows,
        "outcomes": stats.outcome_columns(rows),
    }
    return render(request, "pathways/stats.html", context)


@login_required
def stats_export(request):
    access = access_for(request)
    access.require(Perm.PATHWAY_STATS)
    _form, start, end = _period(request)
    with transaction.atomic():
        record(
            actor=request.user, action=AuditAction.EXPORT, event="pathways.stats.export",
            object_type="pathways.enrolment", object_label=_("Pseudonymiserede forløb"),
            municipality_id=_single(access.municipalities_with(Perm.PATHWAY_STATS)),
            changes={"format": "csv", "start": start.isoformat(), "end": end.isoformat(),
                     "rows": stats.pseudonymised_count(access, start, end)},
        )  # fmt: skip
    rows = stats.pseudonymised_rows(access, start, end)
    return _download("csv", stats.ROW_HEADERS, rows, f"forloeb-pseudonymiseret-{start}-{end}", "")
