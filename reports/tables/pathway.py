"""Tables from the pathways of the report's programmes (seed 003, INSP! Mad): participation,
exits by outcome, composition of participants.

Every figure is a conditional Count over the scope's enrolments: one query counts everything the
three tables need, for all periods, once per report build (`_counts`), and one more sums the
attendance. The conditions live in `conditions()`, which reports.drill uses too, so the rows
behind a figure are exactly the rows it counts.

The two milestone figures ("hygiene certificate / certificate achieved by the exit date") have
two equivalent forms: for the drill an EXISTS per row (`conditions(period)`), and for the counts
the first date of each kind from one join to the milestones grouped by enrolment
(`conditions(period, grouped=True)` over `with_first_milestones`). The correlated EXISTS form
ran once per kind and period (four subqueries per participation query); the grouped join reads
the milestones once. A milestone of the kind exists on or before the exit date exactly when the
earliest one of that kind is on or before it, so both forms select the same enrolments
(tests/reports/test_reports_milestone_join.py checks the counts against the drill's rows).
"""

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from pathways.models import (
    AttendanceWeek,
    Enrolment,
    ExitOutcome,
    Gender,
    Milestone,
    MilestoneKind,
    active_between,
)

from ..periods import Period
from .base import Cell, Row, Scope, Table, count_and_percent_columns, percent

EXIT_OUTCOMES = [o for o in ExitOutcome if o != ExitOutcome.CONTINUES]


def enrolments(scope: Scope) -> QuerySet[Enrolment]:
    qs = Enrolment.objects.all()
    if scope.municipality_id is not None:
        qs = qs.filter(citizen__municipality_id=scope.municipality_id)
    if scope.programme_ids is not None:
        qs = qs.filter(programme_id__in=scope.programme_ids)
    return qs


# The milestone kinds the participation table counts, by the annotation holding the first date.
FIRST_MILESTONES = {
    "first_hygiene_on": MilestoneKind.HYGIENE_CERTIFICATE,
    "first_certificate_on": MilestoneKind.COURSE_CERTIFICATE,
}


