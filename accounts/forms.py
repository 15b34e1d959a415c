from django.contrib.auth import forms as auth_forms

from core.forms import FdsFormMixin


class LoginForm(FdsFormMixin, auth_forms.AuthenticationForm):
    pass


class PasswordResetForm(FdsFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(FdsFormMixin, auth_forms.SetPasswordForm):
    pass
