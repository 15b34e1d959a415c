"""Forms of the contract pages. The domain checks (attachment, YAML) live in the services; the
forms offer only choices within the municipalities the user may edit."""

import datetime
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import FrameworkAgreement
from core.forms import FdsFormMixin
from partnerships.models import Partnership
from pathways.models import Programme
from registry.models import Organisation
from tenants.models import Municipality

from .adapter import MAX_SIMULATION_RUNS
from .models import CohortBy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_YAML_BYTES = 200_000


class YamlMixin:
    def clean_yaml_text(self):
        text = self.cleaned_data.get("yaml_text") or ""
        upload = self.files.get("yaml_file") if self.files else None
        if upload is not None:
            if upload.size > MAX_YAML_BYTES:
                raise forms.ValidationError(_("Filen er for stor (højst 200 kB)."))
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("Filen skal være UTF-8-kodet YAML.")) from None
        if not text.strip():
            raise forms.ValidationError(_("Indsæt kontraktens YAML eller vælg en fil."))
        return text.replace("\r\n", "\n")


class ContractForm(YamlMixin, FdsFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(label=_("Kommune"), queryset=Municipality.objects.none())
    name = forms.CharField(label=_("Navn"), max_length=200)
    attached_to = forms.ChoiceField(label=_("Knyttet til"), help_text=_("Et partnerskab eller en rammeaftale."))
    programmes = forms.ModelMultipleChoiceField(
        label=_("Forløb der afregnes"), queryset=Programme.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)
    cohort_by = forms.ChoiceField(label=_("Kohorte"), choices=CohortBy.choices, initial=CohortBy.TEAM)
    yaml_text = forms.CharField(label=_("Kontrakt (YAML)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}))
    yaml_file = forms.FileField(label=_("… eller upload en YAML-fil"), required=False)
    note = forms.CharField(label=_("Bemærkning til versionen"), max_length=300, required=False)

    def __init__(self, *args, municipality_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=municipality_ids)
        if len(municipality_ids) == 1:
            self.fields["municipality"].initial = municipality_ids[0]
        partnerships = Partnership.objects.filter(municipality_id__in=municipality_ids).order_by("name")
        agreements = FrameworkAgreement.objects.filter(municipality_id__in=municipality_ids).order_by("name")
        self.fields["attached_to"].choices = [("", "—")] + [
            (_("Partnerskaber"), [(f"p:{p.pk}", p.name) for p in partnerships]),
            (_("Rammeaftaler"), [(f"a:{a.pk}", a.name) for a in agreements]),
        ]
        self.fields["programmes"].queryset = Programme.objects.filter(
            provider__municipality_id__in=municipality_ids).order_by("name")

    def attachment(self) -> dict:
        kind, _sep, pk = self.cleaned_data["attached_to"].partition(":")
        if kind == "p":
            return {"partnership": Partnership.objects.get(pk=pk)}
        return {"agreement": FrameworkAgreement.objects.get(pk=pk)}


class VersionForm(YamlMixin, FdsFormMixin, forms.Form):
    programmes = forms.ModelMultipleChoiceField(
        label=_("Forløb der afregnes"), queryset=Programme.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)
    cohort_by = forms.ChoiceField(label=_("Kohorte"), choices=CohortBy.choices)
    yaml_text = forms.CharField(label=_("Kontrakt (YAML)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}))
    yaml_file = forms.FileField(label=_("… eller upload en YAML-fil"), required=False)
    note = forms.CharField(label=_("Bemærkning til versionen"), max_length=300, required=False)

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = Programme.objects.filter(
            provider__municipality_id=municipality_id).order_by("name")


class PartnershipForm(FdsFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(label=_("Kommune"), queryset=Municipality.objects.none())
    name = forms.CharField(label=_("Navn"), max_length=200)
    members = forms.ModelMultipleChoiceField(label=_("Partnere"), queryset=Organisation.objects.none())
    start = forms.DateField(label=_("Fra"), widget=DATE)
    end = forms.DateField(label=_("Til"), widget=DATE, required=False)

    def __init__(self, *args, municipality_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=municipality_ids)
        self.fields["members"].queryset = Organisation.objects.filter(
            municipality_id__in=municipality_ids).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("end") and data.get("start") and data["end"] < data["start"]:
            self.add_error("end", _("Slutdatoen ligger før startdatoen."))
        return data


class SettleForm(FdsFormMixin, forms.Form):
    as_of = forms.DateField(label=_("Opgjort pr."), widget=DATE, initial=datetime.date.today)
    label = forms.CharField(label=_("Navn på kørslen"), max_length=200, required=False)
    # A fresh key per rendered form: a double click or a resent request makes one run, not two.
    submission = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64,
                                 initial=lambda: uuid.uuid4().hex)


class BusinessCaseForm(FdsFormMixin, forms.Form):
    label = forms.CharField(label=_("Scenarie"), max_length=200, required=False)
    employment_rate = forms.FloatField(label=_("Beskæftigelsesandel (0–1)"), min_value=0, max_value=1,
                                       required=False)
    deadweight = forms.FloatField(label=_("Dødvægt (0–1)"), min_value=0, max_value=1, required=False)
    drop_off = forms.FloatField(label=_("Årligt frafald fra job (0–1)"), min_value=0, max_value=1, required=False)
    benefit_per_month = forms.FloatField(label=_("Ydelse pr. måned (kr.)"), min_value=0, required=False)
    cost_factor = forms.FloatField(label=_("Omkostningsfaktor"), min_value=0, max_value=10, required=False)

    def overrides(self) -> dict[str, float]:
        return {k: v for k, v in self.cleaned_data.items() if k != "label" and v is not None}


class SimulateForm(FdsFormMixin, forms.Form):
    label = forms.CharField(label=_("Navn på kørslen"), max_length=200, required=False)
    runs = forms.IntegerField(label=_("Antal kørsler"), min_value=100, max_value=MAX_SIMULATION_RUNS, initial=10_000)
    seed = forms.IntegerField(label=_("Startværdi (seed)"), min_value=0, max_value=2**31, initial=1)
    calibrate = forms.BooleanField(
        label=_("Kalibrér på de registrerede forløb"), required=False,
        help_text=_("Beskæftigelsesandel og fastholdelse opdateres med de observerede andele, når mindst 10 "
                    "deltagere er færdige med forløbet (Beta-fordeling: planens antagelse opdateret med data)."))
    as_of = forms.DateField(label=_("Data pr."), widget=DATE, required=False, initial=datetime.date.today)
