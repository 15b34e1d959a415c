from django.urls import path

from . import views, views_public

app_name = "events"

urlpatterns = [
    path("", views.index, name="index"),
    path("nyt/", views.event_create, name="create"),
    path("<uuid:public_id>/", views.event_detail, name="detail"),
    path("<uuid:public_id>/rediger/", views.event_edit, name="edit"),
    path("<uuid:public_id>/program/nyt/", views.agenda_item, name="agenda_create"),
    path("<uuid:public_id>/program/<int:item_id>/", views.agenda_item, name="agenda_edit"),
    path("<uuid:public_id>/stande/ny/", views.stand_add, name="stand_add"),
    path("<uuid:public_id>/grupper/ny/", views.group_add, name="group_add"),
    path("<uuid:public_id>/fremmoede/", views.attendance, name="attendance"),
    path("tilmelding/<uuid:signup_id>/fremmoede/", views.attendance_mark, name="attendance_mark"),
    path("tilmelding/<uuid:signup_id>/afmeld/", views.signup_cancel, name="signup_cancel"),
    path("serier/ny/", views.series_form, name="series_create"),
    path("serier/<uuid:public_id>/", views.series_detail, name="series"),
    path("serier/<uuid:public_id>/rediger/", views.series_form, name="series_edit"),
    # public, without login
    path("offentlig/<uuid:public_id>/", views_public.event_page, name="public_event"),
    path("offentlig/<uuid:public_id>/kalender.ics", views_public.event_ics, name="event_ics"),
    path("offentlig/afmeld/<str:token>/", views_public.cancel, name="public_cancel"),
    path("offentlig/kommune/<str:code>/", views_public.municipality_events, name="public_municipality"),
    path("offentlig/kommune/<str:code>/kalender.ics", views_public.municipality_ics, name="municipality_ics"),
    path("offentlig/serie/<uuid:public_id>/kalender.ics", views_public.series_ics, name="series_ics"),
    path(
        "offentlig/arrangoer/<uuid:public_id>/kalender.ics", views_public.organiser_ics, name="organiser_ics"
    ),
]
