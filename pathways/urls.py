from django.urls import path

from . import views, views_attendance, views_programmes

app_name = "pathways"
urlpatterns = [
    path("", views.caseload_list, name="caseload"),
    path("borgere/ny/", views.citizen_create, name="citizen_create"),
    path("borgere/soeg/", views.cpr_search, name="cpr_search"),
    path("borgere/<uuid:public_id>/", views.citizen_detail, name="citizen"),
    path("borgere/<uuid:public_id>/visitation/", views.referral_create, name="referral_create"),
    path("visitationer/", views.referral_inbox, name="inbox"),
    path("visitationer/<uuid:public_id>/accepter/", views.referral_accept, name="referral_accept"),
    path("visitationer/<uuid:public_id>/afvis/", views.referral_decline, name="referral_decline"),
    path("visitationer/<uuid:public_id>/tilbagekald/", views.referral_withdraw, name="referral_withdraw"),
    path("indskrivninger/<uuid:public_id>/pause/", views.enrolment_pause, name="enrolment_pause"),
    path("indskrivninger/<uuid:public_id>/genoptag/", views.enrolment_resume, name="enrolment_resume"),
    path("programmer/", views_programmes.programme_list, name="programmes"),
    path("programmer/ny/", views_programmes.programme_create, name="programme_create"),
    path("programmer/<uuid:public_id>/", views_programmes.programme_detail, name="programme"),
    path("programmer/<uuid:public_id>/rediger/", views_programmes.programme_edit, name="programme_edit"),
    path("programmer/<uuid:public_id>/hold/", views_programmes.team_create, name="team_create"),
    path("hold/<uuid:team_public_id>/uge/<str:iso_week>/", views_attendance.team_week, name="team_week"),
    path("deltagere/", views_attendance.participant_list, name="participants"),
    path(
        "indskrivninger/<uuid:public_id>/placering/", views_attendance.placement_create, name="placement_create"
    ),
    path("placeringer/", views_attendance.placement_list, name="placements"),
]
