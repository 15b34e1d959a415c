from django.urls import path

from . import views, views_pipeline, views_projects, views_steering, views_support

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    # Strategies and versions
    path("ny/", views.strategy_create, name="strategy_create"),
    path("<uuid:public_id>/", views.strategy_detail, name="strategy"),
    path("<uuid:public_id>/sammenlign/", views.strategy_compare, name="compare"),
    path("<uuid:public_id>/strategi.pdf", views.strategy_pdf, name="strategy_pdf"),
    path("<uuid:public_id>/ny-version/", views.version_new, name="version_new"),
    path("versioner/<uuid:public_id>/vision/", views.version_vision, name="vision"),
    path("versioner/<uuid:public_id>/vedtag/", views.version_adopt, name="adopt"),
    path("versioner/<uuid:public_id>/forudsaetninger/", views.precondition_add, name="precondition_add"),
    path("forudsaetninger/<int:pk>/slet/", views.precondition_delete, name="precondition_delete"),
    path("versioner/<uuid:public_id>/maal/ny/", views.goal_edit, name="goal_create"),
    path("versioner/<uuid:public_id>/maal/<uuid:goal_id>/", views.goal_edit, name="goal_edit"),
    path("maal/<uuid:goal_id>/initiativer/ny/", views.initiative_edit, name="initiative_create"),
    path("initiativer/<uuid:public_id>/", views.initiative_edit, name="initiative_edit"),
    path("initiativer/<uuid:public_id>/status/", views.initiative_status, name="initiative_status"),
    # Projects and budgets
    path("projekter/ny/", views_projects.project_create, name="project_create"),
    path("projekter/<uuid:public_id>/", views_projects.project_detail, name="project"),
    path("projekter/<uuid:public_id>/budget.xlsx", views_projects.project_xlsx, name="project_xlsx"),
    path("projekter/<uuid:public_id>/budget.pdf", views_projects.project_pdf, name="project_pdf"),
    path("projekter/<uuid:public_id>/faser/ny/", views_projects.phase_edit, name="phase_create"),
    path("projekter/<uuid:public_id>/faser/<uuid:phase_id>/", views_projects.phase_edit, name="phase_edit"),
    path("faser/<uuid:phase_id>/aktiviteter/ny/", views_projects.activity_edit, name="activity_create"),
    path("faser/<uuid:phase_id>/udgifter/ny/", views_projects.other_cost_add, name="other_cost_add"),
    path("aktiviteter/<uuid:public_id>/", views_projects.activity_edit, name="activity_edit"),
    path("aktiviteter/<uuid:public_id>/forbrug/", views_projects.actual_add, name="actual_add"),
    # Support cases, incubator, outreach
    path("sager/", views_support.cases, name="cases"),
    path("sager/ny/", views_support.case_create, name="case_create"),
    path("sager/henvendelse/", views_support.case_request, name="case_request"),
    path("sager/kuvoese/", views_support.incubator, name="incubator"),
    path("sager/<uuid:public_id>/", views_support.case_detail, name="case"),
    path("sager/<uuid:public_id>/kontakt/", views_support.case_contact, name="case_contact"),
    path("sager/<uuid:public_id>/status/", views_support.case_status, name="case_status"),
    path("sager/<uuid:public_id>/fase/", views_support.case_stage, name="case_stage"),
    path("opsoegning/", views_support.outreach, name="outreach"),
    path("opsoegning/ny/", views_support.outreach_add, name="outreach_add"),
    path("opsoegning/<uuid:public_id>/fulgt-op/", views_support.outreach_done, name="outreach_done"),
    # Pilot ideas, funding and the mapping's inputs
    path("ideer/", views_pipeline.ideas, name="ideas"),
    path("ideer/ny/", views_pipeline.idea_create, name="idea_create"),
    path("ideer/<uuid:public_id>/ansoegninger/ny/", views_pipeline.application_add, name="application_add"),
    path("kortlaegning/", views_pipeline.mapping, name="mapping"),
    path("kortlaegning/kortlaegning.pdf", views_pipeline.mapping_pdf, name="mapping_pdf"),
    path("kortlaegning/forelaeg/", views_pipeline.mapping_submit, name="mapping_submit"),
    path("kortlaegning/behov/ny/", views_pipeline.need_add, name="need_add"),
    path("kortlaegning/noegletal/ny/", views_pipeline.figure_add, name="figure_add"),
    # Steering groups
    path("styregrupper/ny/", views_steering.group_create, name="group_create"),
    path("styregrupper/<uuid:public_id>/", views_steering.group_detail, name="group"),
    path("styregrupper/<uuid:public_id>/medlemmer/ny/", views_steering.member_add, name="member_add"),
    path("styregrupper/<uuid:public_id>/moeder/ny/", views_steering.meeting_edit, name="meeting_create"),
    path("styregrupper/<uuid:public_id>/moeder/<uuid:meeting_id>/", views_steering.meeting_edit, name="meeting_edit"),
    path("styregrupper/<uuid:public_id>/milepaele/ny/", views_steering.milestone_add, name="milestone_add"),
]
