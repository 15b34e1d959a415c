"""The report definition form: tables from the registry, services of the municipality's
agreements, programmes run in or bought by the municipality."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementService
from core.forms import FdsFormMixin
from pathways.models import Programme

from .models import PeriodKind, ReportDefinition
from .tables import table_choices


class DefinitionForm(FdsFormMixin, forms.ModelForm):
    tables = forms.MultipleChoiceField(
        label=_("Tabeller"), choices=table_choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ReportDefinition
        fields = [
            "name",
            "description",
            "tables",
            "services",
            "programmes",
            "period_kind",
            "custom_start",
            "custom_end",
            "compare_previous",
        ]
        widgets = {
            "services": forms.CheckboxSelectMultiple,
            "programmes": forms.CheckboxSelectMultiple,
            "custom_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "custom_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["services"].queryset = AgreementService.objects.filter(
            agreement__municipality=municipality
        ).select_related("agreement")
        self.fields["programmes"].queryset = Programme.objects.filter(
            Q(provider__municipality=municipality)
            | Q(agreement_services__agreement__municipality=municipality)
        ).distinct()
        self.fields["services"].required = False
        self.fields["programmes"].required = False

    def clean(self):
        data = super().clean()
        if data.get("period_kind") == PeriodKind.CUSTOM:
            start, end = data.get("custom_start"), data.get("custom_end")
            if not start:
                self.add_error("custom_start", _("Angiv startdatoen for en periode med egne datoer."))
            if not end:
                self.add_error("custom_end", _("Angiv slutdatoen for en periode med egne datoer."))
            if start and end and end < start:
                self.add_error("custom_end", _("Slutdatoen skal ligge efter startdatoen."))
        else:
            data["custom_start"] = data["custom_end"] = None
        return data
