from django.urls import path

from . import views, views_attendance, views_privacy, views_programmes, views_running

app_name = "pathways"
urlpatterns = [
    path("", views.caseload_list, name="caseload"),
    path("borgere/ny/", views.citizen_create, name="citizen_create"),
    path("borgere/soeg/", views.cpr_search, name="cpr_search"),
    path("borgere/<uuid:public_id>/", views.citizen_detail, name="citizen"),
    path("borgere/<uuid:public_id>/status/ny/", views.citizen_status_create, name="citizen_status_create"),
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
    path("indskrivninger/<uuid:public_id>/maal/", views_running.goal_add, name="goal_add"),
    path("indskrivninger/<uuid:public_id>/maal/<int:goal_id>/afslut/", views_running.goal_close, name="goal_close"),
    path("indskrivninger/<uuid:public_id>/milepael/", views_running.milestone_add, name="milestone_add"),
    path("indskrivninger/<uuid:public_id>/statusrapport/", views_running.status_report_create, name="status_report_create"),
    path("indskrivninger/<uuid:public_id>/afslut/", views_running.enrolment_exit, name="enrolment_exit"),
    path("indskrivninger/<uuid:public_id>/opfoelgning/<int:weeks>/", views_running.followup_record, name="followup_record"),
    path("statusrapporter/", views_running.status_report_list, name="status_reports"),
    path("statusrapporter/<uuid:public_id>/", views_running.status_report_detail, name="status_report"),
    path("statusrapporter/<uuid:public_id>/kvitter/", views_running.status_report_acknowledge, name="status_report_acknowledge"),
    path("frister/", views_running.checkpoint_list, name="checkpoints"),
    path("opfoelgning/", views_running.followup_list, name="followups"),
    path("borgere/<uuid:public_id>/adgangslog/", views_privacy.access_log, name="access_log"),
    path("borgere/<uuid:public_id>/indsigt/", views_privacy.access_request, name="access_request"),
    path("borgere/<uuid:public_id>/slet/", views_privacy.citizen_erase, name="citizen_erase"),
    path("sletning/", views_privacy.erasure_due, name="erasure_due"),
    path("eksport.<str:fmt>", views_privacy.caseload_export, name="caseload_export"),
    path("deltagere/eksport.<str:fmt>", views_privacy.participants_export, name="participants_export"),
    path("statistik/", views_privacy.stats_page, name="stats"),
    path("statistik/forloeb.csv", views_privacy.stats_export, name="stats_export"),
]
