"""Import and export pages of the registry. The logic lives in registry.importing and
registry.exporting; these views check access, call them and render."""


from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import access_for
from accounts.roles import Perm
from audit.models import AuditAction
from audit.services import record
from core.exports import csv_response, xlsx_response
from core.forms import FdsFormMixin
from tenants.models import Municipality

from . import exporting, importing
from .access import contact_municipalities, import_jobs_visible_to, import_municipalities
from .columns import EXPORT_HEADERS
from .models import ImportJob, Organisation
from .selectors import organisation_search
from .views import filter_params

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
ERRORS_SHOWN = 1000


class ImportUploadForm(FdsFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil"),
        help_text=gettext_lazy(
            "CSV (semikolon eller komma) eller Excel (.xlsx) med overskrifter i første række."
        ),
    )
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Kommune"),
        queryset=Municipality.objects.none(),
        help_text=gettext_lazy("Bruges for rækker uden kommunekode."),
    )

    def __init__(self, *args, municipality_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        field.queryset = Municipality.objects.filter(pk__in=municipality_ids)
        self.only_municipality = municipality_ids[0] if len(municipality_ids) == 1 else None
        if self.only_municipality:
            field.initial, field.required, field.widget = self.only_municipality, False, forms.HiddenInput()

    def clean_municipality(self):
        chosen = self.cleaned_data.get("municipality")
        return chosen or self.fields["municipality"].queryset.filter(pk=self.only_municipality).first()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen er for stor (højst 50 MB)."))
        return upload


# Export


@login_required
def export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    access = access_for(request)
    stamp = timezone.localdate().isoformat()
    if "skabelon" in request.GET:  # the import template: an export with no rows
        if not (access.has(Perm.REGISTRY_EXPORT) or access.has(Perm.REGISTRY_IMPORT)):
            raise Http404
        return _export_response(
            fmt, Organisation.objects.none(), f"aktoerregister-skabelon.{fmt}", contact_ids=None
        )
    access.require(Perm.REGISTRY_EXPORT)
    _form, params = filter_params(request, access, Perm.REGISTRY_EXPORT)
    qs = organisation_search(access, params, Perm.REGISTRY_EXPORT)
    contact_ids = contact_municipalities(access) if fmt == "xlsx" else []
    municipality_ids = access.municipalities_with(Perm.REGISTRY_EXPORT)
    chosen = params.get("municipality")
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        event="registry.organisation.export",
        object_type="registry.organisation",
        object_label=_("Eksport af aktørregistret (%(fmt)s)") % {"fmt": fmt.upper()},
        municipality_id=chosen.pk
        if chosen
        else (municipality_ids[0] if len(municipality_ids) == 1 else None),
        changes={
            "format": fmt,
            "filters": _filters_for_audit(params),
            "rows": qs.count(),
            "municipalities": sorted(
                Municipality.objects.filter(pk__in=municipality_ids).values_list("code", flat=True)
            ),
            "contacts_sheet": bool(contact_ids),
        },
    )
    return _export_response(fmt, qs, f"aktoerregister-{stamp}.{fmt}", contact_ids=contact_ids or None)


def _export_response(fmt: str, qs, filename: str, *, contact_ids):
    if fmt == "csv":
        return csv_response(exporting.organisation_rows(qs), EXPORT_HEADERS, filename)
    contacts = exporting.contact_rows(qs, contact_ids) if contact_ids else None
    return xlsx_response(filename, lambda book: exporting.write_sheets(book, exporting.organisation_rows(qs), contacts))


def _filters_for_audit(params: dict) -> dict:
    result = {}
    for key, value in params.items():
        if value in (None, "", False):
            continue
        result[key] = getattr(value, "code", None) or (
            str(value) if not isinstance(value, int | bool) else value
        )
    return result


# Import


def _job(request, job_id) -> ImportJob:
    """The job if it belongs to a municipality where the user may import; 404 otherwise."""
    access = access_for(request)
    access.require(Perm.REGISTRY_IMPORT)
    job = (
        import_jobs_visible_to(access)
        .defer("content")
        .select_related("municipality", "created_by")
        .filter(public_id=job_id)
        .first()
    )
    if job is None:
        raise Http404
    return job


@login_required
def import_upload(request):
    access = access_for(request)
    access.require(Perm.REGISTRY_IMPORT)
    municipality_ids = import_municipalities(access)
    form = ImportUploadForm(request.POST or None, request.FILES or None, municipality_ids=municipality_ids)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = importing.job_create(
                by=request.user,
                municipality=form.cleaned_data["municipality"],
                file_name=upload.name,
                content=upload.read(),
            )
        except importing.ImportFileError as error:
            form.add_error("file", error.issue["reason"])
        else:
            importing.job_start_validation(job)
            return redirect("registry:import_preview", job_id=job.public_id)
    recent = (
        import_jobs_visible_to(access)
        .defer("content", "errors", "warnings")
        .select_related("municipality", "created_by")[:10]
    )
    return render(request, "registry/import_upload.html", {"form": form, "recent": recent})


@login_required
def import_preview(request, job_id):
    job = _job(request, job_id)
    if request.GET.get("fejl") == "csv":
        return _errors_csv(job)
    context = {
        "job": job,
        "errors": job.errors[:ERRORS_SHOWN],
        "errors_hidden": max(0, len(job.errors) - ERRORS_SHOWN),
        "warnings": job.warnings,
        "preview": job.summary.get("preview", []),
        "columns": job.summary.get("columns", []),
    }
    return render(request, "registry/import_preview.html", context)


@login_required
def import_status(request, job_id):
    job = _job(request, job_id)
    if not request.htmx:
        return redirect("registry:import_preview", job_id=job.public_id)
    response = render(request, "registry/_import_status.html", {"job": job})
    if not job.is_running:
        response["HX-Refresh"] = "true"  # show the result page; polling stops
    return response


@login_required
@require_POST
def import_confirm(request, job_id):
    job = _job(request, job_id)
    if job.status != ImportJob.Status.VALID or not importing.job_start_apply(job, by=request.user):
        messages.error(
            request,
            _(
                "Importen kan ikke gennemføres: filen er ikke godkendt i kontrollen, eller den er allerede i gang."
            ),
        )
        return redirect("registry:import_preview", job_id=job.public_id)
    job.refresh_from_db(fields=["status", "summary"])
    if job.status == ImportJob.Status.DONE:
        messages.success(
            request,
            _("Importen er gennemført: %(created)d oprettet, %(updated)d opdateret, %(unchanged)d uændret.")
            % {k: job.summary.get(k, 0) for k in ("created", "updated", "unchanged")},
        )
    return redirect("registry:import_preview", job_id=job.public_id)


@login_required
@require_POST
def import_retry(request, job_id):
    """Start a failed import again (its file is kept until the import is done)."""
    job = _job(request, job_id)
    if not importing.job_retry(job, by=request.user):
        messages.error(request, _("Importen kan ikke startes igen: den er ikke fejlet, eller filen er væk."))
    return redirect("registry:import_preview", job_id=job.public_id)


def _errors_csv(job: ImportJob):
    rows = ([issue["row"], issue["column"], issue["reason"]] for issue in job.errors)
    return csv_response(rows, ("raekke", "kolonne", "fejl"), f"importfejl-{job.public_id}.csv")
