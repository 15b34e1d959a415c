"""Forms of the mapping: a stakeholder position and a local case."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import FdsFormMixin
from registry.models import Organisation

from .models import LocalCase

FIRST_YEAR = 1990
SCALE_CHOICES = [(i, str(i)) for i in range(1, 6)]


def _scale_field(label, help_text):
    message = _("%(label)s skal være et helt tal fra 1 til 5.") % {"label": label}
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=1,
        max_value=5,
        widget=forms.Select(choices=SCALE_CHOICES),
        error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
    )


class StakeholderForm(FdsFormMixin, forms.Form):
    """One organisation's place in the grid. `organisations` limits the choice to the
    municipality (and, when adding, to organisations not yet placed)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        to_field_name="public_id",
        error_messages={"invalid_choice": _("Vælg en organisation fra kommunen.")},
    )
    influence = _scale_field(_("Indflydelse"), _("1 = ingen, 5 = afgørende"))
    interest = _scale_field(_("Interesse"), _("1 = ingen, 5 = meget stor"))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, organisations, fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if fixed:  # a row of an organisation already placed: the page explains the scale once
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["influence"].help_text = self.fields["interest"].help_text = ""


class LocalCaseForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = LocalCase
        fields = ["title", "year", "story", "effects", "methods", "organisations"]
        widgets = {
            "story": forms.Textarea(attrs={"rows": 5}),
            "effects": forms.Textarea(attrs={"rows": 3}),
            "methods": forms.Textarea(attrs={"rows": 3}),
            "organisations": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "story": _("Kort fortalt: hvad skete der, og hvem var med?"),
            "effects": _("Hvad kom der ud af det – for borgerne, virksomhederne og kommunen?"),
            "methods": _("Hvordan blev det gjort – metoder og det nyskabende (innovation)."),
            "organisations": _("Hold Ctrl (eller Cmd) nede for at vælge flere."),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.filter(
            municipality=municipality
        ).order_by("name")
        self.fields["year"].widget.attrs.update(min=FIRST_YEAR, max=timezone.localdate().year + 1)

    def clean_year(self):
        year = self.cleaned_data.get("year")
        last = timezone.localdate().year + 1
        if year is not None and not FIRST_YEAR <= year <= last:
            raise forms.ValidationError(
                _("År skal ligge mellem %(first)s og %(last)s.") % {"first": FIRST_YEAR, "last": last}
            )
        return year
