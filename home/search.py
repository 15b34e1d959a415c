"""The global search: organisations of the registry, programmes, and citizens for those who may
see them. A search that may return citizens is audited as a search (criterion and number of
hits, never a CPR number), like the caseload's name search.

Postings (market) and events (events) hook in through SEARCHABLE once those apps exist: each
entry is (title, function(access, text) -> queryset of results with `get_absolute_url`-free
rows the template links itself)."""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import Access
from accounts.roles import Perm
from pathways import access as pa
from pathways import privacy
from registry.selectors import organisation_search

MIN_LENGTH = 2
LIMIT = 20


@dataclass
class Hit:
    label: str
    url: str
    detail: str = ""


@dataclass
class Group:
    title: str
    hits: list[Hit]
    total: int


def may_search_citizens(access: Access) -> bool:
    return access.has(Perm.CITIZEN_VIEW) or access.has(Perm.PATHWAY_RUN)


def _organisations(access: Access, text: str) -> Group | None:
    if not access.has(Perm.REGISTRY_VIEW):
        return None
    qs = organisation_search(access, {"q": text})
    rows = list(qs[:LIMIT])
    hits = [Hit(o.name, reverse("registry:detail", args=[o.public_id]), o.municipality.name) for o in rows]
    return Group(_("Organisationer"), hits, len(rows) if len(rows) < LIMIT else qs.count())


def _programmes(access: Access, text: str) -> Group | None:
    qs = pa.programmes_visible(access).filter(name__icontains=text).select_related("provider").order_by("name", "pk")
    rows = list(qs[:LIMIT])
    if not rows and not (access.has(Perm.REFERRAL_CREATE) or access.has(Perm.PATHWAY_RUN)):
        return None
    hits = [Hit(p.name, reverse("pathways:programme", args=[p.public_id]), p.provider.name) for p in rows]
    return Group(_("Forløb"), hits, len(rows) if len(rows) < LIMIT else qs.count())


def _citizens(access: Access, text: str, by) -> Group | None:
    if not may_search_citizens(access):
        return None
    qs = (
        pa.citizens_visible_to(access)
        .filter(erased_at__isnull=True)
        .filter(Q(name__icontains=text))
        .order_by("name", "pk")
    )
    rows = list(qs[:LIMIT])
    total = len(rows) if len(rows) < LIMIT else qs.count()
    privacy.citizen_name_search(by=by, access=access, query=text, found=total)
    hits = [Hit(c.name, reverse("pathways:citizen", args=[c.public_id])) for c in rows]
    return Group(_("Borgere"), hits, total)


def search(access: Access, text: str, *, by) -> list[Group]:
    """Every group the user may search, in a fixed order; empty when the text is too short."""
    text = (text or "").strip()
    if len(text) < MIN_LENGTH:
        return []
    groups = [_organisations(access, text), _programmes(access, text), _citizens(access, text, by)]
    return [g for g in groups if g is not None]
