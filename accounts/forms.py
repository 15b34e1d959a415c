from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.forms import FdsFormMixin

from . import throttle


class LoginForm(FdsFormMixin, auth_forms.AuthenticationForm):
    """The password step. A username or IP address that has failed too often must wait first
    (accounts/throttle.py); the password is not even checked during the wait."""

    def clean(self):
        wait = throttle.wait_for(self.request, self.cleaned_data.get("username"))
        if wait:
            raise ValidationError(
                _("For mange mislykkede forsøg. Vent %(seconds)s sekunder, og prøv igen.") % {"seconds": wait},
                code="throttled",
            )
        return super().clean()

    @property
    def throttled(self) -> bool:
        return any(error.code == "throttled" for error in self.errors.as_data().get("__all__", []))


class PasswordResetForm(FdsFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(FdsFormMixin, auth_forms.SetPasswordForm):
    pass
