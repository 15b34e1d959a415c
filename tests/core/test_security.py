"""Security headers, no inline script or style (so the CSP can forbid them), and the production
settings: `check --deploy` clean, HSTS on secure requests, HTTPS redirect, secure cookies."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import Role
from core.crypto import new_key

ROOT = Path(settings.BASE_DIR)


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize("who", ["anonymous", "consultant"])
def test_pages_carry_the_security_headers(world, client, client_for, who):
    if who == "anonymous":
        response = client.get(reverse("accounts:login"))
    else:
        response = client_for(world.users[Role.CONSULTANT]).get(reverse("registry:list"))
    assert response.status_code == 200
    csp = csp_directives(response)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in csp[directive] and "'unsafe-eval'" not in csp[directive]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_a_404_carries_the_headers_too(world, client_for):
    response = client_for(world.users[Role.CONSULTANT]).get("/register/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


def page_urls(world) -> list[str]:
    org = world.social_enterprise
    return [
        reverse("home:home"),
        reverse("registry:list"),
        reverse("registry:create"),
        reverse("registry:detail", args=[org.public_id]),
        reverse("registry:edit", args=[org.public_id]),
        reverse("registry:assessment", args=[org.public_id]),
        reverse("registry:staffing_add", args=[org.public_id]),
        reverse("registry:contact_add", args=[org.public_id]),
        reverse("registry:relation_add", args=[org.public_id]),
        reverse("audit:list"),
        reverse("accounts:profile"),
        reverse("accounts:users"),
    ]


def test_no_page_has_inline_script_or_style_the_csp_would_block(world, client, client_for):
    admin = client_for(world.users[Role.ADMIN])
    pages = [(url, admin.get(url)) for url in page_urls(world)]
    pages.append((reverse("accounts:login"), client.get(reverse("accounts:login"))))
    pages.append((reverse("accounts:password_reset"), client.get(reverse("accounts:password_reset"))))
    for url, response in pages:
        assert response.status_code == 200, url
        body = response.content.decode()
        for pattern in (INLINE_SCRIPT, STYLE_ATTRIBUTE, STYLE_BLOCK, EVENT_HANDLER):
            match = pattern.search(body)
            assert match is None, f"{url}: {match.group(0) if match else ''}"


# Production settings, each in a fresh interpreter.


def production_env(**extra) -> dict:
    dropped = ("DATABASE_URL", "DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="brobyg.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        FIELD_ENCRYPTION_KEYS=f"k1:{new_key()}",
        BLIND_INDEX_KEY=new_key(),
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603


def test_check_deploy_passes_for_the_production_settings():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("key", ["", "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"])
def test_production_refuses_to_start_without_a_real_secret_key(key):
    result = run([sys.executable, "manage.py", "check"], production_env(SECRET_KEY=key))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "keys",
    [
        {"FIELD_ENCRYPTION_KEYS": ""},
        {"FIELD_ENCRYPTION_KEYS": "dev:ZGV2LW9ubHktZmllbGQta2V5LWRvLW5vdC11c2UtISE="},
        {"BLIND_INDEX_KEY": ""},
    ],
)
def test_production_refuses_to_start_without_real_cpr_keys(keys):
    result = run([sys.executable, "manage.py", "check"], production_env(**keys))
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
secure = client.get("/healthz", secure=True)
plain = client.get("/healthz")
print(json.dumps({
    "secure_status": secure.status_code,
    "hsts": secure.headers.get("Strict-Transport-Security"),
    "csp": secure.headers.get("Content-Security-Policy"),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
    "plain_hsts": plain.headers.get("Strict-Transport-Security"),
    "debug": settings.DEBUG,
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY],
}))
"""


def test_production_sends_hsts_on_secure_requests_and_redirects_plain_http():
    result = run([sys.executable, "-c", PROBE], production_env())
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["secure_status"] == 200
    assert probe["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "frame-ancestors 'none'" in probe["csp"]
    assert probe["plain_status"] == 301 and probe["plain_location"] == "https://testserver/healthz"
    assert probe["plain_hsts"] is None
    assert probe["debug"] is False
    assert probe["cookies"] == [True, True, True]


def test_the_test_settings_send_no_hsts(client, db):
    assert "Strict-Transport-Security" not in client.get(reverse("core:healthz"), secure=True).headers
