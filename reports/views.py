"""Evaluation reports: definitions (list, create, edit), the report page, its PDF and Excel
exports, and the rows behind a figure. Short views: access, selector, render."""

import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import access_for
from accounts.roles import Perm
from core import pdf_jobs
from core.db_router import reading_from_replica
from core.exports import PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE, attachment
from tenants.models import Municipality

from . import services
from .access import (
    can_define,
    define_municipalities,
    definition_for_edit,
    definition_get,
    definitions_visible_to,
    sees_rows,
)
from .drill import rows_behind
from .excel import report_xlsx
from .forms import DefinitionForm
from .pdf import in_background, report_pdf, report_pdf_job
from .selectors import build_report, period_choices, period_for, scope_for

ROWS_PER_PAGE = 100


def _today() -> datetime.date:
    return timezone.localdate()


@login_required
def definition_list(request):
    access = access_for(request)
    if not access.has(Perm.REPORT_VIEW):
        raise Http404
    definitions = definitions_visible_to(access).select_related("municipality")
    return render(
        request,
        "reports/list.html",
        {"definitions": definitions, "can_define": access.has(Perm.REPORT_DEFINE)},
    )


def _define_municipality(request, access) -> Municipality:
    ids = define_municipalities(access)
    if not ids:
        raise Http404
    wanted = request.GET.get("kommune") or request.POST.get("kommune")
    municipality = Municipality.objects.filter(pk__in=ids, slug=wanted).first() if wanted else None
    return municipality or Municipality.objects.get(pk=ids[0])


@login_required
def definition_create(request):
    access = access_for(request)
    municipality = _define_municipality(request, access)
    form = DefinitionForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        definition = services.definition_save(
            by=request.user,
            municipality=municipality,
            data=form.cleaned_data,
            services=form.cleaned_data["services"],
            programmes=form.cleaned_data["programmes"],
        )
        return redirect("reports:report", public_id=definition.public_id)
    return render(request, "reports/definition_form.html", {"form": form, "municipality": municipality})


@login_required
def definition_edit(request, public_id):
    definition = definition_for_edit(access_for(request), public_id)
    form = DefinitionForm(request.POST or None, instance=definition, municipality=definition.municipality)
    if request.method == "POST" and form.is_valid():
        services.definition_save(
            by=request.user,
            municipality=definition.municipality,
            definition=definition,
            data=form.cleaned_data,
            services=form.cleaned_data["services"],
            programmes=form.cleaned_data["programmes"],
        )
        return redirect("reports:report", public_id=definition.public_id)
    return render(
        request,
        "reports/definition_form.html",
        {"form": form, "municipality": definition.municipality, "definition": definition},
    )


def _link_rows(report, rows_url: str) -> None:
    """Every pathway figure links to its rows (only for users who may see them)."""
    for table in report.tables:
        for row in table.rows:
            for index, cell in enumerate(row.cells):
                if cell.drill and cell.shown:
                    period = table.periods[table.columns[index].period]
                    cell.url = f"{rows_url}?{urlencode({'periode': period.key, 'celle': cell.drill})}"


@login_required
def report_detail(request, public_id):
    access = access_for(request)
    definition = definition_get(access, public_id)
    period = period_for(definition, request.GET.get("periode"), _today())
    row_access = sees_rows(access, definition)
    with reading_from_replica():  # the figures; the definition was read from the primary
        report = build_report(definition, period, protected=not row_access)
    if row_access:
        _link_rows(report, reverse("reports:rows", args=[definition.public_id]))
    context = {
        "report": report,
        "choices": period_choices(definition, _today()),
        "can_define": can_define(access, definition),
        "row_access": row_access,
    }
    return render(request, "reports/report.html", context)


def _export(request, public_id, fmt: str):
    definition = definition_get(access_for(request), public_id)
    period = period_for(definition, request.GET.get("periode"), _today())
    with reading_from_replica():
        report = build_report(definition, period, protected=True)  # exports are always protected
    if fmt == "pdf" and in_background(report):
        job = pdf_jobs.start(
            report_pdf_job, by=request.user, definition_id=definition.pk, period_key=period.key
        )
        return redirect("reports:pdf_job", public_id=definition.public_id, job_id=job.public_id)
    if fmt == "pdf":
        content, content_type = report_pdf(report), PDF_CONTENT_TYPE
    else:
        content, content_type = report_xlsx(report), XLSX_CONTENT_TYPE
    services.report_exported(by=request.user, definition=definition, period_key=period.key, fmt=fmt)
    return attachment(content, f"rapport-{definition.municipality.slug}-{period.key}.{fmt}", content_type)


@login_required
def report_download_pdf(request, public_id):
    return _export(request, public_id, "pdf")


def _pdf_job(request, public_id, job_id):
    """The definition the user may see and its background PDF job; 404 for anything else."""
    definition = definition_get(access_for(request), public_id)
    return definition, pdf_jobs.job_get(report_pdf_job, job_id, definition_id=definition.pk)


@login_required
def report_pdf_progress(request, public_id, job_id):
    """The progress of a PDF made in the background (htmx polls the same view)."""
    definition, job = _pdf_job(request, public_id, job_id)
    period_key = job.kwargs["period_key"]
    report_url = reverse("reports:report", args=[definition.public_id])
    return pdf_jobs.progress_page(
        request,
        job,
        title=definition.name,
        back_label=definition.name,
        back_url=f"{report_url}?{urlencode({'periode': period_key})}",
        page_url=reverse("reports:pdf_job", args=[definition.public_id, job.public_id]),
        download_url=reverse("reports:pdf_file", args=[definition.public_id, job.public_id]),
        again_url=f"{reverse('reports:pdf', args=[definition.public_id])}?{urlencode({'periode': period_key})}",
    )


@login_required
def report_pdf_file(request, public_id, job_id):
    """The finished PDF, for users who may see the report; recorded like the direct download."""
    definition, job = _pdf_job(request, public_id, job_id)
    response = pdf_jobs.download(job, PDF_CONTENT_TYPE)
    services.report_exported(
        by=request.user, definition=definition, period_key=job.kwargs["period_key"], fmt="pdf"
    )
    return response


@login_required
def report_download_xlsx(request, public_id):
    return _export(request, public_id, "xlsx")


@login_required
def report_rows(request, public_id):
    access = access_for(request)
    definition = definition_get(access, public_id)
    if not sees_rows(access, definition):
        raise Http404
    period = period_for(definition, request.GET.get("periode"), _today())
    cell = request.GET.get("celle", "")
    rows = rows_behind(scope_for(definition), period, cell)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    services.rows_read(
        by=request.user, definition=definition, period_key=period.key, cell=cell, count=page.paginator.count
    )
    return render(
        request,
        "reports/rows.html",
        {"definition": definition, "period": period, "cell": cell, "page": page},
    )
