from django.urls import path

from . import views, views_edit

app_name = "mapping"
urlpatterns = [
    path("", views.report_home, name="report"),
    path("<slug:municipality>/", views.report_detail, name="detail"),
    path("<slug:municipality>/pdf/", views.report_download, name="pdf"),
    path("<slug:municipality>/pdf/<uuid:job_id>/", views.report_pdf_progress, name="pdf_job"),
    path("<slug:municipality>/pdf/<uuid:job_id>/hent/", views.report_pdf_file, name="pdf_file"),
    path("<slug:municipality>/interessenter/", views_edit.stakeholders, name="stakeholders"),
    path(
        "<slug:municipality>/interessenter/<uuid:public_id>/fjern/",
        views_edit.stakeholder_remove,
        name="stakeholder_remove",
    ),
    path("<slug:municipality>/cases/ny/", views_edit.case_edit, name="case_create"),
    path("<slug:municipality>/cases/<int:pk>/", views_edit.case_edit, name="case_edit"),
    path("<slug:municipality>/cases/<int:pk>/slet/", views_edit.case_delete, name="case_delete"),
]
