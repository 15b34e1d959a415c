from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list_view, name="list"),
    path("ny/", views.agreement_create, name="create"),
    path("<uuid:public_id>/", views.agreement_detail, name="detail"),
    path("<uuid:public_id>/rediger/", views.agreement_edit, name="edit"),
    path("<uuid:public_id>/ydelser/ny/", views.service_edit, name="service_create"),
    path("<uuid:public_id>/ydelser/<uuid:service_id>/rediger/", views.service_edit, name="service_edit"),
    path("ydelser/<uuid:service_id>/", views.service_detail, name="service"),
    path("ydelser/<uuid:service_id>/leverancer/", views.deliverable_add, name="deliverable_add"),
    path(
        "ydelser/<uuid:service_id>/leverancer/<int:pk>/slet/",
        views.deliverable_delete,
        name="deliverable_delete",
    ),
    path("ydelser/<uuid:service_id>/uger/", views.weeks_grid, name="weeks"),
    path("ydelser/<uuid:service_id>/hyppighed/", views.frequency_grid, name="frequency"),
    path("ydelser/<uuid:service_id>/beretning/", views.narrative_edit, name="narrative"),
    path("ydelser/<uuid:service_id>/<slug:slug>/", views.register_list, name="register"),
    path("ydelser/<uuid:service_id>/<slug:slug>/<str:key>/", views.register_edit, name="register_edit"),
    path(
        "ydelser/<uuid:service_id>/<slug:slug>/<str:key>/slet/", views.register_delete, name="register_delete"
    ),
]
