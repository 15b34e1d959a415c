"""The project budget as a workbook (core.exports: numbers as numbers, kroner formatted)."""

from django.utils.translation import gettext as _


def fill_budget(book, project, budget) -> None:
    headers = [
        _("Fase"), _("Aktivitet"), _("Timer"), _("Timepris"), _("Fast beløb"), _("Budget"),
        _("Forbrugte timer"), _("Forbrug"),
    ]  # fmt: skip
    rows = []
    for row in budget["phases"]:
        phase = row["phase"]
        for a in row["activities"]:
            rows.append([phase.name, a.name, a.hours, a.hourly_rate, a.fixed_amount, a.amount, a.spent_hours, a.spent])
        for c in row["other_costs"]:
            rows.append([phase.name, c.name, None, None, c.amount, c.amount, None, None])
        t = row["totals"]
        rows.append([phase.name, _("I alt (specificeret)"), t.hours, None, None, t.amount, None, row["spent"]])
        if t.stated_hours is not None or t.stated_amount is not None:
            rows.append([phase.name, _("Oplyst i alt"), t.stated_hours, None, None, t.stated_amount, None, None])
    total = budget["totals"]
    rows.append([_("Projekt i alt"), "", total.hours, None, None, total.amount, None, budget["spent"]])
    formats = {3: "kroner", 4: "kroner", 5: "kroner", 7: "kroner"}
    book.sheet(project.name[:31] or _("Budget")).table(headers, rows, formats=formats)
