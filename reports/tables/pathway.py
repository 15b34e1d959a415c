"""Tables from the pathways of the report's programmes (seed 003, INSP! Mad): participation,
exits by outcome, composition of participants.

Every figure is a conditional count over the scope's enrolments: one SQL statement counts
everything the three tables need, for all periods, once per report build (`_counts`), and one
more sums the attendance (`_hours`). Both are hand-written SQL (FILTER (WHERE …) per period and
figure): as ORM aggregates, building and compiling some fifty filtered Counts cost more Python
time than the database spent answering them.

The drill (reports.drill) selects the rows behind a figure with `conditions()`, the same
conditions as ORM Q objects; `_count_conditions()` is their SQL form, by the same keys, and
tests/reports/test_reports_pathway_sql.py checks that every count equals the rows the drill
lists. The two milestone figures ("hygiene certificate / certificate achieved by the exit
date") are an EXISTS per row in the drill and, in the counts, the first date of each kind from
one join to the milestones grouped by enrolment: a milestone of the kind exists on or before the
exit date exactly when the earliest one of that kind is on or before it.
"""

import functools

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from agreements.aggregates import sql_row
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


def _milestone(kind: str) -> Q:
    """A milestone of `kind` achieved on or before the exit date."""
    return Q(
        Exists(
            Milestone.objects.filter(
                enrolment_id=OuterRef("pk"), kind=kind, achieved_on__lte=OuterRef("exit__exit_date")
            )
        )
    )


