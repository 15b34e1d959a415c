from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import FdsFormMixin
from core.sql_models import columns, each, fetch, placeholders, read_alias
from tenants.models import Municipality

from .access import MOVE_REFUSED
from .choices import Criterion, CriterionStatus, Kind, RelationKind, RsvStatus, Sector
from .models import Contact, Organisation, Staffing, TargetGroup
from .rules import tag_names
from .validators import clean_cvr, clean_industry_code, clean_p_number


def _show_choices(field: forms.ModelChoiceField, alias: str, rest: str | None, params) -> None:
    """Set the field's choices to what its ModelChoiceIterator yields (the empty label, then
    (pk, label) in the queryset's order), from `SELECT <the model's columns> <rest>`; no
    statement when `rest` is None (the queryset is empty)."""
    model = field.queryset.model
    rows = []
    if rest is not None:
        using = read_alias(model)
        rows = each(fetch(f"SELECT {columns(model, alias)} {rest}", params, using), model, using=using)  # noqa: S608 - the model's own names
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = empty + [(obj.pk, field.label_from_instance(obj)) for obj in rows]


class OrganisationFilterForm(FdsFormMixin, forms.Form):
    q = forms.CharField(label=_("Søg"), required=False, help_text=_("Navn, by, formål eller CVR"))
    kind = forms.ChoiceField(label=_("Aktørtype"), required=False, choices=[("", _("Alle"))] + Kind.choices)
    sector = forms.ChoiceField(label=_("Sektor"), required=False, choices=[("", _("Alle"))] + Sector.choices)
    municipality = forms.ModelChoiceField(
        label=_("Kommune"), required=False, queryset=Municipality.objects.none(), empty_label=_("Alle")
    )
    target_group = forms.ModelChoiceField(
        label=_("Målgruppe"), required=False, queryset=TargetGroup.objects.all(), empty_label=_("Alle")
    )
    rsv_status = forms.ChoiceField(
        label=_("RSV-status"), required=False, choices=[("", _("Alle"))] + RsvStatus.choices
    )
    criteria_min = forms.IntegerField(
        label=_("Mindst antal kriterier opfyldt"), required=False, min_value=0, max_value=5
    )
    share_min = forms.DecimalField(
        label=_("Mindst % på særlige vilkår"),
        required=False,
        min_value=0,
        max_value=100,
        localize=True,  # "30,5"
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, municipality_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=municipality_ids)
        # The options shown, loaded as plain SQL (issue 18): the ORM built each query and read
        # it through a server-side cursor on every list page. A chosen value is still checked
        # against the queryset. tests/registry/test_registry_list.py holds them to the ORM's.
        among = placeholders(municipality_ids)
        shown = f"FROM tenants_municipality m WHERE m.id IN ({among}) ORDER BY m.name" if municipality_ids else None
        _show_choices(self.fields["municipality"], "m", shown, municipality_ids)
        _show_choices(self.fields["target_group"], "g", "FROM registry_targetgroup g ORDER BY g.name", [])


class OrganisationForm(FdsFormMixin, forms.ModelForm):
    """The organisation's fields. The cross-field rules are the model's (Organisation.clean,
    from registry.rules), which a ModelForm runs; `municipality_ids` are the municipalities the
    organisation may be in after the edit (registry.access.move_targets)."""

    # Declared (not generated from the model) so that "2425 6790" or "88.99.00" pass the length
    # check of the model field; the clean_* methods below compact and validate them.
    cvr = forms.CharField(label=_("CVR-nummer"), required=False, max_length=20)
    p_number = forms.CharField(label=_("P-nummer"), required=False, max_length=20)
    industry_code = forms.CharField(label=_("Branchekode"), required=False, max_length=20)
    tags_text = forms.CharField(label=_("Tags"), required=False, help_text=_("Adskil med komma"))

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "subkind",
            "municipality",
            "cvr",
            "p_number",
            "legal_form",
            "sector",
            "industry_code",
            "street",
            "postcode",
            "city",
            "website",
            "purpose",
            "target_groups",
            "rsv_registered",
            "rsv_registered_on",
            "notes",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.CheckboxSelectMultiple,
            "rsv_registered_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, municipality_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=municipality_ids)
        self.fields["cvr"].help_text = _("8 cifre; kontrolcifret tjekkes")
        if self.instance.pk:
            self.fields["municipality"].error_messages["invalid_choice"] = MOVE_REFUSED
            self.fields["tags_text"].initial = ", ".join(self.instance.tags.values_list("name", flat=True))

    def clean_cvr(self):
        return clean_cvr(self.cleaned_data.get("cvr", ""))

    def clean_p_number(self):
        return clean_p_number(self.cleaned_data.get("p_number", ""))

    def clean_industry_code(self):
        return clean_industry_code(self.cleaned_data.get("industry_code", ""))

    def organisation_data(self) -> dict:
        """The cleaned model fields, as registry.services takes them."""
        return {k: v for k, v in self.cleaned_data.items() if k not in ("target_groups", "tags_text")}

    def tag_names(self) -> list[str]:
        return tag_names(self.cleaned_data.get("tags_text", "").split(","))


class AssessmentForm(FdsFormMixin, forms.Form):
    criterion = forms.TypedChoiceField(choices=Criterion.choices, coerce=int, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Vurdering"), choices=CriterionStatus.choices)
    evidence = forms.CharField(
        label=_("Dokumentation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    assessed_on = forms.DateField(
        label=_("Vurderet den"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("status") in (CriterionStatus.MET, CriterionStatus.NOT_MET) and not data.get("evidence"):
            self.add_error("evidence", _("Skriv dokumentationen for vurderingen."))
        return data


AssessmentFormSet = forms.formset_factory(
    AssessmentForm, extra=0, min_num=5, max_num=5, validate_min=True, validate_max=True
)


class StaffingForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = Staffing
        fields = [
            "year",
            "employees_total",
            "fleksjob",
            "skaanejob",
            "wage_subsidy",
            "other_special",
            "interns",
        ]

    def clean(self):
        data = super().clean()
        special = sum(data.get(k) or 0 for k in ("fleksjob", "skaanejob", "wage_subsidy", "other_special"))
        if data.get("employees_total") is not None and special > data["employees_total"]:
            raise ValidationError(_("Ansatte på særlige vilkår kan ikke være flere end ansatte i alt."))
        return data

    def validate_unique(self):
        pass  # staffing_set updates the year's row if it exists


class ContactForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone"]


class RelationForm(FdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    target = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, source: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.fields["target"].queryset = (
            Organisation.objects.filter(municipality_id=source.municipality_id)
            .exclude(pk=source.pk)
            .only("id", "name")
        )

    def clean(self):
        data = super().clean()
        target, kind = data.get("target"), data.get("kind")
        if target and kind and self.source.relations_out.filter(target=target, kind=kind).exists():
            raise ValidationError(_("Relationen findes allerede."))
        return data
