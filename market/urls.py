from django.urls import path

from . import views, views_bids, views_public, views_suggest, views_value

app_name = "market"

urlpatterns = [
    path("", views.index, name="index"),
    path("nyt/", views.posting_create, name="create"),
    path("social-vaerdi/", views_value.social_value_page, name="social_value"),
    path("social-vaerdi/excel/", views_value.social_value_xlsx, name="social_value_xlsx"),
    path("<uuid:public_id>/", views.posting_detail, name="detail"),
    path("<uuid:public_id>/rediger/", views.posting_edit, name="edit"),
    path("<uuid:public_id>/status/<slug:target>/", views.posting_move, name="move"),
    path("<uuid:public_id>/delkontrakter/", views.lot_add, name="lot_add"),
    path("<uuid:public_id>/dokumenter/", views.document_add, name="document_add"),
    path("<uuid:public_id>/dokumenter/<uuid:document_id>/", views.document_download, name="document"),
    path("<uuid:public_id>/klausuler/", views.clause_add, name="clause_add"),
    path("<uuid:public_id>/spoergsmaal/", views.question_ask, name="question_ask"),
    path("<uuid:public_id>/spoergsmaal/<int:pk>/svar/", views.question_answer, name="question_answer"),
    path("<uuid:public_id>/interesse/", views_bids.interest_add, name="interest"),
    path("<uuid:public_id>/tilbud/nyt/", views_bids.bid_create, name="bid_create"),
    path("tilbud/<uuid:public_id>/", views_bids.bid_detail, name="bid"),
    path("tilbud/<uuid:public_id>/evaluering/", views_bids.bid_evaluate, name="bid_evaluate"),
    path("tilbud/<uuid:public_id>/tildel/", views_bids.bid_award, name="bid_award"),
    path("<uuid:public_id>/forslag/", views_suggest.suggestions, name="suggestions"),
    path("<uuid:public_id>/forslag/inviter/", views_suggest.invite, name="invite"),
    # Public, no login (views_public): the board, one posting, documents, OCDS and the feed.
    path("offentlig/", views_public.public_list, name="public_list"),
    path("offentlig/feed/", views_public.PostingFeed(), name="feed"),
    path("offentlig/ocds.json", views_public.ocds_all, name="ocds"),
    path("offentlig/<uuid:public_id>/", views_public.public_detail, name="public_detail"),
    path("offentlig/<uuid:public_id>/ocds.json", views_public.ocds_posting, name="ocds_posting"),
    path(
        "offentlig/<uuid:public_id>/dokumenter/<uuid:document_id>/", views_public.public_document, name="public_document"
    ),
]
