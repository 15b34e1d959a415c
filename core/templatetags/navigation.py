"""The main menu (templates/core/_main_menu.html) and the header's municipality.

What a user may open comes from `nav` (home.context_processors, computed from the same Access as
the views); this module only arranges it: groups of related sections become one dkfds submenu so
the administrator's fifteen sections fit one row at 1366 px, and the section of the current page
is marked (class "active" for dkfds, aria-current for assistive technology).
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()


@dataclass(frozen=True)
class Section:
    key: str  # the `nav` flag that shows it
    label: str
    url_name: str  # or, for "pathways_home", the nav value holds the URL name
    # (namespace, url-name prefix): the pages of this section; the longest prefix wins
    pages: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Group:
    label: str
    sections: tuple[Section, ...]
    key: str = ""


@dataclass
class Entry:
    label: str
    url: str = ""
    active: bool = False
    current_page: bool = False
    children: list["Entry"] = field(default_factory=list)
    key: str = ""


MENU: tuple[Section | Group, ...] = (
    Section("home", _("Overblik"), "home:home", (("home", ""),)),
    Group(
        _("Aktører"),
        (
            Section("registry", _("Aktørregister"), "registry:list", (("registry", ""),)),
            Section("mapping", _("Kortlægning"), "mapping:report", (("mapping", ""),)),
            Section("import", _("Import"), "registry:import", (("registry", "import"),)),
        ),
        key="actors",
    ),
    Section("pathways_home", _("Borgerforløb"), "", (("pathways", ""),)),
    Group(
        _("Aftaler og økonomi"),
        (
            Section("agreements", _("Rammeaftaler"), "agreements:list", (("agreements", ""),)),
            Section("contracts", _("Resultatkontrakter"), "contracts:list", (("contracts", ""),)),
            Section("reports", _("Evalueringsrapporter"), "reports:list", (("reports", ""),)),
        ),
        key="economy",
    ),
    Group(
        _("Erhverv og netværk"),
        (
            Section("partnerships", _("Partnerskaber"), "partnerships:index", (("partnerships", ""),)),
            Section("accelerator", _("Accelerator"), "accelerator:index", (("accelerator", ""),)),
            Section("events", _("Arrangementer"), "events:index", (("events", ""),)),
            Section("market", _("Udbud"), "market:index", (("market", ""),)),
        ),
        key="business",
    ),
    Section("plans", _("Strategi"), "plans:index", (("plans", ""),)),
    Group(
        _("Administration"),
        (
            Section("users", _("Brugere"), "accounts:users", (("accounts", "user"),)),
            Section("audit", _("Revisionsspor"), "audit:list", (("audit", ""),)),
        ),
        key="admin",
    ),
)


def _sections():
    for item in MENU:
        yield from item.sections if isinstance(item, Group) else (item,)


def current_section(namespace: str, url_name: str) -> str | None:
    """The key of the section a page belongs to: the longest matching url-name prefix."""
    best, best_length = None, -1
    for section in _sections():
        for space, prefix in section.pages:
            if space == namespace and url_name.startswith(prefix) and len(prefix) > best_length:
                best, best_length = section.key, len(prefix)
    return best


def _address(section: Section, nav: dict) -> str | None:
    """The section's address when the user may open it (None when not, or when its app is
    still being built: left out rather than breaking every page)."""
    flag = nav.get(section.key) if section.key != "home" else True
    if not flag:
        return None
    name = flag if section.key == "pathways_home" else section.url_name
    return _section_url(name, get_urlconf(), get_script_prefix())


def _entry(section: Section, nav: dict, current: str | None, path: str) -> Entry | None:
    url = _address(section, nav)
    if url is None:
        return None
    active = section.key == current
    return Entry(str(section.label), url, active, active and url == path, key=section.key)


@lru_cache(maxsize=256)
def _section_url(url_name: str, urlconf, script_prefix: str) -> str | None:
    """A section's address, reversed once per process (every page draws the menu; reversing a
    dozen names was a tenth of a small page's CPU). The URLconf and the script prefix are part
    of the key, so a test's override or a deployment under a prefix gets its own."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def build_menu(nav: dict, namespace: str, url_name: str, path: str) -> list[Entry]:
    return _build(nav, current_section(namespace, url_name), path)


def _build(nav: dict, current: str | None, path: str) -> list[Entry]:
    menu: list[Entry] = []
    for item in MENU:
        if isinstance(item, Section):
            entry = _entry(item, nav, current, path)
            if entry:
                menu.append(entry)
            continue
        children = [e for e in (_entry(s, nav, current, path) for s in item.sections) if e]
        if len(children) == 1:  # a group of one is just that section
            menu.append(children[0])
        elif children:
            active = any(child.active for child in children)
            menu.append(Entry(str(item.label), active=active, children=children, key=item.key))
    return menu


@register.simple_tag(takes_context=True)
def main_menu(context) -> str:
    """The menu's markup (core/_main_menu.html). It depends only on what the user may open, the
    language, the current section and whether the page is that section's own address, so each
    such combination is rendered once per process (it was 0.4 ms of every page)."""
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    current = current_section(match.namespace, match.url_name or "") if match else None
    nav = context.get("nav") or {}
    # the one path that changes the markup: the current section's own address (aria-current="page")
    section = next((s for s in _sections() if s.key == current), None)
    at_section = section is not None and request.path == _address(section, nav)
    shown = tuple(sorted((key, value) for key, value in nav.items() if value))
    return _menu_markup(
        shown, get_language(), current, request.path if at_section else "", get_urlconf(), get_script_prefix()
    )


@lru_cache(maxsize=1024)
def _menu_markup(shown, language, current, path, urlconf, prefix) -> str:
    # urlconf and prefix only key the cache: _build reads them again through _section_url
    menu = _build(dict(shown), current, path)
    return mark_safe(render_to_string("core/_main_menu.html", {"menu": menu}))  # noqa: S308 - a template's output


@register.simple_tag(takes_context=True)
def municipality_name(context) -> str:
    """The municipality (tenant) whose platform this is, for the header: the user's, or
    nothing for a visitor. The navigation context processor puts the names in the context
    (`tenant_names`, from the query that also gives the user's permissions); without it, one
    small query through the user's memberships."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return ""
    names = context.get("tenant_names")
    if names is None:
        names = sorted(set(user.memberships.values_list("organisation__municipality__name", flat=True)))
    return " · ".join(f"{name} Kommune" for name in names)
