"""Forms of the market (dkfds-styled). Forms parse single fields; the rules across fields and
the posting's state live in market.services and market.services_bids."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FdsFormMixin
from registry.models import Organisation

from . import rules
from .models import ClauseKind, Lot, PostingKind, Procedure

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label, required=True):
    return forms.DateTimeField(
        label=label, required=required, input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )  # fmt: skip


class KronerField(forms.CharField):
    """An amount in kroner typed the Danish way ('1.250.000,50'); letters get a Danish error."""

    def clean(self, value):
        value = super().clean(value)
        try:
            return rules.parse_kroner(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class CpvField(forms.CharField):
    def clean(self, value):
        codes = rules.split_codes(super().clean(value))
        if problems := rules.cpv_errors(codes):
            raise forms.ValidationError(problems)
        return codes


class PostingForm(FdsFormMixin, forms.Form):
    buyer = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Køber"))
    kind = forms.ChoiceField(label=_("Type"), choices=PostingKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(label=_("Beskrivelse"), widget=forms.Textarea(attrs={"rows": 5}))
    cpv_codes = CpvField(
        label=_("CPV-koder"), required=False, help_text=_("Adskil flere koder med komma, fx 90911200-8, 90919200-4.")
    )
    keywords = forms.CharField(
        label=_("Nøgleord"), required=False, help_text=_("Bruges til at foreslå leverandører ud fra deres tags.")
    )
    estimated_value = KronerField(label=_("Anslået værdi (kr.)"), required=False, help_text=_("Fx 1.250.000"))
    procedure = forms.ChoiceField(label=_("Udbudsform"), choices=[("", "—"), *Procedure.choices], required=False)
    reserved = forms.BooleanField(label=_("Forbeholdt virksomheder efter udbudslovens § 20"), required=False)
    question_deadline = _datetime_field(_("Frist for spørgsmål"), required=False)
    bid_deadline = _datetime_field(_("Frist for tilbud"))
    contract_start = forms.DateField(label=_("Kontraktstart"), required=False, widget=DATE)
    contract_end = forms.DateField(label=_("Kontraktslut"), required=False, widget=DATE)

    def __init__(self, *args, buyers, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = buyers
        if len(buyers) == 1:  # the usual case: the user's own procurement unit or company
            self.fields["buyer"].empty_label = None
        self.fields["kind"].choices = [(k, PostingKind(k).label) for k in kinds]

    @staticmethod
    def initial_from(posting) -> dict:
        data = {f: getattr(posting, f) for f in ("kind", "title", "description", "estimated_value", "procedure", "reserved",
                                                 "question_deadline", "bid_deadline", "contract_start", "contract_end")}  # fmt: skip
        data.update(buyer=posting.buyer, cpv_codes=", ".join(posting.cpv_codes), keywords=", ".join(posting.keywords))
        return data


class LotForm(FdsFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    estimated_value = KronerField(label=_("Anslået værdi (kr.)"), required=False)
    reserved = forms.BooleanField(label=_("Forbeholdt efter udbudslovens § 20"), required=False)


class DocumentForm(FdsFormMixin, forms.Form):
    file = forms.FileField(label=_("Dokument"), help_text=_("PDF, Word, Excel eller OpenDocument, højst 10 MB."))


class ClauseForm(FdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Krav"), choices=ClauseKind.choices)
    quantity = forms.DecimalField(label=_("Antal (timer eller personer)"), min_value=0, max_digits=10, decimal_places=1)
    description = forms.CharField(label=_("Beskrivelse"), required=False, max_length=300)


class QuestionForm(FdsFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Spørger for"))
    text = forms.CharField(label=_("Spørgsmål"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AnswerForm(FdsFormMixin, forms.Form):
    answer = forms.CharField(label=_("Svar"), widget=forms.Textarea(attrs={"rows": 3}))


class BidForm(FdsFormMixin, forms.Form):
    bidder = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Tilbudsgiver"))
    lot = forms.ModelChoiceField(queryset=Lot.objects.none(), label=_("Delkontrakt"), required=False)
    members = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(), label=_("Andre deltagere i konsortiet"), required=False,
        help_text=_("Vælg kun, hvis I byder sammen med andre virksomheder."),
    )  # fmt: skip
    consortium_name = forms.CharField(label=_("Konsortiets navn"), required=False, max_length=200)
    price = KronerField(label=_("Pris (kr.)"), help_text=_("Fx 1.250.000"))
    description = forms.CharField(label=_("Beskrivelse af tilbuddet"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, bidders, partners, lots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bidder"].queryset = bidders
        if len(bidders) == 1:
            self.fields["bidder"].empty_label = None
        self.fields["members"].queryset = partners
        self.fields["lot"].queryset = lots
        if not lots.exists():
            del self.fields["lot"]


class OrganisationChoiceForm(FdsFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Virksomhed"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class EvaluationForm(FdsFormMixin, forms.Form):
    score = forms.DecimalField(label=_("Point (0–100)"), min_value=0, max_value=100, decimal_places=2, required=False)
    evaluation = forms.CharField(label=_("Evaluering"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AwardForm(FdsFormMixin, forms.Form):
    justification = forms.CharField(label=_("Begrundelse for tildelingen"), widget=forms.Textarea(attrs={"rows": 4}))
