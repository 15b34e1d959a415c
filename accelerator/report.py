"""The cohort report (funnel, attendance, social models ready, growth) as one dict that the
page, the PDF and the Excel export share, and the Excel workbook. A constant number of
queries whatever the number of companies."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import Workbook

from . import selectors
from . import selectors_growth as growth
from . import selectors_recruitment as recruitment
from .models import AcceleratorCohort


def cohort_report(cohort: AcceleratorCohort) -> dict:
    participants = selectors.participants_of(cohort)
    camps = list(selectors.camps_of(cohort))
    summaries = growth.cohort_growth(participants, cohort)
    funnels = [(campaign, *recruitment.funnel(campaign)) for campaign in cohort.campaigns.all()]
    places = len(participants) * len(camps)
    return {
        "cohort": cohort,
        "generated_on": timezone.localdate(),
        "participants": participants,
        "camps": camps,
        "camp_attendance": sum(c.n_present for c in camps) / places if places else None,
        "sessions_held": sum(p.sessions_held for p in participants),
        "sessions_missed": sum(p.sessions_missed for p in participants),
        "models_ready": sum(1 for p in participants if p.readiness.complete),
        "funnels": funnels,
        "summaries": summaries,
        "totals": growth.cohort_totals(summaries),
        "cohort_growth": growth.cohort_turnover_growth(summaries),
        "baseline_year": growth.baseline_year(cohort),
        "chart": [(str(t.year), int(t.turnover)) for t in growth.cohort_totals(summaries)],
    }


def fill_workbook(book: Workbook, report: dict) -> None:
    """Sheet 1: the companies with their growth figures; sheet 2: every company's year rows."""
    by_participant = {s.participant.pk: s for s in report["summaries"]}
    headers = [
        _("Virksomhed"), _("CVR-nummer"), _("Social model klar"), _("Camps deltaget"), _("Sparring gennemført"),
        _("Omsætning i basisår"), _("Seneste omsætning"), _("Vækst i omsætning"), _("Ansatte i basisår"),
        _("Seneste ansatte"), _("Særlige vilkår i basisår"), _("Seneste særlige vilkår"), _("Borgere ansat"),
    ]  # fmt: skip
    rows = []
    for p in report["participants"]:
        s = by_participant[p.pk]
        base, last = s.baseline, s.latest
        rows.append([
            p.organisation.name, p.organisation.cvr, p.readiness.complete, p.camps_attended, p.sessions_held,
            base.turnover if base else None, last.turnover if last else None, s.turnover_growth,
            base.employees if base else None, last.employees if last else None,
            base.special if base else None, last.special if last else None, s.citizens_hired,
        ])  # fmt: skip
    book.sheet(_("Virksomheder")).table(
        headers, rows, formats={5: "kroner", 6: "kroner", 7: "percent"}, text_columns={1}
    )
    year_rows = [
        [s.participant.organisation.name, y.year, y.turnover, y.employees, y.special, y.citizens_hired]
        for s in report["summaries"]
        for y in s.years
    ]
    book.sheet(_("Pr. år")).table(
        [_("Virksomhed"), _("År"), _("Omsætning"), _("Ansatte"), _("På særlige vilkår"), _("Borgere ansat")],
        year_rows,
        formats={2: "kroner"},
    )
