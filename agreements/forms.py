"""Forms for agreements and registrations (dkfds-styled). Forms only parse and check single
fields; rules across fields and the agreement live in agreements.services."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core.forms import FdsFormMixin
from pathways.models import Programme
from registry.models import Organisation

from . import rules
from .models import (
    Activity,
    AgreementService,
    CompanyVisit,
    Counselling,
    Deliverable,
    FrameworkAgreement,
    Frequency,
    Measure,
    NetworkMeeting,
    NetworkMembership,
    NetworkOutcome,
    ServiceNarrative,
    UserGroup,
    VolunteerTally,
    YouthUser,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgreementForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = FrameworkAgreement
        fields = ["name", "provider", "start", "end", "note"]
        widgets = {"start": DATE, "end": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.filter(
            municipality_id__in=municipality_ids
        ).order_by("name")


class MunicipalityChoiceForm(FdsFormMixin, forms.Form):
    """Only shown when the user may create agreements in more than one municipality."""

    municipality = forms.ModelChoiceField(queryset=None, label=_("Kommune"))

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class ServiceForm(FdsFormMixin, forms.ModelForm):
    measures = forms.MultipleChoiceField(
        label=_("Kontrakten følger op på"),
        choices=Measure.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AgreementService
        fields = ["kind", "name", "description", "annual_grant", "programme"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(
            provider_id=agreement.provider_id
        ).order_by("name")
        if self.instance.pk:
            self.initial["measures"] = [m.measure for m in self.instance.measures.all()]


class DeliverableForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = Deliverable
        fields = ["name", "metric", "target", "unit", "period_basis"]


class WeekRowForm(FdsFormMixin, forms.Form):
    staffed_hours = forms.DecimalField(
        label=_("Bemandede timer"), required=False, min_value=0, max_value=168, max_digits=6, decimal_places=2
    )
    visits = forms.IntegerField(label=_("Besøg"), required=False, min_value=0)


class PeriodForm(FdsFormMixin, forms.Form):
    start = forms.DateField(label=_("Fra"), widget=DATE)
    end = forms.DateField(label=_("Til"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Slutdatoen skal ligge efter startdatoen."))
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 370:
            self.add_error("end", _("Perioden kan højst være et år."))
        return data


class FrequencyForm(FdsFormMixin, forms.Form):
    frequency = forms.ChoiceField(
        label=_("Hyppighed"), choices=[("", _("Ikke angivet")), *Frequency.choices], required=False
    )


NARRATIVE_MAX = 10_000  # characters per field: a few pages of report text


class NarrativeForm(FdsFormMixin, forms.ModelForm):
    """The provider's text for a service and a period (the period comes from the page)."""

    class Meta:
        model = ServiceNarrative
        fields = ["experiences", "needs", "opportunities"]
        labels = {
            "experiences": _("Erfaringer fra perioden"),
            "needs": _("Fremadrettede behov"),
            "opportunities": _("Muligheder"),
        }
        help_texts = {
            "experiences": _("Hvad skete der i perioden: aktiviteter, brugere, samarbejder, udfordringer."),
            "needs": _("Hvad der er brug for fremover for at kunne levere ydelsen."),
            "opportunities": _("Nye idéer, piloter og muligheder, som perioden har vist."),
        }
        widgets = {f: forms.Textarea(attrs={"rows": 6, "maxlength": NARRATIVE_MAX}) for f in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.max_length = NARRATIVE_MAX
            field.validators.append(MaxLengthValidator(NARRATIVE_MAX))


class RegistrationFormBase(FdsFormMixin, forms.ModelForm):
    def validate_unique(self):
        """Skipped: agreements.services checks the rules behind the database constraints and
        names the field; a generic "constraint violated" message would not."""


def _model_form(model, fields, **widgets):
    meta = type("Meta", (), {"model": model, "fields": fields, "widgets": widgets})
    return type(f"{model.__name__}Form", (RegistrationFormBase,), {"Meta": meta})


ActivityForm = _model_form(
    Activity,
    ["date", "name", "user_groups", "participants"],
    date=DATE,
)
ActivityForm.base_fields["user_groups"] = forms.MultipleChoiceField(
    label=_("Brugergrupper"), choices=UserGroup.choices, required=False, widget=forms.CheckboxSelectMultiple
)
VolunteerForm = _model_form(
    VolunteerTally, ["period_start", "period_end", "volunteers", "hours"], period_start=DATE, period_end=DATE
)
MembershipForm = _model_form(
    NetworkMembership,
    ["period_start", "period_end", "on_mailing_list", "active", "took_part", "new_members"],
    period_start=DATE,
    period_end=DATE,
)
MeetingForm = _model_form(NetworkMeeting, ["date", "activity", "attendance", "note"], date=DATE)
CompanyVisitForm = _model_form(CompanyVisit, ["date", "company_name", "local", "participants"], date=DATE)
CounsellingForm = _model_form(Counselling, ["date", "member_label", "conversations"], date=DATE)
OutcomeForm = _model_form(NetworkOutcome, ["date", "outcome", "direct", "member_label", "note"], date=DATE)
_YouthUserForm = _model_form(
    YouthUser,
    [
        "label",
        "registered",
        "left",
        "referral",
        "income",
        "home_support",
        "home_support_reduced_hours",
        "home_support_changed",
    ],
    registered=DATE,
    left=DATE,
    home_support_changed=DATE,
)


class YouthUserForm(_YouthUserForm):
    def clean(self):
        """The rules behind the model's constraints, named by field (see agreements.rules)."""
        data = super().clean()
        errors = rules.youth_errors(
            registered=data.get("registered"), left=data.get("left"), home_support=data.get("home_support"),
            changed=data.get("home_support_changed"), reduced_hours=data.get("home_support_reduced_hours"),
        )  # fmt: skip
        for field, messages in errors.items():
            self.add_error(field, messages)
        return data
