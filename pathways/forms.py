"""Forms of the pathway pages. Validation of the domain lives in pathways.services; the forms
parse input and offer only the choices valid for the user and the date."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cpr import clean_cpr
from core.forms import FdsFormMixin
from tenants.models import Municipality

from .models import CodeList, CodeListKind, EnrolmentStatus, Gender, LegalBasis, ReferralStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO_UNKNOWN = [("", _("Ikke oplyst")), ("true", _("Ja")), ("false", _("Nej"))]


def _yes_no(value):
    return {"true": True, "false": False}.get(value)


def codes_on(kind: str, on: datetime.date):
    return CodeList.objects.of(kind).valid_on(on).order_by("name")


class CitizenForm(FdsFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(label=_("Kommune"), queryset=Municipality.objects.none())
    cpr = forms.CharField(
        label=_("CPR-nummer"),
        max_length=11,
        help_text=_("DDMMÅÅ-XXXX"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Navn"), max_length=200)
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Adresse"), max_length=300, required=False)
    gender = forms.ChoiceField(label=_("Køn"), choices=Gender.choices, required=False)
    ethnic_danish_background = forms.TypedChoiceField(
        label=_("Etnisk dansk baggrund"),
        choices=YES_NO_UNKNOWN,
        coerce=_yes_no,
        empty_value=None,
        required=False,
    )
    insured = forms.TypedChoiceField(
        label=_("Forsikret ledig (medlem af a-kasse)"),
        choices=YES_NO_UNKNOWN,
        coerce=_yes_no,
        empty_value=None,
        required=False,
    )
    legal_basis = forms.ChoiceField(label=_("Hjemmel for behandlingen"), choices=LegalBasis.choices)
    consent_given = forms.BooleanField(label=_("Borgeren har givet samtykke"), required=False)
    status_from = forms.DateField(label=_("Status gælder fra"), widget=DATE)
    benefit = forms.ModelChoiceField(label=_("Ydelse"), queryset=CodeList.objects.none(), required=False)
    target_group = forms.ModelChoiceField(
        label=_("Målgruppe"), queryset=CodeList.objects.none(), required=False
    )
    readiness = forms.ModelChoiceField(label=_("Parathed"), queryset=CodeList.objects.none(), required=False)

    def __init__(self, *args, municipality_ids: list[int], today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=municipality_ids)
        if len(municipality_ids) == 1:
            self.fields["municipality"].initial = municipality_ids[0]
        self.fields["status_from"].initial = today
        on = self._status_date(today)
        for field, kind in (
            ("benefit", CodeListKind.BENEFIT),
            ("target_group", CodeListKind.TARGET_GROUP),
            ("readiness", CodeListKind.READINESS),
        ):
            self.fields[field].queryset = codes_on(kind, on)

    def _status_date(self, default: datetime.date) -> datetime.date:
        """The code lists offered are those valid on the status date (as typed, if valid)."""
        raw = self.data.get(self.add_prefix("status_from")) if self.is_bound else None
        try:
            return self.fields["status_from"].clean(raw) if raw else default
        except ValidationError:
            return default

    def clean_cpr(self) -> str:
        """Checked here, not only in the service, so a wrong CPR number is reported in the same
        round as the form's other errors."""
        return clean_cpr(self.cleaned_data["cpr"])

    def citizen_data(self) -> dict:
        data = self.cleaned_data
        fields = (
            "name",
            "phone",
            "email",
            "address",
            "gender",
            "ethnic_danish_background",
            "insured",
            "legal_basis",
        )
        result = {k: data[k] for k in fields}
        result["consent_given_at"] = timezone.now() if data["consent_given"] else None
        return result

    def status_data(self) -> dict | None:
        data = self.cleaned_data
        if not (data["benefit"] or data["target_group"] or data["readiness"]):
            return None
        return {k: data[k] for k in ("benefit", "target_group", "readiness")} | {
            "valid_from": data["status_from"]
        }


