"""Forms of the attendance and placement pages. The week grid is parsed by `grid_rows` (plain
inputs named rows-<i>-<field>); its validation lives in pathways.services_attendance."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FdsFormMixin
from registry.choices import Kind
from registry.models import Organisation

from .models import Phase, Programme, Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
GRID_FIELDS = ("enrolment", "planned_hours", "attended_hours", "excused_hours", "unexcused_hours", "absence_reason")
MAX_GRID_ROWS = 500  # a team is never this large; bounds the work a forged POST can cause
PLACEMENT_KINDS = (Kind.COMPANY, Kind.SOCIAL_ENTERPRISE)


def grid_rows(data) -> list[dict]:
    """The posted grid as rows for attendance_save_week, in the order shown."""
    try:
        total = min(int(data.get("rows-total", 0)), MAX_GRID_ROWS)
    except ValueError:
        total = 0
    return [{f: data.get(f"rows-{i}-{f}", "") for f in GRID_FIELDS} for i in range(max(total, 0))]


class ParticipantFilterForm(FdsFormMixin, forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Forløb"), queryset=Programme.objects.none(), required=False, to_field_name="public_id"
    )
    team = forms.ModelChoiceField(
        label=_("Hold"), queryset=Team.objects.none(), required=False, to_field_name="public_id"
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes.order_by("name")
        self.fields["team"].queryset = Team.objects.filter(programme__in=programmes).select_related("programme")
        self.fields["team"].label_from_instance = lambda t: f"{t.programme.name}: {t.name}"


class PlacementForm(FdsFormMixin, forms.Form):
    company = forms.ModelChoiceField(label=_("Virksomhed"), queryset=Organisation.objects.none())
    support_person = forms.CharField(label=_("Støtteperson"), max_length=200)
    support_person_phone = forms.CharField(label=_("Støttepersonens telefon"), max_length=30, required=False)
    start = forms.DateField(label=_("Fra"), widget=DATE)
    end = forms.DateField(label=_("Til"), widget=DATE, required=False)
    phase = forms.ModelChoiceField(label=_("Fase"), queryset=Phase.objects.none(), required=False)

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        # Companies and social enterprises of the citizen's municipality only.
        self.fields["company"].queryset = Organisation.objects.filter(
            municipality_id=enrolment.citizen.municipality_id, kind__in=PLACEMENT_KINDS
        ).order_by("name")
        self.fields["phase"].queryset = Phase.objects.filter(programme_id=enrolment.programme_id)
