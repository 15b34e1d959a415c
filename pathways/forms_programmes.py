"""Forms of the programme pages: create from a template, edit with phases and checkpoints as
formsets, open a team."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import FdsFormMixin

from .forms import DATE
from .models import Checkpoint, CheckpointKind, CodeList, CodeListKind, Intake, Phase, Place, Programme
from .templates import TEMPLATES


class ProgrammeCreateForm(FdsFormMixin, forms.Form):
    provider = forms.ModelChoiceField(label=_("Leverandør"), queryset=None)
    template = forms.ChoiceField(label=_("Skabelon"))
    name = forms.CharField(
        label=_("Navn"), max_length=200, required=False, help_text=_("Tom: skabelonens navn.")
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["template"].choices = [(k, t["name"]) for k, t in TEMPLATES.items()]


class ProgrammeForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "description", "intake", "capacity_per_team", "courses_per_year", "target_groups", "readiness"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "intake": forms.Select(choices=Intake.choices),
            "target_groups": forms.CheckboxSelectMultiple,
            "readiness": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "target_groups": _("Ingen valgt: forløbet tager alle målgrupper. En visitation uden for dem kræver en begrundelse."),
            "readiness": _("Ingen valgt: forløbet tager alle. En visitation uden for dem kræver en begrundelse."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        for field, kind in (("target_groups", CodeListKind.TARGET_GROUP), ("readiness", CodeListKind.READINESS)):
            self.fields[field].queryset = CodeList.objects.of(kind).valid_on(today).order_by("name")


class PhaseForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["name", "weeks", "hours_per_week", "place", "topics"]
        widgets = {"topics": forms.Textarea(attrs={"rows": 2}), "place": forms.Select(choices=Place.choices)}

    def clean_weeks(self):
        weeks = self.cleaned_data["weeks"]
        if weeks is not None and weeks < 1:
            raise forms.ValidationError(_("En fase varer mindst én uge."))
        return weeks


class CheckpointForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = Checkpoint
        fields = ["name", "kind", "due_week"]
        widgets = {"kind": forms.Select(choices=CheckpointKind.choices)}

    def clean_due_week(self):
        week = self.cleaned_data["due_week"]
        if week is not None and week < 1:
            raise forms.ValidationError(_("Ugen tælles fra 1."))
        return week


PhaseFormSet = forms.modelformset_factory(Phase, form=PhaseForm, extra=1, can_delete=True)
CheckpointFormSet = forms.modelformset_factory(Checkpoint, form=CheckpointForm, extra=1, can_delete=True)


def formset_rows(formset) -> list[dict]:
    """The filled rows of a valid formset as service input (id, fields, delete); blank extra
    rows are skipped."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        data = dict(form.cleaned_data)
        rows.append({**{k: v for k, v in data.items() if k not in ("id", "DELETE")},
                     "id": form.instance.pk, "delete": bool(data.get("DELETE"))})  # fmt: skip
    return rows


class TeamForm(FdsFormMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    start_date = forms.DateField(label=_("Startdato"), widget=DATE)
    capacity = forms.IntegerField(
        label=_("Pladser"), required=False, min_value=1, help_text=_("Tom: forløbets pladser pr. hold.")
    )
