"""The registration lists a provider keeps per service: which model, form and columns each
page shows. One generic list/edit view serves them all (agreements.views)."""

from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from . import forms
from .models import (
    Activity,
    CompanyVisit,
    Counselling,
    NetworkMeeting,
    NetworkMembership,
    NetworkOutcome,
    UserGroup,
    VolunteerTally,
    YouthUser,
)


@dataclass(frozen=True)
class Register:
    model: type
    form: type
    title: str
    columns: tuple[str, ...]
    ordering: tuple[str, ...] = ("-date", "-pk")
    by_public_id: bool = False

    def key(self, obj):
        return obj.public_id if self.by_public_id else obj.pk

    def headers(self) -> list[str]:
        return [self.model._meta.get_field(c).verbose_name for c in self.columns]


REGISTERS: dict[str, Register] = {
    "aktiviteter": Register(Activity, forms.ActivityForm, _("Aktiviteter"), ("date", "name", "user_groups", "participants")),
    "frivillige": Register(
        VolunteerTally, forms.VolunteerForm, _("Frivillige"), ("period_start", "period_end", "volunteers", "hours"),
        ordering=("-period_start",),
    ),
    "medlemmer": Register(
        NetworkMembership, forms.MembershipForm, _("Medlemmer"),
        ("period_start", "period_end", "on_mailing_list", "active", "took_part", "new_members"),
        ordering=("-period_start",),
    ),
    "moeder": Register(NetworkMeeting, forms.MeetingForm, _("Netværksmøder"), ("date", "activity", "attendance", "note")),
    "virksomhedsbesoeg": Register(
        CompanyVisit, forms.CompanyVisitForm, _("Virksomhedsbesøg"), ("date", "company_name", "local", "participants")
    ),
    "samtaler": Register(Counselling, forms.CounsellingForm, _("Samtaler"), ("date", "member_label", "conversations")),
    "resultater": Register(
        NetworkOutcome, forms.OutcomeForm, _("Medlemmernes resultater"), ("date", "outcome", "direct", "member_label")
    ),
    "unge": Register(
        YouthUser, forms.YouthUserForm, _("Unge brugere"),
        ("label", "registered", "left", "referral", "income", "home_support"),
        ordering=("label", "pk"), by_public_id=True,
    ),
}  # fmt: skip

_GROUP_LABELS = dict(UserGroup.choices)


def _cell(obj, column: str) -> str:
    value = getattr(obj, column)
    if column == "user_groups":
        return ", ".join(str(_GROUP_LABELS.get(g, g)) for g in value) or "–"
    if obj._meta.get_field(column).choices:
        return getattr(obj, f"get_{column}_display")()
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    if value is None or value == "":
        return "–"
    if hasattr(value, "isoformat"):
        return date_format(value, "d-m-Y")
    if not isinstance(value, str):
        return number_format(value)
    return value


def rows_for(spec: Register, objects) -> list[tuple[object, list[str]]]:
    """(key, cells) per row: local fields only, so no query per row."""
    return [(spec.key(o), [_cell(o, c) for c in spec.columns]) for o in objects]
