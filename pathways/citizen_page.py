"""The citizen page's records through plain SQL (core.sql_models).

The page is a third of the caseworkers' and providers' requests, and building its eleven ORM
querysets cost more Python than everything else on it (issue 18, docs/performance.md). Each
loader returns what the queryset it replaced returned: the same rows in the same order, with the
same related objects attached (tests/pathways/test_citizen_page_loads.py holds each to the ORM's
answer). Who sees which rows is pathways.access's decision (`pa.providers_only`); the lists of
an enrolment are plain attributes (`checkpoint_rows`, `pause_rows`, `goal_rows`, `report_rows`,
`milestone_rows`, `exit_row`, `followup_rows`) read by the page's templates only.
"""

import uuid
from collections import defaultdict

from django.db import connection

from accounts.access import Access
from accounts.models import User
from accounts.roles import Perm
from core.sql_models import columns, fetch, instances, placeholders
from registry.models import Organisation
from tenants.models import Municipality

from . import access as pa
from .models import (
    Checkpoint,
    CheckpointDue,
    Citizen,
    CitizenStatus,
    CodeList,
    Enrolment,
    Exit,
    FollowUp,
    Goal,
    Milestone,
    Pause,
    Programme,
    Referral,
    StatusReport,
    Team,
)

# A programme's provider shows only its name on the page.
PROVIDER_FIELDS = ("id", "name")
PROVIDER = (Organisation, PROVIDER_FIELDS)
# The reports' texts are read on the audited report page, never here.
REPORT_FIELDS = tuple(
    f.name for f in StatusReport._meta.concrete_fields if f.name not in {"body", "next_goal", "recommendation"}
)
REPORT = (StatusReport, REPORT_FIELDS)


