"""Forms of editing a citizen and of correcting or undoing an exit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import ROLE_PERMISSIONS, Perm
from core.forms import FdsFormMixin

from .forms import YES_NO_UNKNOWN, _yes_no
from .forms_running import ExitForm
from .models import Citizen, Gender
from .services_citizen import EDITABLE

REASON = forms.CharField(
    label=_("Begrundelse"),
    widget=forms.Textarea(attrs={"rows": 2}),
    max_length=1000,
    help_text=_("Gemmes i loggen sammen med ændringen."),
)


def caseworkers_of(municipality_id: int):
    """Active users holding a role that may edit citizens in an organisation of the municipality."""
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.CITIZEN_EDIT in perms]
    return (
        User.objects.filter(
            is_active=True,
            memberships__role__in=roles,
            memberships__organisation__municipality_id=municipality_id,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class CaseworkerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class CitizenEditForm(FdsFormMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Adresse"), max_length=300, required=False)
    gender = forms.ChoiceField(label=_("Køn"), choices=Gender.choices, required=False)
    ethnic_danish_background = forms.TypedChoiceField(
        label=_("Etnisk dansk baggrund"), choices=YES_NO_UNKNOWN, coerce=_yes_no, empty_value=None, required=False
    )
    insured = forms.TypedChoiceField(
        label=_("Forsikret ledig (medlem af a-kasse)"),
        choices=YES_NO_UNKNOWN, coerce=_yes_no, empty_value=None, required=False,
    )  # fmt: skip
    caseworker = CaseworkerChoice(
        label=_("Sagsbehandler"), queryset=User.objects.none(), required=False, empty_label=_("Ingen")
    )

    def __init__(self, *args, citizen: Citizen, **kwargs):
        initial = {f: getattr(citizen, f) for f in EDITABLE} | {"caseworker": citizen.caseworker_id}
        for f in ("ethnic_danish_background", "insured"):
            initial[f] = {True: "true", False: "false"}.get(initial[f], "")
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["caseworker"].queryset = caseworkers_of(citizen.municipality_id)

    def citizen_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in EDITABLE}


class ExitCorrectForm(ExitForm):
    reason = REASON


class ExitUndoForm(FdsFormMixin, forms.Form):
    reason = REASON
