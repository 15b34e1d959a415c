"""Forms for events, registrations, mailing lists and volunteers (dkfds-styled). Forms parse
and check single fields; rules across fields live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementService
from core.forms import FdsFormMixin
from registry.models import Organisation

from .models import AgendaItem, Event, EventSeries, Mailing, MailingList, Volunteer, VolunteerShift

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class EventForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind", "title", "description", "audience", "organiser", "hosts", "co_funders", "series", "service",
            "venue", "address", "starts_at", "ends_at", "capacity", "deadline", "registration_open", "published",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_at": DATETIME, "ends_at": DATETIME, "deadline": DATETIME,
            "hosts": forms.SelectMultiple(attrs={"size": 6}), "co_funders": forms.SelectMultiple(attrs={"size": 6}),
        }  # fmt: skip
        help_texts = {
            "capacity": _("Tomt: ubegrænset. Når pladserne er brugt, kommer nye tilmeldte på venteliste."),
            "published": _("Offentliggjorte arrangementer kan ses og tilmeldes uden login."),
        }

    def __init__(self, *args, organisers, municipality_ids, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at", "deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["organiser"].queryset = organisers.order_by("name")
        local = Organisation.objects.filter(municipality_id__in=municipality_ids).order_by("name")
        self.fields["hosts"].queryset = local
        self.fields["co_funders"].queryset = local
        self.fields["series"].queryset = EventSeries.objects.filter(municipality_id__in=municipality_ids)
        self.fields["service"].queryset = AgreementService.objects.filter(
            agreement__municipality_id__in=municipality_ids
        ).select_related("agreement")


class SeriesForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = EventSeries
        fields = ["name", "organiser", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers.order_by("name")


class AgendaItemForm(FdsFormMixin, forms.ModelForm):
    speakers = forms.CharField(
        label=_("Oplægsholdere"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én pr. linje: navn; titel; organisation. En organisation fra registret bliver koblet på."),
    )  # fmt: skip

    class Meta:
        model = AgendaItem
        fields = ["starts", "ends", "title", "description", "minutes"]
        widgets = {
            "starts": TIME, "ends": TIME,
            "description": forms.Textarea(attrs={"rows": 2}), "minutes": forms.Textarea(attrs={"rows": 5}),
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["speakers"] = "\n".join(
                "; ".join([s.name, s.title, s.affiliation]).rstrip("; ") for s in self.instance.speakers.all()
            )

    def clean_speakers(self) -> list[dict]:
        rows = []
        for line in self.cleaned_data["speakers"].splitlines():
            parts = [p.strip() for p in line.split(";")]
            if not parts[0]:
                continue
            parts += ["", ""]
            rows.append({"name": parts[0], "title": parts[1], "organisation_name": parts[2]})
        return rows


class StandForm(FdsFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Organisation"))
    label = forms.CharField(label=_("Stand"), max_length=40, required=False)
    note = forms.CharField(label=_("Bemærkning"), max_length=300, required=False)

    def __init__(self, *args, municipality_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            municipality_id__in=municipality_ids
        ).order_by("name")


class WorkshopGroupForm(FdsFormMixin, forms.Form):
    name = forms.CharField(label=_("Gruppens navn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SignupForm(FdsFormMixin, forms.Form):
    """The public registration form; the e-mail is checked in the service, with a Danish text."""

    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.CharField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    organisation_name = forms.CharField(
        label=_("Organisation eller virksomhed"), max_length=200, required=False
    )
    workshop_group = forms.ModelChoiceField(queryset=None, label=_("Workshopgruppe"), required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        groups = event.workshop_groups.all()
        self.fields["workshop_group"].queryset = groups
        if not groups:
            del self.fields["workshop_group"]


class MailingListForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = MailingList
        fields = ["name", "owner", "series", "description", "public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisers, municipality_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisers.order_by("name")
        self.fields["series"].queryset = EventSeries.objects.filter(municipality_id__in=municipality_ids)


class SubscribeForm(FdsFormMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200, required=False)
    email = forms.CharField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    consent = forms.BooleanField(
        label=_("Ja tak, jeg vil gerne have mails fra listen og kan altid afmelde mig igen."),
        error_messages={"required": _("Sæt kryds for at give samtykke.")},
    )


class OfferForm(SubscribeForm):
    """The job centre offers the network to a citizen who said yes (seed 003 §4)."""

    consent = forms.BooleanField(
        label=_("Borgeren har givet samtykke til, at vi sender en invitation til listen."),
        error_messages={"required": _("Sæt kryds, når borgeren har givet samtykke.")},
    )


class MailingForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = Mailing
        fields = ["subject", "body", "scheduled_for"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16}), "scheduled_for": DATETIME}
        help_texts = {"scheduled_for": _("Tomt: sendes, når du trykker Send.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheduled_for"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class VolunteerForm(FdsFormMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label=_("Den frivillige har givet samtykke til, at vi gemmer oplysningerne."),
        error_messages={"required": _("Sæt kryds, når den frivillige har givet samtykke.")},
    )

    class Meta:
        model = Volunteer
        fields = ["organisation", "name", "email", "phone", "activities", "started", "active"]
        widgets = {"started": DATE}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")
        if self.instance.pk:
            self.fields["consent"].required = False
            self.fields["consent"].initial = True


class ShiftForm(FdsFormMixin, forms.ModelForm):
    class Meta:
        model = VolunteerShift
        fields = ["date", "hours", "activity"]
        widgets = {"date": DATE}

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours is not None and not 0 < hours <= 24:
            raise forms.ValidationError(_("Timer skal være mellem 0 og 24."))
        return hours
