from django.urls import path

from . import views, views_evaluation, views_mailing, views_public, views_volunteers

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
    path("lister/", views_mailing.lists, name="lists"),
    path("lister/ny/", views_mailing.list_form, name="list_create"),
    path("lister/<uuid:public_id>/", views_mailing.list_detail, name="list"),
    path("lister/<uuid:public_id>/rediger/", views_mailing.list_form, name="list_edit"),
    path("lister/<uuid:public_id>/inviter/", views_mailing.offer, name="offer"),
    path("lister/<uuid:public_id>/ugeprogram/", views_mailing.weekly_draft, name="weekly_draft"),
    path("lister/<uuid:public_id>/udsendelse/ny/", views_mailing.mailing_new, name="mailing_new"),
    path(
        "lister/<uuid:public_id>/abonnent/<uuid:subscription_id>/afmeld/",
        views_mailing.unsubscribe_by_staff,
        name="unsubscribe_by_staff",
    ),
    path("udsendelser/<uuid:public_id>/", views_mailing.mailing_detail, name="mailing"),
    path("udsendelser/<uuid:public_id>/send/", views_mailing.mailing_send, name="mailing_send"),
    path("evaluering/", views_evaluation.evaluation_page, name="evaluation"),
    path("frivillige/", views_volunteers.volunteers, name="volunteers"),
    path("frivillige/ny/", views_volunteers.volunteer_form, name="volunteer_create"),
    path("frivillige/<uuid:public_id>/", views_volunteers.volunteer_detail, name="volunteer"),
    path("frivillige/<uuid:public_id>/rediger/", views_volunteers.volunteer_form, name="volunteer_edit"),
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
    path("offentlig/liste/<uuid:public_id>/", views_public.list_page, name="public_list"),
    path("offentlig/liste/bekraeft/<str:token>/", views_public.confirm, name="public_confirm"),
    path("offentlig/liste/afmeld/<str:token>/", views_public.unsubscribe, name="public_unsubscribe"),
]
