"""Pages of the second factor (accounts/mfa.py): enrolment at first login (authenticator app with
a QR code, or a passkey), verification after the password, recovery codes shown once."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import FdsFormMixin

from . import mfa


class CodeForm(FdsFormMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=20,
        help_text=gettext_lazy("6 cifre fra din godkendelsesapp, eller en af dine gendannelseskoder."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}),
    )


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return "/"


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@login_required
def verify(request):
    """The second step of the login for a user with a device."""
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    if not mfa.remember_enrolment(request):
        return redirect(_with_next("accounts:mfa_enrol", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.verify(request, code=form.cleaned_data["code"]) is not None:
            return redirect(next_url)
        form.add_error("code", _("Koden er forkert eller udløbet. Prøv igen om lidt, hvis du har prøvet flere gange."))
    devices = mfa.devices(request.user)
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": next_url, "devices": devices})


@login_required
def enrol(request):
    """Choose a second factor: scan the QR code and confirm a first code, or register a passkey.
    Only a user with no device yet, or a session already verified, may add one: a password
    alone never adds a device to an enrolled account."""
    next_url = _next_url(request)
    if mfa.remember_enrolment(request) and not request.user.is_verified():
        return redirect(_with_next("accounts:mfa_verify", next_url))
    device = mfa.totp_pending(request.user)
    form = CodeForm(request.POST or None)
    form.fields["code"].label = _("Kode fra godkendelsesappen")
    form.fields["code"].help_text = _("Skriv de 6 cifre, appen viser nu.")
    if request.method == "POST" and form.is_valid():
        codes = mfa.totp_confirm(request, device=device, code=form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", _("Koden passer ikke. Tjek at telefonens ur går rigtigt, og prøv med den næste kode."))
        elif codes:
            return render(request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next": next_url})
        else:
            messages.success(request, _("Godkendelsesappen er tilføjet."))
            return redirect(next_url)
    context = {
        "form": form,
        "next": next_url,
        "qr": mfa.qr_svg(device),
        "secret": mfa.secret_for_typing(device),
        "devices": mfa.devices(request.user),
    }
    return render(request, "accounts/mfa_enrol.html", context)


@login_required
@require_POST
def recovery_codes(request):
    """New recovery codes (the old ones stop working), shown once. After a passkey is registered
    the enrolment page posts here with first=1: codes are issued only when the user has none."""
    if not request.user.is_verified():
        return redirect(_with_next("accounts:mfa_verify", reverse("accounts:profile")))
    next_url = _next_url(request)
    if request.POST.get("first") and mfa.devices(request.user)["recovery_left"]:
        return redirect(next_url)
    codes = mfa.recovery_codes_issue(user=request.user, by=request.user)
    return render(request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next": next_url})
