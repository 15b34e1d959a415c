"""Forms of plans (dkfds-styled). Forms parse single fields — a number with letters is refused
here, in Danish, naming the field; rules across fields and records live in the services."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import FdsFormMixin
from pathways.models import Programme
from registry.models import Organisation

from .models import (
    ActualEntry,
    BudgetLine,
    CaseContact,
    ContextFigure,
    FundingApplication,
    IncubatorStage,
    Initiative,
    Meeting,
    OtherCost,
    OutreachContact,
    PilotIdea,
    Project,
    ProjectPhase,
    StakeholderNeed,
    SteeringMember,
    StrategicGoal,
    SupportCase,
    WorkPlanMilestone,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER_ERRORS = {"invalid": _("Skriv et tal (fx 12,5).")}


def _localized_numbers(form) -> None:
    """Decimal fields accept Danish input ("12,5") and answer letters with a Danish error."""
    for field in form.fields.values():
        if isinstance(field, forms.DecimalField):
            field.localize = True
            field.widget.is_localized = True
            field.widget.input_type = "text"
            field.widget.attrs["inputmode"] = "decimal"
            field.error_messages.update(NUMBER_ERRORS)
            field.validators.append(MinValueValidator(0, message=_("Tallet kan ikke være negativt.")))


def _organisations(municipality_id):
    return Organisation.objects.filter(municipality_id=municipality_id).order_by("name")


def _users(municipality_id):
    return User.objects.filter(memberships__organisation__municipality_id=municipality_id).distinct().order_by("username")


class PlansForm(FdsFormMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _localized_numbers(self)

    def _post_clean(self):
        # Rules across fields (the database's check constraints) are the services' to check:
        # they name the field in Danish, where the model's check would only say "constraint
        # violated" above the form. The constraints stay as the database's last line.
        instance = self.instance
        instance.validate_constraints = lambda exclude=None: None
        try:
            super()._post_clean()
        finally:
            del instance.validate_constraints


class StrategyForm(FdsFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    vision = forms.CharField(label=_("Vision"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class VisionForm(FdsFormMixin, forms.Form):
    vision = forms.CharField(label=_("Vision"), required=False, widget=forms.Textarea(attrs={"rows": 6}))


class PreconditionForm(FdsFormMixin, forms.Form):
    text = forms.CharField(label=_("Forudsætning"), max_length=500)


class GoalForm(PlansForm):
    class Meta:
        model = StrategicGoal
        fields = ["title", "description", "indicator", "indicator_label", "baseline", "target", "target_date", "manual_value"]
        widgets = {"target_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "manual_value": _("Kun for mål, Brobyg ikke selv kan tælle."),
            "indicator_label": _("Fx »antal borgere i ordinært job fra socialøkonomiske virksomheder«."),
        }


class InitiativeForm(PlansForm):
    class Meta:
        model = Initiative
        fields = [
            "title", "description", "owner_user", "owner_organisation", "start", "deadline", "status", "programme",
            "carried_out_by",
        ]  # fmt: skip
        widgets = {"start": DATE, "deadline": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = _organisations(municipality_id)
        self.fields["owner_user"].queryset = _users(municipality_id)
        self.fields["programme"].queryset = Programme.objects.filter(provider__municipality_id=municipality_id).order_by("name")


class StatusForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["status"]


class AdoptForm(FdsFormMixin, forms.Form):
    adopted_on = forms.DateField(label=_("Vedtaget den"), widget=DATE)
    decision_ref = forms.CharField(label=_("Beslutning (fx byrådets sag eller punkt)"), max_length=200)


# --- Projects -------------------------------------------------------------------------------


class ProjectForm(PlansForm):
    class Meta:
        model = Project
        fields = ["name", "supplier", "description", "strategy"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality_id, strategies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Organisation.objects.all().order_by("name")
        self.fields["strategy"].queryset = strategies


class PhaseForm(PlansForm):
    class Meta:
        model = ProjectPhase
        fields = ["name", "position", "start", "end", "stated_hours", "stated_amount"]
        widgets = {"start": DATE, "end": DATE}
        help_texts = {"stated_hours": _("Som det står i tilbuddet; Brobyg viser, hvis det afviger fra summen.")}


class ActivityForm(PlansForm):
    class Meta:
        model = BudgetLine
        fields = ["name", "description", "hours", "hourly_rate", "fixed_amount"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"fixed_amount": _("Udfyld enten timer og timepris eller et fast beløb.")}


class OtherCostForm(PlansForm):
    class Meta:
        model = OtherCost
        fields = ["name", "amount"]


class ActualForm(PlansForm):
    class Meta:
        model = ActualEntry
        fields = ["date", "hours", "amount", "note"]
        widgets = {"date": DATE}
        help_texts = {"amount": _("Tomt: timer × aktivitetens timepris.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].required = False
        self.fields["hours"].required = False


# --- Support cases and outreach -----------------------------------------------------------


class CaseForm(PlansForm):
    class Meta:
        model = SupportCase
        fields = [
            "organisation", "entrepreneur_name", "entrepreneur_contact", "topic", "question", "advisor",
            "opened_on", "initiative", "cohort", "stage",
        ]  # fmt: skip
        widgets = {"opened_on": DATE, "question": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(municipality_id)
        self.fields["advisor"].queryset = _users(municipality_id)
        # the initiatives of the adopted plans: the ones being carried out
        self.fields["initiative"].queryset = Initiative.objects.filter(
            goal__version__strategy__municipality_id=municipality_id, goal__version__status="adopted"
        ).order_by("title")


class CaseRequestForm(PlansForm):
    """An enterprise asks for advice for one of its own organisations."""

    class Meta:
        model = SupportCase
        fields = ["organisation", "topic", "question"]
        widgets = {"question": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organisation_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=organisation_ids).order_by("name")
        self.fields["organisation"].required = True


class CaseContactForm(PlansForm):
    class Meta:
        model = CaseContact
        fields = ["date", "note", "referred_to"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_to"].queryset = _organisations(municipality_id)


class CaseCloseForm(PlansForm):
    class Meta:
        model = SupportCase
        fields = ["status", "outcome"]
        widgets = {"outcome": forms.Textarea(attrs={"rows": 3})}


class StageForm(FdsFormMixin, forms.Form):
    stage = forms.ChoiceField(label=_("Fase i kuvøsen"), choices=IncubatorStage.choices)
    moved_on = forms.DateField(label=_("Dato"), widget=DATE)


class OutreachForm(PlansForm):
    class Meta:
        model = OutreachContact
        fields = ["organisation", "date", "channel", "topic", "outcome", "follow_up_on", "campaign"]
        widgets = {"date": DATE, "follow_up_on": DATE, "outcome": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(municipality_id)


# --- Steering group -------------------------------------------------------------------------


class MemberForm(PlansForm):
    class Meta:
        model = SteeringMember
        fields = ["user", "name", "affiliation"]

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _users(municipality_id)


class MeetingForm(PlansForm):
    class Meta:
        model = Meeting
        fields = ["date", "agenda", "decisions", "minutes"]
        widgets = {
            "date": DATE, "agenda": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 3}), "minutes": forms.Textarea(attrs={"rows": 6}),
        }  # fmt: skip


class MilestoneForm(PlansForm):
    class Meta:
        model = WorkPlanMilestone
        fields = ["title", "due", "done_on"]
        widgets = {"due": DATE, "done_on": DATE}


class SteeringGroupForm(FdsFormMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    strategy = forms.ModelChoiceField(label=_("Strategi"), queryset=None, required=False)
    project_manager = forms.CharField(label=_("Fast projektleder"), max_length=200, required=False)

    def __init__(self, *args, strategies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = strategies


# --- Ideas, funding and the mapping's inputs -------------------------------------------------


class IdeaForm(PlansForm):
    class Meta:
        model = PilotIdea
        fields = ["title", "description", "stage", "partners"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "partners": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = _organisations(municipality_id)


class FundingForm(PlansForm):
    class Meta:
        model = FundingApplication
        fields = ["fund", "amount_applied", "amount_granted", "applied_on", "decided_on"]
        widgets = {"applied_on": DATE, "decided_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = Organisation.objects.filter(kind="fund").order_by("name")


class NeedForm(PlansForm):
    class Meta:
        model = StakeholderNeed
        fields = ["organisation", "needs", "expectations", "volunteer_activities", "recorded_on"]
        widgets = {
            "recorded_on": DATE, "needs": forms.Textarea(attrs={"rows": 3}),
            "expectations": forms.Textarea(attrs={"rows": 3}), "volunteer_activities": forms.Textarea(attrs={"rows": 2}),
        }  # fmt: skip

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(municipality_id)


class ContextFigureForm(PlansForm):
    class Meta:
        model = ContextFigure
        fields = ["kind", "year", "value", "source"]


class SubmitForm(FdsFormMixin, forms.Form):
    group = forms.ModelChoiceField(label=_("Styregruppe"), queryset=None)
    submitted_on = forms.DateField(label=_("Forelagt den"), widget=DATE)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
