from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import FdsFormMixin

from . import mfa, services, throttle
from .forms import LoginForm
from .models import TOKEN_DEFAULT_DAYS, ApiToken, TokenScope


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The demo's quick logins (shared password, no second factor) exist only under the
        # development settings, and only while the second factor is off. The page says so.
        context["demo_logins"] = getattr(settings, "DEMO_QUICK_LOGINS", False) and not settings.MFA_REQUIRED
        return context

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
            response["Retry-After"] = str(throttle.wait_for(self.request, form.data.get("username")))
        return response


class TokenForm(FdsFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Navn på ny API-nøgle"), max_length=100)
    scope = forms.ChoiceField(
        label=gettext_lazy("Adgang"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("En nøgle, der kun må læse, afvises ved enhver ændring."),
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Gyldig i"),
        coerce=int,
        initial=TOKEN_DEFAULT_DAYS,
        choices=[
            (30, gettext_lazy("30 dage")),
            (90, gettext_lazy("90 dage")),
            (180, gettext_lazy("180 dage")),
            (365, gettext_lazy("1 år (længst muligt)")),
        ],
    )


def _profile(request, *, token_form=None, new_token=None, status=200):
    user = request.user
    context = {
        "memberships": user.memberships.select_related("organisation__municipality").order_by("organisation__name"),
        "tokens": user.api_tokens.order_by("-created_at"),
        "token_form": token_form or TokenForm(),
        "new_token": new_token,
        "devices": mfa.devices(user),
        "now": timezone.now(),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def profile(request):
    return _profile(request)


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _profile(request, token_form=form, status=422)
    data = form.cleaned_data
    _token, raw = services.token_issue(by=request.user, name=data["name"].strip(), scope=data["scope"], days=data["days"])
    return _profile(request, new_token=raw)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken.objects.active(), pk=token_id, user=request.user)
    services.token_revoke(by=request.user, token=token)
    messages.success(request, _("API-nøglen er tilbagekaldt."))
    return redirect("accounts:profile")
