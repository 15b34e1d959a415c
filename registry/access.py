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
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from accounts.access import Access, permitted
from accounts.roles import Perm

from .models import ImportJob, Organisation, Relation

# Why a move is refused: the same words on the page and in the API.
MOVE_REFUSED = _("Organisationen kan kun flyttes mellem kommuner, hvor du må redigere aktørregistret.")


def organisations_visible_to(access: Access, perm: Perm = Perm.REGISTRY_VIEW) -> QuerySet[Organisation]:
    return Organisation.objects.filter(municipality_id__in=access.municipalities_with(perm))


def organisation_get(access: Access, public_id, perm: Perm = Perm.REGISTRY_VIEW) -> Organisation:
    """The organisation if the user may see it; 404 for missing and forbidden alike."""
    return get_object_or_404(
        organisations_visible_to(access, perm).select_related("municipality"),
        public_id=public_id,
    )


def relations_visible_to(access: Access, organisation: Organisation) -> tuple[list, list]:
    """The organisation's relations (out, in) whose other end the user may see: a relation to
    an organisation of another municipality (after a move) is left out, never named. One
    query for both directions, both ends loaded, in the order they were made."""
    visible = access.municipalities_with(Perm.REGISTRY_VIEW)
    rows = list(
        Relation.objects.filter(
            Q(source=organisation, target__municipality_id__in=visible)
            | Q(target=organisation, source__municipality_id__in=visible)
        )
        .select_related("source", "target")
        # the other end's name and address are all a relation shows (page and API)
        .only("kind", "note", "source", "target", "source__public_id", "source__name", "target__public_id", "target__name")
        .order_by("pk")
    )
    return (
        [r for r in rows if r.source_id == organisation.pk],
        [r for r in rows if r.target_id == organisation.pk],
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
