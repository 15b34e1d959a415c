"""English as the switchable second language: Danish is the source language and the default
whatever the browser asks for; the language cookie (set by POSTing to set_language) switches
the UI to English from locale/en/LC_MESSAGES/django.po. The catalogue must stay complete: no
untranslated or fuzzy entries, placeholders kept, and every literal msgid in the source present
(run makemessages -l en … and translate the new entries when a test here fails)."""

import ast
import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation.reloader import translation_file_changed

from accounts.roles import Role
from registry import services

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# Apps of their own catalogue (scripts/messages.sh): Django merges them with the project's.
APP_POS = sorted(ROOT.glob("*/locale/en/LC_MESSAGES/django.po"))
ALL_POS = [PO, *[po for po in APP_POS if po != PO]]
# Update the catalogue with (then translate every new or fuzzy entry):
#   manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles \
#       --ignore=bench --ignore=outcomes --no-obsolete
IGNORED = {".venv", "node_modules", "staticfiles", "bench", "outcomes"}


def source_files(*suffixes: str, under: str = "") -> list[Path]:
    """Files makemessages reads: skips the ignored directories and hidden ones."""
    found = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in IGNORED and not d.startswith(".")]
        if under and under not in Path(dirpath).relative_to(ROOT).parts:
            continue
        found += [Path(dirpath) / name for name in filenames if name.endswith(suffixes)]
    return found


@pytest.fixture(scope="session")
def english_catalogue():
    """Compile the .mo (gitignored) when it is missing or older than the .po, and make Django
    forget any catalogue it already loaded in this process."""
    stale = [
        po
        for po in ALL_POS
        if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        if shutil.which("msgfmt") is None:
            pytest.skip("GNU gettext (msgfmt) is not installed: cannot compile the English catalogue")
        # locale=["en"] and ignore "*" : compile only our catalogue (LOCALE_PATHS), never walk
        # into .venv or node_modules; the apps' own catalogues one by one.
        call_command("compilemessages", locale=["en"], ignore_patterns=["*"], verbosity=0)
        for po in ALL_POS[1:]:
            polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))
        translation_file_changed(sender=None, file_path=MO)
    return MO


@pytest.fixture
def staffed(world, english_catalogue):
    """Café Bro with 3 of 10 employees in flexjobs: 30 % on special terms."""
    services.staffing_set(
        by=world.users[Role.CONSULTANT],
        organisation=world.social_enterprise,
        year=2024,
        data={"employees_total": 10, "fleksjob": 3},
    )
    return world


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, url, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response.content.decode()


# --- pages in English with the cookie, Danish without it ---------------------------------


def test_the_login_page_is_english_with_the_language_cookie(client, english_catalogue):
    html = page(english(client), reverse("accounts:login"))
    assert '<html lang="en">' in html
    assert "Log in to Brobyg" in html
    assert "Forgotten your password?" in html
    assert "Log ind på Brobyg" not in html


def test_the_home_page_is_english_with_the_language_cookie(staffed, client_for):
    html = page(english(client_for(staffed.users[Role.CONSULTANT])), reverse("home:home"))
    assert "Welcome, " in html
    assert "Your roles" in html
    assert "Go to the actor registry" in html
    assert "Actor registry" in html  # main menu
    assert "Business and social economy consultant" in html  # the role's label
    for danish in ("Aktørregister", "Dine roller", "Velkommen", "Log ud"):
        assert danish not in html


def test_the_registry_list_is_english_with_english_numbers(staffed, client_for):
    html = page(english(client_for(staffed.users[Role.CONSULTANT])), reverse("registry:list"))
    assert "<h1>Actor registry</h1>" in html
    assert "Organisations in the registry" in html
    assert "Special terms" in html
    assert "Social-economic enterprise" in html  # Kind label of Café Bro
    assert "30.0 %" in html  # decimal point in English
    assert "30,0 %" not in html
    assert "Aktørregister" not in html
    assert "Særlige vilkår" not in html


