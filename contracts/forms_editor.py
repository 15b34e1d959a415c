"""Forms of the contract editor (contracts.editor writes the YAML; the engine validates it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FdsFormMixin

from . import adapter, labels
from .editor import POINTS, RELATIVE, threshold_initial

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FREQUENCIES = [(k, str(v).capitalize()) for k, v in labels.FREQUENCIES.items()]
SHARING = [("by_date", _("Efter dato (de tidligste krav først)")), ("pro_rata", _("Forholdsmæssigt"))]
BASES = [(POINTS, _("Forbedring mod sammenligningen (procentpoint for andele, enheder for antal)")),
         (RELATIVE, _("Relativ forbedring i procent af sammenligningen"))]


def event_choices() -> list[tuple[str, str]]:
    return [(e, labels.event(e)) for e in adapter.vocabulary()]


class TermsForm(FdsFormMixin, forms.Form):
    name = forms.CharField(label=_("Kontraktens navn"), max_length=200)
    period_start = forms.DateField(label=_("Periode fra"), widget=DATE)
    period_end = forms.DateField(label=_("Periode til"), widget=DATE)
    outcome_window_days = forms.IntegerField(label=_("Resultatvindue (dage efter start)"), min_value=1, max_value=3650)
    participant_cap = forms.DecimalField(label=_("Loft pr. deltager (kr.)"), min_value=0, max_digits=14,
                                         decimal_places=2, required=False)
    total_cap = forms.DecimalField(label=_("Samlet loft (kr.)"), min_value=0, max_digits=14, decimal_places=2,
                                   required=False)
    cap_sharing = forms.ChoiceField(label=_("Når et loft binder, deles det"), choices=SHARING)
    frequency = forms.ChoiceField(label=_("Afregningsfrekvens"), choices=FREQUENCIES)
    due_days = forms.IntegerField(label=_("Betalingsfrist (dage efter periodens udgang)"), min_value=0, max_value=365)
    verification_lag_days = forms.IntegerField(label=_("Dokumentationstid (dage efter hændelsen)"), min_value=0,
                                               max_value=365)
    note = forms.CharField(label=_("Bemærkning til den nye version"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("Perioden skal slutte efter, den begynder."))
        return data


class OutcomeRowForm(FdsFormMixin, forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(label=_("Resultat"), max_length=200)
    event = forms.ChoiceField(label=_("Udløses af"), choices=())
    price = forms.DecimalField(label=_("Pris (kr.)"), min_value=0, max_digits=14, decimal_places=2)
    requires = forms.ChoiceField(label=_("Forudsætter"), choices=(), required=False)

    def __init__(self, *args, requires_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # a blank first choice, so the empty extra row stays unchanged (and is skipped) when left alone
        self.fields["event"].choices = [("", _("Vælg hændelse")), *event_choices()]
        self.fields["requires"].choices = [("", _("Intet")), *requires_choices]


class ThresholdRowForm(FdsFormMixin, forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    threshold = forms.DecimalField(label=_("Tærskel for tidlig betaling"), max_digits=10, decimal_places=4)
    basis = forms.ChoiceField(label=_("Tærsklen måles som"), choices=BASES)
    pooled_threshold = forms.DecimalField(label=_("Tærskel for endelig betaling (alle kohorter)"), max_digits=10,
                                          decimal_places=4)
    pooled_basis = forms.ChoiceField(label=_("Den endelige tærskel måles som"), choices=BASES)


OutcomeFormSet = forms.formset_factory(OutcomeRowForm, extra=1, can_delete=True, max_num=50)
ThresholdFormSet = forms.formset_factory(ThresholdRowForm, extra=0, max_num=50)


def initial_from(data: dict) -> tuple[dict, list[dict], list[dict]]:
    """The forms' initial values from the current YAML (as data)."""
    period = data.get("period") or {}
    caps = data.get("caps") or {}
    schedule = data.get("schedule") or {}
    terms = {"name": data.get("name", ""), "period_start": period.get("start"), "period_end": period.get("end"),
             "outcome_window_days": data.get("outcome_window_days"), "participant_cap": caps.get("per_participant"),
             "total_cap": caps.get("total"), "cap_sharing": caps.get("sharing", "by_date"),
             "frequency": schedule.get("frequency", "quarterly"), "due_days": schedule.get("due_days", 30),
             "verification_lag_days": schedule.get("verification_lag_days", 0)}
    outcomes = [{"key": o.get("id", ""), "description": o.get("description") or o.get("id", ""),
                 "event": o.get("event", ""), "price": o.get("price"),
                 "requires": (o.get("requires") or [""])[0]} for o in data.get("outcomes") or []]
    thresholds = []
    for t in data.get("cohort_terms") or []:
        kind = t.get("kind", "rate")
        value, basis = threshold_initial(t.get("threshold", 0), kind)
        pooled, pooled_basis = threshold_initial(t.get("pooled_threshold", 0), kind)
        thresholds.append({"key": t.get("id"), "threshold": value, "basis": basis, "pooled_threshold": pooled,
                           "pooled_basis": pooled_basis, "label": t.get("description") or t.get("id")})
    return terms, outcomes, thresholds