class CprSearchForm(FdsFormMixin, forms.Form):
    cpr = forms.CharField(
        label=_("CPR-nummer"),
        max_length=11,
        help_text=_("DDMMÅÅ-XXXX"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class CaseloadFilterForm(FdsFormMixin, forms.Form):
    STATUS = [
        ("", _("Alle")),
        (ReferralStatus.SENT, _("Visiteret, afventer svar")),
        (EnrolmentStatus.ACTIVE, _("I forløb")),
        (EnrolmentStatus.PAUSED, _("På pause")),
    ]
    q = forms.CharField(label=_("Navn"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS, required=False)
    mine = forms.BooleanField(label=_("Kun mine borgere"), required=False)
    sort = forms.ChoiceField(
        choices=[(k, k) for key in ("name", "caseworker", "referred", "start") for k in (key, f"-{key}")],
        required=False,
        widget=forms.HiddenInput,
    )


class ReferralForm(FdsFormMixin, forms.Form):
    programme = forms.ModelChoiceField(label=_("Forløb"), queryset=None)
    wished_start = forms.DateField(label=_("Ønsket start"), required=False, widget=DATE)
    note = forms.CharField(
        label=_("Bemærkning til leverandøren"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    justification = forms.CharField(
        label=_("Begrundelse, hvis borgeren ligger uden for forløbets målgrupper"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kræves, når borgerens målgruppe eller parathed ikke er blandt dem, forløbet tager."),
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: f"{p.name} · {p.provider.name}"


class AcceptForm(FdsFormMixin, forms.Form):
    """Built from a list of teams (already fetched), so a page of referrals costs no query per row."""

    team = forms.TypedChoiceField(label=_("Hold"), coerce=int)
    start_date = forms.DateField(
        label=_("Startdato"),
        required=False,
        widget=DATE,
        help_text=_("Tom: holdets start eller den ønskede start."),
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self._teams = {t.pk: t for t in teams}
        self.fields["team"].choices = [("", "---------")] + [(t.pk, getattr(t, "choice_label", str(t))) for t in teams]

    def clean_team(self):
        return self._teams[self.cleaned_data["team"]]


class DeclineForm(FdsFormMixin, forms.Form):
    decline_reason = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 3}))


class PauseForm(FdsFormMixin, forms.Form):
    start = forms.DateField(label=_("Pause fra"), widget=DATE)


class ResumeForm(FdsFormMixin, forms.Form):
    end = forms.DateField(
        label=_("Genoptaget den"), widget=DATE, help_text=_("Første dag tilbage i forløbet.")
    )


class CitizenStatusForm(FdsFormMixin, forms.Form):
    """A dated change of benefit, target group or readiness. The codes offered are those in
    force on the date typed (categories change by law); the service checks them again."""

    valid_from = forms.DateField(label=_("Gælder fra"), widget=DATE)
    benefit = forms.ModelChoiceField(label=_("Ydelse"), queryset=CodeList.objects.none(), required=False)
    target_group = forms.ModelChoiceField(label=_("Målgruppe"), queryset=CodeList.objects.none(), required=False)
    readiness = forms.ModelChoiceField(label=_("Parathed"), queryset=CodeList.objects.none(), required=False)

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.fields["valid_from"].initial = today
        raw = self.data.get(self.add_prefix("valid_from")) if self.is_bound else None
        try:
            on = datetime.date.fromisoformat(raw) if raw else today
        except ValueError:
            on = today
        for field, kind in (
            ("benefit", CodeListKind.BENEFIT),
            ("target_group", CodeListKind.TARGET_GROUP),
            ("readiness", CodeListKind.READINESS),
        ):
            self.fields[field].queryset = codes_on(kind, on)

    def clean(self):
        data = super().clean()
        if not (data.get("benefit") or data.get("target_group") or data.get("readiness")):
            raise forms.ValidationError(_("Vælg mindst én af ydelse, målgruppe og parathed."))
        return data
