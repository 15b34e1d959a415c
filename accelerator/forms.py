"""Forms of the accelerator's pages (dkfds-styled). Forms parse single fields; rules across
fields and rows live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FdsFormMixin
from registry.models import Organisation

from .models import (
    SCORE_MAX,
    SCORE_MIN,
    AcceleratorCohort,
    BootCamp,
    Buddy,
    Camp,
    CampaignChannel,
    CampItem,
    ContactMethod,
    ContactOutcome,
    Criterion,
    Decision,
    InductionStep,
    RecruitmentCampaign,
    SessionStatus,
    SparringSession,
    ValueTask,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ParseOnly:
    """A ModelForm that only parses its fields: the rules (ranges, constraints, the parent's
    dates) are the services' to check, so pages and the API give the same Danish errors."""

    def _post_clean(self):
        pass


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


def organisations_in(municipality_id: int):
    return Organisation.objects.filter(municipality_id=municipality_id).order_by("name")


class ProgrammeForm(FdsFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(queryset=None, label=_("Kommune"))
    name = forms.CharField(label=_("Navn"), max_length=200)
    owner = OrganisationChoice(
        queryset=Organisation.objects.none(), label=_("Ejer (fx fonden eller beskæftigelsesaktøren)")
    )
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    months = forms.IntegerField(label=_("Varighed (måneder)"), min_value=1, max_value=36, initial=12)
    follow_up_months = forms.IntegerField(
        label=_("Opfølgning efter forløbet (måneder)"), min_value=0, max_value=24, initial=6
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["owner"].queryset = Organisation.objects.filter(municipality__in=municipalities).order_by(
            "name"
        )
        if len(municipalities) == 1:  # one query: the queryset is evaluated once here
            self.fields["municipality"].initial = municipalities[0]
            self.fields["municipality"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        owner, municipality = data.get("owner"), data.get("municipality")
        if owner and municipality and owner.municipality_id != municipality.pk:
            self.add_error("owner", _("Ejeren skal høre til kommunen."))
        return data


class CohortForm(ParseOnly, FdsFormMixin, forms.ModelForm):
    class Meta:
        model = AcceleratorCohort
        fields = ["name", "start", "end"]
        widgets = {"start": DATE, "end": DATE}
        help_texts = {"end": _("Tom: startdatoen plus programmets varighed.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end"].required = False


class CompanyForm(FdsFormMixin, forms.Form):
    organisation = OrganisationChoice(queryset=Organisation.objects.none(), label=_("Virksomhed"))

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_in(municipality_id)


class CampForm(ParseOnly, FdsFormMixin, forms.ModelForm):
    class Meta:
        model = Camp
        fields = ["title", "date", "end_date", "venue", "description"]
        widgets = {"date": DATE, "end_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class CampItemForm(ParseOnly, FdsFormMixin, forms.ModelForm):
    class Meta:
        model = CampItem
        fields = ["starts_at", "title", "expert", "expert_organisation"]
        widgets = {"starts_at": TIME}


class SessionForm(ParseOnly, FdsFormMixin, forms.ModelForm):
    class Meta:
        model = SparringSession
        fields = ["date", "topic", "advisor", "status", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class SessionStatusForm(FdsFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SessionStatus.choices)


class ScoreForm(FdsFormMixin, forms.Form):
    criterion = forms.ChoiceField(label=_("Kriterium"), choices=Criterion.choices)
    score = forms.IntegerField(
        label=_("Point (%(low)s-%(high)s)") % {"low": SCORE_MIN, "high": SCORE_MAX},
        help_text=_("1 = meget lavt potentiale, 5 = meget højt potentiale"),
    )
    justification = forms.CharField(
        label=_("Begrundelse"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the scale and the justification are checked by the service, so page and API agree
        self.fields["score"].required = False
        self.fields["justification"].required = False


class DecisionForm(FdsFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Afgørelse"), choices=[c for c in Decision.choices if c[0] != Decision.PENDING]
    )
    justification = forms.CharField(
        label=_("Begrundelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TaskForm(ParseOnly, FdsFormMixin, forms.ModelForm):
    prefix = "task"

    class Meta:
        model = ValueTask
        fields = ["description", "hours_per_week", "skills", "citizens"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # the service names what is missing or out of range
            field.required = False
            field.validators = []


class StepForm(ParseOnly, FdsFormMixin, forms.ModelForm):
    prefix = "step"

    class Meta:
        model = InductionStep
        fields = ["week", "description", "responsible"]


class BuddyForm(ParseOnly, FdsFormMixin, forms.ModelForm):
    prefix = "buddy"

    class Meta:
        model = Buddy
        fields = ["name", "job_title", "trained_on"]
        widgets = {"trained_on": DATE}
        help_texts = {"trained_on": _("Tom, hvis buddyen endnu ikke er uddannet.")}


class TrainedForm(FdsFormMixin, forms.Form):
    trained_on = forms.DateField(label=_("Uddannet den"), widget=DATE)


class CampaignForm(ParseOnly, FdsFormMixin, forms.ModelForm):
    class Meta:
        model = RecruitmentCampaign
        fields = ["name", "start", "end", "description"]
        widgets = {"start": DATE, "end": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class ChannelForm(ParseOnly, FdsFormMixin, forms.ModelForm):
    prefix = "channel"

    class Meta:
        model = CampaignChannel
        fields = ["kind", "name"]


class ContactForm(FdsFormMixin, forms.Form):
    prefix = "contact"
    organisation = OrganisationChoice(queryset=Organisation.objects.none(), label=_("Virksomhed"))
    channel = forms.ModelChoiceField(queryset=CampaignChannel.objects.none(), label=_("Kanal"))
    contacted_on = forms.DateField(label=_("Dato"), widget=DATE)
    method = forms.ChoiceField(label=_("Form"), choices=ContactMethod.choices)
    outcome = forms.ChoiceField(label=_("Udfald"), choices=ContactOutcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_in(campaign.cohort.municipality_id)
        self.fields["channel"].queryset = campaign.channels.all()


class BootCampForm(ParseOnly, FdsFormMixin, forms.ModelForm):
    class Meta:
        model = BootCamp
        fields = ["start", "end", "venue"]
        widgets = {"start": DATE, "end": DATE}
        help_texts = {"end": _("Tom: to dage fra første dag.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end"].required = False


class ApplicationForm(FdsFormMixin, forms.Form):
    prefix = "application"
    organisation = OrganisationChoice(queryset=Organisation.objects.none(), label=_("Virksomhed"))
    submitted_on = forms.DateField(label=_("Modtaget"), widget=DATE)
    motivation = forms.CharField(label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_in(municipality_id)


class GrowthForm(FdsFormMixin, forms.Form):
    prefix = "growth"
    year = forms.IntegerField(label=_("År"))
    turnover = forms.DecimalField(label=_("Omsætning (kr.)"), max_digits=14, decimal_places=2)
    citizens_hired = forms.IntegerField(
        label=_("Borgere fra programmet ansat i året"), required=False, initial=0
    )


class FollowUpForm(FdsFormMixin, forms.Form):
    prefix = "follow"
    done_on = forms.DateField(label=_("Gennemført den"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
