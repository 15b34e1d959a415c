"""Who sees and changes which organisation of the actor registry. Built on
accounts.access.Access; pages, the API, exports and imports all decide through here.

- REGISTRY_VIEW: the organisations of the municipalities where the user holds it;
- REGISTRY_EDIT: create, change and delete any organisation of those municipalities, and move
  one between two municipalities where the user holds it (registry.services enforces the move);
- REGISTRY_EDIT_OWN: change the user's own organisations, never delete or move them;
- REGISTRY_EXPORT / REGISTRY_IMPORT: export and import in the municipalities where held.
An organisation of another municipality answers 404, as if it did not exist; one the user sees
but may not change answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.access import Access, permitted
from accounts.roles import Perm
from core.sql_models import columns, fetch, instances, placeholders, read_alias
from tenants.models import Municipality

from .models import ImportJob, Organisation, Relation

# Why a move is refused: the same words on the page and in the API.
MOVE_REFUSED = _("Organisationen kan kun flyttes mellem kommuner, hvor du må redigere aktørregistret.")


def organisations_visible_to(access: Access, perm: Perm = Perm.REGISTRY_VIEW) -> QuerySet[Organisation]:
    return Organisation.objects.filter(municipality_id__in=access.municipalities_with(perm))


def organisation_get(access: Access, public_id, perm: Perm = Perm.REGISTRY_VIEW) -> Organisation:
    """The organisation, its municipality loaded, if the user may see it; 404 for missing and
    forbidden alike. One plain SQL statement: every organisation page and API call asks, and
    the ORM's get() cost ~2 ms of Python (tests/registry/test_registry_loads.py holds it to
    the ORM's answer)."""
    visible = access.municipalities_with(perm)
    if not visible:
        raise Http404
    using = read_alias(Organisation)
    key = Organisation._meta.get_field("public_id").get_db_prep_value(public_id, connections[using])
    rows = fetch(
        f"SELECT {columns(Organisation, 'o')}, {columns(Municipality, 'm')}"  # noqa: S608 - the models' own names
        " FROM registry_organisation o JOIN tenants_municipality m ON m.id = o.municipality_id"
        f" WHERE o.public_id = %s AND o.municipality_id IN ({placeholders(visible)})",
        [key, *visible],
        using,
    )
    if not rows:
        raise Http404
    org, org.municipality = instances(rows[0], Organisation, Municipality, using=using)
    return org


# the other end of a relation: its name and address are all a relation shows (page and API)
_END_FIELDS = ("id", "public_id", "name")
_END = (Organisation, _END_FIELDS)


def relations_visible_to(access: Access, organisation: Organisation) -> tuple[list, list]:
    """The organisation's relations (out, in) whose other end the user may see: a relation to
    an organisation of another municipality (after a move) is left out, never named. One
    statement for both directions, both ends loaded (their id, address and name), in the
    order they were made."""
    visible = access.municipalities_with(Perm.REGISTRY_VIEW)
    if not visible:
        return [], []
    using = read_alias(Relation, instance=organisation)
    among = placeholders(visible)
    rows = fetch(
        f"SELECT {columns(Relation, 'r')}, {columns(Organisation, 's', _END_FIELDS)}, {columns(Organisation, 't', _END_FIELDS)}"  # noqa: S608 - the models' own names
        " FROM registry_relation r"
        " JOIN registry_organisation s ON s.id = r.source_id"
        " JOIN registry_organisation t ON t.id = r.target_id"
        f" WHERE (r.source_id = %s AND t.municipality_id IN ({among}))"
        f" OR (r.target_id = %s AND s.municipality_id IN ({among}))"
        " ORDER BY r.id",
        [organisation.pk, *visible, organisation.pk, *visible],
        using,
    )
    relations = []
    for row in rows:
        relation, relation.source, relation.target = instances(row, Relation, _END, _END, using=using)
        relations.append(relation)
    return (
        [r for r in relations if r.source_id == organisation.pk],
        [r for r in relations if r.target_id == organisation.pk],
    )


def can_edit(access: Access, organisation: Organisation) -> bool:
    municipality_id = organisation.municipality_id
    if access.has(Perm.REGISTRY_EDIT, municipality_id):
        return True
    return access.has(Perm.REGISTRY_EDIT_OWN, municipality_id) and organisation.pk in access.organisation_ids


def can_delete(access: Access, organisation: Organisation) -> bool:
    return access.has(Perm.REGISTRY_EDIT, organisation.municipality_id)


def organisation_for_edit(access: Access, public_id) -> Organisation:
    """A visible organisation the user may change; one they see but may not change: 403."""
    return permitted(access, organisation_get(access, public_id), can_edit, PermissionDenied)


def move_targets(access: Access, organisation: Organisation) -> list[int]:
    """The municipalities the organisation may be in after the user's edit: its own, plus,
    when the user holds REGISTRY_EDIT there, every municipality where they hold it."""
    if not access.has(Perm.REGISTRY_EDIT, organisation.municipality_id):
        return [organisation.municipality_id]
    return sorted({organisation.municipality_id, *access.municipalities_with(Perm.REGISTRY_EDIT)})


def can_move(access: Access, organisation: Organisation, municipality_id: int) -> bool:
    return municipality_id in move_targets(access, organisation)


def import_municipalities(access: Access) -> list[int]:
    """Where the user may import organisations (the page, the command and the parser's check
    of every row's municipality code)."""
    return access.municipalities_with(Perm.REGISTRY_IMPORT)


def import_jobs_visible_to(access: Access) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(municipality_id__in=import_municipalities(access))


def contact_municipalities(access: Access) -> list[int]:
    """Whose contact persons (people's names, e-mails, phones) an Excel export includes: the
    municipalities where the user may edit the registry."""
    return access.municipalities_with(Perm.REGISTRY_EDIT)
