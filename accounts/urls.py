from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views, views_admin, views_mfa
from .forms import PasswordResetForm, SetPasswordForm

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "adgangskode/nulstil/",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
            form_class=PasswordResetForm,
        ),
        name="password_reset",
    ),
    path("adgangskode/nulstil/sendt/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "adgangskode/nulstil/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete"), form_class=SetPasswordForm
        ),
        name="password_reset_confirm",
    ),
    path("adgangskode/nulstil/faerdig/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("totrin/", views_mfa.verify, name="mfa_verify"),
    path("totrin/opsaet/", views_mfa.enrol, name="mfa_enrol"),
    path("totrin/gendannelseskoder/", views_mfa.recovery_codes, name="mfa_recovery_codes"),
    path("brugere/<int:user_id>/totrin/nulstil/", views_admin.user_mfa_reset, name="user_mfa_reset"),
    path("profil/", views.profile, name="profile"),
    path("brugere/", views_admin.user_list, name="users"),
    path("brugere/ny/", views_admin.user_invite, name="user_invite"),
    path("brugere/<int:user_id>/aktiv/", views_admin.user_toggle_active, name="user_toggle_active"),
    path("roller/<int:membership_id>/fjern/", views_admin.membership_remove, name="membership_remove"),
    path("profil/api-noegler/", views.token_create, name="token_create"),
    path("profil/api-noegler/<int:token_id>/tilbagekald/", views.token_revoke, name="token_revoke"),
]