# The statements, written once from the models' columns (core.sql_models.columns); {…} are the
# IN lists (core.sql_models.placeholders), filled per call. A citizen is seen municipality-wide or
# through a sent or accepted referral to a programme of the user's organisations
# (pa.citizens_visible_to); their referrals and enrolments all, or only those (pa.providers_only).
CITIZEN = (
    f"SELECT {columns(Citizen, 'c')}, {columns(Municipality, 'm')}, {columns(User, 'u')} FROM pathways_citizen c"  # noqa: S608 (model columns)
    " JOIN tenants_municipality m ON m.id = c.municipality_id LEFT JOIN accounts_user u ON u.id = c.caseworker_id"
    " WHERE c.public_id = %s AND (c.municipality_id IN ({municipalities}) OR EXISTS ("
    " SELECT 1 FROM pathways_referral r JOIN pathways_programme p ON p.id = r.programme_id"
    " WHERE r.citizen_id = c.id AND p.provider_id IN ({providers}) AND r.status IN ({statuses})))"
)
STATUSES = (
    f"SELECT {columns(CitizenStatus, 's')}, {columns(CodeList, 'b')}, {columns(CodeList, 'g')},"  # noqa: S608
    f" {columns(CodeList, 'r')} FROM pathways_citizenstatus s"
    " LEFT JOIN pathways_codelist b ON b.id = s.benefit_id"
    " LEFT JOIN pathways_codelist g ON g.id = s.target_group_id"
    " LEFT JOIN pathways_codelist r ON r.id = s.readiness_id"
    " WHERE s.citizen_id = %s ORDER BY s.valid_from DESC, s.id DESC"
)
REFERRALS = (
    f"SELECT {columns(Referral, 'r')}, {columns(Programme, 'p')}, {columns(Organisation, 'o', PROVIDER_FIELDS)},"  # noqa: S608
    f" {columns(Team, 't')} FROM pathways_referral r JOIN pathways_programme p ON p.id = r.programme_id"
    " JOIN registry_organisation o ON o.id = p.provider_id LEFT JOIN pathways_team t ON t.id = r.team_id"
    " WHERE r.citizen_id = %s{restriction} ORDER BY r.created_at DESC, r.id DESC"
)
ENROLMENTS = (
    f"SELECT {columns(Enrolment, 'e')}, {columns(Programme, 'p')}, {columns(Organisation, 'o', PROVIDER_FIELDS)},"  # noqa: S608
    f" {columns(Team, 't')} FROM pathways_enrolment e JOIN pathways_programme p ON p.id = e.programme_id"
    " JOIN registry_organisation o ON o.id = p.provider_id JOIN pathways_team t ON t.id = e.team_id"
    " WHERE e.citizen_id = %s{restriction} ORDER BY e.start_date DESC, e.id DESC"
)
# The records of a list of enrolments ({ids}), in the order the page shows them.
DUE_DATES = (
    f"SELECT {columns(CheckpointDue, 'd')}, {columns(Checkpoint, 'c')} FROM pathways_checkpointdue d"  # noqa: S608
    " JOIN pathways_checkpoint c ON c.id = d.checkpoint_id WHERE d.enrolment_id IN ({ids}) ORDER BY c.due_week, d.id"
)
PAUSES = f"SELECT {columns(Pause, 'x')} FROM pathways_pause x WHERE x.enrolment_id IN ({{ids}}) ORDER BY x.start"  # noqa: S608
GOALS = f"SELECT {columns(Goal, 'x')} FROM pathways_goal x WHERE x.enrolment_id IN ({{ids}}) ORDER BY x.agreed_on, x.id"  # noqa: S608
REPORTS = (
    f"SELECT {columns(StatusReport, 'x', REPORT_FIELDS)}, {columns(User, 'w')}, {columns(User, 'a')},"  # noqa: S608
    f" {columns(CheckpointDue, 'd')}, {columns(Checkpoint, 'c')} FROM pathways_statusreport x"
    " LEFT JOIN accounts_user w ON w.id = x.written_by_id LEFT JOIN accounts_user a ON a.id = x.acknowledged_by_id"
    " LEFT JOIN pathways_checkpointdue d ON d.id = x.checkpoint_due_id"
    " LEFT JOIN pathways_checkpoint c ON c.id = d.checkpoint_id"
    " WHERE x.enrolment_id IN ({ids}) ORDER BY x.submitted_at, x.id"
)
MILESTONES = (
    f"SELECT {columns(Milestone, 'x')} FROM pathways_milestone x"  # noqa: S608
    " WHERE x.enrolment_id IN ({ids}) ORDER BY x.achieved_on, x.id"
)
EXITS = f"SELECT {columns(Exit, 'x')} FROM pathways_exit x WHERE x.enrolment_id IN ({{ids}})"  # noqa: S608
FOLLOWUPS = f"SELECT {columns(FollowUp, 'f')} FROM pathways_followup f WHERE f.exit_id IN ({{ids}}) ORDER BY f.weeks"  # noqa: S608


def citizen(access: Access, public_id) -> Citizen | None:
    """The citizen with its municipality and caseworker if the user sees them
    (pa.citizens_visible_to), else None (also for an id that is not a UUID)."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None
    municipalities = list(access.municipalities_with(Perm.CITIZEN_VIEW))
    providers = sorted(pa.organisations_with(access, Perm.PATHWAY_RUN))
    statuses = list(pa.PROVIDER_VISIBLE)
    sql = CITIZEN.format(
        municipalities=placeholders(municipalities), providers=placeholders(providers), statuses=placeholders(statuses)
    )
    key = Citizen._meta.get_field("public_id").get_db_prep_value(public_id, connection)  # a UUID, or hex on SQLite
    rows = fetch(sql, [key, *municipalities, *providers, *statuses])
    if not rows:
        return None
    found, found.municipality, found.caseworker = instances(rows[0], Citizen, Municipality, User)
    return found


def statuses(citizen: Citizen) -> list[CitizenStatus]:
    """The citizen's status history, latest first, with its three code list entries."""
    found = []
    for row in fetch(STATUSES, [citizen.pk]):
        status, status.benefit, status.target_group, status.readiness = instances(
            row, CitizenStatus, CodeList, CodeList, CodeList
        )
        found.append(status)
    return found


