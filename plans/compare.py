"""The comparison of two strategy versions: vision, preconditions, goals (with indicator,
baseline, target, date) and initiatives (owner, dates, status), as readable differences."""

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from . import rules
from .models import StrategyVersion
from .selectors import version_goals


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "year"):
        return date_format(value, "d-m-Y")
    if hasattr(value, "quantize"):
        return number_format(value.normalize(), force_grouping=True)
    return str(value)


def _goals(version: StrategyVersion) -> tuple[dict, dict]:
    goals, initiatives = {}, {}
    for goal in version_goals(version):
        goals[goal.title] = {
            _("Beskrivelse"): _text(goal.description),
            _("Indikator"): goal.indicator_label or _text(goal.get_indicator_display()),
            _("Udgangspunkt"): _text(goal.baseline),
            _("Mål"): _text(goal.target),
            _("Måldato"): _text(goal.target_date),
        }
        for item in goal.initiatives.all():
            owner = item.owner_organisation or item.owner_user
            initiatives[item.title] = {
                _("Under målet"): goal.title,
                _("Ansvarlig"): _text(owner),
                _("Start"): _text(item.start),
                _("Frist"): _text(item.deadline),
                _("Status"): _text(item.get_status_display()),
            }
    return goals, initiatives


def compare_versions(old: StrategyVersion, new: StrategyVersion) -> dict:
    old_goals, old_items = _goals(old)
    new_goals, new_items = _goals(new)
    old_pre = {p.text: {} for p in old.preconditions.all()}
    new_pre = {p.text: {} for p in new.preconditions.all()}
    return {
        "vision_changed": old.vision != new.vision,
        "goals": rules.compare(old_goals, new_goals),
        "initiatives": rules.compare(old_items, new_items),
        "preconditions": rules.compare(old_pre, new_pre),
    }
