"""Outcome contracts in the platform (issue 4): contracts, runs, ledgers, comparisons, exports."""
from django.urls import path

from . import views, views_terms

app_name = "contracts"
urlpatterns = [
    path("", views.contract_list, name="list"),
    path("ny/", views.contract_create, name="create"),
    path("partnerskaber/ny/", views.partnership_create, name="partnership_create"),
    path("sammenlign/", views.compare, name="compare"),
    path("<uuid:public_id>/", views.contract_detail, name="detail"),
    path("<uuid:public_id>/ny-version/", views.contract_revise, name="revise"),
    path("<uuid:public_id>/vilkaar/", views_terms.contract_terms, name="terms"),
    path("<uuid:public_id>/rediger/", views_terms.contract_edit, name="edit"),
    path("<uuid:public_id>/koer/<str:kind>/", views.run_create, name="run_create"),
    path("koersler/<uuid:public_id>/", views.run_detail, name="run"),
    path("koersler/<uuid:public_id>/eksport.<str:fmt>", views.run_export, name="export"),
    path("koersler/<uuid:public_id>/godkend/", views.run_approve, name="approve"),
    path("koersler/<uuid:public_id>/betalinger.<str:fmt>", views.run_payments_export, name="payments_export"),
]
