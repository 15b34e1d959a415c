from django.urls import path

from . import views, views_growth, views_recruitment, views_social

app_name = "accelerator"

urlpatterns = [
    path("", views.index, name="index"),
    path("programmer/ny/", views.programme_create, name="programme_create"),
    path("programmer/<uuid:public_id>/", views.programme_detail, name="programme"),
    path("forloeb/<uuid:public_id>/", views.cohort_detail, name="cohort"),
    path("forloeb/<uuid:public_id>/virksomheder/", views.participant_add, name="participant_add"),
    path("forloeb/<uuid:public_id>/camps/ny/", views.camp_add, name="camp_add"),
    path("camps/<uuid:public_id>/", views.camp_detail, name="camp"),
    path("camps/<uuid:public_id>/fremmoede/", views.camp_attendance, name="camp_attendance"),
    path("virksomheder/<uuid:public_id>/", views.participant_detail, name="participant"),
    path(
        "virksomheder/<uuid:public_id>/sparring/<uuid:session_id>/status/",
        views.session_status,
        name="session_status",
    ),
    path("sociale-modeller/<uuid:public_id>/", views_social.social_model_detail, name="social_model"),
    path("sociale-modeller/<uuid:public_id>/<slug:kind>/", views_social.part_add, name="social_part_add"),
    path(
        "sociale-modeller/<uuid:public_id>/<slug:kind>/<int:pk>/fjern/",
        views_social.part_delete,
        name="social_part_delete",
    ),
    path(
        "sociale-modeller/<uuid:public_id>/buddies/<int:pk>/uddannet/",
        views_social.buddy_trained,
        name="buddy_trained",
    ),
    path("forloeb/<uuid:public_id>/kampagner/ny/", views_recruitment.campaign_create, name="campaign_create"),
    path("kampagner/<uuid:public_id>/", views_recruitment.campaign_detail, name="campaign"),
    path("forloeb/<uuid:public_id>/boot-camp/", views_recruitment.boot_camp_detail, name="boot_camp"),
    path(
        "forloeb/<uuid:public_id>/boot-camp/ny/", views_recruitment.boot_camp_create, name="boot_camp_create"
    ),
    path(
        "forloeb/<uuid:public_id>/boot-camp/<int:pk>/deltog/",
        views_recruitment.boot_camp_attended,
        name="boot_camp_attended",
    ),
    path("ansoegninger/<uuid:public_id>/", views_recruitment.application_page, name="application"),
    path(
        "ansoegninger/<uuid:public_id>/vurdering/",
        views_recruitment.application_score,
        name="application_score",
    ),
    path(
        "ansoegninger/<uuid:public_id>/afgoerelse/",
        views_recruitment.application_decide,
        name="application_decide",
    ),
    path(
        "ansoegninger/<uuid:public_id>/brev.pdf",
        views_recruitment.application_letter,
        name="application_letter",
    ),
    path("virksomheder/<uuid:public_id>/vaekst/", views_growth.growth_add, name="growth_add"),
    path(
        "virksomheder/<uuid:public_id>/opfoelgning/<uuid:follow_up_id>/",
        views_growth.follow_up_done,
        name="follow_up_done",
    ),
    path("forloeb/<uuid:public_id>/vaekst/", views_growth.cohort_growth, name="cohort_growth"),
    path("forloeb/<uuid:public_id>/rapport/", views_growth.cohort_report_page, name="report"),
    path("forloeb/<uuid:public_id>/rapport.pdf", views_growth.cohort_report_pdf, name="report_pdf"),
    path("forloeb/<uuid:public_id>/virksomheder.xlsx", views_growth.cohort_report_xlsx, name="report_xlsx"),
]
