"""Evaluation reports (issue 5): report definitions as data, tables computed in SQL."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.definition_list, name="list"),
    path("ny/", views.definition_create, name="create"),
    path("<uuid:public_id>/", views.report_detail, name="report"),
    path("<uuid:public_id>/rediger/", views.definition_edit, name="edit"),
    path("<uuid:public_id>/pdf/", views.report_download_pdf, name="pdf"),
    path("<uuid:public_id>/pdf/<uuid:job_id>/", views.report_pdf_progress, name="pdf_job"),
    path("<uuid:public_id>/pdf/<uuid:job_id>/hent/", views.report_pdf_file, name="pdf_file"),
    path("<uuid:public_id>/excel/", views.report_download_xlsx, name="xlsx"),
    path("<uuid:public_id>/raekker/", views.report_rows, name="rows"),
]
