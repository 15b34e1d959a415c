from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import LoginForm
from .models import ApiToken


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def profile(request):
    memberships = request.user.memberships.select_related("organisation__municipality").order_by("organisation__name")
    tokens = request.user.api_tokens.order_by("-created_at")
    return render(request, "accounts/profile.html", {"memberships": memberships, "tokens": tokens})


@login_required
@require_POST
def token_create(request):
    name = (request.POST.get("name") or "").strip()[:100]
    if not name:
        messages.error(request, _("Giv API-nøglen et navn."))
        return redirect("accounts:profile")
    _token, raw = services.token_issue(by=request.user, name=name)
    memberships = request.user.memberships.select_related("organisation__municipality")
    tokens = request.user.api_tokens.order_by("-created_at")
    return render(request, "accounts/profile.html", {"memberships": memberships, "tokens": tokens, "new_token": raw})


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken.objects.active(), pk=token_id, user=request.user)
    services.token_revoke(by=request.user, token=token)
    messages.success(request, _("API-nøglen er tilbagekaldt."))
    return redirect("accounts:profile")
