"""django-otp-webauthn's endpoints under /konto/passkey/ (its template tags reverse the
"otp_webauthn" namespace), with one change: registering a passkey and verifying a session with
one are audited like the other second factors (registration in one transaction with its row)."""

from django.db import transaction
from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views

from audit.models import AuditAction

from . import mfa

app_name = "otp_webauthn"


class CompletePasskeyRegistration(views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        with transaction.atomic():
            response = super().post(*args, **kwargs)
            user = self.request.user
            mfa.audit(user, by=user, event="accounts.mfa.enrol", changes={"kind": "passkey"})
        mfa.remember_enrolment(self.request)
        return response


class CompletePasskeyVerification(views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        mfa.audit(device.user, by=device.user, event="accounts.mfa.verify", action=AuditAction.LOGIN, changes={"kind": "passkey"})


urlpatterns = [
    path("registrering/start/", views.BeginCredentialRegistrationView.as_view(), name="credential-registration-begin"),
    path("registrering/afslut/", CompletePasskeyRegistration.as_view(), name="credential-registration-complete"),
    path("bekraeft/start/", views.BeginCredentialAuthenticationView.as_view(), name="credential-authentication-begin"),
    path("bekraeft/afslut/", CompletePasskeyVerification.as_view(), name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]
