"""An administrator manages the users of their municipality's organisations."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.confirm import ask_to_confirm, confirmed
from core.forms import FdsFormMixin

from . import mfa, services
from .access import access_for
from .models import Membership, User
from .roles import Perm, Role


class InviteForm(FdsFormMixin, forms.Form):
    username = forms.CharField(label=gettext_lazy("Brugernavn"), max_length=150)
    first_name = forms.CharField(label=gettext_lazy("Fornavn"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Efternavn"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    # The membership's own foreign key builds the field (as a ModelForm would), so accounts, which
    # sits below the registry (docs/ARCHITECTURE.md), needs no import from it.
    organisation = Membership._meta.get_field("organisation").formfield(label=gettext_lazy("Organisation"))
    role = forms.ChoiceField(label=gettext_lazy("Rolle"), choices=Role.choices)

    def __init__(self, *args, municipality_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = field.queryset.filter(municipality_id__in=municipality_ids).only("id", "name")

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Brugernavnet er optaget."))
        return username

    def clean_email(self):
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Der findes allerede en bruger med denne e-mail."))
        return email


def _municipality_ids(request) -> list[int]:
    ids = access_for(request).municipalities_with(Perm.USERS_MANAGE)
    if not ids:
        raise Http404
    return ids


@login_required
def user_list(request):
    municipality_ids = _municipality_ids(request)
    memberships = Membership.objects.filter(organisation__municipality_id__in=municipality_ids).select_related("organisation")
    users = (
        User.objects.filter(memberships__organisation__municipality_id__in=municipality_ids)
        .distinct()
        .order_by("username")
        .annotate(mfa_enrolled=mfa.enrolled_expression())
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="local_memberships"))
    )
    form = InviteForm(municipality_ids=municipality_ids)
    return render(request, "accounts/users.html", {"users": users, "form": form, "roles": Role.choices})


@login_required
def user_invite(request):
    municipality_ids = _municipality_ids(request)
    form = InviteForm(request.POST or None, municipality_ids=municipality_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.user_invite(
            by=request.user,
            username=data["username"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            organisation=data["organisation"],
            role=data["role"],
            request=request,
        )
        messages.success(request, _("Brugeren er oprettet og har fået en e-mail med et link til at vælge adgangskode."))
        return redirect("accounts:users")
    return render(request, "accounts/user_invite.html", {"form": form})


def _local_user(request, user_id: int) -> tuple[User, list[int]]:
    municipality_ids = _municipality_ids(request)
    user = get_object_or_404(User.objects.filter(memberships__organisation__municipality_id__in=municipality_ids).distinct(), pk=user_id)
    return user, municipality_ids


@login_required
@require_POST
def membership_remove(request, membership_id: int):
    municipality_ids = _municipality_ids(request)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"), pk=membership_id, organisation__municipality_id__in=municipality_ids
    )
    if not confirmed(request):
        return ask_to_confirm(
            request,
            title=_("Fjern rollen?"),
            text=_("%(user)s mister rollen %(role)s i %(org)s.")
            % {"user": membership.user.username, "role": membership.get_role_display(), "org": membership.organisation.name},
            action_label=_("Ja, fjern rollen"),
            cancel_url=reverse("accounts:users"),
        )
    services.membership_remove(by=request.user, membership=membership)
    messages.success(request, _("Rollen er fjernet."))
    return redirect("accounts:users")


@login_required
@require_POST
def user_toggle_active(request, user_id: int):
    user, municipality_ids = _local_user(request, user_id)
    if user == request.user:
        messages.error(request, _("Du kan ikke deaktivere dig selv."))
        return redirect("accounts:users")
    if user.is_active and not confirmed(request):
        return ask_to_confirm(
            request,
            title=_("Deaktivér brugeren?"),
            text=_("%(user)s kan ikke længere logge ind. Brugeren kan genaktiveres senere.") % {"user": user.username},
            action_label=_("Ja, deaktivér brugeren"),
            cancel_url=reverse("accounts:users"),
        )
    services.user_set_active(by=request.user, user=user, active=not user.is_active, municipality_id=municipality_ids[0])
    messages.success(request, _("Brugeren er opdateret."))
    return redirect("accounts:users")


@login_required
@require_POST
def user_mfa_reset(request, user_id: int):
    """A lost phone or security key: the administrator of the user's municipality removes every
    second-factor device; the user enrols again at the next login. Audited."""
    user, municipality_ids = _local_user(request, user_id)
    removed = mfa.mfa_reset(by=request.user, user=user, municipality_id=municipality_ids[0])
    if removed:
        messages.success(request, _("Totrinsbekræftelsen for %(user)s er nulstillet.") % {"user": user.username})
    else:
        messages.info(request, _("%(user)s havde ingen totrinsbekræftelse.") % {"user": user.username})
    return redirect("accounts:users")
