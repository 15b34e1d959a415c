from django.urls import path

from . import views, views_privacy

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
    path("borgere/<uuid:public_id>/adgangslog/", views_privacy.access_log, name="access_log"),
    path("borgere/<uuid:public_id>/indsigt/", views_privacy.access_request, name="access_request"),
    path("borgere/<uuid:public_id>/slet/", views_privacy.citizen_erase, name="citizen_erase"),
    path("sletning/", views_privacy.erasure_due, name="erasure_due"),
    path("eksport.<str:fmt>", views_privacy.caseload_export, name="caseload_export"),
    path("deltagere/eksport.<str:fmt>", views_privacy.participants_export, name="participants_export"),
    path("statistik/", views_privacy.stats_page, name="stats"),
    path("statistik/forloeb.csv", views_privacy.stats_export, name="stats_export"),
]