def test_the_registry_list_is_danish_without_the_cookie_even_for_an_english_browser(staffed, client_for):
    client = client_for(staffed.users[Role.CONSULTANT])
    response = client.get(reverse("registry:list"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.headers["Content-Language"] == "da"
    assert '<html lang="da">' in html
    assert "<h1>Aktørregister</h1>" in html
    assert "30,0 %" in html  # decimal comma in Danish
    assert "30.0 %" not in html
    assert "Actor registry" not in html


def test_an_organisation_page_is_english_with_the_language_cookie(staffed, client_for):
    url = reverse("registry:detail", args=[staffed.social_enterprise.public_id])
    html = page(english(client_for(staffed.users[Role.CONSULTANT])), url)
    assert "Basic details" in html
    assert "Contact persons" in html
    assert "Social-economic criteria (RSV)" in html
    assert "Latest year 2024: 30.0 % of the employees are on special terms." in html
    for danish in ("Stamdata", "Kontaktpersoner", "Seneste år", "Aktørregister"):
        assert danish not in html


def test_the_mapping_report_is_english_with_the_language_cookie(staffed, client_for):
    url = reverse("mapping:detail", args=[staffed.kolding.slug])
    html = page(english(client_for(staffed.users[Role.CONSULTANT])), url)
    assert f"Mapping of the social economy in {staffed.kolding.name}" in html
    assert "The actors in the municipality" in html
    assert "Stakeholder analysis" in html
    assert "Employment on special terms" in html
    for danish in ("Kortlægning af socialøkonomien", "Interessentanalyse", "Aktørregister"):
        assert danish not in html


def test_the_mapping_report_is_danish_without_the_cookie(staffed, client_for):
    url = reverse("mapping:detail", args=[staffed.kolding.slug])
    html = page(client_for(staffed.users[Role.CONSULTANT]), url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert f"Kortlægning af socialøkonomien i {staffed.kolding.name}" in html
    assert "Stakeholder analysis" not in html


def test_posting_to_set_language_switches_the_next_page_to_english(staffed, client_for):
    client = client_for(staffed.users[Role.CONSULTANT])
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("registry:list")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "<h1>Actor registry</h1>" in page(client, response.headers["Location"])
    client.post(reverse("set_language"), {"language": "da", "next": reverse("registry:list")})
    assert "<h1>Aktørregister</h1>" in page(client, reverse("registry:list"))


def test_an_unsupported_language_cookie_falls_back_to_danish(staffed, client_for):
    client = client_for(staffed.users[Role.CONSULTANT])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert "<h1>Aktørregister</h1>" in page(client, reverse("registry:list"))


# --- the catalogue itself -------------------------------------------------------------------


def every_entry() -> list[polib.POEntry]:
    return [e for po in ALL_POS for e in polib.pofile(str(po))]


@pytest.mark.parametrize("path", ALL_POS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_catalogue_has_no_untranslated_or_fuzzy_entries(path):
    po = polib.pofile(str(path))
    entries = [e for e in po if not e.obsolete]
    untranslated = [e.msgid for e in po.untranslated_entries()]
    partial_plurals = [e.msgid for e in entries if e.msgid_plural and not all(e.msgstr_plural.values())]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert len(entries) > (500 if path == PO else 0)
    assert untranslated == [], f"untranslated: {untranslated[:10]}"
    assert partial_plurals == [], f"plural forms missing: {partial_plurals[:10]}"
    assert fuzzy == [], f"fuzzy: {fuzzy[:10]}"
    assert po.metadata["Language"] == "en"
    assert "nplurals=2" in po.metadata["Plural-Forms"]


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%|\{\{\s*\w+\s*\}\}")


def test_every_translation_keeps_the_placeholders_of_its_msgid():
    wrong = []
    for e in every_entry():
        pairs = (
            [(e.msgid, e.msgstr)]
            if not e.msgid_plural
            else [(e.msgid_plural if n else e.msgid, text) for n, text in e.msgstr_plural.items()]
        )
        for source, text in pairs:
            want = sorted(set(PLACEHOLDER.findall(source)))
            # a singular form may leave out the count (e.g. "The first row"): only require a subset there
            got = sorted(set(PLACEHOLDER.findall(text)))
            if got != want and not (e.msgid_plural and source == e.msgid and set(got) <= set(want)):
                wrong.append((source, text))
    assert wrong == []


def python_literals() -> set[str]:
    """Single-literal gettext calls in the Python source, as makemessages sees them."""
    found = set()
    names = {"_", "gettext", "gettext_lazy", "gettext_noop"}
    for path in source_files(".py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in names
                and len(node.args) == 1
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


TEMPLATE_LITERAL = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.+?)\1|[\s:(]_\((["'])(.+?)\3\)""")


def template_literals() -> set[str]:
    found = set()
    for path in source_files(".html", ".txt", under="templates"):
        for match in TEMPLATE_LITERAL.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(2) or match.group(4))
    return found


def test_every_literal_msgid_in_the_source_is_in_the_catalogue():
    known = {e.msgid for e in every_entry() if not e.obsolete}
    missing = sorted(
        text
        for text in python_literals() | template_literals()
        # the template tag doubles % when extracting; Python keeps the string as written
        if text not in known and text.replace("%", "%%") not in known
    )
    assert missing == [], (
        f"{len(missing)} strings are not in the English catalogue, e.g. {missing[:5]}: run "
        "manage.py makemessages -l en (see tests/core/test_i18n.py) and translate them"
    )
