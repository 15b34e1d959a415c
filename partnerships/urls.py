from django.urls import path

from . import views, views_matching, views_requests, views_slots

app_name = "partnerships"

urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.partnership_create, name="create"),
    path("<uuid:public_id>/", views.partnership_detail, name="detail"),
    path("<uuid:public_id>/rediger/", views.partnership_edit, name="edit"),
    path("<uuid:public_id>/partnere/ny/", views.member_add, name="member_add"),
    path("<uuid:public_id>/partnere/<int:member_id>/fjern/", views.member_remove, name="member_remove"),
    path("<uuid:public_id>/pladsmaal/", views.target_add, name="target_add"),
    path("<uuid:public_id>/erklaering/", views.declaration_upload, name="declaration_upload"),
    path("<uuid:public_id>/erklaering.pdf", views.declaration_download, name="declaration"),
    path("<uuid:public_id>/partnerplan/ny/", views.plan_item_edit, name="plan_add"),
    path("<uuid:public_id>/partnerplan/<int:item_id>/", views.plan_item_edit, name="plan_edit"),
    path("<uuid:public_id>/pladser/ny/", views_slots.slot_create, name="slot_create"),
    path("pladser/<uuid:public_id>/", views_slots.slot_detail, name="slot"),
    path("pladser/<uuid:public_id>/rediger/", views_slots.slot_edit, name="slot_edit"),
    path("pladser/<uuid:public_id>/status/<str:status>/", views_slots.slot_status, name="slot_status"),
    path("henvendelser/", views_requests.company_requests, name="requests"),
    path("henvendelser/ny/", views_requests.request_create, name="request_create"),
    path("indbakke/", views_requests.inbox, name="inbox"),
    path("henvendelser/<uuid:public_id>/", views_requests.request_detail, name="request"),
    path("<uuid:public_id>/matchning/", views_matching.runs, name="runs"),
    path("<uuid:public_id>/matchning/profil/<uuid:enrolment_id>/", views_matching.profile_edit, name="profile"),
    path("matchning/<uuid:public_id>/", views_matching.run_detail, name="run"),
    path("matchning/<uuid:public_id>/beregn-igen/", views_matching.rerun, name="rerun"),
    path("matchning/<uuid:public_id>/bekraeft/", views_matching.confirm, name="confirm"),
    path("matchning/par/<uuid:public_id>/<str:state>/", views_matching.pair_state, name="pair_state"),
]