def _restricted(sql: str, access: Access, citizen: Citizen, model, alias: str) -> tuple[str, list]:
    """The statement and parameters for the citizen's rows of `model` the user sees."""
    restriction = pa.providers_only(access, citizen, model)
    if restriction is None:
        return sql.format(restriction=""), [citizen.pk]
    providers, statuses = sorted(restriction.providers), list(restriction.statuses)
    condition = f" AND p.provider_id IN ({placeholders(providers)})"
    if statuses:
        condition += f" AND {alias}.status IN ({placeholders(statuses)})"
    return sql.format(restriction=condition), [citizen.pk, *providers, *statuses]


def referrals(access: Access, citizen: Citizen) -> list[Referral]:
    """The citizen's referrals the user sees (pa.providers_only), newest first, with programme,
    provider and team."""
    found = []
    for row in fetch(*_restricted(REFERRALS, access, citizen, Referral, "r")):
        referral, programme, programme.provider, referral.team = instances(row, Referral, Programme, PROVIDER, Team)
        referral.programme = programme
        found.append(referral)
    return found


def enrolments(access: Access, citizen: Citizen) -> list[Enrolment]:
    """The citizen's enrolments the user sees (pa.providers_only), latest start first, with
    programme, provider, team, the due dates (`checkpoint_rows`, by week) and the pauses
    (`pause_rows`, by start)."""
    found = []
    for row in fetch(*_restricted(ENROLMENTS, access, citizen, Enrolment, "e")):
        enrolment, programme, programme.provider, enrolment.team = instances(row, Enrolment, Programme, PROVIDER, Team)
        enrolment.programme, enrolment.citizen = programme, citizen
        found.append(enrolment)
    ids = [e.pk for e in found]
    due = _by_enrolment(DUE_DATES, ids, lambda row: _attach(instances(row, CheckpointDue, Checkpoint), "checkpoint"))
    pauses = _by_enrolment(PAUSES, ids, lambda row: instances(row, Pause)[0])
    for e in found:
        e.checkpoint_rows, e.pause_rows = due[e.pk], pauses[e.pk]
    return found


def running_records(enrolments: list[Enrolment], with_followups: set[int]) -> None:
    """Goals, status reports (with author, acknowledger and the due date answered), milestones
    and the exit of each enrolment, and the exit's follow-ups for the enrolments in
    `with_followups` (those the user may see them for): `goal_rows`, `report_rows`,
    `milestone_rows`, `exit_row` (None before the exit) and `followup_rows`."""
    ids = [e.pk for e in enrolments]
    goals = _by_enrolment(GOALS, ids, lambda row: instances(row, Goal)[0])
    reports = _by_enrolment(REPORTS, ids, _report)
    milestones = _by_enrolment(MILESTONES, ids, lambda row: instances(row, Milestone)[0])
    exits = _by_enrolment(EXITS, ids, lambda row: instances(row, Exit)[0])
    exit_ids = [rows[0].pk for enrolment_id, rows in exits.items() if enrolment_id in with_followups]
    followups: dict = defaultdict(list)
    if exit_ids:
        for row in fetch(FOLLOWUPS.format(ids=placeholders(exit_ids)), exit_ids):
            followup = instances(row, FollowUp)[0]
            followups[followup.exit_id].append(followup)
    for e in enrolments:
        e.goal_rows, e.report_rows, e.milestone_rows = goals[e.pk], reports[e.pk], milestones[e.pk]
        e.exit_row = exits[e.pk][0] if exits[e.pk] else None
        e.followup_rows = followups[e.exit_row.pk] if e.exit_row and e.pk in with_followups else []


def _report(row) -> StatusReport:
    report, report.written_by, report.acknowledged_by, due, checkpoint = instances(
        row, REPORT, User, User, CheckpointDue, Checkpoint
    )
    if due is not None:
        due.checkpoint = checkpoint
    report.checkpoint_due = due
    return report


def _attach(found: list, name: str):
    """The first instance, with the second as its related object `name`."""
    setattr(found[0], name, found[1])
    return found[0]


def _by_enrolment(sql: str, ids: list[int], build) -> dict[int, list]:
    """`build(row)` of every row of `sql` for the enrolments `ids`, grouped by enrolment_id, in
    the statement's order."""
    grouped: dict[int, list] = defaultdict(list)
    if ids:
        for row in fetch(sql.format(ids=placeholders(ids)), ids):
            item = build(row)
            grouped[item.enrolment_id].append(item)
    return grouped