def conditions(period: Period) -> dict[str, Q]:
    """Enrolment-level conditions, by drill key (the rows behind each figure)."""
    s, e = period.start, period.end
    exited = Q(exit__exit_date__gte=s, exit__exit_date__lte=e)
    continues = Q(start_date__lte=e) & (Q(exit__isnull=True) | Q(exit__exit_date__gt=e))
    active = active_between(s, e)
    attended = Exists(AttendanceWeek.objects.filter(enrolment_id=OuterRef("pk"), week__gte=s, week__lte=e))
    q = {
        "participation:attendance": Q(attended),
        "participation:exits": exited,
        "participation:hygiene": exited & _milestone(MilestoneKind.HYGIENE_CERTIFICATE),
        "participation:certificate": exited & _milestone(MilestoneKind.COURSE_CERTIFICATE),
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


# The SQL form of each composition condition over the rows of `_COUNT_SQL` (`t`), by the keys
# of `_composition_groups()`; NULL (not stated) falls in "unknown", never in "other"/"no".
_COMPOSITION_SQL = {
    "ethnic:danish": "t.ethnic",
    "ethnic:other": "NOT t.ethnic",
    "ethnic:unknown": "t.ethnic IS NULL",
    "gender:male": "t.gender = %(male)s",
    "gender:female": "t.gender = %(female)s",
    "gender:other": "NOT (t.gender IN (%(male)s, %(female)s))",
    "insured:yes": "t.insured",
    "insured:no": "NOT t.insured",
    "insured:unknown": "t.insured IS NULL",
}


def _count_conditions() -> dict[str, str]:
    """`conditions()` in SQL over the rows of `_COUNT_SQL`, by the same keys (attendance aside:
    `_hours` counts it); {s} and {e} stand for the period's first and last day."""
    exited = "(t.exit_date >= {s} AND t.exit_date <= {e})"
    continues = "(t.start_date <= {e} AND (t.exit_id IS NULL OR t.exit_date > {e}))"
    active = "(t.start_date <= {e} AND (t.exit_id IS NULL OR t.exit_date >= {s}))"
    sql = {
        "participation:exits": exited,
        "participation:hygiene": f"{exited} AND t.first_hygiene_on <= t.exit_date",
        "participation:certificate": f"{exited} AND t.first_certificate_on <= t.exit_date",
        "exits:continues": continues,
        "exits:total": f"({exited} OR {continues})",
        "composition:total": active,
    }
    for outcome in EXIT_OUTCOMES:
        sql[f"exits:{outcome.value}"] = f"{exited} AND t.outcome = %(outcome_{outcome.value})s"
    for key, condition in _COMPOSITION_SQL.items():
        sql[f"composition:{key}"] = f"{active} AND {condition}"
    return sql


# One row per enrolment of the scope active in any of the periods (every counted condition
# implies that, so the prefilter only saves work), with the first date of each counted
# milestone kind from one join to the milestones grouped by enrolment.
_COUNT_SQL = """
SELECT {aggregates} FROM (
    SELECT e.id, e.citizen_id, e.start_date, x.id AS exit_id, x.exit_date, x.outcome,
        c.ethnic_danish_background AS ethnic, c.gender, c.insured,
        MIN(m.achieved_on) FILTER (WHERE m.kind = %(hygiene)s) AS first_hygiene_on,
        MIN(m.achieved_on) FILTER (WHERE m.kind = %(certificate)s) AS first_certificate_on
    FROM pathways_enrolment e
    JOIN pathways_citizen c ON c.id = e.citizen_id
    LEFT JOIN pathways_exit x ON x.enrolment_id = e.id
    LEFT JOIN pathways_milestone m ON m.enrolment_id = e.id
    WHERE {scope} AND ({overlap})
    GROUP BY e.id, x.id, c.id
) t"""

_ACTIVE_SQL = "(e.start_date <= {e} AND (x.id IS NULL OR x.exit_date >= {s}))"  # active_between


def _bounds(index: int) -> dict[str, str]:
    return {"s": f"%(s{index})s", "e": f"%(e{index})s"}


def _scope_sql(scope: Scope) -> tuple[str, str, dict]:
    """`enrolments(scope)` as (join, condition, params) over `pathways_enrolment e`: the citizen
    is joined only for a municipality, as the ORM does."""
    joins, where, params = "", ["1 = 1"], {}
    if scope.municipality_id is not None:
        joins = "JOIN pathways_citizen c ON c.id = e.citizen_id"
        where.append("c.municipality_id = %(municipality)s")
        params["municipality"] = scope.municipality_id
    if scope.programme_ids is not None:  # an IN list, not = ANY(array): the demo runs on SQLite
        names = [f"programme{i}" for i in range(len(scope.programme_ids))]
        where.append(f"e.programme_id IN ({', '.join(f'%({n})s' for n in names) or 'NULL'})")
        params |= dict(zip(names, scope.programme_ids, strict=True))
    return joins, " AND ".join(where), params


def _period_params(periods: list[Period]) -> dict:
    params = {}
    for index, period in enumerate(periods):
        params[f"s{index}"], params[f"e{index}"] = period.start, period.end
    return params


def _counts(scope: Scope, periods: list[Period]) -> list[dict[str, int]]:
    """Every enrolment count of the three tables (participation, exits, composition), for all
    periods, in one statement, computed once per report build (`Scope.memo`). Composition
    counts citizens, each once; the rest count enrolments."""
    memo_key = ("pathway.counts", tuple((p.start, p.end) for p in periods))
    if memo_key not in scope.memo:
        scope.memo[memo_key] = _count_query(scope, periods)
    return scope.memo[memo_key]


@functools.cache
def _count_statement(n_periods: int) -> tuple[str, list[str]]:
    """The statement's text with {scope} left to fill, and the count keys (one set per period)."""
    sql = _count_conditions()
    aggregates = []
    for index in range(n_periods):
        for key, condition in sql.items():
            counted = "DISTINCT t.citizen_id" if key.startswith("composition:") else "*"
            where = condition.format(**_bounds(index))
            aggregates.append(f"COUNT({counted}) FILTER (WHERE {where}) AS n{len(aggregates)}")
    overlap = " OR ".join(_ACTIVE_SQL.format(**_bounds(i)) for i in range(n_periods))
    text = _COUNT_SQL.replace("{aggregates}", ",\n    ".join(aggregates)).replace("{overlap}", overlap)
    return text, list(sql)


def _count_query(scope: Scope, periods: list[Period]) -> list[dict[str, int]]:
    text, keys = _count_statement(len(periods))
    _joins, where, params = _scope_sql(scope)  # the count query always joins the citizen
    params |= _period_params(periods) | {
        "hygiene": MilestoneKind.HYGIENE_CERTIFICATE.value,
        "certificate": MilestoneKind.COURSE_CERTIFICATE.value,
        "male": Gender.MALE.value,
        "female": Gender.FEMALE.value,
    }
    params |= {f"outcome_{o.value}": o.value for o in EXIT_OUTCOMES}
    values = list(sql_row(Enrolment, text.replace("{scope}", where), params).values())
    n = len(keys)
    return [dict(zip(keys, values[i * n : (i + 1) * n], strict=True)) for i in range(len(periods))]


def _hours(scope: Scope, periods: list[Period]) -> list[dict]:
    """Attended and absent hours and participants with attendance, per period, in one statement."""
    aggregates, weeks = [], []
    for index in range(len(periods)):
        in_period = "(a.week >= {s} AND a.week <= {e})".format(**_bounds(index))
        weeks.append(in_period)
        aggregates += [
            f"SUM(a.attended_hours) FILTER (WHERE {in_period}) AS p{index}_attended",
            f"SUM(a.excused_hours) FILTER (WHERE {in_period}) AS p{index}_excused",
            f"SUM(a.unexcused_hours) FILTER (WHERE {in_period}) AS p{index}_unexcused",
            f"COUNT(DISTINCT a.enrolment_id) FILTER (WHERE {in_period}) AS p{index}_persons",
        ]
    joins, where, params = _scope_sql(scope)
    scoped = ""
    if scope.municipality_id is not None or scope.programme_ids is not None:  # national: no semi-join
        scoped = f"AND a.enrolment_id IN (SELECT e.id FROM pathways_enrolment e {joins} WHERE {where})"  # noqa: S608
    text = f"""SELECT {", ".join(aggregates)} FROM pathways_attendanceweek a
        WHERE ({" OR ".join(weeks)}) {scoped}"""  # noqa: S608 (fixed identifiers; values are parameters)
    row = sql_row(AttendanceWeek, text, params | _period_params(periods))
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
