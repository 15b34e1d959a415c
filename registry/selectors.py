"""Reads of the registry, always scoped by what the user may see (registry.access)."""

from decimal import Decimal

from django.db import connections
from django.db.models import F, Q, QuerySet

from accounts.access import Access
from accounts.roles import Perm
from core.sql_models import columns, each, read_alias

from .access import organisations_visible_to, relations_visible_to
from .models import Contact, CriterionAssessment, Organisation, Staffing, Tag, TargetGroup
from .rules import RESERVED_CONTRACT_SHARE

SORTABLE = {
    "name": "name",
    "kind": "kind",
    "municipality": "municipality__name",
    "rsv": "rsv_status",
    "criteria": "criteria_met",
    "share": "special_share",
    "employees": "employees_total",
    "updated": "updated_at",
}


def organisation_search(access: Access, params: dict, perm: Perm = Perm.REGISTRY_VIEW) -> QuerySet[Organisation]:
    """Apply validated filter parameters (see registry.forms.OrganisationFilterForm)."""
    qs = organisations_visible_to(access, perm).select_related("municipality")
    text = (params.get("q") or "").strip()
    if text:
        digits = text.replace(" ", "")
        condition = Q(name__icontains=text) | Q(city__icontains=text) | Q(purpose__icontains=text)
        if digits.isdigit():
            condition |= Q(cvr__startswith=digits) | Q(p_number=digits)
        qs = qs.filter(condition)
    for field in ("kind", "sector", "rsv_status"):
        if params.get(field):
            qs = qs.filter(**{field: params[field]})
    if params.get("municipality"):
        qs = qs.filter(municipality=params["municipality"])
    if params.get("target_group"):
        qs = qs.filter(target_groups=params["target_group"])
    if params.get("tag"):
        qs = qs.filter(tags__name=params["tag"])
    if params.get("criteria_min") is not None:
        qs = qs.filter(criteria_met__gte=params["criteria_min"])
    if params.get("share_min") is not None:
        qs = qs.filter(special_share__gte=Decimal(params["share_min"]) / 100)
    if params.get("reserved_eligible"):
        qs = qs.filter(special_share__gte=RESERVED_CONTRACT_SHARE)
    sort = params.get("sort") or "name"
    descending = sort.startswith("-")
    column = SORTABLE.get(sort.lstrip("-"), "name")
    order = f"-{column}" if descending else column
    if column in ("special_share", "employees_total", "criteria_met"):
        expression = F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
        return qs.order_by(expression, "name", "pk")
    return qs.order_by(order, "pk")


def _select(model, alias: str, rest: str) -> str:
    return f"SELECT {columns(model, alias)} {rest}"  # noqa: S608 - the models' own names


# The detail's lists: (context name, model, statement, whether each row points back to the
# organisation), each in its model's Meta.ordering (target groups and tags: by name).
DETAIL_LISTS = [
    ("contacts", Contact, _select(Contact, "c", "FROM registry_contact c WHERE c.organisation_id = %s ORDER BY c.name"), True),
    (
        "assessments",
        CriterionAssessment,
        _select(CriterionAssessment, "a", "FROM registry_criterionassessment a WHERE a.organisation_id = %s ORDER BY a.criterion"),
        True,
    ),
    ("staffing", Staffing, _select(Staffing, "s", "FROM registry_staffing s WHERE s.organisation_id = %s ORDER BY s.year DESC"), True),
    (
        "target_groups",
        TargetGroup,
        _select(
            TargetGroup,
            "g",
            "FROM registry_targetgroup g JOIN registry_organisation_target_groups j ON j.targetgroup_id = g.id"
            " WHERE j.organisation_id = %s ORDER BY g.name",
        ),
        False,
    ),
    (
        "tags",
        Tag,
        _select(Tag, "t", "FROM registry_tag t JOIN registry_organisation_tags j ON j.tag_id = t.id WHERE j.organisation_id = %s ORDER BY t.name"),
        False,
    ),
]


def _list_rows(connection, organisation_id: int) -> list[list[tuple]]:
    """The rows of each of DETAIL_LISTS' statements, one execute() each: with parameters bound
    on the server (settings.POSTGRES_PREPARED) PostgreSQL runs them as prepared statements."""
    results = []
    with connection.cursor() as cursor:
        for _name, _model, statement, _back in DETAIL_LISTS:
            cursor.execute(statement, [organisation_id])
            results.append(cursor.fetchall())
    return results


def organisation_detail_context(access: Access, org: Organisation) -> dict:
    """Everything the detail page (and the API's detail) shows, in a constant number of queries;
    relations only to organisations the user may see (registry.access.relations_visible_to).
    Plain SQL, loading what the ORM's related managers load (tests/registry/test_registry_loads.py):
    building their five queries cost ~5 ms of Python, the statements well under 1 ms."""
    relations_out, relations_in = relations_visible_to(access, org)
    using = read_alias(Organisation, instance=org)
    lists = {}
    for (name, model, _sql, points_back), rows in zip(DETAIL_LISTS, _list_rows(connections[using], org.pk), strict=True):
        lists[name] = each(rows, model, using=using)
        if points_back:  # row.organisation is org, no query, as after org.contacts.all()
            for row in lists[name]:
                model.organisation.field.set_cached_value(row, org)
    return {
        **lists,
        "assessments": {a.criterion: a for a in lists["assessments"]},
        "relations_out": relations_out,
        "relations_in": relations_in,
    }
