from django.urls import path

from . import views, views_transfer

app_name = "registry"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("ny/", views.organisation_create, name="create"),
    path("eksport.<str:fmt>", views_transfer.export, name="export"),
    path("import/", views_transfer.import_upload, name="import"),
    path("import/<uuid:job_id>/", views_transfer.import_preview, name="import_preview"),
    path("import/<uuid:job_id>/status/", views_transfer.import_status, name="import_status"),
    path("import/<uuid:job_id>/godkend/", views_transfer.import_confirm, name="import_confirm"),
    path("import/<uuid:job_id>/proev-igen/", views_transfer.import_retry, name="import_retry"),
    path("<uuid:public_id>/", views.organisation_detail, name="detail"),
    path("<uuid:public_id>/rediger/", views.organisation_edit, name="edit"),
    path("<uuid:public_id>/slet/", views.organisation_delete, name="delete"),
    path("<uuid:public_id>/kriterier/", views.assessment_edit, name="assessment"),
    path("<uuid:public_id>/personale/", views.staffing_edit, name="staffing_add"),
    path("<uuid:public_id>/personale/<int:year>/", views.staffing_edit, name="staffing_edit"),
    path("<uuid:public_id>/kontakter/ny/", views.contact_edit, name="contact_add"),
    path("<uuid:public_id>/kontakter/<int:contact_id>/", views.contact_edit, name="contact_edit"),
    path("<uuid:public_id>/kontakter/<int:contact_id>/slet/", views.contact_delete, name="contact_delete"),
    path("<uuid:public_id>/relationer/ny/", views.relation_create, name="relation_add"),
    path("<uuid:public_id>/relationer/<int:relation_id>/slet/", views.relation_delete, name="relation_delete"),
]
