"""Import and export pages (placeholder until the import/export module lands)."""

from django.http import Http404


def export(request, fmt):
    raise Http404


def import_upload(request):
    raise Http404


def import_preview(request, job_id):
    raise Http404


def import_status(request, job_id):
    raise Http404


def import_confirm(request, job_id):
    raise Http404