def with_first_milestones(qs: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Each enrolment with the date of its first milestone of each counted kind (NULL: none),
    from one LEFT JOIN to the milestones grouped by enrolment."""
    return qs.annotate(
        **{
            name: Min("milestones__achieved_on", filter=Q(milestones__kind=kind))
            for name, kind in FIRST_MILESTONES.items()
        }
    )


def _milestone(kind: str, *, grouped: bool) -> Q:
    """A milestone of `kind` achieved on or before the exit date."""
    if grouped:
        name = next(n for n, k in FIRST_MILESTONES.items() if k == kind)
        return Q(**{f"{name}__lte": F("exit__exit_date")})
    return Q(
        Exists(
            Milestone.objects.filter(
                enrolment_id=OuterRef("pk"), kind=kind, achieved_on__lte=OuterRef("exit__exit_date")
            )
        )
    )


def conditions(period: Period, *, grouped: bool = False) -> dict[str, Q]:
    """Enrolment-level conditions, by drill key. `grouped`: the milestone conditions read the
    annotations of `with_first_milestones` (for the counts) instead of an EXISTS per row."""
    s, e = period.start, period.end
    exited = Q(exit__exit_date__gte=s, exit__exit_date__lte=e)
    continues = Q(start_date__lte=e) & (Q(exit__isnull=True) | Q(exit__exit_date__gt=e))
    active = active_between(s, e)
    attended = Exists(AttendanceWeek.objects.filter(enrolment_id=OuterRef("pk"), week__gte=s, week__lte=e))
    q = {
        "participation:attendance": Q(attended),
        "participation:exits": exited,
        "participation:hygiene": exited & _milestone(MilestoneKind.HYGIENE_CERTIFICATE, grouped=grouped),
        "participation:certificate": exited & _milestone(MilestoneKind.COURSE_CERTIFICATE, grouped=grouped),
        "exits:continues": continues,
        "exits:total": exited | continues,
        "composition:total": active,
    }
    for outcome in EXIT_OUTCOMES:
        q[f"exits:{outcome.value}"] = exited & Q(exit__outcome=outcome.value)
    for key, cond in _composition_groups():
        for value_key, _label, value_q in cond:
            q[f"composition:{key}:{value_key}"] = active & value_q
    return q


def _composition_groups():
    return [
        (
            "ethnic",
            [
                ("danish", _("Etnisk dansk baggrund"), Q(citizen__ethnic_danish_background=True)),
                ("other", _("Ikke-etnisk dansk baggrund"), Q(citizen__ethnic_danish_background=False)),
                ("unknown", _("Baggrund ikke oplyst"), Q(citizen__ethnic_danish_background__isnull=True)),
            ],
        ),
        (
            "gender",
            [
                ("male", _("Mænd"), Q(citizen__gender=Gender.MALE)),
                ("female", _("Kvinder"), Q(citizen__gender=Gender.FEMALE)),
                (
                    "other",
                    _("Køn andet eller ikke oplyst"),
                    ~Q(citizen__gender__in=[Gender.MALE, Gender.FEMALE]),
                ),
            ],
        ),
        (
            "insured",
            [
                ("yes", _("Forsikrede ledige"), Q(citizen__insured=True)),
                ("no", _("Ikke-forsikrede ledige"), Q(citizen__insured=False)),
                ("unknown", _("Forsikring ikke oplyst"), Q(citizen__insured__isnull=True)),
            ],
        ),
    ]


def _counts(scope: Scope, periods: list[Period]) -> list[dict[str, int]]:
    """Every enrolment count of the three tables (participation, exits, composition), for all
    periods, in one query, computed once per report build (`Scope.memo`): one pass over the
    scope's enrolments active in any of the periods (every condition counted here implies that,
    so the prefilter only saves work), with the grouped milestone join (the counts then run
    over its one row per enrolment). Composition counts citizens, each once; the rest count
    enrolments."""
    memo_key = ("pathway.counts", tuple((p.start, p.end) for p in periods))
    if memo_key not in scope.memo:
        scope.memo[memo_key] = _count_query(scope, periods)
    return scope.memo[memo_key]


def _count_query(scope: Scope, periods: list[Period]) -> list[dict[str, int]]:
    aggregates, overlap, keys = {}, Q(), []
    for index, period in enumerate(periods):
        cond = conditions(period, grouped=True)
        overlap |= active_between(period.start, period.end)
        keys = [key for key in cond if key != "participation:attendance"]  # attendance: `_hours`
        for key in keys:
            citizens = key.startswith("composition:")
            aggregates[f"p{index}_{key}"] = Count(
                "citizen_id" if citizens else "pk", filter=cond[key], distinct=citizens
            )
    row = with_first_milestones(enrolments(scope).filter(overlap)).aggregate(**aggregates)
    return [{key: row[f"p{index}_{key}"] for key in keys} for index in range(len(periods))]


def _hours(scope: Scope, periods: list[Period]) -> list[dict]:
    """Attended and absent hours and participants with attendance, per period, in one query."""
    aggregates, weeks = {}, Q()
    for index, period in enumerate(periods):
        in_period = Q(week__gte=period.start, week__lte=period.end)
        weeks |= in_period
        aggregates[f"p{index}_attended"] = Sum("attended_hours", filter=in_period)
        aggregates[f"p{index}_excused"] = Sum("excused_hours", filter=in_period)
        aggregates[f"p{index}_unexcused"] = Sum("unexcused_hours", filter=in_period)
        aggregates[f"p{index}_persons"] = Count("enrolment_id", filter=in_period, distinct=True)
    qs = AttendanceWeek.objects.filter(weeks)
    if scope.municipality_id is not None or scope.programme_ids is not None:
        qs = qs.filter(enrolment__in=enrolments(scope))  # the national aggregate needs no semi-join
    row = qs.aggregate(**aggregates)
    return [
        {
            "attended": row[f"p{i}_attended"] or 0,
            "absent": (row[f"p{i}_excused"] or 0) + (row[f"p{i}_unexcused"] or 0),
            "persons": row[f"p{i}_persons"],
        }
        for i in range(len(periods))
    ]


# --- Participation -------------------------------------------------------------------------


def participation(scope: Scope, periods: list[Period]) -> Table:
    columns = count_and_percent_columns(periods, _("antal"), _("pct."))
    keys = ["attendance", "hygiene", "certificate", "exits"]
    rows = {
        "attendance": Row("attendance", _("Fremmøde"), []),
        "hygiene": Row("hygiene", _("Bestået hygiejnekursus"), []),
        "certificate": Row("certificate", _("Afsluttet forløb med bevis"), []),
        "exits": Row("exits", _("Afsluttede i perioden"), [], total=True),
    }
    all_counts = [dict(counts) for counts in _counts(scope, periods)]  # attendance is added below
    all_hours = _hours(scope, periods)
    for index, (counts, hours) in enumerate(zip(all_counts, all_hours, strict=True)):
        counts["participation:attendance"] = hours["persons"]
        attended, absent = hours["attended"], hours["absent"]
        count_col = 2 * index
        exits = counts["participation:exits"]
        for key in keys:
            n = counts[f"participation:{key}"]
            drill = f"participation:{key}"
            if key == "attendance":
                rate = percent(attended, attended + absent)
                pct = Cell(rate, depends=(("attendance", count_col),))
            elif key == "exits":
                pct = Cell(None)
            else:
                pct = Cell(percent(n, exits), depends=((key, count_col), ("exits", count_col)))
            rows[key].cells += [Cell(n, drill=drill), pct]
    return Table(
        key="participation",
        title=_("Deltagelsesstatistik"),
        periods=periods,
        columns=columns,
        rows=list(rows.values()),
        notes=[
            _(
                "Fremmøde: fremmødte timer ÷ (fremmødte timer + lovligt og ulovligt fravær) i uger, hvis "
                "mandag ligger i perioden. Antal: deltagere med registreret fremmøde."
            ),
            _(
                "Bestået hygiejnekursus og afsluttet forløb med bevis: andel af de deltagere, der er "
                "afsluttet i perioden, som har opnået beviset senest på afslutningsdagen."
            ),
        ],
    )


def _count_and_percent_cells(rows: dict[str, Row], all_counts: list[dict], measure: str) -> None:
    """Per period, each row's count (drilling down to its rows) and its share of the total row;
    the share depends on both counts, so suppression can hide it with them."""
    for index, counts in enumerate(all_counts):
        total, count_col = counts[f"{measure}:total"], 2 * index
        for key, row in rows.items():
            n = counts[f"{measure}:{key}"]
            row.cells += [
                Cell(n, drill=f"{measure}:{key}"),
                Cell(percent(n, total), depends=((key, count_col), ("total", count_col))),
            ]


# --- Exits by outcome ---------------------------------------------------------------------


def exits(scope: Scope, periods: list[Period]) -> Table:
    columns = count_and_percent_columns(periods, _("antal"), _("pct."))
    row_keys = ["continues"] + [o.value for o in EXIT_OUTCOMES]
    labels = {"continues": ExitOutcome.CONTINUES.label} | {o.value: o.label for o in EXIT_OUTCOMES}
    rows = {k: Row(k, str(labels[k]), []) for k in row_keys}
    rows["total"] = Row("total", _("Deltagere i perioden i alt"), [], total=True)
    _count_and_percent_cells(rows, _counts(scope, periods), "exits")
    return Table(
        key="exits",
        title=_("Afslutningsstatistik"),
        periods=periods,
        columns=columns,
        rows=list(rows.values()),
        groups=[(row_keys, "total")],
        notes=[
            _(
                "Deltagere i perioden: forløb, der er afsluttet i perioden, og forløb, der er i gang ved "
                "periodens udgang (fortsætter næste periode). Procent af deltagerne i perioden."
            ),
            _("Afslutningsårsagen er den, der er registreret ved afslutningen af forløbet."),
        ],
    )


# --- Composition --------------------------------------------------------------------------


def composition(scope: Scope, periods: list[Period]) -> Table:
    columns = count_and_percent_columns(periods, _("antal"), _("pct."))
    groups = _composition_groups()
    rows: dict[str, Row] = {}
    row_groups = []
    for key, values in groups:
        members = []
        for value_key, label, _q in values:
            rows[f"{key}:{value_key}"] = Row(f"{key}:{value_key}", str(label), [])
            members.append(f"{key}:{value_key}")
        row_groups.append((members, "total"))
    rows["total"] = Row("total", _("Deltagere i perioden i alt"), [], total=True)
    _count_and_percent_cells(rows, _counts(scope, periods), "composition")
    return Table(
        key="composition",
        title=_("Deltagersammensætning"),
        periods=periods,
        columns=columns,
        rows=list(rows.values()),
        groups=row_groups,
        notes=[
            _(
                "Deltagere, hvis forløb var i gang på et tidspunkt i perioden (startet senest ved "
                "periodens udgang og ikke afsluttet før periodens start); hver borger tælles én gang."
            )
        ],
    )
