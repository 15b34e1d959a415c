"""Forms for running a pathway. They parse input; the rules live in pathways.services_running."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import FdsFormMixin

from .models import CheckpointKind, ExitOutcome, FollowUpStatus, GoalStatus, MilestoneKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HOURS = {"max_digits": 5, "decimal_places": 2, "required": False, "localize": True}


def _today():
    return timezone.localdate()


def _checkpoint_choices(rows) -> list[tuple[str, str]]:
    """Open checkpoints of the enrolment (already loaded), the earliest first."""
    return [("", _("Den tidligste åbne frist"))] + [
        (str(r.pk), f"{r.checkpoint.name} ({r.due:%d-%m-%Y})" if r.due else r.checkpoint.name) for r in rows
    ]


class GoalForm(FdsFormMixin, forms.Form):
    description = forms.CharField(label=_("Mål"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    agreed_on = forms.DateField(label=_("Aftalt"), widget=DATE, initial=_today)
    target_date = forms.DateField(label=_("Nås senest"), widget=DATE, required=False)


class GoalCloseForm(FdsFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Resultat"), choices=[(GoalStatus.ACHIEVED, _("Nået")), (GoalStatus.NOT_ACHIEVED, _("Ikke nået"))]
    )
    closed_on = forms.DateField(label=_("Afsluttet"), widget=DATE, initial=_today)


class StatusReportForm(FdsFormMixin, forms.Form):
    body = forms.CharField(label=_("Status"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    next_goal = forms.CharField(
        label=_("Mål for resten af forløbet"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        max_length=5000,
    )  # fmt: skip
    recommendation = forms.CharField(
        label=_("Anbefalet næste skridt"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        max_length=5000,
    )  # fmt: skip
    checkpoint_due = forms.TypedChoiceField(label=_("Besvarer fristen"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, open_rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checkpoint_due"].choices = _checkpoint_choices(open_rows)


class MilestoneForm(FdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=MilestoneKind.choices)
    name = forms.CharField(label=_("Betegnelse"), max_length=200, required=False)
    achieved_on = forms.DateField(label=_("Opnået"), widget=DATE, initial=_today)
    checkpoint_due = forms.TypedChoiceField(label=_("Opfylder fristen"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, open_rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checkpoint_due"].choices = _checkpoint_choices(open_rows)


class ExitForm(FdsFormMixin, forms.Form):
    exit_date = forms.DateField(label=_("Afsluttet"), widget=DATE, initial=_today)
    outcome = forms.ChoiceField(label=_("Afslutningsårsag"), choices=[("", "")] + list(ExitOutcome.choices))
    hours_per_week = forms.DecimalField(
        label=_("Timer pr. uge"), help_text=_("Kun ved beskæftigelse (ordinær, løntilskud, jobrotation, selvstændig)."),
        **HOURS,
    )  # fmt: skip
    note = forms.CharField(label=_("Bemærkning"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)


class FollowUpForm(FdsFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)
    hours_per_week = forms.DecimalField(label=_("Timer pr. uge (ved arbejde)"), **HOURS)


class CheckpointFilterForm(FdsFormMixin, forms.Form):
    programme = forms.ModelChoiceField(label=_("Forløb"), queryset=None, required=False)
    team = forms.ModelChoiceField(label=_("Hold"), queryset=None, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("Alle"))] + list(CheckpointKind.choices), required=False)
    mine = forms.BooleanField(label=_("Kun mine borgere"), required=False)

    def __init__(self, *args, programmes, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["team"].queryset = teams
