"""Who may do what where. Every page, export and API call goes through these helpers.

A user's permissions are per municipality: the union of the permissions of the roles they hold
in organisations of that municipality. Records of a municipality where the user holds no
permission are invisible (404, same as missing), never 403.
"""

from collections import defaultdict
from functools import cached_property

from django.db import connection
from django.http import Http404

from .roles import ROLE_PERMISSIONS, Perm

# accounts_membership → registry_organisation → tenants_municipality (accounts.models.Membership)
MEMBERSHIP_ROWS = (
    "SELECT m.organisation_id, o.municipality_id, m.role, t.name"
    " FROM accounts_membership m"
    " JOIN registry_organisation o ON o.id = m.organisation_id"
    " JOIN tenants_municipality t ON t.id = o.municipality_id"
    " WHERE m.user_id = %s ORDER BY m.id"
)


class Access:
    """A user's resolved permissions, computed once per request (one small query)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def _rows(self) -> list[tuple[int, int, str, str]]:
        """(organisation, municipality, role, municipality name) of each membership, in the order
        they were made. Plain SQL: every signed-in request asks, and building the same query
        through the ORM cost seven times the statement (tests/accounts/test_request_loads.py
        holds it to the ORM's answer)."""
        if not self.user.is_authenticated or not self.user.is_active:
            return []
        with connection.cursor() as cursor:
            cursor.execute(MEMBERSHIP_ROWS, [self.user.pk])
            return [tuple(row) for row in cursor.fetchall()]

    @cached_property
    def _memberships(self) -> list[tuple[int, int, str]]:
        return [(org, municipality, role) for org, municipality, role, _name in self._rows]

    @cached_property
    def municipality_names(self) -> list[str]:
        """The names of the municipalities the user holds a role in (the page header's), from
        the same query as the permissions."""
        return sorted({name for *_ids, name in self._rows})

    @cached_property
    def first_municipality_id(self) -> int | None:
        """The municipality of the user's first membership (audit rows of reads not tied to a
        record are filed there), None without one."""
        return self._memberships[0][1] if self._memberships else None

    def holds_role(self, role: str, municipality_id: int) -> bool:
        """True when the user holds `role` in an organisation of the municipality."""
        return any(r == role and m == municipality_id for _o, m, r in self._memberships)

    @cached_property
    def _perms_by_municipality(self) -> dict[int, set[Perm]]:
        perms: dict[int, set[Perm]] = defaultdict(set)
        for _org, municipality_id, role in self._memberships:
            perms[municipality_id] |= ROLE_PERMISSIONS.get(role, frozenset())
        return perms

    @cached_property
    def organisation_ids(self) -> set[int]:
        return {org for org, _m, _r in self._memberships}

    @cached_property
    def roles(self) -> set[str]:
        return {role for _o, _m, role in self._memberships}

    def organisations_with(self, perm: Perm) -> list[int]:
        """Organisations in which the user holds a role that carries `perm`."""
        return sorted({org for org, _m, role in self._memberships if perm in ROLE_PERMISSIONS.get(role, frozenset())})

    def municipalities_with(self, perm: Perm) -> list[int]:
        return sorted(m for m, perms in self._perms_by_municipality.items() if perm in perms)

    def has(self, perm: Perm, municipality_id: int | None = None) -> bool:
        if municipality_id is None:
            return any(perm in perms for perms in self._perms_by_municipality.values())
        return perm in self._perms_by_municipality.get(municipality_id, set())

    def require(self, perm: Perm, municipality_id: int | None = None) -> None:
        """Deny by default: 404 when the user holds the permission nowhere (or not in that
        municipality), so existence is not revealed."""
        if not self.has(perm, municipality_id):
            raise Http404


def permitted(access: Access, record, may, refuse: type[Exception] = Http404):
    """`record` when `may(access, record)` holds; else raise `refuse`. A record the user sees
    but may not act on answers 404 on pages (the default) and 403 in the API
    (refuse=PermissionDenied)."""
    if not may(access, record):
        raise refuse
    return record


def access_for(request) -> Access:
    """The request's Access, cached on the request."""
    cached = getattr(request, "_brobyg_access", None)
    if cached is None or cached.user is not request.user:
        cached = Access(request.user)
        request._brobyg_access = cached
    return cached
