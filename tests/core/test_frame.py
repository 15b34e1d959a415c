"""The public-sector frame around every page: the municipality in the header, a main menu that
groups the sections and marks the current one, the help, privacy and accessibility pages, the
print stylesheet, and the one number filter every table uses."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from core.templatetags.brobyg import cpr, number, week
from core.templatetags.navigation import _menu_markup, build_menu, current_section


def test_the_header_names_the_users_municipality(world, client_for):
    page = client_for(world.users[Role.CASEWORKER]).get(reverse("home:home")).content.decode()
    assert '<span class="municipality-name">Kolding Kommune</span>' in page


def test_a_visitor_sees_no_municipality(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "municipality-name" not in page


@pytest.mark.parametrize("name", ["core:help", "core:privacy", "core:accessibility"])
def test_help_privacy_and_accessibility_pages_are_open_to_everyone(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"<h1>" in response.content


def test_every_page_links_to_help_privacy_and_the_accessibility_statement(world, client_for):
    page = client_for(world.users[Role.PROVIDER]).get(reverse("home:home")).content.decode()
    for name in ("core:help", "core:privacy", "core:accessibility"):
        assert f'href="{reverse(name)}"' in page


def test_the_accessibility_statement_names_the_enforcement_body(client):
    page = client.get(reverse("core:accessibility")).content.decode()
    assert "Digitaliseringsstyrelsen" in page and "WCAG 2.1" in page


def _menu_links(page: str) -> list[str]:
    menu = page[page.index('<ul class="mainmenu">') : page.index("</nav>")]
    return re.findall(r'<a class="nav-link" href="([^"]+)"', menu)


def test_the_administrators_sections_are_grouped_into_seven_top_entries(world, client_for):
    page = client_for(world.users[Role.ADMIN]).get(reverse("home:home")).content.decode()
    menu = page[page.index('<ul class="mainmenu">') : page.index("</nav>")]
    top = re.findall(r"^<li", menu, flags=re.M)
    assert len(top) <= 7
    assert "Erhverv og netværk" in menu
    assert reverse("accounts:users") in _menu_links(page)


def test_the_current_section_is_marked_for_assistive_technology(world, client_for):
    client = client_for(world.users[Role.CONSULTANT])
    page = client.get(reverse("registry:list")).content.decode()
    assert f'<a class="nav-link" href="{reverse("registry:list")}" aria-current="page">' in page
    detail = client.get(reverse("registry:detail", args=[world.company.public_id])).content.decode()
    assert f'<a class="nav-link" href="{reverse("registry:list")}" aria-current="true">' in detail
    menu = detail[detail.index('<ul class="mainmenu">') : detail.index("</nav>")]
    assert menu.count("aria-current=") == 1


def test_the_menu_is_rendered_once_per_combination_and_follows_rights_and_language(world, client_for):
    """The menu's markup is kept per process (navigation._menu_markup) by what decides it: a
    second page of the same section reuses it; other rights, another language or the section's
    own address give their own."""
    _menu_markup.cache_clear()
    consultant = client_for(world.users[Role.CONSULTANT])
    first = consultant.get(reverse("registry:detail", args=[world.company.public_id])).content.decode()
    second = consultant.get(reverse("registry:detail", args=[world.provider.public_id])).content.decode()
    assert _menu_markup.cache_info().hits == 1 and _section(first) == _section(second)
    caseworker = client_for(world.users[Role.CASEWORKER]).get(reverse("home:home")).content.decode()
    assert reverse("registry:import") in _section(first) and reverse("registry:import") not in _section(caseworker)
    consultant.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = consultant.get(reverse("registry:detail", args=[world.company.public_id])).content.decode()
    assert "Overblik" in _section(first) and "Overblik" not in _section(english)
    listing = consultant.get(reverse("registry:list")).content.decode()
    assert 'aria-current="page"' in _section(listing) and 'aria-current="page"' not in _section(english)


def _section(page: str) -> str:
    return page[page.index('<ul class="mainmenu">') : page.index("</nav>")]


def test_a_page_belongs_to_the_section_with_the_longest_matching_name():
    assert current_section("registry", "import_preview") == "import"
    assert current_section("registry", "detail") == "registry"
    assert current_section("accounts", "users") == "users"
    assert current_section("accounts", "profile") is None


def test_a_group_of_one_section_is_just_that_section():
    menu = build_menu({"registry": True}, "registry", "list", reverse("registry:list"))
    assert [entry.label for entry in menu] == ["Overblik", "Aktørregister"]
    assert not menu[1].children and menu[1].current_page


def test_print_leaves_out_the_menu_and_the_buttons():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "brobyg.css").read_text()
    print_rules = css[css.index("@media print") :]
    for selector in (".navigation-menu", ".button", ".footer"):
        assert selector in print_rules


@pytest.mark.parametrize(
    ("value", "spec", "shown"),
    [
        (10000, "", "10.000"),
        (Decimal("11218.448"), "", "11.218,45"),
        (Decimal("11218.448"), "1", "11.218,4"),
        (Decimal("87.34"), "forløb", "87,34\u00a0forløb"),
        (24, "pr. år", "24\u00a0pr. år"),
        (Decimal("1234.5"), "2 kr.", "1.234,50\u00a0kr."),
        (Decimal("0.50"), "", "0,5"),
        (None, "", "–"),
    ],
)
def test_numbers_are_danish_with_thousands_points_and_units(value, spec, shown):
    with translation.override("da"):
        assert number(value, spec) == shown


def test_a_cpr_number_shows_with_its_dash():
    assert cpr("0101901234") == "010190-1234"
    assert cpr("010190-XXXX") == "010190-XXXX"


def test_a_week_reads_as_danish_users_say_it():
    with translation.override("da"):
        assert week(datetime.date(2026, 12, 2)) == "uge 49, 2026"
