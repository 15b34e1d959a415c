"""Forms of the partnership pages (dkfds-styled). Forms parse single fields; the rules across
fields (one single point of contact, the rimelighedskrav, dates) live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FdsFormMixin
from pathways.models import Phase
from registry.models import Organisation
from tenants.models import Municipality

from .models import CompanyRequest, MatchProfile, MemberRole, Partnership, PlacementSlot, PlanItem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodMixin:
    """The end after the start, named on the end field (before the model's check constraint,
    whose message would name no field)."""

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Slutdatoen skal ligge efter startdatoen."))
        return data


class PartnershipForm(PeriodMixin, FdsFormMixin, forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "description", "start", "end", "answer_days"]
        widgets = {"start": DATE, "end": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class MunicipalityChoiceForm(FdsFormMixin, forms.Form):
    """Only shown when the user may create partnerships in more than one municipality."""

    municipality = forms.ModelChoiceField(queryset=None, label=_("Kommune"))

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class MemberForm(FdsFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Rolle"), choices=MemberRole.choices)
    start = forms.DateField(label=_("Fra"), widget=DATE, required=False)
    end = forms.DateField(label=_("Til"), widget=DATE, required=False)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            municipality_id=partnership.municipality_id
        ).order_by("name")


class TargetForm(FdsFormMixin, forms.Form):
    cluster = forms.CharField(label=_("Klynge"), max_length=100)
    municipality = forms.ModelChoiceField(label=_("Kommune"), queryset=Municipality.objects.order_by("name"))
    places = forms.IntegerField(label=_("Antal pladser"), min_value=0, max_value=1000)


class SlotForm(PeriodMixin, FdsFormMixin, forms.ModelForm):
    open_now = forms.BooleanField(label=_("Udbyd pladsen nu"), required=False, initial=True)
    # Declared here so a negative number gets the Danish message of clean_places, not a bound.
    places = forms.IntegerField(label=_("Antal pladser"))

    class Meta:
        model = PlacementSlot
        fields = [
            "company", "title", "trade", "phase", "places", "start", "end", "hours_per_week", "tasks",
            "buddy", "street", "postcode", "needs_ready", "dispensation_note",
        ]
        widgets = {"start": DATE, "end": DATE, "tasks": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, company_ids, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Organisation.objects.filter(pk__in=company_ids).order_by("name")
        self.fields["phase"].queryset = Phase.objects.filter(
            programme__provider__municipality_id=municipality_id
        ).select_related("programme").order_by("programme__name", "order")
        if self.instance.pk:
            self.fields.pop("open_now")

    def clean_places(self):
        places = self.cleaned_data.get("places")
        if places is not None and places < 1:
            raise forms.ValidationError(_("Antal pladser skal være mindst 1."))
        return places


class RequestForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = CompanyRequest
        fields = ["partnership", "company", "kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, partnerships, company_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        self.fields["company"].queryset = Organisation.objects.filter(pk__in=company_ids).order_by("name")
        self.fields["company"].required = False  # the service names the missing company in Danish
        if len(company_ids) == 1:
            self.fields["company"].initial = company_ids[0]


class AnswerForm(FdsFormMixin, forms.Form):
    answer = forms.CharField(label=_("Svar"), widget=forms.Textarea(attrs={"rows": 4}))
    close = forms.BooleanField(label=_("Afslut henvendelsen"), required=False)


class ProfileForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = MatchProfile
        fields = ["postcode", "max_km", "readiness", "wishes"]


class RunForm(FdsFormMixin, forms.Form):
    start = forms.DateField(label=_("Placeringerne begynder"), widget=DATE)
    max_km = forms.IntegerField(label=_("Højst km for alle"), min_value=1, max_value=150, initial=40)


class PlanItemForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["member", "need", "action", "owner", "due", "status"]
        widgets = {"due": DATE, "need": forms.Textarea(attrs={"rows": 2}), "action": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = partnership.memberships.select_related("organisation").order_by(
            "organisation__name"
        )


class DeclarationForm(FdsFormMixin, forms.Form):
    declaration = forms.FileField(label=_("Underskrevet partnerskabserklæring (PDF)"), required=False)
